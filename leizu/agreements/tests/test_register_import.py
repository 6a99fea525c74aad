"""The register imported from Excel: all or nothing with every error named by row, column and
reason; an export imported again changes nothing; new agreements found again by the drafter's
reference number, so the same file twice records each once; also as a command and as a
background job from the register page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from leizu.agreements import services
from leizu.agreements.io import AGREEMENT_COLUMNS, register_import_xlsx
from leizu.agreements.models import Agreement, AgreementParty, AgreementStage
from leizu.core.models import AuditEntry, WorkbookImport
from leizu.core.tests.fixtures import tasks_run_at_once

__all__ = ["tasks_run_at_once"]


def _workbook(rows: list[dict]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Agreements"
    ws.append(AGREEMENT_COLUMNS)
    for row in rows:
        ws.append([row.get(c, "") for c in AGREEMENT_COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _paper_mou(world, **extra) -> dict:
    """An MOU the host signed on paper with the Uzbek college, as an office's register has it."""
    return {
        "kind": "mou",
        "drafted_by_id": world["institutions"]["host"].pk,
        "reference": "LZ-2023-007",
        "party_ids": f"{world['institutions']['host'].pk}, {world['institutions']['uz1'].pk}",
        "title_en": "Memorandum on vocational cooperation",
        "title_ru": "Меморандум о сотрудничестве в профессиональном образовании",
        "valid_from": datetime.date(2023, 5, 1),
        "valid_until": datetime.date(2028, 4, 30),
        "renewal": "automatic",
        "renewal_years": 5,
        "denounce_days": 90,
        "stage": "signed",
        **extra,
    }


def test_an_export_imported_again_changes_nothing(coordinator, actors):
    export = coordinator.get("/agreements/export.xlsx").content
    audited = AuditEntry.objects.count()
    versions = dict(Agreement.objects.values_list("pk", "version"))
    result = register_import_xlsx(by=actors["coordinator"], file=io.BytesIO(export))
    assert result.errors == []
    seen = len(load_workbook(io.BytesIO(export)).worksheets[0]["A"]) - 1
    assert (result.created, result.updated, result.unchanged) == (0, 0, seen)
    assert AuditEntry.objects.count() == audited
    assert dict(Agreement.objects.values_list("pk", "version")) == versions


def test_a_paper_agreement_is_recorded_once_however_often_its_file_is_imported(world, actors):
    file = _workbook([_paper_mou(world)]).getvalue()
    # Signed on paper: a coordinator's file records drafts; the operator migrates the register.
    refused = register_import_xlsx(by=actors["coordinator"], file=io.BytesIO(file))
    assert [(e.column, e.message[:39]) for e in refused.errors] == [
        ("stage", "A file records new agreements as drafts")
    ]
    first = register_import_xlsx(by=world["operator"], file=io.BytesIO(file))
    assert (first.errors, first.created) == ([], 1)
    mou = Agreement.objects.get(title__en="Memorandum on vocational cooperation")
    assert mou.stage == AgreementStage.SIGNED
    assert mou.valid_until == datetime.date(2028, 4, 30) and mou.renewal_years == 5
    assert mou.title["ru"].startswith("Меморандум")
    parties = {p.institution_id: p.reference for p in mou.parties.all()}
    assert parties == {
        world["institutions"]["host"].pk: "LZ-2023-007",
        world["institutions"]["uz1"].pk: "",
    }
    assert AuditEntry.objects.filter(
        action="agreements.agreement.create", object_id=str(mou.pk)
    ).exists()
    again = register_import_xlsx(by=world["operator"], file=io.BytesIO(file))
    assert (again.errors, again.created, again.unchanged) == ([], 0, 1)
    assert Agreement.objects.filter(title__en="Memorandum on vocational cooperation").count() == 1


