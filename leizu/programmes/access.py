"""The access rule of programmes.

Catalogues
    Every member of the network (any role, students included) and operators read every
    catalogue: they are reference data. Admins, coordinators and staff of any institution import
    another catalogue or edition from a workbook, which their institution then keeps (changes
    by importing again); only operators change the shipped one.

Programmes and programme groups
    What an institution teaches is what partners plan co-building with: every member reads
    every institution's programmes, groups and yearly figures. Admins, coordinators and staff
    of the institution (and operators) add and change its own; nobody else does.
"""

from __future__ import annotations

from typing import Any

from leizu.core.access import OWN_EDIT_ROLES, Actor


def reads_catalogues(actor: Actor) -> bool:
    return actor.is_operator or bool(actor.memberships)


def reads_programmes(actor: Actor) -> bool:
    return reads_catalogues(actor)


def editor_institution_ids(actor: Actor) -> list[int]:
    """Institutions whose programmes the actor adds and changes."""
    return sorted({m.institution_id for m in actor.memberships if m.role in OWN_EDIT_ROLES})


def can_add_programmes(actor: Actor) -> bool:
    return actor.is_operator or bool(editor_institution_ids(actor))


def can_edit_programmes_of(actor: Actor, institution_id: int) -> bool:
    return actor.is_operator or institution_id in editor_institution_ids(actor)


def plans_with(actor: Actor, institution_id: int) -> bool:
    """Whether the actor sees what the host can build with this institution: its stated needs
    are the institution's own records, so its members and those who see the whole network
    (host staff, operators) do; students see no talent evidence."""
    from leizu.talent.access import can_read, sees_all_evidence

    if not can_read(actor):
        return False
    return sees_all_evidence(actor) or institution_id in actor.institution_ids


def can_import_catalogues(actor: Actor) -> bool:
    return can_add_programmes(actor)


def can_change_catalogue(actor: Actor, catalogue: Any) -> bool:
    """Whether an import may change this stored catalogue."""
    if actor.is_operator:
        return True
    return (
        not catalogue.shipped
        and catalogue.institution_id is not None
        and catalogue.institution_id in editor_institution_ids(actor)
    )
