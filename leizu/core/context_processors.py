from typing import Any

from django.conf import settings
from django.http import HttpRequest

from leizu.core.access import actor_for


def leizu(request: HttpRequest) -> dict[str, Any]:
    return {
        "actor": actor_for(request),
        "demo_mode": settings.DEMO_MODE,
        "ui_languages": settings.LANGUAGES,
    }
