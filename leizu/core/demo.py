"""Registry of demo steps: each capability adds its part of the demo world.

A step is ``(context) -> None``; ``context`` holds what earlier steps made (``institutions``
by key, ``users`` by key, ``operator`` as an Actor). Steps must be idempotent.
"""

from collections.abc import Callable
from typing import Any

DemoStep = Callable[[dict[str, Any]], None]
_STEPS: list[tuple[int, str, DemoStep]] = []


def register(order: int, name: str, step: DemoStep) -> None:
    if all(existing != name for _o, existing, _s in _STEPS):
        _STEPS.append((order, name, step))


def steps() -> list[tuple[str, DemoStep]]:
    return [(name, step) for _o, name, step in sorted(_STEPS, key=lambda s: (s[0], s[1]))]
