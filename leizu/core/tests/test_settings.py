"""Settings refuse an unsafe deployment at start-up (each case imports them in a fresh process)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

_IMPORT = "import django; from django.conf import settings; settings.SECRET_KEY"


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LEIZU_") and name != "PYTEST_VERSION"
    }
    return subprocess.run(
        [sys.executable, "-c", _IMPORT],
        env={**clean, "DJANGO_SETTINGS_MODULE": "leizu.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "mode", [{}, {"LEIZU_DEMO": "1"}, {"LEIZU_DEBUG": "1"}], ids=["plain", "demo", "debug"]
)
def test_https_without_a_secret_key_is_refused_even_in_demo_and_debug_mode(mode):
    started = _start(LEIZU_HTTPS="1", **mode)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "LEIZU_SECRET_KEY must be set" in started.stderr


def test_https_with_a_secret_key_starts_in_demo_mode():
    assert _start(LEIZU_HTTPS="1", LEIZU_DEMO="1", LEIZU_SECRET_KEY="k" * 50).returncode == 0


def test_the_development_key_still_serves_tests_and_plain_http():
    assert _start(LEIZU_HTTPS="1", LEIZU_TESTING="1").returncode == 0
    assert _start(LEIZU_DEMO="1").returncode == 0
