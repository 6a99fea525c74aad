import pytest
from django.test import Client

from leizu.accounts.demo import DEMO_PASSWORD


@pytest.fixture
def pending(world, settings) -> Client:
    """The coordinator, signed in with the password only, outside demo mode (no second factor)."""
    settings.DEMO_MODE = False
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "coordinator@leizu.demo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    return client
