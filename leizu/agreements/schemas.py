"""Input and output schemas of the agreements API (``agreements/api.py``).

Every name starts with ``Agreement``: the OpenAPI document files schemas by class name, and the
visits API already has its own ``ApprovalStepOut`` and ``InstitutionRef``.
"""

import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from leizu.agreements.models import (
    AgreementKind,
    AgreementStage,
    AgreementState,
    CefrLevel,
    ConditionKind,
    DurationUnit,
    ProgrammeType,
    RenewalKind,
    VersionKind,
)
from leizu.core.schemas import (
    CountryCode,
    Day,
    Id,
    MultilingualLine,
    MultilingualParagraphs,
    MultilingualText,
    Text,
    Version,
    unchanged,
)

Ids = Annotated[list[Id], Field(max_length=200)]
# The bounds of the model's validators.
AcademicYear = Annotated[
    int, Field(ge=2000, le=2100, description="The year the academic year starts in")
]
RenewalYears = Annotated[int, Field(ge=1, le=50)]
DenounceDays = Annotated[int, Field(ge=0, le=3650)]
Places = Annotated[int, Field(ge=1, le=10_000)]
Duration = Annotated[int, Field(ge=1, le=366, description="At most 12 in months, 366 in days")]
IscedLevel = Literal["", "3", "4", "5", "6", "7", "8"]
Sha256 = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{64}$",
        description="The fingerprint you were shown (approval_status.sha256); a newer one is a 409",
    ),
]


# Output ------------------------------------------------------------------------------------------


class AgreementInstitutionRef(Schema):
    id: int
    name: MultilingualText
    country: str


class AgreementPartyOut(Schema):
    id: int
    agreement_id: int
    institution: AgreementInstitutionRef
    unit_id: int | None
    reference: str = Field(description="The party's own reference number")
    signatory_id: int | None = Field(description="A person of the party")
    signed_on: datetime.date | None
    signed_at: MultilingualText = Field(description="Where the party signed")
    order: int
    version: int


class AgreementConditionOut(Schema):
    id: int
    agreement_id: int
    kind: ConditionKind
    sending_id: int
    sending_unit_id: int | None
    receiving_id: int
    receiving_unit_id: int | None
    field_code: str = Field(description="ISCED-F 2013 field; empty: any field")
    isced_level: str = Field(description="ISCED 2011 level, or empty")
    national_level: MultilingualText
    places_per_year: int
    duration: int
    duration_unit: DurationUnit
    language: str = Field(description="Language of instruction, or empty")
    cefr_level: CefrLevel | Literal[""]
    first_year: int
    last_year: int
    academic_years: str = Field(description="As offices write them: 2026/27–2028/29")
    version: int

    @staticmethod
    def resolve_academic_years(obj: Any) -> str:
        return str(obj.academic_years())


class AgreementApprovalOut(Schema):
    id: int
    version_id: int
    party_id: int
    sha256: str = Field(description="The fingerprint of exactly what the party approved")
    approved_by_id: int | None
    approved_at: datetime.datetime
    comment: str


class AgreementVersionFileOut(Schema):
    file_name: str
    content_type: str
    size: int
    sha256: str
    url: str = Field(description="Download it (access-checked)")


class AgreementVersionOut(Schema):
    id: int
    agreement_id: int
    number: int
    kind: VersionKind
    text: MultilingualText
    note: str
    file: AgreementVersionFileOut | None
    created_at: datetime.datetime
    created_by_id: int | None
    approvals: list[AgreementApprovalOut] = Field(description="Every approval, the oldest first")

    @staticmethod
    def resolve_file(obj: Any) -> dict[str, Any] | None:
        if obj.file is None:
            return None
        return {
            "file_name": obj.file.original_name,
            "content_type": obj.file.content_type,
            "size": obj.file.size,
            "sha256": obj.file.sha256,
            "url": reverse("agreements:version_file", args=[obj.pk]),
        }

    @staticmethod
    def resolve_approvals(obj: Any) -> list[Any]:
        return sorted(obj.approvals.all(), key=lambda a: (a.approved_at, a.pk))


