"""The access rule of talent, on top of ``core.access``:

- Readers: every signed-in member except students. Students (actors whose only role is
  student) see nothing of talent: every talent page and operation is a 404 for them.
- Evidence (postings, stated needs, survey rows, imports): actors who see the network
  (``actor.sees_network``: host staff, analysts working at a host institution, operators) see
  all of it; everybody else sees the evidence of their own institutions (the needs they stated,
  the postings and survey rows their institution imported).
- Figures (demand, supply, gap indices, trends, map) are aggregates over all evidence and are
  shown to every reader: a partner sees the whole picture but, drilling down, only the rows it
  may see.
- Importing postings or survey rows, stating needs and reviewing classifications: admins,
  coordinators and staff, for their own institution; host admins, coordinators and staff for any.
- Supply (graduates): read by every reader, edited by network managers only.
- Taxonomy extensions (aliases, skills) are read by every reader and added by anyone who may
  import; an extension is changed or removed by its institution or a network manager.
- Anything outside reach is a 404; a row one may read but not change answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from leizu.core.access import OWN_EDIT_ROLES, Actor

if TYPE_CHECKING:
    from leizu.talent.models import OccupationAlias, Posting, SkillTerm, StatedNeed


def can_read(actor: Actor) -> bool:
    return actor.is_authenticated and actor.is_staff_side


def require_read(actor: Actor) -> None:
    """404 for those who see nothing of talent (anonymous callers get the login first)."""
    if not can_read(actor):
        raise Http404


def sees_all_evidence(actor: Actor) -> bool:
    return can_read(actor) and actor.sees_network


def edits_all_evidence(actor: Actor) -> bool:
    """Host admins, coordinators and staff (and operators) may change any evidence."""
    return actor.is_operator or any(
        m.is_host and m.role in OWN_EDIT_ROLES for m in actor.memberships
    )


def editor_institution_ids(actor: Actor) -> list[int]:
    """Institutions on whose behalf the actor may import, state needs and review."""
    return sorted({m.institution_id for m in actor.memberships if m.role in OWN_EDIT_ROLES})


def can_import(actor: Actor) -> bool:
    return can_read(actor) and (actor.is_operator or bool(editor_institution_ids(actor)))


def can_edit_supply(actor: Actor) -> bool:
    return can_read(actor) and actor.manages_network


def evidence_q(actor: Actor, path: str = "") -> Q:
    if sees_all_evidence(actor):
        return Q()
    if not can_read(actor):
        return Q(pk__in=[])
    return Q(**{f"{path}institution_id__in": sorted(actor.institution_ids)})


def editable_evidence_q(actor: Actor, path: str = "") -> Q:
    if not can_read(actor):
        return Q(pk__in=[])
    if edits_all_evidence(actor):
        return Q()
    return Q(**{f"{path}institution_id__in": editor_institution_ids(actor)})


def can_edit_evidence(actor: Actor, obj: Posting | StatedNeed) -> bool:
    """Whether the actor may change this item of evidence (the rule of ``editable_evidence_q``
    for one row already read): pages link to its edit page only then."""
    return can_read(actor) and (
        edits_all_evidence(actor) or obj.institution_id in editor_institution_ids(actor)
    )


def can_review(actor: Actor, posting: Posting) -> bool:
    return can_edit_evidence(actor, posting)


def can_change_extension(actor: Actor, obj: OccupationAlias | SkillTerm) -> bool:
    return actor.manages_network or obj.institution_id in editor_institution_ids(actor)
