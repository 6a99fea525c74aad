"""Engine tests are plain pytest: no Django, no database."""

import pytest

from leizu.talent.engine import Classifier, get_classifier


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return get_classifier()
