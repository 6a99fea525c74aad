"""The access rule of institutions: who sees and who edits an institution, its units and people.

- Members of a host institution (the college that runs the platform) in a staff role see the
  whole cooperation network; its admins and coordinators edit any of it and add institutions.
- Everybody else sees the host institutions and the institutions they are members of; their
  admins, coordinators and staff edit their own institution.
- Platform operators see and edit everything.
"""

from typing import Any

from django.db.models import Q

from leizu.core.access import OWN_EDIT_ROLES, Actor


def visible_institutions_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose institution (at ``path``, e.g. "institution__") the actor sees."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.sees_network:
        return Q()
    return Q(**{f"{path}id__in": sorted(actor.institution_ids)}) | Q(**{f"{path}is_host": True})


def can_see_institution(actor: Actor, institution: Any) -> bool:
    """The rule of ``visible_institutions_q`` for one institution already read (no query): a
    page links to an institution's profile only when this holds, else it shows the name."""
    if not actor.is_authenticated:
        return False
    return actor.sees_network or institution.is_host or institution.pk in actor.institution_ids


def editable_institutions_q(actor: Actor, path: str = "") -> Q:
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.manages_network:
        return Q()
    ids = sorted(m.institution_id for m in actor.memberships if m.role in OWN_EDIT_ROLES)
    return Q(**{f"{path}id__in": ids})


def can_edit_institution(actor: Actor, institution_id: int) -> bool:
    return actor.manages_network or bool(actor.roles_at(institution_id) & OWN_EDIT_ROLES)


def can_create_institution(actor: Actor) -> bool:
    return actor.manages_network
