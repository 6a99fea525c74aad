"""Recording a visit through its pages."""

import datetime
from typing import Any

from conftest import login_client
from leizu.core.models import AuditEntry
from leizu.institutions.models import OrgUnit, Person
from leizu.visits.models import (
    AgendaItem,
    FollowUpAction,
    Participant,
    StatedNeed,
    Visit,
)
from leizu.visits.tests.helpers import make_visit


def _ml(name: str, **texts: str) -> dict[str, str]:
    return {f"{name}_{code.replace('_', '-')}": text for code, text in texts.items()}


def test_the_coordinator_records_a_visit_with_participants_agenda_need_and_action(
    coordinator, world
):
    inst = world["institutions"]
    response = coordinator.post(
        "/visits/new/",
        {
            "direction": "incoming",
            "start_date": "2026-04-14",
            "end_date": "2026-04-15",
            "time_zone": "Asia/Shanghai",
            **_ml("title", en="Visit of the Saryarka college"),
            "host": inst["host"].pk,
            "guests": [inst["kz2"].pk],
            "accompanying": [inst["institute"].pk],
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(title__en="Visit of the Saryarka college")
    assert response["Location"] == f"/visits/{visit.pk}/"
    assert {p.institution_id for p in visit.parties.all()} == {inst["kz2"].pk, inst["institute"].pk}

    omarov = Person.objects.get(family_name="Омаров")
    assert (
        coordinator.post(
            f"/visits/{visit.pk}/participants/new/", {"person": omarov.pk, "role": "head"}
        ).status_code
        == 302
    )
    # Quick add: a new person of the guest college, straight from the visit.
    response = coordinator.post(
        f"/visits/{visit.pk}/participants/new/",
        {
            "new_institution": inst["kz2"].pk,
            "new_family_name": "Жұмабаева",
            "new_given_name": "Айгерім",
            "new_name_script": "Cyrl",
            "role": "interpreter",
            **_ml("position", ru="переводчик", en="Interpreter"),
        },
    )
    assert response.status_code == 302
    interpreter = Participant.objects.get(visit=visit, person__family_name="Жұмабаева")
    assert interpreter.person.institution == inst["kz2"]
    assert interpreter.side == "guest" and interpreter.protocol_order == 2
    # The position typed for a new person is the person's; the participation follows it.
    assert interpreter.person.position["ru"] == "переводчик" and interpreter.position == {}
    assert interpreter.position_label("ru") == "переводчик"

    tnm = OrgUnit.objects.get(institution=inst["host"], code="TNM")
    response = coordinator.post(
        f"/visits/{visit.pk}/agendas/new/",
        {
            "kind": "facility_tour",
            "starts_at": "2026-04-14T09:30",
            "ends_at": "2026-04-14T10:30",
            "venue_unit": tnm.pk,
            "participants": [interpreter.pk],
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(visit=visit)
    # Entered in the visit's time zone (Asia/Shanghai, UTC+8).
    assert item.starts_at == datetime.datetime(2026, 4, 14, 1, 30, tzinfo=datetime.UTC)

    response = coordinator.post(
        f"/visits/{visit.pk}/needs/new/",
        {
            "institution": inst["kz2"].pk,
            "field_codes": ["0723"],
            **_ml("occupation", ru="швеи-мотористки"),
            "headcount": "35",
            "level": "4",
            "horizon": "now",
        },
    )
    assert response.status_code == 302
    need = StatedNeed.objects.get(visit=visit)
    assert need.country == "KZ"
    response = coordinator.post(
        f"/visits/{visit.pk}/actions/new/",
        {
            **_ml("description", en="Send the sewing programme outline"),
            "owner_institution": inst["host"].pk,
            "owner": world["users"]["coordinator"].pk,
            "due_date": "2026-05-01",
            "status": "open",
            "need": need.pk,
        },
    )
    assert response.status_code == 302
    action = FollowUpAction.objects.get(visit=visit)
    assert action.outcome() == need

    page = coordinator.get(f"/visits/{visit.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    for text in (
        "Омаров Бауыржан Қайратұлы",
        "Жұмабаева Айгерім",
        "швеи-мотористки",
        "Send the sewing programme outline",
    ):
        assert text in page
    assert AuditEntry.objects.filter(
        action="participant.add", object_id=str(interpreter.pk)
    ).exists()


def test_a_participant_must_belong_to_a_party(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    stranger = Person.objects.get(family_name="Омаров")  # of kz2, not a party
    response = coordinator.post(
        f"/visits/{visit.pk}/participants/new/",
        {"person": stranger.pk, "role": "member"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not Participant.objects.filter(visit=visit).exists()


def test_an_agenda_item_outside_the_visit_days_is_refused(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], days=1)
    response = coordinator.post(
        f"/visits/{visit.pk}/agendas/new/",
        {"kind": "banquet", "starts_at": "2026-06-03T18:00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Choose a time between the first and the last day." in response.content.decode()
    assert not AgendaItem.objects.filter(visit=visit).exists()


def test_a_guest_records_its_own_need_through_the_page_but_cannot_edit_the_visit(
    clients, world, actors
):
    visit = make_visit(world, actors["coordinator"], guests=("uz1", "kz1"))
    partner = clients["partner_b"]
    page = partner.get(f"/visits/{visit.pk}/").content.decode()
    assert f"/visits/{visit.pk}/needs/new/" in page
    assert f"/visits/{visit.pk}/edit/" not in page
    form = partner.get(f"/visits/{visit.pk}/needs/new/").content.decode()
    assert world["institutions"]["kz1"].display_short_name() not in form  # only its own
    response = partner.post(
        f"/visits/{visit.pk}/needs/new/",
        {
            "institution": world["institutions"]["uz1"].pk,
            "field_codes": ["0723"],
            **_ml("occupation", uz="tikuvchilar"),
        },
    )
    assert response.status_code == 302
    assert StatedNeed.objects.get(visit=visit).institution == world["institutions"]["uz1"]
    assert partner.get(f"/visits/{visit.pk}/edit/").status_code == 403
    assert (
        partner.post(
            f"/visits/{visit.pk}/status/", {"status": "confirmed", "version": visit.version}
        ).status_code
        == 403
    )


def test_a_stale_visit_edit_keeps_the_other_editors_change(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    form = {
        "version": visit.version,
        "direction": "incoming",
        "start_date": "2026-06-01",
        "end_date": "2026-06-02",
        "time_zone": "Asia/Shanghai",
        "host": visit.host_id,
        "guests": [world["institutions"]["uz1"].pk],
        **_ml("title", en="Test visit"),
    }
    admin = login_client(world["users"]["admin"])
    assert (
        admin.post(f"/visits/{visit.pk}/edit/", {**form, **_ml("purpose", en="First")}).status_code
        == 302
    )
    response = coordinator.post(
        f"/visits/{visit.pk}/edit/",
        {**form, **_ml("purpose", en="Second")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Somebody else changed this record" in response.content.decode()
    visit.refresh_from_db()
    assert visit.purpose["en"] == "First"


def test_a_visit_moves_one_status_at_a_time_and_is_held_only_once_begun(coordinator, world, actors):
    future = make_visit(world, actors["coordinator"], start=datetime.date(2099, 1, 1))

    def post(status: str, **extra: Any) -> None:
        data = {"status": status, "version": future.version, **extra}
        coordinator.post(
            f"/visits/{future.pk}/status/", {k: v for k, v in data.items() if v is not None}
        )
        future.refresh_from_db()

    post("held")
    assert future.status == "planned"
    post("confirmed", version=None)  # a post without the version it was based on is refused
    assert future.status == "planned"
    post("confirmed")
    assert future.status == "confirmed"
    post("held")
    assert future.status == "confirmed"


def test_an_outgoing_visit_gets_the_approval_checklist(coordinator, world, actors):
    visit = make_visit(
        world,
        actors["coordinator"],
        host="kz1",
        guests=("host",),
        direction="outgoing",
        start=datetime.date(2026, 9, 10),
        days=3,
    )
    steps = list(visit.approval_steps.order_by("order"))
    assert [s.kind for s in steps] == [
        "application",
        "approval",
        "passport_checkout",
        "passport_return",
        "post_trip_report",
    ]
    assert steps[0].due_date == datetime.date(2026, 7, 27)  # 45 days before the first day
    assert steps[3].due_date == datetime.date(2026, 9, 19)  # 7 days after the last day
    response = coordinator.post(
        f"/visits/approval-steps/{steps[0].pk}/edit/",
        {
            "version": 1,
            "due_date": "2026-07-27",
            "done_on": "2026-07-20",
            "owner": world["users"]["coordinator"].pk,
        },
    )
    assert response.status_code == 302
    steps[0].refresh_from_db()
    assert steps[0].done_on == datetime.date(2026, 7, 20)
    page = coordinator.get(f"/visits/{visit.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Passports returned" in page


def test_photos_are_served_to_the_parties_only(clients, world, actors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from leizu.core.tests.test_files import PNG

    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    response = clients["coordinator"].post(
        f"/visits/{visit.pk}/attachments/new/",
        {"file": SimpleUploadedFile("welcome.png", PNG), **_ml("caption", en="Welcome")},
    )
    assert response.status_code == 302
    attachment = visit.attachments.get()
    assert attachment.is_photo
    assert clients["partner_b"].get(f"/visits/attachments/{attachment.pk}/").status_code == 200
    assert clients["partner_a"].get(f"/visits/attachments/{attachment.pk}/").status_code == 404
    bad = clients["coordinator"].post(
        f"/visits/{visit.pk}/attachments/new/",
        {"file": SimpleUploadedFile("x.png", b"not an image")},
    )
    assert bad.status_code == 200
    assert visit.attachments.count() == 1


def test_the_list_shows_only_the_visits_of_ones_institutions(clients, world, actors):
    make_visit(world, actors["coordinator"], guests=("uz1",), title="Seen by Oltinsoy")
    make_visit(world, actors["coordinator"], guests=("kz1",), title="Seen by Akzhol")
    body = clients["partner_b"].get("/visits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Seen by Oltinsoy" in body and "Seen by Akzhol" not in body
    student = clients["student"].get("/visits/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Seen by" not in student
    rows = (
        clients["coordinator"]
        .get("/visits/", {"direction": "outgoing"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="rows")
        .content.decode()
    )
    assert "<html" not in rows and "Seen by" not in rows


def test_a_participant_who_spoke_cannot_be_removed_until_the_statement_is(
    coordinator, world, actors
):
    from leizu.visits import services

    by = actors["coordinator"]
    visit = make_visit(world, by, guests=("uz1",))
    speaker = services.participant_add(
        visit=visit, by=by, person=Person.objects.get(family_name="Xoʻjayev"), data={"role": "head"}
    )
    statement = services.statement_create(
        visit=visit, by=by, data={"speaker": speaker, "summary": {"en": "We need dyers."}}
    )
    response = coordinator.post(f"/visits/participants/{speaker.pk}/delete/")
    assert response.status_code == 302
    assert Participant.objects.filter(pk=speaker.pk).exists()
    assert coordinator.post(f"/visits/statements/{statement.pk}/delete/").status_code == 302
    assert coordinator.post(f"/visits/participants/{speaker.pk}/delete/").status_code == 302
    assert not Participant.objects.filter(pk=speaker.pk).exists()
    assert AuditEntry.objects.filter(
        action="participant.remove", object_id=str(speaker.pk)
    ).exists()


def test_editing_a_participant_changes_the_protocol_order_and_the_title_at_the_visit(
    coordinator, world, actors
):
    from leizu.visits import services

    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    person = Person.objects.get(family_name="Xoʻjayev")
    participant = services.participant_add(
        visit=visit, by=actors["coordinator"], person=person, data={"role": "member"}
    )
    response = coordinator.post(
        f"/visits/participants/{participant.pk}/edit/",
        {
            "version": participant.version,
            "role": "head",
            "protocol_order": "1",
            **_ml("position", en="Director", ru="директор"),
            **_ml("title", en="Candidate of Sciences"),
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.role == "head" and participant.title["en"] == "Candidate of Sciences"
    person.refresh_from_db()
    assert person.title.get("en", "") != "Candidate of Sciences"  # the person's record is untouched
