"""Every URL pattern and every API operation against every persona.

A URL or API operation missing from the matrix fails the suite: adding a page means stating who
may open it. Objects are always those of partner B (an Uzbek technical school), so partner A and
the students must get 404 for them, never a 403 that confirms they exist, and the object must
stay unchanged when they try to write to it.
"""

import importlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import PERSONAS
from leizu.institutions.models import Institution, OrgUnit, Person
from tests.matrix import (
    ALL,
    API_PARTNER_B_OBJECT,
    API_PARTNER_B_WRITE,
    API_SIGNED_IN,
    NETWORK_MANAGER,
    NOT_ALLOWED_METHOD,
    PARTNER_B_OBJECT,
    SIGNED_IN,
    expect,
)


@pytest.fixture
def targets(world, actors) -> dict[str, Any]:
    from leizu.accounts.services import api_token_create
    from leizu.core.tests.test_files import PNG
    from leizu.institutions.services import institution_set_logo

    uz1 = world["institutions"]["uz1"]
    institution_set_logo(
        institution=uz1, by=actors["partner_b"], upload=SimpleUploadedFile("logo.png", PNG)
    )
    uz1.refresh_from_db()
    token, _raw = api_token_create(user=world["users"]["partner_uz"], name="matrix")
    result = {
        "institution": uz1,
        "unit": OrgUnit.objects.filter(institution=uz1).first(),
        "person": Person.objects.filter(institution=uz1).first(),
        "file": uz1.logo,
        "token": token,
    }
    for module in APP_MATRICES:
        result.update(module.make_targets(world, actors, result))
    return result


# name → (path builder, expected GET status per persona)
PAGES: dict[str, tuple[Callable[[dict[str, Any]], str], dict[str, int]]] = {
    "core:home": (lambda t: "/", SIGNED_IN),
    "core:about": (lambda t: "/about/", ALL),
    "healthz": (lambda t: "/healthz", ALL),
    "core:file_download": (lambda t: f"/files/{t['file'].pk}/", PARTNER_B_OBJECT),
    "core:audit_log": (lambda t: "/audit/", SIGNED_IN),
    "core:set_language": (lambda t: "/language/", NOT_ALLOWED_METHOD),
    "accounts:login": (lambda t: "/accounts/login/", expect(200, 302, 302, 302, 302, 302)),
    "accounts:logout": (lambda t: "/accounts/logout/", NOT_ALLOWED_METHOD),
    "accounts:two_factor": (lambda t: "/accounts/two-factor/", SIGNED_IN),
    "accounts:invitations": (lambda t: "/accounts/invitations/", NETWORK_MANAGER),
    "accounts:accept": (
        lambda t: "/accounts/invitation/not-a-token/",
        dict.fromkeys(PERSONAS, 404),
    ),
    "accounts:tokens": (lambda t: "/accounts/tokens/", SIGNED_IN),
    "accounts:token_revoke": (
        lambda t: f"/accounts/tokens/{t['token'].pk}/revoke/",
        expect(302, 405, 405, 405, 405, 405),
    ),
    "institutions:directory": (lambda t: "/institutions/", SIGNED_IN),
    "institutions:create": (lambda t: "/institutions/new/", NETWORK_MANAGER),
    "institutions:export": (lambda t: "/institutions/export.xlsx", SIGNED_IN),
    "institutions:import": (lambda t: "/institutions/import/", NETWORK_MANAGER),
    "institutions:people": (lambda t: "/institutions/people/", SIGNED_IN),
    "institutions:detail": (lambda t: f"/institutions/{t['institution'].pk}/", PARTNER_B_OBJECT),
    "institutions:edit": (lambda t: f"/institutions/{t['institution'].pk}/edit/", PARTNER_B_OBJECT),
    "institutions:unit_create": (
        lambda t: f"/institutions/{t['institution'].pk}/units/new/",
        PARTNER_B_OBJECT,
    ),
    "institutions:person_create": (
        lambda t: f"/institutions/{t['institution'].pk}/people/new/",
        PARTNER_B_OBJECT,
    ),
    "institutions:unit_edit": (
        lambda t: f"/institutions/units/{t['unit'].pk}/edit/",
        PARTNER_B_OBJECT,
    ),
    "institutions:person_edit": (
        lambda t: f"/institutions/people/{t['person'].pk}/edit/",
        PARTNER_B_OBJECT,
    ),
    "admin": (lambda t: "/admin/", dict.fromkeys(PERSONAS, 302)),
    "api:openapi-json": (lambda t: "/api/v1/openapi.json", ALL),
    "api:openapi-view": (lambda t: "/api/v1/docs", ALL),
}


