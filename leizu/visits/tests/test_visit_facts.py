"""What real visits contain (issue 9): groups taking part, a unit proposing, the guests'
impressions, needs stated jointly, a reaction of great interest, a part of the day when the time
is unknown, agenda notes, and a visit entered after the fact held in one step."""

import datetime

import pytest
from django.utils import timezone

from leizu.core.errors import ServiceError
from leizu.core.multilingual import Multilingual
from leizu.institutions.models import OrgUnit, Person
from leizu.institutions.services import person_update
from leizu.visits import services
from leizu.visits.models import Participant, Statement, VisitStatus
from leizu.visits.selectors import visit_record
from leizu.visits.tests.helpers import at, make_visit

M = Multilingual


def _ml(name: str, **texts: str) -> dict[str, str]:
    return {f"{name}_{code.replace('_', '-')}": text for code, text in texts.items()}


@pytest.fixture
def visit(world, actors):
    """A visit of partner B (uz1) and partner A (kz1) to the host college, with a tour."""
    by = actors["coordinator"]
    visit = make_visit(world, by, guests=("uz1", "kz1"), title="Facts visit")
    uz1 = world["institutions"]["uz1"]
    head = services.participant_add(
        visit=visit,
        by=by,
        person=Person.objects.filter(institution=uz1).first(),
        data={"role": "head"},
    )
    tnm = OrgUnit.objects.get(institution=world["institutions"]["host"], code="TNM")
    tour = services.agenda_item_create(
        visit=visit,
        by=by,
        data={
            "kind": "facility_tour",
            "starts_at": at(visit, visit.start_date, 10),
            "venue_unit": tnm,
            "notes": M({"en": "Bring safety shoes", "zh-hans": "请穿防护鞋", "ru": "Нужна обувь"}),
        },
    )
    return {"visit": visit, "head": head, "tour": tour, "tnm": tnm}


def _report(visit, by, language):
    return services.report_generate(visit=visit, by=by, language=language)


