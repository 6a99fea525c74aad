"""Schemathesis against the API's own OpenAPI document, through the WSGI application.

Every operation gets generated requests (boundary values and random data), sent in turn as the
host coordinator and as partner A staff, each with a personal API token. Each answer must not be a
server error, must use a status code the document lists for the operation, a documented content
type and a body that matches the documented schema. Each test runs in the rolled-back
transaction of the ``db`` fixture, so nothing it writes is left behind.

The suite keeps it short (10 generated requests an operation, valid and invalid ones); the
longer exploratory run adds the boundary values of every parameter: ``LEIZU_SCHEMATHESIS_EXAMPLES=50
LEIZU_SCHEMATHESIS_COVERAGE=all LEIZU_TESTING=1 .venv/bin/pytest tests/test_api_schema.py -n 2``.
"""

import itertools
import os
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from leizu.api import api

EXAMPLES = int(os.environ.get("LEIZU_SCHEMATHESIS_EXAMPLES", "10"))
# The boundary values of every parameter ("coverage", some thousands of requests) in the longer
# run only: LEIZU_SCHEMATHESIS_COVERAGE=all (or positive, negative).
COVERAGE_MODE = os.environ.get("LEIZU_SCHEMATHESIS_COVERAGE", "")
PHASES = [Phase.explicit, Phase.generate] if COVERAGE_MODE else [Phase.generate]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PERSONAS = {"coordinator": "coordinator", "partner_a": "partner_kz"}
_turns: dict[str, Any] = {}

config = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"generation": {"mode": COVERAGE_MODE or "all"}}}}
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=config
)
schema.app = WSGIHandler()


@pytest.fixture
def app_requests() -> Any:
    """Requests through the WSGI application keep the test's database connection open.

    Django closes the connection when a request ends; its test client switches that off, and
    so does this (else PostgreSQL loses the test's transaction after the first request).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world: dict[str, Any], app_requests: Any) -> dict[str, str]:
    from leizu.accounts.services import api_token_create

    return {
        persona: api_token_create(user=world["users"][key], name="schemathesis")[1]
        for persona, key in PERSONAS.items()
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=PHASES,
    suppress_health_check=list(HealthCheck),
)
def test_every_generated_request_gets_a_documented_answer(
    case: Any, tokens: dict[str, str]
) -> None:
    # Each request once, the personas taking turns: half the time of sending every one twice.
    persona = next(_turns.setdefault(case.operation.label, itertools.cycle(PERSONAS)))
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[persona]}"}, checks=CHECKS)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_no_two_api_schemas_share_a_component_name(client: Any, tokens: dict[str, str]) -> None:
    # Ninja files every schema under its class name and silently lets a later class of the same
    # name replace an earlier one, so the document would describe the wrong body.
    from ninja import Schema

    response = client.get(
        "/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {tokens['coordinator']}"
    )
    assert response.status_code == 200
    components = response.json()["components"]["schemas"]
    classes: dict[str, set[str]] = {}
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("leizu.") and cls.__name__ in components:
            classes.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: paths for name, paths in classes.items() if len(paths) > 1} == {}
    assert "field_code" in components["VisitNeedOut"]["properties"]
    assert "isced_f" in components["TalentNeedOut"]["properties"]
