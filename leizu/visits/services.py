"""Writes to visits. Every change is validated, checked against the access rule of
``visits/access.py``, versioned where it edits a row, and audited."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max, Prefetch, ProtectedError, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.audit import audit_record, snapshot
from leizu.core.errors import ServiceError
from leizu.core.services import check_version, save_created, save_updated
from leizu.institutions.models import Institution, OrgUnit, Person
from leizu.institutions.positions import check_position_code
from leizu.visits import access, selectors
from leizu.visits.models import (
    APPROVAL_DEFAULTS,
    REMIND_BEFORE_DAYS,
    REPORT_LANGUAGES,
    AgendaItem,
    ApprovalStep,
    CooperationInterest,
    FollowUpAction,
    Participant,
    PolicyTag,
    Proposal,
    ReportStatus,
    Side,
    StatedNeed,
    Statement,
    Visit,
    VisitAttachment,
    VisitDirection,
    VisitParty,
    VisitReport,
    VisitStatus,
)

VISIT_FIELDS = (
    "direction",
    "title",
    "purpose",
    "start_date",
    "end_date",
    "time_zone",
    "host",
    "topics",
)
PARTICIPANT_FIELDS = ("role", "position_code", "position", "title", "protocol_order")
# A group taking part (not a named person) has these besides.
GROUP_FIELDS = ("unit", "group")
AGENDA_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "part_of_day",
    "venue_unit",
    "venue_text",
    "notes",
)
STATEMENT_FIELDS = ("kind", "institution", "speaker", "agenda_item", "summary", "order")
NEED_FIELDS = (
    "institution",
    "stated_by",
    "field_code",
    "occupation",
    "isco_code",
    "country",
    "region",
    "headcount",
    "level",
    "horizon",
    "notes",
    "order",
)
INTEREST_FIELDS = ("institution", "kind", "description", "stated_by")
PROPOSAL_FIELDS = (
    "institution",
    "proposed_by",
    "proposed_by_unit",
    "text",
    "reaction",
    "reaction_text",
)
ACTION_FIELDS = (
    "description",
    "owner_institution",
    "owner_unit",
    "owner",
    "due_date",
    "status",
    "need",
    "interest",
    "proposal",
    "internal",
)
REPORT_FIELDS = ("title", "body")
APPROVAL_FIELDS = ("due_date", "done_on", "owner", "note")


def _pick(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ServiceError(
            _("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return dict(data)


_require_edit = access.require_edit
_require_contribution = access.require_contribution


def _deleted(
    obj: models.Model, *, by: Actor, action: str, institution_id: int, internal: bool = False
) -> None:
    before = snapshot(obj)
    label = str(obj)
    try:
        obj.delete()
    except ProtectedError as exc:
        raise ServiceError(
            _("This is still referred to (for example by a statement); remove that first.")
        ) from exc
    audit_record(
        actor=by,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(before.get("id", "")),
        label=label,
        institution_id=institution_id,
        internal=internal,
        before=before,
    )


def _same_visit(visit: Visit, name: str, obj: Any) -> None:
    if obj is not None and obj.visit_id != visit.pk:
        raise ServiceError(
            _("This belongs to another visit."), fields={name: [_("Choose one of this visit.")]}
        )


def _party(visit: Visit, name: str, institution: Institution | None) -> None:
    if institution is not None and institution.pk not in visit.party_ids():
        raise ServiceError(
            _("The institution is not a party to this visit."),
            fields={name: [_("Add the institution to the visit first.")]},
        )


# Visits -----------------------------------------------------------------------------------------


def _check_parties(
    host: Institution, guests: list[Institution], accompanying: list[Institution]
) -> None:
    guest_ids = [g.pk for g in guests]
    acc_ids = [a.pk for a in accompanying]
    if host.pk in guest_ids or host.pk in acc_ids:
        raise ServiceError(
            _("The host cannot also be a guest or accompany the delegation."),
            fields={"guests": [_("Remove the host from the guests.")]},
        )
    if set(guest_ids) & set(acc_ids):
        raise ServiceError(
            _("An institution is either a guest or accompanying, not both."),
            fields={"accompanying": [_("Remove the guests from this list.")]},
        )


def _set_parties(
    visit: Visit, guests: list[Institution], accompanying: list[Institution]
) -> tuple[bool, set[int]]:
    """Make the visit's parties these; returns whether anything changed and the removed ids."""
    wanted = {g.pk: (Side.GUEST, i) for i, g in enumerate(guests)}
    wanted |= {a.pk: (Side.ACCOMPANYING, i) for i, a in enumerate(accompanying)}
    current = {p.institution_id: p for p in VisitParty.objects.filter(visit=visit)}
    removed = set(current) - set(wanted)
    changed = bool(removed)
    for institution_id, (side, order) in wanted.items():
        party = current.get(institution_id)
        if party is None:
            VisitParty.objects.create(
                visit=visit, institution_id=institution_id, side=side, order=order
            )
            changed = True
        elif (party.side, party.order) != (side, order):
            changed = changed or party.side != side
            party.side, party.order = side, order
            party.save(update_fields=["side", "order"])
    if removed:
        VisitParty.objects.filter(visit=visit, institution_id__in=removed).delete()
    # Read the parties again (with their institutions): the rules below must see the new ones.
    getattr(visit, "_prefetched_objects_cache", {}).pop("parties", None)
    prefetch_related_objects(
        [visit], Prefetch("parties", queryset=VisitParty.objects.select_related("institution"))
    )
    return changed, removed


