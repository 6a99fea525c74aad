"""Every URL pattern and every API operation against every persona.

A URL or API operation missing from the matrix fails the suite: adding a page means stating who
may open it. Objects are always those of partner B (an Uzbek technical school), so partner A and
the students must get 404 for them, never a 403 that confirms they exist, and the object must
stay unchanged when they try to write to it.

Reads share one world of objects. Every write (each API operation but GET, and each POST-only
page) runs once per persona inside its own savepoint, rolled back afterwards, so each persona
writes to the objects as they were built and one persona's refusal never depends on what another
persona's write did first; a refused write leaves no audit entry behind, and an accepted one
leaves at least one (every change is audited).
"""

import importlib
import json
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import PERSONA_USERS, PERSONAS
from leizu.accounts.access import OPEN_BEFORE_SECOND_FACTOR
from leizu.core.models import AuditEntry, WorkbookImport
from leizu.institutions.models import Institution, OrgUnit, Person
from tests.matrix import (
    ALL,
    API_PARTNER_B_OBJECT,
    API_PARTNER_B_WRITE,
    API_SIGNED_IN,
    NETWORK_MANAGER,
    OPEN,
    PARTNER_B_OBJECT,
    SIGNED_IN,
    expect,
)


def build_targets(world: dict[str, Any], actors: dict[str, Any]) -> dict[str, Any]:
    """Partner B's objects (and the student's own API token), with those of every app's part
    of the matrix."""
    from leizu.accounts.services import api_token_create
    from leizu.core.tests.test_files import PNG
    from leizu.institutions.services import institution_set_logo

    uz1 = world["institutions"]["uz1"]
    institution_set_logo(
        institution=uz1, by=actors["partner_b"], upload=SimpleUploadedFile("logo.png", PNG)
    )
    uz1.refresh_from_db()
    # The student's own record: the student owner reaches it, the other student does not.
    token, _raw = api_token_create(user=world["users"]["student"], name="matrix")
    result = {
        "institution": uz1,
        "unit": OrgUnit.objects.filter(institution=uz1).first(),
        "person": Person.objects.filter(institution=uz1).first(),
        "token": token,
        # An import follows its uploader only: partner B's, which nobody else reaches.
        "workbook_import": WorkbookImport.objects.create(
            kind="institutions",
            created_by=world["users"][PERSONA_USERS["partner_b"]],
            file_path="workbook-imports/matrix",
            original_name="matrix.xlsx",
            status="done",
        ),
    }
    for module in APP_MATRICES:
        result.update(module.make_targets(world, actors, result))
    return result


