"""Every edit carries the version it was based on: without it a form or a PATCH changes nothing."""

import json
from typing import Any

import pytest
from django import forms

from leizu.accounts.services import api_token_create
from leizu.institutions.models import Institution
from leizu.talent.models import StatedNeed
from leizu.visits.models import Visit
from leizu.visits.tests.helpers import make_visit


@pytest.fixture
def token(world: dict[str, Any]) -> dict[str, str]:
    _token, raw = api_token_create(user=world["users"]["coordinator"], name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser sends for the form as the page shows it."""
    data: dict[str, Any] = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[bound.html_name + suffix] = part or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            continue
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = widget.format_value(value) or ""
    return data


def _institution(world: dict[str, Any], token: Any, client: Any) -> Institution:
    return Institution.objects.get(pk=world["institutions"]["host"].pk)


def _visit(world: dict[str, Any], actors: Any) -> Visit:
    return make_visit(world, actors["coordinator"], title="Versions")


def _need(client: Any, token: dict[str, str]) -> StatedNeed:
    body = {
        "isced_f": "0723",
        "occupation": "Sewing technologist",
        "country": "KZ",
        "headcount": 12,
        "stated_on": "2026-03-01",
    }
    response = client.post(
        "/api/v1/talent/needs", json.dumps(body), content_type="application/json", **token
    )
    assert response.status_code == 201
    return StatedNeed.objects.get(pk=response.json()["id"])


@pytest.fixture
def records(world, actors, client, token) -> dict[str, tuple[Any, str, str, str]]:
    """Per app: the record, its edit page, the field to change and the value to change it to."""
    institution = _institution(world, token, client)
    visit = _visit(world, actors)
    need = _need(client, token)
    return {
        "institution": (institution, f"/institutions/{institution.pk}/edit/", "national_id", "N-7"),
        "visit": (visit, f"/visits/{visit.pk}/edit/", "title_en", "Renamed visit"),
        "talent need": (need, f"/talent/needs/{need.pk}/edit/", "employer", "Steppe Mills"),
    }


@pytest.mark.parametrize("app", ["institution", "visit", "talent need"])
def test_an_edit_form_sent_without_its_version_is_refused_and_changes_nothing(
    coordinator, records, app
):
    record, url, field, value = records[app]
    page = coordinator.get(url)
    assert page.status_code == 200
    data = _post_data(page.context["form"])
    assert data.pop("version") == str(record.version)
    data[field] = value

    response = coordinator.post(url, data)

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("without the version" in str(e) for e in errors)
    assert b"without the version" in response.content
    before = record.version
    record.refresh_from_db()
    assert record.version == before
    assert value not in json.dumps(getattr(record, field.removesuffix("_en")), ensure_ascii=False)


@pytest.mark.parametrize("app", ["institution", "visit", "talent need"])
def test_an_edit_form_with_its_version_saves(coordinator, records, app):
    record, url, field, value = records[app]
    data = _post_data(coordinator.get(url).context["form"])
    data[field] = value
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    before = record.version
    record.refresh_from_db()
    assert record.version == before + 1


def test_an_edit_form_with_an_older_version_is_a_conflict(coordinator, records):
    record, url, field, value = records["institution"]
    data = _post_data(coordinator.get(url).context["form"])
    data[field] = value
    data["version"] = str(record.version - 1) if record.version > 1 else "999"
    response = coordinator.post(url, data)
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.national_id != value


@pytest.mark.parametrize(
    "target",
    ["institution", "visit", "talent need", "visit need", "agenda item", "approval step"],
)
def test_a_patch_without_its_version_answers_422_and_changes_nothing(
    client, token, world, actors, target
):
    visit = make_visit(
        world, actors["coordinator"], host="uz1", guests=("host",), direction="outgoing"
    )
    if target == "institution":
        obj: Any = Institution.objects.get(pk=world["institutions"]["host"].pk)
        url, body = f"/api/v1/institutions/{obj.pk}", {"national_id": "N-7"}
    elif target == "visit":
        obj, url, body = visit, f"/api/v1/visits/{visit.pk}", {"time_zone": "Asia/Almaty"}
    elif target == "talent need":
        obj = _need(client, token)
        url, body = f"/api/v1/talent/needs/{obj.pk}", {"employer": "Steppe Mills"}
    elif target == "visit need":
        created = client.post(
            f"/api/v1/visits/{visit.pk}/needs",
            json.dumps({"field_code": "0723", "occupation": {"en": "Tailors"}}),
            content_type="application/json",
            **token,
        )
        assert created.status_code == 201
        obj = visit.needs.get(pk=created.json()["id"])
        url, body = f"/api/v1/visits/needs/{obj.pk}", {"headcount": 3}
    elif target == "agenda item":
        created = client.post(
            f"/api/v1/visits/{visit.pk}/agenda",
            json.dumps({"kind": "meeting", "starts_at": "2026-06-01T10:00:00"}),
            content_type="application/json",
            **token,
        )
        assert created.status_code == 201
        obj = visit.agenda_items.get(pk=created.json()["id"])
        url, body = f"/api/v1/visits/agenda/{obj.pk}", {"title": {"en": "Moved"}}
    else:
        obj = visit.approval_steps.first()
        url, body = f"/api/v1/visits/approval-steps/{obj.pk}", {"note": "Signed"}

    response = client.patch(url, json.dumps(body), content_type="application/json", **token)

    assert response.status_code == 422
    assert "version" in response.json()["fields"]
    before = obj.version
    obj.refresh_from_db()
    assert obj.version == before


def test_an_edit_form_refuses_a_date_in_the_year_9999_and_changes_nothing(coordinator, records):
    visit, url, _field, _value = records["visit"]
    data = _post_data(coordinator.get(url).context["form"])
    data["start_date"], data["end_date"] = "9999-01-01", "9999-01-02"
    response = coordinator.post(url, data)
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    before = visit.start_date
    visit.refresh_from_db()
    assert visit.start_date == before
