"""What later capabilities made of a record, shown on the record's page: the agreements drafted
from a visit, and later the exchanges and joint schools that came from it, so that a reader
can follow one proposal to what it became.

An app registers ``(actor, obj) -> list[Related]`` for a model label ("visits.visit") in its
``AppConfig.ready`` (and, with ``register_offer``, what one may start from a record); core and the record's own app import no app above them. A provider runs a
fixed number of queries and returns only what the actor may see.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from leizu.core.access import Actor


@dataclass
class Related:
    text: str
    url: str
    note: str = ""


Provider = Callable[[Actor, Any], list[Related]]
_PROVIDERS: dict[str, list[Provider]] = {}
# What one may start from a record ("Draft an agreement" on a visit's proposal): same shape,
# the text being the action's label.
_OFFERS: dict[str, list[Provider]] = {}


def register(model_label: str, provider: Provider) -> None:
    providers = _PROVIDERS.setdefault(model_label, [])
    if provider not in providers:
        providers.append(provider)


def related_to(actor: Actor, obj: Any) -> list[Related]:
    found: list[Related] = []
    for provider in _PROVIDERS.get(obj._meta.label_lower, []):
        found.extend(provider(actor, obj))
    return found


def register_offer(model_label: str, provider: Provider) -> None:
    providers = _OFFERS.setdefault(model_label, [])
    if provider not in providers:
        providers.append(provider)


def offers_for(actor: Actor, obj: Any) -> list[Related]:
    found: list[Related] = []
    for provider in _OFFERS.get(obj._meta.label_lower, []):
        found.extend(provider(actor, obj))
    return found
