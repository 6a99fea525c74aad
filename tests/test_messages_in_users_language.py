"""Every input is answered in the user's language: the API's field errors (ours, chosen by the
type of pydantic's error, never its English) and the row and file errors of imports, which a
background job writes in the language of whoever uploaded the file.

The catalogues are filled after the code is written, so the tests compare with what gettext
gives for each message in that language (the English text until it is translated) and check
that none of pydantic's or a library's English text gets through.
"""

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import login_client
from leizu.accounts.services import api_token_create
from leizu.core.tests.fixtures import tasks_run_at_once
from leizu.talent import io as talent_io
from leizu.talent.models import ImportJob, ImportStatus

__all__ = ["tasks_run_at_once"]

PYDANTIC_ENGLISH = (
    "Field required",
    "String should",
    "Input should",
    "Value error",
    "valid integer",
    "should have at most",
)


def _token(user: Any) -> dict[str, str]:
    _row, raw = api_token_create(user=user, name="languages")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Client, url: str, body: Any, **headers: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def _in(language: str, message: str, **params: Any) -> str:
    with translation.override(language):
        return gettext(message) % params if params else gettext(message)


def _no_pydantic_english(response: Any) -> None:
    text = response.content.decode()
    for english in PYDANTIC_ENGLISH:
        assert english not in text, english


# The API ---------------------------------------------------------------------------------------


def test_a_missing_field_and_a_too_long_one_are_answered_in_russian(client, world):
    token = _token(world["users"]["coordinator"])
    body = {"country": "KZ", "name": {"en": "Steppe College"}, "national_id": "1" * 41}
    response = _post(client, "/api/v1/institutions", body, HTTP_ACCEPT_LANGUAGE="ru", **token)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "validation_error"
    assert answer["message"] == _in("ru", "Some fields are not valid.")
    assert answer["fields"]["kind"] == [_in("ru", "This field is required.")]
    with translation.override("ru"):
        too_long = ngettext(
            "Enter at most %(limit)d character.", "Enter at most %(limit)d characters.", 40
        ) % {"limit": 40}
    assert answer["fields"]["national_id"] == [too_long]
    _no_pydantic_english(response)


def test_a_number_a_choice_and_a_bound_are_answered_in_our_words(client, world):
    token = _token(world["users"]["coordinator"])
    response = client.get("/api/v1/institutions?limit=many", HTTP_ACCEPT_LANGUAGE="ru", **token)
    assert response.status_code == 422
    assert response.json()["fields"]["limit"] == [_in("ru", "Enter a whole number.")]
    _no_pydantic_english(response)

    response = client.get("/api/v1/institutions?limit=201", HTTP_ACCEPT_LANGUAGE="ru", **token)
    assert response.json()["fields"]["limit"] == [
        _in("ru", "Enter a number of at most %(limit)s.", limit=200)
    ]

    body = {"kind": "spaceship", "country": "KZ", "name": {"en": "Steppe College"}}
    response = _post(client, "/api/v1/institutions", body, HTTP_ACCEPT_LANGUAGE="ru", **token)
    [message] = response.json()["fields"]["kind"]
    with translation.override("ru"):
        assert message.startswith(gettext("Choose one of: %(choices)s.").split("%")[0])
    assert "college" in message and " or " not in message
    _no_pydantic_english(response)


def test_a_token_caller_who_names_no_language_is_answered_in_the_users_own(client, world):
    partner = world["users"]["partner_kz"]
    assert partner.preferred_language == "kk"
    body = {"family_name": ""}
    kz1 = world["institutions"]["kz1"]
    response = _post(client, f"/api/v1/institutions/{kz1.pk}/people", body, **_token(partner))
    assert response.status_code == 422
    assert response.json()["message"] == _in("kk", "Some fields are not valid.")
    _no_pydantic_english(response)


def test_the_language_cookie_chooses_the_language_of_the_answer(world):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uz"
    body = {"country": "KZ", "name": {"en": "Steppe College"}}
    response = _post(client, "/api/v1/institutions", body, **_token(world["users"]["coordinator"]))
    assert response.json()["fields"]["kind"] == [_in("uz", "This field is required.")]


def test_a_country_outside_the_list_is_refused_in_our_words(client, world):
    token = _token(world["users"]["coordinator"])
    body = {"kind": "college", "country": "EU", "name": {"en": "Union College"}}
    response = _post(client, "/api/v1/institutions", body, HTTP_ACCEPT_LANGUAGE="ru", **token)
    assert response.status_code == 422
    assert response.json()["fields"]["country"]
    _no_pydantic_english(response)


