"""The one import machinery of every app: spreadsheets and files in, rows checked, one short
all-or-nothing write out.

- ``reading``: ``open_table(source, fmt)`` reads CSV (its real dialect), JSON lines and Excel
  workbooks (``workbook``: read-only, with their size, rows, columns and packing checked
  before they are parsed) as ``Row`` objects; ``sniff_format`` tells the format from the content. The limits
  come from the settings (``LEIZU_IMPORT_MAX_*``).
- ``rows``: errors by row and column (``RowError``, ``ErrorList``), a file refused as a whole
  (``ImportRefused``) and the counts of a direct import (``ImportResult``). Messages are written
  in the active language: a background job runs under the uploader's (``core.jobs``).
- ``writing``: the write at the end, short whatever the file's size: ``HiddenRows`` (rows
  inserted in short batches, hidden by their readers until the import is published),
  ``StagedRows`` (rows staged in a temporary table, published with one ``INSERT … SELECT``) and
  ``ChangeSet`` (validated, versioned, audited records written by prepared statements).
- ``direct``: ``import_workbook``, a small import run while the user waits.

Reading and checking happen outside any transaction, so no other writer waits for them.
"""

from leizu.core.imports.reading import FORMATS, Limits, Table, open_table, sniff_format
from leizu.core.imports.rows import (
    ErrorList,
    ImportRefused,
    ImportResult,
    Row,
    RowError,
    record_id,
    refusal_errors,
)
from leizu.core.imports.writing import ChangeSet, HiddenRows, StagedRows, delete_in_batches

__all__ = [
    "FORMATS",
    "ChangeSet",
    "ErrorList",
    "HiddenRows",
    "ImportRefused",
    "ImportResult",
    "Limits",
    "Row",
    "RowError",
    "StagedRows",
    "Table",
    "delete_in_batches",
    "open_table",
    "record_id",
    "refusal_errors",
    "sniff_format",
]
