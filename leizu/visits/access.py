"""The access rule of visits: who sees a visit, who edits it, and whose rows are whose.

Who sees a visit
    A member in a staff role (admin, coordinator, staff, viewer, teacher) of one of the visit's
    parties: its host, a guest or an accompanying institution. Platform operators see every
    visit. Students see no visits, and host-college staff do not see visits between two other
    institutions: a visit is the business of its parties.

Who edits a visit (its data, agenda, minutes, actions, reports, attachments)
    Admins, coordinators and staff of the visit's organising institution (``Visit.organiser``:
    the host of an incoming visit, the travelling college of an outgoing one), and operators.

Each party's own rows
    Admins, coordinators and staff of any party record and change their own institution's
    participants, statements, stated needs, cooperation interests and proposals; the organiser
    records them for every party. Nobody else changes another party's rows.

The organiser's internal rows
    Trip approval steps and internal follow-up actions belong to the organiser: only its staff
    see them (everybody else gets a 404), only its editors change them.

Follow-up actions
    Besides the editors, the responsible person and the responsible institution's admins,
    coordinators and staff may change an action's status (mark it done).

Reports
    Drafts are read by editors only; a published report by everybody who sees the visit.

Outside one's reach is a 404 (the visit is not confirmed to exist); seen but not editable is a
PermissionDenied (403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from leizu.core.access import NETWORK_READ_ROLES, OWN_EDIT_ROLES, Actor

if TYPE_CHECKING:
    from leizu.institutions.models import Institution
    from leizu.visits.models import FollowUpAction, Visit

# Staff roles: the roles that see the visits of their institution (students do not).
VISIT_READ_ROLES = NETWORK_READ_ROLES


def _ids(actor: Actor, roles: frozenset[str]) -> list[int]:
    return sorted({m.institution_id for m in actor.memberships if m.role in roles})


def reader_institution_ids(actor: Actor) -> list[int]:
    """Institutions whose visits the actor reads (a staff role there)."""
    return _ids(actor, VISIT_READ_ROLES)


def editor_institution_ids(actor: Actor) -> list[int]:
    """Institutions for which the actor records and edits (admin, coordinator, staff)."""
    return _ids(actor, OWN_EDIT_ROLES)


def sees_visits(actor: Actor) -> bool:
    return actor.is_operator or bool(reader_institution_ids(actor))


def visible_visits_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose visit (at ``path``, e.g. "visit__") the actor sees."""
    from leizu.visits.models import VisitParty

    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_operator:
        return Q()
    ids = reader_institution_ids(actor)
    parties = VisitParty.objects.filter(institution_id__in=ids).values("visit_id")
    return Q(**{f"{path}host_id__in": ids}) | Q(**{f"{path}pk__in": parties})


def editable_visits_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose visit the actor edits: its organiser's staff."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_operator:
        return Q()
    return Q(**{f"{path}organiser_id__in": editor_institution_ids(actor)})


def owning_side_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose visit's organiser the actor belongs to (its internal rows)."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_operator:
        return Q()
    return Q(**{f"{path}organiser_id__in": reader_institution_ids(actor)})


def visible_actions_q(actor: Actor, path: str = "") -> Q:
    """Follow-up actions the actor sees: those of visible visits, internal ones to the organiser."""
    return visible_visits_q(actor, f"{path}visit__") & (
        Q(**{f"{path}internal": False}) | owning_side_q(actor, f"{path}visit__")
    )


def can_edit_visit(actor: Actor, visit: Visit) -> bool:
    return actor.is_authenticated and (
        actor.is_operator or visit.organiser_id in editor_institution_ids(actor)
    )


def is_owning_side(actor: Actor, visit: Visit) -> bool:
    """Whether the actor belongs to the organiser, and so sees its internal rows."""
    return actor.is_authenticated and (
        actor.is_operator or visit.organiser_id in reader_institution_ids(actor)
    )


def can_create_visit(actor: Actor) -> bool:
    """Anybody who could organise some visit: staff of an institution, or an operator."""
    return actor.is_operator or bool(editor_institution_ids(actor))


def creatable_host_ids(actor: Actor) -> list[int] | None:
    """Institutions the actor may host a visit at directly (None: any, for operators)."""
    if actor.is_operator:
        return None
    return editor_institution_ids(actor)


def organiser_for(
    actor: Actor,
    *,
    direction: str,
    host: Institution,
    guests: Iterable[Institution],
    accompanying: Iterable[Institution],
) -> Institution:
    """The party that keeps a new visit: the host of an incoming visit; of an outgoing one, the
    travelling guest (or accompanying institution) the actor works for. PermissionDenied when
    the actor works for none of them: nobody records a visit in another institution's name."""
    if direction == "outgoing":
        candidates = [*guests, *accompanying]
    else:
        candidates = [host]
    if actor.is_operator and candidates:
        return candidates[0]
    own = set(editor_institution_ids(actor))
    for institution in candidates:
        if institution.pk in own:
            return institution
    raise PermissionDenied


def contribution_institution_ids(actor: Actor, visit: Visit) -> set[int]:
    """Institutions whose participants, statements, needs, interests and proposals the actor
    records: every party for the visit's editors, else the actor's own parties."""
    if can_edit_visit(actor, visit):
        return visit.party_ids()
    return visit.party_ids() & set(editor_institution_ids(actor))


def require_contribution(
    actor: Actor, visit: Visit, institution_id: int, *, existing: bool = False
) -> None:
    """May ``actor`` record for this institution? Another party's existing row is not theirs
    to touch (PermissionDenied); choosing another party for a new row is a mistake in the
    input (ServiceError)."""
    from django.utils.translation import gettext as _

    from leizu.core.errors import ServiceError

    allowed = contribution_institution_ids(actor, visit)
    if not allowed or (existing and institution_id not in allowed):
        raise PermissionDenied
    if institution_id not in allowed:
        raise ServiceError(
            _("You may record this only for your own institution."),
            fields={"institution": [_("Choose your own institution.")]},
        )


def require_edit(actor: Actor, visit: Visit) -> None:
    if not can_edit_visit(actor, visit):
        raise PermissionDenied


def can_update_action_status(actor: Actor, action: FollowUpAction) -> bool:
    if can_edit_visit(actor, action.visit):
        return True
    if action.internal and not is_owning_side(actor, action.visit):
        return False
    if actor.user is not None and action.owner_id == actor.user.pk:
        return True
    return action.owner_institution_id in editor_institution_ids(actor)
