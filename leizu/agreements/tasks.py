"""Background work of agreements: the expiry and renewal reminders, part of the recurring
sweep (``leizu.core.jobs``), so ``make run``'s worker sends them without a cron entry."""

from django.utils import timezone

from leizu.core import jobs


def sweep_reminders() -> int:
    from leizu.agreements.reminders import agreement_reminders_send

    return agreement_reminders_send(today=timezone.localdate())


jobs.register_sweep(sweep_reminders)
