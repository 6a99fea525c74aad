"""One safe-redirect rule: a ``next`` that leaves the site is never followed."""

import pytest
from django.test import RequestFactory

from leizu.core.redirects import safe_next
from leizu.visits import services
from leizu.visits.tests.helpers import make_visit

OFFSITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    " https://evil.example",
]


@pytest.mark.parametrize("target", OFFSITE)
def test_a_next_that_leaves_the_site_falls_back_to_the_default(target):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/home/") == "/home/"


def test_a_path_on_the_site_is_followed():
    request = RequestFactory().get("/", {"next": "/visits/3/#actions"})
    assert safe_next(request) == "/visits/3/#actions"


@pytest.mark.parametrize("target", OFFSITE)
def test_marking_an_action_done_never_redirects_off_site(world, actors, clients, target):
    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    action = services.action_create(
        visit=visit, by=actors["coordinator"], data={"description": {"en": "Send the draft"}}
    )
    response = clients["coordinator"].post(
        f"/visits/actions/{action.pk}/status/",
        {"status": "done", "version": action.version, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/visits/{visit.pk}/")


@pytest.mark.parametrize("target", OFFSITE)
def test_the_two_factor_step_never_redirects_off_site(world, clients, target):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=world["users"]["coordinator"], confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = clients["coordinator"].post("/accounts/two-factor/", {"token": code, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
