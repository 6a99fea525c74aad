import datetime
import json
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from leizu.core.access import actor_for
from leizu.core.errors import ServiceError
from leizu.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Count,
    CountryCode,
    Day,
    Id,
    Pages,
    Text,
    Version,
    Year,
    unchanged,
)
from leizu.talent import access, classification, figures, selectors, services
from leizu.talent.models import ImportKind, ImportStatus, NeedKind

router = Router(tags=["talent"])
Code4 = Annotated[str, Text(4)]
Language = Annotated[str, Text(10)]
Source = Annotated[str, Text(300)]
Note = Annotated[str, Text(20_000, multiline=True)]


def _actor(request: HttpRequest) -> Any:
    actor = actor_for(request)
    access.require_read(actor)
    return actor


# --- classification ---------------------------------------------------------------------------


class ClassifyIn(Schema):
    title: Annotated[str, Text(500, min_length=1)]
    text: Annotated[str, Text(100_000, multiline=True)] = ""
    language: Language | None = Field(None, description="zh, en, ru, kk or uz; empty: recognise")


class ScoredOccupation(Schema):
    isco08: str
    score: float


class ScoredField(Schema):
    isced_f: str
    score: float


class ClassificationOut(Schema):
    lang: str | None = None
    occupations: list[ScoredOccupation]
    fields: list[ScoredField]
    skills: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = Field(
        [], description="Which words matched which label, at which stage, with what weight"
    )


@router.post(
    "/talent/classify", response={200: ClassificationOut, **WRITE_ERRORS}, summary="Classify a text"
)
def classify(request: HttpRequest, payload: ClassifyIn) -> Any:
    _actor(request)
    return classification.classify(payload.title, payload.text, payload.language)


# --- postings ---------------------------------------------------------------------------------


class PostingOut(Schema):
    id: int
    institution_id: int
    title: str
    employer: str
    country: str
    region: str
    language: str
    source: str
    url: str
    posted_on: datetime.date
    openings: int
    isco08: str = Field(description="The reviewer's code when reviewed, else the machine's")
    isced_f: str
    machine_isco08: str
    machine_isced_f: str
    score: float | None
    needs_review: bool
    reviewed_at: datetime.datetime | None


class PostingDetailOut(PostingOut):
    text: str
    classification: dict[str, Any] | None


class PostingFilter(Schema):
    country: CountryCode | None = None
    region: Annotated[str, Text(10)] | None = None
    field: Code4 | None = Field(None, description="ISCED-F detailed field; '-' for unclassified")
    occupation: Code4 | None = Field(None, description="ISCO-08 unit group")
    date_from: Day | None = None
    date_to: Day | None = None
    q: Annotated[str, Text(200)] | None = None
    import_id: UUID | None = None


class ReviewIn(Schema):
    isco08: Annotated[str, Text(4, min_length=4)]
    isced_f: Annotated[str, Text(4, min_length=4)]


@router.get(
    "/talent/postings",
    response={200: list[PostingOut], **READ_ERRORS},
    summary="List vacancy postings",
)
@paginate(Pages)
def posting_list(request: HttpRequest, filters: Query[PostingFilter]) -> Any:
    return selectors.posting_list(
        actor=_actor(request),
        country=filters.country,
        region=filters.region,
        field=filters.field,
        occupation=filters.occupation,
        date_from=filters.date_from,
        date_to=filters.date_to,
        query=filters.q,
        import_id=filters.import_id,
    )


@router.get(
    "/talent/postings/{posting_id}",
    response={200: PostingDetailOut, **READ_ERRORS},
    summary="Read a posting with its classification and evidence",
)
def posting_get(request: HttpRequest, posting_id: int) -> Any:
    return selectors.posting_get(actor=_actor(request), pk=posting_id)


@router.post(
    "/talent/postings/{posting_id}/review",
    response={200: PostingOut, **WRITE_ERRORS},
    summary="Correct a posting's classification (the correction wins)",
)
def posting_review(request: HttpRequest, posting_id: int, payload: ReviewIn) -> Any:
    actor = _actor(request)
    posting = selectors.posting_get_for_review(actor=actor, pk=posting_id)
    return services.posting_review(
        posting=posting, by=actor, isco08=payload.isco08, isced_f=payload.isced_f
    )


