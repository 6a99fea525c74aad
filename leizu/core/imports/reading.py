"""Reading an uploaded file as rows: CSV in its real dialect, JSON lines, and Excel workbooks
read only after their size has been checked (``workbook``).

Text files are read line by line with a bound on the length of a line, so no single line can
take the memory. Every cell is at most ``LEIZU_IMPORT_MAX_CELL_CHARS`` (Excel's own limit)
long, else its row has an error.

The CSV dialect (delimiter ``,`` ``;`` tab or ``|``; fields quoted with ``"``, quotes doubled
inside) is chosen by parsing a sample of the file's first 64 KB with each delimiter and keeping
the one whose rows agree with the header: quoted delimiters and line breaks inside quotes are
read as the csv module reads them, not guessed from the first line.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from leizu.core.imports.rows import ImportRefused, Row, RowError
from leizu.core.text import clean_text

FORMATS = ("csv", "jsonl", "xlsx")
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 1024
# A physical line of a text file; a longer one is refused before the csv module splits it.
MAX_LINE_CHARS = 1_000_000
SCAN_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one file may hold; from the settings unless given."""

    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_unpacked_bytes: int
    max_packing_ratio: int

    @classmethod
    def from_settings(cls, **overrides: int) -> Limits:
        values = {
            "max_rows": settings.LEIZU_IMPORT_MAX_ROWS,
            "max_columns": settings.LEIZU_IMPORT_MAX_COLUMNS,
            "max_cell_chars": settings.LEIZU_IMPORT_MAX_CELL_CHARS,
            "max_unpacked_bytes": settings.LEIZU_IMPORT_MAX_UNPACKED_BYTES,
            "max_packing_ratio": settings.LEIZU_IMPORT_MAX_PACKING_RATIO,
        }
        values.update({k: min(v, values[k]) for k, v in overrides.items()})
        return cls(**values)


def not_a_workbook() -> ImportRefused:
    return ImportRefused(_("The file is not an Excel workbook (.xlsx)."))


def too_many_rows(limit: int, row: int = 0) -> ImportRefused:
    return ImportRefused(
        _("The file has more than %(limit)d rows; split it into files of at most %(limit)d rows.")
        % {"limit": limit},
        row=row,
    )


def too_many_columns(limit: int, row: int = 0) -> ImportRefused:
    return ImportRefused(_("The file has more than %(limit)d columns.") % {"limit": limit}, row=row)


def unreadable_csv(row: int) -> ImportRefused:
    """The csv module cannot go on (a quote left open, a field over its limit); its reason is
    English and technical, so the user gets ours."""
    return ImportRefused(
        _(
            "Row %(row)d cannot be read as CSV: check its quotes and separators, or save the "
            "file again as CSV UTF-8."
        )
        % {"row": row},
        row=row,
    )


def unreadable_workbook(row: int) -> ImportRefused:
    return ImportRefused(
        _(
            "The workbook cannot be read from row %(row)d on; open it in Excel or LibreOffice "
            "and save it again as .xlsx."
        )
        % {"row": row},
        row=row,
    )


def cell_too_long(limit: int) -> str:
    return _("This cell is longer than %(limit)d characters.") % {"limit": limit}


# --- which format -----------------------------------------------------------------------------


def text_encoding(head: bytes) -> str:
    """UTF-16 when the file starts with its byte-order mark (Excel's "Unicode text"), else
    UTF-8 with or without one."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def sniff_format(head: bytes) -> str | None:
    """The format of a file from its first bytes: an XLSX workbook (a zip), JSON lines or CSV
    text; None when it is none of them (binary, or text in another encoding than UTF-8/16)."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    encoding = text_encoding(head)
    if encoding == "utf-8-sig" and b"\x00" in head:
        return None
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        # Not final: a character cut at the end of the sample is no error.
        decoded = decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return None
    stripped = decoded.lstrip("\ufeff \t\r\n")
    if not stripped or "\x00" in stripped:
        return None
    return "jsonl" if stripped.startswith("{") else "csv"


# --- the table --------------------------------------------------------------------------------


class Table:
    """The rows of one file: ``columns`` from its header (or its first JSON lines), ``rows()``
    streamed as ``Row``, ``estimated_rows`` for progress."""

    def __init__(self, columns: list[str], rows: Iterator[Row], estimated_rows: int) -> None:
        self.columns = columns
        self._rows = rows
        self.estimated_rows = estimated_rows

    def rows(self) -> Iterator[Row]:
        return self._rows


@contextmanager
def open_table(
    source: Path | IO[bytes], fmt: str, *, limits: Limits | None = None
) -> Iterator[Table]:
    """The file at ``source`` (a path, or an uploaded file) read as ``fmt``.

    Raises ``ImportRefused`` when the file cannot be read or breaks a limit before any row is
    read; ``Table.rows()`` raises it when reading has to stop part-way (the row is given)."""
    limits = limits or Limits.from_settings()
    with _binary(source) as handle:
        if fmt == "xlsx":
            from leizu.core.imports.workbook import xlsx_table

            with xlsx_table(handle, limits) as table:
                yield table
        elif fmt in ("csv", "jsonl"):
            head = handle.read(SAMPLE_BYTES)
            estimate = _count_lines(handle, head)
            handle.seek(0)
            text = io.TextIOWrapper(handle, encoding=text_encoding(head), newline="")
            try:
                if fmt == "csv":
                    yield _csv_table(
                        text, head_is_all=len(head) < SAMPLE_BYTES, limits=limits, estimate=estimate
                    )
                else:
                    yield _jsonl_table(text, limits, estimate)
            finally:
                text.detach()
        else:
            raise ImportRefused(_("Upload a .csv, .jsonl or .xlsx file."))


