"""The visits API: visits, their participants, agenda, minutes, outcomes, follow-up actions,
reports, approval steps and attachments. Access follows ``visits/selectors.py``."""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from leizu.core.access import Actor, actor_for
from leizu.core.errors import ServiceError
from leizu.core.multilingual import LINE_LENGTH, Multilingual
from leizu.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Count,
    CountryCode,
    Day,
    Id,
    Moment,
    MultilingualLine,
    MultilingualParagraphs,
    MultilingualText,
    Order,
    Pages,
    Text,
    Version,
    Year,
    unchanged,
)
from leizu.institutions import selectors as institution_selectors
from leizu.institutions.models import NameScript
from leizu.visits import access, selectors, services
from leizu.visits.models import (
    ActionStatus,
    AgendaItem,
    AgendaKind,
    ApprovalKind,
    CooperationInterest,
    InterestKind,
    NeedHorizon,
    Participant,
    ParticipantRole,
    PartOfDay,
    PolicyTag,
    Proposal,
    Reaction,
    ReportStatus,
    Side,
    StatedNeed,
    StatementKind,
    Visit,
    VisitDirection,
    VisitStatus,
)

router = Router(tags=["visits"])
ReportLanguage = Literal["zh-hans", "en", "ru", "kk", "uz"]
PositionCode = Annotated[str, Text(40), Field(description="A code of the positions vocabulary")]


# Output schemas ----------------------------------------------------------------------------------


class InstitutionRef(Schema):
    id: int
    name: MultilingualText
    country: str


class VisitOut(Schema):
    id: int
    direction: VisitDirection
    title: MultilingualText
    purpose: MultilingualText
    start_date: datetime.date
    end_date: datetime.date
    time_zone: str = Field(description="IANA time zone of the place; agenda times are in it")
    host: InstitutionRef
    organiser_id: int = Field(description="The party that keeps the record and edits the visit")
    guests: list[InstitutionRef]
    accompanying: list[InstitutionRef]
    status: VisitStatus
    policy_tags: list[str] = Field(description="Codes of the policy contexts")
    topics: MultilingualText
    version: int

    @staticmethod
    def resolve_guests(obj: Visit) -> list[Any]:
        return [p.institution for p in obj.parties.all() if p.side == Side.GUEST]

    @staticmethod
    def resolve_accompanying(obj: Visit) -> list[Any]:
        return [p.institution for p in obj.parties.all() if p.side == Side.ACCOMPANYING]

    @staticmethod
    def resolve_policy_tags(obj: Visit) -> list[str]:
        return [t.slug for t in obj.policy_tags.all()]


class ParticipantOut(Schema):
    id: int
    visit_id: int
    person_id: int | None = Field(description="Empty for a group taking part")
    unit_id: int | None
    group: MultilingualText
    display_name: str
    institution_id: int
    side: Side
    role: ParticipantRole
    position_code: str = Field(description="A position of the vocabulary, or empty")
    position: MultilingualText
    position_label: str = Field(description="The position at the visit, in your language")
    title: MultilingualText
    protocol_order: int
    version: int

    @staticmethod
    def resolve_display_name(obj: Participant) -> str:
        return obj.display_name()

    @staticmethod
    def resolve_position_label(obj: Participant) -> str:
        return obj.position_label()


class AgendaItemOut(Schema):
    id: int
    visit_id: int
    kind: AgendaKind
    title: MultilingualText
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    part_of_day: PartOfDay | Literal[""]
    venue_unit_id: int | None
    venue_text: MultilingualText
    participant_ids: list[int]
    notes: MultilingualText
    version: int

    @staticmethod
    def resolve_participant_ids(obj: AgendaItem) -> list[int]:
        return [p.pk for p in obj.participants.all()]


class StatementOut(Schema):
    id: int
    visit_id: int
    kind: StatementKind
    institution_id: int
    speaker_id: int | None
    agenda_item_id: int | None
    summary: MultilingualText
    order: int
    version: int


class VisitNeedOut(Schema):
    id: int
    visit_id: int
    institution_id: int
    also_stated_by_ids: list[int] = Field(description="Parties that stated it jointly")
    stated_by_id: int | None
    field_code: str = Field(description="ISCED-F 2013 field")
    occupation: MultilingualText
    isco_code: str = Field(description="ISCO-08 unit group, or empty")
    country: str
    region: MultilingualText
    headcount: int | None
    level: str = Field(description="ISCED 2011 level, or empty")
    horizon: str
    notes: MultilingualText
    order: int
    version: int

    @staticmethod
    def resolve_also_stated_by_ids(obj: Any) -> list[int]:
        return sorted(i.pk for i in obj.also_stated_by.all())


class InterestOut(Schema):
    id: int
    visit_id: int
    institution_id: int
    also_stated_by_ids: list[int] = Field(description="Parties that stated it jointly")
    kind: InterestKind
    description: MultilingualText
    stated_by_id: int | None
    version: int

    @staticmethod
    def resolve_also_stated_by_ids(obj: Any) -> list[int]:
        return sorted(i.pk for i in obj.also_stated_by.all())


