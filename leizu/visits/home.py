"""What the visits capability shows on the home page and on institution profiles."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.home import Panel
from leizu.core.timeline import Event
from leizu.visits import access, selectors


def _sees_visits(actor: Actor) -> bool:
    return actor.is_operator or bool(actor.roles() & access.VISIT_READ_ROLES)


def _dates(visit) -> str:  # type: ignore[no-untyped-def]
    first = formats.date_format(visit.start_date, "SHORT_DATE_FORMAT")
    if visit.end_date == visit.start_date:
        return first
    return f"{first} – {formats.date_format(visit.end_date, 'SHORT_DATE_FORMAT')}"


def home_panels(actor: Actor) -> list[Panel]:
    """Upcoming visits and overdue follow-up actions, for staff of a party."""
    if not actor.is_authenticated or not _sees_visits(actor):
        return []
    today = timezone.localdate()
    upcoming = selectors.upcoming_visits(actor=actor, today=today)
    overdue_qs = selectors.overdue_actions(actor=actor, today=today)
    overdue = list(overdue_qs[:6])
    panels = [
        Panel(
            title=_("Upcoming visits"),
            items=[
                {
                    "text": str(visit),
                    "url": visit.get_absolute_url(),
                    "note": f"{_dates(visit)} · {visit.get_status_display()}",
                }
                for visit in upcoming
            ],
            empty_text=_("No visits are planned."),
            link=reverse("visits:list"),
            link_text=_("All visits"),
        ),
        Panel(
            title=_("Overdue follow-up actions"),
            figure=str(overdue_qs.count()) if overdue else "",
            items=[
                {
                    "text": str(action),
                    "url": action.visit.get_absolute_url() + "#actions",
                    "note": _("due %(date)s")
                    % {"date": formats.date_format(action.due_date or today, "SHORT_DATE_FORMAT")},
                }
                for action in overdue
            ],
            empty_text=_("No action is overdue."),
            link=reverse("visits:board") + "?scope=overdue",
            link_text=_("Open the action board"),
        ),
    ]
    return panels


def timeline_events(actor: Actor, institution_id: int) -> list[Event]:
    """The visits an institution took part in, as the actor may see them (one query)."""
    events = []
    for visit in selectors.visits_of_institution(actor=actor, institution_id=institution_id):
        if visit.host_id == institution_id:
            text = _("Hosted the visit: %(title)s") % {"title": visit}
        else:
            text = _("Took part in the visit: %(title)s") % {"title": visit}
        events.append(
            Event(date=visit.start_date, text=text, url=visit.get_absolute_url(), kind="visit")
        )
    return events
