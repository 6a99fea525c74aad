"""Browser journey: a coordinator records a visit from scratch, drafts its report, downloads it."""

import pytest
from docx import Document

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.institutions.models import OrgUnit, Person
from leizu.visits.models import FollowUpAction, Participant, StatedNeed, Visit
from tests.browser import browser_page, log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page"]


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def _save(page) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]:not([name])")


def test_a_coordinator_records_a_visit_drafts_the_report_and_downloads_it(
    demo_site, browser_page, world, tmp_path
):
    page = browser_page
    inst = world["institutions"]
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)

    # The visit itself.
    page.goto(demo_site + "/visits/new/")
    page.select_option("select[name=direction]", "incoming")
    page.fill("input[name=start_date]", "2026-05-20")
    page.fill("input[name=end_date]", "2026-05-21")
    page.fill("input[name=title_en]", "Saryarka delegation")
    page.fill("input[name=title_zh-hans]", "萨雷阿尔卡学院代表团来访")
    page.select_option("select[name=host]", str(inst["host"].pk))
    # Guests are found by typing part of the name, then ticked.
    guest = page.locator(f"label:has(input[name=guests][value='{inst['kz2'].pk}'])")
    page.fill("input[data-choose-filter=id_guests]", guest.inner_text().strip()[:4])
    assert (
        page.locator(".choose-list label:visible").count()
        < page.locator(".choose-list label").count()
    )
    guest.locator("input").check()
    _save(page)
    visit = Visit.objects.get(title__en="Saryarka delegation")
    assert page.url.endswith(f"/visits/{visit.pk}/")

    # Participants: the guest director, then an interpreter added on the spot.
    page.click(f"a[href='/visits/{visit.pk}/participants/new/']")
    page.select_option("select[name=person]", str(Person.objects.get(family_name="Омаров").pk))
    page.select_option("select[name=role]", "head")
    _save(page)
    page.click(f"a[href='/visits/{visit.pk}/participants/new/']")
    page.click("details.quick-add summary")
    page.select_option("select[name=new_institution]", str(inst["kz2"].pk))
    page.fill("input[name=new_family_name]", "Жұмабаева")
    page.fill("input[name=new_given_name]", "Айгерім")
    page.select_option("select[name=new_name_script]", "Cyrl")
    page.select_option("select[name=role]", "interpreter")
    page.fill("input[name=position_ru]", "переводчик")
    page.fill("input[name=position_en]", "Interpreter")
    _save(page)
    assert Participant.objects.filter(visit=visit).count() == 2

    # The agenda: a tour of the training base.
    tnm = OrgUnit.objects.get(institution=inst["host"], code="TNM")
    page.click(f"a[href='/visits/{visit.pk}/agendas/new/']")
    page.select_option("select[name=kind]", "facility_tour")
    page.fill("input[name=starts_at]", "2026-05-20T09:30")
    page.fill("input[name=ends_at]", "2026-05-20T10:30")
    page.select_option("select[name=venue_unit]", str(tnm.pk))
    _save(page)

    # A need the guests stated, and an action that follows from it.
    page.click(f"a[href='/visits/{visit.pk}/needs/new/']")
    page.select_option("select[name=institution]", str(inst["kz2"].pk))
    page.fill("input[data-choose-filter=id_field_codes]", "0723")
    page.check("input[name=field_codes][value='0723']")
    page.fill("input[name=occupation_en]", "sewing machine operators")
    page.fill("input[name=occupation_ru]", "швеи-мотористки")
    page.fill("input[name=headcount]", "40")
    _save(page)
    need = StatedNeed.objects.get(visit=visit)
    page.click(f"a[href='/visits/{visit.pk}/actions/new/']")
    page.fill("textarea[name=description_en]", "Send the sewing programme outline")
    page.select_option("select[name=owner]", str(world["users"]["coordinator"].pk))
    page.fill("input[name=due_date]", "2026-06-15")
    page.select_option("select[name=need]", str(need.pk))
    _save(page)
    assert FollowUpAction.objects.get(visit=visit).need == need
    body = page.content()
    assert "sewing machine operators" in body or "швеи-мотористки" in body

    # The report, drafted from the record, then downloaded as .docx.
    page.goto(demo_site + f"/visits/{visit.pk}/report/en/")
    with page.expect_navigation():
        page.click("#draft-report")
    text = page.input_value("textarea[name=body]")
    for expected in (
        "Bauyrzhan Omarov",
        "Saryarka College of Light Industry",
        "Textile New Materials Training Base",
        "sewing machine operators",
    ):
        assert expected in text
    with page.expect_download() as download:
        page.click("#download-docx")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    document = Document(str(path))
    assert document.paragraphs[0].text.startswith("Delegation from Kazakhstan visits")
    assert any("Bauyrzhan Omarov" in p.text for p in document.paragraphs)
    page.goto(demo_site + f"/visits/{visit.pk}/")
    page.screenshot(path="var/test-visit-recorded.png", full_page=True)
