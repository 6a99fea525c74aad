"""Changing the password while signed in."""

from django.test import Client

from conftest import login_client
from leizu.accounts.demo import DEMO_PASSWORD
from leizu.core.models import AuditEntry

NEW_PASSWORD = "Ters-Kaiyn-42-Lake"


def _change(client: Client, old: str = DEMO_PASSWORD, new: str = NEW_PASSWORD):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_api_tokens_page_links_to_the_password_change(clients):
    body = clients["student"].get("/accounts/tokens/").content.decode()
    assert 'href="/accounts/password/"' in body


def test_a_user_changes_their_password_and_stays_signed_in(world, clients):
    client = clients["student"]
    response = _change(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/changed/"
    assert client.get("/accounts/password/changed/").status_code == 200
    assert client.get("/institutions/").status_code == 200
    user = world["users"]["student"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.password.change")
    assert entry.actor == user and entry.object_id == str(user.pk)


def test_changing_the_password_ends_the_other_sessions(world):
    user = world["users"]["student"]
    here, elsewhere = login_client(user), login_client(user)
    assert elsewhere.get("/institutions/").status_code == 200
    _change(here)
    assert here.get("/institutions/").status_code == 200
    response = elsewhere.get("/institutions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_wrong_old_password_changes_nothing(world, clients):
    response = _change(clients["student"], old="not my password")
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    user = world["users"]["student"]
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert not AuditEntry.objects.filter(action="accounts.password.change").exists()


def test_wrong_old_passwords_count_toward_the_login_lockout(world, clients):
    for _ in range(5):
        _change(clients["student"], old="guess")
    login = Client().post(
        "/accounts/login/", {"username": "student@leizu.demo", "password": DEMO_PASSWORD}
    )
    assert login.status_code in (403, 429)


def test_a_weak_new_password_is_refused(world, clients):
    response = _change(clients["student"], new="12345")
    assert response.status_code == 200
    user = world["users"]["student"]
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_the_page_needs_the_second_factor_where_the_role_needs_one(world, settings):
    settings.DEMO_MODE = False
    pending = Client()
    pending.post(
        "/accounts/login/", {"username": "coordinator@leizu.demo", "password": DEMO_PASSWORD}
    )
    response = _change(pending)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    world["users"]["coordinator"].refresh_from_db()
    assert world["users"]["coordinator"].check_password(DEMO_PASSWORD)


def test_anonymous_visitors_are_sent_to_log_in(db):
    response = Client().get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
