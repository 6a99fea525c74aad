import pytest
from playwright.sync_api import expect

from leizu.accounts.demo import DEMO_PASSWORD
from tests.browser import browser_page, log_in, skip_without_chromium, switch_language

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page"]


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def test_a_coordinator_logs_in_switches_language_and_opens_a_partner_profile(
    demo_site, browser_page, world
):
    page = browser_page
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)
    assert "/accounts/login" not in page.url
    # The coordinator's preferred language (Chinese) is applied at login.
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    switch_language(page, "en")
    assert page.locator("nav .main-nav a").nth(1).inner_text() == "Institutions"

    switch_language(page, "ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto(demo_site + "/institutions/")
    assert page.locator("nav .main-nav a").nth(1).inner_text() == "Учреждения"
    assert page.get_by_text("Индустриально-технологический колледж «Акжол»").is_visible()

    switch_language(page, "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.fill("input[name=q]", "阿克若尔")
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    with page.expect_navigation():
        page.click("text=阿克若尔工业技术学院")
    assert page.locator("h1").inner_text() == "阿克若尔工业技术学院"
    assert page.get_by_text("达乌列特·叶尔扎诺夫").is_visible()
    assert page.locator("nav .main-nav a").nth(1).inner_text() == "机构"
    page.screenshot(path="var/test-partner-profile-zh.png", full_page=True)


def test_a_partner_sees_only_their_college_and_the_host(demo_site, browser_page):
    page = browser_page
    log_in(page, demo_site, "partner.uz@leizu.demo", DEMO_PASSWORD)
    page.goto(demo_site + "/institutions/")
    rows = page.locator("#rows tbody tr")
    assert rows.count() == 2
    assert page.locator("html").get_attribute("lang") == "uz"
