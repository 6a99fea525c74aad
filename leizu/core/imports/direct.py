"""Imports of records from a workbook (lists of institutions, graduate supply): the workbook
is read and every row checked and staged in a ``ChangeSet`` outside any transaction, then
written in one short transaction, all or nothing. At most ``MAX_ROWS`` rows (and the limits of
``reading``). They run as background jobs with progress (``background``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

from leizu.core.errors import EditConflict
from leizu.core.imports.reading import Limits, open_table
from leizu.core.imports.rows import ImportRefused, ImportResult, Row, RowError
from leizu.core.imports.writing import ChangeSet
from leizu.core.spreadsheets import unquoted

MAX_ROWS = 20_000

# stage_row(row, changes) -> ("created" | "updated" | "unchanged", []) or (None, errors)
RowStager = Callable[[Row, ChangeSet], tuple[str | None, list[RowError]]]


def missing_columns(columns: Sequence[str], required: Sequence[str]) -> list[RowError]:
    missing = [c for c in required if c not in columns]
    if not missing:
        return []
    return [RowError(1, ", ".join(missing), _("Required column is missing from the first row."))]


def repeated_columns(columns: Sequence[str]) -> list[RowError]:
    """A column named twice: which of the two a row means cannot be told, so neither is read."""
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if not repeated:
        return []
    return [RowError(1, ", ".join(repeated), _("This column appears more than once."))]


def import_workbook(
    file: IO[bytes],
    *,
    by: Any,
    header_errors: Callable[[list[str]], list[RowError]],
    stage_row: RowStager,
    max_rows: int = MAX_ROWS,
    check_constraints: bool = True,
    progress: Callable[[int, int], None] | None = None,
    then: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Read a workbook exported by Leizu (or shaped like one) and apply it all or nothing.

    ``progress(rows read, rows estimated)`` is called after each row; ``then(result)`` runs in
    the write's transaction (a job records its outcome with what it wrote, so a job whose worker
    died is never written twice). Text that an export quoted against formula injection
    (``core.spreadsheets``) is read back as it was stored."""
    result = ImportResult()
    changes = ChangeSet(by=by, check_constraints=check_constraints)
    errors: list[RowError] = []
    try:
        with open_table(file, "xlsx", limits=Limits.from_settings(max_rows=max_rows)) as table:
            errors = repeated_columns(table.columns) or header_errors(table.columns)
            if errors:
                return result.fail(errors)
            for done, row in enumerate(table.rows(), start=1):
                row.values = {k: unquoted(v) for k, v in row.values.items()}
                outcome, row_errors = (None, row.errors) if row.errors else stage_row(row, changes)
                errors += row_errors
                if outcome:
                    result.count(outcome)
                if progress is not None:
                    progress(done, table.estimated_rows)
    except ImportRefused as exc:
        return result.fail([*errors, exc.as_row_error()])
    if errors:
        return result.fail(errors)
    try:
        changes.write(then=None if then is None else lambda: then(result))
    except EditConflict as exc:
        return result.fail([RowError(0, "", str(exc.message))])
    return result
