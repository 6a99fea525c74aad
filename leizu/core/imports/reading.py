"""Reading an uploaded file as rows: CSV in its real dialect, JSON lines, and Excel workbooks
read only after their size has been checked.

A workbook is a zip of XML parts. Before openpyxl parses anything, ``inspect_workbook`` opens
the zip's directory and refuses a file whose parts unpack to more than
``LEIZU_IMPORT_MAX_UNPACKED_BYTES`` or are packed more densely than a spreadsheet can be
(``LEIZU_IMPORT_MAX_PACKING_RATIO``: a zip bomb); it then streams the first sheet's XML once,
without parsing it, to count its rows and the cells of its longest row, and refuses a sheet over
``LEIZU_IMPORT_MAX_ROWS`` rows or ``LEIZU_IMPORT_MAX_COLUMNS`` columns. Only then is the sheet
read by openpyxl in read-only mode (streamed; its shared strings are loaded, within the limits
above). Text files are read line by line with a bound on the length of a line, so no single
line can take the memory either. Every cell is at most ``LEIZU_IMPORT_MAX_CELL_CHARS`` (Excel's
own limit) long, else its row has an error.

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
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from leizu.core.imports.rows import ImportRefused, Row, RowError

FORMATS = ("csv", "jsonl", "xlsx")
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 1024
# A physical line of a text file; a longer one is refused before the csv module splits it.
MAX_LINE_CHARS = 1_000_000
# A part of a workbook this small may be packed densely (an empty sheet, a style sheet).
DENSE_PART_BYTES = 1024 * 1024
# openpyxl may leave a sheet's longest row in memory as one list of cells.
MAX_ROW_XML_BYTES = 16 * 1024 * 1024
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
            with _xlsx_table(handle, limits) as table:
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


def _cell(value: Any, limits: Limits, column: str, rownum: int, errors: list[RowError]) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
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
        header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    except csv.Error as exc:
        raise ImportRefused(
            _("The file cannot be read: %(reason)s") % {"reason": exc}, row=1
        ) from exc
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
                    h: _cell(v, limits, h, rownum, errors)
                    for h, v in zip(header, raw, strict=False)
                    if h
                }
                yield Row(rownum, values, errors)
        except csv.Error as exc:
            raise ImportRefused(
                _("The file cannot be read: %(reason)s") % {"reason": exc}, row=rownum + 1
            ) from exc

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
            values = {str(k): _cell(v, limits, str(k), rownum, errors) for k, v in obj.items()}
            yield Row(rownum, values, errors)

    # The columns a file offers: the keys of its first lines.
    seen: dict[str, None] = {}
    for n, row in enumerate(rows()):
        seen.update(dict.fromkeys(row.values))
        if n >= 20:
            break
    text.seek(0)
    return Table(list(seen), rows(), estimate)


# --- XLSX -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetFacts:
    """What ``inspect_workbook`` learnt of the first sheet without parsing it."""

    path: str
    rows: int  # <row> elements: the rows that hold something
    widest_row: int  # cells in the row with most of them
    dimension_columns: int  # columns of the sheet's declared range (0 when not declared)


_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]+)\$?\d+(?::\$?([A-Z]+)\$?\d+)?\"")
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(archive.read(name))
    except (KeyError, ElementTree.ParseError):
        return None


def _relationships(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target path in the zip) of the part ``name``."""
    part = PurePosixPath(name)
    rels = _xml(archive, str(part.parent / "_rels" / (part.name + ".rels")))
    found = {}
    for rel in rels if rels is not None else []:
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else str(part.parent / target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), _normalise_path(path))
    return found


