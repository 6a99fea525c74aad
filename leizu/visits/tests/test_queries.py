"""Pages and the report read a visit in a fixed number of queries, whatever its size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from leizu.core.multilingual import Multilingual as M
from leizu.institutions.models import OrgUnit, Person
from leizu.visits import services
from leizu.visits.models import Visit
from leizu.visits.tests.helpers import at, make_visit

KINDS = ["facility_tour", "meeting", "class_observation", "banquet", "company_visit"]


def _grow(visit: Visit, by, world, *, participants: int, agenda: int, outcomes: int) -> None:
    """Add participants, agenda items and outcomes (needs, interests, proposals in turn)."""
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    have = visit.participants.count()
    people = Person.objects.bulk_create(
        [
            Person(
                institution=host if i % 2 else uz1,
                family_name=f"Lastname{have + i}",
                given_name="Given",
                name_script="Latn",
                position=M({"en": "Teacher", "zh-hans": "教师", "ru": "преподаватель"}),
                title=M({"en": "Lecturer"}),
            )
            for i in range(participants - have)
        ]
    )
    for person in people:
        services.participant_add(visit=visit, by=by, person=person, data={"role": "member"})
    everyone = list(visit.participants.all())
    unit = OrgUnit.objects.get(institution=host, code="TNM")
    for i in range(visit.agenda_items.count(), agenda):
        services.agenda_item_create(
            visit=visit,
            by=by,
            data={
                "kind": KINDS[i % len(KINDS)],
                "starts_at": at(visit, visit.start_date, 8 + i % 10),
                "venue_unit": unit if i % 2 else None,
                "venue_text": M({"en": f"Hall {i}"}),
            },
            participants=everyone[i % 3 :: 3],
        )
        services.statement_create(
            visit=visit, by=by, data={"speaker": everyone[i], "summary": M({"en": f"Point {i}"})}
        )
    made = visit.needs.count() + visit.interests.count() + visit.proposals.count()
    for i in range(made, outcomes):
        speaker = everyone[i % len(everyone)]
        institution = speaker.institution
        if i % 3 == 0:
            need = services.need_create(
                visit=visit,
                by=by,
                data={
                    "institution": institution,
                    "stated_by": speaker,
                    "field_code": "0723",
                    "occupation": M({"en": f"Occupation {i}"}),
                    "headcount": i,
                    "level": "4",
                },
            )
            services.action_create(
                visit=visit,
                by=by,
                data={
                    "description": M({"en": f"Follow up {i}"}),
                    "need": need,
                    "owner_institution": institution,
                },
            )
        elif i % 3 == 1:
            services.interest_create(
                visit=visit,
                by=by,
                data={"institution": institution, "kind": "research", "stated_by": speaker},
            )
        else:
            services.proposal_create(
                visit=visit,
                by=by,
                data={
                    "institution": institution,
                    "proposed_by": speaker,
                    "text": M({"en": f"Idea {i}"}),
                },
            )


def _queries(client, method: str, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url)
    assert response.status_code in (200, 302), url
    return len(ctx.captured_queries)


def _measure(client, visit: Visit) -> dict[str, int]:
    v = visit.pk
    return {
        "page": _queries(client, "get", f"/visits/{v}/"),
        "draft": _queries(client, "post", f"/visits/{v}/report/zh-hans/draft/"),
        "report": _queries(client, "get", f"/visits/{v}/report/zh-hans/"),
        "docx": _queries(client, "get", f"/visits/{v}/report/zh-hans/report.docx"),
        "itinerary": _queries(client, "get", f"/visits/{v}/itinerary/"),
        "ics": _queries(client, "get", f"/visits/{v}/agenda.ics"),
        "api": _queries(client, "get", f"/api/v1/visits/{v}"),
        "list": _queries(client, "get", "/visits/"),
        "board": _queries(client, "get", "/visits/actions/?scope=all"),
    }


def test_a_visit_of_30_participants_10_agenda_items_and_20_outcomes_costs_no_more_queries(
    coordinator, world, actors
):
    by = actors["coordinator"]
    visit = make_visit(world, by, guests=("uz1",), days=1)
    _grow(visit, by, world, participants=3, agenda=1, outcomes=3)
    small = _measure(coordinator, visit)
    _grow(visit, by, world, participants=30, agenda=10, outcomes=20)
    assert visit.participants.count() == 30 and visit.agenda_items.count() == 10
    assert visit.needs.count() + visit.interests.count() + visit.proposals.count() == 20
    large = _measure(coordinator, visit)
    print("queries (3/1/3 → 30/10/20):", small, large)
    assert large == small
