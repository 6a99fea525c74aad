"""The demo visits, the institution timeline, the home panels and the itinerary documents."""

import pytest
from django.core.management import call_command
from icalendar import Calendar

from leizu.core.models import AuditEntry
from leizu.visits.models import Participant, Visit, VisitReport


def _past(world) -> Visit:
    return Visit.objects.get(title__en__startswith="Visit of college presidents")


def test_the_demo_has_a_past_visit_of_two_presidents_and_a_planned_trip(world):
    past = _past(world)
    assert past.direction == "incoming" and past.status == "reported"
    heads = Participant.objects.filter(visit=past, role="head").select_related("institution")
    assert {p.institution.country for p in heads} == {"KZ", "UZ"}
    assert past.parties.get(side="accompanying").institution == world["institutions"]["institute"]
    assert {i.venue_unit.code for i in past.agenda_items.filter(kind="facility_tour")} == {
        "TNM",
        "HER",
    }
    assert (
        past.agenda_items.filter(kind="meeting").exists()
        and past.statements.filter(kind="speech").count() == 4
    )
    assert past.statements.filter(kind="impression").count() == 1
    assert past.needs.count() == 4
    assert {"student_exchange", "teacher_visit", "programme"} <= set(
        past.interests.values_list("kind", flat=True)
    )
    assert "Leizu School" in past.proposals.get(proposed_by__isnull=False).text["en"]
    # What real visits contain: a group, a unit proposing, a joint wish, great interest.
    assert past.participants.filter(person__isnull=True, unit__code="TEX").exists()
    assert past.proposals.get(proposed_by_unit__code="IEO").reaction == "interested"
    joint = past.interests.get(kind="teacher_visit")
    assert list(joint.also_stated_by.all()) == [world["institutions"]["uz1"]]
    assert past.actions.count() >= 4
    assert VisitReport.objects.filter(visit=past, status="published").count() == 2
    planned = Visit.objects.get(direction="outgoing")
    assert planned.status == "confirmed" and planned.approval_steps.count() == 5


def test_the_demo_can_run_twice_without_changing_anything(world):
    def state():
        return (
            Visit.objects.count(),
            Participant.objects.count(),
            AuditEntry.objects.filter(object_type__startswith="visits.").count(),
        )

    before = state()
    call_command("demo", "--quiet")
    call_command("demo", "--quiet")
    assert state() == before


def test_the_institution_profile_shows_its_visits_and_the_home_page_what_is_due(clients, world):
    kz1 = world["institutions"]["kz1"]
    profile = clients["partner_a"].get(f"/institutions/{kz1.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Visit of college presidents from Kazakhstan and Uzbekistan" in profile.content.decode()
    # The planned trip to Uzbekistan is not the Kazakh college's business.
    uz1 = world["institutions"]["uz1"]
    assert (
        "Uzbekistan: study trip"
        in clients["partner_b"]
        .get(f"/institutions/{uz1.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    home = clients["coordinator"].get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "study trip for a jointly built school" in home  # upcoming
    assert "Send the list of specialties and headcounts needed" in home  # overdue (partner's)
    assert (
        "Upcoming visits"
        not in clients["student"].get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_agenda_exports_to_icalendar_in_the_time_zone_of_the_place(coordinator, world):
    planned = Visit.objects.get(direction="outgoing")
    response = coordinator.get(f"/visits/{planned.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 3
    start = events[0].decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Tashkent" and start.hour == 10
    assert any(tz["TZID"] == "Asia/Tashkent" for tz in calendar.walk("VTIMEZONE"))
    assert len({str(e["UID"]) for e in events}) == 3


def test_the_itinerary_lists_the_people_in_protocol_order(coordinator, world):
    past = _past(world)
    page = coordinator.get(
        f"/visits/{past.pk}/itinerary/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert 'href="/static/visits/itinerary.css"' in page
    stylesheet = coordinator.get("/static/visits/itinerary.css")
    assert b"@media print" in b"".join(stylesheet)
    people = page[page.rindex("<h2>") :]  # the list after the agenda
    order = [
        people.index(name) for name in ("Ержанов Дәулет", "Сейтқалиева Гүлнар", "Хўжаев Сардор")
    ]
    assert order == sorted(order)
    assert page.index("09:00") < page.index("14:30")


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru", "kk", "uz"])
def test_the_demo_visit_lacks_nothing_in_any_report_language(world, actors, language):
    from leizu.visits.checklist import report_gaps
    from leizu.visits.selectors import visit_record

    by = actors["coordinator"]
    gaps = report_gaps(visit_record(actor=by, pk=_past(world).pk), language, by)
    assert [(str(g.what), g.where) for g in gaps] == []


@pytest.mark.parametrize("language", ["kk", "uz"])
def test_the_demo_visits_own_record_lacks_nothing_in_kazakh_and_uzbek(world, actors, language):
    """What the visit records itself (titles, statements, needs, wishes, proposals, agenda,
    topics, policy contexts) is written in Kazakh and Uzbek; what is left is the directory's."""
    from leizu.visits.checklist import report_gaps
    from leizu.visits.selectors import visit_record

    by = actors["coordinator"]
    gaps = report_gaps(visit_record(actor=by, pk=_past(world).pk), language, by)
    assert [
        (str(g.what), g.where) for g in gaps if not (g.url or "").startswith("/institutions/")
    ] == []
