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
