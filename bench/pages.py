"""Page latency under load: a production server on the enlarged demo, 20 concurrent clients.

    .venv/bin/python bench/pages.py [--institutions 10000] [--people 50000] [--clients 20]
                                    [--requests 30] [--rounds 3] [--workers 3]

Builds a separate database in bench/out/ (SQLite, or DATABASE_URL when set), enlarges the demo
to the given sizes, serves it with gunicorn and drives it from N client threads with keep-alive
connections, each signed in as the host coordinator. Prints p50/p95 per page and the ratio to
the floor page (the static About page through the same middleware stack), which is the
baseline measured in the same run; and, where /proc is (Linux), the CPU time the server's
processes spent per request of each page and its ratio to the floor's, which other work on the
machine moves much less than it moves latencies.

The pages take turns: each round drives every page in turn with its share of the requests, so
that a change in the machine's load during the run (it is shared) weighs on every page alike
instead of on whichever page ran at that moment. On PostgreSQL the freshly loaded tables are
vacuumed and analysed first, as autovacuum would soon do on a server: without statistics the
planner estimates a handful of rows and picks plans no running server would.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
PORT = 8765


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "LEIZU_DATA_DIR": str(OUT),
            "LEIZU_DEMO": "1",
            "LEIZU_DEBUG": "0",
            "LEIZU_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DJANGO_SETTINGS_MODULE": "leizu.settings",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def prepare(institutions: int, people: int) -> tuple[str, int]:
    """Migrate, build and enlarge the demo; return a session cookie and an institution id."""
    OUT.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    env = _env()
    subprocess.run([py, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            py,
            "manage.py",
            "demo",
            "--quiet",
            "--institutions",
            str(institutions),
            "--people",
            str(people),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [py, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from leizu.accounts.models import User
    from leizu.institutions.models import Institution, Person

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    user = User.objects.get(email="coordinator@leizu.demo")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    profile = Institution.objects.get(national_id="990140000101").pk  # a demo partner college
    print(f"sizes: {Institution.objects.count()} institutions, {Person.objects.count()} people")
    return session.session_key or "", profile


def serve(workers: int) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "leizu.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env())
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not start")


def drive(path: str, cookie: str, clients: int, requests: int) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        for _ in range(requests):
            start = time.perf_counter()
            conn.request(
                "GET", path, headers={"Cookie": f"sessionid={cookie}", "Accept-Language": "ru"}
            )
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"errors: {errors[:3]}")
    return latencies


def server_cpu(pid: int) -> float | None:
    """CPU seconds (user and system) spent so far by the gunicorn master ``pid`` and its
    workers; None without /proc."""
    ticks = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK") if ticks else None


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=10000)
    parser.add_argument("--people", type=int, default=50000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="per client and page")
    parser.add_argument("--rounds", type=int, default=3, help="turns the pages take")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    cookie, profile = prepare(args.institutions, args.people)
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(
        f"server: gunicorn, {args.workers} workers x 4 threads, {engine}; "
        f"load: {args.clients} clients x {args.requests} requests per page "
        f"in {args.rounds} rounds, keep-alive"
    )
    proc = serve(args.workers)
    try:
        pages = {
            "floor (About, static)": "/about/",
            "directory (page 1)": "/institutions/",
            "directory (search)": "/institutions/?q=college",
            "profile": f"/institutions/{profile}/",
        }
        drive("/about/", cookie, 4, 5)  # warm-up
        results: dict[str, list[float]] = {label: [] for label in pages}
        cpu: dict[str, float] = dict.fromkeys(pages, 0.0)
        shares = [
            args.requests // args.rounds + (i < args.requests % args.rounds)
            for i in range(args.rounds)
        ]
        for share in shares:
            for label, path in pages.items():
                before = server_cpu(proc.pid)
                results[label] += drive(path, cookie, args.clients, share)
                after = server_cpu(proc.pid)
                if before is not None and after is not None:
                    cpu[label] += after - before
    finally:
        proc.terminate()
        proc.wait()
    floor = statistics.median(results["floor (About, static)"])
    floor_cpu = cpu["floor (About, static)"] / len(results["floor (About, static)"])
    print(
        f"{'page':26} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>10}"
        f" {'cpu ms/req':>11} {'cpu/floor':>10}"
    )
    for label, values in results.items():
        p50 = statistics.median(values)
        per_request = cpu[label] / len(values)
        cpu_columns = (
            f" {per_request * 1000:11.1f} {per_request / floor_cpu:10.2f}" if floor_cpu else ""
        )
        print(
            f"{label:26} {len(values):6d} {p50 * 1000:8.1f} {percentile(values, 95) * 1000:8.1f}"
            f" {p50 / floor:10.2f}{cpu_columns}"
        )


if __name__ == "__main__":
    main()