def _sync_sides(visit: Visit) -> None:
    """A participant's side follows their institution's place in the visit."""
    Participant.objects.filter(visit=visit, institution_id=visit.host_id).update(side=Side.HOST)
    for party in VisitParty.objects.filter(visit=visit):
        Participant.objects.filter(visit=visit, institution_id=party.institution_id).exclude(
            side=party.side
        ).update(side=party.side)


def _parties_in_use(visit: Visit, institution_ids: set[int]) -> None:
    """Refuse to drop a party whose people or words are recorded in the visit."""
    if not institution_ids:
        return
    used = (
        Participant.objects.filter(visit=visit, institution_id__in=institution_ids).exists()
        or StatedNeed.objects.filter(visit=visit, institution_id__in=institution_ids).exists()
        or CooperationInterest.objects.filter(
            visit=visit, institution_id__in=institution_ids
        ).exists()
        or Proposal.objects.filter(visit=visit, institution_id__in=institution_ids).exists()
        or FollowUpAction.objects.filter(
            visit=visit, owner_institution_id__in=institution_ids
        ).exists()
    )
    if used:
        raise ServiceError(
            _(
                "An institution you removed has participants, outcomes or actions in this visit; "
                "remove those first."
            ),
            fields={"guests": [_("This institution is still in use in the visit.")]},
        )


def _party_audit(by: Actor, visit: Visit) -> None:
    audit_record(
        actor=by,
        action="visit.parties",
        obj=visit,
        institution_id=visit.organiser_id,
        after={
            "guests": list(
                VisitParty.objects.filter(visit=visit, side=Side.GUEST).values_list(
                    "institution_id", flat=True
                )
            ),
            "accompanying": list(
                VisitParty.objects.filter(visit=visit, side=Side.ACCOMPANYING).values_list(
                    "institution_id", flat=True
                )
            ),
            "policy_tags": sorted(visit.policy_tags.values_list("slug", flat=True)),
        },
    )


def _add_approval_steps(visit: Visit) -> None:
    existing = set(ApprovalStep.objects.filter(visit=visit).values_list("kind", flat=True))
    for order, (kind, anchor, days) in enumerate(APPROVAL_DEFAULTS):
        if kind in existing:
            continue
        base = visit.start_date if anchor == "start" else visit.end_date
        ApprovalStep.objects.create(
            visit=visit, kind=kind, due_date=base + datetime.timedelta(days=days), order=order
        )


