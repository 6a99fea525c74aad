"""The actor and the generic helpers every app's access rule is built from.

An actor is a user with their memberships (institution + role); the roles are defined here,
once. Each domain app states its own rule in ``<app>/access.py`` (what is visible, what is
editable, which side owns a record) from these pieces; every selector takes an actor and
narrows its query with that rule, and views and the API reach objects only through selectors,
so an object outside the actor's reach is a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from django.http import HttpRequest

ADMIN = "admin"
COORDINATOR = "coordinator"
STAFF = "staff"
VIEWER = "viewer"
TEACHER = "teacher"
STUDENT = "student"

NETWORK_READ_ROLES = frozenset({ADMIN, COORDINATOR, STAFF, VIEWER, TEACHER})
NETWORK_EDIT_ROLES = frozenset({ADMIN, COORDINATOR})
OWN_EDIT_ROLES = frozenset({ADMIN, COORDINATOR, STAFF})
# Roles that must use two-factor login outside demo mode.
TWO_FACTOR_ROLES = frozenset({ADMIN, COORDINATOR, STAFF})


@dataclass(frozen=True)
class Membership:
    institution_id: int
    role: str
    is_host: bool


@dataclass(frozen=True)
class Actor:
    user: Any = None
    memberships: tuple[Membership, ...] = ()
    is_operator: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def institution_ids(self) -> frozenset[int]:
        return frozenset(m.institution_id for m in self.memberships)

    def roles_at(self, institution_id: int | None) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships if m.institution_id == institution_id)

    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    @property
    def sees_network(self) -> bool:
        """Host staff see every institution of the cooperation network."""
        return self.is_operator or any(
            m.is_host and m.role in NETWORK_READ_ROLES for m in self.memberships
        )

    @property
    def manages_network(self) -> bool:
        return self.is_operator or any(
            m.is_host and m.role in NETWORK_EDIT_ROLES for m in self.memberships
        )

    @property
    def is_staff_side(self) -> bool:
        """A member in any role but student, or an operator: reads visits and talent data."""
        return self.is_operator or bool(self.roles() - {STUDENT})

    def needs_two_factor(self) -> bool:
        return self.is_operator or bool(self.roles() & TWO_FACTOR_ROLES)


ANONYMOUS = Actor()


def actor_for_user(user: Any) -> Actor:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    rows = user.memberships.filter(institution__is_active=True).values_list(
        "institution_id", "role", "institution__is_host"
    )
    return Actor(
        user=user,
        memberships=tuple(Membership(i, r, h) for i, r, h in rows),
        is_operator=user.is_superuser,
    )


def actor_for(request: HttpRequest) -> Actor:
    """The actor of a request, computed once per request."""
    cached = getattr(request, "_leizu_actor", None)
    if cached is None:
        cached = actor_for_user(getattr(request, "user", None))
        request._leizu_actor = cached  # type: ignore[attr-defined]
    return cached


def get_or_404(queryset: Any, **lookup: Any) -> Any:
    """Fetch one row of an already-scoped queryset or answer 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def own_imports_q(actor: Actor) -> Q:
    """Who started a workbook import follows it (and operators); nobody else sees it."""
    if actor.is_operator:
        return Q()
    return Q(created_by_id=getattr(actor.user, "pk", None) or 0)
