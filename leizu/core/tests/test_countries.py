"""One list of countries (ISO 3166-1 alpha-2) for the pickers, the API and the imports: no
unions, regions, pseudo-locales or reserved codes from CLDR's list of territories."""

import io
import json

import pytest
from openpyxl import Workbook

from leizu.accounts.services import api_token_create
from leizu.core.reference import country_choices, country_codes, country_name
from leizu.institutions.forms import InstitutionForm
from leizu.talent.io import RowChecker
from leizu.talent.models import ImportKind

NOT_COUNTRIES = ["EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ", "AC", "CP", "CQ", "DG", "EA"]
NOT_COUNTRIES += ["IC", "TA", "001", "150"]


def test_the_list_is_the_249_codes_of_iso_3166_1():
    codes = country_codes()
    assert len(codes) == len(set(codes)) == 249
    assert list(codes) == sorted(codes)
    assert all(len(c) == 2 and c.isalpha() and c.isupper() for c in codes)
    assert {"CN", "KZ", "UZ", "KG", "TJ", "TM", "RU", "AQ", "HK", "TW", "PS"} <= set(codes)
    assert not set(NOT_COUNTRIES) & set(codes)


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru", "kk", "uz"])
def test_every_choice_is_a_named_country_of_the_list(language):
    choices = country_choices(language)
    assert sorted(code for code, _name in choices) == list(country_codes())
    assert all(name and name != code for code, name in choices), language
    assert country_name("KZ", "ru") == "Казахстан"


def test_the_forms_offer_only_countries(db):
    offered = {code for code, _name in InstitutionForm().fields["country"].choices if code}
    assert offered == set(country_codes())


@pytest.mark.parametrize("code", ["EU", "UN", "XK", "QO"])
def test_the_api_refuses_what_is_no_country(client, world, code):
    _token, raw = api_token_create(user=world["users"]["coordinator"], name="countries")
    body = {"kind": "college", "country": code, "name": {"en": "Somewhere College"}}
    response = client.post(
        "/api/v1/institutions",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422
    assert "country" in response.json()["fields"]


def test_the_api_documents_the_same_list(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    enums = [
        prop["enum"]
        for component in schema["components"]["schemas"].values()
        for name, prop in component.get("properties", {}).items()
        if name == "country" and "enum" in prop
    ]
    assert enums and all(enum == list(country_codes()) for enum in enums)


@pytest.mark.parametrize("code", ["EU", "UN", "XK"])
def test_imports_refuse_what_is_no_country(world, code):
    checker = RowChecker(ImportKind.POSTINGS, {"country": "country"}, {})
    assert code not in checker.countries
    from leizu.core.imports import Row

    _data, errors = checker.check(Row(2, {"country": code}))
    assert any(e.column == "country" for e in errors)


def test_the_institution_import_refuses_what_is_no_country(actors):
    from leizu.institutions.io import institutions_import_xlsx

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kind", "country", "name_en"])
    sheet.append(["college", "EU", "Union College"])
    sheet.append(["college", "KZ", "Steppe College"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = institutions_import_xlsx(by=actors["coordinator"], file=buffer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "country")]
