"""The home page's "what needs my attention" panels, filled by each capability.

An app registers a function ``(actor) -> list[Panel]`` in its ``AppConfig.ready``; the home page
shows the panels of every registered function, in registration order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from leizu.core.access import Actor


@dataclass
class Panel:
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)
    empty_text: str = ""
    link: str = ""
    link_text: str = ""
    figure: str = ""


_PROVIDERS: list[Callable[[Actor], list[Panel]]] = []


def register(provider: Callable[[Actor], list[Panel]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels_for(actor: Actor) -> list[Panel]:
    panels: list[Panel] = []
    for provider in _PROVIDERS:
        panels.extend(provider(actor))
    return panels