@transaction.atomic
def visit_create(
    *,
    by: Actor,
    data: dict[str, Any],
    guests: Iterable[Institution] = (),
    accompanying: Iterable[Institution] = (),
    policy_tags: Iterable[PolicyTag] = (),
) -> Visit:
    data = _pick(data, VISIT_FIELDS)
    guests, accompanying = list(guests), list(accompanying)
    host = data.get("host")
    if host is None:
        raise ServiceError(_("Choose the host institution."), fields={"host": [_("Required.")]})
    _check_parties(host, guests, accompanying)
    organiser = access.organiser_for(
        by,
        direction=data.get("direction", VisitDirection.INCOMING),
        host=host,
        guests=guests,
        accompanying=accompanying,
    )
    visit = Visit(created_by=by.user, organiser=organiser, **data)
    save_created(visit, by=by, action="visit.create", institution_id=organiser.pk)
    _set_parties(visit, guests, accompanying)
    visit.policy_tags.set(list(policy_tags))
    _party_audit(by, visit)
    if visit.direction == VisitDirection.OUTGOING:
        _add_approval_steps(visit)
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: Visit,
    by: Actor,
    data: dict[str, Any],
    version: int | None,
    guests: Iterable[Institution] | None = None,
    accompanying: Iterable[Institution] | None = None,
    policy_tags: Iterable[PolicyTag] | None = None,
) -> bool:
    _require_edit(by, visit)
    check_version(visit, version)
    data = _pick(data, VISIT_FIELDS)
    host = data.get("host", visit.host)
    new_guests = list(guests) if guests is not None else None
    new_acc = list(accompanying) if accompanying is not None else None
    current = list(VisitParty.objects.filter(visit=visit).select_related("institution"))
    guest_list = (
        new_guests
        if new_guests is not None
        else [p.institution for p in current if p.side == Side.GUEST]
    )
    acc_list = (
        new_acc
        if new_acc is not None
        else [p.institution for p in current if p.side == Side.ACCOMPANYING]
    )
    _check_parties(host, guest_list, acc_list)
    party_ids = {host.pk, *(g.pk for g in guest_list), *(a.pk for a in acc_list)}
    if visit.organiser_id not in party_ids:
        raise ServiceError(
            _("The organising institution stays a party to its visit."),
            fields={"host": [_("Keep the organising institution as host or guest.")]},
        )
    if host.pk != visit.host_id:
        _parties_in_use(visit, {visit.host_id} - party_ids)
    changed = save_updated(
        visit,
        by=by,
        action="visit.update",
        data=data,
        version=None,
        institution_id=visit.organiser_id,
    )
    parties_changed, removed = _set_parties(visit, guest_list, acc_list)
    _parties_in_use(visit, removed)
    _sync_sides(visit)
    tags_changed = False
    if policy_tags is not None:
        wanted = {t.pk for t in policy_tags}
        if wanted != set(visit.policy_tags.values_list("pk", flat=True)):
            visit.policy_tags.set(sorted(wanted))
            tags_changed = True
    if parties_changed or tags_changed:
        if not changed:
            Visit.objects.filter(pk=visit.pk).update(version=models.F("version") + 1)
            visit.refresh_from_db(fields=["version"])
        _party_audit(by, visit)
    if visit.direction == VisitDirection.OUTGOING:
        _add_approval_steps(visit)
    return changed or parties_changed or tags_changed


@transaction.atomic
def visit_set_status(*, visit: Visit, by: Actor, status: str, version: int | None = None) -> bool:
    _require_edit(by, visit)
    if status == visit.status:
        return False
    if status not in visit.allowed_statuses(timezone.localdate()):
        raise ServiceError(
            _("A visit moves one step at a time, and is held only once it has begun."),
            fields={"status": [_("This status is not possible now.")]},
        )
    return save_updated(
        visit,
        by=by,
        action="visit.status",
        data={"status": status},
        version=version,
        institution_id=visit.organiser_id,
    )


# Participants -----------------------------------------------------------------------------------


@transaction.atomic
def participant_add(
    *, visit: Visit, by: Actor, person: Person, data: dict[str, Any]
) -> Participant:
    data = _pick(data, PARTICIPANT_FIELDS)
    side = visit.side_of(person.institution_id)
    if side is None:
        if not access.contribution_institution_ids(by, visit):
            raise PermissionDenied
        raise ServiceError(
            _("The person's institution is not a party to this visit."),
            fields={"person": [_("Add the person's institution to the visit first.")]},
        )
    _require_contribution(by, visit, person.institution_id)
    if Participant.objects.filter(visit=visit, person=person).exists():
        raise ServiceError(
            _("This person already takes part in the visit."),
            fields={"person": [_("Already a participant.")]},
        )
    # An empty position or title follows the person's current one: nothing is copied.
    check_position_code(data)
    _next_protocol_order(visit, side, data)
    participant = Participant(
        visit=visit, person=person, institution_id=person.institution_id, side=side, **data
    )
    save_created(participant, by=by, action="participant.add", institution_id=person.institution_id)
    return participant


def _next_protocol_order(visit: Visit, side: str, data: dict[str, Any]) -> None:
    if not data.get("protocol_order"):
        last = Participant.objects.filter(visit=visit, side=side).aggregate(n=Max("protocol_order"))
        data["protocol_order"] = (last["n"] or 0) + 1


@transaction.atomic
def participant_add_group(
    *, visit: Visit, by: Actor, institution: Institution, data: dict[str, Any]
) -> Participant:
    """A group taking part as one row ("staff of the Textile College"): a unit of the
    institution, a name for the group, or both."""
    data = _pick(data, PARTICIPANT_FIELDS + GROUP_FIELDS)
    _party(visit, "institution", institution)
    _require_contribution(by, visit, institution.pk)
    unit = data.get("unit")
    _unit_of(unit, institution.pk, "unit")
    group = data.get("group") or {}
    if unit is None and not any(str(v).strip() for v in dict(group).values()):
        raise ServiceError(
            _("Name the group or choose its unit."),
            fields={"group": [_("Name the group or choose its unit.")]},
        )
    check_position_code(data)
    side = visit.side_of(institution.pk)
    assert side is not None  # _party checked it
    _next_protocol_order(visit, side, data)
    participant = Participant(visit=visit, institution=institution, side=side, **data)
    save_created(participant, by=by, action="participant.add", institution_id=institution.pk)
    return participant


