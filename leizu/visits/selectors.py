"""Reads of visits, always scoped to an actor. The access rule of visits is decided here.

Who sees a visit
    A member in a staff role (admin, coordinator, staff, viewer, teacher) of one of the visit's
    parties: its host, a guest or an accompanying institution. Platform operators see every
    visit. Students see no visits, and host-college staff do not see visits between two other
    institutions: a visit is the business of its parties.

Who edits a visit (its data, participants, agenda, minutes, outcomes, actions, reports)
    Admins, coordinators and staff of the host institution; network managers (admins and
    coordinators of a host college) when that host college is a party, on any side; operators.

Who contributes
    Admins, coordinators and staff of a guest or accompanying institution may record and change
    their own institution's statements, stated needs, cooperation interests and proposals.
    Everything else of the visit is read-only for them.

Follow-up actions
    Besides the editors, the responsible person and the responsible institution's admins,
    coordinators and staff may change an action's status (mark it done).

Reports
    Drafts are read by editors only; a published report by everybody who sees the visit.

Outside one's reach is a 404 (the visit is not confirmed to exist); seen but not editable is a
PermissionDenied (403).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from leizu.core.access import (
    NETWORK_EDIT_ROLES,
    NETWORK_READ_ROLES,
    OWN_EDIT_ROLES,
    Actor,
    get_or_404,
)
from leizu.institutions.models import Institution, OrgUnit, Person
from leizu.visits.models import (
    OPEN_ACTION_STATUSES,
    REPORT_LANGUAGES,
    AgendaItem,
    ApprovalStep,
    CooperationInterest,
    FollowUpAction,
    Participant,
    Proposal,
    ReportStatus,
    Side,
    StatedNeed,
    Statement,
    Visit,
    VisitAttachment,
    VisitParty,
    VisitReport,
)

# Staff roles: the roles that see the visits of their institution (students do not).
VISIT_READ_ROLES = NETWORK_READ_ROLES
# Lists of participants show the delegation first, then who accompanies it, then the hosts.
SIDE_ORDER: dict[str, int] = {Side.GUEST: 0, Side.ACCOMPANYING: 1, Side.HOST: 2}


def _institution_ids(actor: Actor, roles: frozenset[str], host_only: bool = False) -> list[int]:
    return sorted(
        {
            m.institution_id
            for m in actor.memberships
            if m.role in roles and (m.is_host or not host_only)
        }
    )


def _parties_of(ids: list[int]) -> Any:
    """The ids of the visits these institutions are guests or accompanying of (a subquery)."""
    return VisitParty.objects.filter(institution_id__in=ids).values("visit_id")


def visible_visits_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose visit (at ``path``, e.g. "visit__") the actor sees."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_operator:
        return Q()
    ids = _institution_ids(actor, VISIT_READ_ROLES)
    return Q(**{f"{path}host_id__in": ids}) | Q(**{f"{path}pk__in": _parties_of(ids)})


def editable_visits_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose visit the actor may edit (see the module docstring)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_operator:
        return Q()
    own = _institution_ids(actor, OWN_EDIT_ROLES)
    managed = _institution_ids(actor, NETWORK_EDIT_ROLES, host_only=True)
    return (
        Q(**{f"{path}host_id__in": own})
        | Q(**{f"{path}host_id__in": managed})
        | Q(**{f"{path}pk__in": _parties_of(managed)})
    )


def may_edit_parties(actor: Actor, host_id: int, party_ids: set[int]) -> bool:
    """Whether the actor may edit a visit with this host and these parties (host included)."""
    if actor.is_operator:
        return True
    if host_id in _institution_ids(actor, OWN_EDIT_ROLES):
        return True
    return bool(set(_institution_ids(actor, NETWORK_EDIT_ROLES, host_only=True)) & party_ids)


def can_edit_visit(actor: Actor, visit: Visit) -> bool:
    return actor.is_authenticated and may_edit_parties(actor, visit.host_id, visit.party_ids())


def can_create_visit(actor: Actor) -> bool:
    """Anybody who could edit some visit: staff of an institution, or an operator."""
    return actor.is_operator or bool(_institution_ids(actor, OWN_EDIT_ROLES))


def contribution_institution_ids(actor: Actor, visit: Visit) -> set[int]:
    """Institutions whose statements, needs, interests and proposals the actor may record."""
    if can_edit_visit(actor, visit):
        return visit.party_ids()
    return visit.party_ids() & set(_institution_ids(actor, OWN_EDIT_ROLES))


def can_update_action_status(actor: Actor, action: FollowUpAction) -> bool:
    if can_edit_visit(actor, action.visit):
        return True
    if actor.user is not None and action.owner_id == actor.user.pk:
        return True
    return action.owner_institution_id in _institution_ids(actor, OWN_EDIT_ROLES)


def creatable_host_ids(actor: Actor) -> list[int] | None:
    """Institutions the actor may host a visit at directly (None: any, for operators)."""
    if actor.is_operator:
        return None
    return _institution_ids(actor, OWN_EDIT_ROLES)


# Lists and single visits -------------------------------------------------------------------


def _with_parties(qs: QuerySet[Visit]) -> QuerySet[Visit]:
    return qs.select_related("host").prefetch_related(
        Prefetch("parties", queryset=VisitParty.objects.select_related("institution"))
    )


def visit_list(
    *,
    actor: Actor,
    status: str | None = None,
    direction: str | None = None,
    institution_id: int | None = None,
    year: int | None = None,
) -> QuerySet[Visit]:
    qs = Visit.objects.filter(visible_visits_q(actor))
    if status:
        qs = qs.filter(status=status)
    if direction:
        qs = qs.filter(direction=direction)
    if institution_id:
        qs = qs.filter(
            Q(host_id=institution_id)
            | Q(pk__in=VisitParty.objects.filter(institution_id=institution_id).values("visit_id"))
        )
    if year:
        qs = qs.filter(start_date__year=year)
    return _with_parties(qs).prefetch_related("policy_tags")


def visit_get(*, actor: Actor, pk: Any) -> Visit:
    return get_or_404(_with_parties(Visit.objects.filter(visible_visits_q(actor))), pk=pk)


def visit_get_for_edit(*, actor: Actor, pk: Any) -> Visit:
    """The visit if the actor may edit it; 404 if unseen; PermissionDenied if read-only."""
    visit = visit_get(actor=actor, pk=pk)
    if not can_edit_visit(actor, visit):
        raise PermissionDenied
    return visit


def upcoming_visits(*, actor: Actor, today: datetime.date, limit: int = 5) -> list[Visit]:
    qs = visit_list(actor=actor).filter(end_date__gte=today).exclude(status="closed")
    return list(qs.order_by("start_date", "id")[:limit])


@dataclass
class VisitRecord:
    """A visit with everything recorded about it, read in a fixed number of queries."""

    visit: Visit
    parties: list[VisitParty]
    participants: list[Participant]
    agenda: list[AgendaItem]
    statements: list[Statement]
    needs: list[StatedNeed]
    interests: list[CooperationInterest]
    proposals: list[Proposal]
    actions: list[FollowUpAction]
    approval_steps: list[ApprovalStep]
    attachments: list[VisitAttachment]
    reports: dict[str, VisitReport]
    can_edit: bool
    contribution_ids: set[int] = field(default_factory=set)

    def institutions(self) -> list[Institution]:
        return [self.visit.host, *(p.institution for p in self.parties)]

    def parties_on(self, side: str) -> list[Institution]:
        if side == Side.HOST:
            return [self.visit.host]
        return [p.institution for p in self.parties if p.side == side]

    def participants_on(self, side: str) -> list[Participant]:
        return [p for p in self.participants if p.side == side]

    def guests(self) -> list[Institution]:
        return self.parties_on(Side.GUEST)

    def accompanying(self) -> list[Institution]:
        return self.parties_on(Side.ACCOMPANYING)

    def photos(self) -> list[VisitAttachment]:
        return [a for a in self.attachments if a.is_photo]

    def documents(self) -> list[VisitAttachment]:
        return [a for a in self.attachments if not a.is_photo]


def visit_record(*, actor: Actor, pk: Any) -> VisitRecord:
    person = ("person", "person__unit", "institution")
    qs = Visit.objects.filter(visible_visits_q(actor)).select_related("host", "created_by")
    qs = qs.prefetch_related(
        Prefetch("parties", queryset=VisitParty.objects.select_related("institution")),
        "policy_tags",
        Prefetch("participants", queryset=Participant.objects.select_related(*person)),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("venue_unit").prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related(*person))
            ),
        ),
        Prefetch(
            "statements",
            queryset=Statement.objects.select_related(
                "speaker__person", "speaker__person__unit", "speaker__institution", "agenda_item"
            ),
        ),
        Prefetch(
            "needs",
            queryset=StatedNeed.objects.select_related("institution", "stated_by__person"),
        ),
        Prefetch(
            "interests",
            queryset=CooperationInterest.objects.select_related("institution", "stated_by__person"),
        ),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.select_related(
                "institution", "proposed_by__person", "proposed_by__institution"
            ),
        ),
        Prefetch(
            "actions",
            queryset=FollowUpAction.objects.select_related(
                "owner", "owner_unit", "owner_institution", "need", "interest", "proposal"
            ),
        ),
        Prefetch("approval_steps", queryset=ApprovalStep.objects.select_related("owner")),
        Prefetch("attachments", queryset=VisitAttachment.objects.select_related("file")),
        "reports",
    )
    visit = get_or_404(qs, pk=pk)
    can_edit = can_edit_visit(actor, visit)
    reports = {
        r.language: r for r in visit.reports.all() if can_edit or r.status == ReportStatus.PUBLISHED
    }
    return VisitRecord(
        visit=visit,
        parties=list(visit.parties.all()),
        participants=sorted(
            visit.participants.all(), key=lambda p: (SIDE_ORDER[p.side], p.protocol_order, p.pk)
        ),
        agenda=list(visit.agenda_items.all()),
        statements=list(visit.statements.all()),
        needs=list(visit.needs.all()),
        interests=list(visit.interests.all()),
        proposals=list(visit.proposals.all()),
        actions=list(visit.actions.all()),
        approval_steps=list(visit.approval_steps.all()),
        attachments=list(visit.attachments.all()),
        reports=reports,
        can_edit=can_edit,
        contribution_ids=contribution_institution_ids(actor, visit),
    )


# Parts of a visit ----------------------------------------------------------------------------

ITEM_MODELS: dict[str, type[models.Model]] = {
    "participant": Participant,
    "agenda": AgendaItem,
    "statement": Statement,
    "need": StatedNeed,
    "interest": CooperationInterest,
    "proposal": Proposal,
    "action": FollowUpAction,
    "approval": ApprovalStep,
    "attachment": VisitAttachment,
}
_ITEM_RELATED: dict[str, tuple[str, ...]] = {
    "participant": ("person", "institution"),
    "statement": ("speaker__person",),
    "need": ("institution",),
    "interest": ("institution",),
    "proposal": ("institution",),
    "action": ("owner_institution", "owner"),
    "attachment": ("file",),
}


def item_get(*, actor: Actor, kind: str, pk: Any) -> Any:
    """A part of a visit (participant, agenda item, …) the actor sees, with its visit."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    qs = model._default_manager.filter(visible_visits_q(actor, "visit__")).select_related(
        "visit", "visit__host", *_ITEM_RELATED.get(kind, ())
    )
    qs = qs.prefetch_related(
        Prefetch("visit__parties", queryset=VisitParty.objects.select_related("institution"))
    )
    return get_or_404(qs, pk=pk)


