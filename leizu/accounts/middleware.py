from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from leizu.core.access import actor_for

# Pages a signed-in user without a verified second factor may still open.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/api/")


class TwoFactorRequiredMiddleware:
    """Staff roles must confirm a TOTP code after their password, except in demo mode."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            not settings.DEMO_MODE
            and user is not None
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(_OPEN_PREFIXES)
            and actor_for(request).needs_two_factor()
        ):
            return redirect(reverse("accounts:two_factor") + "?next=" + request.path)
        return self.get_response(request)
