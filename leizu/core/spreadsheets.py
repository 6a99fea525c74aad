"""Spreadsheet cells that cannot attack whoever opens the file (formula injection).

A text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken for a
formula by Excel, LibreOffice and Google Sheets, so a partner's institution name could become a
live ``=HYPERLINK(…)`` in a coordinator's export. Every export writes its cells through
``safe_cell`` (OWASP, "CSV Injection"): such a text gets a single quote before it. A text that
already begins with a quote gets one more, so that ``unquoted`` can strip exactly the one quote
the export added and importing an export changes nothing. Numbers and dates stay as they are:
only text is changed.
"""

from collections.abc import Iterable
from typing import Any

from leizu.core.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: Any) -> Any:
    """The value to write into a cell: text that a spreadsheet would run gets a quote first.

    Control characters go (``clean_text``): a workbook cannot hold them, and one stored before
    they were refused at the door would otherwise break the whole export.
    """
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def append_safe_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to a worksheet (write-only ones included) through ``safe_cell``."""
    sheet.append(safe_row(values))


def unquoted(value: Any) -> Any:
    """A cell read back from one of our exports, without the quote ``safe_cell`` added."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[1:].startswith((*FORMULA_STARTS, QUOTE))
    ):
        return value[1:]
    return value
