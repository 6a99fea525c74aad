"""The REST API: each app's router under /api/v1/, one error shape for all of them.

Every error answers ``{"code": …, "message": …, "fields": {field: [messages]}}`` with the
messages in the caller's language (Accept-Language or the language cookie; for a token caller
that names neither, the user's own language): the fields' messages are ours, chosen by the
type of pydantic's error (``core.errors.validation_message``), never pydantic's English.
"""

import copy
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from leizu.core.errors import EditConflict, ServiceError, status_error, validation_message


class TokenAuth(HttpBearer):
    """Personal API token: ``Authorization: Bearer lz_…``; acts with the owner's memberships."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from leizu.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            request._leizu_actor = None  # type: ignore[attr-defined]
            _speak_the_users_language(request, user)
        return user


def _speak_the_users_language(request: HttpRequest, user: Any) -> None:
    """A token caller that names no language (no Accept-Language header, no language cookie)
    is answered in the language the user chose in Leizu, as their pages are."""
    from django.conf import settings

    asked = request.META.get("HTTP_ACCEPT_LANGUAGE") or request.COOKIES.get(
        settings.LANGUAGE_COOKIE_NAME
    )
    language = getattr(user, "preferred_language", "")
    if not asked and language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]


class CsrfFailed(Exception):
    """A write with the browser session but without its CSRF token."""


class BrowserSession(SessionAuth):
    """The browser session; its writes carry the CSRF token (403 otherwise).

    A request without a signed-in session is nobody's: it gets 401 like any request without
    credentials, not a CSRF refusal.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed
        return request.COOKIES.get(self.param_name)


class LeizuAPI(NinjaAPI):
    """The API whose OpenAPI document is built once per process and language: building it walks
    every operation's schemas (about half a second), and nothing in it changes while the process
    runs."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        key = (path_prefix, tuple(sorted((path_params or {}).items())), translation.get_language())
        if key not in _schemas:
            _schemas[key] = super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        return copy.deepcopy(_schemas[key])


_schemas: dict[tuple[Any, ...], Any] = {}

api = LeizuAPI(
    title="Leizu API",
    version="1",
    description=(
        "Operations of the Leizu platform. Authenticate with a personal API token "
        "(Authorization: Bearer …) created on the account's API tokens page, or with the browser "
        "session. Every error has the shape {code, message, fields}."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSession()],
    docs_url="/docs",
)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(p) for p in error.get("loc", []) if p not in ("body", "query", "path", "payload")
        ]
        fields.setdefault(".".join(loc) or "__all__", []).append(validation_message(error))
    return _error(request, 422, "validation_error", _("Some fields are not valid."), fields)


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    return _error(request, 409, exc.code, str(exc.message))


@api.exception_handler(ServiceError)
def _service(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, 400, exc.code, str(exc.message), exc.fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("Log in or send a valid API token."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You may read this but not change it."))


@api.exception_handler(CsrfFailed)
def _csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    message = _("Send the CSRF token (X-CSRFToken header) with writes in a browser session.")
    return _error(request, 403, "csrf_failed", message)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own refusals (a body that is not JSON) have English texts: answer ours.
    return api.create_response(request, status_error(exc.status_code), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, status_error(413), status=413)


@api.exception_handler(SuspiciousOperation)
@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, status_error(400), status=400)


def _mount() -> None:
    from leizu.accounts.api import router as accounts_router
    from leizu.agreements.api import router as agreements_router
    from leizu.institutions.api import router as institutions_router
    from leizu.programmes.api import router as programmes_router
    from leizu.talent.api import router as talent_router
    from leizu.visits.api import router as visits_router

    api.add_router("/", accounts_router)
    api.add_router("/", agreements_router)
    api.add_router("/", institutions_router)
    api.add_router("/", programmes_router)
    api.add_router("/", talent_router)
    api.add_router("/", visits_router)


_mount()