@contextmanager
def _binary(source: Path | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(source, str | Path):
        with Path(source).open("rb") as handle:
            yield handle
    else:
        inner: IO[bytes] = getattr(source, "file", source)  # Django's uploads wrap a file
        inner.seek(0)
        yield inner


def _count_lines(handle: IO[bytes], head: bytes) -> int:
    lines = head.count(b"\n")
    for chunk in iter(lambda: handle.read(SCAN_CHUNK), b""):
        lines += chunk.count(b"\n")
    return lines


def cell_value(value: Any, limits: Limits, column: str, rownum: int, errors: list[RowError]) -> Any:
    """A cell as text (dates stay dates), without control characters (``clean_text``), or ""
    and a row error when it is too long."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).strip()
    if len(text) > limits.max_cell_chars:
        errors.append(RowError(rownum, column, cell_too_long(limits.max_cell_chars)))
        return ""
    return text


def _lines(text: IO[str], start: int = 1) -> Iterator[str]:
    """The physical lines of a text file, each at most MAX_LINE_CHARS long."""
    number = start
    while True:
        try:
            line = text.readline(MAX_LINE_CHARS + 1)
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                _("The file is not UTF-8 text from line %(line)d on; save it as CSV UTF-8.")
                % {"line": number},
                row=number,
            ) from exc
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise ImportRefused(
                _("Line %(line)d is longer than %(limit)d characters.")
                % {"line": number, "limit": MAX_LINE_CHARS},
                row=number,
            )
        number += 1
        yield line


# --- CSV --------------------------------------------------------------------------------------


def csv_dialect(sample: str, *, complete: bool) -> type[csv.Dialect]:
    """The delimiter whose rows in ``sample`` best agree with its header; quotes are ``"``,
    doubled inside a quoted field (as Excel, LibreOffice and most programs write CSV)."""
    best: tuple[Any, ...] = ()
    choice = ","
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        if not complete:
            rows = rows[:-1]  # the sample may end inside a row
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        width = len(rows[0])
        agreeing = sum(len(r) == width for r in rows[1:]) / max(len(rows) - 1, 1)
        score = (width > 1, agreeing, width)
        if score > best:
            best, choice = score, delimiter

    class Dialect(csv.excel):
        delimiter = choice

    return Dialect


def _csv_table(text: IO[str], *, head_is_all: bool, limits: Limits, estimate: int) -> Table:
    sample = text.read(SAMPLE_BYTES)
    text.seek(0)
    reader = csv.reader(_lines(text), csv_dialect(sample, complete=head_is_all))
    try:
        header = [clean_text(h).strip().lstrip("\ufeff") for h in next(reader, [])]
    except csv.Error as exc:
        raise unreadable_csv(1) from exc
    if len(header) > limits.max_columns:
        raise too_many_columns(limits.max_columns, row=1)

    def rows() -> Iterator[Row]:
        rownum = 1
        try:
            for rownum, raw in enumerate(reader, start=2):
                if rownum > limits.max_rows + 1:
                    raise too_many_rows(limits.max_rows, row=rownum)
                if not any(raw):
                    continue
                if len(raw) > limits.max_columns:
                    raise too_many_columns(limits.max_columns, row=rownum)
                errors: list[RowError] = []
                values = {
                    h: cell_value(v, limits, h, rownum, errors)
                    for h, v in zip(header, raw, strict=False)
                    if h
                }
                yield Row(rownum, values, errors)
        except csv.Error as exc:
            raise unreadable_csv(rownum + 1) from exc

    return Table([h for h in header if h], rows(), max(estimate - 1, 0))


# --- JSON lines -------------------------------------------------------------------------------


def _jsonl_table(text: IO[str], limits: Limits, estimate: int) -> Table:
    import json

    def rows() -> Iterator[Row]:
        count = 0
        for rownum, line in enumerate(_lines(text), start=1):
            line = line.strip()
            if not line:
                continue
            count += 1
            if count > limits.max_rows:
                raise too_many_rows(limits.max_rows, row=rownum)
            try:
                obj = json.loads(line)
            except ValueError:
                yield Row(rownum, {}, [RowError(rownum, "", _("This line is not valid JSON."))])
                continue
            if not isinstance(obj, dict):
                yield Row(rownum, {}, [RowError(rownum, "", _("This line is not a JSON object."))])
                continue
            if len(obj) > limits.max_columns:
                raise too_many_columns(limits.max_columns, row=rownum)
            errors: list[RowError] = []
            values = {str(k): cell_value(v, limits, str(k), rownum, errors) for k, v in obj.items()}
            yield Row(rownum, values, errors)

    # The columns a file offers: the keys of its first lines.
    seen: dict[str, None] = {}
    for n, row in enumerate(rows()):
        seen.update(dict.fromkeys(row.values))
        if n >= 20:
            break
    text.seek(0)
    return Table(list(seen), rows(), estimate)
