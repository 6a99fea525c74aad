"""Expiry and renewal-decision reminders: each party's admins and coordinators, in their
language, once per lead time however often the run goes, at the lead times their institution
set; part of the recurring sweep."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from leizu.agreements import services
from leizu.agreements.models import Agreement, ReminderSent
from leizu.agreements.reminders import agreement_reminders_send, reminder_settings_set
from leizu.core import jobs

START = datetime.date(2026, 1, 1)


@pytest.fixture
def signed(world, actors):
    """A signed MOU of the host and Akzhol ending on 30 June 2027, renewed automatically
    unless denounced 60 days before (the renewal decision is due on 1 May 2027)."""
    host, kz1 = world["institutions"]["host"], world["institutions"]["kz1"]
    agreement = services.agreement_create(
        by=actors["coordinator"],
        drafted_by=host,
        data={
            "kind": "mou",
            "title": {"en": "Reminded MOU", "ru": "Меморандум с напоминаниями"},
            "valid_from": START,
            "valid_until": datetime.date(2027, 6, 30),
            "renewal": "automatic",
            "renewal_years": 3,
            "denounce_days": 60,
        },
        parties=[kz1],
    )
    # Signed outright for the test (the approval steps are tested elsewhere).
    Agreement.objects.filter(pk=agreement.pk).update(stage="signed")
    return agreement


def _run(day: datetime.date) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return agreement_reminders_send(today=day)


def test_each_lead_time_is_reminded_once_across_many_runs(signed, world):
    mail.outbox.clear()
    day, sent = datetime.date(2026, 11, 1), []
    while day <= datetime.date(2027, 6, 30):
        sent.append(_run(day))
        _run(day)  # a second run on the same day sends nothing
        day += datetime.timedelta(days=1)
    reminders = ReminderSent.objects.filter(agreement=signed)
    # End: 180, 90, 30 days before 30 June; decision: 180, 90, 30 days before 1 May; per party.
    assert sorted(set(reminders.values_list("kind", "lead_days"))) == [
        ("decision", 30),
        ("decision", 90),
        ("decision", 180),
        ("end", 30),
        ("end", 90),
        ("end", 180),
    ]
    assert reminders.count() == 12  # two parties
    assert sum(sent) == len(mail.outbox) > 0  # the demo's agreements are reminded too
    host_coordinator = world["users"]["coordinator"]
    ours = [m for m in mail.outbox if "Reminded MOU" in m.subject or "напоминаниями" in m.subject]
    to_host = [m for m in ours if m.to == [host_coordinator.email]]
    assert len(to_host) == 6
    assert all(f"/agreements/{signed.pk}/" in m.body for m in ours)


def test_a_party_reminded_late_gets_only_the_nearest_lead_time(signed):
    assert _run(datetime.date(2027, 6, 20)) > 0  # 10 days before the end: within all three
    leads = set(
        ReminderSent.objects.filter(agreement=signed, kind="end").values_list(
            "lead_days", flat=True
        )
    )
    assert leads == {30}


def test_an_institution_sets_its_own_lead_times(signed, world, actors, coordinator):
    host = world["institutions"]["host"]
    response = coordinator.post(
        "/agreements/reminders/", {"institution": host.pk, "lead_days": "45, 7"}
    )
    assert response.status_code == 302
    _run(datetime.date(2027, 6, 1))  # 29 days before the end
    host_end = ReminderSent.objects.filter(agreement=signed, kind="end", institution=host)
    assert list(host_end.values_list("lead_days", flat=True)) == [45]
    with pytest.raises(PermissionDenied):  # partner B's staff may not set the host's
        reminder_settings_set(by=actors["partner_b"], institution=host, lead_days=[5])
    bad = coordinator.post("/agreements/reminders/", {"institution": host.pk, "lead_days": "0"})
    assert bad.status_code == 200


def test_the_recurring_sweep_sends_them(signed):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = jobs.run_sweeps()
    assert "leizu.agreements.tasks.sweep_reminders" in done
