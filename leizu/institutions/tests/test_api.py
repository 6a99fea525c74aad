import json

import pytest

from leizu.accounts.services import api_token_create
from leizu.institutions.models import Institution, Person


@pytest.fixture
def token(world):
    _token, raw = api_token_create(user=world["users"]["coordinator"], name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def partner_token(world):
    _token, raw = api_token_create(user=world["users"]["partner_kz"], name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _json(client, method, url, body=None, **headers):
    call = getattr(client, method)
    if body is None:
        return call(url, **headers)
    return call(url, data=json.dumps(body), content_type="application/json", **headers)


def test_a_token_lists_institutions_with_filters_and_search(client, token):
    response = _json(client, "get", "/api/v1/institutions?country=UZ", **token)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert {i["name"]["uz"] for i in data["items"]} == {
        "Oltinsoy toʻqimachilik va tikuvchilik texnikumi",
        "Zarafshon elektrotexnika va mashinasozlik texnikumi",
    }
    found = _json(client, "get", "/api/v1/institutions?q=Ержанов", **token).json()
    assert found["count"] == 0  # people are not institutions
    found = _json(client, "get", "/api/v1/people?q=yerzhanov", **token).json()
    assert [p["family_name"] for p in found["items"]] == ["Ержанов"]


def test_no_token_or_a_wrong_one_is_401_with_the_error_shape(client, db):
    response = client.get("/api/v1/institutions", HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "fields"}
    assert response.json()["code"] == "not_authenticated"


def test_a_partner_token_reaches_only_the_partners_records(client, partner_token, world):
    uz1 = world["institutions"]["uz1"]
    kz1 = world["institutions"]["kz1"]
    assert (
        _json(client, "get", f"/api/v1/institutions/{uz1.pk}", **partner_token).status_code == 404
    )
    assert (
        _json(client, "get", f"/api/v1/institutions/{kz1.pk}", **partner_token).status_code == 200
    )
    response = _json(
        client,
        "patch",
        f"/api/v1/institutions/{uz1.pk}",
        {"version": 1, "website": "https://x.example"},
        **partner_token,
    )
    assert response.status_code == 404
    assert Institution.objects.get(pk=uz1.pk).website == ""


def test_create_and_patch_with_version_and_conflict(client, token):
    response = _json(
        client,
        "post",
        "/api/v1/institutions",
        {
            "kind": "company",
            "country": "KZ",
            "name": {"en": "Steppe Garments LLP", "ru": "ТОО «Степп Гарментс»"},
        },
        **token,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["version"] == 1
    url = f"/api/v1/institutions/{created['id']}"
    ok = _json(
        client, "patch", url, {"version": 1, "website": "https://steppe.example.kz"}, **token
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = _json(
        client,
        "patch",
        url,
        {"version": 1, "website": "https://other.example"},
        HTTP_ACCEPT_LANGUAGE="en",
        **token,
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert Institution.objects.get(pk=created["id"]).website == "https://steppe.example.kz"


def test_bad_input_gets_field_errors_and_writes_nothing(client, token):
    count = Institution.objects.count()
    response = _json(
        client,
        "post",
        "/api/v1/institutions",
        {"kind": "castle", "country": "KZ", "name": {"de": "Burg"}},
        **token,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert "kind" in body["fields"]
    response = _json(
        client,
        "post",
        "/api/v1/institutions",
        {"kind": "company", "country": "KZ", "name": {}},
        HTTP_ACCEPT_LANGUAGE="en",
        **token,
    )
    assert response.status_code == 400
    assert response.json()["fields"]["name"] == ["Enter the text in at least one language."]
    assert Institution.objects.count() == count


def test_units_and_people_through_the_api(client, token, world):
    kz1 = world["institutions"]["kz1"]
    unit = _json(
        client,
        "post",
        f"/api/v1/institutions/{kz1.pk}/units",
        {
            "kind": "laboratory",
            "name": {"kk": "Мехатроника зертханасы", "en": "Mechatronics Laboratory"},
        },
        **token,
    )
    assert unit.status_code == 201
    person = _json(
        client,
        "post",
        f"/api/v1/institutions/{kz1.pk}/people",
        {
            "family_name": "Әбдірахманова",
            "given_name": "Айгерім",
            "patronymic": "Нұрланқызы",
            "name_script": "Cyrl",
            "unit_id": unit.json()["id"],
            "name_variants": [{"script": "Latn", "family": "Abdirakhmanova", "given": "Aigerim"}],
        },
        **token,
    )
    assert person.status_code == 201, person.content
    assert person.json()["display_name"] in ("Aigerim Abdirakhmanova",)
    other_unit = world["institutions"]["host"].units.first()
    wrong = _json(
        client,
        "patch",
        f"/api/v1/people/{person.json()['id']}",
        {"version": 1, "unit_id": other_unit.pk},
        HTTP_ACCEPT_LANGUAGE="en",
        **token,
    )
    assert wrong.status_code == 400
    assert Person.objects.get(pk=person.json()["id"]).unit_id == unit.json()["id"]
    units = _json(client, "get", f"/api/v1/institutions/{kz1.pk}/units", **token).json()
    assert "Mechatronics Laboratory" in [u["name"].get("en") for u in units]


def test_the_session_api_needs_the_csrf_token_for_writes(world):
    from django.test import Client

    from conftest import login_client

    client = login_client(world["users"]["coordinator"])
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/api/v1/institutions",
        data=json.dumps({"kind": "company", "country": "KZ", "name": {"en": "X"}}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert isinstance(client, Client)


def test_the_openapi_document_describes_every_operation(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/institutions/{institution_id}" in doc["paths"]
    schemas = doc["components"]["schemas"]
    assert "InstitutionOut" in schemas and "PersonIn" in schemas and "ErrorOut" in schemas


@pytest.mark.parametrize(
    "website", ["javascript:alert(5)", "JavaScript:alert(5)", "data:text/html,x", "ftp://x.example"]
)
def test_a_website_that_is_not_http_or_https_is_refused(client, partner_token, world, website):
    kz1 = world["institutions"]["kz1"]
    response = _json(
        client,
        "patch",
        f"/api/v1/institutions/{kz1.pk}",
        {"version": kz1.version, "website": website},
        HTTP_ACCEPT_LANGUAGE="en",
        **partner_token,
    )
    assert response.status_code == 400
    assert response.json()["fields"]["website"] == [
        "Enter a web address that starts with http:// or https://."
    ]
    assert Institution.objects.get(pk=kz1.pk).website == ""