class ProposalOut(Schema):
    id: int
    visit_id: int
    institution_id: int
    proposed_by_id: int | None
    proposed_by_unit_id: int | None
    text: MultilingualText
    reaction: Reaction
    reaction_text: MultilingualText
    version: int


class ActionOut(Schema):
    id: int
    visit_id: int
    description: MultilingualText
    owner_institution_id: int
    owner_unit_id: int | None
    owner_id: int | None
    due_date: datetime.date | None
    status: ActionStatus
    need_id: int | None
    interest_id: int | None
    proposal_id: int | None
    internal: bool
    done_on: datetime.date | None
    version: int


class ReportOut(Schema):
    id: int
    visit_id: int
    language: str
    title: str
    body: str
    status: ReportStatus
    generated_at: datetime.datetime | None
    published_at: datetime.datetime | None
    version: int


class ApprovalStepOut(Schema):
    id: int
    visit_id: int
    kind: ApprovalKind
    due_date: datetime.date | None
    done_on: datetime.date | None
    owner_id: int | None
    note: str
    version: int


class AttachmentOut(Schema):
    id: int
    visit_id: int
    file_name: str
    content_type: str
    size: int
    is_photo: bool
    caption: MultilingualText
    url: str

    @staticmethod
    def resolve_file_name(obj: Any) -> str:
        return obj.file.original_name

    @staticmethod
    def resolve_content_type(obj: Any) -> str:
        return obj.file.content_type

    @staticmethod
    def resolve_size(obj: Any) -> int:
        return obj.file.size

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class PolicyTagOut(Schema):
    slug: str
    name: MultilingualText
    description: MultilingualText


class VisitRecordOut(VisitOut):
    participants: list[ParticipantOut]
    agenda: list[AgendaItemOut]
    statements: list[StatementOut]
    needs: list[VisitNeedOut]
    interests: list[InterestOut]
    proposals: list[ProposalOut]
    actions: list[ActionOut]
    approval_steps: list[ApprovalStepOut]
    attachments: list[AttachmentOut]
    reports: list[ReportOut] = Field(description="Drafts only for editors")


# Input schemas -----------------------------------------------------------------------------------


Ids = Annotated[list[Id], Field(max_length=200)]


class VisitIn(Schema):
    direction: VisitDirection
    title: MultilingualLine
    purpose: MultilingualParagraphs = {}
    start_date: Day
    end_date: Day
    time_zone: Annotated[str, Text(40)] = "Asia/Shanghai"
    host_id: Id | None = Field(None, description="Empty: your own institution")
    guest_ids: Ids = []
    accompanying_ids: Ids = []
    policy_tags: Annotated[list[Annotated[str, Text(60)]], Field(max_length=50)] = []
    topics: MultilingualParagraphs = {}


class VisitPatch(Schema):
    version: Version
    direction: VisitDirection = unchanged()
    title: MultilingualLine = unchanged()
    purpose: MultilingualParagraphs = unchanged()
    start_date: Day = unchanged()
    end_date: Day = unchanged()
    time_zone: Annotated[str, Text(40)] = unchanged()
    host_id: Id | None = None
    guest_ids: Ids = unchanged()
    accompanying_ids: Ids = unchanged()
    policy_tags: Annotated[list[Annotated[str, Text(60)]], Field(max_length=50)] = unchanged()
    topics: MultilingualParagraphs = unchanged()


class VisitFilter(Schema):
    status: VisitStatus | None = None
    direction: VisitDirection | None = None
    institution_id: Id | None = Field(None, description="Visits with this party")
    year: Year | None = None


class StatusIn(Schema):
    status: VisitStatus
    version: Version


class NewPersonIn(Schema):
    institution_id: Id
    family_name: Annotated[str, Text(100, min_length=1)]
    given_name: Annotated[str, Text(100)] = ""
    patronymic: Annotated[str, Text(100)] = ""
    name_script: NameScript
    email: Annotated[str, Text(254)] = ""


class GroupIn(Schema):
    institution_id: Id
    unit_id: Id | None = Field(None, description="The unit the group comes from")
    group: MultilingualLine = Field({}, description="How to name it: staff of the Textile College")


class ParticipantIn(Schema):
    person_id: Id | None = Field(None, description="Somebody already recorded, or …")
    new_person: NewPersonIn | None = Field(None, description="… a new person (quick add), or …")
    group: GroupIn | None = Field(None, description="… a group taking part, not by name")
    role: ParticipantRole
    position_code: PositionCode | Literal[""] = Field(
        "", description="A position of the vocabulary; empty: the person's current position"
    )
    position: MultilingualLine = Field({}, description="Empty: the person's current position")
    title: MultilingualLine = Field({}, description="Empty: the person's current title")
    protocol_order: Order = Field(0, description="0: after the others of the same side")


