"""What an import reports: errors by row and column, and the counts of what it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from leizu.core.errors import ServiceError


@dataclass
class RowError:
    """One problem of one row: the row as the user counts it (1 is the header), the column
    as the file names it ("" for the whole row), and a message in the user's language."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class Row:
    """One row of a file: its number, its values by column, and what reading it found wrong
    (a cell too long, a line that is not JSON)."""

    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


class ImportRefused(ServiceError):
    """The file as a whole cannot be imported (not a workbook, a zip bomb, too many rows…).

    ``row`` is where reading stopped when it stopped part-way, else 0."""

    def __init__(self, message: Any, *, row: int = 0) -> None:
        super().__init__(message, fields={"file": [str(message)]})
        self.row = row

    def as_row_error(self) -> RowError:
        return RowError(self.row, "", str(self.message))


@dataclass
class ImportResult:
    """The outcome of an import that runs while the user waits (all or nothing)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, outcome: str) -> None:
        """Count one row as "created", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def fail(self, errors: list[RowError]) -> ImportResult:
        self.errors = errors
        self.created = self.updated = self.unchanged = 0
        return self


class ErrorList:
    """The errors of a file: all of them counted, the first ``keep`` of them kept."""

    def __init__(self, keep: int = 200) -> None:
        self.keep = keep
        self.kept: list[RowError] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, *errors: RowError) -> None:
        self.count += len(errors)
        self.kept.extend(errors[: max(self.keep - len(self.kept), 0)])


def record_id(value: Any) -> int | None:
    """A cell that names a record by its id: ASCII digits that fit the database's integers
    (``"²".isdigit()`` is true, ``int("²")`` fails, and SQLite refuses 20 digits); else None."""
    text = str(value if value is not None else "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def refusal_errors(
    rownum: int, exc: Exception, column: Callable[[str], str] = lambda name: name
) -> list[RowError]:
    """A row's service refusal (``ServiceError`` by field, or ``PermissionDenied``) as the
    row's errors; ``column`` names the file's column of a model field."""
    if not isinstance(exc, ServiceError):
        return [RowError(rownum, "", _("You may not change this row."))]
    fields = exc.fields or {"": [str(exc.message)]}
    return [
        RowError(rownum, column(name), m) for name, messages in fields.items() for m in messages
    ]
