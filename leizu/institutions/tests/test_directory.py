import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leizu.core.multilingual import Multilingual
from leizu.institutions.demo import enlarge
from leizu.institutions.models import Institution


def _names(response) -> str:
    return response.content.decode()


def test_the_coordinator_sees_every_partner_and_partners_see_only_theirs_and_the_host(clients):
    coordinator = _names(clients["coordinator"].get("/institutions/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Akzhol Industrial Technology College" in coordinator
    assert "Oltinsoy Technical School of Textiles and Sewing" in coordinator
    partner = _names(clients["partner_a"].get("/institutions/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Akzhol Industrial Technology College" in partner
    assert "Siyuan Textile and Apparel Vocational College" in partner
    assert "Oltinsoy Technical School" not in partner
    assert "Saryarka" not in partner


@pytest.mark.parametrize("query", ["Акжол", "akzhol", "阿克若尔", "oqjoʻl", "Oqjo'l"])
def test_search_finds_a_name_in_any_script(coordinator, query):
    body = _names(coordinator.get("/institutions/", {"q": query}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Akzhol Industrial Technology College" in body
    assert "Saryarka" not in body


@pytest.mark.parametrize(
    "query", ["Ak", "кж", "college", "ТЕКС", "textile llp", "50%", "a_b", 'say "x"', "oʻ", "纺织"]
)
def test_the_search_index_finds_exactly_what_a_scan_of_the_column_finds(world, query):
    from django.db.models import Q

    from leizu.core.search import contains_q
    from leizu.core.text import search_terms

    terms = search_terms(query)
    scan = Q()
    for term in terms:
        scan |= Q(search_text__contains=term)
    indexed = set(Institution.objects.filter(contains_q(Institution, "search_text", terms)))
    assert indexed == set(Institution.objects.filter(scan))


def test_the_search_index_follows_renames_and_new_institutions(coordinator, world, actors):
    from leizu.institutions import services

    kz1 = world["institutions"]["kz1"]
    services.institution_update(
        institution=kz1,
        by=actors["coordinator"],
        data={"name": Multilingual({"en": "Zhetysu Weaving College"})},
        version=kz1.version,
    )
    services.institution_create(
        by=actors["coordinator"],
        data={
            "kind": "company",
            "country": "KZ",
            "name": Multilingual({"ru": "ТОО Тоқыма-Сервис"}),
        },
    )
    found = _names(coordinator.get("/institutions/", {"q": "weaving"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Zhetysu Weaving College" in found
    old = _names(coordinator.get("/institutions/", {"q": "Industrial Technology"}))
    assert "Zhetysu" not in old
    assert "Тоқыма-Сервис" in _names(coordinator.get("/institutions/", {"q": "тоқыма"}))


def test_filters_by_country_and_kind(coordinator):
    body = _names(
        coordinator.get(
            "/institutions/",
            {"country": "UZ", "kind": "technical_school"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    assert "Oltinsoy" in body and "Zarafshon" in body
    assert "Akzhol" not in body


def test_the_search_box_swaps_only_the_rows_with_htmx(coordinator):
    response = coordinator.get(
        "/institutions/",
        {"q": "Oltinsoy"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="rows",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = _names(response)
    assert "<html" not in body
    assert "Oltinsoy" in body


def test_a_profile_shows_units_people_and_names_in_every_language(coordinator, world):
    host = world["institutions"]["host"]
    body = _names(coordinator.get(f"/institutions/{host.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Textile New Materials Training Base" in body
    assert "Key Laboratory for Digital Protection of Weaving and Embroidery Heritage" in body
    assert "丝源纺织服装职业学院" in body and "Сыюаньский" in body
    assert "Zhou Wentao" in body


def test_people_names_follow_each_readers_convention(coordinator, world):
    kz1 = world["institutions"]["kz1"]
    ru = _names(coordinator.get(f"/institutions/{kz1.pk}/", HTTP_ACCEPT_LANGUAGE="ru"))
    assert "Ержанов Дәулет Серікұлы" in ru
    zh = _names(coordinator.get(f"/institutions/{kz1.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "达乌列特·叶尔扎诺夫" in zh
    en = _names(coordinator.get(f"/institutions/{kz1.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Daulet Yerzhanov" in en


def test_a_partner_cannot_open_another_partners_profile(clients, world):
    uz1 = world["institutions"]["uz1"]
    assert clients["partner_a"].get(f"/institutions/{uz1.pk}/").status_code == 404
    assert clients["partner_b"].get(f"/institutions/{uz1.pk}/").status_code == 200


def _query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_directory_and_profile_queries_do_not_grow_with_rows(coordinator, world):
    enlarge(institutions=10, people=30)
    big = Institution.objects.filter(national_id__startswith="BENCH").first()
    small = (
        _query_count(coordinator, "/institutions/"),
        _query_count(coordinator, f"/institutions/{big.pk}/"),
    )
    enlarge(institutions=1000, people=3000)
    # Give the profiled institution many more people and units.
    from leizu.institutions.models import OrgUnit, Person

    Person.objects.bulk_create(
        [
            Person(
                institution=big,
                family_name=f"Person{i}",
                name_script="Latn",
                position=Multilingual({"en": "Teacher"}),
            )
            for i in range(200)
        ]
    )
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(institution=big, kind="department", name=Multilingual({"en": f"Unit {i}"}))
            for i in range(50)
        ]
    )
    large = (
        _query_count(coordinator, "/institutions/"),
        _query_count(coordinator, f"/institutions/{big.pk}/"),
    )
    assert Institution.objects.count() > 1000
    assert large == small


def test_each_row_links_to_its_profile_and_names_its_kind_and_country_in_the_readers_language(
    coordinator, world
):
    kz1 = world["institutions"]["kz1"]
    en = _names(coordinator.get("/institutions/", {"q": "Akzhol"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert f'<a href="/institutions/{kz1.pk}/">Akzhol Industrial Technology College</a>' in en
    assert '<td data-label="Kind">College</td><td data-label="Country">Kazakhstan</td>' in en
    ru = _names(coordinator.get("/institutions/", {"q": "Akzhol"}, HTTP_ACCEPT_LANGUAGE="ru"))
    assert f'<a href="/institutions/{kz1.pk}/">' in ru
    assert ">Казахстан</td>" in ru and "Kazakhstan" not in ru


def _country_options(client) -> list[str]:
    import re

    body = _names(client.get("/institutions/", HTTP_ACCEPT_LANGUAGE="en"))
    return re.findall(r'<option value="([A-Z]{2})"', body)


def test_the_country_filter_lists_the_countries_of_the_active_institutions_the_reader_sees(
    clients, world, actors
):
    from leizu.institutions import services

    assert _country_options(clients["coordinator"]) == ["CN", "KZ", "UZ"]
    assert _country_options(clients["partner_a"]) == ["CN", "KZ"]
    # An inactive institution's country is not offered; a new active one's is, in order.
    Institution.objects.filter(pk=world["institutions"]["uz1"].pk).update(is_active=False)
    assert _country_options(clients["coordinator"]) == ["CN", "KZ", "UZ"]
    Institution.objects.filter(country="UZ").update(is_active=False)
    assert _country_options(clients["coordinator"]) == ["CN", "KZ"]
    services.institution_create(
        by=actors["coordinator"],
        data={"kind": "company", "country": "KG", "name": Multilingual({"en": "Ala-Too LLC"})},
    )
    assert _country_options(clients["coordinator"]) == ["CN", "KG", "KZ"]
    assert _country_options(clients["partner_a"]) == ["CN", "KZ"]
