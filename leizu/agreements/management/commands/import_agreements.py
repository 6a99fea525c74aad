from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Import a register of agreements from FILE.xlsx (its first sheet, shaped like the "
        "export's), as the platform operator, all or nothing: any bad row is named with its "
        "column and reason, nothing is written and the exit status is 1."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .xlsx file to read")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        from leizu.agreements.io import register_import_xlsx
        from leizu.core.access import actor_for_user

        operator = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if operator is None:
            raise CommandError("No active platform operator (superuser) to import as.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open("rb") as handle:
            result = register_import_xlsx(by=actor_for_user(operator), file=handle)
        if result.errors:
            for error in result.errors:
                where = f"row {error.row}" + (f", column {error.column}" if error.column else "")
                self.stderr.write(f"{path}: {where}: {error.message}")
            raise CommandError(f"{len(result.errors)} errors; nothing was imported.", returncode=1)
        self.stdout.write(
            f"{path}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
