"""The access rule of agreements.

Who sees an agreement
    A member in a staff role (admin, coordinator, staff, viewer, teacher) of one of its
    parties, and platform operators. Nobody else, host-college staff included: an agreement
    between two other institutions is their business. Outside one's reach is a 404.

Who edits it (its terms, parties, conditions and text versions)
    Admins, coordinators and staff of the institution that drafts it (``drafted_by``), and
    operators. A signed or terminated agreement's terms and conditions no longer change: a new
    version, an annex or a renewal does.

Each party's own row
    Admins, coordinators and staff of a party keep its reference number, signatory and signing
    date and place; nobody else changes them.

Approving, signing, terminating
    Only a party's admin or coordinator approves a version on its behalf; only the drafting
    institution's admin or coordinator marks the agreement signed or terminated.

Who drafts an agreement
    Admins, coordinators and staff of an institution, which drafts it and is one of its parties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from leizu.core.access import NETWORK_EDIT_ROLES, NETWORK_READ_ROLES, OWN_EDIT_ROLES, Actor

if TYPE_CHECKING:
    from leizu.agreements.models import Agreement, AgreementParty


def _ids(actor: Actor, roles: frozenset[str]) -> list[int]:
    return sorted({m.institution_id for m in actor.memberships if m.role in roles})


def reader_institution_ids(actor: Actor) -> list[int]:
    return _ids(actor, NETWORK_READ_ROLES)


def drafter_institution_ids(actor: Actor) -> list[int]:
    """Institutions in whose name the actor drafts and edits agreements."""
    return _ids(actor, OWN_EDIT_ROLES)


def approver_institution_ids(actor: Actor) -> list[int]:
    """Institutions on whose behalf the actor approves, signs and terminates."""
    return _ids(actor, NETWORK_EDIT_ROLES)


def sees_agreements(actor: Actor) -> bool:
    return actor.is_operator or bool(reader_institution_ids(actor))


def visible_agreements_q(actor: Actor, path: str = "") -> Q:
    """Filter for rows whose agreement (at ``path``, e.g. "agreement__") the actor sees."""
    from leizu.agreements.models import AgreementParty

    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_operator:
        return Q()
    parties = AgreementParty.objects.filter(
        institution_id__in=reader_institution_ids(actor)
    ).values("agreement_id")
    return Q(**{f"{path}pk__in": parties})


def can_draft(actor: Actor) -> bool:
    return actor.is_operator or bool(drafter_institution_ids(actor))


def can_edit_agreement(actor: Actor, agreement: Agreement) -> bool:
    return actor.is_operator or agreement.drafted_by_id in drafter_institution_ids(actor)


def can_edit_party(actor: Actor, party: AgreementParty) -> bool:
    return actor.is_operator or party.institution_id in drafter_institution_ids(actor)


def can_approve_for(actor: Actor, party: AgreementParty) -> bool:
    """Approve on behalf of ``party``: its admin or coordinator (operators approve for none:
    an approval is a party's act)."""
    return party.institution_id in approver_institution_ids(actor)


def can_sign_or_terminate(actor: Actor, agreement: Agreement) -> bool:
    return agreement.drafted_by_id in approver_institution_ids(actor)
