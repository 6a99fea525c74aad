"""Background work of visits, run by the tasks worker (``manage.py db_worker``)."""

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def send_action_reminders(day: str | None = None) -> int:
    """The daily reminder run: e-mail owners of follow-up actions that are due or overdue.

    ``day`` (ISO date) defaults to today in the platform's time zone. Returns the number of
    e-mails sent; running it twice on one day sends nothing the second time.
    """
    from leizu.visits.services import action_reminders_send

    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return action_reminders_send(today=today)