class ParticipantPatch(Schema):
    version: Version
    role: ParticipantRole = unchanged()
    position_code: PositionCode | Literal[""] = unchanged()
    position: MultilingualLine = unchanged()
    title: MultilingualLine = unchanged()
    protocol_order: Order = unchanged()


class AgendaItemIn(Schema):
    kind: AgendaKind
    title: MultilingualLine = {}
    starts_at: Moment = Field(description="With offset, or local time of the visit")
    ends_at: Moment | None = None
    part_of_day: PartOfDay | Literal[""] = Field(
        "", description="When the time is not known: the day of starts_at and this"
    )
    venue_unit_id: Id | None = None
    venue_text: MultilingualLine = {}
    participant_ids: Ids = []
    notes: MultilingualParagraphs = {}


class AgendaItemPatch(Schema):
    version: Version
    kind: AgendaKind = unchanged()
    title: MultilingualLine = unchanged()
    starts_at: Moment = unchanged()
    ends_at: Moment | None = None
    part_of_day: PartOfDay | Literal[""] = unchanged()
    venue_unit_id: Id | None = None
    venue_text: MultilingualLine = unchanged()
    participant_ids: Ids = unchanged()
    notes: MultilingualParagraphs = unchanged()


class StatementIn(Schema):
    kind: StatementKind = StatementKind.SPEECH
    speaker_id: Id | None = Field(None, description="Required for a statement")
    institution_id: Id | None = Field(
        None, description="Whose impression; empty: the speaker's institution"
    )
    agenda_item_id: Id | None = Field(None, description="During which item (a tour, a meeting)")
    summary: MultilingualParagraphs
    order: Order = 0


class StatementPatch(Schema):
    version: Version
    kind: StatementKind = unchanged()
    speaker_id: Id | None = None
    institution_id: Id = unchanged()
    agenda_item_id: Id | None = None
    summary: MultilingualParagraphs = unchanged()
    order: Order = unchanged()


class VisitNeedIn(Schema):
    institution_id: Id | None = Field(None, description="Empty: your own institution")
    also_stated_by_ids: Ids = Field([], description="Other parties that stated it jointly")
    stated_by_id: Id | None = None
    field_code: Annotated[str, Text(4)] = Field(description="ISCED-F 2013 field, e.g. 0715")
    occupation: MultilingualLine = Field({}, description="Empty when only the field was named")
    isco_code: Annotated[str, Text(4)] = ""
    country: CountryCode | Literal[""] = Field("", description="Empty: the institution's country")
    region: MultilingualLine = {}
    headcount: Count | None = None
    level: Annotated[str, Text(2)] = ""
    horizon: NeedHorizon | Literal[""] = ""
    notes: MultilingualParagraphs = {}


class VisitNeedPatch(Schema):
    version: Version
    institution_id: Id = unchanged()
    also_stated_by_ids: Ids = unchanged()
    stated_by_id: Id | None = None
    field_code: Annotated[str, Text(4)] = unchanged()
    occupation: MultilingualLine = unchanged()
    isco_code: Annotated[str, Text(4)] = unchanged()
    country: CountryCode | Literal[""] = unchanged()
    region: MultilingualLine = unchanged()
    headcount: Count | None = None
    level: Annotated[str, Text(2)] = unchanged()
    horizon: NeedHorizon | Literal[""] = unchanged()
    notes: MultilingualParagraphs = unchanged()


class VisitNeedFilter(Schema):
    country: CountryCode | None = None
    field_code: Annotated[str, Text(4)] | None = Field(
        None, description="ISCED-F field or its broader prefix"
    )


class InterestIn(Schema):
    institution_id: Id | None = Field(None, description="Empty: your own institution")
    also_stated_by_ids: Ids = Field([], description="Other parties that stated it jointly")
    kind: InterestKind
    description: MultilingualParagraphs = {}
    stated_by_id: Id | None = None


class InterestPatch(Schema):
    version: Version
    institution_id: Id = unchanged()
    also_stated_by_ids: Ids = unchanged()
    kind: InterestKind = unchanged()
    description: MultilingualParagraphs = unchanged()
    stated_by_id: Id | None = None


class ProposalIn(Schema):
    institution_id: Id | None = Field(None, description="Empty: your own institution")
    proposed_by_id: Id | None = None
    proposed_by_unit_id: Id | None = Field(None, description="An office, when no one person")
    text: MultilingualParagraphs
    reaction: Reaction = Reaction.NONE
    reaction_text: MultilingualParagraphs = {}


class ProposalPatch(Schema):
    version: Version
    institution_id: Id = unchanged()
    proposed_by_id: Id | None = None
    proposed_by_unit_id: Id | None = None
    text: MultilingualParagraphs = unchanged()
    reaction: Reaction = unchanged()
    reaction_text: MultilingualParagraphs = unchanged()