class AgreementPartyApprovalOut(Schema):
    party_id: int
    institution_id: int
    approved: bool = Field(description="The party approved the current version")
    holds: bool = Field(description="… and what it approved is still the content now")
    changed: list[str] = Field(description="What changed since, e.g. valid_until, conditions")
    approval: AgreementApprovalOut | None = Field(description="Its latest approval of it")

    @staticmethod
    def resolve_party_id(obj: Any) -> int:
        return int(obj.party.pk)

    @staticmethod
    def resolve_institution_id(obj: Any) -> int:
        return int(obj.party.institution_id)

    @staticmethod
    def resolve_approved(obj: Any) -> bool:
        return obj.approval is not None


class AgreementApprovalStatusOut(Schema):
    version_id: int | None = Field(description="The current text version; empty: none yet")
    version_number: int | None
    sha256: str = Field(description="The fingerprint of the current content, to approve it")
    by_all: bool = Field(description="Every party's approval holds")
    parties: list[AgreementPartyApprovalOut]

    @staticmethod
    def resolve_version_id(obj: Any) -> int | None:
        return obj.version.pk if obj.version is not None else None

    @staticmethod
    def resolve_version_number(obj: Any) -> int | None:
        return obj.version.number if obj.version is not None else None


class AgreementOut(Schema):
    id: int
    kind: AgreementKind
    programme_type: ProgrammeType | Literal[""]
    parent_id: int | None = Field(description="The agreement it implements, annexes or renews")
    title: MultilingualText
    summary: MultilingualText
    drafted_by_id: int = Field(description="The party that keeps the text and edits the terms")
    origin_visit_id: int | None
    origin_proposal_id: int | None
    origin_interest_id: int | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None = Field(description="Empty: without an end date")
    renewal: RenewalKind
    renewal_years: int | None
    denounce_days: int | None
    stage: AgreementStage
    terminated_on: datetime.date | None
    termination_reason: MultilingualText
    parties: list[AgreementPartyOut]
    version: int

    # The agreement it is part of and the visit it came from, only for who sees them.
    @staticmethod
    def resolve_parent_id(obj: Any) -> int | None:
        return obj.parent_id if getattr(obj, "parent_visible", True) else None

    @staticmethod
    def resolve_origin_visit_id(obj: Any) -> int | None:
        return obj.origin_visit_id if getattr(obj, "origin_visible", True) else None

    @staticmethod
    def resolve_origin_proposal_id(obj: Any) -> int | None:
        return obj.origin_proposal_id if getattr(obj, "origin_visible", True) else None

    @staticmethod
    def resolve_origin_interest_id(obj: Any) -> int | None:
        return obj.origin_interest_id if getattr(obj, "origin_visible", True) else None


class AgreementRegisterRowOut(Schema):
    id: int
    kind: AgreementKind
    programme_type: ProgrammeType | Literal[""]
    parent_id: int | None
    title: MultilingualText
    drafted_by_id: int
    stage: AgreementStage
    state: AgreementState = Field(description="On today: the stage with the dates applied")
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    ends_on: datetime.date | None = Field(description="The end, automatic renewals applied")
    partners: list[AgreementInstitutionRef] = Field(description="The parties but your own")
    version: int

    @staticmethod
    def resolve_parent_id(obj: Any) -> int | None:
        return obj.parent_id if getattr(obj, "parent_visible", True) else None


class AgreementRecordOut(AgreementOut):
    state: AgreementState = Field(description="On today: the stage with the dates applied")
    ends_on: datetime.date | None = Field(description="The end, automatic renewals applied")
    conditions: list[AgreementConditionOut]
    versions: list[AgreementVersionOut] = Field(description="The oldest first")
    approval_status: AgreementApprovalStatusOut
    can_edit: bool = Field(description="You change its terms, conditions and text")
    can_sign: bool = Field(description="You mark it signed or terminated")
    approves_for_party_ids: list[int] = Field(description="The parties you approve for")
    edits_party_ids: list[int] = Field(description="The party rows you keep")


# Input -------------------------------------------------------------------------------------------


class AgreementRegisterFilter(Schema):
    partner: Id | None = Field(None, description="Agreements with this institution as a party")
    country: CountryCode | None = Field(None, description="… with a party in this country")
    kind: AgreementKind | None = None
    state: AgreementState | None = None
    expiring_within: Annotated[int, Field(ge=0, le=3660)] | None = Field(
        None, description="In force and ending within this many days"
    )


