"""Fixtures shared by the tests of several apps (import them into a test module)."""

from typing import Any

import pytest


@pytest.fixture
def tasks_run_at_once(settings: Any, tmp_path: Any) -> None:
    """Background tasks run when they are queued (django-tasks' immediate backend), uploads
    kept in a temporary MEDIA_ROOT: a page that queues a workbook import answers with the
    import done."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_queued_tasks(limit: int = 50, only: str | None = None) -> int:
    """What ``manage.py worker`` does with the database backend: run every ready task, highest
    priority first (``only``: those of that task's path); returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    ran = 0
    while ran < limit:
        ready = DBTaskResult.objects.ready()
        result = (ready.filter(task_path=only) if only else ready).first()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    raise AssertionError("tasks keep coming")
