"""The institution profile's timeline, filled by each capability (visits, agreements, …).

A provider is ``(actor, institution_id) -> list[Event]`` registered in ``AppConfig.ready``. It
must run a fixed number of queries whatever the number of events (the profile's query count
is asserted), and return only what the actor may see.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from leizu.core.access import Actor


@dataclass
class Event:
    date: datetime.date
    text: str
    url: str = ""
    kind: str = ""


_PROVIDERS: list[Callable[[Actor, int], list[Event]]] = []


def register(provider: Callable[[Actor, int], list[Event]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def events_for(actor: Actor, institution_id: int, limit: int = 50) -> list[Event]:
    events: list[Event] = []
    for provider in _PROVIDERS:
        events.extend(provider(actor, institution_id))
    return sorted(events, key=lambda e: e.date, reverse=True)[:limit]
