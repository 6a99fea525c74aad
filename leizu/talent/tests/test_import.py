"""Imports of vacancy postings and survey rows: all or nothing, idempotent, errors by row."""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from leizu.core.links import NOT_A_WEB_URL
from leizu.talent import io as talent_io
from leizu.talent import services
from leizu.talent.models import ImportJob, ImportStatus, Posting, StatedNeed

HEADER = ["Job title", "Description", "Company", "Country", "Region", "Published", "Lang"]


def _rows(n: int, start: int = 0) -> list[list[str]]:
    day = datetime.date(2025, 1, 1)
    return [
        [
            f"Швея-мотористка {i}",
            "Пошив одежды на промышленных машинах",
            f"ТОО «Тест {i % 50}»",
            "KZ",
            "KZ-ALA" if i % 2 else "Алматы",
            (day + datetime.timedelta(days=i % 300)).isoformat(),
            "ru",
        ]
        for i in range(start, start + n)
    ]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _import(actor, path: Path, *, kind: str = "postings", mapping=None, defaults=None):
    with path.open("rb") as handle:
        job = services.import_create(
            by=actor, upload=File(handle, name=path.name), kind=kind, defaults=defaults
        )
    services.import_start(job=job, by=actor, mapping=mapping)
    return talent_io.run_import(job.pk)


@pytest.fixture
def analyst(world):
    from leizu.core.access import actor_for_user

    return actor_for_user(world["users"]["analyst"])


def test_an_import_is_all_or_nothing_and_a_second_import_adds_nothing(analyst, tmp_path, settings):
    # The 100,000-row version, with timings and write-lock holds, is bench/imports.py.
    settings.MEDIA_ROOT = tmp_path / "media"
    before = Posting.objects.count()
    rows = _rows(1000)
    bad = [*rows[:-1], [*rows[-1][:5], "31.02.2025", "ru"]]
    job = _import(analyst, _csv(tmp_path / "bad.csv", bad))
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 1001, "column": "Published", "message": job.errors[0]["message"]}]
    assert "date" in job.errors[0]["message"]
    assert Posting.objects.count() == before

    good = _csv(tmp_path / "good.csv", rows)
    job = _import(analyst, good)
    assert job.status == ImportStatus.CLASSIFYING  # the classification task comes next
    assert (job.total_rows, job.created_count, job.duplicate_count) == (1000, 1000, 0)
    assert Posting.objects.count() == before + 1000
    assert Posting.objects.filter(import_job=job, region="KZ-ALA").count() == 1000

    again = _import(analyst, good)
    assert (again.created_count, again.duplicate_count) == (0, 1000)
    assert again.status == ImportStatus.DONE
    assert Posting.objects.count() == before + 1000