# --- imports ----------------------------------------------------------------------------------


class ImportOut(Schema):
    id: UUID
    kind: ImportKind
    institution_id: int
    original_name: str
    file_format: str
    status: ImportStatus
    mapping: dict[str, str]
    defaults: dict[str, str]
    total_rows: int
    processed_rows: int
    to_classify: int
    classified_rows: int
    created_count: int
    duplicate_count: int
    error_count: int
    errors: list[dict[str, Any]] = Field(description="[{row, column, message}], the first 200")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class ImportIn(Schema):
    kind: ImportKind = ImportKind.POSTINGS
    institution_id: Id | None = None
    mapping: Annotated[str, Text(10_000)] = Field(
        "",
        description='JSON object: target field → column, e.g. {"title": "Job title"}; '
        "empty: columns are recognised by their names",
    )
    country: CountryCode | Literal[""] = Field("", description="Country of rows without one")
    language: Language = ""
    source: Source = ""


@router.get(
    "/talent/imports", response={200: list[ImportOut], **READ_ERRORS}, summary="List imports"
)
@paginate(Pages)
def import_list(request: HttpRequest) -> Any:
    return selectors.import_list(actor=_actor(request))


@router.post(
    "/talent/imports",
    response={201: ImportOut, **WRITE_ERRORS},
    summary="Upload postings or survey rows (CSV, XLSX, JSONL) and start the import",
)
def import_create(request: HttpRequest, data: Form[ImportIn], file: File[UploadedFile]) -> Any:
    actor = _actor(request)
    try:
        mapping = json.loads(data.mapping) if data.mapping else None
    except ValueError as exc:
        message = _("The mapping must be a JSON object of field to column.")
        raise ServiceError(message, fields={"mapping": [message]}) from exc
    if mapping is not None and not isinstance(mapping, dict):
        message = _("The mapping must be a JSON object of field to column.")
        raise ServiceError(message, fields={"mapping": [message]})
    job = services.import_create(
        by=actor,
        upload=file,
        kind=data.kind,
        institution_id=data.institution_id,
        defaults={"country": data.country, "language": data.language, "source": data.source},
    )
    job = services.import_start(job=job, by=actor, mapping=mapping)
    job.refresh_from_db()
    return Status(201, job)


@router.get(
    "/talent/imports/{import_id}",
    response={200: ImportOut, **READ_ERRORS},
    summary="Read an import's progress and result",
)
def import_get(request: HttpRequest, import_id: UUID) -> Any:
    return selectors.import_get(actor=_actor(request), pk=import_id)


# --- stated needs -----------------------------------------------------------------------------


class TalentNeedOut(Schema):
    id: int
    kind: NeedKind
    institution_id: int
    isced_f: str
    occupation: str
    isco08: str
    employer: str
    country: str
    region: str
    headcount: int
    level: str
    horizon_year: int | None
    stated_on: datetime.date
    source: str
    language: str
    reliability: float
    note: str
    version: int


class TalentNeedIn(Schema):
    institution_id: Id | None = None
    isced_f: Annotated[str, Text(4, min_length=4)]
    occupation: Annotated[str, Text(300, min_length=1)]
    isco08: Code4 = ""
    employer: Source = ""
    country: CountryCode
    region: Annotated[str, Text(10)] = ""
    headcount: int = Field(ge=1, le=1_000_000)
    level: Annotated[str, Text(2)] = ""
    horizon_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    stated_on: Day
    source: Source = ""
    language: Language = ""
    reliability: float | None = Field(None, ge=0, le=1)
    note: Note = ""


class TalentNeedPatch(Schema):
    version: Version
    isced_f: Annotated[str, Text(4, min_length=4)] = unchanged()
    occupation: Annotated[str, Text(300, min_length=1)] = unchanged()
    isco08: Code4 = unchanged()
    employer: Source = unchanged()
    country: CountryCode = unchanged()
    region: Annotated[str, Text(10)] = unchanged()
    headcount: int = unchanged(ge=1, le=1_000_000)
    level: Annotated[str, Text(2)] = unchanged()
    horizon_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    stated_on: Day = unchanged()
    source: Source = unchanged()
    language: Language = unchanged()
    reliability: float = unchanged(ge=0, le=1)
    note: Note = unchanged()


