"""Shared personas and the demo world for every test.

Personas (as in the access matrix): anonymous, a staff session with the password but not yet
the second factor ("pending": the host coordinator signed in without the TOTP code), host
coordinator, partner A staff (a Kazakh college), partner B staff (an Uzbek technical school), a
student of the host (the "student owner" of their own records) and another student (of
partner A).
"""

from typing import Any

import pytest
from django.test import Client

from leizu.core.access import Actor, actor_for_user

PERSONAS = [
    "anonymous",
    "pending",
    "coordinator",
    "partner_a",
    "partner_b",
    "student",
    "other_student",
]
PERSONA_USERS = {
    "coordinator": "coordinator",
    "partner_a": "partner_kz",
    "partner_b": "partner_uz",
    "student": "student",
    "other_student": "student_kz",
}


def _build_world() -> None:
    from django.contrib.auth import get_user_model

    from leizu.accounts.demo import build_users
    from leizu.core import demo
    from leizu.institutions.demo import build_network

    operator = get_user_model().objects.create_superuser("operator@leizu.demo", "x" * 12)
    context: dict[str, Any] = {"operator": actor_for_user(operator)}
    context["institutions"] = build_network(by=context["operator"])
    build_users(context)
    for _name, step in demo.steps():
        step(context)


def _load_world() -> dict[str, Any] | None:
    from django.contrib.auth import get_user_model

    from leizu.accounts.demo import DEMO_USERS
    from leizu.institutions.demo import INSTITUTIONS
    from leizu.institutions.models import Institution

    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@leizu.demo")}
    if "operator@leizu.demo" not in users:
        return None
    # Each institution by its national id, as institution_by_key finds it, in one query.
    keys = {
        (s["country"], s["national_id_scheme"], s["national_id"]): s["key"] for s in INSTITUTIONS
    }
    rows = {
        (row.country, row.national_id_scheme, row.national_id): row
        for row in Institution.objects.filter(national_id__in=[k[2] for k in keys])
    }
    return {
        "operator": actor_for_user(users["operator@leizu.demo"]),
        "institutions": {key: rows[national_id] for national_id, key in keys.items()},
        "users": {
            "operator": users["operator@leizu.demo"],
            **{key: users[email] for key, email, *_rest in DEMO_USERS},
        },
    }


# A test that asks for none of these, not even through its fixtures, cannot reach a database
# (pytest-django refuses it); django_db_setup is what a fixture asks for to open the database
# itself (with django_db_blocker.unblock()).
DATABASE_FIXTURES = {
    "django_db_setup",
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``database_free`` the tests that touch no database: they run the same in both
    passes of tools/testrun.py, so the PostgreSQL pass leaves them out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if not fixtures & DATABASE_FIXTURES and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.database_free)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the default language: Django's locale middleware leaves the language
    of the last request active in the thread, and a test run after it would inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Build the demo world once per test database; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        _build_world()


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    """The demo world: institutions by key, users by key, and the operator actor."""
    loaded = _load_world()
    if loaded is None:
        # A live-server test (transactional) emptied the database before this one: rebuild.
        _build_world()
        loaded = _load_world()
    assert loaded is not None
    return loaded


@pytest.fixture
def actors(world: dict[str, Any]) -> dict[str, Actor]:
    result = {"anonymous": actor_for_user(None)}
    for persona, key in PERSONA_USERS.items():
        result[persona] = actor_for_user(world["users"][key])
    return result


@pytest.fixture
def clients(world: dict[str, Any]) -> dict[str, Client]:
    return persona_clients(world)


def persona_clients(world: dict[str, Any]) -> dict[str, Client]:
    """A client per persona, signed in as the persona is (the pending one without its code)."""
    result = {"anonymous": Client()}
    for persona, key in PERSONA_USERS.items():
        result[persona] = login_client(world["users"][key])
    result["pending"] = Client()
    result["pending"].force_login(
        world["users"]["coordinator"], backend="django.contrib.auth.backends.ModelBackend"
    )
    return result


def login_client(user: Any) -> Client:
    """A client logged in as ``user``, with a confirmed authenticator when the role needs one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if actor_for_user(user).needs_two_factor():
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def coordinator(clients: dict[str, Client]) -> Client:
    return clients["coordinator"]
