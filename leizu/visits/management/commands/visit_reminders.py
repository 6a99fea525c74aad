from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Enqueue today's follow-up action reminders (run daily, e.g. from cron; "
        "the tasks worker sends the e-mails)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--day", help="ISO date to remind for (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        from leizu.visits.tasks import send_action_reminders

        result = send_action_reminders.enqueue(day=options.get("day"))
        self.stdout.write(f"visit reminders enqueued: {result.id} ({result.status})")
