"""Content-Security-Policy and Permissions-Policy on every page, and templates that keep to them."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from leizu.visits.models import Visit


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", ["/", "/institutions/", "visit"])
def test_html_pages_carry_a_strict_content_security_policy(coordinator, path):
    if path == "visit":
        path = Visit.objects.order_by("pk").first().get_absolute_url()
    response = coordinator.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    policy = _policy(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not [value for values in policy.values() for value in values if "unsafe" in value]


def test_the_login_page_carries_the_policies_for_anonymous_visitors(client, db):
    response = client.get("/accounts/login/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/healthz", "/api/v1/docs"])
def test_every_response_denies_powerful_browser_features(coordinator, path):
    permissions = coordinator.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_the_api_documentation_loads_swagger_from_our_own_static_files(coordinator):
    response = coordinator.get("/api/v1/docs")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "/static/ninja/swagger-ui-init.js" in body


_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
_EVENT_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.I)
_STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = [*base.glob("templates/**/*.html"), *base.glob("leizu/*/templates/**/*.html")]
    assert found
    return sorted(found)


def test_no_template_has_inline_script_event_handlers_or_style_attributes():
    problems = []
    for template in _templates():
        text = template.read_text(encoding="utf-8")
        name = template.relative_to(settings.BASE_DIR)
        problems += [f"{name}: inline script" for _ in _INLINE_SCRIPT.finditer(text)]
        problems += [f"{name}: <style> element" for _ in re.finditer(r"<style\b", text, re.I)]
        for tag in _TAG.findall(text):
            if _EVENT_HANDLER.search(tag):
                problems.append(f"{name}: event handler in {tag[:80]}")
            if _STYLE_ATTRIBUTE.search(tag):
                problems.append(f"{name}: style attribute in {tag[:80]}")
            if "javascript:" in tag.lower():
                problems.append(f"{name}: javascript: URL in {tag[:80]}")
    assert problems == []