def test_one_bad_row_writes_nothing_and_every_error_names_row_column_and_reason(world, actors):
    draft = Agreement.objects.filter(stage=AgreementStage.DRAFT).first()
    rows = [
        _paper_mou(world),
        _paper_mou(world, reference="LZ-2023-008", kind="treaty", valid_from="1 May 2023"),
        {**_paper_mou(world, reference="LZ-2023-009"), "party_ids": "999999"},
        _paper_mou(world, reference="LZ-2023-007"),  # the first row's agreement again
        # Ids that only look like numbers, or exceed the database's integers; a far year.
        {**_paper_mou(world, reference="LZ-2023-010"), "id": "²"},
        _paper_mou(world, reference="LZ-2023-011", parent_id="9" * 25, renewal_years="١٢"),
        _paper_mou(world, reference="LZ-2023-012", valid_until=datetime.date(9999, 12, 31)),
        _paper_mou(world, reference="LZ-2023-013", stage="draft", terminated_on="2024-01-31"),
    ]
    before = (Agreement.objects.count(), AgreementParty.objects.count(), AuditEntry.objects.count())
    result = register_import_xlsx(by=world["operator"], file=_workbook(rows))
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "Unknown value “treaty”" in errors[(3, "kind")]
    assert errors[(3, "valid_from")] == "Enter a date as YYYY-MM-DD."
    assert errors[(4, "party_ids")] == "No institution has the id 999999."
    assert errors[(5, "reference")] == "Row 2 is this agreement already."
    assert errors[(6, "id")] == "No agreement has the id ²."
    assert errors[(7, "parent_id")] == f"No agreement has the id {'9' * 25}."
    assert errors[(7, "renewal_years")] == "Enter a whole number between 0 and 1000."
    assert errors[(8, "valid_until")] == "Enter a date between the years 1950 and 2200."
    assert errors[(9, "terminated_on")] == "Only a terminated agreement has a day of termination."
    assert result.created == 0
    after = (Agreement.objects.count(), AgreementParty.objects.count(), AuditEntry.objects.count())
    assert after == before
    assert draft is None or Agreement.objects.get(pk=draft.pk).version == draft.version


def test_a_changed_row_updates_a_draft_and_is_refused_for_a_signed_agreement(
    coordinator, world, actors
):
    draft = services.agreement_create(
        by=actors["coordinator"],
        drafted_by=world["institutions"]["host"],
        data={"kind": "mou", "title": {"en": "Draft memorandum"}},
        parties=[world["institutions"]["kz1"]],
    )
    export = load_workbook(io.BytesIO(coordinator.get("/agreements/export.xlsx").content))
    sheet = export.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == draft.pk:
            row[header.index("title_en")].value = "Memorandum on dual training"
            row[header.index("reference")].value = "LZ-2026-031"
    out = io.BytesIO()
    export.save(out)
    result = register_import_xlsx(by=actors["coordinator"], file=io.BytesIO(out.getvalue()))
    assert result.errors == [] and result.updated == 1
    draft.refresh_from_db()
    assert draft.title["en"] == "Memorandum on dual training" and draft.version == 2
    assert draft.parties.get(institution=world["institutions"]["host"]).reference == "LZ-2026-031"

    signed = Agreement.objects.filter(stage=AgreementStage.SIGNED, drafted_by=draft.drafted_by)[0]
    [signed_row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == signed.pk]
    signed_row[header.index("title_en")].value = "Rewritten after signing"

    def refused() -> list[tuple[str, str]]:
        out = io.BytesIO()
        export.save(out)
        result = register_import_xlsx(by=actors["coordinator"], file=io.BytesIO(out.getvalue()))
        assert result.updated == 0
        return [(e.column, e.message) for e in result.errors]

    assert refused() == [
        (
            "",
            "A signed or terminated agreement no longer changes: add a text version, an annex "
            "or a renewal.",
        )
    ]
    signed_row[header.index("stage")].value = "draft"
    assert refused() == [
        ("stage", "An import does not change this: change it on the agreement's page.")
    ]
    signed.refresh_from_db()
    assert signed.title["en"] != "Rewritten after signing"
    assert Agreement.objects.get(pk=draft.pk).version == 2  # the refused files wrote nothing


