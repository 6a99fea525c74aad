"""The database side of backups: one consistent snapshot of SQLite (its online backup API) or
PostgreSQL (``pg_dump`` in an exported snapshot), with the rows of every table and the applied
migrations as they are in that snapshot; and the restore of such a snapshot into an empty
database, checked table by table against those counts."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def snapshot(connection: Any, dump: Path) -> dict[str, Any]:
    """Write the database of ``connection`` to ``dump``; what the manifest says of it."""
    if engine_of(connection) == "sqlite":
        return _sqlite_snapshot(connection, dump)
    return _postgres_snapshot(connection, dump)


def restore(connection: Any, dump: Path, database: dict[str, Any], *, force: bool) -> None:
    """Restore ``dump`` into the database of ``connection``, then check its row counts against
    ``database`` (the manifest's part); ``force`` replaces what the database held."""
    if engine_of(connection) == "sqlite":
        _sqlite_restore(connection, dump, database["tables"])
    else:
        _postgres_restore(connection, dump, force=force, written_by=database["pg_dump_version"])
        _compare_counts(database["tables"], _postgres_counts_of(connection), "restored")


def engine_of(connection: Any) -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return str(connection.vendor)


def describe(connection: Any) -> str:
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def table_names(connection: Any) -> list[str]:
    """The tables of the database (without creating an SQLite file that is not there)."""
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        path = Path(connection.settings_dict["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return []
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def _sqlite_snapshot(connection: Any, dump: Path) -> dict[str, Any]:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        # One step: the copy reads one snapshot; in WAL mode writers go on meanwhile.
        connection.connection.backup(target)
        # A self-contained file, without a write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        tables = _sqlite_counts(target)
        return {
            "vendor_version": sqlite3.sqlite_version,
            "tables": tables,
            "migrations": _applied(target.cursor(), tables),
        }
    finally:
        target.close()


def _postgres_snapshot(connection: Any, dump: Path) -> dict[str, Any]:
    pg_dump = _pg_tool("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        version = raw.info.server_version
        server, tool = version // 10000, _tool_major(pg_dump)
        if tool < server:
            raise BackupError(
                f"pg_dump {tool} is older than the PostgreSQL {server} server: install the "
                f"client programs of version {server} (Debian: postgresql-client-{server})."
            )
        with raw.cursor() as cursor:
            # pg_dump reads the snapshot that this transaction exports, so the row counts of
            # the manifest are those of the dump, whatever is written meanwhile.
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            exported = cursor.fetchone()[0]
            tables = _postgres_counts(cursor)
            migrations = _applied(cursor, tables)
            command = [pg_dump, "--format=custom", "--compress=0", "--no-owner"]
            command += ["--no-privileges", f"--snapshot={exported}", f"--file={dump}"]
            _run(command, connection.settings_dict)
            cursor.execute("COMMIT")
    finally:
        raw.close()
    return {
        "vendor_version": f"{server}.{version % 10000}",
        "pg_dump_version": tool,
        "tables": tables,
        "migrations": migrations,
    }


def _sqlite_restore(connection: Any, dump: Path, tables: dict[str, int]) -> None:
    source = sqlite3.connect(dump)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database copy in the archive is damaged, nothing restored.")
        _compare_counts(tables, _sqlite_counts(source), "in the archive")
        if connection.is_in_memory_db():
            raise BackupError("Restore needs a database file, not an in-memory database.")
        connection.close()
        target_path = Path(connection.settings_dict["NAME"])
        target_path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
            _compare_counts(tables, _sqlite_counts(target), "restored")
        finally:
            target.close()
    finally:
        source.close()


def _postgres_restore(connection: Any, dump: Path, *, force: bool, written_by: int) -> None:
    pg_restore = _pg_tool("pg_restore")
    if (tool := _tool_major(pg_restore)) < written_by:
        raise BackupError(
            f"pg_restore {tool} cannot read what pg_dump {written_by} wrote: install the client "
            f"programs of version {written_by} (Debian: postgresql-client-{written_by})."
        )
    if force:
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(dump)]
    _run(command, connection.settings_dict)


def _compare_counts(expected: dict[str, int], actual: dict[str, int], where: str) -> None:
    differ = [
        f"{table}: {actual.get(table, 'missing')} instead of {rows}"
        for table, rows in sorted(expected.items())
        if actual.get(table) != rows
    ]
    if differ:
        raise BackupError(f"Row counts {where} differ from the manifest: " + "; ".join(differ))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: db.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0] for name in names
    }


_PG_TABLES = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema'
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2
"""


def _postgres_counts(cursor: Any) -> dict[str, int]:
    cursor.execute(_PG_TABLES)
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {_quote(schema)}.{_quote(table)}")
        counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _postgres_counts_of(connection: Any) -> dict[str, int]:
    with connection.cursor() as cursor:
        return _postgres_counts(cursor)


def _applied(cursor: Any, tables: dict[str, int]) -> dict[str, list[str]]:
    """The migrations applied in a database, by app ({} when it has no migration table)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs "
            "(Debian: postgresql-client) of the server's version."
        )
    return path


def _tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if found is None:
        raise BackupError(f"Cannot tell the version of {path} from {output!r}.")
    return int(found.group(1))


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    """Run a PostgreSQL client program with the connection of ``settings_dict`` in its
    environment (no password on the command line)."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    options = settings_dict.get("OPTIONS", {})
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service"):
        if options.get(option):
            env[f"PG{option.upper()}"] = str(options[option])
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")