class ActionIn(Schema):
    description: MultilingualParagraphs
    owner_institution_id: Id | None = Field(None, description="Empty: the organiser")
    owner_unit_id: Id | None = None
    owner_id: Id | None = Field(None, description="A user; receives the reminders")
    due_date: Day | None = None
    status: ActionStatus = ActionStatus.OPEN
    need_id: Id | None = None
    interest_id: Id | None = None
    proposal_id: Id | None = None
    internal: bool = Field(False, description="Seen only by the organising institution")


class ActionPatch(Schema):
    version: Version
    description: MultilingualParagraphs = unchanged()
    owner_institution_id: Id = unchanged()
    owner_unit_id: Id | None = None
    owner_id: Id | None = None
    due_date: Day | None = None
    status: ActionStatus = unchanged()
    need_id: Id | None = None
    interest_id: Id | None = None
    proposal_id: Id | None = None
    internal: bool = unchanged()


class BoardFilter(Schema):
    scope: Literal["mine", "office", "overdue", "all"] = "mine"


class ReportPatch(Schema):
    version: Version
    title: Annotated[str, Text(300)] = unchanged()
    body: Annotated[str, Text(100_000, multiline=True)] = unchanged()


class ReportPublishIn(Schema):
    version: Version


class AttachmentIn(Schema):
    caption_en: Annotated[str, Text(LINE_LENGTH)] = ""
    caption_zh_hans: Annotated[str, Text(LINE_LENGTH)] = ""
    caption_ru: Annotated[str, Text(LINE_LENGTH)] = ""


class ApprovalStepPatch(Schema):
    version: Version
    due_date: Day | None = None
    done_on: Day | None = None
    owner_id: Id | None = None
    note: Annotated[str, Text(300)] = unchanged()


# Turning ids into objects the actor may use -----------------------------------------------------

_MULTILINGUAL = {
    "title",
    "purpose",
    "topics",
    "position",
    "group",
    "venue_text",
    "notes",
    "summary",
    "occupation",
    "region",
    "description",
    "text",
    "reaction_text",
}


def _data(payload: Schema, *, partial: bool, exclude: set[str] | None = None) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial, exclude={"version", *(exclude or set())})
    for key, value in list(data.items()):
        if key in _MULTILINGUAL:
            data[key] = Multilingual(value or {})
    return data


def _bad(field: str) -> ServiceError:
    return ServiceError(
        _("%(field)s: not found in this visit.") % {"field": field},
        fields={field: [_("Not found in this visit.")]},
    )


