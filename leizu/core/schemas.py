"""Schema pieces shared by the apps' API routers: bounded input types, pages, documented errors.

Input is bounded where it enters: every text has a length and loses its control characters
(``core.text.clean_text``), numbers and dates have ranges that the database and the documents
can hold, codes come from the reference lists. Output schemas use the plain types, so a row
stored before a bound existed can still be read.
"""

import datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from leizu.core.forms import FIRST_YEAR, LAST_YEAR
from leizu.core.multilingual import LINE_LENGTH, PARAGRAPHS_LENGTH
from leizu.core.text import clean_text

LanguageCode = Literal["zh-hans", "en", "ru", "kk", "uz"]
# One text per interface language, e.g. {"en": "Textile College", "zh-hans": "纺织学院"}.
MultilingualText = dict[LanguageCode, str]

# Largest value an integer column holds on every database (PostgreSQL ``integer``).
MAX_INT = 2**31 - 1


class Text:
    """``Annotated[str, Text(300)]``: control characters removed, then at most 300 characters.

    Single-line unless ``multiline``: tabs and line breaks become spaces (``clean_text``).
    """

    def __init__(self, max_length: int, *, min_length: int = 0, multiline: bool = False) -> None:
        self.max_length = max_length
        self.min_length = min_length
        self.multiline = multiline

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_before_validator_function(
            self._clean,
            core_schema.str_schema(min_length=self.min_length, max_length=self.max_length),
        )

    def _clean(self, value: Any) -> Any:
        return clean_text(value, multiline=self.multiline) if isinstance(value, str) else value


# Input of a multilingual field: each language's text bounded and cleaned.
MultilingualLine = dict[LanguageCode, Annotated[str, Text(LINE_LENGTH)]]
MultilingualParagraphs = dict[LanguageCode, Annotated[str, Text(PARAGRAPHS_LENGTH, multiline=True)]]


def _country(value: str) -> str:
    from leizu.core.reference import country_codes

    if value not in country_codes():
        raise PydanticCustomError("country", _("Unknown country code (ISO 3166-1 alpha-2)."))
    return value


def _day(value: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_range",
            _("Enter a date between the years %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


def _moment(value: datetime.datetime) -> datetime.datetime:
    _day(value.date())
    return value


def _country_enum(schema: dict[str, Any]) -> None:
    from leizu.core.reference import country_codes

    schema["enum"] = list(country_codes())


CountryCode = Annotated[
    str,
    Field(
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2",
        json_schema_extra=_country_enum,
    ),
    AfterValidator(_country),
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Day = Annotated[datetime.date, AfterValidator(_day)]
Moment = Annotated[datetime.datetime, AfterValidator(_moment)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
Order = Annotated[int, Field(ge=0, le=32_767)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Version = Annotated[
    int, Field(ge=1, le=MAX_INT, description="The version you read; a newer stored one is a 409")
]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


# Every answer an operation can give besides its success, in the one error shape: 401 without
# valid credentials (or before the second factor), 403 refused (or a session write without its
# CSRF token), 404 outside the caller's reach, 413 too large, 422 input that breaks the schema.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Writes also answer 400 (a rule of the service) and 409 (an edit based on an old version).
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut, 413: ErrorOut}
MAX_PAGE = 200
MAX_OFFSET = 1_000_000


class Pages(LimitOffsetPagination):
    """``limit``/``offset`` with bounds the database can hold: at most 200 rows a page."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def unchanged(**constraints: Any) -> Any:
    """A field a PATCH may leave out (the value stays) but not set to ``null``."""
    return Field(None, **constraints)