@transaction.atomic
def participant_add_new_person(
    *,
    visit: Visit,
    by: Actor,
    institution: Institution,
    person_data: dict[str, Any],
    data: dict[str, Any],
) -> Participant:
    """Quick add from the visit form: record the person at their institution, then add them."""
    from leizu.institutions.services import person_create

    _party(visit, "institution", institution)
    _require_contribution(by, visit, institution.pk)
    # The position and title typed here are the new person's own; the participation follows.
    for name in ("position_code", "position", "title"):
        if data.get(name):
            person_data[name] = data.pop(name)
    person = person_create(by=by, institution=institution, data=person_data)
    return participant_add(visit=visit, by=by, person=person, data=data)


@transaction.atomic
def participant_update(
    *, participant: Participant, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    _require_contribution(by, participant.visit, participant.institution_id, existing=True)
    return save_updated(
        participant,
        by=by,
        action="participant.update",
        data=_checked_participant_data(participant, data),
        version=version,
        institution_id=participant.institution_id,
    )


def _checked_participant_data(participant: Participant, data: dict[str, Any]) -> dict[str, Any]:
    data = _pick(data, PARTICIPANT_FIELDS + (GROUP_FIELDS if participant.is_group() else ()))
    check_position_code(data)
    _unit_of(data.get("unit"), participant.institution_id, "unit")
    return data


def _unit_of(unit: OrgUnit | None, institution_id: int, name: str) -> None:
    """A unit named for a row must be of the row's institution."""
    if unit is not None and unit.institution_id != institution_id:
        raise ServiceError(
            _("The unit must belong to the institution."),
            fields={name: [_("Choose a unit of the institution.")]},
        )


@transaction.atomic
def participant_remove(*, participant: Participant, by: Actor) -> None:
    _require_contribution(by, participant.visit, participant.institution_id, existing=True)
    _deleted(
        participant, by=by, action="participant.remove", institution_id=participant.institution_id
    )


# Agenda -----------------------------------------------------------------------------------------


def _check_agenda(visit: Visit, item: AgendaItem, participants: list[Participant] | None) -> None:
    unit: OrgUnit | None = item.venue_unit
    if unit is not None and unit.institution_id not in visit.party_ids():
        raise ServiceError(
            _("The venue must be a unit of a party to the visit."),
            fields={"venue_unit": [_("Choose a unit of the host or a guest.")]},
        )
    if item.starts_at is not None:
        local = timezone.localtime(item.starts_at, visit.tzinfo()).date()
        if not visit.start_date <= local <= visit.end_date:
            raise ServiceError(
                _("The item must take place during the visit."),
                fields={"starts_at": [_("Choose a time between the first and the last day.")]},
            )
    for participant in participants or []:
        _same_visit(visit, "participants", participant)


@transaction.atomic
def agenda_item_create(
    *,
    visit: Visit,
    by: Actor,
    data: dict[str, Any],
    participants: Iterable[Participant] = (),
) -> AgendaItem:
    _require_edit(by, visit)
    people = list(participants)
    item = AgendaItem(visit=visit, **_pick(data, AGENDA_FIELDS))
    _check_agenda(visit, item, people)
    save_created(item, by=by, action="agenda.create", institution_id=visit.organiser_id)
    item.participants.set(people)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by: Actor,
    data: dict[str, Any],
    version: int | None,
    participants: Iterable[Participant] | None = None,
) -> bool:
    visit = item.visit
    _require_edit(by, visit)
    data = _pick(data, AGENDA_FIELDS)
    people = list(participants) if participants is not None else None
    probe = AgendaItem(**{**{f: getattr(item, f) for f in AGENDA_FIELDS}, **data})
    _check_agenda(visit, probe, people)
    changed = save_updated(
        item,
        by=by,
        action="agenda.update",
        data=data,
        version=version,
        institution_id=visit.organiser_id,
    )
    if people is not None and {p.pk for p in people} != set(
        item.participants.values_list("pk", flat=True)
    ):
        item.participants.set(people)
        audit_record(
            actor=by,
            action="agenda.participants",
            obj=item,
            institution_id=visit.organiser_id,
            after={"participants": sorted(p.pk for p in people)},
        )
        changed = True
    return changed


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Actor) -> None:
    _require_edit(by, item.visit)
    _deleted(item, by=by, action="agenda.delete", institution_id=item.visit.organiser_id)


# Minutes and outcomes: the parties may record their own ----------------------------------------


def _outcome_institution(kind: str, obj: Any) -> int:
    return obj.institution_id


