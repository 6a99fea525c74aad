"""Records have an owning side: the organiser's internal rows stay its own, and each party
changes only its own rows of a shared visit."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leizu.core.models import StoredFile
from leizu.core.tests.test_files import PNG
from leizu.institutions.models import Person
from leizu.institutions.services import person_create
from leizu.visits import services
from leizu.visits.models import ApprovalStep, FollowUpAction, Participant
from leizu.visits.tests.helpers import make_visit


@pytest.fixture
def trip(world, actors):
    """An outgoing visit of the host college to partner B (an Uzbek technical school)."""
    visit = make_visit(
        world,
        actors["coordinator"],
        host="uz1",
        guests=("host",),
        direction="outgoing",
        start=datetime.date(2026, 7, 1),
    )
    by = actors["coordinator"]
    host_person = Person.objects.filter(institution=world["institutions"]["host"]).first()
    uz_person = Person.objects.filter(institution=world["institutions"]["uz1"]).first()
    services.participant_add(visit=visit, by=by, person=host_person, data={"role": "head"})
    services.participant_add(visit=visit, by=by, person=uz_person, data={"role": "host_lead"})
    return visit


def test_the_host_abroad_never_sees_the_travelling_colleges_trip_approvals(trip, clients):
    step = ApprovalStep.objects.filter(visit=trip).first()
    partner = clients["partner_b"]
    page = partner.get(f"/visits/{trip.pk}/")
    assert page.status_code == 200
    assert 'id="approval"' not in page.content.decode()
    assert 'id="approval"' in clients["coordinator"].get(f"/visits/{trip.pk}/").content.decode()
    assert partner.get(f"/api/v1/visits/{trip.pk}/approval-steps").status_code == 404
    assert partner.get(f"/visits/approval-steps/{step.pk}/edit/").status_code == 404
    response = partner.patch(
        f"/api/v1/visits/approval-steps/{step.pk}",
        data=json.dumps({"version": step.version, "note": "seen by the host abroad"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert (
        partner.post(
            f"/visits/approval-steps/{step.pk}/edit/", {"version": step.version, "note": "x"}
        ).status_code
        == 404
    )
    step.refresh_from_db()
    assert step.note == ""


def test_the_host_abroad_reads_the_trip_but_edits_only_its_own_participants(trip, clients, world):
    partner = clients["partner_b"]
    visit_patch = partner.patch(
        f"/api/v1/visits/{trip.pk}",
        data=json.dumps({"version": trip.version, "purpose": {"en": "changed abroad"}}),
        content_type="application/json",
    )
    assert visit_patch.status_code == 403
    ours = Participant.objects.get(visit=trip, institution__is_host=True)
    theirs = Participant.objects.get(visit=trip, institution=world["institutions"]["uz1"])
    assert (
        partner.patch(
            f"/api/v1/visits/participants/{ours.pk}",
            data=json.dumps({"version": ours.version, "protocol_order": 9}),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert partner.delete(f"/api/v1/visits/participants/{ours.pk}").status_code == 403
    assert (
        partner.post(
            f"/visits/participants/{ours.pk}/edit/", {"version": ours.version, "role": "member"}
        ).status_code
        == 403
    )
    ours.refresh_from_db()
    assert ours.protocol_order != 9 and ours.role == "head"
    changed = partner.patch(
        f"/api/v1/visits/participants/{theirs.pk}",
        data=json.dumps({"version": theirs.version, "protocol_order": 3}),
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["protocol_order"] == 3


def test_a_party_adds_its_own_people_but_not_another_partys(trip, clients, world, actors):
    uz1, host = world["institutions"]["uz1"], world["institutions"]["host"]
    own = person_create(
        by=actors["partner_b"],
        institution=uz1,
        data={"family_name": "Toshev", "name_script": "Latn"},
    )
    other = person_create(
        by=actors["coordinator"],
        institution=host,
        data={"family_name": "王", "name_script": "Hans"},
    )
    partner = clients["partner_b"]
    added = partner.post(
        f"/api/v1/visits/{trip.pk}/participants",
        data=json.dumps({"person_id": own.pk, "role": "member"}),
        content_type="application/json",
    )
    assert added.status_code == 201
    refused = partner.post(
        f"/api/v1/visits/{trip.pk}/participants",
        data=json.dumps({"person_id": other.pk, "role": "member"}),
        content_type="application/json",
    )
    assert refused.status_code in (400, 404)
    assert not Participant.objects.filter(visit=trip, person=other).exists()


def test_a_need_cannot_be_stated_by_another_institutions_participant(trip, clients, world):
    ours = Participant.objects.get(visit=trip, institution__is_host=True)
    response = clients["partner_b"].post(
        f"/api/v1/visits/{trip.pk}/needs",
        data=json.dumps(
            {"field_code": "0723", "occupation": {"en": "Weavers"}, "stated_by_id": ours.pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "stated_by" in response.json()["fields"]


def test_internal_actions_stay_with_the_organiser(world, actors, clients):
    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    internal = services.action_create(
        visit=visit,
        by=actors["coordinator"],
        data={"description": {"en": "Brief the president on costs"}, "internal": True},
    )
    shared = services.action_create(
        visit=visit,
        by=actors["coordinator"],
        data={"description": {"en": "Send the MOU draft"}, "owner_institution": uz1},
    )
    assert internal.owner_institution_id == host.pk
    partner = clients["partner_b"]
    page = partner.get(f"/visits/{visit.pk}/").content.decode()
    assert "Send the MOU draft" in page and "Brief the president" not in page
    listed = [a["id"] for a in partner.get(f"/api/v1/visits/{visit.pk}/actions").json()]
    assert shared.pk in listed and internal.pk not in listed
    board = partner.get("/api/v1/visits/actions?scope=all").json()
    assert internal.pk not in [a["id"] for a in board["items"]]
    assert partner.get(f"/visits/actions/{internal.pk}/edit/").status_code == 404
    assert partner.delete(f"/api/v1/visits/actions/{internal.pk}").status_code == 404
    assert FollowUpAction.objects.filter(pk=internal.pk).exists()
    assert (
        "Brief the president" in clients["coordinator"].get(f"/visits/{visit.pk}/").content.decode()
    )


def test_an_internal_action_must_belong_to_the_organiser(world, actors):
    from leizu.core.errors import ServiceError

    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    with pytest.raises(ServiceError):
        services.action_create(
            visit=visit,
            by=actors["coordinator"],
            data={
                "description": {"en": "x"},
                "internal": True,
                "owner_institution": world["institutions"]["uz1"],
            },
        )


def test_a_visit_attachment_is_served_only_through_its_visit_and_is_gone_once_removed(
    world, actors, clients, django_capture_on_commit_callbacks
):
    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    attachment = services.attachment_add(
        visit=visit, by=actors["coordinator"], upload=SimpleUploadedFile("photo.png", PNG)
    )
    stored = attachment.file
    path = Path(stored.file.path)
    assert path.exists()
    url = f"/visits/attachments/{attachment.pk}/"
    assert clients["partner_b"].get(url).status_code == 200
    for persona in ("partner_a", "student", "other_student"):
        assert clients[persona].get(url).status_code == 404
    # No generic file URL exists any more.
    assert clients["partner_a"].get(f"/files/{stored.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(f"/visits/attachments/{attachment.pk}/delete/")
    assert response.status_code == 302
    assert clients["coordinator"].get(url).status_code == 404
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not path.exists()


def test_the_audit_log_keeps_the_organisers_internal_rows_from_the_other_parties(
    trip, world, actors
):
    from leizu.accounts.models import Membership, User
    from leizu.core.access import actor_for_user
    from leizu.core.selectors import audit_list

    step = ApprovalStep.objects.filter(visit=trip).first()
    services.approval_step_update(
        step=step, by=actors["coordinator"], data={"note": "SECRET-NOTE"}, version=step.version
    )
    services.action_create(
        visit=trip,
        by=actors["coordinator"],
        data={"description": {"en": "SECRET-ACTION"}, "internal": True},
    )
    services.report_generate(visit=trip, by=actors["coordinator"], language="en")
    admin = User.objects.create_user("admin.uz@example.uz", "x" * 12)
    Membership.objects.create(user=admin, institution=world["institutions"]["uz1"], role="admin")
    seen = list(audit_list(actor=actor_for_user(admin)).values_list("action", "object_label"))
    assert not [a for a in seen if a[0].startswith(("approval.", "action.", "report."))]
    # The host college's own coordinator (a network manager) reads them.
    ours = {
        a
        for a, _label in audit_list(actor=actors["coordinator"]).values_list(
            "action", "object_label"
        )
    }
    assert {"approval.update", "action.create", "report.generate"} <= ours


def test_a_partners_internal_rows_stay_out_of_the_host_colleges_log(world, actors):
    from leizu.core.selectors import audit_list

    visit = make_visit(world, actors["partner_b"], host="uz1", guests=("host",))
    assert visit.organiser_id == world["institutions"]["uz1"].pk
    services.action_create(
        visit=visit,
        by=actors["partner_b"],
        data={"description": {"uz": "Ichki ish"}, "internal": True},
    )
    seen = audit_list(actor=actors["coordinator"]).filter(action="action.create")
    assert not seen.filter(object_label__startswith="Ichki ish").exists()


def test_nobody_records_a_visit_in_another_institutions_name(world, actors, clients):
    from django.core.exceptions import PermissionDenied

    host = world["institutions"]["host"].pk
    response = clients["partner_b"].post(
        "/api/v1/visits",
        data=json.dumps(
            {
                "direction": "incoming",
                "host_id": host,
                "guest_ids": [world["institutions"]["uz1"].pk],
                "title": {"en": "Planted"},
                "start_date": "2026-09-01",
                "end_date": "2026-09-01",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        make_visit(world, actors["partner_b"], host="host", guests=("uz1",))
    # Travelling to the host college, partner B keeps the record of its own delegation.
    own_trip = make_visit(
        world, actors["partner_b"], host="host", guests=("uz1",), direction="outgoing"
    )
    assert own_trip.organiser_id == world["institutions"]["uz1"].pk
