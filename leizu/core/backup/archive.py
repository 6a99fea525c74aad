"""The archive: writing it, checking it against its manifest, restoring from it (the layout is
described in ``leizu.core.backup``)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
import tomllib
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import django
from django.conf import settings
from django.db import connections

from leizu.core.backup import databases
from leizu.core.backup.databases import DUMPS, BackupError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES = "files"
ARCHIVE_PATTERN = re.compile(r"^leizu-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
CHUNK = 1024 * 1024


@dataclass
class BackupReport:
    archive: Path
    manifest: dict[str, Any]
    seconds: float
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    seconds: float
    # Migrations of this code that the backup lacks: `manage.py migrate` applies them.
    pending_migrations: list[str] = field(default_factory=list)


# --- writing ------------------------------------------------------------------------------------


def backup_create(*, output_dir: Path, keep: int = 0, using: str = "default") -> BackupReport:
    """Write one archive into ``output_dir``; with ``keep``, delete all but the newest ``keep``
    archives there afterwards."""
    started = time.monotonic()
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be made inside a transaction: its snapshot would wait.")
    output_dir = Path(output_dir).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if output_dir == media_root or media_root in output_dir.parents:
        raise BackupError(f"Write backups outside the uploaded files ({media_root}).")
    output_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC).replace(microsecond=0)

    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".leizu-backup-") as work:
        engine = databases.engine_of(connection)
        dump = Path(work) / DUMPS[engine]
        database = databases.snapshot(connection, dump)
        if not database["tables"]:
            raise BackupError(
                f"The database ({databases.describe(connection)}) has no tables: "
                "is DATABASE_URL right?"
            )
        manifest: dict[str, Any] = {
            "format": "leizu-backup",
            "format_version": FORMAT_VERSION,
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "leizu_version": leizu_version(),
            "django_version": django.get_version(),
            "database": database,
            "files": {},
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            database.update(engine=engine, dump=dump.name, **_add_hashed(tar, dump, dump.name))
            for path, name in _media_files(media_root):
                manifest["files"][name] = _add_hashed(tar, path, f"{FILES}/{name}")
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        os.chmod(partial, 0o600)  # it holds personal data
        archive = _free_name(output_dir, created)
        os.replace(partial, archive)
    removed = _prune(output_dir, keep) if keep > 0 else []
    return BackupReport(archive, manifest, time.monotonic() - started, removed)


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """The regular files under ``root`` with their names relative to it, in a stable order."""
    if not root.is_dir():
        return
    for directory, subdirs, names in os.walk(root):
        subdirs.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


class _HashingReader:
    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add_hashed(tar: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any]:
    with path.open("rb") as stream:
        info = tar.gettarinfo(arcname=arcname, fileobj=stream)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(stream)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return {"sha256": reader.digest.hexdigest(), "bytes": info.size}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _free_name(directory: Path, created: datetime) -> Path:
    stem = f"leizu-backup-{created:%Y%m%dT%H%M%SZ}"
    candidate, n = directory / f"{stem}.tar.gz", 1
    while candidate.exists():
        n += 1
        candidate = directory / f"{stem}-{n}.tar.gz"
    return candidate


def _prune(directory: Path, keep: int) -> list[Path]:
    dated = []
    for path in directory.iterdir():
        if found := ARCHIVE_PATTERN.match(path.name):
            dated.append(((found.group(1), int(found.group(2) or 1)), path))
    removed = [path for _when, path in sorted(dated)[:-keep]]
    for path in removed:
        path.unlink()
    return removed


# --- reading ------------------------------------------------------------------------------------


@contextmanager
def staged_archive(archive: Path, staging_parent: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """Unpack ``archive`` into a staging folder under ``staging_parent`` and check it against its
    manifest; yields the manifest and the folder (``database.*`` and ``files/``), removed after."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=staging_parent, prefix=".leizu-restore-"))
    try:
        seen, manifest = _unpack(archive, staging)
        _check(manifest, seen)
        yield manifest, staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def archive_verify(archive: Path) -> dict[str, Any]:
    """Check every checksum of an archive without restoring it; returns its manifest."""
    with staged_archive(archive, Path(tempfile.gettempdir())) as (manifest, _staging):
        return manifest


