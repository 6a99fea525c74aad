"""Shared personas and the demo world for every test.

Personas (as in the access matrix): anonymous, host coordinator, partner A staff (a Kazakh
college), partner B staff (an Uzbek technical school), a student of the host (the "student
owner" of their own records) and another student (of partner A).
"""

from typing import Any

import pytest
from django.test import Client

from leizu.core.access import Actor, actor_for_user

PERSONAS = ["anonymous", "coordinator", "partner_a", "partner_b", "student", "other_student"]
_PERSONA_USERS = {
    "coordinator": "coordinator",
    "partner_a": "partner_kz",
    "partner_b": "partner_uz",
    "student": "student",
    "other_student": "student_kz",
}


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    """The demo world: institutions by key, users by key, and the operator actor."""
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
    return context


@pytest.fixture
def actors(world: dict[str, Any]) -> dict[str, Actor]:
    result = {"anonymous": actor_for_user(None)}
    for persona, key in _PERSONA_USERS.items():
        result[persona] = actor_for_user(world["users"][key])
    return result


@pytest.fixture
def clients(world: dict[str, Any]) -> dict[str, Client]:
    result = {"anonymous": Client()}
    for persona, key in _PERSONA_USERS.items():
        result[persona] = login_client(world["users"][key])
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