def _of_visit(model: type, visit: Visit, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    obj = model._default_manager.filter(visit=visit, pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise _bad(field)
    return obj


def _resolve(data: dict[str, Any], visit: Visit) -> dict[str, Any]:
    """Replace ``*_id`` keys by the visit's objects (400 if they are not of the visit)."""
    party_ids = visit.party_ids()
    lookups = {
        "speaker_id": ("speaker", Participant),
        "stated_by_id": ("stated_by", Participant),
        "proposed_by_id": ("proposed_by", Participant),
        "agenda_item_id": ("agenda_item", AgendaItem),
        "need_id": ("need", StatedNeed),
        "interest_id": ("interest", CooperationInterest),
        "proposal_id": ("proposal", Proposal),
    }
    for key, (name, model) in lookups.items():
        if key in data:
            data[name] = _of_visit(model, visit, data.pop(key), key)
    if "also_stated_by_ids" in data:
        ids = data.pop("also_stated_by_ids") or []
        if set(ids) - party_ids:
            raise _bad("also_stated_by_ids")
        data["also_stated_by"] = [i for i in _party_institutions(visit) if i.pk in set(ids)]
    for key, name in (
        ("institution_id", "institution"),
        ("owner_institution_id", "owner_institution"),
    ):
        if key in data:
            pk = data.pop(key)
            if pk is not None and pk not in party_ids:
                raise _bad(key)
            data[name] = next((i for i in _party_institutions(visit) if i.pk == pk), None)
    for key, name in (
        ("venue_unit_id", "venue_unit"),
        ("owner_unit_id", "owner_unit"),
        ("proposed_by_unit_id", "proposed_by_unit"),
        ("unit_id", "unit"),
    ):
        if key in data:
            pk = data.pop(key)
            data[name] = (
                None if pk is None else selectors.units_for_visit(visit=visit).filter(pk=pk).first()
            )
            if pk is not None and data[name] is None:
                raise _bad(key)
    if "owner_id" in data:
        pk = data.pop("owner_id")
        data["owner"] = (
            None if pk is None else selectors.users_for_visit(visit=visit).filter(pk=pk).first()
        )
        if pk is not None and data["owner"] is None:
            raise _bad("owner_id")
    return data


def _party_institutions(visit: Visit) -> list[Any]:
    return [visit.host, *(p.institution for p in visit.parties.all())]


def _participants(visit: Visit, ids: list[int] | None) -> list[Participant] | None:
    if ids is None:
        return None
    found = list(Participant.objects.filter(visit=visit, pk__in=ids))
    if len(found) != len(set(ids)):
        raise _bad("participant_ids")
    return found


def _institutions(actor: Actor, ids: list[int] | None) -> list[Any] | None:
    if ids is None:
        return None
    return [institution_selectors.institution_get(actor=actor, pk=pk) for pk in ids]


def _tags(slugs: list[str] | None) -> list[PolicyTag] | None:
    if slugs is None:
        return None
    tags = list(PolicyTag.objects.filter(slug__in=slugs))
    if len(tags) != len(set(slugs)):
        raise ServiceError(
            _("Unknown policy context."), fields={"policy_tags": [_("Unknown code.")]}
        )
    return tags


def _visit_data(actor: Actor, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    parties = {
        "guests": _institutions(actor, data.pop("guest_ids", None)),
        "accompanying": _institutions(actor, data.pop("accompanying_ids", None)),
        "policy_tags": _tags(data.pop("policy_tags", None)),
    }
    if "host_id" in data:
        pk = data.pop("host_id")
        if pk is None:
            own = access.creatable_host_ids(actor)
            if not own:
                raise PermissionDenied
            pk = own[0]
        data["host"] = institution_selectors.institution_get(actor=actor, pk=pk)
    return data, parties


def _own_institution(actor: Actor, visit: Visit, data: dict[str, Any]) -> None:
    """An outcome without ``institution_id`` is the actor's own institution's (else the host's)."""
    if data.get("institution_id") is None:
        allowed = access.contribution_institution_ids(actor, visit)
        mine = sorted(allowed & actor.institution_ids)
        data["institution_id"] = mine[0] if mine else visit.host_id


# Visits ------------------------------------------------------------------------------------------


@router.get("/visits", response={200: list[VisitOut], **READ_ERRORS}, summary="List visits")
@paginate(Pages)
def visit_list(request: HttpRequest, filters: Query[VisitFilter]) -> Any:
    return selectors.visit_list(
        actor=actor_for(request),
        status=filters.status,
        direction=filters.direction,
        institution_id=filters.institution_id,
        year=filters.year,
    )


@router.post("/visits", response={201: VisitOut, **WRITE_ERRORS}, summary="Record a visit")
def visit_create(request: HttpRequest, payload: VisitIn) -> Any:
    actor = actor_for(request)
    data, parties = _visit_data(actor, _data(payload, partial=False))
    visit = services.visit_create(
        by=actor,
        data=data,
        guests=parties["guests"] or [],
        accompanying=parties["accompanying"] or [],
        policy_tags=parties["policy_tags"] or [],
    )
    return Status(201, selectors.visit_get(actor=actor, pk=visit.pk))


@router.get(
    "/visits/policy-tags",
    response={200: list[PolicyTagOut], **READ_ERRORS},
    summary="List policy contexts",
)
def policy_tag_list(request: HttpRequest) -> Any:
    return list(PolicyTag.objects.all())


# Lists across visits come before /visits/{visit_id}, which would otherwise match them.


@router.get(
    "/visits/needs",
    response={200: list[VisitNeedOut], **READ_ERRORS},
    summary="List needs stated during visits",
)
@paginate(Pages)
def need_list(request: HttpRequest, filters: Query[VisitNeedFilter]) -> Any:
    return selectors.need_list(
        actor=actor_for(request), country=filters.country, field_code=filters.field_code
    )


@router.get(
    "/visits/actions",
    response={200: list[ActionOut], **READ_ERRORS},
    summary="The action board: open actions",
)
@paginate(Pages)
def action_board(request: HttpRequest, filters: Query[BoardFilter]) -> Any:
    from django.utils import timezone

    return selectors.action_board(
        actor=actor_for(request), scope=filters.scope, today=timezone.localdate()
    )


@router.get(
    "/visits/{visit_id}",
    response={200: VisitRecordOut, **READ_ERRORS},
    summary="Read a visit with everything recorded about it",
)
def visit_get(request: HttpRequest, visit_id: int) -> Any:
    return _RecordView(selectors.visit_record(actor=actor_for(request), pk=visit_id))


class _RecordView:
    """A visit record read as one object: the visit's fields plus the lists of the record."""

    def __init__(self, record: selectors.VisitRecord) -> None:
        self._visit = record.visit
        self.participants = record.participants
        self.agenda = record.agenda
        self.statements = record.statements
        self.needs = record.needs
        self.interests = record.interests
        self.proposals = record.proposals
        self.actions = record.actions
        self.approval_steps = record.approval_steps
        self.attachments = record.attachments
        self.reports = list(record.reports.values())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._visit, name)


@router.patch(
    "/visits/{visit_id}", response={200: VisitOut, **WRITE_ERRORS}, summary="Change a visit"
)
def visit_update(request: HttpRequest, visit_id: int, payload: VisitPatch) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=visit_id)
    data, parties = _visit_data(actor, _data(payload, partial=True))
    services.visit_update(visit=visit, by=actor, data=data, version=payload.version, **parties)
    return selectors.visit_get(actor=actor, pk=visit.pk)


@router.post(
    "/visits/{visit_id}/status",
    response={200: VisitOut, **WRITE_ERRORS},
    summary="Move a visit to another status",
)
def visit_status(request: HttpRequest, visit_id: int, payload: StatusIn) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=visit_id)
    services.visit_set_status(visit=visit, by=actor, status=payload.status, version=payload.version)
    return selectors.visit_get(actor=actor, pk=visit.pk)