def _unpack(archive: Path, staging: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _safe_name(member)
                stream = tar.extractfile(member)
                assert stream is not None
                if name == MANIFEST:
                    if member.size > 64 * 1024 * 1024:
                        raise BackupError("The manifest of this archive is implausibly large.")
                    manifest = json.loads(stream.read())
                    continue
                if name in seen:
                    raise BackupError(f"The archive holds {name} twice.")
                seen[name] = _write_hashed(stream, staging / name)
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error, ValueError) as exc:
        raise BackupError(f"{archive} is not a readable Leizu backup archive ({exc}).") from exc
    except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
        raise BackupError(f"The archive holds clashing names ({exc.filename}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != "leizu-backup":
        raise BackupError(f"{archive} has no Leizu backup manifest.")
    return seen, manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    """The member's name, when it is a regular file of the layout (no links, no way out)."""
    parts = member.name.split("/")
    if (
        not member.isfile()
        or any(part in ("", ".", "..") for part in parts)
        or "\\" in member.name
        or not (
            member.name == MANIFEST
            or member.name in DUMPS.values()
            or (parts[0] == FILES and len(parts) > 1)
        )
    ):
        raise BackupError(f"The archive holds an unexpected entry: {member.name!r}.")
    return member.name


def _write_hashed(stream: IO[bytes], path: Path) -> dict[str, Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with path.open("xb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "bytes": size}


def _check(manifest: dict[str, Any], seen: dict[str, dict[str, Any]]) -> None:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This archive has format version {manifest.get('format_version')}; this Leizu "
            f"reads version {FORMAT_VERSION}."
        )
    try:
        database = manifest["database"]
        entries = {
            database["dump"]: database,
            **{f"{FILES}/{n}": e for n, e in manifest["files"].items()},
        }
        expected = {
            name: {"sha256": e["sha256"], "bytes": e["bytes"]} for name, e in entries.items()
        }
        missing = [key for key in ("engine", "tables", "migrations") if key not in database]
        if missing:
            raise KeyError(missing[0])
    except (KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"The manifest of this archive is incomplete ({exc!r}).") from exc
    problems = [f"missing: {name}" for name in sorted(expected.keys() - seen.keys())]
    problems += [f"not in the manifest: {name}" for name in sorted(seen.keys() - expected.keys())]
    problems += [
        f"checksum differs: {name}"
        for name in sorted(expected.keys() & seen.keys())
        if seen[name] != expected[name]
    ]
    if problems:
        shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
        raise BackupError(f"The archive does not match its manifest, nothing restored: {shown}.")


# --- restoring ----------------------------------------------------------------------------------


def backup_restore(*, archive: Path, force: bool = False, using: str = "default") -> RestoreReport:
    """Restore an archive into this platform's database and files directory."""
    started = time.monotonic()
    connection = connections[using]
    engine = databases.engine_of(connection)
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        occupied = []
        if databases.table_names(connection):
            occupied.append(f"the database ({databases.describe(connection)}) has tables")
        if any(True for _ in _media_files(media_root)):
            occupied.append(f"the files folder ({media_root}) has files")
        if occupied:
            raise BackupError(
                "Nothing restored: "
                + " and ".join(occupied)
                + ". Restore into an empty database and files folder (DATABASE_URL, "
                "LEIZU_DATA_DIR), or replace them with --force after stopping the platform."
            )
    with staged_archive(archive, media_root.parent) as (manifest, staging):
        database = manifest["database"]
        if database["engine"] != engine:
            raise BackupError(
                f"This archive holds a {database['engine']} database and the target is {engine}:"
                f" restore it into a {database['engine']} database."
            )
        unknown, pending = _migration_difference(database["migrations"])
        if unknown and not force:
            raise BackupError(
                f"The backup comes from a newer Leizu: {len(unknown)} of its migrations are "
                f"unknown to this code (e.g. {unknown[0]}). Upgrade the code first, or use "
                "--force."
            )
        databases.restore(connection, staging / database["dump"], database, force=force)
        _move_files(staging / FILES, media_root)
    return RestoreReport(manifest, time.monotonic() - started, pending)


def _move_files(staged: Path, media_root: Path) -> None:
    """Put the staged files into ``media_root`` in place of what it held (nothing, or what
    force replaces). Entry by entry, as the folder itself may be a mounted shared volume."""
    staged.mkdir(exist_ok=True)
    mode = settings.FILE_UPLOAD_PERMISSIONS
    if mode is not None:
        for path, _name in _media_files(staged):
            os.chmod(path, mode)
    media_root.mkdir(parents=True, exist_ok=True)
    for entry in list(media_root.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staged.iterdir():
        shutil.move(entry, media_root / entry.name)


def _migration_difference(applied: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Migrations of the backup unknown to this code, and those of this code not in the backup."""
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    have = {f"{app}.{name}" for app, names in applied.items() for name in names}
    return sorted(have - known), sorted(known - have)


def leizu_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as stream:
            return str(tomllib.load(stream)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
