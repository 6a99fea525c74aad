"""The shipped programme catalogue and its pages and API: every code of the reference file
with its parent chain, names in the five languages and its field, loaded once however often the
loader runs; read by every member; searched by code, name and field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leizu.programmes.catalogues import load_shipped, shipped_rows
from leizu.programmes.models import Catalogue, CatalogueEntry
from leizu.talent.codes import isced_detailed_codes


def _shipped() -> Catalogue:
    return Catalogue.objects.get(country="CN", classifier="cn-vet", edition="2021")


def test_every_code_of_the_reference_file_is_in_the_catalogue_under_its_class(world):
    rows = shipped_rows()
    entries = {e.code: e for e in CatalogueEntry.objects.filter(catalogue=_shipped())}
    assert len(rows) == 186
    for row in rows:
        e = entries[row["code"]]
        assert e.kind == "programme"
        assert e.status == row["status"] and e.sources == row["sources"]
        assert e.parent.code == row["class_code"] and e.parent.kind == "class"
        assert e.parent.parent.code == row["category_code"] and e.parent.parent.kind == "category"
        assert e.code.startswith(e.parent.code) and e.parent.code.startswith(e.parent.parent.code)
        assert e.isced_f in isced_detailed_codes()
        assert set(e.name) == {"zh-hans", "en", "ru", "kk", "uz"}, e.code
        assert e.name["zh-hans"] == row["name_zh"]
    assert entries["460306"].name["zh-hans"] == "电气自动化技术"
    assert entries["480401"].name["zh-hans"] == "现代纺织技术"


def test_loading_the_catalogue_again_changes_nothing(world):
    def snapshot() -> list[tuple]:
        return list(
            CatalogueEntry.objects.order_by("pk").values_list(
                "pk", "code", "parent_id", "name", "status", "isced_f", "order"
            )
        )

    before = snapshot()
    catalogue = load_shipped(Catalogue, CatalogueEntry)
    assert snapshot() == before
    assert Catalogue.objects.filter(classifier="cn-vet").count() == 1
    assert catalogue.entries.filter(kind="programme").count() == 186


@pytest.mark.parametrize(
    "language, word",
    [("zh-hans", "电气自动化技术"), ("ru", None), ("kk", None), ("uz", None), ("en", None)],
)
def test_the_catalogue_page_names_codes_in_the_readers_language(clients, language, word):
    entry = CatalogueEntry.objects.get(code="460306")
    word = word or entry.name[language]
    page = clients["student"].get(
        f"/programmes/catalogues/{entry.catalogue_id}/?q=460306", HTTP_ACCEPT_LANGUAGE=language
    )
    assert page.status_code == 200
    assert word in page.content.decode()


def test_search_by_code_name_and_field_finds_the_programme_and_what_it_belongs_to(clients):
    catalogue = _shipped()
    client = clients["partner_a"]
    url = f"/programmes/catalogues/{catalogue.pk}/"
    by_code = client.get(url, {"q": "4603"}).context["rows"]
    assert "460306" in [e.code for e, _level, _field in by_code]
    by_name = client.get(url, {"q": "纺织"}).context["rows"]
    assert "480401" in [e.code for e, _level, _field in by_name]
    by_field = [e for e, _l, _f in client.get(url, {"field": "0714"}).context["rows"]]
    codes = {e.code for e in by_field}
    assert {"460306", "4603", "46"} <= codes
    assert all(e.isced_f == "0714" for e in by_field if e.kind == "programme")
    nothing = client.get(url, {"q": "zzzz-no-such-code"})
    assert nothing.context["rows"] == []


def test_the_catalogue_page_reads_a_constant_number_of_queries(clients):
    catalogue = _shipped()
    client = clients["coordinator"]
    url = f"/programmes/catalogues/{catalogue.pk}/"
    counts = []
    for params in ({"q": "460306"}, {}):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url, params)
        counts.append(len(captured))
        rows = len(page.context["rows"])
    assert rows == 100  # the full first page
    assert counts[0] == counts[1]


def test_a_code_page_shows_its_chain_field_and_basis(clients):
    entry = CatalogueEntry.objects.get(code="460306")
    page = clients["student"].get(f"/programmes/codes/{entry.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "4603" in text and entry.parent.name["en"] in text
    assert entry.isced_basis in text
    assert "Electronics and automation" in text


def test_the_api_lists_the_catalogue_and_filters_its_codes(clients):
    catalogue = _shipped()
    client = clients["student"]
    listed = client.get("/api/v1/programmes/catalogues").json()
    assert {c["id"]: c["programme_count"] for c in listed["items"]}[catalogue.pk] == 186
    codes = client.get(
        f"/api/v1/programmes/catalogues/{catalogue.pk}/codes", {"field": "0723", "limit": 200}
    ).json()
    programmes = [c for c in codes["items"] if c["kind"] == "programme"]
    assert programmes and all(c["isced_f"] == "0723" for c in programmes)
    assert "480401" in [c["code"] for c in programmes]
    one = client.get(f"/api/v1/programmes/codes/{programmes[0]['id']}").json()
    assert one["code"] == programmes[0]["code"] and one["isced_confidence"] in (
        "high",
        "medium",
        "low",
    )
    assert client.get("/api/v1/programmes/codes/999999").status_code == 404
    assert (
        client.get(f"/api/v1/programmes/catalogues/{catalogue.pk}/codes?field=7").status_code == 422
    )
