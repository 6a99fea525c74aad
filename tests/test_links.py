"""No link points at nothing: every link on the pages of the home, the directory, institutions,
people, talent and the audit log leads somewhere for the reader who sees it.

For each persona, every same-site address a page offers (``href`` of links and style sheets,
``hx-get``) is followed with GET; none may answer 404 (the reader cannot see what it names) or
403 (the page could have known the reader may not go there), nor fail. Pages the persona may
not open themselves (talent for students) are not visited: they answer 404 by the access rule.

The visits pages are walked for partner A, partner B and a host leader in the last test.
"""

import datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from leizu.institutions.models import Institution
from leizu.talent import classification
from leizu.talent.models import ImportJob, ImportStatus, Posting, StatedNeed

# Partner A's staff, a student of the host, and a host reader who may change nothing
# (a leader: every page shows them more than they may edit).
READERS = ["partner_a", "student", "leader"]
TALENT_PAGES = [
    "/talent/",
    "/talent/postings/",
    "/talent/review/",
    "/talent/classify/",
    "/talent/imports/",
    "/talent/needs/",
    "/talent/supply/",
    "/talent/taxonomy/",
]
# Addresses that are answered whatever the reader (files and the API's own pages).
NOT_PAGES = ("/static/", "/api/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "hx-get") and value:
                self.found.append(value)


def _targets(page: str, content: str) -> list[str]:
    parser = _Links()
    parser.feed(content)
    targets = []
    for href in parser.found:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        address = urlsplit(urljoin(f"http://testserver{page}", href))
        if address.netloc != "testserver" or address.path.startswith(NOT_PAGES):
            continue
        targets.append(address.path + (f"?{address.query}" if address.query else ""))
    return targets


def _walk(client: Any, pages: list[str]) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Open each page the reader may open (the others must be a 404) and follow its links:
    the pages visited, and each link that answered 403, 404 or an error."""
    answered: dict[str, int] = {}
    visited, broken = [], []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            assert response.status_code == 404, (page, response.status_code)
            continue
        visited.append(page)
        for target in _targets(page, response.content.decode()):
            if target not in answered:
                answered[target] = client.get(target).status_code
            if answered[target] in (403, 404) or answered[target] >= 500:
                broken.append((page, target, answered[target]))
    return visited, broken


@pytest.fixture
def readers(world: dict[str, Any], clients: dict[str, Any]) -> dict[str, Any]:
    from conftest import login_client

    return {**clients, "leader": login_client(world["users"]["leader"])}


@pytest.fixture
def partner_evidence(world: dict[str, Any], actors: dict[str, Any]) -> dict[str, Any]:
    """Partner A's own import, a posting of it waiting for review, and a need it stated, so the
    pages have rows with links."""
    from leizu.talent import services

    kz1 = world["institutions"]["kz1"]
    job = ImportJob.objects.create(
        kind="postings",
        institution=kz1,
        created_by=world["users"]["partner_kz"],
        file_path="",
        original_name="links.csv",
        file_format="csv",
        status=ImportStatus.DONE,
    )
    posting = Posting.objects.create(
        institution=kz1,
        import_job=job,
        title="Тігінші",
        text="Тігін машинасында жұмыс",
        country="KZ",
        region="KZ-ALA",
        posted_on=datetime.date(2025, 3, 1),
        content_hash="links-posting",
    )
    classification.apply(posting, classification.classify(posting.title, posting.text, "kk"))
    posting.needs_review = True
    posting.save()
    need = services.need_create(
        by=actors["partner_a"],
        data={
            "isced_f": "0723",
            "occupation": "Тігіншілер",
            "country": "KZ",
            "headcount": 12,
            "stated_on": datetime.date(2025, 3, 1),
        },
    )
    return {"job": job, "posting": posting, "need": need}


def _pages(evidence: dict[str, Any]) -> list[str]:
    institutions = [i.get_absolute_url() for i in Institution.objects.order_by("id")]
    return [
        "/",
        "/institutions/",
        *institutions,
        "/institutions/people/",
        *TALENT_PAGES,
        evidence["posting"].get_absolute_url(),
        evidence["job"].get_absolute_url(),
        "/audit/",
    ]


@pytest.mark.parametrize("persona", READERS)
def test_no_link_leads_a_reader_to_a_page_that_is_not_there_for_them(
    persona, readers, partner_evidence
):
    visited, broken = _walk(readers[persona], _pages(partner_evidence))
    assert {"/", "/institutions/", "/institutions/people/", "/audit/"} <= set(visited)
    assert not broken, broken


def test_a_reader_who_may_not_edit_a_need_gets_no_edit_link(readers, partner_evidence):
    need: StatedNeed = partner_evidence["need"]
    edit = f"/talent/needs/{need.pk}/edit/"
    assert edit in readers["partner_a"].get("/talent/needs/").content.decode()
    page = readers["leader"].get("/talent/needs/").content.decode()
    assert need.occupation in page
    assert edit not in page


@pytest.mark.parametrize("persona", ["partner_a", "partner_b", "leader"])
def test_no_link_on_the_visits_pages_leads_a_reader_to_a_page_not_there_for_them(persona, readers):
    """A visit's page names every party; a party another reader may not open is named without a
    link (partner B sees the Kazakh guest of a visit it shares, but not its profile)."""
    from leizu.visits.models import REPORT_LANGUAGES, Visit

    client = readers[persona]
    pages = ["/visits/", "/visits/actions/"]
    for visit in Visit.objects.order_by("id"):
        pages += [visit.get_absolute_url(), f"/visits/{visit.pk}/itinerary/"]
        pages += [f"/visits/{visit.pk}/report/{code}/" for code in REPORT_LANGUAGES]
    visited, broken = _walk(client, pages)
    assert any(p.rstrip("/").split("/")[-1].isdigit() for p in visited), visited
    assert not broken, broken