class TalentNeedFilter(Schema):
    kind: NeedKind | None = None
    country: CountryCode | None = None
    field: Code4 | None = None


@router.get(
    "/talent/needs",
    response={200: list[TalentNeedOut], **READ_ERRORS},
    summary="List stated needs and survey rows",
)
@paginate(Pages)
def need_list(request: HttpRequest, filters: Query[TalentNeedFilter]) -> Any:
    return selectors.need_list(
        actor=_actor(request), kind=filters.kind, country=filters.country, field=filters.field
    )


@router.post(
    "/talent/needs", response={201: TalentNeedOut, **WRITE_ERRORS}, summary="State a talent need"
)
def need_create(request: HttpRequest, payload: TalentNeedIn) -> Any:
    actor = _actor(request)
    data = payload.dict(exclude={"institution_id"})
    if data.get("reliability") is None:
        data.pop("reliability")
    need = services.need_create(by=actor, data=data, institution_id=payload.institution_id)
    return Status(201, need)


@router.get(
    "/talent/needs/{need_id}", response={200: TalentNeedOut, **READ_ERRORS}, summary="Read a need"
)
def need_get(request: HttpRequest, need_id: int) -> Any:
    return selectors.need_get(actor=_actor(request), pk=need_id)


@router.patch(
    "/talent/needs/{need_id}",
    response={200: TalentNeedOut, **WRITE_ERRORS},
    summary="Change a need",
)
def need_update(request: HttpRequest, need_id: int, payload: TalentNeedPatch) -> Any:
    actor = _actor(request)
    need = selectors.need_get_for_edit(actor=actor, pk=need_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items()}
    services.need_update(need=need, by=actor, data=data, version=payload.version)
    return need


# --- supply -----------------------------------------------------------------------------------


class SupplyOut(Schema):
    id: int
    isced_f: str
    country: str
    region: str
    year: int
    graduates: int
    source: str
    version: int


class SupplyIn(Schema):
    isced_f: Annotated[str, Text(4, min_length=4)]
    country: CountryCode
    region: Annotated[str, Text(10)] = ""
    year: int = Field(ge=2000, le=2100)
    graduates: Count
    source: Source = ""


class SupplyPatch(Schema):
    version: Version
    isced_f: Annotated[str, Text(4, min_length=4)] = unchanged()
    country: CountryCode = unchanged()
    region: Annotated[str, Text(10)] = unchanged()
    year: int = unchanged(ge=2000, le=2100)
    graduates: Count = unchanged()
    source: Source = unchanged()


class SupplyFilter(Schema):
    country: CountryCode | None = None
    field: Code4 | None = None
    year: Year | None = None


@router.get(
    "/talent/supply", response={200: list[SupplyOut], **READ_ERRORS}, summary="List graduate supply"
)
@paginate(Pages)
def supply_list(request: HttpRequest, filters: Query[SupplyFilter]) -> Any:
    return selectors.supply_list(
        actor=_actor(request), country=filters.country, field=filters.field, year=filters.year
    )


@router.post(
    "/talent/supply",
    response={201: SupplyOut, **WRITE_ERRORS},
    summary="Record graduates of a year",
)
def supply_create(request: HttpRequest, payload: SupplyIn) -> Any:
    return Status(201, services.supply_create(by=_actor(request), data=payload.dict()))


@router.patch(
    "/talent/supply/{supply_id}",
    response={200: SupplyOut, **WRITE_ERRORS},
    summary="Change graduates",
)
def supply_update(request: HttpRequest, supply_id: int, payload: SupplyPatch) -> Any:
    actor = _actor(request)
    row = selectors.supply_get_for_edit(actor=actor, pk=supply_id)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    services.supply_update(supply=row, by=actor, data=data, version=payload.version)
    return row


