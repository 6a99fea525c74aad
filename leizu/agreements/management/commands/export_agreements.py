from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Write the register of agreements to FILE.xlsx (first sheet: one agreement a row; then "
        "parties and conditions), as the platform operator sees it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .xlsx file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        from leizu.agreements.io import register_export_xlsx
        from leizu.core.access import actor_for_user

        operator = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if operator is None:
            raise CommandError("No active platform operator (superuser) to export as.")
        path = Path(options["file"])
        content = register_export_xlsx(actor=actor_for_user(operator), today=timezone.localdate())
        path.write_bytes(content)
        self.stdout.write(f"{path}: {len(content)} bytes")
