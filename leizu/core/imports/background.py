"""Workbook imports as background jobs, for every app's "Import from Excel" page.

An app registers its importer once (``register``, from its ``AppConfig.ready``): a kind, a
title, who may use it, and the function that reads a workbook and applies it all or nothing
(``direct.import_workbook``). ``start`` keeps the upload under a generated name and queues
``leizu.core.tasks.import_workbook``; the task reads, checks and writes in the uploader's
language while the job's row shows how far it got (``core:import_job``, polled by htmx).

Exactly once: the job is marked done in the transaction that writes its rows, so a worker that
dies before that commit leaves nothing written and the job is run again from the start (the
recurring sweep queues it when its lease runs out); one that dies after it leaves the job done.
Small files are queued before large ones (``core.jobs.priority_for_size``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leizu.core import jobs
from leizu.core.access import Actor, actor_for_user
from leizu.core.errors import ServiceError
from leizu.core.imports.reading import sniff_format
from leizu.core.imports.rows import ImportResult, RowError
from leizu.core.models import WorkbookImport, WorkbookImportStatus

ERRORS_KEPT = 300
RUNNING = [WorkbookImportStatus.QUEUED, WorkbookImportStatus.RUNNING]

# run(file, by, progress, then) -> ImportResult: what direct.import_workbook does.
Run = Callable[
    [IO[bytes], Actor, Callable[[int, int], None], Callable[[ImportResult], None]], ImportResult
]


@dataclass(frozen=True)
class Importer:
    kind: str
    title: Any  # a lazy translation: what the page says ("Import institutions")
    may_import: Callable[[Actor], bool]
    run: Run
    upload_url: str  # URL name of the upload page
    records_url: str  # URL name of the list the rows go into


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _importers[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    return _importers[kind]


def import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "workbook-imports"


def start(*, by: Actor, kind: str, upload: Any) -> WorkbookImport:
    """Keep the upload and queue its import. ServiceError when the file is refused (then
    nothing is kept); PermissionDenied when ``by`` may not import this kind."""
    importer = importer_for(kind)
    if not importer.may_import(by):
        raise PermissionDenied
    size = upload.size or 0
    limit = settings.LEIZU_IMPORT_MAX_BYTES
    if size > limit:
        raise ServiceError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            fields={"file": [_("The file is too large.")]},
        )
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    if sniff_format(head) != "xlsx":
        message = _("The file is not an Excel workbook (.xlsx).")
        raise ServiceError(message, fields={"file": [message]})
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    path = directory / name
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        job = WorkbookImport.objects.create(
            kind=kind,
            created_by=by.user,
            file_path=f"workbook-imports/{name}",
            original_name=(getattr(upload, "name", "") or "upload.xlsx")[-255:],
            file_size=size,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    queue(job)
    return job


def queue(job: WorkbookImport) -> None:
    from leizu.core import tasks

    result = jobs.enqueue(
        tasks.import_workbook, str(job.pk), priority=jobs.priority_for_size(job.file_size)
    )
    WorkbookImport.objects.filter(pk=job.pk).update(task_id=str(result.id))


def run(job_id: Any) -> str:
    """Import the job's workbook unless a live task holds it or it has ended; its status."""
    if not jobs.claim(WorkbookImport, job_id, stages=RUNNING):
        return str(WorkbookImport.objects.get(pk=job_id).status)
    job = WorkbookImport.objects.select_related("created_by").get(pk=job_id)
    finished = False
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            if job.attempts > jobs.MAX_ATTEMPTS:
                message = _(
                    "The import stopped %(count)d times before it could finish; it was given up."
                ) % {"count": job.attempts - 1}
                _end(job, [RowError(0, "", message)])
            else:
                _import(job)
        finished = True
    finally:
        jobs.release(WorkbookImport, job_id, finished=finished)
    return str(WorkbookImport.objects.get(pk=job_id).status)


def _import(job: WorkbookImport) -> None:
    progress = jobs.Progress(WorkbookImport, job.pk)
    progress(status=WorkbookImportStatus.RUNNING, processed_rows=0)
    by = actor_for_user(job.created_by)
    importer = importer_for(job.kind)
    if not importer.may_import(by):
        _end(job, [RowError(0, "", _("You may no longer import these records."))])
        return

    def on_row(done: int, total: int) -> None:
        progress(processed_rows=done, total_rows=max(total, done))

    def then(result: ImportResult) -> None:
        rows = result.created + result.updated + result.unchanged
        WorkbookImport.objects.filter(pk=job.pk).update(
            status=WorkbookImportStatus.DONE,
            processed_rows=rows,
            total_rows=rows,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
            errors=[],
            error_count=0,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )

    path = Path(settings.MEDIA_ROOT) / job.file_path
    try:
        with path.open("rb") as file:
            result = importer.run(file, by, on_row, then)
    except FileNotFoundError:
        result = ImportResult().fail([RowError(0, "", _("The uploaded file is gone."))])
    if not result.ok:
        _end(job, result.errors)
    path.unlink(missing_ok=True)


def _end(job: WorkbookImport, errors: list[RowError]) -> None:
    WorkbookImport.objects.filter(pk=job.pk).update(
        status=WorkbookImportStatus.FAILED,
        errors=[e.as_dict() for e in errors[:ERRORS_KEPT]],
        error_count=len(errors),
        created_count=0,
        updated_count=0,
        unchanged_count=0,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    (Path(settings.MEDIA_ROOT) / job.file_path).unlink(missing_ok=True)


def recover() -> int:
    """Part of the recurring sweep: queue again the imports nothing works on any more (their
    worker died, or their task was lost). Returns how many."""
    from leizu.core import tasks

    recovered = 0
    for job in WorkbookImport.objects.filter(status__in=RUNNING).order_by("created_at"):
        if jobs.is_stale(job, jobs.task_state(tasks.import_workbook, job.task_id)):
            jobs.forget_lost_task(job.task_id)
            queue(job)
            recovered += 1
    return recovered
