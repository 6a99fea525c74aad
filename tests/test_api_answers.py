"""Every answer under /api/v1/ is JSON in the one error shape; bounds and clean text at the door.

Through HTTP with a personal API token (or the browser session where the session is the point).
"""

import datetime
import json
from typing import Any

import pytest
from django.test import Client, override_settings

from leizu.accounts.services import api_token_create
from leizu.institutions.models import Institution

SHAPE = {"code", "message", "fields"}


@pytest.fixture
def token(world: dict[str, Any]) -> dict[str, str]:
    _token, raw = api_token_create(user=world["users"]["coordinator"], name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _send(client: Client, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    call = getattr(client, method)
    if body is None:
        return call(url, **headers)
    return call(url, data=json.dumps(body), content_type="application/json", **headers)


def _institution(**fields: Any) -> dict[str, Any]:
    return {"kind": "college", "country": "KZ", "name": {"en": "Steppe College"}, **fields}


# One error shape -------------------------------------------------------------------------------


def test_an_unknown_api_address_answers_404_in_the_error_shape(client, token):
    response = client.get("/api/v1/no-such-thing", **token)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_the_error_message_is_in_the_callers_language(client, token):
    english = client.get("/api/v1/no-such-thing", **token).json()["message"]
    russian = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="ru", **token).json()
    assert set(russian) == SHAPE
    assert russian["message"] != english


def test_a_method_the_address_does_not_take_answers_405_in_the_error_shape(client, token):
    response = client.put("/api/v1/institutions", **token)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_a_body_that_is_not_json_answers_400_in_the_error_shape(client, token):
    response = client.post(
        "/api/v1/institutions", data="{not json", content_type="application/json", **token
    )
    assert response.status_code == 400
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "bad_request"


def test_a_broken_multipart_body_answers_400_in_the_error_shape(client, token, world):
    response = client.generic(
        "POST",
        "/api/v1/talent/imports",
        b"--xyz\r\nContent-Disposition: form-data; name=\r\n\r\n",
        content_type="multipart/form-data; boundary=xyz",
        **token,
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) == SHAPE


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_upload_limit_answers_413_in_the_error_shape(client, token):
    response = _send(
        client,
        "post",
        "/api/v1/institutions",
        _institution(description={"en": "x" * 2000}),
        **token,
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Institution.objects.filter(name__en="Steppe College").exists()


def test_a_write_without_credentials_answers_401_not_a_csrf_refusal(db):
    client = Client(enforce_csrf_checks=True)
    for method in ("post", "patch", "delete"):
        response = _send(client, method, "/api/v1/institutions/1", {})
        assert response.status_code in (401, 405)
        if response.status_code == 401:
            assert response.json()["code"] == "not_authenticated"
    response = _send(client, "post", "/api/v1/institutions", _institution())
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_session_write_without_the_csrf_token_answers_403_in_the_error_shape(world):
    from conftest import login_client

    client = login_client(world["users"]["coordinator"])
    client.handler.enforce_csrf_checks = True
    response = _send(client, "post", "/api/v1/institutions", _institution())
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Institution.objects.filter(name__en="Steppe College").exists()

    client.get("/institutions/")  # the page sets the CSRF cookie, as a browser would get it
    csrf = client.cookies["csrftoken"].value
    response = _send(client, "post", "/api/v1/institutions", _institution(), HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201


# Bounds at the boundary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["limit=9223372036854775808", "offset=9223372036854775808", "limit=201", "limit=0"],
)
def test_a_page_out_of_bounds_is_refused_with_422(client, token, query):
    response = client.get(f"/api/v1/institutions?{query}", **token)
    assert response.status_code == 422
    assert set(response.json()["fields"]) & {"limit", "offset"}


def test_the_largest_page_is_answered(client, token):
    response = client.get("/api/v1/institutions?limit=200&offset=1000000", **token)
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("year", ["-9577", "1899", "2101", "99999999999999999999"])
def test_a_year_out_of_range_is_refused_with_422(client, token, year):
    response = client.get(f"/api/v1/visits?year={year}", **token)
    assert response.status_code == 422
    assert "year" in response.json()["fields"]


def test_a_date_in_the_year_9999_is_refused_with_422(client, token):
    body = {
        "direction": "incoming",
        "title": {"en": "Far future"},
        "start_date": "9999-01-01",
        "end_date": "9999-01-02",
    }
    response = _send(client, "post", "/api/v1/visits", body, **token)
    assert response.status_code == 422
    assert "start_date" in response.json()["fields"]


def test_null_for_a_field_that_cannot_be_empty_is_refused_with_422(client, token, world):
    response = _send(client, "post", "/api/v1/institutions", _institution(name=None), **token)
    assert response.status_code == 422
    assert "name" in response.json()["fields"]
    kz1 = world["institutions"]["kz1"]
    patch = {"version": kz1.version, "kind": None}
    response = _send(client, "patch", f"/api/v1/institutions/{kz1.pk}", patch, **token)
    assert response.status_code == 422
    assert "kind" in response.json()["fields"]


@pytest.mark.parametrize("country", ["XX", "kz", "KAZ", ""])
def test_a_country_code_outside_the_reference_list_is_refused_with_422(client, token, country):
    response = _send(client, "post", "/api/v1/institutions", _institution(country=country), **token)
    assert response.status_code == 422
    assert "country" in response.json()["fields"]


def test_a_megabyte_title_is_refused_with_422(client, token):
    body = {
        "direction": "incoming",
        "title": {"en": "x" * 1_000_000},
        "start_date": "2026-06-01",
        "end_date": "2026-06-02",
    }
    response = _send(client, "post", "/api/v1/visits", body, **token)
    assert response.status_code == 422
    assert "title.en" in response.json()["fields"]


def test_each_language_of_a_multilingual_field_has_its_bound(client, token):
    fine = _institution(name={"en": "x" * 500}, description={"ru": "y" * 20_000})
    assert _send(client, "post", "/api/v1/institutions", fine, **token).status_code == 201
    too_long = _institution(name={"en": "Steppe", "kk": "x" * 501})
    response = _send(client, "post", "/api/v1/institutions", too_long, **token)
    assert response.status_code == 422
    assert "name.kk" in response.json()["fields"]


def test_a_text_longer_than_its_column_is_refused_with_422(client, token):
    response = _send(
        client, "post", "/api/v1/institutions", _institution(national_id="1" * 41), **token
    )
    assert response.status_code == 422
    assert "national_id" in response.json()["fields"]


# Control characters ----------------------------------------------------------------------------


def test_control_characters_are_removed_from_api_text_and_the_exports_still_work(
    client, token, coordinator
):
    body = _institution(
        name={"en": "Steppe\x00 College\x01", "ru": "Степной\x0b колледж"},
        description={"en": "Line one\nline two\x1f"},
        national_id="12\x0345",
    )
    response = _send(client, "post", "/api/v1/institutions", body, **token)
    assert response.status_code == 201
    stored = Institution.objects.get(pk=response.json()["id"])
    assert stored.name == {"en": "Steppe College", "ru": "Степной колледж"}
    assert stored.description == {"en": "Line one\nline two"}
    assert stored.national_id == "1245"
    export = coordinator.get("/institutions/export.xlsx")
    assert export.status_code == 200


def test_a_single_line_api_text_has_its_line_breaks_turned_into_spaces(client, token):
    body = _institution(name={"en": "Steppe\nCollege"})
    response = _send(client, "post", "/api/v1/institutions", body, **token)
    assert response.status_code == 201
    assert response.json()["name"] == {"en": "Steppe College"}


def test_a_visit_with_control_characters_in_its_text_still_prints_as_docx(
    client, token, coordinator
):
    body = {
        "direction": "incoming",
        "title": {"en": "Visit\x01 of the\x00 delegation", "ru": "Визит\x02"},
        "purpose": {"en": "To talk\x07 about\nthe school"},
        "start_date": "2026-06-01",
        "end_date": "2026-06-02",
    }
    response = _send(client, "post", "/api/v1/visits", body, **token)
    assert response.status_code == 201
    visit_id = response.json()["id"]
    assert response.json()["title"]["en"] == "Visit of the delegation"
    draft = _send(client, "post", f"/api/v1/visits/{visit_id}/reports/en/draft", {}, **token)
    assert draft.status_code == 201
    document = coordinator.get(f"/visits/{visit_id}/report/en/report.docx")
    assert document.status_code == 200


def test_a_form_drops_control_characters_before_saving(coordinator, world):
    kz1 = Institution.objects.get(pk=world["institutions"]["kz1"].pk)
    page = coordinator.get(f"/institutions/{kz1.pk}/edit/")
    form = page.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "logo_upload"
    }
    data.update(
        {
            "kind": kz1.kind,
            "country": kz1.country,
            "name_en": "Almaty\x01 College",
            "name_ru": kz1.name.get("ru", ""),
            "description_en": "First\x00 line\r\nsecond line",
            "national_id": "77\x0277",
            "version": kz1.version,
        }
    )
    for code in ("zh-hans", "kk", "uz"):
        data[f"name_{code}"] = kz1.name.get(code, "")
    data.pop("name", None)
    data.pop("description", None)
    response = coordinator.post(f"/institutions/{kz1.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    kz1.refresh_from_db()
    assert kz1.name["en"] == "Almaty College"
    assert kz1.description["en"] == "First line\r\nsecond line".replace("\r\n", "\r\n")
    assert kz1.national_id == "7777"


def test_a_form_refuses_a_multilingual_line_longer_than_its_bound(coordinator, world):
    kz1 = world["institutions"]["kz1"]
    response = coordinator.post(
        f"/institutions/{kz1.pk}/edit/",
        {
            "kind": kz1.kind,
            "country": kz1.country,
            "name_en": "x" * 501,
            "version": kz1.version,
        },
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_an_api_date_at_the_edges_of_the_range_is_accepted(client, token):
    body = {
        "direction": "incoming",
        "title": {"en": "Edges"},
        "start_date": datetime.date(2100, 12, 30).isoformat(),
        "end_date": datetime.date(2100, 12, 31).isoformat(),
    }
    assert _send(client, "post", "/api/v1/visits", body, **token).status_code == 201


def test_text_stored_with_control_characters_before_the_door_cleaned_it_still_exports(
    client, token, coordinator, world
):
    from leizu.visits.models import VisitReport

    Institution.objects.filter(pk=world["institutions"]["kz1"].pk).update(
        # No NUL: PostgreSQL never stores one, whatever the door does.
        name={"en": "Old\x01 college\x0b"},
        national_id="9\x1f9",
    )
    assert coordinator.get("/institutions/export.xlsx").status_code == 200
    body = {
        "direction": "incoming",
        "title": {"en": "Old visit"},
        "start_date": "2026-06-01",
        "end_date": "2026-06-02",
    }
    visit_id = _send(client, "post", "/api/v1/visits", body, **token).json()["id"]
    _send(client, "post", f"/api/v1/visits/{visit_id}/reports/en/draft", {}, **token)
    VisitReport.objects.filter(visit_id=visit_id).update(title="Old\x01", body="Text\x02\n\nMore")
    document = coordinator.get(f"/visits/{visit_id}/report/en/report.docx")
    assert document.status_code == 200
