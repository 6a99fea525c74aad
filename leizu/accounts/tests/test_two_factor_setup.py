"""Setting up an authenticator shows its secret key: only after the password is entered again."""

import time

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from leizu.accounts.demo import DEMO_PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_the_setup_asks_for_the_password_before_showing_the_key(pending):
    body = pending.get("/accounts/two-factor/").content.decode()
    assert 'name="password"' in body
    assert "<svg" not in body
    assert "secret" not in body.lower()
    assert not TOTPDevice.objects.filter(user__email="coordinator@leizu.demo").exists()


def test_the_right_password_shows_the_key_and_a_code_finishes_the_setup(pending):
    confirmed = pending.post("/accounts/two-factor/", {"password": DEMO_PASSWORD, "next": "/"})
    assert confirmed.status_code == 302
    body = pending.get(confirmed["Location"]).content.decode()
    assert "<svg" in body
    device = TOTPDevice.objects.get(user__email="coordinator@leizu.demo", confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in body
    done = pending.post("/accounts/two-factor/", {"token": _code(device), "next": "/"})
    assert done.status_code == 302 and done["Location"] == "/"
    assert pending.get("/institutions/").status_code == 200


def test_a_wrong_password_is_refused_with_a_form_error(pending):
    pending.cookies["leizu_language"] = "en"  # the login set the coordinator's own (zh-hans)
    response = pending.post(
        "/accounts/two-factor/", {"password": "not my password"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The password is wrong." in body
    assert "<svg" not in body
    assert "<svg" not in pending.get("/accounts/two-factor/").content.decode()


def test_wrong_passwords_count_toward_the_login_lockout(pending):
    for _ in range(5):
        response = pending.post("/accounts/two-factor/", {"password": "guess"})
        assert response.status_code in (200, 429)
    locked = pending.post("/accounts/two-factor/", {"password": DEMO_PASSWORD})
    assert locked.status_code in (403, 429)
    assert "<svg" not in pending.get("/accounts/two-factor/").content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    login = elsewhere.post(
        "/accounts/login/", {"username": "coordinator@leizu.demo", "password": DEMO_PASSWORD}
    )
    assert login.status_code in (403, 429)


def test_the_password_is_asked_again_after_ten_minutes(pending, monkeypatch):
    pending.post("/accounts/two-factor/", {"password": DEMO_PASSWORD})
    assert "<svg" in pending.get("/accounts/two-factor/").content.decode()
    later = time.time() + 11 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    body = pending.get("/accounts/two-factor/").content.decode()
    assert "<svg" not in body
    assert 'name="password"' in body
    device = TOTPDevice.objects.get(user__email="coordinator@leizu.demo", confirmed=False)
    late = pending.post("/accounts/two-factor/", {"token": _code(device)})
    assert late.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed


def test_a_set_up_device_asks_only_for_its_code(world, settings):
    settings.DEMO_MODE = False
    user = world["users"]["coordinator"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.post("/accounts/login/", {"username": user.email, "password": DEMO_PASSWORD})
    body = client.get("/accounts/two-factor/").content.decode()
    assert 'name="token"' in body
    assert 'name="password"' not in body
    assert "<svg" not in body
    done = client.post("/accounts/two-factor/", {"token": _code(device), "next": "/institutions/"})
    assert done["Location"] == "/institutions/"
