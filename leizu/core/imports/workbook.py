"""Excel workbooks, checked before they are parsed.

A workbook is a zip of XML parts. Before openpyxl parses anything, ``inspect_workbook`` opens
the zip's directory and refuses a file whose parts unpack to more than
``LEIZU_IMPORT_MAX_UNPACKED_BYTES`` or are packed more densely than a spreadsheet can be
(``LEIZU_IMPORT_MAX_PACKING_RATIO``: a zip bomb); it then streams the first sheet's XML once,
without parsing it, to count its rows and the cells of its longest row, and refuses a sheet over
``LEIZU_IMPORT_MAX_ROWS`` rows or ``LEIZU_IMPORT_MAX_COLUMNS`` columns. Only then is the sheet
read by openpyxl in read-only mode (streamed; its shared strings are loaded, within the limits
above).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from leizu.core.imports.reading import (
    SCAN_CHUNK,
    Limits,
    Table,
    cell_value,
    not_a_workbook,
    too_many_columns,
    too_many_rows,
    unreadable_workbook,
)
from leizu.core.imports.rows import ImportRefused, Row, RowError

# A part of a workbook this small may be packed densely (an empty sheet, a style sheet).
DENSE_PART_BYTES = 1024 * 1024
# openpyxl may leave a sheet's longest row in memory as one list of cells.
MAX_ROW_XML_BYTES = 16 * 1024 * 1024


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
def xlsx_table(handle: IO[bytes], limits: Limits) -> Iterator[Table]:
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
            header = [str(cell_value(h, limits, "", 1, header_errors)) for h in next(cells, ())]
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
                        h: cell_value(v, limits, h, rownum, errors)
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
                raise unreadable_workbook(rownum + 1) from exc

        yield Table([h for h in header if h], rows(), max(facts.rows - 1, 0))
    finally:
        workbook.close()
