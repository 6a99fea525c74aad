"""Run the whole test suite on SQLite, then again on PostgreSQL when a server answers.

PostgreSQL is taken from LEIZU_TEST_DATABASE_URL, else from a server on 127.0.0.1:5432
(user postgres). Browser journeys, the tests that run the platform's processes on a scratch
SQLite file and the tests that touch no database at all (conftest.py marks them
``database_free``) run in the SQLite pass only (they exercise pages, SQLite's write lock or no
database, not the database under test); the PostgreSQL pass deselects them by marker and says
so. Exits non-zero if any pass fails. Workers steal work from each other, so a few long tests
do not leave one core idle at the end.
"""

import os
import socket
import subprocess
import sys

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/leizu"


def postgres_url() -> str | None:
    url = os.environ.get("LEIZU_TEST_DATABASE_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return DEFAULT_PG
    except OSError:
        return None


def run(label: str, env: dict[str, str], extra: list[str]) -> int:
    print(f"\n=== Test suite on {label} ===", flush=True)
    cmd = [sys.executable, "-m", "pytest", *extra, *sys.argv[1:]]
    cmd = [c for c in cmd if c != "--sqlite-only"]
    return subprocess.call(cmd, env=env)


def main() -> int:
    base = {**os.environ, "LEIZU_TESTING": "1"}
    base.pop("DATABASE_URL", None)
    parallel = ["-n", "2", "--dist", "worksteal"]
    results = {"SQLite": run("SQLite", base, parallel)}
    url = None if "--sqlite-only" in sys.argv else postgres_url()
    if url:
        env = {**base, "DATABASE_URL": url}
        print(
            "(browser journeys, scratch-SQLite tests and tests that touch no database ran in the "
            "SQLite pass)"
        )
        only_engine = ["-m", "not browser and not sqlite_file and not database_free"]
        results["PostgreSQL"] = run(
            f"PostgreSQL ({url.split('@')[-1]})", env, parallel + only_engine
        )
    else:
        print(
            "\n=== PostgreSQL: no server on 127.0.0.1:5432 and no LEIZU_TEST_DATABASE_URL; "
            "that pass did not run ==="
        )
    print("\n=== Summary ===")
    for label, code in results.items():
        print(f"{label}: {'passed' if code == 0 else f'FAILED (exit {code})'}")
    return 0 if all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
