"""The one gate: a password without the second factor opens nothing but the way to it."""

import json

import pytest
from django.test import Client

from leizu.accounts.models import ApiToken, Invitation
from leizu.institutions.models import Institution


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/institutions/",
        "/visits/",
        "/talent/",
        "/audit/",
        "/about/",
        "/admin/",
        "/accounts/tokens/",
        "/accounts/invitations/",
    ],
)
def test_pages_send_a_pending_session_to_the_two_factor_step(pending, path):
    response = pending.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")


def test_a_pending_session_cannot_mint_an_api_token(pending, world):
    response = pending.post("/accounts/tokens/", {"name": "skip the second factor"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    assert not ApiToken.objects.filter(user=world["users"]["coordinator"]).exists()


def test_a_pending_admin_cannot_send_invitations(pending, world):
    before = Invitation.objects.count()
    response = pending.post(
        "/accounts/invitations/",
        {
            "email": "x@example.org",
            "institution": world["institutions"]["kz1"].pk,
            "role": "staff",
            "language": "ru",
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.count() == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/me", None),
        ("get", "/api/v1/institutions", None),
        ("get", "/api/v1/openapi.json", None),
        ("get", "/api/v1/docs", None),
        ("post", "/api/v1/institutions", {"kind": "company", "country": "KZ", "name": {"en": "X"}}),
    ],
)
def test_the_api_answers_401_in_its_error_shape_to_a_pending_session(pending, method, path, body):
    before = Institution.objects.count()
    call = getattr(pending, method)
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    response = call(path, **kwargs)
    assert response.status_code == 401
    assert response.json()["code"] == "two_factor_required"
    assert set(response.json()) == {"code", "message", "fields"}
    assert Institution.objects.count() == before


def test_a_pending_patch_changes_nothing(pending, world):
    kz1 = world["institutions"]["kz1"]
    response = pending.patch(
        f"/api/v1/institutions/{kz1.pk}",
        data=json.dumps({"version": kz1.version, "website": "https://evil.example"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    kz1.refresh_from_db()
    assert kz1.website != "https://evil.example"


def test_login_logout_the_step_and_language_stay_open(pending):
    assert pending.get("/accounts/two-factor/").status_code == 200
    assert pending.post("/language/", {"language": "ru", "next": "/"}).status_code == 302
    assert pending.get("/healthz").status_code == 200
    assert pending.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in pending.session


def test_a_token_made_by_a_verified_session_still_works_without_a_session(world, clients):
    response = clients["coordinator"].post("/accounts/tokens/", {"name": "script"})
    raw = response.content.decode().split('data-testid="new-token">')[1].split("<")[0]
    api = Client()
    me = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200
    assert me.json()["email"] == "coordinator@leizu.demo"
