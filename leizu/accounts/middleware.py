from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from leizu.accounts.access import OPEN_BEFORE_SECOND_FACTOR, two_factor_pending


class TwoFactorRequiredMiddleware:
    """The one gate: a session whose roles need two-factor reaches nothing but the way there.

    It stands before every view, the API and the admin included; pages redirect to the
    two-factor step, the API answers 401 in its error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not two_factor_pending(request):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "two_factor_required",
                    "message": _("Confirm your two-factor code first."),
                    "fields": {},
                },
                status=401,
            )
        target = request.get_full_path() if request.method == "GET" else "/"
        return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": target}))
