"""Agreements beyond their own pages: the home page's panels (what ends soon, what waits for
one's approval), the institution profile's timeline, and the visit an agreement came from."""

from conftest import login_client
from leizu.agreements.models import Agreement


def test_the_coordinator_home_shows_what_ends_soon(coordinator):
    page = coordinator.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Agreements ending soon" in page
    expiring = Agreement.objects.get(title__en__startswith="Student exchange agreement")
    assert f'href="{expiring.get_absolute_url()}"' in page


def test_the_partner_coordinator_home_shows_what_awaits_its_approval(world):
    partner = login_client(world["users"]["partner_uz_lead"])
    page = partner.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    waiting = Agreement.objects.get(title__en__startswith="Teacher exchange agreement")
    section = page[page.index("Awaiting your approval") :]
    assert f'href="{waiting.get_absolute_url()}#approval"' in section
    # The host approved it already: nothing waits for the host's coordinator there.
    host_page = login_client(world["users"]["coordinator"]).get("/", HTTP_ACCEPT_LANGUAGE="en")
    host_section = host_page.content.decode().split("Awaiting your approval")[1]
    assert f'href="{waiting.get_absolute_url()}#approval"' not in host_section[:2000]


def test_the_profile_timeline_lists_the_institutions_agreements(coordinator, clients, world):
    kz1 = world["institutions"]["kz1"]
    page = coordinator.get(f"/institutions/{kz1.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    mou = Agreement.objects.get(
        title__en__startswith="Memorandum of understanding on cooperation in"
    )
    assert f'href="{mou.get_absolute_url()}"' in page
    # Partner B (the Uzbek school) sees its own profile's timeline, without Akzhol's MOU.
    uz1 = world["institutions"]["uz1"]
    own = clients["partner_b"].get(f"/institutions/{uz1.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    uz_mou = Agreement.objects.get(
        title__en__startswith="Memorandum of understanding on cooperation ("
    )
    assert f'href="{uz_mou.get_absolute_url()}"' in own.content.decode()
    assert mou.get_absolute_url() not in own.content.decode()


def test_the_agreement_from_the_demo_visits_proposal_links_back(coordinator):
    school = Agreement.objects.get(title__en__startswith="Memorandum on the jointly built")
    assert school.origin_proposal is not None and school.origin_visit is not None
    page = coordinator.get(school.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{school.origin_visit.get_absolute_url()}"' in page


def test_the_visit_page_offers_to_draft_an_agreement_and_shows_what_came_of_it(
    coordinator, clients
):
    school = Agreement.objects.get(title__en__startswith="Memorandum on the jointly built")
    visit = school.origin_visit
    page = coordinator.get(visit.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/agreements/new/?proposal={school.origin_proposal_id}"' in page
    came = page[page.index('id="came-of-it"') :]
    assert f'href="{school.get_absolute_url()}"' in came[:1500]
    # A student sees no visits; partner staff see the offer (they draft in their own name).
    partner = clients["partner_a"].get(visit.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert partner.status_code == 200
    assert "Draft an agreement" in partner.content.decode()


def test_the_register_maps_partner_countries_by_their_strongest_agreement(coordinator, clients):
    import json
    import re

    page = coordinator.get("/agreements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = json.loads(
        re.search(
            r'<script id="partner-map-data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert data["countries"]["KZ"]["state"] == "in_force"  # the MOU, though an exchange expires
    assert data["countries"]["UZ"]["state"] == "in_force"
    assert "CN" not in data["countries"]  # the host's own country is no partner's
    # Partner B maps its own partners: the host (an MOU in force) and Akzhol, with which it
    # shares only the Leizu School draft; none of Akzhol's agreements with the host.
    theirs = clients["partner_b"].get("/agreements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    raw = re.search(
        r'<script id="partner-map-data" type="application/json">(.*?)</script>', theirs, re.S
    ).group(1)
    countries = json.loads(raw)["countries"]
    assert (countries["CN"]["state"], countries["KZ"]["state"]) == ("in_force", "draft")
