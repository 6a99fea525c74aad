"""Imports survive a dead worker: in each stage, a job whose worker died (its lease ran out, its
task left RUNNING) is found by the recurring sweep and completes, with nothing duplicated and
every posting classified. (test_import_worker.py kills a real worker process.)"""

import csv
import datetime
from pathlib import Path

import pytest
from django.core.files import File
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from leizu.core import jobs
from leizu.core.tests.fixtures import run_queued_tasks
from leizu.talent import io as talent_io
from leizu.talent import services
from leizu.talent.models import ImportJob, ImportStatus, Posting

ROWS = 1200  # more than one classification batch, so a classification can stop half-way


@pytest.fixture
def analyst(world):
    from leizu.core.access import actor_for_user

    return actor_for_user(world["users"]["analyst"])


def _file(path: Path, rows: int = ROWS) -> Path:
    day = datetime.date(2025, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "employer", "country", "date"])
        for i in range(rows):
            writer.writerow([f"Электромонтёр {i}", f"ТОО «Ток {i % 9}»", "KZ", day.isoformat()])
    return path


def _queued(actor, path: Path) -> ImportJob:
    """An import as ``import_start`` leaves it, with its task queued."""
    with path.open("rb") as handle:
        job = services.import_create(by=actor, upload=File(handle, name=path.name))
    services.import_start(job=job, by=actor)
    talent_io.queue_next(job)  # what import_start does once its transaction commits
    job.refresh_from_db()
    return job


def _worker_died(job: ImportJob, stage: str) -> str:
    """The worker took the job's task and died in ``stage``: the task stays RUNNING, the
    job's lease (if it took it) runs out, its progress stops. Returns the dead task's id."""
    task = DBTaskResult.objects.get(pk=job.task_id)
    task.claim("dead-worker")
    long_ago = timezone.now() - datetime.timedelta(seconds=jobs.lease_seconds() + 5)
    ImportJob.objects.filter(pk=job.pk).update(
        status=stage,
        lease_expires_at=None if stage == ImportStatus.QUEUED else long_ago,
        attempts=0 if stage == ImportStatus.QUEUED else 1,
        processed_rows=0 if stage == ImportStatus.QUEUED else ROWS // 3,
        updated_at=long_ago,
    )
    return str(task.pk)


def _assert_complete(job: ImportJob, dead_task: str) -> None:
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    assert (job.created_count, job.duplicate_count, job.lease_expires_at) == (ROWS, 0, None)
    postings = Posting.objects.filter(import_job=job)
    assert postings.count() == ROWS == postings.values("content_hash").distinct().count()
    assert not postings.filter(classified_at__isnull=True).exists()
    assert job.classified_rows == ROWS
    lost = DBTaskResult.objects.get(pk=dead_task)
    assert (lost.status, lost.exception_class_path) == ("FAILED", "leizu.core.jobs.WorkerLost")
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


@pytest.mark.parametrize("stage", [ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING])
def test_an_import_whose_worker_died_before_it_was_saved_completes_after_the_sweep(
    analyst, tmp_path, settings, stage
):
    settings.MEDIA_ROOT = tmp_path
    job = _queued(analyst, _file(tmp_path / "board.csv"))
    dead = _worker_died(job, stage)
    assert run_queued_tasks() == 0  # nothing is queued: the job would wait for ever
    assert jobs.run_sweeps()["leizu.talent.tasks.sweep_imports"] == 1
    run_queued_tasks()
    _assert_complete(job, dead)
    assert jobs.run_sweeps()["leizu.talent.tasks.sweep_imports"] == 0


class WorkerKilled(BaseException):
    """The process ends here: nothing after it runs (an ``except Exception`` does not see it)."""


