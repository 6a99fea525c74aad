"""``python manage.py restore ARCHIVE``: restore a backup archive into an empty database and
files folder, checking it against its manifest (see ``leizu.core.backup``)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from leizu.core.backup import BackupError, archive_verify, backup_restore


class Command(BaseCommand):
    # An operator's tool that must work whatever else is wrong: it reads no URL or view.
    requires_system_checks: list[str] = []
    help = (
        "Restore a backup archive into an empty database and files folder, after checking every "
        "checksum of the archive; then check the row counts of every table."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and files folder that are not empty (stop the platform first)",
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the archive; restore nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                manifest = archive_verify(options["archive"])
                self.stdout.write(
                    f"The archive matches its manifest: {options['archive']} "
                    f"(made {manifest['created_at']})"
                )
                return
            report = backup_restore(archive=options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = report.manifest
        database, files = manifest["database"], manifest["files"]
        self.stdout.write(
            f"Restored the backup made {manifest['created_at']} (Leizu {manifest['leizu_version']})\n"
            f"  database: {database['engine']}, {len(database['tables'])} tables, "
            f"{sum(database['tables'].values()):,} rows, every count as in the manifest\n"
            f"  files: {len(files)}, every checksum as in the manifest\n"
            f"  took {report.seconds:.1f} s"
        )
        if report.pending_migrations:
            self.stdout.write(
                f"  migrations of this code not applied in the backup: "
                f"{len(report.pending_migrations)}; run `manage.py migrate`"
            )
