"""Browser journey of programme construction: from the demo visit's wish for programme
construction, the host's coordinator opens what the host can build with the Uzbek partner, sees
each stated need with the host's programmes ranked and their reasons, and opens one
recommendation's explanation; then the partner's staff member is taken to its own page."""

import pytest

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.visits.models import CooperationInterest
from tests.browser import browser_page, log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page"]


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def test_from_the_visits_wish_to_a_recommendations_explanation(demo_site, browser_page, world):
    page = browser_page
    uz1 = world["institutions"]["uz1"]
    wish = CooperationInterest.objects.get(institution=uz1, kind="programme")
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)
    page.goto(demo_site + wish.visit.get_absolute_url())
    with page.expect_navigation():
        page.click(f"a[href='/programmes/together/{uz1.pk}/']")

    needs = page.locator("section.together-need")
    assert needs.count() >= 2
    first = needs.first
    assert first.locator("ol.recommendations > li").count() == 3
    assert first.locator("ul.reasons li").count() >= 1
    fits = [int(m.get_attribute("value")) for m in first.locator("meter").all()]
    assert fits == sorted(fits, reverse=True) and fits[0] > 50

    with page.expect_navigation():
        first.locator("ol.recommendations > li a").first.click()
    assert page.locator("main h1").inner_text()
    assert page.locator("main meter").count() == 1
    assert page.locator("main ul li").count() >= 3  # the need's reading and the reasons

    page.context.clear_cookies()
    log_in(page, demo_site, "partner.uz@leizu.demo", DEMO_PASSWORD)
    page.goto(demo_site + "/programmes/together/")
    assert page.url.endswith(f"/programmes/together/{uz1.pk}/")
    assert page.locator("section.together-need").count() >= 2
