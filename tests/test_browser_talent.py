"""Browser journey of talent: import a vacancy file, watch its progress, open the dashboard and
drill down to the postings behind a figure. A worker thread runs the queued tasks, as
``manage.py db_worker`` does beside ``make run``."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from leizu.accounts.demo import DEMO_PASSWORD
from tests.browser import browser_page, log_in, skip_without_chromium, task_worker

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page", "task_worker"]


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def _vacancy_file(rows: int) -> bytes:
    today = timezone.localdate()
    titles = ["Колорист", "Оператор станков с ЧПУ", "Электромонтер", "Tikuvchi", "缝纫工"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "employer", "country", "region", "date"])
    for i in range(rows):
        writer.writerow(
            [
                f"{titles[i % 5]} №{i}",
                f"Journey Textile {i % 7}",
                "TJ",
                "TJ-SU",
                (today - datetime.timedelta(days=i % 300)).isoformat(),
            ]
        )
    return out.getvalue().encode("utf-8")


def test_an_analyst_imports_vacancies_watches_progress_and_drills_down(
    demo_site, browser_page, world, task_worker
):
    page = browser_page
    log_in(page, demo_site, "analyst@leizu.demo", DEMO_PASSWORD)
    page.goto(demo_site + "/talent/imports/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "journey.csv", "mimeType": "text/csv", "buffer": _vacancy_file(3000)}],
    )
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    # The columns were recognised by their names; start the import.
    assert page.locator("select[name=title]").input_value() == "title"
    worker = task_worker(2)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    progress = page.locator("#import-progress")
    assert progress.locator("progress").count() == 1
    seen = {progress.get_attribute("data-status")}
    deadline = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=90)
    while progress.get_attribute("data-status") != "done":
        assert progress.get_attribute("data-status") != "failed"
        assert datetime.datetime.now(tz=datetime.UTC) < deadline, seen
        seen.add(progress.get_attribute("data-status"))
        page.wait_for_timeout(200)
    assert seen & {"queued", "checking", "saving", "classifying"}
    assert progress.locator("progress").get_attribute("value") == "100"
    page.screenshot(path="var/test-talent-import.png", full_page=True)
    worker.join(timeout=30)

    page.goto(demo_site + "/talent/?country=TJ")
    page.wait_for_selector("#chart-fields canvas")
    page.wait_for_selector("#chart-map[data-ready='1']")
    page.screenshot(path="var/test-talent-dashboard.png", full_page=True)
    first_field = page.locator(".figures-table tbody tr td a").first
    field_text = first_field.inner_text()
    with page.expect_navigation():
        first_field.click()
    assert "/talent/postings/" in page.url
    rows = page.locator(".postings-table tbody tr")
    assert rows.count() > 0
    assert "Journey Textile" in page.locator(".postings-table").inner_text()
    assert field_text.split(" ")[0] in page.url or "field=" in page.url
