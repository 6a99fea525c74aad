"""Browser journey at a phone's width (390 × 844): the menu button opens and closes the navigation,
and no main page is wider than the screen, in Kazakh and in Chinese.

The width is read with ``page.evaluate``: Playwright runs the expression through the DevTools
protocol, which the Content-Security-Policy does not govern (only what Playwright itself evals in
the page, such as the predicate of ``wait_for_function``, is refused). A page could pass by
clipping what sticks out, so the test also checks that neither ``html`` nor ``body`` hides
horizontal overflow; a table may scroll inside its own box.

``LEIZU_SCREENSHOTS=/some/dir`` saves every page in pieces, to look at.
"""

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.institutions.models import Institution
from leizu.visits.models import VisitReport
from tests.browser import browser_page, log_in, skip_without_chromium, switch_language

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page"]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("LEIZU_SCREENSHOTS", "")

# The outermost elements that stick out past the right edge and are not inside a box that
# scrolls: a failure names what to fix.
_STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const out = (el) => el.getBoundingClientRect().right > width + 0.5;
  for (const el of document.body.querySelectorAll("*")) {
    if (!out(el) || out(el.parentElement)) continue;
    let box = el.parentElement, scrolls = false;
    for (; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") { scrolls = true; break; }
    }
    if (!scrolls) found.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className.trim()
         ? "." + el.className.trim().split(/\\s+/).join(".") : "")
      + " " + Math.round(el.getBoundingClientRect().right) + "px");
  }
  return found.slice(0, 6);
}"""


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def _main_pages(world: dict[str, Any]) -> list[str]:
    report = VisitReport.objects.select_related("visit").order_by("pk").first()
    assert report is not None
    partner = Institution.objects.exclude(pk=world["institutions"]["host"].pk).order_by("pk")[0]
    return [
        "/",
        "/institutions/",
        partner.get_absolute_url(),
        "/institutions/people/",
        "/visits/",
        report.visit.get_absolute_url(),
        f"/visits/{report.visit.pk}/report/{report.language}/",
        f"/visits/{report.visit.pk}/itinerary/",
        "/talent/",
        "/talent/postings/",
        "/audit/",
    ]


def _too_wide(page: Any) -> str:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return ""
    return f"{page.url}: {width} px, {page.evaluate(_STICKING_OUT)}"


def _clipping(page: Any) -> list[str]:
    return page.evaluate(
        "[getComputedStyle(document.documentElement).overflowX,"
        " getComputedStyle(document.body).overflowX]"
    )


def _screenshots(page: Any, name: str) -> None:
    """The whole page in pieces one and a half screens high (small enough to look at)."""
    height = page.evaluate("document.documentElement.scrollHeight")
    step = PHONE["height"] * 3 // 2
    for n, top in enumerate(range(0, height, step)):
        clip = {"x": 0, "y": top, "width": PHONE["width"], "height": min(step, height - top)}
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{n}.png"), clip=clip, full_page=True)


def test_the_main_pages_fit_a_phone_and_the_menu_button_opens_the_navigation(
    demo_site, browser_page, world
):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)
    assert "/accounts/login" not in page.url
    menu = page.locator("header [data-nav-toggle]")
    navigation = page.locator("header .main-nav")

    # Closed at first; the button opens and closes it, Escape closes it too.
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    menu.click()
    expect(navigation).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    menu.click()
    expect(navigation).to_be_hidden()
    menu.click()
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")

    too_wide: list[str] = []
    for language in ("kk", "zh-hans"):
        # The language switcher sits in the menu too.
        menu.click()
        switch_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
        for n, path in enumerate(_main_pages(world)):
            page.goto(demo_site + path)
            too_wide.append(_too_wide(page))
            assert _clipping(page) == ["visible", "visible"], path
            if SCREENSHOTS:
                _screenshots(page, f"{language}-{n:02}")
    assert [problem for problem in too_wide if problem] == []

    # On a wide screen there is no menu button: the navigation is always there.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_hidden()
    expect(navigation).to_be_visible()
