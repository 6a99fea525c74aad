"""``python manage.py worker``: django-tasks-db's ``db_worker`` that does not die of a locked
database, and that starts the recurring sweep (``leizu.core.jobs``).

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

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.management.commands import db_worker

        from leizu.core.tasks import schedule_sweep

        jobs.retry_when_locked(lambda: schedule_sweep(later=False))
        # db_worker's handle builds the Worker class of its own module: ours, while it runs.
        original = db_worker.Worker
        db_worker.Worker = LockTolerantWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
