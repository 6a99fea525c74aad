"""Reminders of agreements: before a signed agreement ends, and before the day its renewal
must be decided (the last day to denounce an automatic renewal, or to decide one), each party's
admins and coordinators get an e-mail in their language, at the lead times their institution
set (``ReminderSettings``, default 180, 90 and 30 days). Each lead time is reminded once: a run
sends what is due and records it (``ReminderSent``), so running it every few minutes (it is
part of the recurring sweep) or twice a day sends nothing twice. When several lead times are
passed at once (an agreement signed 20 days before its end), only the nearest is sent."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leizu.agreements.models import (
    DEFAULT_LEAD_DAYS,
    Agreement,
    AgreementStage,
    ReminderKind,
    ReminderSent,
    ReminderSettings,
)
from leizu.core.access import NETWORK_EDIT_ROLES

MAX_LEAD_DAYS = 730


def lead_days_of(institution_id: int, custom: dict[int, list[int]]) -> list[int]:
    return custom.get(institution_id) or DEFAULT_LEAD_DAYS


def _dues(agreement: Agreement, today: datetime.date) -> list[tuple[str, datetime.date]]:
    end = agreement.ends_on(today)
    if end is None or end < today:
        return []
    dues = [(ReminderKind.END.value, end)]
    if agreement.denounce_days and agreement.renewal != "none":
        dues.append(
            (ReminderKind.DECISION.value, end - datetime.timedelta(days=agreement.denounce_days))
        )
    return [(kind, due) for kind, due in dues if due >= today]


def _recipients(institution_ids: set[int]) -> dict[int, list[Any]]:
    from leizu.accounts.models import Membership

    by_institution: dict[int, list[Any]] = {}
    memberships = Membership.objects.filter(
        institution_id__in=institution_ids,
        role__in=NETWORK_EDIT_ROLES,
        user__is_active=True,
    ).select_related("user")
    for m in memberships:
        if m.user.email:
            by_institution.setdefault(m.institution_id, []).append(m.user)
    return by_institution


def agreement_reminders_send(*, today: datetime.date) -> int:
    """Send the reminders due on ``today``; the number of e-mails sent."""
    agreements = list(
        Agreement.objects.filter(stage=AgreementStage.SIGNED)
        .exclude(valid_until__isnull=True)
        .prefetch_related("parties__institution")
    )
    institution_ids = {p.institution_id for a in agreements for p in a.parties.all()}
    custom = {
        s.institution_id: [int(d) for d in s.lead_days]
        for s in ReminderSettings.objects.filter(institution_id__in=institution_ids)
    }
    sent_before = set(
        ReminderSent.objects.filter(agreement__in=agreements).values_list(
            "agreement_id", "institution_id", "kind", "lead_days", "due_on"
        )
    )
    recipients = _recipients(institution_ids)
    base = settings.LEIZU_BASE_URL.rstrip("/")
    sent = 0
    for agreement in agreements:
        for kind, due in _dues(agreement, today):
            days_left = (due - today).days
            for party in agreement.parties.all():
                reached = [d for d in lead_days_of(party.institution_id, custom) if days_left <= d]
                if not reached:
                    continue
                lead = min(reached)
                key = (agreement.pk, party.institution_id, kind, lead, due)
                if key in sent_before:
                    continue
                users = recipients.get(party.institution_id, [])
                try:
                    with transaction.atomic():
                        ReminderSent.objects.create(
                            agreement=agreement,
                            institution_id=party.institution_id,
                            kind=kind,
                            lead_days=lead,
                            due_on=due,
                            recipients=len(users),
                        )
                        for user in users:
                            _send(user, agreement, kind, due, days_left, base)
                except IntegrityError:  # another run recorded it meanwhile
                    continue
                sent_before.add(key)
                sent += len(users)
    return sent


def _send(
    user: Any, agreement: Agreement, kind: str, due: datetime.date, days: int, base: str
) -> None:
    from django.utils import formats

    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        title = agreement.title.localize(language)
        if kind == ReminderKind.END:
            subject = ngettext(
                "Agreement ends in %(days)s day: %(title)s",
                "Agreement ends in %(days)s days: %(title)s",
                days,
            ) % {"days": days, "title": title}
        else:
            subject = ngettext(
                "Renewal to be decided in %(days)s day: %(title)s",
                "Renewal to be decided in %(days)s days: %(title)s",
                days,
            ) % {"days": days, "title": title}
        body = render_to_string(
            "agreements/reminder_email.txt",
            {
                "agreement": agreement,
                "title": title,
                "kind": kind,
                "due": formats.date_format(due, "DATE_FORMAT"),
                "url": base + reverse("agreements:detail", args=[agreement.pk]),
            },
        )
    email = user.email
    transaction.on_commit(lambda: send_mail(subject[:200], body, None, [email]))


def reminder_settings_set(*, by: Any, institution: Any, lead_days: list[int]) -> ReminderSettings:
    """An institution's admins and coordinators set its reminder lead times."""
    from django.core.exceptions import PermissionDenied

    from leizu.agreements import access
    from leizu.core.audit import audit_record
    from leizu.core.errors import ServiceError

    if institution.pk not in access.approver_institution_ids(by):
        raise PermissionDenied
    days = sorted({int(d) for d in lead_days}, reverse=True)
    if not days or len(days) > 5 or not all(1 <= d <= MAX_LEAD_DAYS for d in days):
        raise ServiceError(
            _("Give one to five numbers of days between 1 and %(max)s.") % {"max": MAX_LEAD_DAYS},
            fields={"lead_days": [_("Not valid.")]},
        )
    with transaction.atomic():
        current, _created = ReminderSettings.objects.select_for_update().get_or_create(
            institution=institution, defaults={"lead_days": DEFAULT_LEAD_DAYS}
        )
        before = list(current.lead_days)
        current.lead_days = days
        current.version += 1
        current.save()
        audit_record(
            actor=by,
            action="agreements.reminders.update",
            obj=current,
            institution_id=institution.pk,
            before={"lead_days": before},
            after={"lead_days": days},
        )
    return current
