"""Building visits for tests, through the services (as a coordinator would)."""

import datetime
from typing import Any

from leizu.core.access import Actor
from leizu.core.multilingual import Multilingual
from leizu.visits import services
from leizu.visits.models import Visit


def at(visit: Visit, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A time of day in the time zone of the visit."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=visit.tzinfo())


def make_visit(
    world: dict[str, Any],
    by: Actor,
    *,
    host: str = "host",
    guests: tuple[str, ...] = ("uz1",),
    accompanying: tuple[str, ...] = (),
    direction: str = "incoming",
    start: datetime.date = datetime.date(2026, 6, 1),
    days: int = 2,
    title: str = "Test visit",
    **data: Any,
) -> Visit:
    institutions = world["institutions"]
    return services.visit_create(
        by=by,
        data={
            "direction": direction,
            "title": Multilingual({"en": title}),
            "start_date": start,
            "end_date": start + datetime.timedelta(days=days - 1),
            "host": institutions[host],
            **data,
        },
        guests=[institutions[k] for k in guests],
        accompanying=[institutions[k] for k in accompanying],
    )
