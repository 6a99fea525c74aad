"""``python manage.py worker``: django-tasks-db's ``db_worker`` that does not die of a locked
database, and that starts the recurring sweep (``leizu.core.jobs``). With ``LEIZU_TASKS=rq`` it
starts the sweep and runs django-rq's ``rqworker`` with its scheduler (which runs the tasks
queued for later, the sweep's next run among them) on the queues named, ``*`` for all.

``db_worker`` claims its next task in an exclusive transaction and stops with the
``OperationalError`` when SQLite stays locked beyond the busy timeout; this worker waits and
goes on. When it starts it queues one sweep, which recovers the jobs of workers that died
(``make run`` restarts a worker that exits) and queues itself again every
``LEIZU_SWEEP_SECONDS``. Options are those of ``db_worker``.
"""

import logging
import time
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from leizu.core import jobs

logger = logging.getLogger("django_tasks_db")


class LockTolerantWorker(Worker):
    def run(self) -> None:
        while True:
            try:
                super().run()
                return
            except Exception as exc:
                if not jobs.is_locked(exc):
                    raise
                logger.warning("The database is locked; the worker waits and goes on.")
                close_old_connections()
                time.sleep(max(self.interval, 1.0))


class Command(DbWorkerCommand):
    help = "Run the background-task worker (db_worker that survives a locked database)"

    def add_arguments(self, parser: Any) -> None:
        if jobs.uses_database_backend():
            super().add_arguments(parser)
            return
        # On Redis: those of db_worker's options that rqworker has too.
        parser.add_argument("--queue-name", default="default", help="queues, comma-separated, or *")
        parser.add_argument("--batch", action="store_true", help="stop when no task is left")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.management.commands import db_worker

        from leizu.core.tasks import schedule_sweep

        jobs.retry_when_locked(lambda: schedule_sweep(later=False))
        if not jobs.uses_database_backend():
            self._run_rq_worker(options)
            return
        # db_worker's handle builds the Worker class of its own module: ours, while it runs.
        original = db_worker.Worker
        db_worker.Worker = LockTolerantWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]

    def _run_rq_worker(self, options: dict[str, Any]) -> None:
        from django.conf import settings
        from django.core.management import call_command
        from django_rq.management.commands.rqworker import Command as RQWorker

        names = options["queue_name"]
        queues = settings.TASKS["default"]["QUEUES"] if names == "*" else names.split(",")
        call_command(
            RQWorker(),
            *queues,
            with_scheduler=True,
            burst=options["batch"],
            max_jobs=options["max_tasks"],
            name=options["worker_id"],
        )
