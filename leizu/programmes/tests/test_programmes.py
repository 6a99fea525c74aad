"""Programmes an institution offers: a catalogue code gives the field and the national level,
edits carry their version, a recorded year is corrected only from what its editor saw, the
list keeps its number of queries whatever its rows, and the demo holds the host's five groups."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leizu.core.errors import ServiceError
from leizu.core.models import AuditEntry
from leizu.programmes import services
from leizu.programmes.models import CatalogueEntry, Programme, ProgrammeGroup, ProgrammeYear


def _uz_programme(actors: dict[str, Any], world: dict[str, Any], **data: Any) -> Programme:
    return services.programme_create(
        by=actors["partner_b"],
        institution=world["institutions"]["uz1"],
        data={"name": {"uz": "Tikuvchilik"}, **data},
    )


def test_a_catalogue_code_gives_the_field_and_national_level(actors, world):
    code = CatalogueEntry.objects.get(code="480402")
    programme = _uz_programme(actors, world, catalogue_entry=code)
    assert (programme.isced_f, programme.national_level) == ("0723", "gaozhi_zhuanke")
    assert AuditEntry.objects.filter(action="programmes.programme.create").exists()
    own = _uz_programme(actors, world, catalogue_entry=code, isced_f="0212")
    assert own.isced_f == "0212"  # a field given wins over the code's


def test_a_group_of_another_institution_and_unknown_codes_are_refused(actors, world):
    host_group = ProgrammeGroup.objects.filter(institution=world["institutions"]["host"]).first()
    assert host_group is not None
    with pytest.raises(ServiceError) as refused:
        _uz_programme(actors, world, group=host_group)
    assert "group" in refused.value.fields
    with pytest.raises(ServiceError) as refused:
        _uz_programme(actors, world, occupations=["9999"], languages=["xx"], isced_f="0799")
    assert {"occupations", "languages", "isced_f"} <= set(refused.value.fields)


def test_a_recorded_year_is_corrected_only_from_its_version(actors, world):
    programme = _uz_programme(actors, world)
    by = actors["partner_b"]
    row = services.programme_year_set(
        programme=programme, by=by, year=2025, intake=30, graduates=None
    )
    with pytest.raises(ServiceError):
        services.programme_year_set(programme=programme, by=by, year=2025, intake=99, graduates=1)
    services.programme_year_set(
        programme=programme, by=by, year=2025, intake=31, graduates=28, version=row.version
    )
    row.refresh_from_db()
    assert (row.intake, row.graduates, row.version) == (31, 28, 2)
    with pytest.raises(ServiceError):  # the version it was read at is gone
        services.programme_year_set(
            programme=programme, by=by, year=2025, intake=1, graduates=1, version=1
        )


def test_the_edit_form_needs_the_version_and_the_api_answers_409_on_a_stale_one(
    clients, actors, world
):
    programme = _uz_programme(actors, world)
    partner = clients["partner_b"]
    url = f"/programmes/{programme.pk}/edit/"
    form = {"name_en": "Sewing", "name_uz": "Tikuvchilik"}
    refused = partner.post(url, form, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "without the version" in refused.content.decode()
    saved = partner.post(url, {**form, "version": 1})
    assert saved.status_code == 302
    programme.refresh_from_db()
    assert programme.name["en"] == "Sewing" and programme.version == 2
    stale = partner.patch(
        f"/api/v1/programmes/{programme.pk}",
        {"version": 1, "eqf_level": 4},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_the_api_adds_a_programme_from_a_catalogue_code_and_bounds_its_input(clients):
    code = CatalogueEntry.objects.get(code="460306")
    client = clients["partner_a"]
    made = client.post(
        "/api/v1/programmes",
        {"name": {"ru": "Электроавтоматика"}, "catalogue_code_id": code.pk, "languages": ["ru"]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["isced_f"], body["catalogue_code_id"]) == ("0714", code.pk)
    bad = client.post(
        "/api/v1/programmes",
        {"name": {"ru": "x"}, "occupations": ["12"], "duration_years": 99},
        content_type="application/json",
    )
    assert bad.status_code == 422
    year = client.put(
        f"/api/v1/programmes/{body['id']}/years/2025",
        {"intake": 25},
        content_type="application/json",
    )
    assert year.status_code == 200 and year.json()["intake"] == 25
    again = client.put(
        f"/api/v1/programmes/{body['id']}/years/2025",
        {"intake": 26},
        content_type="application/json",
    )
    assert again.status_code == 400


def test_the_list_reads_a_constant_number_of_queries(clients, actors, world):
    client = clients["student"]
    with CaptureQueriesContext(connection) as few:
        client.get("/programmes/", {"field": "0713"})
    for n in range(15):
        p = _uz_programme(actors, world, isced_f="0713")
        services.programme_year_set(
            programme=p, by=actors["partner_b"], year=2024, intake=n, graduates=n
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/programmes/", {"field": "0713"})
    assert len(page.context["rows"]) >= 16
    assert len(many) == len(few)


@pytest.mark.parametrize("language", ["zh-hans", "ru", "kk", "uz", "en"])
def test_the_demo_programmes_read_in_each_language(clients, world, language):
    host = world["institutions"]["host"]
    groups = ProgrammeGroup.objects.filter(institution=host)
    assert groups.count() == 5
    programme = Programme.objects.get(institution=host, catalogue_entry__code="460306")
    assert ProgrammeYear.objects.filter(programme=programme, graduates__isnull=False).exists()
    page = clients["partner_a"].get(f"/programmes/{programme.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    text = page.content.decode()
    assert programme.name[language] in text and programme.group.name[language] in text


@pytest.mark.parametrize(
    "language, heading",
    [("ru", "Дисциплины и результаты обучения"), ("en", "Courses and learning outcomes")],
)
def test_the_programme_profile_downloads_as_word_in_the_readers_language(
    clients, world, language, heading
):
    import io

    from docx import Document

    programme = Programme.objects.get(
        institution=world["institutions"]["host"], catalogue_entry__code="460306"
    )
    response = clients["partner_a"].get(
        f"/programmes/{programme.pk}/profile.docx", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert programme.name[language] in text and heading in text
    course = programme.courses.order_by("order").first()
    assert course.name[language] in text
    years = document.tables[-1]
    first_year = programme.years.order_by("year").first()
    assert years.rows[1].cells[0].text == str(first_year.year)