def test_csv_with_semicolons_and_line_breaks_inside_quotes_imports_as_written(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "quoted.csv"
    path.write_bytes(
        (
            "\ufeffДолжность;Описание;Страна;Дата\r\n"
            '"Швея; мотористка";"Шить одежду;\r\nработа в смену";KZ;01.03.2025\r\n'
            '"Токарь ""6 разряда""";;KZ;02.03.2025\r\n'
        ).encode("utf-8")
    )
    job = _import(analyst, path)
    assert (job.status, job.created_count) == (ImportStatus.CLASSIFYING, 2), job.errors
    postings = {p.title: p.text for p in Posting.objects.filter(import_job=job)}
    assert postings == {
        "Швея; мотористка": "Шить одежду;\r\nработа в смену",
        'Токарь "6 разряда"': "",
    }


def test_a_zip_without_a_sheet_is_refused_clearly_and_nothing_is_kept(world, tmp_path, settings):
    from conftest import login_client

    settings.MEDIA_ROOT = tmp_path
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    client = login_client(world["users"]["analyst"])
    response = client.post(
        "/talent/imports/",
        {"file": SimpleUploadedFile("board.xlsx", empty.getvalue()), "kind": "postings"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The workbook holds no sheet." in response.content.decode()
    assert not ImportJob.objects.filter(original_name="board.xlsx").exists()
    assert not list((tmp_path / "talent-imports").iterdir())


def test_a_zip_bomb_upload_is_refused_at_once(world, tmp_path, settings):
    from conftest import login_client

    settings.MEDIA_ROOT = tmp_path
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<row>" * 4_000_000)  # 20 MB in 20 KB
        [part] = zf.infolist()
    client = login_client(world["users"]["analyst"])
    response = client.post(
        "/talent/imports/",
        {"file": SimpleUploadedFile("board.xlsx", bomb.getvalue()), "kind": "postings"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # The refusal names the packing the zip's directory states: it comes before anything is
    # unpacked (core/tests/test_imports.py counts the bytes read; bench/imports.py times it).
    ratio = int(part.file_size / part.compress_size)
    assert f"unpacks to {ratio} times its packed size" in response.content.decode()
    assert "refused as a possible zip bomb" in response.content.decode()
    assert not ImportJob.objects.filter(original_name="board.xlsx").exists()
    assert not list((tmp_path / "talent-imports").iterdir())


def test_every_error_is_listed_by_row_and_column_and_nothing_is_saved(analyst, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    rows = _rows(5)
    rows[1][3] = "XX"
    rows[2][0] = ""
    rows[3][4] = "Nowhere"
    job = _import(analyst, _csv(tmp_path / "errors.csv", rows))
    assert job.status == ImportStatus.FAILED
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {(3, "Country"), (4, "Job title"), (5, "Region")}
    assert not Posting.objects.filter(import_job=job).exists()


def test_the_same_posting_twice_in_one_file_is_added_once(analyst, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    rows = _rows(3)
    rows.append(list(rows[0]))
    rows[3][0] = "  швея-мотористка 0 "  # same text after normalisation
    job = _import(analyst, _csv(tmp_path / "dup.csv", rows))
    assert (job.created_count, job.duplicate_count) == (3, 1)


def test_jsonl_and_xlsx_files_import_with_a_chosen_mapping_and_defaults(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    lines = [
        {"name": "Токарь", "body": "Токарные работы", "when": "2025-04-01"},
        {"name": "Tokar", "body": "Tokarlik ishlari", "when": "2025-04-02"},
    ]
    path = tmp_path / "postings.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    job = _import(
        analyst,
        path,
        mapping={"title": "name", "text": "body", "date": "when"},
        defaults={"country": "UZ", "source": "test board"},
    )
    assert job.status == ImportStatus.CLASSIFYING, job.errors
    assert set(Posting.objects.filter(import_job=job).values_list("country", "source")) == {
        ("UZ", "test board")
    }

    wb = Workbook()
    ws = wb.active
    ws.append(["title", "country", "date", "openings"])
    ws.append(["电气自动化工程师", "CN", datetime.date(2025, 5, 1), 3])
    xlsx = tmp_path / "postings.xlsx"
    wb.save(xlsx)
    job = _import(analyst, xlsx)
    assert job.file_format == "xlsx"
    posting = Posting.objects.get(import_job=job)
    assert (posting.openings, posting.posted_on) == (3, datetime.date(2025, 5, 1))


def test_the_classification_task_classifies_what_the_import_added(analyst, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    job = _import(analyst, _csv(tmp_path / "few.csv", _rows(4)))
    job = talent_io.run_classification(job.pk)
    assert job.status == ImportStatus.DONE
    assert job.classified_rows == 4
    postings = Posting.objects.filter(import_job=job)
    assert all(p.classified_at and p.machine_isco08 for p in postings)
    assert {p.isced_f for p in postings} == {"0723"}


def test_the_immediate_task_backend_runs_import_and_classification(
    analyst, client, settings, world
):
    from conftest import login_client

    settings.MEDIA_ROOT = "/tmp/leizu-test-media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(_rows(3, start=500))
    upload = SimpleUploadedFile("board.csv", buffer.getvalue().encode("utf-8"))
    client = login_client(world["users"]["analyst"])
    response = client.post("/talent/imports/", {"file": upload, "kind": "postings"})
    assert response.status_code == 302
    job = ImportJob.objects.get(original_name="board.csv")
    assert job.status == ImportStatus.DRAFT
    assert job.mapping["title"] == "Job title"
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(job.get_absolute_url(), job.mapping)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    assert job.created_count == 3
    page = client.get(f"/talent/imports/{job.pk}/progress/").content.decode()
    assert 'data-status="done"' in page
    assert "hx-trigger" not in page  # polling stops when done


def test_a_file_that_is_not_text_nor_a_workbook_is_refused(analyst, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from leizu.core.errors import ServiceError

    with pytest.raises(ServiceError):
        services.import_create(
            by=analyst, upload=SimpleUploadedFile("x.csv", b"\x00\x01\x02binary"), kind="postings"
        )


def test_survey_rows_import_idempotently_and_get_codes_from_the_classifier(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "survey.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["occupation", "headcount", "country", "region", "horizon", "date"])
        writer.writerow(["Швея-мотористка", "40", "KZ", "KZ-SHY", "2027", "2025-03-01"])
        writer.writerow(["Электромонтер", "12", "UZ", "", "2026", "2025-03-02"])
    job = _import(analyst, path, kind="survey")
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2), job.errors
    rows = StatedNeed.objects.filter(import_job=job).order_by("headcount")
    assert [(r.kind, r.reliability) for r in rows] == [("survey", 0.7), ("survey", 0.7)]
    assert rows[1].isced_f == "0723" and rows[1].isco08
    again = _import(analyst, path, kind="survey")
    assert (again.created_count, again.duplicate_count) == (0, 2)


def test_a_posting_link_that_is_not_http_or_https_is_a_row_error_and_nothing_is_saved(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "links.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "country", "date", "url"])
        writer.writerow(["Швея", "KZ", "2025-03-01", "https://hh.kz/vacancy/1?from=main"])
        writer.writerow(["Токарь", "KZ", "2025-03-01", "javascript:alert(5)"])
        writer.writerow(["Электрик", "KZ", "2025-03-01", " JaVaScRiPt:alert(5)"])
        writer.writerow(["Слесарь", "KZ", "2025-03-01", "data:text/html,<script>"])
    with translation.override("ru"):
        job = _import(analyst, path)
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "url"), (4, "url"), (5, "url")]
    with translation.override("ru"):
        assert job.errors[0]["message"] == str(NOT_A_WEB_URL)
    assert not Posting.objects.filter(import_job=job).exists()


def test_an_import_reports_as_already_recorded_only_what_the_importing_institution_holds(
    actors, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    board = _csv(tmp_path / "board.csv", _rows(3, start=900))
    first = _import(actors["partner_a"], board)
    assert (first.created_count, first.duplicate_count) == (3, 0)
    # Partner B learns nothing of what partner A holds: its copies are its own evidence.
    other = _import(actors["partner_b"], board)
    assert (other.status, other.created_count, other.duplicate_count) == (
        ImportStatus.CLASSIFYING,
        3,
        0,
    )
    again = _import(actors["partner_b"], board)
    assert (again.created_count, again.duplicate_count) == (0, 3)
    holders = Posting.objects.filter(title="Швея-мотористка 900").values_list(
        "institution__country", flat=True
    )
    assert sorted(holders) == ["KZ", "UZ"]