def test_a_group_takes_part_through_the_page_and_is_named_in_the_report(
    coordinator, world, visit, actors
):
    v = visit["visit"]
    host = world["institutions"]["host"]
    tex = OrgUnit.objects.get(institution=host, code="TEX")
    response = coordinator.post(
        f"/visits/{v.pk}/participants/new/",
        {
            "group_unit": tex.pk,
            **_ml(
                "group",
                en="Staff of the Textile College",
                zh_hans="纺织学院教师",
                ru="Сотрудники Текстильного колледжа",
            ),
            "role": "staff",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Participant.objects.get(visit=v, person__isnull=True)
    assert group.institution == host and group.unit == tex and group.side == "host"
    page = coordinator.get(f"/visits/{v.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff of the Textile College" in page
    assert "Staff of the Textile College" in _report(v, actors["coordinator"], "en").body
    assert "纺织学院教师" in _report(v, actors["coordinator"], "zh-hans").body
    assert "Сотрудники Текстильного колледжа" in _report(v, actors["coordinator"], "ru").body


def test_a_group_needs_a_name_or_a_unit_and_only_a_party_adds_its_own(world, visit, actors):
    v = visit["visit"]
    uz1 = world["institutions"]["uz1"]
    with pytest.raises(ServiceError):
        services.participant_add_group(
            visit=v, by=actors["coordinator"], institution=uz1, data={"role": "staff"}
        )
    with pytest.raises(ServiceError):  # partner B may not add a group for partner A
        services.participant_add_group(
            visit=v,
            by=actors["partner_b"],
            institution=world["institutions"]["kz1"],
            data={"role": "staff", "group": M({"en": "Teachers"})},
        )
    group = services.participant_add_group(
        visit=v,
        by=actors["partner_b"],
        institution=uz1,
        data={"role": "staff", "group": M({"en": "Teachers"})},
    )
    assert group.side == "guest" and group.display_name("en") == "Teachers"


def test_the_api_adds_a_group(clients, world, visit):
    v = visit["visit"]
    response = clients["coordinator"].post(
        f"/api/v1/visits/{v.pk}/participants",
        {
            "group": {
                "institution_id": world["institutions"]["kz1"].pk,
                "group": {"en": "Students of the college"},
            },
            "role": "member",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person_id"] is None and body["display_name"] == "Students of the college"


def test_the_guests_impressions_on_a_tour_and_on_the_visit_are_reported(world, visit, actors):
    by = actors["coordinator"]
    v, head, tour = visit["visit"], visit["head"], visit["tour"]
    services.statement_create(
        visit=v,
        by=by,
        data={
            "kind": "impression",
            "speaker": head,
            "agenda_item": tour,
            "summary": M(
                {
                    "en": "The training base is impressive",
                    "zh-hans": "实训基地令人印象深刻",
                    "ru": "Учебная база впечатляет",
                    "kk": "Оқу базасы әсер қалдырады",
                    "uz": "Oʻquv bazasi katta taassurot qoldiradi",
                }
            ),
        },
    )
    services.statement_create(
        visit=v,
        by=by,
        data={
            "kind": "impression",
            "institution": world["institutions"]["kz1"],
            "summary": M(
                {
                    "en": "A very useful visit",
                    "zh-hans": "此行收获很大",
                    "ru": "Визит был очень полезным",
                    "kk": "Сапар өте пайдалы болды",
                    "uz": "Tashrif juda foydali boʻldi",
                }
            ),
        },
    )
    en = _report(v, by, "en").body
    assert "During the visit to Textile New Materials Training Base" in en
    assert "The training base is impressive" in en and "A very useful visit" in en
    zh = _report(v, by, "zh-hans").body
    assert "在参观" in zh and "实训基地令人印象深刻" in zh and "此行收获很大" in zh
    ru = _report(v, by, "ru").body
    assert "Впечатления от посещения объекта" in ru and "Визит был очень полезным" in ru
    # Kazakh and Uzbek: the party's representatives share their impressions.
    kz1 = world["institutions"]["kz1"]
    kk = _report(v, by, "kk").body
    assert (
        f"{kz1.name['kk']} өкілдері сапар туралы өз әсерімен бөлісті: Сапар өте пайдалы болды."
        in kk
    )
    assert "нысанын аралау барысында" in kk and "Оқу базасы әсер қалдырады" in kk
    uz = _report(v, by, "uz").body
    assert (
        f"{kz1.name['uz']} vakillari tashrif yuzasidan oʻz taassurotlari bilan oʻrtoqlashdi: "
        "Tashrif juda foydali boʻldi." in uz
    )
    assert "obyektini koʻzdan kechirish chogʻida" in uz and "Oʻquv bazasi katta taassurot" in uz
    assert (
        Statement.objects.get(visit=v, speaker__isnull=True).institution
        == world["institutions"]["kz1"]
    )


def test_a_statement_needs_a_speaker_an_impression_does_not(world, visit, actors):
    with pytest.raises(ServiceError):
        services.statement_create(
            visit=visit["visit"],
            by=actors["coordinator"],
            data={
                "kind": "speech",
                "institution": world["institutions"]["uz1"],
                "summary": M({"en": "x"}),
            },
        )


def test_a_need_stated_jointly_is_one_row_reported_once_under_both(world, visit, actors):
    by = actors["coordinator"]
    v = visit["visit"]
    uz1, kz1 = world["institutions"]["uz1"], world["institutions"]["kz1"]
    need = services.need_create(
        visit=v,
        by=by,
        data={
            "institution": uz1,
            "also_stated_by": [kz1],
            "field_code": "0723",
            "occupation": M({"en": "Sewing machine operators", "zh-hans": "缝纫工", "ru": "Швеи"}),
        },
    )
    assert list(need.also_stated_by.all()) == [kz1]
    en = _report(v, by, "en").body
    assert en.count("Sewing machine operators") == 1
    line = next(line for line in en.splitlines() if "Sewing machine operators" in line)
    assert uz1.name.localize("en") in line and kz1.name.localize("en") in line
    # Partner B records for itself only: it does not state a need in partner A's name.
    with pytest.raises(ServiceError):
        services.need_create(
            visit=v,
            by=actors["partner_b"],
            data={
                "institution": uz1,
                "also_stated_by": [kz1],
                "field_code": "0723",
                "occupation": M({"en": "x"}),
            },
        )


def test_a_unit_proposes_and_the_guests_show_great_interest(world, visit, actors):
    by = actors["coordinator"]
    v = visit["visit"]
    host = world["institutions"]["host"]
    office = OrgUnit.objects.get(institution=host, code="IEO")
    services.proposal_create(
        visit=v,
        by=by,
        data={
            "institution": host,
            "proposed_by_unit": office,
            "text": M(
                {
                    "en": "to co-build a training centre",
                    "zh-hans": "共建实训中心",
                    "ru": "создать учебный центр",
                }
            ),
            "reaction": "interested",
        },
    )
    en = _report(v, by, "en").body
    assert "Industry-Education Exchange Office of Siyuan" in en and "showed great interest" in en
    zh = _report(v, by, "zh-hans").body
    assert "表现出浓厚兴趣" in zh
    with pytest.raises(ServiceError):  # a unit of another institution
        services.proposal_create(
            visit=v,
            by=by,
            data={
                "institution": world["institutions"]["uz1"],
                "proposed_by_unit": office,
                "text": M({"en": "x"}),
            },
        )


def test_an_afternoon_without_a_time_and_agenda_notes_show_on_page_itinerary_and_report(
    coordinator, visit, actors
):
    v = visit["visit"]
    response = coordinator.post(
        f"/visits/{v.pk}/agendas/new/",
        {
            "kind": "meeting",
            "day": v.start_date.isoformat(),
            "part_of_day": "afternoon",
            **_ml("title", en="Symposium"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = v.agenda_items.get(part_of_day="afternoon")
    assert timezone.localtime(item.starts_at, v.tzinfo()).hour == 14
    page = coordinator.get(f"/visits/{v.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Afternoon" in page and "Bring safety shoes" in page
    itinerary = coordinator.get(
        f"/visits/{v.pk}/itinerary/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Afternoon" in itinerary and "Bring safety shoes" in itinerary
    assert "Нужна обувь" in _report(v, actors["coordinator"], "ru").body
    # Neither a time nor a day: the form says what is missing.
    response = coordinator.post(
        f"/visits/{v.pk}/agendas/new/", {"kind": "meeting"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (
        response.status_code == 200
        and "Give the start, or the day and the part of the day." in response.content.decode()
    )


def test_a_visit_entered_after_the_fact_is_held_in_one_step(world, actors):
    by = actors["coordinator"]
    past = make_visit(world, by, start=timezone.localdate() - datetime.timedelta(days=10))
    assert past.status == VisitStatus.PLANNED
    services.visit_set_status(visit=past, by=by, status="held", version=past.version)
    past.refresh_from_db()
    assert past.status == VisitStatus.HELD
    future = make_visit(world, by, start=timezone.localdate() + datetime.timedelta(days=10))
    with pytest.raises(ServiceError):
        services.visit_set_status(visit=future, by=by, status="held", version=future.version)


def test_an_empty_position_follows_the_person_and_a_chosen_one_reads_in_every_language(
    world, visit, actors
):
    head = visit["head"]
    person = head.person
    person_update(
        person=person,
        by=actors["coordinator"],
        data={"position": M({"en": "Rector", "ru": "Ректор"})},
        version=person.version,
    )
    head = Participant.objects.select_related("person").get(pk=head.pk)
    assert head.position == {} and head.position_label("en") == "Rector"
    services.participant_update(
        participant=head,
        by=actors["coordinator"],
        data={"position_code": "vice_president"},
        version=head.version,
    )
    head.refresh_from_db()
    assert (
        head.position_label("zh-hans") == "副院长" and head.position_label("ru") == "Вице-президент"
    )
    with pytest.raises(ServiceError):
        services.participant_update(
            participant=head,
            by=actors["coordinator"],
            data={"position_code": "emperor"},
            version=head.version,
        )


def test_the_visit_record_costs_no_more_queries_with_groups_and_joint_needs(world, visit, actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    by = actors["coordinator"]
    v = visit["visit"]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            record = visit_record(actor=by, pk=v.pk)
            services_report = [
                p.display_name("en") + p.position_label("en") for p in record.participants
            ]
            [list(n.also_stated_by.all()) for n in record.needs]
            assert services_report is not None
        return len(ctx.captured_queries)

    def add(i: int) -> None:
        services.participant_add_group(
            visit=v,
            by=by,
            institution=world["institutions"]["kz1"],
            data={"role": "staff", "group": M({"en": f"Group {i}"})},
        )
        services.need_create(
            visit=v,
            by=by,
            data={
                "institution": world["institutions"]["uz1"],
                "also_stated_by": [world["institutions"]["kz1"]],
                "field_code": "0723",
                "occupation": M({"en": f"need {i}"}),
            },
        )

    add(0)
    before = count()
    for i in range(1, 6):
        add(i)
    assert count() == before


def test_a_statement_is_edited_on_its_page_with_the_institution_left_empty(
    coordinator, visit, actors
):
    v, head = visit["visit"], visit["head"]
    statement = services.statement_create(
        visit=v, by=actors["coordinator"], data={"speaker": head, "summary": M({"en": "First"})}
    )
    response = coordinator.post(
        f"/visits/statements/{statement.pk}/edit/",
        {
            "version": statement.version,
            "kind": "speech",
            "speaker": head.pk,
            "institution": "",
            **_ml("summary", en="Second"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.summary["en"] == "Second" and statement.institution_id == head.institution_id