# Participants ------------------------------------------------------------------------------------


@router.get(
    "/visits/{visit_id}/participants",
    response={200: list[ParticipantOut], **READ_ERRORS},
    summary="List a visit's participants",
)
def participant_list(request: HttpRequest, visit_id: int) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    return list(selectors.item_list(actor=actor, visit=visit, kind="participant"))


@router.post(
    "/visits/{visit_id}/participants",
    response={201: ParticipantOut, **WRITE_ERRORS},
    summary="Add a participant (an existing person or a new one)",
)
def participant_create(request: HttpRequest, visit_id: int, payload: ParticipantIn) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    if not access.contribution_institution_ids(actor, visit):
        raise PermissionDenied
    data = _data(payload, partial=False, exclude={"person_id", "new_person", "group"})
    if payload.person_id is not None:
        person = institution_selectors.person_get(actor=actor, pk=payload.person_id)
        participant = services.participant_add(visit=visit, by=actor, person=person, data=data)
    elif payload.new_person is not None:
        new = payload.new_person.dict()
        institution_id = new.pop("institution_id")
        institution = next((i for i in _party_institutions(visit) if i.pk == institution_id), None)
        if institution is None:
            raise _bad("new_person.institution_id")
        participant = services.participant_add_new_person(
            visit=visit, by=actor, institution=institution, person_data=new, data=data
        )
    elif payload.group is not None:
        group = _resolve(_data(payload.group, partial=False), visit)
        institution = group.pop("institution")
        participant = services.participant_add_group(
            visit=visit, by=actor, institution=institution, data={**data, **group}
        )
    else:
        message = _("Give person_id, new_person or group.")
        raise ServiceError(message, fields={"person_id": [message]})
    return Status(201, participant)


@router.patch(
    "/visits/participants/{participant_id}",
    response={200: ParticipantOut, **WRITE_ERRORS},
    summary="Change a participant",
)
def participant_update(request: HttpRequest, participant_id: int, payload: ParticipantPatch) -> Any:
    actor = actor_for(request)
    participant = selectors.item_get(actor=actor, kind="participant", pk=participant_id)
    services.participant_update(
        participant=participant,
        by=actor,
        data=_data(payload, partial=True),
        version=payload.version,
    )
    return participant


@router.delete(
    "/visits/participants/{participant_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a participant",
)
def participant_delete(request: HttpRequest, participant_id: int) -> Any:
    actor = actor_for(request)
    participant = selectors.item_get(actor=actor, kind="participant", pk=participant_id)
    services.participant_remove(participant=participant, by=actor)
    return Status(204, None)


# Agenda ------------------------------------------------------------------------------------------


def _agenda_times(visit: Visit, data: dict[str, Any]) -> None:
    """Times without an offset are local times of the place of the visit."""
    from django.utils import timezone

    for key in ("starts_at", "ends_at"):
        value = data.get(key)
        if value is not None and timezone.is_naive(value):
            data[key] = timezone.make_aware(value, visit.tzinfo())


@router.get(
    "/visits/{visit_id}/agenda",
    response={200: list[AgendaItemOut], **READ_ERRORS},
    summary="List a visit's agenda",
)
def agenda_list(request: HttpRequest, visit_id: int) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    return list(
        selectors.item_list(actor=actor, visit=visit, kind="agenda").prefetch_related(
            "participants"
        )
    )


@router.post(
    "/visits/{visit_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Add an agenda item",
)
def agenda_create(request: HttpRequest, visit_id: int, payload: AgendaItemIn) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=visit_id)
    data = _resolve(_data(payload, partial=False, exclude={"participant_ids"}), visit)
    _agenda_times(visit, data)
    item = services.agenda_item_create(
        visit=visit,
        by=actor,
        data=data,
        participants=_participants(visit, payload.participant_ids) or [],
    )
    return Status(201, item)


@router.patch(
    "/visits/agenda/{item_id}",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Change an agenda item",
)
def agenda_update(request: HttpRequest, item_id: int, payload: AgendaItemPatch) -> Any:
    actor = actor_for(request)
    item = selectors.item_get(actor=actor, kind="agenda", pk=item_id)
    data = _resolve(_data(payload, partial=True, exclude={"participant_ids"}), item.visit)
    _agenda_times(item.visit, data)
    people = (
        _participants(item.visit, payload.participant_ids)
        if "participant_ids" in payload.model_fields_set
        else None
    )
    services.agenda_item_update(
        item=item, by=actor, data=data, version=payload.version, participants=people
    )
    return item