class AgreementIn(Schema):
    drafted_by_id: Id | None = Field(
        None, description="The drafting institution (a party); empty: your own institution"
    )
    kind: AgreementKind
    programme_type: ProgrammeType | Literal[""] = Field(
        "", description="For a programme agreement: what it organises"
    )
    parent_id: Id | None = Field(None, description="The agreement it implements, annexes or renews")
    title: MultilingualLine
    summary: MultilingualParagraphs = {}
    valid_from: Day | None = None
    valid_until: Day | None = Field(None, description="Empty: without an end date")
    renewal: RenewalKind = RenewalKind.NONE
    renewal_years: RenewalYears | None = Field(None, description="Required for automatic renewal")
    denounce_days: DenounceDays | None = None
    party_ids: Ids = Field([], description="The other parties; the drafting one is a party too")
    origin_proposal_id: Id | None = Field(None, description="Drafted from a visit's proposal")
    origin_interest_id: Id | None = Field(None, description="… or from a cooperation wish")


class AgreementPatch(Schema):
    version: Version
    kind: AgreementKind = unchanged()
    programme_type: ProgrammeType | Literal[""] = unchanged()
    parent_id: Id | None = None
    title: MultilingualLine = unchanged()
    summary: MultilingualParagraphs = unchanged()
    valid_from: Day | None = None
    valid_until: Day | None = None
    renewal: RenewalKind = unchanged()
    renewal_years: RenewalYears | None = None
    denounce_days: DenounceDays | None = None
    party_ids: Ids = unchanged(description="All the parties but the drafting one")


class AgreementStageIn(Schema):
    stage: AgreementStage = Field(
        description="draft ↔ negotiation → signed (every party approved) → terminated"
    )
    version: Version
    terminated_on: Day | None = Field(None, description="Required to terminate")
    termination_reason: MultilingualParagraphs = Field({}, description="Required to terminate")


class AgreementPartyPatch(Schema):
    version: Version
    unit_id: Id | None = Field(None, description="A unit of the party")
    reference: Annotated[str, Text(60)] = unchanged()
    signatory_id: Id | None = Field(None, description="A person of the party")
    signed_on: Day | None = None
    signed_at: MultilingualLine = unchanged()


class AgreementConditionIn(Schema):
    kind: ConditionKind
    sending_id: Id = Field(description="A party of the agreement")
    sending_unit_id: Id | None = None
    receiving_id: Id = Field(description="Another party of the agreement")
    receiving_unit_id: Id | None = None
    field_code: Annotated[str, Text(4)] = Field("", description="ISCED-F 2013; empty: any field")
    isced_level: IscedLevel = ""
    national_level: MultilingualLine = Field({}, description="As the sending country names it")
    places_per_year: Places
    duration: Duration
    duration_unit: DurationUnit = DurationUnit.MONTHS
    language: Annotated[str, Text(10)] = Field("", description="Of instruction, e.g. ru, zh, en")
    cefr_level: CefrLevel | Literal[""] = ""
    first_year: AcademicYear
    last_year: AcademicYear


class AgreementConditionPatch(Schema):
    version: Version
    kind: ConditionKind = unchanged()
    sending_id: Id = unchanged()
    sending_unit_id: Id | None = None
    receiving_id: Id = unchanged()
    receiving_unit_id: Id | None = None
    field_code: Annotated[str, Text(4)] = unchanged()
    isced_level: IscedLevel = unchanged()
    national_level: MultilingualLine = unchanged()
    places_per_year: Places = unchanged()
    duration: Duration = unchanged()
    duration_unit: DurationUnit = unchanged()
    language: Annotated[str, Text(10)] = unchanged()
    cefr_level: CefrLevel | Literal[""] = unchanged()
    first_year: AcademicYear = unchanged()
    last_year: AcademicYear = unchanged()


class AgreementVersionIn(Schema):
    kind: VersionKind = VersionKind.DRAFT
    text: MultilingualParagraphs = Field(description="The text in at least one language")
    note: Annotated[str, Text(300)] = ""


class AgreementVersionUploadIn(Schema):
    kind: VersionKind = VersionKind.SIGNED_SCAN
    note: Annotated[str, Text(300)] = ""


class AgreementApprovalIn(Schema):
    party_id: Id | None = Field(
        None, description="The party you approve for; empty: the one party you approve for"
    )
    sha256: Sha256
    comment: Annotated[str, Text(1000, multiline=True)] = ""
