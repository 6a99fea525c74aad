"""Backups that restore: the drill on the demo world, and archives that do not match their
manifest.

The drill backs up the test database as the platform would (on PostgreSQL with pg_dump), then
restores in another process, as an operator does, into a fresh SQLite file or a fresh
PostgreSQL database and a fresh files folder. It commits (``transaction=True``): a snapshot
shows only what is committed.
"""

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from leizu.core.backup import BackupError, archive_verify
from leizu.institutions import services

# The smallest valid PNG: 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LEIZU_") and name not in ("DATABASE_URL", "PYTEST_VERSION")
    }
    return subprocess.run(
        [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _counts_at(url: str) -> dict[str, int]:
    """Rows per table of the database at ``url``, read without Django."""
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        names = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        import psycopg

        db = psycopg.connect(url)
        names = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    try:
        tables = [row[0] for row in db.execute(names).fetchall()]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


@pytest.fixture
def empty_database(tmp_path):
    """The URL of an empty database of the engine under test; a PostgreSQL one is dropped after."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'leizu.sqlite3'}"
        return
    import psycopg

    source = connection.settings_dict
    name = f"leizu_restore_{uuid.uuid4().hex[:12]}"
    auth = source["USER"] + (f":{source['PASSWORD']}" if source["PASSWORD"] else "")
    server = f"postgres://{auth}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_the_demo_world_and_its_files_into_an_empty_database(
    world, actors, settings, tmp_path, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "serving" / "files"
    services.institution_set_logo(
        institution=world["institutions"]["kz1"],
        by=actors["partner_a"],
        upload=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
    )
    rows, files = _source_counts(), _checksums(settings.MEDIA_ROOT)
    assert rows["institutions_institution"] > 0 and len(files) == 1

    backups = tmp_path / "backups"
    call_command("backup", output=backups, stdout=io.StringIO())
    call_command("backup", output=backups, keep=1, stdout=io.StringIO())
    [archive] = backups.glob("leizu-backup-*.tar.gz")  # --keep 1 left the newest
    manifest = archive_verify(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["tables"] == rows
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == files
    assert "0001_initial" in manifest["database"]["migrations"]["institutions"]

    data_dir = tmp_path / "restored"
    target = {"DATABASE_URL": empty_database, "LEIZU_DATA_DIR": str(data_dir)}
    restored = _manage("restore", str(archive), **target)
    assert restored.returncode == 0, restored.stderr
    assert "every count as in the manifest" in restored.stdout
    assert _counts_at(empty_database) == rows
    assert _checksums(data_dir / "files") == files

    # This platform's own database and files are not empty: restoring over them is refused.
    with pytest.raises(CommandError, match=r"Nothing restored: the database .* and the files"):
        call_command("restore", str(archive))


def _rewrite(archive: Path, out: Path, change: Callable[[dict[str, bytes]], Any]) -> Path:
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]
    change(members)
    with tarfile.open(out, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _changed_row(members: dict[str, bytes]) -> None:
    path = Path(f"/tmp/leizu-tamper-{uuid.uuid4().hex}.sqlite3")
    try:
        path.write_bytes(members["database.sqlite3"])
        with sqlite3.connect(path) as db:
            db.execute("UPDATE notes SET body = 'changed' WHERE id = 1")
        members["database.sqlite3"] = path.read_bytes()
    finally:
        path.unlink()


TAMPERINGS: dict[str, tuple[Callable[[dict[str, bytes]], Any], str]] = {
    "a file changed": (
        lambda m: m.update({"files/logos/a.png": m["files/logos/a.png"] + b"!"}),
        "checksum differs: files/logos/a.png",
    ),
    "a row changed": (_changed_row, "checksum differs: database.sqlite3"),
    "a file added": (lambda m: m.update({"files/extra.txt": b"x"}), "not in the manifest"),
    "a file removed": (lambda m: m.pop("files/notes.txt"), "missing: files/notes.txt"),
    "a way out": (lambda m: m.update({"files/../../evil": b"x"}), "unexpected entry"),
    "no manifest": (lambda m: m.pop("manifest.json"), "has no Leizu backup manifest"),
}


def test_an_archive_that_does_not_match_its_manifest_is_refused_and_nothing_restored(tmp_path):
    # A small platform of its own: an SQLite file and two uploaded files.
    source = tmp_path / "source"
    (source / "files" / "logos").mkdir(parents=True)
    (source / "files" / "logos" / "a.png").write_bytes(PNG)
    (source / "files" / "notes.txt").write_text("minutes")
    with sqlite3.connect(source / "leizu.sqlite3") as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.executemany("INSERT INTO notes (body) VALUES (?)", [("a",), ("b",), ("c",)])
    made = _manage("backup", "--output", str(tmp_path / "backups"), LEIZU_DATA_DIR=str(source))
    assert made.returncode == 0, made.stderr
    [archive] = (tmp_path / "backups").glob("leizu-backup-*.tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    assert archive_verify(archive)["database"]["tables"] == {"notes": 3}

    for name, (change, message) in TAMPERINGS.items():
        tampered = _rewrite(archive, tmp_path / f"{name}.tar.gz", change)
        with pytest.raises(BackupError, match=message):
            archive_verify(tampered)

    target = tmp_path / "target"
    refused = _manage(
        "restore", str(tmp_path / "a file changed.tar.gz"), LEIZU_DATA_DIR=str(target)
    )
    assert refused.returncode == 1
    assert "does not match its manifest, nothing restored" in refused.stderr
    assert not (target / "leizu.sqlite3").exists()
    assert not (target / "files").exists()
    assert not list(target.glob(".leizu-restore-*"))  # the staging folder is gone too
