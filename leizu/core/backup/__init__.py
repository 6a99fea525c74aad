"""Backups that restore: one archive with a consistent database snapshot, the uploaded files and
a manifest of what it holds, written while the platform serves.

An archive (``leizu-backup-<UTC time>.tar.gz``) holds

- ``database.sqlite3``, a copy made by SQLite's online backup API, or ``database.pgdump``,
  ``pg_dump``'s custom format; either is one snapshot of the whole database;
- ``files/…``, everything under ``MEDIA_ROOT`` (the uploaded files);
- ``manifest.json``: the format version, Leizu's version, the migrations applied in the
  snapshot, the database engine, the rows of every table in the snapshot, the SHA-256 and size
  of the dump and of every file, and when it was made.

The database is copied before the files: a file uploaded meanwhile is in the archive without a
row that names it (harmless), and a file is never named by a row without being there, unless it
was deleted in the seconds between the two.

``backup_restore`` restores into an empty database and an empty files directory (or replaces
them with ``force``). It reads the whole archive into a staging area first and refuses it when
any checksum, size or name differs from the manifest, before it touches the target; after the
restore it counts the rows of every table again.
"""

from leizu.core.backup.archive import (
    BackupReport,
    RestoreReport,
    archive_verify,
    backup_create,
    backup_restore,
)
from leizu.core.backup.databases import BackupError

__all__ = [
    "BackupError",
    "BackupReport",
    "RestoreReport",
    "archive_verify",
    "backup_create",
    "backup_restore",
]