def _normalise_path(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first worksheet, as openpyxl would take it."""
    root_rels = _relationships(archive, "")
    workbook = next(
        (path for kind, path in root_rels.values() if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    tree = _xml(archive, workbook)
    if tree is None:
        return None
    rels = _relationships(archive, workbook)
    names = set(archive.namelist())
    for element in tree.iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        kind, path = rels.get(element.get(_REL, ""), ("", ""))
        if kind.endswith("/worksheet") and path in names:
            return path
    return None


def inspect_workbook(handle: IO[bytes], limits: Limits) -> SheetFacts:
    """Check a workbook's size before it is parsed; ``ImportRefused`` when it breaks a limit."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise not_a_workbook() from exc
    with archive:
        parts = archive.infolist()
        unpacked = sum(p.file_size for p in parts)
        if unpacked > limits.max_unpacked_bytes:
            raise ImportRefused(
                _("The workbook unpacks to more than %(limit)d MB; split it into smaller files.")
                % {"limit": limits.max_unpacked_bytes // (1024 * 1024)}
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > DENSE_PART_BYTES and ratio > limits.max_packing_ratio:
                raise ImportRefused(
                    _(
                        "A part of the workbook unpacks to %(ratio)d times its packed size, "
                        "more than a spreadsheet does: it is refused as a possible zip bomb."
                    )
                    % {"ratio": ratio}
                )
        try:
            sheet = _first_sheet(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise not_a_workbook() from exc
        if sheet is None:
            raise ImportRefused(_("The workbook holds no sheet."))
        try:
            return _scan_sheet(archive, sheet, limits)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise not_a_workbook() from exc


def _scan_sheet(archive: zipfile.ZipFile, path: str, limits: Limits) -> SheetFacts:
    """Count the rows and the cells of the widest row of a sheet by streaming its XML once
    (the tags are counted, nothing is parsed), and stop as soon as a limit is passed."""
    rows = widest = dimension = 0
    started = False  # ``pending`` starts at a row when True, else at the start of the file
    pending = b""
    row_tag: re.Pattern[bytes] | None = None
    cell_tags: tuple[bytes, ...] = ()
    with archive.open(path) as stream:
        while True:
            chunk = stream.read(SCAN_CHUNK)
            if row_tag is None:
                root = _ROOT.search(chunk)
                prefix = (root.group(1) or b"") if root else b""
                row_tag = re.compile(b"<" + re.escape(prefix) + rb"row[\s>/]")
                cell_tags = tuple(b"<" + prefix + b"c" + end for end in (b" ", b">", b"/"))
                declared = _DIMENSION.search(chunk)
                if declared:
                    dimension = _column_number(declared.group(2) or declared.group(1))
                    if dimension > limits.max_columns:
                        raise too_many_columns(limits.max_columns)
            pending += chunk
            pieces = row_tag.split(pending)
            if not started:
                if len(pieces) == 1:
                    pending = pending[-64:]  # a tag may be cut at the end of the chunk
                    pieces = []
                else:
                    pieces, started = pieces[1:], True
            if pieces:
                # Every piece is a whole row, but the last while more is to come.
                pending = pieces.pop() if chunk else b""
                for row in pieces:
                    rows += 1
                    widest = max(widest, sum(row.count(tag) for tag in cell_tags))
            if rows > limits.max_rows + 1:
                raise too_many_rows(limits.max_rows)
            if widest > limits.max_columns:
                raise too_many_columns(limits.max_columns)
            if len(pending) > MAX_ROW_XML_BYTES:
                raise ImportRefused(
                    _("Row %(row)d of the sheet is too large to read.") % {"row": rows + 1}
                )
            if not chunk:
                break
    return SheetFacts(path, rows, widest, dimension)


@contextmanager
def _xlsx_table(handle: IO[bytes], limits: Limits) -> Iterator[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    facts = inspect_workbook(handle, limits)
    handle.seek(0)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        OSError,
        KeyError,
        ValueError,
        IndexError,
        TypeError,
        ElementTree.ParseError,
    ) as exc:
        raise not_a_workbook() from exc
    try:
        width = limits.max_columns
        cells = sheet.iter_rows(
            min_row=1, max_row=limits.max_rows + 1, max_col=width, values_only=True
        )
        header_errors: list[RowError] = []
        try:
            header = [str(_cell(h, limits, "", 1, header_errors)) for h in next(cells, ())]
        except (KeyError, ValueError, TypeError, ElementTree.ParseError) as exc:
            raise not_a_workbook() from exc
        while header and not header[-1]:
            header.pop()

        def rows() -> Iterator[Row]:
            rownum = 1
            try:
                for rownum, raw in enumerate(cells, start=2):
                    errors: list[RowError] = []
                    values = {
                        h: _cell(v, limits, h, rownum, errors)
                        for h, v in zip(header, raw, strict=False)
                        if h
                    }
                    if errors or any(v != "" for v in values.values()):
                        yield Row(rownum, values, errors)
            except (
                KeyError,
                ValueError,
                TypeError,
                ElementTree.ParseError,
                zipfile.BadZipFile,
                OSError,
            ) as exc:
                raise ImportRefused(
                    _("The file cannot be read: %(reason)s") % {"reason": exc}, row=rownum + 1
                ) from exc

        yield Table([h for h in header if h], rows(), max(facts.rows - 1, 0))
    finally:
        workbook.close()
