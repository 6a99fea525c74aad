"""Browser journey of a workbook import (institutions), in Russian and at phone width: a file
with a bad row is refused with the row, the column and the reason, nothing saved; the
corrected file is imported while the page shows its progress; the worker is a thread, as
``manage.py worker`` runs beside ``make run``."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.institutions.models import Institution
from tests.browser import (
    browser_page,
    log_in,
    skip_without_chromium,
    switch_language,
    task_worker,
)

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page", "task_worker"]


@pytest.fixture
def demo_site(live_server, world, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    return live_server.url


def _workbook(bad: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["kind", "country", "name_ru", "name_en", "national_id_scheme", "national_id"])
    for i in range(40):
        ws.append(["company", "KZ", f"ТОО «Текстиль {i}»", "", "kz_bin", f"{301140000000 + i}"])
    if bad:
        ws.append(["company", "ZZ", "ТОО «Нигде»", "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(page, base: str, content: bytes) -> None:
    page.goto(base + "/institutions/import/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "companies.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ],
    )
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_a_coordinator_imports_institutions_and_sees_the_errors_then_the_progress(
    demo_site, browser_page, world, task_worker
):
    page = browser_page
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)
    switch_language(page, "ru")
    page.set_viewport_size({"width": 390, "height": 844})
    before = Institution.objects.count()

    worker = task_worker(2)
    _upload(page, demo_site, _workbook(bad=True))
    assert "/imports/" in page.url
    progress = page.locator("#import-progress")
    expect(progress).to_have_attribute("data-status", "failed", timeout=30000)
    table = page.locator(".error-table tbody tr")
    expect(table).to_have_count(1)
    assert table.first.locator("td").nth(0).inner_text() == "42"
    assert table.first.locator("td").nth(1).inner_text() == "country"
    assert "ZZ" in table.first.locator("td").nth(2).inner_text()
    assert Institution.objects.count() == before
    page.screenshot(path="var/test-import-refused-ru-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("a[href='/institutions/import/']")
    _upload(page, demo_site, _workbook(bad=False))
    expect(progress).to_have_attribute("data-status", "done", timeout=30000)
    assert "40" in progress.inner_text()
    worker.join(timeout=30)
    assert Institution.objects.count() == before + 40
    page.screenshot(path="var/test-import-done-ru-phone.png", full_page=True)
    page.click("#import-records-link")
    assert page.url.endswith("/institutions/")