def item_list(*, actor: Actor, visit: Visit, kind: str) -> QuerySet[Any]:
    model = ITEM_MODELS[kind]
    qs = model._default_manager.filter(visible_visits_q(actor, "visit__"), visit=visit)
    return qs.select_related(*_ITEM_RELATED.get(kind, ()))


def report_get(*, actor: Actor, visit: Visit, language: str) -> VisitReport | None:
    """The report in ``language`` if the actor may read it (drafts: editors only)."""
    if language not in REPORT_LANGUAGES:
        raise Http404
    report = VisitReport.objects.filter(visit=visit, language=language).first()
    if report and report.status != ReportStatus.PUBLISHED and not can_edit_visit(actor, visit):
        return None
    return report


# Choices for forms -----------------------------------------------------------------------------


def people_for_visit(*, actor: Actor, visit: Visit) -> QuerySet[Person]:
    """People of the visit's parties (whom one may add as participants)."""
    return (
        Person.objects.filter(institution_id__in=sorted(visit.party_ids()))
        .exclude(visit_participations__visit=visit)
        .select_related("institution")
        .order_by("institution_id", "family_name", "given_name", "id")
    )


def units_for_visit(*, visit: Visit) -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.filter(institution_id__in=sorted(visit.party_ids()))
        .select_related("institution")
        .order_by("institution_id", "id")
    )


