"""The recurring sweep (see ``leizu.core.jobs``): started by ``manage.py worker``, it queues
itself again every ``LEIZU_SWEEP_SECONDS``; ``manage.py sweep`` runs it once."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from leizu.core import jobs

# Before imports and classification: recovering a dead worker's job is what lets it go on.
SWEEP_PRIORITY = 50


@task()
def sweep() -> dict[str, Any]:
    """Recover the jobs of dead workers and finish leftover work, then come back later."""
    try:
        return jobs.run_sweeps()
    finally:
        schedule_sweep(later=True)


def schedule_sweep(*, later: bool) -> None:
    """Queue the sweep now (a worker starts), or in ``LEIZU_SWEEP_SECONDS`` unless another one
    is already waiting: one chain of sweeps runs, however many workers start."""
    if not later:
        jobs.enqueue(sweep, priority=SWEEP_PRIORITY)
        return
    if not sweep.get_backend().supports_defer or jobs.waiting(sweep):
        return
    run_after = timezone.now() + timedelta(seconds=int(settings.LEIZU_SWEEP_SECONDS))
    jobs.enqueue(sweep.using(run_after=run_after), priority=SWEEP_PRIORITY)


@task()
def import_workbook(job_id: str) -> str:
    """A workbook import (``core.imports.background``)."""
    from leizu.core.imports import background

    return jobs.retry_when_locked(lambda: background.run(job_id))


def sweep_workbook_imports() -> int:
    from leizu.core.imports import background

    return background.recover()


jobs.register_sweep(sweep_workbook_imports)
