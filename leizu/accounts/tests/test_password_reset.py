"""Resetting a forgotten password by e-mail."""

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import login_client
from leizu.accounts.demo import DEMO_PASSWORD
from leizu.core.models import AuditEntry

NEW_PASSWORD = "Ters-Kaiyn-42-Lake"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _ask(email: str, client: Client | None = None):
    return (client or Client()).post("/accounts/password/reset/", {"email": email})


def _link_path(body: str) -> str:
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    return link[link.index("/accounts/") :].strip()


def _reset(client: Client, path: str, password: str = NEW_PASSWORD):
    form = client.get(path)
    assert form.status_code == 302  # the token moves out of the address into the session
    return client.post(form["Location"], {"new_password1": password, "new_password2": password})


def test_the_login_page_links_to_the_password_reset(db):
    assert 'href="/accounts/password/reset/"' in Client().get("/accounts/login/").content.decode()


def test_a_known_address_gets_a_link_on_the_base_url_in_the_users_language(
    world, settings, mailoutbox
):
    settings.LEIZU_BASE_URL = "https://leizu.example.org/"
    response = _ask("partner.kz@leizu.demo")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["partner.kz@leizu.demo"]
    assert "https://leizu.example.org/accounts/password/reset/" in message.body
    assert "кәсіптік білім берудегі ынтымақтастық" in message.body  # Kazakh, her language


def test_the_address_is_matched_without_regard_to_case(world, mailoutbox):
    _ask("Student@Leizu.Demo")
    assert [m.to for m in mailoutbox] == [["student@leizu.demo"]]


def test_an_unknown_address_gets_the_same_answer_and_no_email(world, mailoutbox):
    known, unknown = _ask("student@leizu.demo"), _ask("nobody@leizu.demo")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mailoutbox) == 1
    assert Client().get(unknown["Location"]).status_code == 200


def test_the_link_sets_a_new_password_and_ends_every_session(world, mailoutbox):
    user = world["users"]["student"]
    signed_in = login_client(user)
    _ask(user.email)
    visitor = Client()
    done = _reset(visitor, _link_path(mailoutbox[0].body))
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    assert "_auth_user_id" not in visitor.session  # not logged in by the reset
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert signed_in.get("/institutions/").status_code == 302
    entry = AuditEntry.objects.get(action="accounts.password.reset")
    assert entry.actor == user and entry.object_id == str(user.pk)


def test_the_link_works_once(world, mailoutbox):
    _ask("student@leizu.demo")
    path = _link_path(mailoutbox[0].body)
    _reset(Client(), path)
    again = Client().get(path)
    assert again.status_code == 200
    assert 'name="new_password1"' not in again.content.decode()


def test_a_weak_new_password_is_refused(world, mailoutbox):
    _ask("student@leizu.demo")
    response = _reset(Client(), _link_path(mailoutbox[0].body), password="12345")
    assert response.status_code == 200
    world["users"]["student"].refresh_from_db()
    assert world["users"]["student"].check_password(DEMO_PASSWORD)


def test_after_a_reset_staff_still_confirm_their_second_factor(world, settings, mailoutbox):
    settings.DEMO_MODE = False
    _ask("coordinator@leizu.demo")
    _reset(Client(), _link_path(mailoutbox[0].body))
    client = Client()
    login = client.post(
        "/accounts/login/", {"username": "coordinator@leizu.demo", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    response = client.get("/institutions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_reset_emails_are_limited_per_address_with_the_same_answer(world, mailoutbox):
    answers = set()
    for number in range(5):
        response = _ask("student@leizu.demo", Client(REMOTE_ADDR=f"203.0.113.{number + 1}"))
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/accounts/password/reset/sent/")}
    assert len(mailoutbox) == 3


def test_reset_emails_are_limited_per_network_address(world, mailoutbox):
    one_network = Client(REMOTE_ADDR="203.0.113.50")
    for number in range(10):
        _ask(f"nobody{number}@leizu.demo", one_network)
    response = _ask("student@leizu.demo", one_network)
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mailoutbox) == 0
    _ask("student@leizu.demo", Client(REMOTE_ADDR="198.51.100.1"))
    assert len(mailoutbox) == 1
