"""Who has signed in far enough: the two-factor rule of accounts.

Admins, coordinators and staff (and operators) must confirm a TOTP code after their password,
except in demo mode. Until they have, their session opens only the steps that lead there.
"""

from django.conf import settings
from django.http import HttpRequest

from leizu.core.access import actor_for

# URL names a session with the password but without the second factor may still open.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "core:set_language",
        "healthz",
    }
)


def two_factor_pending(request: HttpRequest) -> bool:
    """Signed in with the password, but the second factor the roles need is not confirmed."""
    user = getattr(request, "user", None)
    if settings.DEMO_MODE or user is None or not user.is_authenticated:
        return False
    if user.is_verified():  # type: ignore[union-attr]
        return False
    return actor_for(request).needs_two_factor()