@router.delete(
    "/visits/agenda/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an agenda item",
)
def agenda_delete(request: HttpRequest, item_id: int) -> Any:
    actor = actor_for(request)
    item = selectors.item_get(actor=actor, kind="agenda", pk=item_id)
    services.agenda_item_delete(item=item, by=actor)
    return Status(204, None)


# Minutes and outcomes: one shape for statements, needs, interests and proposals -------------------


def _outcome_routes(
    kind: str,
    plural: str,
    out: type[Schema],
    create_in: type[Schema],
    patch_in: type[Schema],
    name: str,
) -> None:
    create = getattr(services, f"{kind}_create")
    update = getattr(services, f"{kind}_update")
    delete = getattr(services, f"{kind}_delete")

    @router.get(
        f"/visits/{{visit_id}}/{plural}",
        response={200: list[out], **READ_ERRORS},  # type: ignore[valid-type]
        summary=f"List a visit's {name}s",
        operation_id=f"visits_{kind}_list",
        url_name=f"visits_{kind}_list",
    )
    def list_view(request: HttpRequest, visit_id: int) -> Any:
        actor = actor_for(request)
        visit = selectors.visit_get(actor=actor, pk=visit_id)
        return list(selectors.item_list(actor=actor, visit=visit, kind=kind))

    @router.post(
        f"/visits/{{visit_id}}/{plural}",
        response={201: out, **WRITE_ERRORS},
        summary=f"Record a {name}",
        operation_id=f"visits_{kind}_create",
        url_name=f"visits_{kind}_create",
    )
    def create_view(request: HttpRequest, visit_id: int, payload: create_in) -> Any:  # type: ignore[valid-type]
        actor = actor_for(request)
        visit = selectors.visit_get(actor=actor, pk=visit_id)
        data = _data(payload, partial=False)
        if kind != "statement":
            _own_institution(actor, visit, data)
        return Status(201, create(visit=visit, by=actor, data=_resolve(data, visit)))

    @router.patch(
        f"/visits/{plural}/{{item_id}}",
        response={200: out, **WRITE_ERRORS},
        summary=f"Change a {name}",
        operation_id=f"visits_{kind}_update",
        url_name=f"visits_{kind}_update",
    )
    def update_view(request: HttpRequest, item_id: int, payload: patch_in) -> Any:  # type: ignore[valid-type]
        actor = actor_for(request)
        obj = selectors.item_get(actor=actor, kind=kind, pk=item_id)
        data = _resolve(_data(payload, partial=True), obj.visit)
        update(**{kind: obj}, by=actor, data=data, version=payload.version)  # type: ignore[attr-defined]
        return obj

    @router.delete(
        f"/visits/{plural}/{{item_id}}",
        response={204: None, **WRITE_ERRORS},
        summary=f"Remove a {name}",
        operation_id=f"visits_{kind}_delete",
        url_name=f"visits_{kind}_delete",
    )
    def delete_view(request: HttpRequest, item_id: int) -> Any:
        actor = actor_for(request)
        obj = selectors.item_get(actor=actor, kind=kind, pk=item_id)
        delete(**{kind: obj}, by=actor)
        return Status(204, None)


_outcome_routes("statement", "statements", StatementOut, StatementIn, StatementPatch, "statement")
_outcome_routes("need", "needs", VisitNeedOut, VisitNeedIn, VisitNeedPatch, "stated talent need")
_outcome_routes(
    "interest", "interests", InterestOut, InterestIn, InterestPatch, "cooperation interest"
)
_outcome_routes("proposal", "proposals", ProposalOut, ProposalIn, ProposalPatch, "proposal")


# Follow-up actions -------------------------------------------------------------------------------


@router.get(
    "/visits/{visit_id}/actions",
    response={200: list[ActionOut], **READ_ERRORS},
    summary="List a visit's follow-up actions",
)
def action_list(request: HttpRequest, visit_id: int) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    return list(selectors.item_list(actor=actor, visit=visit, kind="action"))


@router.post(
    "/visits/{visit_id}/actions",
    response={201: ActionOut, **WRITE_ERRORS},
    summary="Add a follow-up action",
)
def action_create(request: HttpRequest, visit_id: int, payload: ActionIn) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=visit_id)
    data = _resolve(_data(payload, partial=False), visit)
    return Status(201, services.action_create(visit=visit, by=actor, data=data))


@router.patch(
    "/visits/actions/{action_id}",
    response={200: ActionOut, **WRITE_ERRORS},
    summary="Change a follow-up action (its owner may change the status)",
)
def action_update(request: HttpRequest, action_id: int, payload: ActionPatch) -> Any:
    actor = actor_for(request)
    action = selectors.item_get(actor=actor, kind="action", pk=action_id)
    data = _resolve(_data(payload, partial=True), action.visit)
    services.action_update(action=action, by=actor, data=data, version=payload.version)
    return action


