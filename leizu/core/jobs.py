"""Background jobs that survive a dead worker.

A long job (an import) is a row that records its stage. A task works on it only while it holds
the row's **lease**: ``claim`` takes it for ``LEIZU_JOB_LEASE_SECONDS``, every progress write
renews it (the heartbeat), and the task gives it back when its stage ends. A worker killed
mid-way renews nothing, so its lease runs out; the recurring **sweep** of each app
(``register_sweep``) finds such jobs, marks the dead worker's task as failed and queues the
job's stage again. Every stage is idempotent, so a job restarted from its recorded stage
completes with nothing done twice. A job that keeps killing its worker stops after
``MAX_ATTEMPTS`` with an error instead of looping.

The sweeps run as one recurring task, ``leizu.core.tasks.sweep``: ``manage.py worker`` queues it
when it starts (on either backend) and it queues itself again every ``LEIZU_SWEEP_SECONDS``,
unless a later run is already waiting; ``manage.py sweep`` runs it once.

A transient "database is locked" (SQLite, when another writer holds the lock longer than the
busy timeout) makes a stage wait and try again (``retry_when_locked``) instead of failing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import OperationalError, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ATTEMPTS = 5
PROGRESS_EVERY_SECONDS = 0.5
LOCK_RETRIES = 5


class LeasedJob(models.Model):
    """What a resumable job keeps beside its stage (its ``status``)."""

    # The language of whoever started the job: its messages (row errors) are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Held by a running task until then; renewed by each progress write (the heartbeat).
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # Runs of the current stage that did not finish (a worker died, the database was locked).
    attempts = models.PositiveSmallIntegerField(default=0)
    # The task last queued for the job, to tell a queued or running one from a lost one.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True


def lease_seconds() -> int:
    return int(settings.LEIZU_JOB_LEASE_SECONDS)


def claim(model: type[LeasedJob], pk: Any, *, stages: Sequence[str]) -> bool:
    """Take the lease of a job in one of ``stages``; False when it is held by a live task or
    the job is elsewhere (done, failed, not started)."""
    now = timezone.now()
    claimed = (
        model._default_manager.filter(pk=pk, status__in=stages)  # type: ignore[misc]
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(
            lease_expires_at=now + timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    return claimed == 1


def release(model: type[LeasedJob], pk: Any, *, finished: bool, **values: Any) -> None:
    """Give the lease back; ``finished`` when the stage ran to its end (its attempts reset)."""
    if finished:
        values["attempts"] = 0
    model._default_manager.filter(pk=pk).update(
        lease_expires_at=None, updated_at=timezone.now(), **values
    )


class Progress:
    """Writes a job's progress to its row at most twice a second, renewing its lease."""

    def __init__(self, model: type[LeasedJob], pk: Any) -> None:
        self.model = model
        self.pk = pk
        self.last = 0.0

    def __call__(self, *, force: bool = False, **values: Any) -> None:
        now = time.monotonic()
        if force or values.get("status") or now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            at = timezone.now()
            self.model._default_manager.filter(pk=self.pk).update(
                updated_at=at, lease_expires_at=at + timedelta(seconds=lease_seconds()), **values
            )


def is_locked(exc: BaseException) -> bool:
    from django_tasks_db.utils import is_locked_database_exception

    return isinstance(exc, OperationalError) and is_locked_database_exception(exc)


def retry_when_locked(work: Callable[[], T], *, retries: int = LOCK_RETRIES) -> T:
    """Run an idempotent piece of work again when the database was locked, waiting longer
    each time (1, 2, 4… seconds)."""
    for attempt in range(retries + 1):
        try:
            return work()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == retries:
                raise
            logger.warning("database is locked; trying again (%d of %d)", attempt + 1, retries)
            time.sleep(2**attempt)
    raise AssertionError("unreachable")


# --- tasks of dead workers --------------------------------------------------------------------


def task_state(task_obj: Any, task_id: str) -> str | None:
    """The status of a queued task ("READY", "RUNNING", …), None when the backend does not
    know it (it never existed, or the backend cannot tell)."""
    if not task_id:
        return None
    try:
        return str(task_obj.get_result(task_id).status)
    except Exception:
        return None


def uses_database_backend() -> bool:
    """Whether tasks are queued in this database (django-tasks-db), where we can look."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def forget_lost_task(task_id: str) -> None:
    """Mark the task a dead worker left RUNNING as failed (database backend), so the task list
    says what happened instead of "running" for ever."""
    if not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    if not uses_database_backend():
        return
    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="leizu.core.jobs.WorkerLost",
        traceback="The worker running this task stopped; the job was queued again.",
    )


def is_stale(job: LeasedJob, state: str | None) -> bool:
    """A job in a running stage that nothing is working on: its lease ran out, or it has no
    lease and its task is neither queued nor running."""
    now = timezone.now()
    if job.lease_expires_at is not None:
        return job.lease_expires_at < now
    if state == "READY":
        return False
    # A task that started without taking the lease within a lease period has died.
    idle = now - job.updated_at > timedelta(seconds=lease_seconds())  # type: ignore[attr-defined]
    return state != "RUNNING" or idle


# --- the sweep --------------------------------------------------------------------------------

_sweeps: list[Callable[[], Any]] = []


def register_sweep(function: Callable[[], Any]) -> None:
    """Run ``function`` in every sweep (an app's recovery of its jobs); idempotent."""
    if function not in _sweeps:
        _sweeps.append(function)


def run_sweeps() -> dict[str, Any]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")  # each app registers its sweep in its tasks module
    done = {}
    for function in list(_sweeps):
        name = f"{function.__module__}.{function.__qualname__}"
        try:
            done[name] = retry_when_locked(function)
        except Exception:
            logger.exception("sweep %s failed", name)
            done[name] = "failed"
    return done


# One institution's huge file must not starve another's small one: small files first.
SMALL_FIRST, LARGE_LATER = 10, -10


def priority_for_size(size: int) -> int:
    """The queue priority of work on a file of ``size`` bytes (``LEIZU_IMPORT_SMALL_BYTES``)."""
    return SMALL_FIRST if size <= settings.LEIZU_IMPORT_SMALL_BYTES else LARGE_LATER


def enqueue(task_obj: Any, *args: Any, priority: int = 0) -> Any:
    """Queue a task at a priority (higher runs first) where the backend orders by priority."""
    if priority and task_obj.get_backend().supports_priority:
        task_obj = task_obj.using(priority=priority)
    return task_obj.enqueue(*args)


def waiting(task_obj: Any) -> bool:
    """Whether the task is queued or scheduled and not started yet (in the database, or on
    Redis with the RQ backend)."""
    from django_tasks_db.models import DBTaskResult

    if uses_database_backend():
        return DBTaskResult.objects.filter(task_path=task_obj.module_path, status="READY").exists()
    return _waiting_on_redis(task_obj)


def _waiting_on_redis(task_obj: Any) -> bool:
    import django_rq
    from django_tasks_rq.backend import RQBackend
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry

    if not isinstance(task_obj.get_backend(), RQBackend):
        return False
    queue = django_rq.get_queue(task_obj.queue_name)
    ids = [*ScheduledJobRegistry(queue=queue).get_job_ids(), *queue.get_job_ids()]
    return any(
        job is not None and job.func_name == task_obj.module_path
        for job in Job.fetch_many(ids, connection=queue.connection)
    )


def enqueue_once(task_obj: Any, *args: Any, priority: int = 0) -> Any:
    """Queue a task unless it is already waiting (its one queued run will do the work)."""
    if waiting(task_obj):
        return None
    return enqueue(task_obj, *args, priority=priority)
