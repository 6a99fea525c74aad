"""Input and output schemas of the programmes API (``programmes/api.py``).

Every name starts with ``Programme``: the OpenAPI document files schemas by class name.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from leizu.core.schemas import (
    Id,
    MultilingualLine,
    MultilingualParagraphs,
    MultilingualText,
    Text,
    Version,
    unchanged,
)
from leizu.programmes.models import Confidence, CreditSystem, EntryKind, EntryStatus

IscedField = Annotated[str, Field(pattern=r"^[0-9]{4}$", description="An ISCED-F 2013 field")]


class ProgrammeCatalogueOut(Schema):
    id: int
    country: str = Field(description="ISO 3166-1 alpha-2")
    classifier: str
    edition: str
    name: MultilingualText
    source: MultilingualText
    shipped: bool = Field(description="Reference data shipped with Leizu")
    programme_count: int


class ProgrammeCatalogueCodeOut(Schema):
    id: int
    catalogue_id: int
    code: str
    kind: EntryKind
    parent_id: int | None
    level: str = Field(description="The national level of education the code belongs to")
    name: MultilingualText
    edition: str = Field(description="The edition that added the code")
    status: EntryStatus = Field(description="Whether independent sources agree on the code")
    sources: str
    isced_f: str = Field(description="Its ISCED-F 2013 field; empty where none is given")
    isced_confidence: Confidence | None
    isced_basis: str = Field(description="Why this field (English)")

    @staticmethod
    def resolve_isced_confidence(obj: object) -> str | None:
        return getattr(obj, "isced_confidence", "") or None


class ProgrammeCatalogueCodeFilter(Schema):
    level: Annotated[str, Field(max_length=40)] | None = None
    field: IscedField | None = Field(None, description="Programmes of this field (and above them)")
    q: Annotated[str, Field(max_length=100)] | None = Field(None, description="Code or name")


# Programmes ------------------------------------------------------------------------------------

LanguageOfInstruction = Literal["zh", "en", "ru", "kk", "uz", "ky", "tg", "tk", "de", "fr"]
IscoCode = Annotated[str, Field(pattern=r"^[0-9]{4}$", description="An ISCO-08 unit group")]
IscedLevel = Literal["", "3", "4", "5", "6", "7", "8"]
Years = Annotated[Decimal, Field(ge=Decimal("0.5"), le=Decimal("8"), decimal_places=1)]
Credits = Annotated[Decimal, Field(ge=Decimal("1"), le=Decimal("1000"), decimal_places=1)]
Headcount = Annotated[int, Field(ge=0, le=100_000)]


class ProgrammeGroupOut(Schema):
    id: int
    institution_id: int
    name: MultilingualText
    description: MultilingualText
    version: int


class ProgrammeGroupIn(Schema):
    institution_id: Id | None = Field(None, description="Empty: your own institution")
    name: MultilingualLine
    description: MultilingualParagraphs = Field(default_factory=dict)


class ProgrammeYearOut(Schema):
    year: int
    intake: int | None = Field(description="Students admitted")
    graduates: int | None
    version: int


class ProgrammeYearIn(Schema):
    intake: Headcount | None = None
    graduates: Headcount | None = None
    version: Version | None = Field(
        None, description="Required to correct a recorded year: the version you read"
    )


class ProgrammeOut(Schema):
    id: int
    institution_id: int
    group_id: int | None
    catalogue_code_id: int | None = Field(description="Its code in a programme catalogue")
    name: MultilingualText
    national_level: str
    isced_level: str
    eqf_level: int | None
    isced_f: str
    duration_years: Decimal | None
    credits: Decimal | None
    credit_system: CreditSystem | Literal[""]
    languages: list[str]
    occupations: list[str]
    years: list[ProgrammeYearOut]
    version: int

    @staticmethod
    def resolve_catalogue_code_id(obj: Any) -> int | None:
        return obj.catalogue_entry_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_years(obj: Any) -> list[Any]:
        return list(obj.years.all())


class ProgrammeIn(Schema):
    institution_id: Id | None = Field(None, description="Empty: your own institution")
    group_id: Id | None = None
    catalogue_code_id: Id | None = Field(None, description="Its code in a programme catalogue")
    name: MultilingualLine
    national_level: Annotated[str, Text(40)] = ""
    isced_level: IscedLevel = ""
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    isced_f: IscedField | Literal[""] = Field("", description="Empty: the catalogue code's field")
    duration_years: Years | None = None
    credits: Credits | None = None
    credit_system: CreditSystem | Literal[""] = ""
    languages: Annotated[list[LanguageOfInstruction], Field(max_length=10)] = Field(
        default_factory=list
    )
    occupations: Annotated[list[IscoCode], Field(max_length=20)] = Field(default_factory=list)


class ProgrammePatch(Schema):
    version: Version
    group_id: Id | None = None
    catalogue_code_id: Id | None = None
    name: MultilingualLine = unchanged()
    national_level: Annotated[str, Text(40)] = unchanged()
    isced_level: IscedLevel = unchanged()
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    isced_f: IscedField | Literal[""] = unchanged()
    duration_years: Years | None = None
    credits: Credits | None = None
    credit_system: CreditSystem | Literal[""] = unchanged()
    languages: Annotated[list[LanguageOfInstruction], Field(max_length=10)] = unchanged()
    occupations: Annotated[list[IscoCode], Field(max_length=20)] = unchanged()


class ProgrammeFilter(Schema):
    institution: Id | None = None
    field: IscedField | None = None
    group: Id | None = None


# Courses, learning outcomes, skills, adaptability ---------------------------------------------

LinkState = Literal["suggested", "confirmed", "rejected"]


class ProgrammeSkillLinkOut(Schema):
    id: int
    skill: str = Field(description="A skill of the taxonomy")
    score: float
    words: str = Field(description="The words of the outcome that named it")
    status: LinkState
    version: int


class ProgrammeOutcomeOut(Schema):
    id: int
    text: MultilingualText
    skills: list[ProgrammeSkillLinkOut]

    @staticmethod
    def resolve_skills(obj: Any) -> list[Any]:
        return list(obj.skills.all())


class ProgrammeCourseOut(Schema):
    id: int
    code: str
    name: MultilingualText
    hours: int | None
    credits: Decimal | None
    practice_share: int | None = Field(description="Share of practice in per cent")
    outcomes: list[ProgrammeOutcomeOut]

    @staticmethod
    def resolve_outcomes(obj: Any) -> list[Any]:
        return list(obj.outcomes.all())


class ProgrammeCourseIn(Schema):
    code: Annotated[str, Text(20)] = ""
    name: MultilingualLine
    hours: Annotated[int, Field(ge=1, le=2000)] | None = None
    credits: (
        Annotated[Decimal, Field(ge=Decimal("0.5"), le=Decimal("60"), decimal_places=1)] | None
    ) = None
    practice_share: Annotated[int, Field(ge=0, le=100)] | None = None
    order: Annotated[int, Field(ge=0, le=32_767)] = 0


class ProgrammeOutcomeIn(Schema):
    text: MultilingualLine
    order: Annotated[int, Field(ge=0, le=32_767)] = 0


class ProgrammeSkillReviewIn(Schema):
    status: Literal["confirmed", "rejected"]
    version: Version


class ProgrammeCoverageOut(Schema):
    occupation: str = Field(description="ISCO-08 unit group")
    coverage: float = Field(description="Share of its skill profile the group covers, 0 to 1")
