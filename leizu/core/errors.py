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


# --- the API's field errors -------------------------------------------------------------------
#
# pydantic explains a refused value in English ("Field required", "String should have at most
# 200 characters"). The API answers with our own message for the error's ``type`` (and its
# ``ctx``: the bound that was passed), in the caller's language. Types that pydantic does not
# define are ours (``PydanticCustomError`` in ``core.schemas``): their message is already ours.

_REQUIRED = _("This field is required.")
_TEXT = _("Enter text.")
_WHOLE_NUMBER = _("Enter a whole number.")
_NUMBER = _("Enter a number.")
_BOOLEAN = _("Enter true or false.")
_DATE = _("Enter a date as YYYY-MM-DD.")
_MOMENT = _("Enter a date and time such as 2026-06-01T09:30:00+05:00.")
_TIME = _("Enter a time such as 09:30.")
_OBJECT = _("Send an object (a set of names and values) here.")
_LIST = _("Send a list here.")
_IDENTIFIER = _("Enter a valid identifier (UUID).")
_WEB = _("Enter a valid web address.")
_UNKNOWN_FIELD = _("This field is not known here; leave it out.")
_JSON = _("Send valid JSON.")
_INVALID = _("Enter a valid value.")

_PLAIN_MESSAGES: dict[str, Any] = {
    "missing": _REQUIRED,
    "missing_argument": _REQUIRED,
    "missing_keyword_only_argument": _REQUIRED,
    "missing_positional_only_argument": _REQUIRED,
    "none_required": _("Leave this field empty."),
    "string_type": _TEXT,
    "string_unicode": _TEXT,
    "string_not_ascii": _("Enter text in Latin letters, digits and signs only."),
    "string_pattern_mismatch": _("Enter a value in the expected format."),
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "int_parsing_size": _("The number is too large."),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_max_digits": _("Enter a number with fewer digits."),
    "decimal_max_places": _("Enter a number with fewer digits after the decimal point."),
    "decimal_whole_digits": _("Enter a number with fewer digits before the decimal point."),
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_past": _("Enter a date in the past."),
    "date_future": _("Enter a date in the future."),
    "datetime_type": _MOMENT,
    "datetime_parsing": _MOMENT,
    "datetime_object_invalid": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "datetime_past": _("Enter a moment in the past."),
    "datetime_future": _("Enter a moment in the future."),
    "timezone_naive": _("Enter the time without a time zone."),
    "timezone_aware": _("Enter the time with its time zone, such as +05:00."),
    "timezone_offset": _("Enter the time in the expected time zone."),
    "time_type": _TIME,
    "time_parsing": _TIME,
    "time_delta_type": _("Enter a duration."),
    "time_delta_parsing": _("Enter a duration."),
    "dict_type": _OBJECT,
    "mapping_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dataclass_type": _OBJECT,
    "dataclass_exact_type": _OBJECT,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "deque_type": _LIST,
    "iterable_type": _LIST,
    "set_item_not_hashable": _("Each item of the list must be a single value."),
    "uuid_type": _IDENTIFIER,
    "uuid_parsing": _IDENTIFIER,
    "uuid_version": _IDENTIFIER,
    "url_type": _WEB,
    "url_parsing": _WEB,
    "url_syntax_violation": _WEB,
    "url_scheme": _WEB,
    "url_too_long": _("The web address is too long."),
    "extra_forbidden": _UNKNOWN_FIELD,
    "unexpected_keyword_argument": _UNKNOWN_FIELD,
    "unexpected_positional_argument": _UNKNOWN_FIELD,
    "json_invalid": _JSON,
    "json_type": _JSON,
    "frozen_field": _("This field cannot be changed."),
    "frozen_instance": _("This field cannot be changed."),
    "union_tag_invalid": _INVALID,
    "union_tag_not_found": _INVALID,
}


def _choices(expected: Any) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c" (the words between are English)."""
    import re

    values = re.findall(r"'([^']*)'", str(expected))
    return ", ".join(values) if values else str(expected)


def _bounded(kind: str, ctx: dict[str, Any]) -> str | None:
    """The message of an error about a bound, with the bound in it; None when not one."""
    from django.utils.translation import ngettext

    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        key = "min_length" if kind.endswith("short") else "max_length"
        try:
            limit = int(ctx[key])
        except (KeyError, TypeError, ValueError):
            return str(_INVALID)
        if kind == "string_too_short":
            text = ngettext(
                "Enter at least %(limit)d character.", "Enter at least %(limit)d characters.", limit
            )
        elif kind == "string_too_long":
            text = ngettext(
                "Enter at most %(limit)d character.", "Enter at most %(limit)d characters.", limit
            )
        elif kind == "too_short":
            text = ngettext(
                "Give at least %(limit)d item.", "Give at least %(limit)d items.", limit
            )
        else:
            text = ngettext("Give at most %(limit)d item.", "Give at most %(limit)d items.", limit)
        return text % {"limit": limit}
    comparisons = {
        "greater_than": ("gt", _("Enter a number greater than %(limit)s.")),
        "greater_than_equal": ("ge", _("Enter a number of at least %(limit)s.")),
        "less_than": ("lt", _("Enter a number less than %(limit)s.")),
        "less_than_equal": ("le", _("Enter a number of at most %(limit)s.")),
        "multiple_of": ("multiple_of", _("Enter a multiple of %(limit)s.")),
    }
    if kind in comparisons:
        key, message = comparisons[kind]
        return str(message) % {"limit": ctx.get(key, "")}
    if kind in ("literal_error", "enum"):
        return str(_("Choose one of: %(choices)s.")) % {"choices": _choices(ctx.get("expected"))}
    return None


def validation_message(error: dict[str, Any]) -> str:
    """Our message, in the active language, for one of pydantic's errors (``type``, ``ctx``,
    ``msg``), never its English text."""
    from typing import get_args

    from pydantic_core.core_schema import ErrorType

    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    bounded = _bounded(kind, ctx)
    if bounded is not None:
        return bounded
    if kind in _PLAIN_MESSAGES:
        return str(_PLAIN_MESSAGES[kind])
    if kind and kind not in get_args(ErrorType):
        # Our own error type (``PydanticCustomError``): its message was written in our words,
        # in the active language.
        return str(error.get("msg", "")) or str(_INVALID)
    # value_error, assertion_error and the rest: their text is a library's or Python's.
    return str(_INVALID)