def _check_outcome(visit: Visit, kind: str, obj: Any) -> None:
    for name in ("speaker", "stated_by", "proposed_by", "agenda_item"):
        if hasattr(obj, f"{name}_id"):
            _same_visit(visit, name, getattr(obj, name))
    if kind == "statement":
        if obj.speaker is not None and obj.speaker.institution_id != obj.institution_id:
            raise ServiceError(
                _("Choose a participant of the same institution."),
                fields={"speaker": [_("Choose a participant of the same institution.")]},
            )
        if obj.kind == "speech" and obj.speaker is None:
            raise ServiceError(_("Choose the speaker."), fields={"speaker": [_("Required.")]})
    _party(visit, "institution", obj.institution)
    _unit_of(getattr(obj, "proposed_by_unit", None), obj.institution_id, "proposed_by_unit")
    if kind != "statement":
        # Who stated it speaks for the institution it is recorded for.
        for name in ("stated_by", "proposed_by"):
            person = getattr(obj, name, None) if hasattr(obj, f"{name}_id") else None
            if person is not None and person.institution_id != obj.institution_id:
                raise ServiceError(
                    _("Choose a participant of the same institution."),
                    fields={name: [_("Choose a participant of the same institution.")]},
                )


_OUTCOMES: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "statement": (Statement, STATEMENT_FIELDS),
    "need": (StatedNeed, NEED_FIELDS),
    "interest": (CooperationInterest, INTEREST_FIELDS),
    "proposal": (Proposal, PROPOSAL_FIELDS),
}


# Needs and wishes one party states together with others: one row, several institutions.
_JOINT_KINDS = ("need", "interest")


def _joint(kind: str, data: dict[str, Any]) -> list[Institution] | None:
    if kind not in _JOINT_KINDS or "also_stated_by" not in data:
        return None
    return list(data.pop("also_stated_by") or [])


def _set_joint(
    kind: str, obj: Any, institutions: list[Institution] | None, by: Actor, visit: Visit
) -> bool:
    if institutions is None:
        return False
    ids = {i.pk for i in institutions} - {obj.institution_id}
    # Only institutions one records for: a party does not speak for another party.
    if ids - access.contribution_institution_ids(by, visit):
        raise ServiceError(
            _("Only parties you record for can state it jointly."),
            fields={"also_stated_by": [_("Choose parties you record for.")]},
        )
    if ids == set(obj.also_stated_by.values_list("pk", flat=True)):
        return False
    obj.also_stated_by.set(sorted(ids))
    audit_record(
        actor=by,
        action=f"{kind}.joint",
        obj=obj,
        institution_id=obj.institution_id,
        after={"also_stated_by": sorted(ids)},
    )
    return True


def _outcome_create(kind: str, *, visit: Visit, by: Actor, data: dict[str, Any]) -> Any:
    model, fields = _OUTCOMES[kind]
    joint = _joint(kind, data)
    data = _pick(data, fields)
    if kind == "statement" and data.get("speaker") is not None and not data.get("institution"):
        data["institution"] = data["speaker"].institution
    if data.get("institution") is None:
        raise ServiceError(_("Choose the institution."), fields={"institution": [_("Required.")]})
    if kind == "need" and not data.get("country"):
        data["country"] = data["institution"].country
    obj = model(visit=visit, **data)
    _check_outcome(visit, kind, obj)
    _require_contribution(by, visit, _outcome_institution(kind, obj))
    if kind in ("statement", "need") and not data.get("order"):
        last = model._default_manager.filter(visit=visit).aggregate(n=Max("order"))  # type: ignore[attr-defined]
        obj.order = (last["n"] or 0) + 1  # type: ignore[attr-defined]
    save_created(
        obj, by=by, action=f"{kind}.create", institution_id=_outcome_institution(kind, obj)
    )
    _set_joint(kind, obj, joint, by, visit)
    return obj


