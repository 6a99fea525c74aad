"""Errors that services raise and that pages and the API turn into a clear message."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A request a service refuses, with a message for the user and optional field errors."""

    code = "invalid"

    def __init__(self, message: Any, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}


class EditConflict(ServiceError):
    """Somebody else saved the record after the editor loaded it."""

    code = "conflict"

    def __init__(self, message: Any = None) -> None:
        super().__init__(
            message
            or _(
                "Somebody else changed this record after you opened it. "
                "Reload it to see their changes; your input is kept below."
            )
        )


def field_errors(exc: Any) -> dict[str, list[str]]:
    """Field errors of a Django ValidationError as plain strings."""
    if hasattr(exc, "message_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in getattr(exc, "messages", [exc])]}


# The API's error code and message for an answer of this status when nothing more precise is
# known (an unknown address, a method the address does not take, a body too large to read).
STATUS_ERRORS: dict[int, tuple[str, Any]] = {
    400: ("bad_request", _("The request could not be read: send valid JSON or form data.")),
    401: ("not_authenticated", _("Log in or send a valid API token.")),
    403: ("forbidden", _("You may read this but not change it.")),
    404: ("not_found", _("Not found.")),
    405: ("method_not_allowed", _("This address does not take this method.")),
    413: ("too_large", _("The request is too large.")),
    500: ("server_error", _("Something went wrong on our side; it has been logged.")),
}


def status_error(status: int) -> dict[str, Any]:
    """The error shape ``{"code", "message", "fields"}`` for a bare status, in the active language."""
    code, message = STATUS_ERRORS.get(status, ("error", _("The request could not be completed.")))
    return {"code": code, "message": str(message), "fields": {}}
