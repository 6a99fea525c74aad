"""Export cells: text a spreadsheet would run is quoted, numbers and dates are left alone."""

import datetime
import io

from openpyxl import Workbook, load_workbook

from leizu.core.spreadsheets import append_safe_row, unquoted


def _written(values: list) -> list:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet")
    append_safe_row(ws, values)
    out = io.BytesIO()
    wb.save(out)
    return next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())


def test_text_that_starts_like_a_formula_is_written_after_a_single_quote():
    texts = ["=1+1", "+7 701 000", "-2", "@SUM(A1)", "\tTAB", "\rCR", "'quoted"]
    cells = _written(texts)
    assert [c.value for c in cells] == ["'" + t for t in texts]
    assert {c.data_type for c in cells} == {"s"}


def test_numbers_dates_and_ordinary_text_are_written_as_they_are():
    day = datetime.date(2025, 3, 1)
    cells = _written([-5, 2.5, day, "Aral Denim", "a=b", None])
    assert [c.value for c in cells[:5]] == [
        -5,
        2.5,
        datetime.datetime(2025, 3, 1),  # noqa: DTZ001 (a spreadsheet date has no zone)
        "Aral Denim",
        "a=b",
    ]
    assert [c.data_type for c in cells[:5]] == ["n", "n", "d", "s", "s"]


def test_reading_an_exported_text_back_strips_exactly_the_quote_the_export_added():
    for text in ["=1+1", "-2", "'quoted", "''twice", "plain", "'plain", ""]:
        assert unquoted(_written([text])[0].value or "") == text
    assert unquoted(-5) == -5