def _outcome_update(
    kind: str, *, obj: Any, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    model, fields = _OUTCOMES[kind]
    visit = obj.visit
    _require_contribution(by, visit, _outcome_institution(kind, obj), existing=True)
    joint = _joint(kind, data)
    data = _pick(data, fields)
    if kind == "statement" and data.get("institution") is None:
        # Left empty: the speaker's institution (a new speaker's), else it stays as it is.
        data.pop("institution", None)
        if data.get("speaker") is not None:
            data["institution"] = data["speaker"].institution
    probe = model(visit=visit, **{**{f: getattr(obj, f) for f in fields}, **data})
    _check_outcome(visit, kind, probe)
    _require_contribution(by, visit, _outcome_institution(kind, probe))
    changed = save_updated(
        obj,
        by=by,
        action=f"{kind}.update",
        data=data,
        version=version,
        institution_id=_outcome_institution(kind, obj),
    )
    return _set_joint(kind, obj, joint, by, visit) or changed


def _outcome_delete(kind: str, *, obj: Any, by: Actor) -> None:
    _require_contribution(by, obj.visit, _outcome_institution(kind, obj), existing=True)
    _deleted(obj, by=by, action=f"{kind}.delete", institution_id=_outcome_institution(kind, obj))


@transaction.atomic
def statement_create(*, visit: Visit, by: Actor, data: dict[str, Any]) -> Statement:
    return _outcome_create("statement", visit=visit, by=by, data=data)


@transaction.atomic
def statement_update(
    *, statement: Statement, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    return _outcome_update("statement", obj=statement, by=by, data=data, version=version)


@transaction.atomic
def statement_delete(*, statement: Statement, by: Actor) -> None:
    _outcome_delete("statement", obj=statement, by=by)


@transaction.atomic
def need_create(*, visit: Visit, by: Actor, data: dict[str, Any]) -> StatedNeed:
    return _outcome_create("need", visit=visit, by=by, data=data)


@transaction.atomic
def needs_create(
    *, visit: Visit, by: Actor, data: dict[str, Any], field_codes: list[str]
) -> list[StatedNeed]:
    """One need per field, with the same details (partners name several fields in one breath);
    all or none."""
    if not field_codes:
        raise ServiceError(_("Choose a field."), fields={"field_codes": [_("Required.")]})
    return [
        _outcome_create("need", visit=visit, by=by, data={**data, "field_code": code})
        for code in dict.fromkeys(field_codes)
    ]


@transaction.atomic
def need_update(*, need: StatedNeed, by: Actor, data: dict[str, Any], version: int | None) -> bool:
    return _outcome_update("need", obj=need, by=by, data=data, version=version)


@transaction.atomic
def need_delete(*, need: StatedNeed, by: Actor) -> None:
    _outcome_delete("need", obj=need, by=by)


@transaction.atomic
def interest_create(*, visit: Visit, by: Actor, data: dict[str, Any]) -> CooperationInterest:
    return _outcome_create("interest", visit=visit, by=by, data=data)


@transaction.atomic
def interests_create(
    *, visit: Visit, by: Actor, data: dict[str, Any], kinds: list[str]
) -> list[CooperationInterest]:
    """One cooperation interest per kind, with the same description; all or none."""
    if not kinds:
        raise ServiceError(_("Choose a kind."), fields={"kinds": [_("Required.")]})
    return [
        _outcome_create("interest", visit=visit, by=by, data={**data, "kind": kind})
        for kind in dict.fromkeys(kinds)
    ]


@transaction.atomic
def interest_update(
    *, interest: CooperationInterest, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    return _outcome_update("interest", obj=interest, by=by, data=data, version=version)


@transaction.atomic
def interest_delete(*, interest: CooperationInterest, by: Actor) -> None:
    _outcome_delete("interest", obj=interest, by=by)


@transaction.atomic
def proposal_create(*, visit: Visit, by: Actor, data: dict[str, Any]) -> Proposal:
    return _outcome_create("proposal", visit=visit, by=by, data=data)


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    return _outcome_update("proposal", obj=proposal, by=by, data=data, version=version)


@transaction.atomic
def proposal_delete(*, proposal: Proposal, by: Actor) -> None:
    _outcome_delete("proposal", obj=proposal, by=by)


# Follow-up actions ------------------------------------------------------------------------------


def _check_action(visit: Visit, action: FollowUpAction) -> None:
    _party(visit, "owner_institution", action.owner_institution)
    if action.internal and action.owner_institution_id != visit.organiser_id:
        raise ServiceError(
            _("An internal action belongs to the organising institution."),
            fields={"internal": [_("Make it responsible to the organising institution.")]},
        )
    if (
        action.owner_unit is not None
        and action.owner_unit.institution_id != action.owner_institution_id
    ):
        raise ServiceError(
            _("The office must be a unit of the responsible institution."),
            fields={"owner_unit": [_("Choose a unit of the responsible institution.")]},
        )
    for name in ("need", "interest", "proposal"):
        _same_visit(visit, name, getattr(action, name))
    if (
        action.owner is not None
        and not action.owner.memberships.filter(
            institution_id__in=(
                [visit.organiser_id] if action.internal else sorted(visit.party_ids())
            ),
            role__in=sorted(access.VISIT_READ_ROLES),
        ).exists()
    ):
        raise ServiceError(
            _("The responsible person must be a staff member of a party to the visit."),
            fields={"owner": [_("Choose somebody of the host or a guest.")]},
        )


def _done_on(data: dict[str, Any], current: FollowUpAction | None) -> None:
    status = data.get("status", current.status if current else None)
    if status == "done" and not (current and current.done_on) and not data.get("done_on"):
        data["done_on"] = timezone.localdate()
    elif status in ("open", "in_progress"):
        data["done_on"] = None


@transaction.atomic
def action_create(*, visit: Visit, by: Actor, data: dict[str, Any]) -> FollowUpAction:
    _require_edit(by, visit)
    data = _pick(data, ACTION_FIELDS)
    if data.get("owner_institution") is None:
        data["owner_institution"] = visit.organiser
    _done_on(data, None)
    action = FollowUpAction(visit=visit, **data)
    _check_action(visit, action)
    save_created(
        action,
        by=by,
        action="action.create",
        institution_id=visit.organiser_id,
        internal=action.internal,
    )
    return action


@transaction.atomic
def action_update(
    *, action: FollowUpAction, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    """Editors change anything; the responsible person and institution only the status."""
    data = _pick(data, ACTION_FIELDS)
    status_only = not (set(data) - {"status"})
    if not access.can_edit_visit(by, action.visit) and not (
        status_only and access.can_update_action_status(by, action)
    ):
        raise PermissionDenied
    _done_on(data, action)
    probe = FollowUpAction(
        visit=action.visit, **{**{f: getattr(action, f) for f in ACTION_FIELDS}, **data}
    )
    _check_action(action.visit, probe)
    return save_updated(
        action,
        by=by,
        action="action.update",
        data=data,
        version=version,
        institution_id=action.visit.organiser_id,
        internal=action.internal or bool(data.get("internal")),
    )


@transaction.atomic
def action_delete(*, action: FollowUpAction, by: Actor) -> None:
    _require_edit(by, action.visit)
    _deleted(
        action,
        by=by,
        action="action.delete",
        institution_id=action.visit.organiser_id,
        internal=action.internal,
    )


# Reports ----------------------------------------------------------------------------------------


def _report_language(language: str) -> None:
    if language not in REPORT_LANGUAGES:
        raise ServiceError(
            _("Reports are drafted in Chinese, English, Russian, Kazakh and Uzbek."),
            fields={"language": [_("Choose zh-hans, en, ru, kk or uz.")]},
        )


@transaction.atomic
def report_generate(*, visit: Visit, by: Actor, language: str) -> VisitReport:
    """Draft (or draft again) the report in ``language`` from the visit's record."""
    return reports_generate(visit=visit, by=by, languages=[language])[0]


@transaction.atomic
def reports_generate(
    *, visit: Visit, by: Actor, languages: Iterable[str] = REPORT_LANGUAGES
) -> list[VisitReport]:
    """Draft the report in each of ``languages`` from one reading of the visit's record."""
    _require_edit(by, visit)
    languages = list(languages)
    for language in languages:
        _report_language(language)
    record = selectors.visit_record(actor=by, pk=visit.pk)
    return [_report_draft(visit, by, language, record) for language in languages]


@transaction.atomic
def reports_generate_unpublished(*, visit: Visit, by: Actor) -> list[VisitReport]:
    """Draft the report in every language it is not published in yet (published ones stay)."""
    published = set(
        visit.reports.filter(status=ReportStatus.PUBLISHED).values_list("language", flat=True)
    )
    languages = [code for code in REPORT_LANGUAGES if code not in published]
    return reports_generate(visit=visit, by=by, languages=languages) if languages else []


def _report_draft(
    visit: Visit, by: Actor, language: str, record: selectors.VisitRecord
) -> VisitReport:
    from leizu.visits.report import draft_report

    title, body = draft_report(record, language)
    report = VisitReport.objects.select_for_update().filter(visit=visit, language=language).first()
    now = timezone.now()
    if report is None:
        report = VisitReport(
            visit=visit, language=language, title=title, body=body, generated_at=now
        )
        save_created(
            report,
            by=by,
            action="report.generate",
            institution_id=visit.organiser_id,
            internal=True,  # a draft is the organiser's until published
        )
        return report
    if report.status == ReportStatus.PUBLISHED:
        raise ServiceError(
            _("This report is published; edit its text instead of drafting it again.")
        )
    save_updated(
        report,
        by=by,
        action="report.generate",
        data={"title": title, "body": body, "generated_at": now},
        version=None,
        institution_id=visit.organiser_id,
        internal=True,
    )
    return report


@transaction.atomic
def report_update(
    *, report: VisitReport, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    _require_edit(by, report.visit)
    data = _pick(data, REPORT_FIELDS)
    if "body" in data:
        # One paragraph per blank-line-separated block; keep Windows line ends out.
        data["body"] = data["body"].replace("\r\n", "\n").strip()
    return save_updated(
        report,
        by=by,
        action="report.update",
        data=data,
        version=version,
        institution_id=report.visit.organiser_id,
        internal=report.status != ReportStatus.PUBLISHED,
    )


@transaction.atomic
def report_publish(*, report: VisitReport, by: Actor, version: int | None = None) -> bool:
    """Publish the report; a held visit becomes reported."""
    visit = report.visit
    _require_edit(by, visit)
    if report.status == ReportStatus.PUBLISHED:
        return False
    save_updated(
        report,
        by=by,
        action="report.publish",
        data={
            "status": ReportStatus.PUBLISHED,
            "published_at": timezone.now(),
            "published_by": by.user,
        },
        version=version,
        institution_id=visit.organiser_id,
    )
    if visit.status == VisitStatus.HELD:
        save_updated(
            visit,
            by=by,
            action="visit.status",
            data={"status": VisitStatus.REPORTED},
            version=None,
            institution_id=visit.organiser_id,
        )
    return True


# Approval steps of an outgoing visit -----------------------------------------------------------


@transaction.atomic
def approval_step_update(
    *, step: ApprovalStep, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    _require_edit(by, step.visit)
    return save_updated(
        step,
        by=by,
        action="approval.update",
        data=_pick(data, APPROVAL_FIELDS),
        version=version,
        institution_id=step.visit.organiser_id,
        internal=True,
    )


# Attachments and photos -------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, visit: Visit, by: Actor, upload: Any, caption: dict[str, str] | None = None
) -> VisitAttachment:
    from leizu.core.files import stored_file_create
    from leizu.core.multilingual import Multilingual

    _require_edit(by, visit)
    stored = stored_file_create(upload=upload, by=by.user, institution_id=visit.organiser_id)
    attachment = VisitAttachment(
        visit=visit, file=stored, caption=Multilingual(caption or {}), is_photo=stored.is_image()
    )
    save_created(attachment, by=by, action="attachment.add", institution_id=visit.organiser_id)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: VisitAttachment, by: Actor) -> None:
    """Remove the attachment and its file: nothing of it stays downloadable."""
    from leizu.core.files import stored_file_delete

    _require_edit(by, attachment.visit)
    stored = attachment.file
    _deleted(
        attachment, by=by, action="attachment.remove", institution_id=attachment.visit.organiser_id
    )
    stored_file_delete(stored=stored, by=by.user)


# Reminders --------------------------------------------------------------------------------------


def action_reminders_send(*, today: datetime.date) -> int:
    """E-mail each responsible person their actions that are due soon or overdue.

    One e-mail per person, in their language. An action is reminded once when it comes within
    ``REMIND_BEFORE_DAYS`` of its due date, again once it is overdue, then weekly
    (``FollowUpAction.reminder_due``). Running this
    twice on one day sends nothing the second time. Returns the number of e-mails sent.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    horizon = today + datetime.timedelta(days=REMIND_BEFORE_DAYS)
    candidates = (
        FollowUpAction.objects.filter(
            status__in=("open", "in_progress"),
            owner__isnull=False,
            owner__is_active=True,
            due_date__lte=horizon,
        )
        .exclude(owner__email="")
        .select_related("owner", "visit")
        .order_by("owner_id", "due_date", "id")
    )
    by_owner: dict[int, list[FollowUpAction]] = {}
    for action in candidates:
        if action.reminder_due(today):
            by_owner.setdefault(action.owner_id, []).append(action)  # type: ignore[arg-type]
    sent = 0
    base = settings.LEIZU_BASE_URL.rstrip("/")
    for actions in by_owner.values():
        owner = actions[0].owner
        language = owner.preferred_language or settings.LANGUAGE_CODE  # type: ignore[union-attr]
        with translation.override(language):
            subject = _("Leizu: follow-up actions due")
            body = render_to_string(
                "visits/reminder_email.txt",
                {
                    "owner": owner,
                    "actions": actions,
                    "today": today,
                    "base": base,
                    "board": base + reverse("visits:board") + "?scope=mine",
                },
            )
        with transaction.atomic():
            send_mail(subject, body, None, [owner.email])  # type: ignore[union-attr]
            FollowUpAction.objects.filter(pk__in=[a.pk for a in actions]).update(
                last_reminded_on=today
            )
            audit_record(
                actor=None,
                action="action.remind",
                object_type="visits.followupaction",
                label=owner.email,  # type: ignore[union-attr]
                after={"actions": [a.pk for a in actions], "on": today.isoformat()},
            )
        sent += 1
    return sent


# Policy contexts ---------------------------------------------------------------------------------


@transaction.atomic
def policy_tag_create(*, by: Actor, data: dict[str, Any]) -> PolicyTag:
    if not by.manages_network:
        raise PermissionDenied
    tag = PolicyTag(**_pick(data, ("slug", "name", "description")))
    save_created(tag, by=by, action="policy_tag.create", institution_id=None)
    return tag
