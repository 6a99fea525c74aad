"""Leizu on Redis: background tasks through RQ (LEIZU_TASKS=rq) and one cache shared by every
app server (LEIZU_CACHE_URL).

Needs the Redis server of the machine (127.0.0.1:6379, or LEIZU_TEST_REDIS_URL); .ci/run starts
one. Without it the tests skip with the reason, except in CI, where they fail.
"""

import os
import runpy
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django_tasks import TaskResultStatus

from tests.needs import missing

# A database of its own on the shared server, away from a development platform's queues.
REDIS_URL = os.environ.get("LEIZU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip(url: str = REDIS_URL) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=2).ping()
    except (RedisError, OSError) as exc:
        missing(f"Redis at {url} (.ci/run starts one; {exc})")


def fresh_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """What leizu/settings.py gives with these variables, read by running it afresh."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "leizu" / "settings.py"))


def _environment(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEIZU_")}
    return {**clean, "DJANGO_SETTINGS_MODULE": "leizu.settings", **env}


@pytest.fixture
def rq_queue(settings, monkeypatch):
    """The RQ backend as LEIZU_TASKS=rq configures it, on a queue of this test's own."""
    import django_rq

    redis_or_skip()
    fresh = fresh_settings(monkeypatch, LEIZU_TASKS="rq", LEIZU_REDIS_URL=REDIS_URL)
    assert fresh["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert "django_rq" in fresh["INSTALLED_APPS"]
    name = f"test-{uuid.uuid4().hex[:12]}"
    settings.RQ = fresh["RQ"]
    settings.RQ_QUEUES = {**fresh["RQ_QUEUES"], name: fresh["RQ_QUEUES"]["default"]}
    settings.TASKS = {
        "default": {**fresh["TASKS"]["default"], "QUEUES": [*fresh["TASK_QUEUES"], name]}
    }
    yield name
    django_rq.get_queue(name).delete(delete_jobs=True)


def test_a_task_queued_on_redis_is_run_by_an_rq_worker_and_its_result_read_back(db, rq_queue):
    import django_rq

    from leizu.talent.tasks import classify_unclassified

    result = classify_unclassified.using(queue_name=rq_queue).enqueue()
    assert result.status == TaskResultStatus.READY
    assert django_rq.get_queue(rq_queue).count == 1

    worker = django_rq.get_worker(rq_queue, worker_class="rq.SimpleWorker")
    assert worker.work(burst=True)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert isinstance(result.return_value, int)
    assert result.worker_ids == [worker.name]


def test_on_redis_the_worker_starts_the_sweep_which_schedules_its_next_run_once(
    db, rq_queue, settings, monkeypatch
):
    import django_rq
    from django.core.management import call_command
    from rq.registry import ScheduledJobRegistry

    from leizu.core import jobs, tasks

    # The sweep on this test's queue; a worker in this process (as SimpleWorker runs jobs).
    monkeypatch.setattr(tasks, "sweep", tasks.sweep.using(queue_name=rq_queue))
    settings.RQ = {**settings.RQ, "WORKER_CLASS": "rq.SimpleWorker"}
    queue = django_rq.get_queue(rq_queue)
    scheduled = ScheduledJobRegistry(queue=queue)
    assert not jobs.waiting(tasks.sweep)

    # `manage.py worker` queues the sweep, runs it, and the sweep schedules its next run.
    call_command("worker", queue_name=rq_queue, batch=True, verbosity=0)
    assert queue.count == 0
    [next_run] = scheduled.get_job_ids()
    assert queue.fetch_job(next_run).func_name == "leizu.core.tasks.sweep"
    assert jobs.waiting(tasks.sweep)

    # A second worker starting, or a sweep run from cron, adds no second chain.
    tasks.schedule_sweep(later=True)
    assert scheduled.get_job_ids() == [next_run]


_CHECK_WORKER = (
    "import django; django.setup(); "
    "from django.core.management import call_command, get_commands; "
    "call_command('check', fail_level='WARNING'); print('rqworker' in get_commands())"
)


def test_the_rq_settings_pass_the_system_checks_and_bring_the_worker_command():
    checked = subprocess.run(
        [sys.executable, "-c", _CHECK_WORKER],
        env=_environment(LEIZU_TASKS="rq", LEIZU_REDIS_URL=REDIS_URL),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip().endswith("True")


_RESET_ALLOWED = (
    "import django, sys; django.setup(); "
    "from leizu.accounts.services import password_reset_allowed as allowed; "
    "print(*(allowed(email=e, ip_address=ip) for e, ip in zip(sys.argv[1::2], sys.argv[2::2])))"
)


def _address() -> str:
    """A network address of its own: the server's counts outlive a test run by an hour."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def test_with_a_redis_cache_app_servers_share_the_password_reset_limit(settings, monkeypatch):
    from leizu.accounts.services import PASSWORD_RESETS_PER_EMAIL, password_reset_allowed

    redis_or_skip()
    fresh = fresh_settings(monkeypatch, LEIZU_CACHE_URL=REDIS_URL)
    assert fresh["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = fresh["CACHES"]
    email, other_email = (f"reset-{uuid.uuid4().hex}@example.org" for _ in range(2))
    for _ in range(PASSWORD_RESETS_PER_EMAIL):
        assert password_reset_allowed(email=email, ip_address=_address())

    # Another app server (a process of its own) counts on the same Redis: this address has had
    # its share there too, another one has not.
    other = subprocess.run(
        [sys.executable, "-c", _RESET_ALLOWED, email, _address(), other_email, _address()],
        env=_environment(LEIZU_CACHE_URL=REDIS_URL),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.stdout.split()[-2:] == ["False", "True"], other.stderr


def test_a_cache_url_that_is_not_redis_is_refused_at_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="LEIZU_CACHE_URL must be a redis://"):
        fresh_settings(monkeypatch, LEIZU_CACHE_URL="memcached://127.0.0.1:11211")
    with pytest.raises(ImproperlyConfigured, match="LEIZU_TASKS must be one of db, rq"):
        fresh_settings(monkeypatch, LEIZU_CACHE_URL="", LEIZU_TASKS="celery")
