"""A real worker process and other clients on one SQLite database file, as ``make run`` has
them: other clients' writes go through while a large import is checked and written, and a
worker killed (SIGKILL) while checking, then again while saving (postings written), leaves an
import that the next worker completes, with nothing duplicated and every posting classified
(a worker dying while classifying: test_import_recovery.py).

These run on a scratch SQLite file, in the SQLite pass of the suite only (marker sqlite_file): the
write lock they are about is SQLite's (the test database of the SQLite pass lives in memory, where
no other process can reach it; PostgreSQL has no database-wide write lock)."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.sqlite_file

SEED = """
import csv, datetime, os
from pathlib import Path
from django.conf import settings
from leizu.institutions.models import Institution
from leizu.talent import io
from leizu.talent.models import ImportJob, ImportStatus
rows, distinct = int(os.environ["SEED_ROWS"]), int(os.environ["SEED_DISTINCT"])
institution = Institution.objects.create(kind="college", country="KZ", name={"en": "Scratch"})
path = Path(settings.MEDIA_ROOT) / "talent-imports" / "board"
path.parent.mkdir(parents=True, exist_ok=True)
day = datetime.date(2025, 1, 1)
with path.open("w", encoding="utf-8", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["title", "text", "employer", "country", "date"])
    for i in range(rows):
        k = i % distinct
        writer.writerow([f"Швея-мотористка {k}", "Пошив одежды", f"ТОО «Тест {k}»", "KZ", day])
job = ImportJob.objects.create(
    kind="postings", institution=institution, file_path="talent-imports/board",
    original_name="board.csv", file_format="csv", file_size=path.stat().st_size,
    status=ImportStatus.QUEUED, language="en",
    mapping={"title": "title", "text": "text", "employer": "employer", "country": "country",
             "date": "date"},
)
io.queue_next(job)
print(job.pk)
"""


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scratch") / "migrated.sqlite3"
    _manage(path, "migrate", "--noinput", "--verbosity", "0")
    return path


@pytest.fixture
def scratch(migrated_sqlite, tmp_path) -> Path:
    """A fresh copy of a migrated database file, with its own data directory."""
    path = tmp_path / "leizu.sqlite3"
    shutil.copy(migrated_sqlite, path)
    return path


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DATABASE_URL", None)
    return {
        **env,
        "DATABASE_URL": f"sqlite:///{db}",
        "LEIZU_DATA_DIR": str(db.parent),
        "LEIZU_TESTING": "1",
        **extra,
    }


def _manage(db: Path, *args: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=_env(db, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _seed(db: Path, rows: int, distinct: int) -> str:
    out = _manage(db, "shell", "-c", SEED, SEED_ROWS=str(rows), SEED_DISTINCT=str(distinct))
    return out.split()[-1]


def _job(db: Path, job_id: str) -> dict:
    with sqlite3.connect(db, timeout=10) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT * FROM talent_importjob WHERE id = ?", [uuid.UUID(job_id).hex]
        ).fetchone()
        postings = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT content_hash), COUNT(classified_at) "
            "FROM talent_posting"
        ).fetchone()
        running = conn.execute(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        ).fetchone()[0]
    return {**dict(row), "postings": tuple(postings), "running_tasks": running}


def _worker(db: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "worker",
            "--batch",
            "--no-startup-delay",
            "--verbosity",
            "0",
        ],
        cwd=settings.BASE_DIR,
        env=_env(db, LEIZU_JOB_LEASE_SECONDS="1", **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_when(db: Path, job_id: str, worker: subprocess.Popen, ready) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert worker.poll() is None, worker.stderr.read().decode()[-3000:]  # type: ignore[union-attr]
        state = _job(db, job_id)
        if ready(state):
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            return _job(db, job_id)
        time.sleep(0.02)
    worker.kill()
    raise AssertionError("the stage was never reached")


def test_a_killed_worker_leaves_an_import_that_the_next_worker_completes(scratch):
    job_id = _seed(scratch, rows=20_000, distinct=200)

    # Killed while checking: nothing is written yet; its task stays RUNNING.
    killed = _kill_when(scratch, job_id, _worker(scratch), lambda s: s["status"] == "checking")
    assert killed["postings"][0] == 0 and killed["running_tasks"] == 1
    time.sleep(1.1)  # its lease runs out

    # Killed while saving, with postings written (hidden until the import is published).
    killed = _kill_when(
        scratch, job_id, _worker(scratch), lambda s: s["status"] == "saving" and s["postings"][0]
    )
    assert killed["status"] == "saving" and killed["created_count"] == 0
    time.sleep(1.1)

    last = _worker(scratch)
    assert last.wait(timeout=90) == 0, last.stderr.read().decode()[-3000:]  # type: ignore[union-attr]
    done = _job(scratch, job_id)
    assert done["status"] == "done", done["errors"]
    assert (done["created_count"], done["duplicate_count"]) == (200, 19_800)
    assert done["postings"] == (200, 200, 200)  # nothing twice, every posting classified
    assert done["running_tasks"] == 0


def test_other_clients_write_while_a_large_import_is_checked_and_written(scratch):
    job_id = _seed(scratch, rows=20_000, distinct=20_000)
    outcome: dict = {"writes": 0, "failed": [], "postings_seen": set()}
    stop = threading.Event()

    def other_client() -> None:
        # A login's write (a new session), again and again, giving up after waiting 1 s for the
        # write lock (SQLite's busy timeout): a write that had to wait longer fails.
        conn = sqlite3.connect(scratch, timeout=1.0, isolation_level=None)
        while not stop.is_set():
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "INSERT INTO django_session (session_key, session_data, expire_date) "
                    "VALUES (?, 'x', '2030-01-01 00:00:00')",
                    [uuid.uuid4().hex],
                )
                # How far the import had got when this write went through.
                [(postings,)] = conn.execute("SELECT COUNT(*) FROM talent_posting").fetchall()
                conn.execute("COMMIT")
                outcome["writes"] += 1
                outcome["postings_seen"].add(postings)
            except sqlite3.OperationalError as exc:
                outcome["failed"].append(str(exc))
                conn.execute("ROLLBACK") if conn.in_transaction else None
            time.sleep(0.01)
        conn.close()

    client = threading.Thread(target=other_client)
    client.start()
    try:
        _manage(
            scratch,
            "shell",
            "-c",
            f"from leizu.talent import io; io.run_import('{job_id}')",
        )
    finally:
        stop.set()
        client.join()
    job = _job(scratch, job_id)
    assert (job["status"], job["created_count"]) == ("classifying", 20_000), job["errors"]
    assert outcome["failed"] == []  # no write waited past its 1 s timeout
    assert outcome["writes"] > 20
    # Writes went through between the import's batches of postings, not only before or after.
    assert any(0 < seen < 20_000 for seen in outcome["postings_seen"]), outcome["postings_seen"]