# Imports ---------------------------------------------------------------------------------------


@pytest.fixture
def kazakh(world: dict[str, Any]) -> Client:
    """Partner A's staff, whose language is Kazakh, as after signing in (the language cookie)."""
    client = login_client(world["users"]["partner_kz"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    return client


def _upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(
        "/talent/imports/", {"file": SimpleUploadedFile(name, content), "kind": "postings"}
    )


def _run_in_english(client: Client, job: ImportJob) -> ImportJob:
    """Start the job from its page, then run it as the worker does: in another process, where
    no request chose a language."""
    response = client.post(job.get_absolute_url(), job.mapping)
    assert response.status_code == 302
    with translation.override("en"):
        return talent_io.run_import(job.pk)


def test_row_errors_of_a_kazakh_users_import_are_written_in_kazakh(kazakh, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Job title", "Country", "Published"])
    writer.writerow(["Тігінші", "EU", "2025-01-10"])
    writer.writerow(["", "KZ", "not a date"])
    response = _upload(kazakh, "bad.csv", buffer.getvalue().encode("utf-8"))
    assert response.status_code == 302
    job = ImportJob.objects.get(original_name="bad.csv")
    assert job.language == "kk"
    job = _run_in_english(kazakh, job)
    assert job.status == ImportStatus.FAILED
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert messages == {
        (2, "Country"): _in("kk", "“%(value)s” is not a two-letter ISO country code.", value="EU"),
        (3, "Job title"): _in("kk", "This value is missing."),
        (3, "Published"): _in("kk", "The date is missing or not a date (use YYYY-MM-DD)."),
    }
    page = kazakh.get(job.get_absolute_url()).content.decode()
    assert _in("kk", "This value is missing.") in page


def test_a_file_the_csv_reader_gives_up_on_is_explained_in_kazakh(kazakh, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    content = "Job title,Country,Published\n" + f"{'x' * 200_000},KZ,2025-01-10\n"
    response = _upload(kazakh, "long.csv", content.encode("utf-8"))
    assert response.status_code == 302
    job = _run_in_english(kazakh, ImportJob.objects.get(original_name="long.csv"))
    [error] = job.errors
    assert error["message"] == _in(
        "kk",
        "Row %(row)d cannot be read as CSV: check its quotes and separators, or save the "
        "file again as CSV UTF-8.",
        row=2,
    )
    assert "field larger" not in error["message"]


def test_a_failure_while_saving_shows_our_words_not_the_exception(
    kazakh, tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    content = "Job title,Country,Published\nТігінші,KZ,2025-01-10\n"
    assert _upload(kazakh, "fine.csv", content.encode("utf-8")).status_code == 302

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("relation talent_posting violates something internal")

    monkeypatch.setattr(talent_io, "_save", broken)
    job = _run_in_english(kazakh, ImportJob.objects.get(original_name="fine.csv"))
    [error] = job.errors
    assert "internal" not in error["message"]
    assert error["message"] == _in(
        "kk",
        "Saving failed because of an error on our side; it has been logged. Nothing was saved: "
        "start the import again later.",
    )


def test_a_file_refused_on_upload_is_refused_in_kazakh(kazakh, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<row>" * 4_000_000)
    response = _upload(kazakh, "board.xlsx", bomb.getvalue())
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("kk"):
        refusal = gettext(
            "A part of the workbook unpacks to %(ratio)d times its packed size, "
            "more than a spreadsheet does: it is refused as a possible zip bomb."
        ).split("%(ratio)d")[0]
    assert escape(refusal) in page

    response = _upload(kazakh, "broken.xlsx", b"PK\x03\x04 not really a zip")
    assert _in("kk", "The file is not an Excel workbook (.xlsx).") in response.content.decode()


def test_a_workbook_import_answers_in_the_language_of_the_page(world, tasks_run_at_once):
    from openpyxl import Workbook

    client = login_client(world["users"]["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kind", "country", "name_en"])
    sheet.append(["college", "EU", "Union College"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/institutions/import/",
        {"file": SimpleUploadedFile("list.xlsx", buffer.getvalue())},
        follow=True,
    )
    assert response.status_code == 200
    expected = _in("kk", "“%(value)s” is not a two-letter ISO country code.", value="EU")
    assert escape(expected) in response.content.decode()