@router.delete(
    "/visits/actions/{action_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a follow-up action",
)
def action_delete(request: HttpRequest, action_id: int) -> Any:
    actor = actor_for(request)
    action = selectors.item_get(actor=actor, kind="action", pk=action_id)
    services.action_delete(action=action, by=actor)
    return Status(204, None)


# Reports ----------------------------------------------------------------------------------------


def _report(request: HttpRequest, visit_id: int, language: str) -> Any:
    from django.http import Http404

    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    report = selectors.report_get(actor=actor, visit=visit, language=language)
    if report is None:
        raise Http404
    return report


@router.get(
    "/visits/{visit_id}/reports",
    response={200: list[ReportOut], **READ_ERRORS},
    summary="List a visit's reports (drafts only for editors)",
)
def report_list(request: HttpRequest, visit_id: int) -> Any:
    record = selectors.visit_record(actor=actor_for(request), pk=visit_id)
    return list(record.reports.values())


@router.post(
    "/visits/{visit_id}/reports/{language}/draft",
    response={201: ReportOut, **WRITE_ERRORS},
    summary="Draft the report in a language from the visit's record",
)
def report_generate(request: HttpRequest, visit_id: int, language: ReportLanguage) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=visit_id)
    return Status(201, services.report_generate(visit=visit, by=actor, language=language))


@router.get(
    "/visits/{visit_id}/reports/{language}",
    response={200: ReportOut, **READ_ERRORS},
    summary="Read the report in a language",
)
def report_get(request: HttpRequest, visit_id: int, language: ReportLanguage) -> Any:
    return _report(request, visit_id, language)


@router.patch(
    "/visits/{visit_id}/reports/{language}",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Edit the report's text",
)
def report_update(
    request: HttpRequest, visit_id: int, language: ReportLanguage, payload: ReportPatch
) -> Any:
    actor = actor_for(request)
    report = _report(request, visit_id, language)
    services.report_update(
        report=report,
        by=actor,
        data=payload.dict(exclude_unset=True, exclude={"version"}),
        version=payload.version,
    )
    return report


@router.post(
    "/visits/{visit_id}/reports/{language}/publish",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Publish the report",
)
def report_publish(
    request: HttpRequest, visit_id: int, language: ReportLanguage, payload: ReportPublishIn
) -> Any:
    actor = actor_for(request)
    report = _report(request, visit_id, language)
    services.report_publish(report=report, by=actor, version=payload.version)
    return report


# Approval steps and attachments ------------------------------------------------------------------


@router.get(
    "/visits/{visit_id}/approval-steps",
    response={200: list[ApprovalStepOut], **READ_ERRORS},
    summary="The approval checklist of an outgoing visit",
)
def approval_list(request: HttpRequest, visit_id: int) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    return list(selectors.item_list(actor=actor, visit=visit, kind="approval"))


@router.patch(
    "/visits/approval-steps/{step_id}",
    response={200: ApprovalStepOut, **WRITE_ERRORS},
    summary="Change an approval step (dates, owner, note)",
)
def approval_update(request: HttpRequest, step_id: int, payload: ApprovalStepPatch) -> Any:
    actor = actor_for(request)
    step = selectors.item_get(actor=actor, kind="approval", pk=step_id)
    data = _resolve(_data(payload, partial=True), step.visit)
    services.approval_step_update(step=step, by=actor, data=data, version=payload.version)
    return step


@router.get(
    "/visits/{visit_id}/attachments",
    response={200: list[AttachmentOut], **READ_ERRORS},
    summary="List a visit's photos and documents",
)
def attachment_list(request: HttpRequest, visit_id: int) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=visit_id)
    return list(selectors.item_list(actor=actor, visit=visit, kind="attachment"))


@router.post(
    "/visits/{visit_id}/attachments",
    response={201: AttachmentOut, **WRITE_ERRORS},
    summary="Upload a photo or document (multipart)",
)
def attachment_create(
    request: HttpRequest,
    visit_id: int,
    file: File[UploadedFile],
    data: Form[AttachmentIn],
) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=visit_id)
    caption = {"en": data.caption_en, "zh-hans": data.caption_zh_hans, "ru": data.caption_ru}
    attachment = services.attachment_add(
        visit=visit, by=actor, upload=file, caption={k: v for k, v in caption.items() if v}
    )
    return Status(201, attachment)


@router.delete(
    "/visits/attachments/{attachment_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a photo or document",
)
def attachment_delete(request: HttpRequest, attachment_id: int) -> Any:
    actor = actor_for(request)
    item = selectors.item_get(actor=actor, kind="attachment", pk=attachment_id)
    services.attachment_remove(attachment=item, by=actor)
    return Status(204, None)