def users_for_visit(*, visit: Visit) -> QuerySet[Any]:
    """Users in a staff role at one of the parties: who may own a follow-up action."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__institution_id__in=sorted(visit.party_ids()),
            memberships__role__in=sorted(VISIT_READ_ROLES),
        )
        .distinct()
        .order_by("display_name", "email")
    )


# Follow-up actions across visits ---------------------------------------------------------------

BOARD_SCOPES = ("mine", "office", "overdue", "all")


def action_board(*, actor: Actor, scope: str, today: datetime.date) -> QuerySet[FollowUpAction]:
    """Open actions of the visits the actor sees: mine, my institution's, overdue or all."""
    qs = FollowUpAction.objects.filter(
        visible_visits_q(actor, "visit__"), status__in=OPEN_ACTION_STATUSES
    )
    if scope == "mine":
        qs = qs.filter(owner_id=actor.user.pk if actor.user is not None else None)
    elif scope == "office":
        qs = qs.filter(owner_institution_id__in=sorted(actor.institution_ids))
    elif scope == "overdue":
        qs = qs.filter(due_date__lt=today)
    return qs.select_related(
        "visit", "owner", "owner_unit", "owner_institution", "need", "interest", "proposal"
    ).order_by("due_date", "id")


def overdue_actions(*, actor: Actor, today: datetime.date) -> QuerySet[FollowUpAction]:
    return action_board(actor=actor, scope="overdue", today=today)


def need_list(
    *, actor: Actor, country: str | None = None, field_code: str | None = None
) -> QuerySet[StatedNeed]:
    """Talent needs stated during the visits the actor sees: evidence for the talent analysis."""
    qs = StatedNeed.objects.filter(visible_visits_q(actor, "visit__"))
    if country:
        qs = qs.filter(country=country)
    if field_code:
        qs = qs.filter(field_code__startswith=field_code)
    return qs.select_related("visit", "institution").order_by("-visit__start_date", "order", "id")


def visits_of_institution(*, actor: Actor, institution_id: int) -> list[Visit]:
    """For the institution profile's timeline: one query, whatever the number of visits."""
    qs = Visit.objects.filter(visible_visits_q(actor)).filter(
        Q(host_id=institution_id)
        | Q(pk__in=VisitParty.objects.filter(institution_id=institution_id).values("visit_id"))
    )
    return list(qs.order_by("-start_date", "-id")[:50])