# (method, OpenAPI path) → (concrete path, JSON body, expected status per persona)
API: dict[tuple[str, str], tuple[Callable[[dict[str, Any]], str], Any, dict[str, int]]] = {
    ("get", "/api/v1/me"): (lambda t: "/api/v1/me", None, API_SIGNED_IN),
    ("get", "/api/v1/institutions"): (lambda t: "/api/v1/institutions", None, API_SIGNED_IN),
    ("post", "/api/v1/institutions"): (
        lambda t: "/api/v1/institutions",
        {"kind": "company", "country": "KZ", "name": {"en": "Matrix LLP"}},
        expect(401, 201, 403, 403, 403, 403),
    ),
    ("get", "/api/v1/institutions/{institution_id}"): (
        lambda t: f"/api/v1/institutions/{t['institution'].pk}",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("patch", "/api/v1/institutions/{institution_id}"): (
        lambda t: f"/api/v1/institutions/{t['institution'].pk}",
        {"version": 999, "website": "https://changed.example"},
        expect(401, 409, 404, 409, 404, 404),
    ),
    ("get", "/api/v1/institutions/{institution_id}/units"): (
        lambda t: f"/api/v1/institutions/{t['institution'].pk}/units",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("post", "/api/v1/institutions/{institution_id}/units"): (
        lambda t: f"/api/v1/institutions/{t['institution'].pk}/units",
        {"kind": "office", "name": {"en": "Matrix office"}},
        API_PARTNER_B_WRITE,
    ),
    ("get", "/api/v1/units/{unit_id}"): (
        lambda t: f"/api/v1/units/{t['unit'].pk}",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("patch", "/api/v1/units/{unit_id}"): (
        lambda t: f"/api/v1/units/{t['unit'].pk}",
        {"version": 999, "code": "X"},
        expect(401, 409, 404, 409, 404, 404),
    ),
    ("get", "/api/v1/people"): (lambda t: "/api/v1/people", None, API_SIGNED_IN),
    ("post", "/api/v1/institutions/{institution_id}/people"): (
        lambda t: f"/api/v1/institutions/{t['institution'].pk}/people",
        {"family_name": "Matritsa", "name_script": "Latn"},
        API_PARTNER_B_WRITE,
    ),
    ("get", "/api/v1/people/{person_id}"): (
        lambda t: f"/api/v1/people/{t['person'].pk}",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("patch", "/api/v1/people/{person_id}"): (
        lambda t: f"/api/v1/people/{t['person'].pk}",
        {"version": 999, "phone": "+998"},
        expect(401, 409, 404, 409, 404, 404),
    ),
}


# Each later app keeps its part of the matrix in leizu/<app>/tests/access.py: PAGES and API in
# the shapes above, and make_targets(world, actors, targets) -> dict of its partner B objects.
APP_MATRICES = []
for _app in ("visits", "talent", "agreements", "exchanges", "programmes", "jointschools"):
    try:
        APP_MATRICES.append(importlib.import_module(f"leizu.{_app}.tests.access"))
    except ModuleNotFoundError as exc:
        if exc.name not in (f"leizu.{_app}", f"leizu.{_app}.tests", f"leizu.{_app}.tests.access"):
            raise
for _module in APP_MATRICES:
    PAGES.update(_module.PAGES)
    API.update(_module.API)


def _walk(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                names.append("admin")
                continue
            ns = entry.namespace or ""
            names += _walk(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            names.append(
                f"{namespace}{entry.name}" if entry.name else f"{namespace}{entry.pattern}"
            )
    return names


def test_every_url_pattern_is_in_the_matrix(db):
    from leizu.api import api

    operation_names = set()
    for router_path in api._get_urls():
        operation_names.add(f"api:{router_path.name}")
    pages = {n for n in _walk(get_resolver()) if n not in operation_names or n in PAGES}
    missing = sorted(pages - set(PAGES))
    assert not missing, f"URL patterns missing from the access matrix: {missing}"


def test_every_api_operation_is_in_the_matrix(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    operations = {(method, path) for path, methods in doc["paths"].items() for method in methods}
    missing = sorted(operations - set(API))
    assert not missing, f"API operations missing from the access matrix: {missing}"
    assert not set(API) - operations, "the matrix lists operations that no longer exist"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name, clients, targets):
    build, expected = PAGES[name]
    url = build(targets)
    got = {persona: clients[persona].get(url).status_code for persona in PERSONAS}
    assert got == expected, url


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_access(operation, clients, targets):
    build, body, expected = API[operation]
    method, _path = operation
    url = build(targets)
    got = {}
    for persona in PERSONAS:
        call = getattr(clients[persona], method)
        if body is None:
            response = call(url)
        else:
            response = call(url, data=json.dumps(body), content_type="application/json")
        got[persona] = response.status_code
        if response.status_code >= 400:
            assert set(response.json()) == {"code", "message", "fields"}
    assert got == expected, url


@pytest.mark.parametrize(
    "name",
    [
        "institutions:edit",
        "institutions:unit_create",
        "institutions:person_create",
        "institutions:unit_edit",
        "institutions:person_edit",
    ],
)
def test_writes_to_another_partners_objects_are_404_and_change_nothing(name, clients, targets):
    build, _expected = PAGES[name]
    url = build(targets)
    before = (
        Institution.objects.filter(pk=targets["institution"].pk).values().get(),
        OrgUnit.objects.count(),
        Person.objects.count(),
        list(Person.objects.filter(pk=targets["person"].pk).values()),
        list(OrgUnit.objects.filter(pk=targets["unit"].pk).values()),
    )
    data = {
        "version": 1,
        "kind": "office",
        "name_en": "Hijacked",
        "family_name": "Hijacked",
        "name_script": "Latn",
        "country": "KZ",
    }
    for persona in ("partner_a", "student", "other_student"):
        assert clients[persona].post(url, data).status_code == 404
    after = (
        Institution.objects.filter(pk=targets["institution"].pk).values().get(),
        OrgUnit.objects.count(),
        Person.objects.count(),
        list(Person.objects.filter(pk=targets["person"].pk).values()),
        list(OrgUnit.objects.filter(pk=targets["unit"].pk).values()),
    )
    assert before == after


def test_a_token_cannot_be_revoked_by_somebody_else(clients, targets):
    for persona in ("coordinator", "partner_a", "student"):
        assert (
            clients[persona].post(f"/accounts/tokens/{targets['token'].pk}/revoke/").status_code
            == 404
        )
    targets["token"].refresh_from_db()
    assert targets["token"].revoked_at is None
