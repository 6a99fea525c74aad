"""``python manage.py backup --output DIR``: one archive of the database and the uploaded files
(see ``leizu.core.backup``), made while the platform serves."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from leizu.core.backup import BackupError, backup_create


class Command(BaseCommand):
    # An operator's tool that must work whatever else is wrong: it reads no URL or view.
    requires_system_checks: list[str] = []
    help = "Write a backup archive: a database snapshot, the uploaded files and a manifest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", required=True, type=Path, help="folder for the archive")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            metavar="N",
            help="afterwards delete all but the newest N archives in that folder",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["keep"] < 0:
            raise CommandError("--keep takes a number of archives, 1 or more.")
        try:
            report = backup_create(output_dir=options["output"], keep=options["keep"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        database, files = report.manifest["database"], report.manifest["files"]
        self.stdout.write(
            f"Backup written: {report.archive} ({report.archive.stat().st_size:,} bytes)\n"
            f"  database: {database['engine']}, {len(database['tables'])} tables, "
            f"{sum(database['tables'].values()):,} rows\n"
            f"  files: {len(files)} ({sum(f['bytes'] for f in files.values()):,} bytes)\n"
            f"  took {report.seconds:.1f} s"
        )
        for path in report.removed:
            self.stdout.write(f"  removed the older {path.name}")