def test_rows_name_only_what_the_importer_sees(world, actors):
    theirs = Agreement.objects.exclude(
        parties__institution=world["institutions"]["uz1"]
    ).first()  # an agreement without partner B's college
    rows = [{**_paper_mou(world), "id": theirs.pk}]
    result = register_import_xlsx(by=actors["partner_b"], file=_workbook(rows))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "id", f"No agreement has the id {theirs.pk}.")
    ]
    # In partner B's own name: the agreement of another party stays unseen.
    own = {
        **_paper_mou(world),
        "id": theirs.pk,
        "drafted_by_id": world["institutions"]["uz1"].pk,
        "party_ids": f"{world['institutions']['uz1'].pk}, {world['institutions']['host'].pk}",
    }
    result = register_import_xlsx(by=actors["partner_b"], file=_workbook([own]))
    assert ("id", f"No agreement has the id {theirs.pk}.") in [
        (e.column, e.message) for e in result.errors
    ]
    # A student drafts nothing: a new row in the host's name is refused.
    result = register_import_xlsx(by=actors["student"], file=_workbook([_paper_mou(world)]))
    assert result.errors and result.created == 0


def test_the_operator_imports_from_the_command_line_and_a_bad_file_exits_non_zero(world, tmp_path):
    good = tmp_path / "register.xlsx"
    good.write_bytes(_workbook([_paper_mou(world)]).getvalue())
    out = io.StringIO()
    call_command("import_agreements", str(good), stdout=out)
    assert "1 created, 0 updated, 0 unchanged" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_workbook([_paper_mou(world, reference="X-1", kind="treaty")]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_agreements", str(bad), stderr=err)
    assert refused.value.returncode == 1
    assert "row 2, column kind: Unknown value “treaty”" in err.getvalue()
    assert not Agreement.objects.filter(parties__reference="X-1").exists()


def test_the_register_page_imports_a_file_as_a_background_job(
    coordinator, world, tasks_run_at_once
):
    page = coordinator.get("/agreements/")
    assert b'href="/agreements/import/"' in page.content
    response = coordinator.post(
        "/agreements/import/",
        {
            "file": SimpleUploadedFile(
                "register.xlsx", _workbook([_paper_mou(world, stage="draft")]).getvalue()
            )
        },
    )
    job = WorkbookImport.objects.get(kind="agreements")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == 1
    assert Agreement.objects.filter(parties__reference="LZ-2023-007").exists()


def test_a_file_cannot_close_a_chain_into_a_loop(coordinator, world, actors):
    host, kz1 = world["institutions"]["host"], world["institutions"]["kz1"]
    made = [
        services.agreement_create(
            by=actors["coordinator"],
            drafted_by=host,
            data={"kind": "framework", "title": {"en": title}},
            parties=[kz1],
        )
        for title in ("Framework X", "Framework Y")
    ]
    book = load_workbook(io.BytesIO(coordinator.get("/agreements/export.xlsx").content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    x, y = made
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in (x.pk, y.pk):
            row[header.index("parent_id")].value = y.pk if row[0].value == x.pk else x.pk
    out = io.BytesIO()
    book.save(out)
    result = register_import_xlsx(by=actors["coordinator"], file=io.BytesIO(out.getvalue()))
    assert {(e.column, e.message) for e in result.errors} == {
        ("parent_id", "An import does not change this: change it on the agreement's page.")
    }
    assert Agreement.objects.filter(pk__in=[x.pk, y.pk], parent__isnull=False).count() == 0


def test_a_partner_imports_its_own_export_unchanged(clients, actors):
    export = clients["partner_a"].get("/agreements/export.xlsx").content
    result = register_import_xlsx(by=actors["partner_a"], file=io.BytesIO(export))
    assert result.errors == [] and result.unchanged > 0 and result.created == result.updated == 0


def test_a_column_named_twice_is_refused(world, actors):
    wb = Workbook()
    ws = wb.active
    ws.append([*AGREEMENT_COLUMNS, "id"])
    ws.append([""] * (len(AGREEMENT_COLUMNS) + 1))
    out = io.BytesIO()
    wb.save(out)
    result = register_import_xlsx(by=actors["coordinator"], file=io.BytesIO(out.getvalue()))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (1, "id", "This column appears more than once.")
    ]
