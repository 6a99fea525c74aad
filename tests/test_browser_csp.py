"""Browser journey under the Content-Security-Policy: the charts of the talent dashboard, the htmx
search of the directory and a visit page work, and the browser reports no violation and no
console error or warning on the way."""

from typing import Any

import pytest
from playwright.sync_api import expect

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.visits.models import ReportStatus, VisitReport
from tests.browser import browser_page, log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page"]

# Runs before any page script: every violation of the policy is kept on the window.
_COLLECT_VIOLATIONS = """
window.leizuViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.leizuViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def _watch(page: Any) -> list[str]:
    problems: list[str] = []

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    page.add_init_script(_COLLECT_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def _violations(page: Any) -> list[str]:
    return page.evaluate("window.leizuViolations")


def test_charts_htmx_search_and_a_visit_work_under_the_content_security_policy(
    demo_site, browser_page, world
):
    page = browser_page
    problems = _watch(page)
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)
    assert "/accounts/login" not in page.url

    # The talent dashboard: ECharts draws every chart, the map once its regions have loaded.
    page.goto(demo_site + "/talent/")
    for chart in ("chart-fields", "chart-countries", "chart-trend"):
        page.wait_for_selector(f"#{chart} canvas")
    page.wait_for_selector("#chart-map[data-ready='1'] canvas")
    # A tooltip is drawn on hover (ECharts' HTML tooltips would need inline styles).
    box = page.locator("#chart-fields").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.wait_for_timeout(300)
    assert _violations(page) == []

    # The directory: typing into the search swaps the rows through htmx.
    page.goto(demo_site + "/institutions/")
    assert page.locator("#rows tbody tr").count() > 1
    page.fill("input[name=q]", "Akzhol")
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    assert "q=Akzhol" in page.url
    assert _violations(page) == []

    # A visit page, and its report draft whose "draft again" form asks first (static leizu.js).
    report = VisitReport.objects.filter(status=ReportStatus.DRAFT).select_related("visit").first()
    visit = report.visit
    page.goto(demo_site + visit.get_absolute_url())
    # The coordinator reads Chinese.
    assert page.locator("h1").inner_text() == visit.title["zh-hans"]
    assert _violations(page) == []
    report_url = f"/visits/{visit.pk}/report/{report.language}/"
    page.goto(demo_site + report_url)
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("form[data-confirm] button[type=submit]")
    page.wait_for_timeout(200)
    assert questions and questions[0]
    assert page.url.endswith(report_url)
    assert _violations(page) == []

    assert problems == []
