"""Reads of visits, always scoped to an actor by the rule in ``visits/access.py``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from leizu.core.access import Actor, get_or_404
from leizu.institutions.models import Institution, OrgUnit, Person
from leizu.visits.access import (
    VISIT_READ_ROLES,
    can_edit_visit,
    contribution_institution_ids,
    is_owning_side,
    owning_side_q,
    visible_actions_q,
    visible_visits_q,
)
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

# Lists show the delegation first, then who accompanies it, then the hosts.
SIDE_ORDER: dict[str, int] = {Side.GUEST: 0, Side.ACCOMPANYING: 1, Side.HOST: 2}


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
    person = ("person", "person__unit", "person__institution", "unit", "institution")
    qs = Visit.objects.filter(visible_visits_q(actor)).select_related(
        "host", "organiser", "created_by"
    )
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
                "institution",
                "speaker__person",
                "speaker__person__unit",
                "speaker__unit",
                "speaker__institution",
                "agenda_item",
            ),
        ),
        Prefetch(
            "needs",
            queryset=StatedNeed.objects.select_related(
                "institution", "stated_by__person", "stated_by__unit"
            ).prefetch_related("also_stated_by"),
        ),
        Prefetch(
            "interests",
            queryset=CooperationInterest.objects.select_related(
                "institution", "stated_by__person", "stated_by__unit"
            ).prefetch_related("also_stated_by"),
        ),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.select_related(
                "institution",
                "proposed_by__person",
                "proposed_by__unit",
                "proposed_by__institution",
                "proposed_by_unit",
            ),
        ),
        Prefetch(
            "actions",
            queryset=FollowUpAction.objects.filter(
                Q(internal=False) | owning_side_q(actor, "visit__")
            ).select_related(
                "owner", "owner_unit", "owner_institution", "need", "interest", "proposal"
            ),
        ),
        Prefetch(
            "approval_steps",
            queryset=ApprovalStep.objects.filter(owning_side_q(actor, "visit__")).select_related(
                "owner"
            ),
        ),
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
    "participant": ("person", "unit", "institution"),
    "statement": ("speaker__person", "speaker__unit"),
    "need": ("institution",),
    "interest": ("institution",),
    "proposal": ("institution",),
    "action": ("owner_institution", "owner"),
    "attachment": ("file",),
}


def _item_q(actor: Actor, kind: str) -> Q:
    """Rows of this kind the actor sees: internal ones only on the organising side."""
    if kind == "approval":
        return visible_visits_q(actor, "visit__") & owning_side_q(actor, "visit__")
    if kind == "action":
        return visible_actions_q(actor)
    return visible_visits_q(actor, "visit__")


def item_get(*, actor: Actor, kind: str, pk: Any) -> Any:
    """A part of a visit (participant, agenda item, …) the actor sees, with its visit."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    qs = model._default_manager.filter(_item_q(actor, kind)).select_related(
        "visit", "visit__host", *_ITEM_RELATED.get(kind, ())
    )
    qs = qs.prefetch_related(
        Prefetch("visit__parties", queryset=VisitParty.objects.select_related("institution"))
    )
    return get_or_404(qs, pk=pk)


def item_list(*, actor: Actor, visit: Visit, kind: str) -> QuerySet[Any]:
    """The rows of one kind of a visit the actor sees; the organiser's internal rows (approval
    steps) are a 404 for the other parties."""
    if kind == "approval" and not is_owning_side(actor, visit):
        raise Http404
    model = ITEM_MODELS[kind]
    qs = model._default_manager.filter(_item_q(actor, kind), visit=visit)
    qs = qs.select_related(*_ITEM_RELATED.get(kind, ()))
    if kind in ("need", "interest"):
        qs = qs.prefetch_related("also_stated_by")
    return qs


def report_get(*, actor: Actor, visit: Visit, language: str) -> VisitReport | None:
    """The report in ``language`` if the actor may read it (drafts: editors only)."""
    if language not in REPORT_LANGUAGES:
        raise Http404
    report = VisitReport.objects.filter(visit=visit, language=language).first()
    if report and report.status != ReportStatus.PUBLISHED and not can_edit_visit(actor, visit):
        return None
    return report


# Choices for forms -----------------------------------------------------------------------------


def people_for_visit(*, visit: Visit, institution_ids: set[int]) -> QuerySet[Person]:
    """People of these parties of the visit not yet taking part (whom one may add)."""
    return (
        Person.objects.filter(institution_id__in=sorted(visit.party_ids() & institution_ids))
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
    qs = FollowUpAction.objects.filter(visible_actions_q(actor), status__in=OPEN_ACTION_STATUSES)
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


def need_figures(
    *,
    actor: Actor,
    date_from: datetime.date,
    date_to: datetime.date,
    country: str | None = None,
    field_code: str | None = None,
    isco_code: str | None = None,
) -> list[tuple[str, str, str, Any, Any, datetime.date]]:
    """Needs stated in every visit, as figures: an aggregate across institutions that reveals
    only field, occupation, country, region, headcount and the visit's date, never which visit,
    institution or person stated them. For staff-side readers (students get nothing)."""
    if not (actor.is_authenticated and actor.is_staff_side):
        return []
    qs = StatedNeed.objects.filter(
        visit__start_date__gte=date_from,
        visit__start_date__lte=date_to,
        headcount__isnull=False,
    )
    if country:
        qs = qs.filter(country=country)
    if field_code:
        qs = qs.filter(field_code__startswith=field_code)
    if isco_code:
        qs = qs.filter(isco_code=isco_code)
    return list(
        qs.values_list(
            "field_code", "isco_code", "country", "region", "headcount", "visit__start_date"
        ).order_by()
    )
