"""``python manage.py sweep``: recover the jobs of dead workers and finish leftover work once
(what the recurring sweep task does; for cron when tasks run on another backend)."""

from typing import Any

from django.core.management.base import BaseCommand

from leizu.core import jobs


class Command(BaseCommand):
    help = "Recover background jobs whose worker died and finish leftover work, once."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, outcome in jobs.run_sweeps().items():
            self.stdout.write(f"{name}: {outcome}")