# --- figures ----------------------------------------------------------------------------------


class FigureRow(Schema):
    key: str
    label: str
    postings: float
    needs: float
    demand: float
    supply: float
    gap: float | None = Field(description="(D − S) / (D + S)")
    ratio: float | None = Field(description="D / S")


class FiguresOut(Schema):
    total: FigureRow
    fields: list[FigureRow]
    countries: list[FigureRow]
    regions: list[FigureRow]
    years: list[FigureRow]
    occupations: list[dict[str, Any]]
    trend: dict[str, Any]


class FiguresFilter(Schema):
    country: CountryCode | None = None
    region: Annotated[str, Text(10)] | None = None
    field: Code4 | None = Field(None, description="ISCED-F code or prefix (broad, narrow)")
    occupation: Code4 | None = None
    year_from: Year | None = None
    year_to: Year | None = None
    visit_reliability: float | None = Field(None, ge=0, le=1)


@router.get("/talent/figures", response={200: FiguresOut, **READ_ERRORS}, summary="Gap figures")
def figures_get(request: HttpRequest, filters: Query[FiguresFilter]) -> Any:
    f = figures.filters_from({k: v for k, v in filters.dict().items() if v is not None})
    data = figures.gap_figures(actor=_actor(request), filters=f)
    return {k: v for k, v in data.items() if k not in ("filters", "map")}


# --- taxonomy extensions ----------------------------------------------------------------------


class AliasOut(Schema):
    id: int
    isco08: str
    language: str
    text: str
    weight: float
    isced_f: str
    institution_id: int


class AliasIn(Schema):
    isco08: Annotated[str, Text(4, min_length=4)]
    language: Annotated[str, Text(10, min_length=2)]
    text: Annotated[str, Text(200, min_length=1)]
    weight: float = Field(1.0, ge=0.1, le=1.0)
    isced_f: Code4 = ""


class SkillOut(Schema):
    id: int
    isco08: str
    language: str
    label: str
    weight: float
    isced_f: str
    institution_id: int


class SkillIn(Schema):
    isco08: Annotated[str, Text(4, min_length=4)]
    language: Annotated[str, Text(10, min_length=2)]
    label: Annotated[str, Text(200, min_length=1)]
    weight: float = Field(1.0, ge=0.1, le=1.0)
    isced_f: Code4 = ""


@router.get(
    "/talent/aliases",
    response={200: list[AliasOut], **READ_ERRORS},
    summary="List user-added aliases",
)
@paginate(Pages)
def alias_list(request: HttpRequest) -> Any:
    return selectors.alias_list(actor=_actor(request))


@router.post("/talent/aliases", response={201: AliasOut, **WRITE_ERRORS}, summary="Add an alias")
def alias_create(request: HttpRequest, payload: AliasIn) -> Any:
    return Status(201, services.alias_create(by=_actor(request), data=payload.dict()))


@router.delete(
    "/talent/aliases/{alias_id}", response={204: None, **WRITE_ERRORS}, summary="Remove an alias"
)
def alias_delete(request: HttpRequest, alias_id: int) -> Any:
    actor = _actor(request)
    services.extension_delete(obj=selectors.alias_get_for_edit(actor=actor, pk=alias_id), by=actor)
    return Status(204, None)


@router.get(
    "/talent/skills",
    response={200: list[SkillOut], **READ_ERRORS},
    summary="List user-added skills",
)
@paginate(Pages)
def skill_list(request: HttpRequest) -> Any:
    return selectors.skill_list(actor=_actor(request))


@router.post("/talent/skills", response={201: SkillOut, **WRITE_ERRORS}, summary="Add a skill")
def skill_create(request: HttpRequest, payload: SkillIn) -> Any:
    return Status(201, services.skill_create(by=_actor(request), data=payload.dict()))


@router.delete(
    "/talent/skills/{skill_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a skill"
)
def skill_delete(request: HttpRequest, skill_id: int) -> Any:
    actor = _actor(request)
    services.extension_delete(obj=selectors.skill_get_for_edit(actor=actor, pk=skill_id), by=actor)
    return Status(204, None)