@pytest.fixture(scope="module")
def targets(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Partner B's objects, built once for the module inside a transaction that is rolled back
    when the module ends (as Django's ``TestCase.setUpTestData`` does): each test runs in a
    savepoint inside it, so what a test writes is undone and the next test meets the same
    objects."""
    from conftest import _build_world, _load_world
    from leizu.core.access import actor_for_user

    with django_db_blocker.unblock(), transaction.atomic():
        world = _load_world()
        if world is None:  # a live-server test emptied the database before this module
            _build_world()
            world = _load_world()
        assert world is not None
        actors = {"anonymous": actor_for_user(None)}
        actors.update(
            {persona: actor_for_user(world["users"][key]) for persona, key in PERSONA_USERS.items()}
        )
        yield build_targets(world, actors)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def signed_in(targets: Any, django_db_blocker: Any) -> dict[str, str]:
    """Each persona's session (its key), signed in once for the module inside the module's
    rolled-back transaction, as ``targets`` is built: signing seven personas in again for each
    of some 200 tests was a tenth of the module's time."""
    from django.conf import settings

    from conftest import _load_world, persona_clients

    with django_db_blocker.unblock():
        signed = persona_clients(_load_world())
    return {
        persona: client.cookies[settings.SESSION_COOKIE_NAME].value
        for persona, client in signed.items()
        if persona != "anonymous"
    }


@pytest.fixture
def clients(signed_in: dict[str, str], world: Any) -> dict[str, Any]:
    """A fresh client per persona for each test, carrying the module's session of that persona:
    what a request changes in a session is undone with the test's savepoint, and cookies a
    response sets (a language, a logout) stay with the test's own client."""
    from django.conf import settings
    from django.test import Client

    result = {"anonymous": Client()}
    for persona, session_key in signed_in.items():
        result[persona] = Client()
        result[persona].cookies[settings.SESSION_COOKIE_NAME] = session_key
    return result


@contextmanager
def rolled_back() -> Any:
    """A savepoint undone when the block ends: the next persona meets the objects unchanged."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# name → (path builder, expected GET status per persona)
PAGES: dict[str, tuple[Callable[[dict[str, Any]], str], dict[str, int]]] = {
    "core:home": (lambda t: "/", SIGNED_IN),
    "core:about": (lambda t: "/about/", ALL),
    "healthz": (lambda t: "/healthz", OPEN),
    "core:audit_log": (lambda t: "/audit/", SIGNED_IN),
    "core:import_job": (
        lambda t: f"/imports/{t['workbook_import'].pk}/",
        expect(302, 404, 404, 200, 404, 404),
    ),
    "core:import_job_progress": (
        lambda t: f"/imports/{t['workbook_import'].pk}/progress/",
        expect(302, 404, 404, 200, 404, 404),
    ),
    "core:set_language": (
        lambda t: "/language/",
        expect(405, 405, 405, 405, 405, 405, pending=405),
    ),
    "accounts:login": (lambda t: "/accounts/login/", expect(200, 302, 302, 302, 302, 302)),
    "accounts:logout": (
        lambda t: "/accounts/logout/",
        expect(405, 405, 405, 405, 405, 405, pending=405),
    ),
    "accounts:two_factor": (
        lambda t: "/accounts/two-factor/",
        expect(302, 200, 200, 200, 200, 200, pending=200),
    ),
    "accounts:invitations": (lambda t: "/accounts/invitations/", NETWORK_MANAGER),
    "accounts:accept": (
        lambda t: "/accounts/invitation/not-a-token/",
        expect(404, 404, 404, 404, 404, 404),
    ),
    "accounts:tokens": (lambda t: "/accounts/tokens/", SIGNED_IN),
    "accounts:token_revoke": (
        lambda t: f"/accounts/tokens/{t['token'].pk}/revoke/",
        expect(302, 405, 405, 405, 405, 405),
    ),
    "accounts:password_change": (lambda t: "/accounts/password/", SIGNED_IN),
    "accounts:password_change_done": (lambda t: "/accounts/password/changed/", SIGNED_IN),
    "accounts:password_reset": (lambda t: "/accounts/password/reset/", OPEN),
    "accounts:password_reset_done": (lambda t: "/accounts/password/reset/sent/", OPEN),
    "accounts:password_reset_confirm": (lambda t: "/accounts/password/reset/x/y/", OPEN),
    "accounts:password_reset_complete": (lambda t: "/accounts/password/reset/done/", OPEN),
    "institutions:directory": (lambda t: "/institutions/", SIGNED_IN),
    "institutions:create": (lambda t: "/institutions/new/", NETWORK_MANAGER),
    "institutions:create_quick": (lambda t: "/institutions/new/quick/", NETWORK_MANAGER),
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
    "institutions:logo": (lambda t: f"/institutions/{t['institution'].pk}/logo/", PARTNER_B_OBJECT),
    "admin": (lambda t: "/admin/", expect(302, 302, 302, 302, 302, 302)),
    "api:openapi-json": (lambda t: "/api/v1/openapi.json", ALL | {"pending": 401}),
    "api:openapi-view": (lambda t: "/api/v1/docs", ALL | {"pending": 401}),
}


# POST-only pages: name → (path builder, form data or a builder of it, expected status per
# persona). Each persona posts to its own fresh copy of the objects.
POSTS: dict[str, tuple[Callable[[dict[str, Any]], str], Any, dict[str, int]]] = {
    "core:set_language": (
        lambda t: "/language/",
        {"language": "ru", "next": "/"},
        expect(302, 302, 302, 302, 302, 302, pending=302),
    ),
    "accounts:logout": (
        lambda t: "/accounts/logout/",
        {},
        expect(302, 302, 302, 302, 302, 302, pending=302),
    ),
    # The student's own token: only its owner revokes it.
    "accounts:token_revoke": (
        lambda t: f"/accounts/tokens/{t['token'].pk}/revoke/",
        {},
        expect(302, 404, 404, 404, 302, 404),
    ),
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
# API operations that write with POST but change nothing (they compute an answer).
READ_ONLY_POSTS: set[tuple[str, str]] = set()
for _app in ("visits", "talent", "agreements", "exchanges", "programmes", "jointschools"):
    try:
        APP_MATRICES.append(importlib.import_module(f"leizu.{_app}.tests.access"))
    except ModuleNotFoundError as exc:
        if exc.name not in (f"leizu.{_app}", f"leizu.{_app}.tests", f"leizu.{_app}.tests.access"):
            raise
for _module in APP_MATRICES:
    PAGES.update(_module.PAGES)
    API.update(_module.API)
    POSTS.update(getattr(_module, "POSTS", {}))
    READ_ONLY_POSTS.update(getattr(_module, "READ_ONLY_POSTS", set()))


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


# Pages that stay open before the second factor answer a pending session themselves.
_GATE_OPEN = OPEN_BEFORE_SECOND_FACTOR
_REFUSED = {401, 403, 404, 405}


def _refused(persona: str, name: str, response: Any) -> bool:
    """Whether the write was turned away before doing anything."""
    if response.status_code in _REFUSED:
        return True
    return (
        response.status_code == 302
        and persona in ("anonymous", "pending")
        and name not in _GATE_OPEN
    )


def _check_gate(persona: str, name: str, response: Any) -> None:
    if persona == "pending" and name not in _GATE_OPEN:
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/two-factor/"), name
        elif response.status_code == 401:
            assert response.json()["code"] == "two_factor_required", name


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name, clients, targets):
    build, expected = PAGES[name]
    url = build(targets)
    got = {}
    for persona in PERSONAS:
        response = clients[persona].get(url)
        _check_gate(persona, name, response)
        got[persona] = response.status_code
    assert got == expected, url


def test_every_post_only_page_is_posted_by_every_persona():
    posts = set(POSTS)
    post_only = {name for name, (_b, expected) in PAGES.items() if expected["coordinator"] == 405}
    assert post_only == posts, f"POST-only pages without a write row: {sorted(post_only - posts)}"


@pytest.mark.parametrize("name", sorted(POSTS))
def test_post_only_page_writes(name, clients, targets):
    build, data, expected = POSTS[name]
    fresh = targets
    got = {}
    for persona in PERSONAS:
        with rolled_back():
            before = AuditEntry.objects.count()
            response = clients[persona].post(build(fresh), data(fresh) if callable(data) else data)
            got[persona] = response.status_code
            _check_gate(persona, name, response)
            written = AuditEntry.objects.count() - before
            if _refused(persona, name, response):
                assert written == 0, f"{name}: {persona} was refused but something was written"
    assert got == expected, name


def _call(client: Any, method: str, url: str, body: Any) -> Any:
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "operation",
    sorted(op for op in API if op[0] == "get"),
    ids=lambda op: f"{op[0]} {op[1]}",
)
def test_api_read_access(operation, clients, targets):
    build, body, expected = API[operation]
    url = build(targets)
    got = {}
    for persona in PERSONAS:
        response = _call(clients[persona], operation[0], url, body)
        got[persona] = response.status_code
        if response.status_code >= 400:
            assert set(response.json()) == {"code", "message", "fields"}
        _check_gate(persona, "api", response)
    assert got == expected, url


@pytest.mark.parametrize(
    "operation",
    sorted(op for op in API if op[0] != "get"),
    ids=lambda op: f"{op[0]} {op[1]}",
)
def test_api_write_access(operation, clients, targets):
    build, body, expected = API[operation]
    fresh = targets
    got = {}
    for persona in PERSONAS:
        with rolled_back():
            before = AuditEntry.objects.count()
            response = _call(clients[persona], operation[0], build(fresh), body)
            got[persona] = response.status_code
            if response.status_code >= 400:
                assert set(response.json()) == {"code", "message", "fields"}
            _check_gate(persona, "api", response)
            written = AuditEntry.objects.count() - before
            if response.status_code in _REFUSED:
                assert written == 0, f"{operation}: {persona} was refused but something was written"
            if response.status_code in (200, 201, 204) and operation not in READ_ONLY_POSTS:
                assert written > 0, f"{operation}: {persona} succeeded without an audited change"
    assert got == expected, operation


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
    for persona in ("coordinator", "partner_a", "other_student"):
        assert (
            clients[persona].post(f"/accounts/tokens/{targets['token'].pk}/revoke/").status_code
            == 404
        )
    targets["token"].refresh_from_db()
    assert targets["token"].revoked_at is None
