from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.accounts.models import Membership, User


def _login(client: Client, email: str, password: str = DEMO_PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_user_logs_in_with_email_and_password_and_gets_their_language(world):
    client = Client()
    response = _login(client, "partner.kz@leizu.demo")
    assert response.status_code == 302
    assert client.cookies["leizu_language"].value == "kk"


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_login(world):
    client = Client()
    for _ in range(5):
        response = _login(client, "student@leizu.demo", "wrong password")
        assert response.status_code in (200, 429)
    locked = _login(client, "student@leizu.demo")  # now even the right password is refused
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_failures_for_one_address_from_many_networks_lock_that_address(world):
    for number in range(5):
        client = Client(REMOTE_ADDR=f"203.0.113.{number + 1}")
        response = _login(client, "teacher@leizu.demo", "wrong password")
        assert response.status_code in (200, 429)
    fresh = Client(REMOTE_ADDR="198.51.100.7")
    locked = _login(fresh, "teacher@leizu.demo")
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in fresh.session
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(other, "student@leizu.demo").status_code == 302  # other people still log in


def test_the_language_cookie_follows_the_cookie_settings(world, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    client = Client()
    _login(client, "partner.kz@leizu.demo")
    cookie = client.cookies["leizu_language"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    client.post("/language/", {"language": "ru", "next": "/"})
    switched = client.cookies["leizu_language"]
    assert switched.value == "ru"
    assert switched["secure"] is True
    assert switched["httponly"] is True


def test_staff_roles_must_set_up_two_factor_outside_demo_mode(world, settings):
    settings.DEMO_MODE = False
    client = Client()
    assert _login(client, "coordinator@leizu.demo").status_code == 302
    response = client.get("/institutions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    asked = client.get("/accounts/two-factor/?next=/institutions/")
    assert asked.status_code == 200
    assert "<svg" not in asked.content.decode()
    confirmed = client.post(
        "/accounts/two-factor/", {"password": DEMO_PASSWORD, "next": "/institutions/"}
    )
    assert confirmed["Location"] == "/accounts/two-factor/?next=%2Finstitutions%2F"
    page = client.get(confirmed["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__email="coordinator@leizu.demo", confirmed=False)
    ok = client.post("/accounts/two-factor/", {"token": _code(device), "next": "/institutions/"})
    assert ok.status_code == 302 and ok["Location"] == "/institutions/"
    assert client.get("/institutions/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_with_a_clear_message(world, settings):
    settings.DEMO_MODE = False
    client = Client()
    _login(client, "coordinator@leizu.demo")
    client.post("/accounts/two-factor/", {"password": DEMO_PASSWORD})
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user__email="coordinator@leizu.demo")
    wrong = "000000" if _code(device) != "000000" else "111111"
    client.cookies["leizu_language"] = "en"
    response = client.post("/accounts/two-factor/", {"token": wrong}, HTTP_ACCEPT_LANGUAGE="en")
    assert "The code is wrong or has expired." in response.content.decode()
    assert client.get("/institutions/").status_code == 302
    device.refresh_from_db()
    assert not device.confirmed


def test_students_need_no_second_factor_and_demo_mode_waives_it(world, settings):
    settings.DEMO_MODE = False
    student = Client()
    _login(student, "student@leizu.demo")
    assert student.get("/institutions/").status_code == 200
    settings.DEMO_MODE = True
    coordinator = Client()
    _login(coordinator, "coordinator@leizu.demo")
    assert coordinator.get("/institutions/").status_code == 200


def test_an_invitation_creates_an_account_with_its_membership(world, clients):
    kz1 = world["institutions"]["kz1"]
    response = clients["coordinator"].post(
        "/accounts/invitations/",
        {
            "email": "new.teacher@akzhol.example.kz",
            "institution": kz1.pk,
            "role": "teacher",
            "language": "ru",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/invitation/" in line)
    path = link[link.index("/accounts/") :].strip()
    visitor = Client()
    weak = visitor.post(path, {"display_name": "Жанар", "password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert not User.objects.filter(email="new.teacher@akzhol.example.kz").exists()
    good = visitor.post(
        path,
        {
            "display_name": "Жанар Сапарова",
            "password1": "Ters-Kaiyn-42",
            "password2": "Ters-Kaiyn-42",
        },
    )
    assert good.status_code == 302
    user = User.objects.get(email="new.teacher@akzhol.example.kz")
    assert user.preferred_language == "ru"
    assert Membership.objects.filter(user=user, institution=kz1, role="teacher").exists()
    assert Client().get(path).status_code == 404  # used once


def test_a_partner_staff_member_cannot_invite(clients):
    assert clients["partner_a"].get("/accounts/invitations/").status_code == 403


def test_api_tokens_are_shown_once_and_can_be_revoked(clients, world):
    client = clients["partner_a"]
    response = client.post("/accounts/tokens/", {"name": "reporting script"})
    body = response.content.decode()
    raw = body.split('data-testid="new-token">')[1].split("<")[0]
    assert raw.startswith("lz_")
    api = Client()
    assert (
        api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["email"]
        == "partner.kz@leizu.demo"
    )
    assert raw not in client.get("/accounts/tokens/").content.decode()
    token = world["users"]["partner_kz"].api_tokens.get()
    assert clients["partner_b"].post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
