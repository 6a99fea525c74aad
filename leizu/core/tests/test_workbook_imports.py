"""Workbook imports (institutions, graduate supply) run as background jobs with progress
(``core.imports.background``): the upload answers at once with the import's page, a worker
imports it in the uploader's language, a dead worker's import completes after the sweep with
nothing written twice, and only the uploader follows it."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from leizu.core import jobs
from leizu.core.imports import background
from leizu.core.models import WorkbookImport
from leizu.core.tests.fixtures import run_queued_tasks
from leizu.institutions.models import Institution

HEADER = ["kind", "country", "name_en", "name_ru", "national_id_scheme", "national_id"]


def _workbook(rows: int, *, start: int = 0, bad_country: bool = False) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(start, start + rows):
        country = "XX" if bad_country and i == start + 1 else "KZ"
        ws.append(["company", country, f"Textile Company {i}", "", "kz_bin", f"{i:012d}"])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("companies.xlsx", out.getvalue())


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, upload, language="en"):
    return client.post("/institutions/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE=language)


def test_an_upload_answers_at_once_and_the_worker_imports_it(coordinator, media):
    before = Institution.objects.count()
    response = _upload(coordinator, _workbook(30))
    job = WorkbookImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert Institution.objects.count() == before  # nothing yet: the worker imports it
    page = coordinator.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting to start" in page and f'hx-get="/imports/{job.pk}/progress/"' in page
    assert (media / job.file_path).exists()

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.created_count, job.processed_rows, job.total_rows) == (
        "done",
        30,
        30,
        30,
    )
    assert Institution.objects.count() == before + 30
    assert not (media / job.file_path).exists()  # the upload is not kept once imported
    fragment = coordinator.get(
        f"/imports/{job.pk}/progress/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Import finished: 30 created, 0 updated, 0 unchanged." in fragment
    assert "hx-trigger" not in fragment  # it stops polling


def test_a_bad_row_saves_nothing_and_the_errors_are_in_the_uploaders_language(coordinator, media):
    before = Institution.objects.count()
    _upload(coordinator, _workbook(5, bad_country=True), language="ru")
    run_queued_tasks()  # the worker has no language of its own: the job keeps the uploader's
    job = WorkbookImport.objects.get()
    assert (job.status, job.error_count, job.language) == ("failed", 1, "ru")
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "country"
    assert "ISO" in job.errors[0]["message"] and "код" in job.errors[0]["message"]
    assert Institution.objects.count() == before
    page = coordinator.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Ничего не сохранено" in page or "ничего не сохранено" in page.lower()


def test_only_the_uploader_follows_an_import(coordinator, clients, media):
    _upload(coordinator, _workbook(2))
    job = WorkbookImport.objects.get()
    for persona in ("partner_a", "partner_b", "student"):
        for url in (job.get_absolute_url(), f"/imports/{job.pk}/progress/"):
            assert clients[persona].get(url).status_code == 404, (persona, url)
    assert clients["partner_a"].post("/institutions/import/", {}).status_code == 403
    assert clients["anonymous"].get(job.get_absolute_url()).status_code == 302


def test_a_refused_file_keeps_nothing_and_says_why(coordinator, media):
    response = _upload(coordinator, SimpleUploadedFile("x.xlsx", b"kind,country\n"))
    assert response.status_code == 200
    assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()
    assert not WorkbookImport.objects.exists()
    assert not any((media / "workbook-imports").glob("*"))


def test_an_import_whose_worker_died_completes_after_the_sweep_once(coordinator, media):
    before = Institution.objects.count()
    _upload(coordinator, _workbook(40))
    job = WorkbookImport.objects.get()
    # The worker took the task, started the job and died: the task stays RUNNING and the
    # job's lease runs out with its progress stopped part-way.
    task = DBTaskResult.objects.get(pk=job.task_id)
    task.claim("dead-worker")
    long_ago = timezone.now() - datetime.timedelta(seconds=jobs.lease_seconds() + 5)
    WorkbookImport.objects.filter(pk=job.pk).update(
        status="running", lease_expires_at=long_ago, attempts=1, processed_rows=13
    )
    assert run_queued_tasks() == 0  # nothing queued: without the sweep it would wait for ever
    assert jobs.run_sweeps()["leizu.core.tasks.sweep_workbook_imports"] == 1
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.created_count, job.lease_expires_at) == ("done", 40, None)
    assert Institution.objects.count() == before + 40
    lost = DBTaskResult.objects.get(pk=task.pk)
    assert (lost.status, lost.exception_class_path) == ("FAILED", "leizu.core.jobs.WorkerLost")
    # Run again (a duplicate task, a sweep racing the end): done is done, nothing is added.
    assert background.run(job.pk) == "done"
    assert jobs.run_sweeps()["leizu.core.tasks.sweep_workbook_imports"] == 0
    assert Institution.objects.count() == before + 40


class WorkerKilled(BaseException):
    """The process ends here: nothing after it runs."""


def test_a_worker_killed_in_the_write_leaves_nothing_and_the_rerun_writes_once(
    coordinator, media, monkeypatch
):
    from leizu.core.imports import writing

    before = Institution.objects.count()
    _upload(coordinator, _workbook(25))
    job = WorkbookImport.objects.get()
    run_plan = writing._Plan.run

    def dies_in_the_write(self):  # type: ignore[no-untyped-def]
        run_plan(self)
        raise WorkerKilled  # after the rows, before the commit

    monkeypatch.setattr(writing._Plan, "run", dies_in_the_write)
    with pytest.raises(WorkerKilled):
        background.run(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == "running" and Institution.objects.count() == before
    WorkbookImport.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert jobs.run_sweeps()["leizu.core.tasks.sweep_workbook_imports"] == 1
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 25)
    assert Institution.objects.count() == before + 25


def test_a_small_file_is_imported_before_a_large_one_queued_earlier(coordinator, media, settings):
    settings.LEIZU_IMPORT_SMALL_BYTES = 7_000
    big, small = _workbook(300), _workbook(2, start=1000)
    assert big.size > 7_000 >= small.size
    _upload(coordinator, big)
    _upload(coordinator, small)
    small_job = WorkbookImport.objects.get(file_size=small.size)
    # The worker takes the small file's task first, though it was queued second.
    assert DBTaskResult.objects.ready().first().args_kwargs["args"] == [str(small_job.pk)]
    assert run_queued_tasks() == 2
    assert set(WorkbookImport.objects.values_list("status", flat=True)) == {"done"}


def test_an_uploader_who_lost_the_right_to_import_meanwhile_saves_nothing(
    coordinator, media, world
):
    from leizu.accounts.models import Membership

    before = Institution.objects.count()
    _upload(coordinator, _workbook(3))
    Membership.objects.filter(user=world["users"]["coordinator"]).delete()
    run_queued_tasks()
    job = WorkbookImport.objects.get()
    assert job.status == "failed" and Institution.objects.count() == before


def test_graduate_supply_is_imported_the_same_way(coordinator, media):
    from leizu.talent.models import GraduateSupply

    wb = Workbook()
    ws = wb.active
    ws.append(["isced_f", "country", "region", "year", "graduates", "source"])
    ws.append(["0723", "TJ", "", 2025, 95, "stat"])
    out = io.BytesIO()
    wb.save(out)
    response = coordinator.post(
        "/talent/supply/import/", {"file": SimpleUploadedFile("g.xlsx", out.getvalue())}
    )
    job = WorkbookImport.objects.get()
    assert response["Location"] == job.get_absolute_url()
    run_queued_tasks()
    assert GraduateSupply.objects.get(country="TJ", isced_f="0723").graduates == 95
    page = coordinator.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Import graduates" in page and 'href="/talent/supply/"' in page
