"""What a test needs from the machine (a server, a tool, the data beside the repository).

Without it a developer's machine skips the test and says why; CI (``.ci/run`` sets ``CI`` and
provides all of it) fails it instead, so nothing skips there unseen.
"""

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing(what: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"CI needs {what}")
    pytest.skip(f"{what} is not here")
