"""Gap figures and the dashboard: right numbers, constant query count, drill-down."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leizu.talent import figures, services
from leizu.talent.models import GraduateSupply, Posting, StatedNeed


def _posting(n: int, **kw) -> Posting:
    today = timezone.localdate()
    values = {
        "institution_id": kw.pop("institution_id"),
        "title": f"Test posting {n}",
        "country": "TJ",
        "region": "TJ-SU",
        "posted_on": today,
        "content_hash": f"figures-{n}-{kw.get('isced_f', '')}",
        "isced_f": "0723",
        "isco08": "7533",
        "openings": 1,
    }
    values.update(kw)
    return Posting(**values)


@pytest.fixture
def tj(world):
    """Figures for Tajikistan only: the demo world has no evidence there."""
    institute = world["institutions"]["institute"]
    Posting.objects.bulk_create(
        [_posting(i, institution_id=institute.pk) for i in range(6)]
        + [
            _posting(i, institution_id=institute.pk, isced_f="0715", isco08="7223")
            for i in range(2)
        ]
    )
    StatedNeed.objects.create(
        institution=institute,
        country="TJ",
        region="TJ-SU",
        isced_f="0723",
        occupation="Tailors",
        headcount=10,
        reliability=0.4,
        stated_on=timezone.localdate(),
    )
    GraduateSupply.objects.create(
        isced_f="0723", country="TJ", region="TJ-SU", year=timezone.localdate().year, graduates=6
    )
    return institute


def test_demand_weighs_stated_needs_by_reliability_and_compares_with_supply(tj, actors):
    data = figures.gap_figures(
        actor=actors["coordinator"], filters=figures.filters_from({"country": "TJ"})
    )
    by_field = {r["key"]: r for r in data["fields"]}
    textiles = by_field["0723"]
    assert (textiles["postings"], textiles["needs"], textiles["demand"]) == (6, 4.0, 10.0)
    assert textiles["supply"] == 6
    assert textiles["gap"] == pytest.approx((10 - 6) / (10 + 6), abs=1e-3)
    assert textiles["ratio"] == pytest.approx(10 / 6, abs=1e-2)
    assert by_field["0715"]["gap"] == 1.0 and by_field["0715"]["ratio"] is None
    assert data["regions"][0]["key"] == "TJ-SU"
    assert {"name": "TJ-SU", "value": 12.0} in data["map"]
    assert sum(data["trend"]["series"][0]["values"]) == 8


def test_a_reviewers_correction_moves_the_posting_in_the_figures(tj, actors):
    posting = Posting.objects.filter(country="TJ", isced_f="0715").first()
    services.posting_review(
        posting=posting, by=actors["coordinator"], isco08="7533", isced_f="0723"
    )
    data = figures.gap_figures(
        actor=actors["coordinator"], filters=figures.filters_from({"country": "TJ"})
    )
    by_field = {r["key"]: r for r in data["fields"]}
    assert by_field["0723"]["postings"] == 7
    assert by_field["0715"]["postings"] == 1


def test_a_posting_two_institutions_imported_counts_once_in_demand(actors, tmp_path, settings):
    from django.core.files import File

    from leizu.talent import io
    from leizu.talent.home import home_panels

    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate().isoformat()
    path = tmp_path / "board.csv"
    path.write_text(
        f"title,country,region,date,openings\nTailor,TJ,TJ-SU,{day},2\nTurner,TJ,TJ-SU,{day},1\n",
        encoding="utf-8",
    )
    home_before = home_panels(actors["coordinator"])[0].figure
    for partner in ("partner_a", "partner_b"):
        with path.open("rb") as handle:
            job = services.import_create(
                by=actors[partner], upload=File(handle, name=path.name), kind="postings"
            )
        services.import_start(job=job, by=actors[partner])
        job = io.run_classification(io.run_import(job.pk).pk)
        assert (job.created_count, job.duplicate_count) == (2, 0)
    assert Posting.objects.filter(country="TJ", title="Tailor").count() == 2
    data = figures.gap_figures(
        actor=actors["coordinator"], filters=figures.filters_from({"country": "TJ"})
    )
    assert data["total"]["postings"] == 3
    assert sum(r["postings"] for r in data["fields"]) == 3
    assert sum(data["trend"]["series"][0]["values"]) == 3
    assert sum(r["demand"] for r in data["occupations"]) == 3
    assert int(home_panels(actors["coordinator"])[0].figure) == int(home_before) + 3


def _dashboard_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_and_postings_queries_do_not_grow_with_postings(coordinator, world):
    institute = world["institutions"]["institute"]
    first = _dashboard_queries(coordinator, "/talent/")
    first_list = _dashboard_queries(coordinator, "/talent/postings/")
    regions = ["KZ-ALA", "KZ-AST", "UZ-FA", "UZ-TK", "CN-ZJ"]
    fields = ["0723", "0715", "0713", "0714", "0711"]
    today = timezone.localdate()
    Posting.objects.bulk_create(
        [
            _posting(
                10_000 + i,
                institution_id=institute.pk,
                country=regions[i % 5][:2],
                region=regions[i % 5],
                isced_f=fields[i % 5],
                posted_on=today - datetime.timedelta(days=i % 700),
            )
            for i in range(2000)
        ]
    )
    assert _dashboard_queries(coordinator, "/talent/") == first
    assert _dashboard_queries(coordinator, "/talent/?country=KZ&field=0723") == first
    assert _dashboard_queries(coordinator, "/talent/postings/") == first_list
    print(f"\ndashboard: {first} queries, postings list: {first_list} queries")


def test_the_dashboard_shows_bars_map_and_trend_data_and_links_to_the_postings(coordinator):
    page = coordinator.get("/talent/").content.decode()
    assert 'id="talent-chart-data"' in page
    assert "central-asia-china.json" in page
    assert "/talent/postings/?field=0723" in page


def test_drilling_down_lists_the_postings_behind_a_figure(tj, coordinator):
    page = coordinator.get("/talent/postings/?country=TJ&field=0715").content.decode()
    assert page.count("Test posting") == 2


def test_a_partner_sees_the_aggregates_but_only_their_own_postings(tj, clients):
    partner = clients["partner_a"]
    page = partner.get("/talent/?country=TJ").content.decode()
    assert "0723" in page
    rows = partner.get("/talent/postings/?country=TJ").content.decode()
    assert "Test posting" not in rows


def test_students_see_nothing_of_talent(clients):
    assert clients["student"].get("/talent/").status_code == 404
    assert clients["student"].get("/api/v1/talent/figures").status_code == 404


def test_needs_recorded_during_visits_count_through_the_visits_selector(world, actors):
    from leizu.visits.models import StatedNeed as VisitNeed

    need = VisitNeed.objects.filter(headcount__isnull=False).select_related("visit").first()
    assert need is not None, "the visits demo records needs with headcounts"
    year = need.visit.start_date.year
    params = {"country": need.country, "year_from": year, "year_to": year}
    with_visits = figures.gap_figures(
        actor=actors["partner_a"], filters=figures.filters_from(params)
    )
    without = figures.gap_figures(
        actor=actors["partner_a"], filters=figures.filters_from({**params, "visit_reliability": 0})
    )
    expected = sum(
        n.headcount * figures.DEFAULT_VISIT_RELIABILITY
        for n in VisitNeed.objects.filter(
            country=need.country, headcount__isnull=False, visit__start_date__year=year
        )
    )
    assert with_visits["total"]["needs"] - without["total"]["needs"] == pytest.approx(expected)


def test_programme_graduates_are_supply_where_no_statistics_were_entered(tj, actors, world):
    """Graduates recorded for programmes count as supply of their field, country and year;
    where supply was entered for the same field, country and year, the entered statistics
    (which count those graduates already) stand alone."""
    from leizu.institutions.services import institution_create
    from leizu.programmes import services as programmes

    college = institution_create(
        by=world["operator"],
        data={"name": {"ru": "Худжандский колледж"}, "kind": "college", "country": "TJ"},
    )
    year = timezone.localdate().year
    for field, graduates in (("0715", 7), ("0723", 5)):
        programme = programmes.programme_create(
            by=world["operator"],
            institution=college,
            data={"name": {"ru": f"Программа {field}"}, "isced_f": field},
        )
        programmes.programme_year_set(
            programme=programme, by=world["operator"], year=year, intake=10, graduates=graduates
        )
    data = figures.gap_figures(
        actor=actors["coordinator"], filters=figures.filters_from({"country": "TJ"})
    )
    by_field = {r["key"]: r for r in data["fields"]}
    assert by_field["0715"]["supply"] == 7  # from the programme: nothing entered for 0715
    assert by_field["0723"]["supply"] == 6  # the entered statistics, not 6 + 5
