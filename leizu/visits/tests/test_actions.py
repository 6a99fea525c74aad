"""Follow-up actions: the board across visits, marking done, and the daily reminders."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from leizu.core.multilingual import Multilingual as M
from leizu.visits import services
from leizu.visits.models import FollowUpAction
from leizu.visits.tasks import send_action_reminders
from leizu.visits.tests.helpers import make_visit

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def actions(world, actors):
    by = actors["coordinator"]
    FollowUpAction.objects.all().delete()  # the demo's own actions have their own due dates
    visit = make_visit(world, by, guests=("uz1",), start=datetime.date(2026, 11, 2))
    users = world["users"]
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]

    def add(text, owner, institution, due, status="open"):
        return services.action_create(
            visit=visit,
            by=by,
            data={
                "description": M({"en": text, "ru": text + " (ru)"}),
                "owner": owner,
                "owner_institution": institution,
                "due_date": due,
                "status": status,
            },
        )

    return {
        "visit": visit,
        "overdue": add(
            "Send the minutes", users["coordinator"], host, TODAY - datetime.timedelta(days=2)
        ),
        "soon": add(
            "Book the hotel", users["coordinator"], host, TODAY + datetime.timedelta(days=3)
        ),
        "later": add(
            "Plan the return visit", users["coordinator"], host, TODAY + datetime.timedelta(days=20)
        ),
        "partner": add(
            "Send the list of specialties",
            users["partner_uz"],
            uz1,
            TODAY + datetime.timedelta(days=1),
        ),
        "done": add(
            "Thank the guests",
            users["coordinator"],
            host,
            TODAY - datetime.timedelta(days=5),
            "done",
        ),
    }


def _texts(client, scope: str) -> str:
    return client.get(
        "/visits/actions/", {"scope": scope}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()


def test_the_board_shows_mine_my_institutions_and_overdue_open_actions(clients, actions, settings):
    coordinator = clients["coordinator"]
    mine = _texts(coordinator, "mine")
    assert "Book the hotel" in mine and "Send the list of specialties" not in mine
    assert "Thank the guests" not in mine  # done
    partner = _texts(clients["partner_b"], "office")
    assert "Send the list of specialties" in partner and "Book the hotel" not in partner
    assert "Book the hotel" in _texts(clients["partner_b"], "all")  # partner B sees the visit
    assert "Book the hotel" not in _texts(clients["partner_a"], "all")


def test_the_responsible_partner_marks_its_action_done_from_the_board(clients, actions):
    action = actions["partner"]
    response = clients["partner_b"].post(
        f"/visits/actions/{action.pk}/status/",
        {"status": "done", "version": action.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="action-{action.pk}"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done" and action.done_on is not None
    # ... but may not change another institution's action, nor edit its own beyond the status.
    other = actions["soon"]
    assert (
        clients["partner_b"]
        .post(f"/visits/actions/{other.pk}/status/", {"status": "done", "version": other.version})
        .status_code
        == 403
    )
    assert clients["partner_b"].get(f"/visits/actions/{action.pk}/edit/").status_code == 403
    assert (
        clients["partner_a"]
        .post(f"/visits/actions/{other.pk}/status/", {"status": "done", "version": other.version})
        .status_code
        == 404
    )


def test_the_daily_task_emails_each_owner_once_in_their_language(actions, world):
    world["users"]["partner_uz"].preferred_language = "ru"
    world["users"]["partner_uz"].save()
    sent = send_action_reminders.call(day=TODAY.isoformat())
    assert sent == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    coordinator_mail = by_recipient["coordinator@leizu.demo"].body
    assert "Send the minutes" in coordinator_mail and "Book the hotel" in coordinator_mail
    assert (
        "Plan the return visit" not in coordinator_mail
        and "Thank the guests" not in coordinator_mail
    )
    assert f"/visits/{actions['visit'].pk}/#actions" in coordinator_mail
    partner_mail = by_recipient["partner.uz@leizu.demo"].body
    assert "Send the list of specialties (ru)" in partner_mail  # the content in Russian
    # A second run on the same day sends nothing; an action is reminded again once overdue,
    # then weekly.
    assert send_action_reminders.call(day=TODAY.isoformat()) == 0
    assert send_action_reminders.call(day=(TODAY + datetime.timedelta(days=1)).isoformat()) == 0
    assert send_action_reminders.call(day=(TODAY + datetime.timedelta(days=2)).isoformat()) == 1
    assert mail.outbox[-1].to == ["partner.uz@leizu.demo"]
    assert send_action_reminders.call(day=(TODAY + datetime.timedelta(days=7)).isoformat()) == 1
    assert "Send the minutes" in mail.outbox[-1].body and "Book the hotel" in mail.outbox[-1].body
    assert len(mail.outbox) == 4


def test_the_task_runs_through_the_tasks_backend(actions, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = send_action_reminders.enqueue(day=TODAY.isoformat())
    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value == 2
    assert len(mail.outbox) == 2


def test_the_management_command_enqueues_the_daily_run(world, capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("visit_reminders")
    assert "visit reminders enqueued" in capsys.readouterr().out
    row = DBTaskResult.objects.get()
    assert row.task_path == "leizu.visits.tasks.send_action_reminders"
    assert row.status == "READY"


def test_reminders_follow_the_rule_of_one_action():
    action = FollowUpAction(status="open", due_date=TODAY)
    assert not action.reminder_due(TODAY - datetime.timedelta(days=4))
    assert action.reminder_due(TODAY - datetime.timedelta(days=3))
    action.last_reminded_on = TODAY - datetime.timedelta(days=3)
    assert not action.reminder_due(TODAY)
    assert action.reminder_due(TODAY + datetime.timedelta(days=1))  # now overdue
    action.last_reminded_on = TODAY + datetime.timedelta(days=1)
    assert not action.reminder_due(TODAY + datetime.timedelta(days=7))
    assert action.reminder_due(TODAY + datetime.timedelta(days=8))
    action.status = "done"
    assert not action.reminder_due(TODAY + datetime.timedelta(days=30))
