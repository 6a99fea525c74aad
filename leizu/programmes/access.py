"""The access rule of programmes.

Catalogues
    Every member of the network (any role, students included) and operators read every
    catalogue: they are reference data. Only operators change the shipped one.
"""

from __future__ import annotations

from leizu.core.access import Actor


def reads_catalogues(actor: Actor) -> bool:
    return actor.is_operator or bool(actor.memberships)
