"""The visits API: a program records a visit as the pages do, with the same rules."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leizu.accounts.services import api_token_create
from leizu.core.tests.test_files import PNG
from leizu.institutions.models import OrgUnit, Person
from leizu.visits.models import AgendaItem, StatedNeed, Visit


@pytest.fixture
def token(world):
    _token, raw = api_token_create(user=world["users"]["coordinator"], name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def partner_token(world):
    _token, raw = api_token_create(user=world["users"]["partner_uz"], name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _call(client, method, url, body=None, **headers):
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


def test_a_program_records_a_whole_visit(client, token, world):
    inst = world["institutions"]
    response = _call(
        client,
        "post",
        "/api/v1/visits",
        {
            "direction": "incoming",
            "title": {"en": "API visit", "zh-hans": "接口来访"},
            "start_date": "2026-05-12",
            "end_date": "2026-05-12",
            "host_id": inst["host"].pk,
            "guest_ids": [inst["uz1"].pk],
            "accompanying_ids": [inst["institute"].pk],
            "policy_tags": ["china-central-asia-summit-2023"],
        },
        **token,
    )
    assert response.status_code == 201, response.json()
    visit = response.json()
    assert [g["id"] for g in visit["guests"]] == [inst["uz1"].pk]
    assert visit["policy_tags"] == ["china-central-asia-summit-2023"]
    v = visit["id"]
    head = _call(
        client,
        "post",
        f"/api/v1/visits/{v}/participants",
        {"person_id": Person.objects.get(family_name="Xoʻjayev").pk, "role": "head"},
        **token,
    )
    assert head.status_code == 201
    # No copy of the person's position: an empty one follows the person.
    assert head.json()["side"] == "guest" and head.json()["position"] == {}
    guest_head = Person.objects.get(family_name="Xoʻjayev")
    assert head.json()["position_label"] in guest_head.position.values()  # the user's language
    new = _call(
        client,
        "post",
        f"/api/v1/visits/{v}/participants",
        {
            "new_person": {
                "institution_id": inst["uz1"].pk,
                "family_name": "Qodirova",
                "given_name": "Malika",
                "name_script": "Latn",
            },
            "role": "interpreter",
            "position": {"en": "Interpreter"},
        },
        **token,
    )
    assert new.status_code == 201 and new.json()["display_name"] == "Malika Qodirova"
    tnm = OrgUnit.objects.get(institution=inst["host"], code="TNM")
    agenda = _call(
        client,
        "post",
        f"/api/v1/visits/{v}/agenda",
        {
            "kind": "facility_tour",
            "starts_at": "2026-05-12T09:00:00",  # local time of the visit (Asia/Shanghai)
            "venue_unit_id": tnm.pk,
            "participant_ids": [head.json()["id"]],
        },
        **token,
    )
    assert agenda.status_code == 201
    assert AgendaItem.objects.get(pk=agenda.json()["id"]).starts_at == datetime.datetime(
        2026, 5, 12, 1, 0, tzinfo=datetime.UTC
    )
    need = _call(
        client,
        "post",
        f"/api/v1/visits/{v}/needs",
        {
            "institution_id": inst["uz1"].pk,
            "stated_by_id": head.json()["id"],
            "field_code": "0723",
            "isco_code": "8154",
            "occupation": {"en": "dyers"},
            "headcount": 30,
        },
        **token,
    )
    assert need.status_code == 201 and need.json()["country"] == "UZ"
    action = _call(
        client,
        "post",
        f"/api/v1/visits/{v}/actions",
        {
            "description": {"en": "Send the dyeing curriculum"},
            "need_id": need.json()["id"],
            "due_date": "2026-06-01",
        },
        **token,
    )
    assert action.status_code == 201 and action.json()["owner_institution_id"] == inst["host"].pk
    report = _call(client, "post", f"/api/v1/visits/{v}/reports/en/draft", **token)
    assert report.status_code == 201
    assert "Sardor Xoʻjayev" in report.json()["body"] and "dyers" in report.json()["body"]
    full = _call(client, "get", f"/api/v1/visits/{v}", **token).json()
    assert len(full["participants"]) == 2 and len(full["agenda"]) == 1
    assert full["needs"][0]["isco_code"] == "8154" and full["reports"][0]["status"] == "draft"


def test_the_api_keeps_the_rules_of_the_pages(client, token, partner_token, world, actors):
    from leizu.visits.tests.helpers import make_visit

    visit = make_visit(world, actors["coordinator"], guests=("uz1", "kz1"))
    # Partner B records its own need without naming the institution ...
    need = _call(
        client,
        "post",
        f"/api/v1/visits/{visit.pk}/needs",
        {"field_code": "0723", "occupation": {"uz": "boʻyoqchilar"}},
        **partner_token,
    )
    assert need.status_code == 201
    assert need.json()["institution_id"] == world["institutions"]["uz1"].pk
    # ... but not one of the Kazakh college, and it may not edit the visit.
    other = _call(
        client,
        "post",
        f"/api/v1/visits/{visit.pk}/needs",
        {
            "institution_id": world["institutions"]["kz1"].pk,
            "field_code": "0715",
            "occupation": {"ru": "токари"},
        },
        **partner_token,
    )
    assert other.status_code == 400 and "institution" in other.json()["fields"]
    patch = _call(
        client,
        "patch",
        f"/api/v1/visits/{visit.pk}",
        {"version": visit.version, "purpose": {"en": "x"}},
        **partner_token,
    )
    assert patch.status_code == 403
    # A stale version is a conflict; the current one goes through.
    stale = _call(
        client,
        "patch",
        f"/api/v1/visits/needs/{need.json()['id']}",
        {"version": 7, "headcount": 5},
        **token,
    )
    assert stale.status_code == 409
    fresh = _call(
        client,
        "patch",
        f"/api/v1/visits/needs/{need.json()['id']}",
        {"version": 1, "headcount": 5},
        **token,
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == 2
    # A participant of another visit cannot be named.
    wrong = _call(
        client,
        "post",
        f"/api/v1/visits/{visit.pk}/statements",
        {"speaker_id": 10**6, "summary": {"en": "x"}},
        **token,
    )
    assert wrong.status_code == 400 and set(wrong.json()) == {"code", "message", "fields"}


def test_needs_across_visits_feed_the_talent_analysis(client, token, partner_token, world):
    everything = _call(client, "get", "/api/v1/visits/needs?country=UZ", **token).json()
    assert {n["field_code"] for n in everything["items"]} == {"0723", "0713"}  # the demo's
    partner = _call(client, "get", "/api/v1/visits/needs", **partner_token).json()
    assert (
        partner["count"]
        == StatedNeed.objects.filter(visit__title__en__startswith="Visit of").count()
    )


def test_photos_upload_through_the_api(client, token, world, actors):
    from leizu.visits.tests.helpers import make_visit

    visit = make_visit(world, actors["coordinator"])
    response = client.post(
        f"/api/v1/visits/{visit.pk}/attachments",
        {"file": SimpleUploadedFile("banquet.png", PNG), "caption_en": "Welcome dinner"},
        **token,
    )
    assert response.status_code == 201
    assert response.json()["is_photo"] and response.json()["caption"] == {"en": "Welcome dinner"}


def test_an_unknown_report_language_is_refused(client, token, world):
    visit = Visit.objects.first()
    assert (
        _call(client, "post", f"/api/v1/visits/{visit.pk}/reports/de/draft", **token).status_code
        == 422
    )
    # Kazakh and Uzbek are report languages.
    for language in ("kk", "uz"):
        response = _call(
            client, "post", f"/api/v1/visits/{visit.pk}/reports/{language}/draft", **token
        )
        assert response.status_code == 201 and response.json()["language"] == language
