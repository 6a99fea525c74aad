"""The directory reads a fixed number of queries, however many institutions match."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from leizu.institutions.demo import enlarge
from leizu.institutions.models import Institution

# The page, a search (a common word: the index's ids while the matches are few, a scan once
# they are many), a filter, a later page, and the rows the search box swaps in with htmx.
PAGES = [
    ("/institutions/", {}),
    ("/institutions/?q=college", {}),
    ("/institutions/?country=KZ&kind=college", {}),
    ("/institutions/?page=2", {}),
    ("/institutions/?q=college", {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "rows"}),
]


def _query_counts(client) -> list[int]:
    counts = []
    for url, headers in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts


def test_the_directory_and_its_search_read_as_many_queries_for_1000_institutions_as_for_10(
    coordinator, world
):
    enlarge(institutions=10, people=30)
    small = _query_counts(coordinator)
    enlarge(institutions=1010, people=3000)
    assert Institution.objects.filter(search_text__contains="college").count() > 1000
    assert _query_counts(coordinator) == small

    # A search counts up to a thousand matches and says there are more; the directory all.
    total = Institution.objects.filter(is_active=True).count()
    search = coordinator.get("/institutions/?q=college", HTTP_ACCEPT_LANGUAGE="en").content
    assert b"More than 1000 institutions match: the first 1000 are shown." in search
    assert b"Page 1 of 40" in search
    last = coordinator.get("/institutions/?q=college&page=99", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Page 40 of 40" in last.content
    directory = coordinator.get("/institutions/", HTTP_ACCEPT_LANGUAGE="en").content
    assert f"{total} institutions".encode() in directory
    assert b"More than" not in directory


def test_the_rows_the_search_box_swaps_in_need_no_list_of_countries(coordinator, world):
    with CaptureQueriesContext(connection) as page:
        coordinator.get("/institutions/", {"q": "college"})
    with CaptureQueriesContext(connection) as rows:
        coordinator.get(
            "/institutions/", {"q": "college"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="rows"
        )
    assert len(rows.captured_queries) == len(page.captured_queries) - 1