def test_an_import_whose_worker_died_while_saving_completes_and_counts_its_rows_once(
    analyst, tmp_path, settings, monkeypatch
):
    from leizu.core.imports import writing

    settings.MEDIA_ROOT = tmp_path
    job = _queued(analyst, _file(tmp_path / "board.csv"))
    monkeypatch.setattr(writing, "STAGE_BATCH", 500)
    flush = writing.HiddenRows.flush
    batches = []

    def dies_after_two_batches(self):  # type: ignore[no-untyped-def]
        if len(batches) == 2:
            raise WorkerKilled
        batches.append(len(self.batch))
        flush(self)

    monkeypatch.setattr(writing.HiddenRows, "flush", dies_after_two_batches)
    task = DBTaskResult.objects.get(pk=job.task_id)
    task.claim("dead-worker")
    with pytest.raises(WorkerKilled):
        talent_io.run_import(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == ImportStatus.SAVING
    # 1,000 postings are written, and nobody sees them: the import is not published.
    assert Posting._base_manager.filter(import_job=job).count() == 1000
    assert not Posting.objects.filter(import_job=job).exists()
    ImportJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert jobs.run_sweeps()["leizu.talent.tasks.sweep_imports"] == 1
    run_queued_tasks()
    _assert_complete(job, str(task.pk))


def test_a_failed_import_removes_the_postings_it_had_written(
    analyst, tmp_path, settings, monkeypatch
):
    from leizu.core.imports import writing

    settings.MEDIA_ROOT = tmp_path
    job = _queued(analyst, _file(tmp_path / "board.csv", rows=30))
    path = talent_io.job_path(job)  # the upload as it was kept
    monkeypatch.setattr(writing, "STAGE_BATCH", 10)
    # The file changes between checking and saving: its last row is no longer valid.
    progress = jobs.Progress.__call__

    def changes_the_file_when_saving_starts(self, **values):  # type: ignore[no-untyped-def]
        if values.get("status") == ImportStatus.SAVING:
            rows = path.read_text(encoding="utf-8").splitlines()
            path.write_text("\n".join([*rows[:-1], "Электромонтёр,ТОО,XX,2025-01-01", ""]))
        return progress(self, **values)

    monkeypatch.setattr(jobs.Progress, "__call__", changes_the_file_when_saving_starts)
    job = talent_io.run_import(job.pk)
    assert job.status == ImportStatus.FAILED
    assert "Row 31 changed while importing." in job.errors[0]["message"]
    assert not Posting._base_manager.filter(import_job=job).exists()


def test_an_import_whose_worker_died_while_classifying_goes_on_where_it_stopped(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    job = _queued(analyst, _file(tmp_path / "board.csv"))
    # The import itself ran; classification stopped after its first batch.
    assert talent_io.run_import(job.pk).status == ImportStatus.CLASSIFYING
    talent_io.queue_next(ImportJob.objects.get(pk=job.pk))
    job.refresh_from_db()
    from leizu.talent.classification import classify_pending

    classify_pending(import_id=job.pk, limit=500)
    classified = Posting.objects.filter(import_job=job, classified_at__isnull=False)
    first = dict(classified.values_list("pk", "classified_at"))
    assert 0 < len(first) < ROWS
    dead = _worker_died(job, ImportStatus.CLASSIFYING)
    jobs.run_sweeps()
    run_queued_tasks()
    _assert_complete(job, dead)
    # What was classified before the worker died was not done again.
    assert dict(classified.filter(pk__in=first).values_list("pk", "classified_at")) == first


def test_a_running_import_with_a_live_lease_is_left_alone(analyst, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    job = _queued(analyst, _file(tmp_path / "board.csv", rows=5))
    assert jobs.claim(ImportJob, job.pk, stages=[ImportStatus.QUEUED])  # another worker's
    assert jobs.run_sweeps()["leizu.talent.tasks.sweep_imports"] == 0
    run_queued_tasks()  # the queued task finds the job held and leaves it
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.QUEUED, 0)


def test_an_import_that_keeps_killing_its_worker_is_given_up_with_a_message(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    job = _queued(analyst, _file(tmp_path / "board.csv", rows=5))
    ImportJob.objects.filter(pk=job.pk).update(attempts=jobs.MAX_ATTEMPTS)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"] == (
        "The import stopped 5 times before it could finish; it was given up."
    )
    assert not Posting.objects.filter(import_job=job).exists()


def test_postings_left_unclassified_are_classified_by_the_sweep_after_a_re_upload(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    path = _file(tmp_path / "board.csv", rows=600)
    job = _queued(analyst, path)
    assert talent_io.run_import(job.pk).status == ImportStatus.CLASSIFYING
    # Its classification was lost for good (say, given up): the postings stay unclassified.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    DBTaskResult.objects.all().delete()
    again = talent_io.run_import(_queued(analyst, path).pk)
    assert (again.created_count, again.duplicate_count) == (0, 600)
    assert Posting.objects.filter(import_job=job, classified_at__isnull=True).count() == 600
    assert jobs.run_sweeps()["leizu.talent.tasks.sweep_unclassified"] is True
    run_queued_tasks()
    assert not Posting.objects.filter(classified_at__isnull=True).exists()
    assert jobs.run_sweeps()["leizu.talent.tasks.sweep_unclassified"] is False


def test_the_sweep_task_queues_itself_again_once(db, settings):
    from leizu.core.tasks import schedule_sweep, sweep

    schedule_sweep(later=False)
    schedule_sweep(later=False)  # two workers started
    run_queued_tasks()
    waiting = DBTaskResult.objects.filter(task_path=sweep.module_path, status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now() + datetime.timedelta(
        seconds=settings.LEIZU_SWEEP_SECONDS - 60
    )


def test_row_errors_are_written_in_the_uploaders_language_by_the_worker(
    analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "bad.csv"
    path.write_text("title,country,date\nШвея,XX,2025-01-01\n", encoding="utf-8")
    with translation.override("ru"):
        job = _queued(analyst, path)
    assert job.language == "ru"
    run_queued_tasks()  # the worker's own language is the default (English)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    with translation.override("ru"):
        expected = translation.gettext("“%(value)s” is not a two-letter ISO country code.")
    assert job.errors[0]["message"] == expected % {"value": "XX"}
    assert job.errors[0]["message"] != "“XX” is not a two-letter ISO country code."


def test_a_small_file_queued_after_a_large_one_runs_first(analyst, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.LEIZU_IMPORT_SMALL_BYTES = 10_000
    large = _queued(analyst, _file(tmp_path / "large.csv", rows=600))
    small = _queued(analyst, _file(tmp_path / "small.csv", rows=3))
    assert large.file_size > 10_000 > small.file_size
    first = DBTaskResult.objects.ready().first()
    assert first is not None and first.args_kwargs["args"] == [str(small.pk)]
    first.claim("test-worker")
    first.task.call(*first.args_kwargs["args"])
    small.refresh_from_db()
    large.refresh_from_db()
    assert (small.status, large.status) == (ImportStatus.CLASSIFYING, ImportStatus.QUEUED)
