"""Browser journey of an agreement: from the demo visit's proposal, the host's coordinator drafts
an agreement, adds a condition and a text, downloads the bilingual .docx, approves for the host
and sends the partner's signatory a link; the signatory, without an account, approves through
the link in Kazakh; the agreement then reads "approved by all parties"."""

import io
import re

import pytest
from django.core import mail
from docx import Document

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.agreements.models import Agreement
from leizu.core.access import actor_for_user
from leizu.institutions.services import person_create
from leizu.visits.models import Proposal
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


def test_an_agreement_from_the_visits_proposal_is_approved_by_both_parties(
    demo_site, browser_page, world, tmp_path
):
    page = browser_page
    kz1 = world["institutions"]["kz1"]
    proposal = Proposal.objects.get(text__en__icontains="Leizu School")
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)

    # From the visit page's proposal: "Draft an agreement", parties and words filled in.
    page.goto(demo_site + proposal.visit.get_absolute_url())
    with page.expect_navigation():
        page.click(f"a[href='/agreements/new/?proposal={proposal.pk}']")
    assert page.is_checked(f"input[name=parties][value='{kz1.pk}']")
    assert page.is_checked(f"input[name=parties][value='{world['institutions']['uz1'].pk}']")
    # With Akzhol alone, first: the visit's other parties are unticked.
    checked = page.locator("input[name=parties]:checked")
    values = [checked.nth(i).get_attribute("value") for i in range(checked.count())]
    for value in values:
        if value not in (str(kz1.pk), str(proposal.visit.host_id)):
            page.uncheck(f"input[name=parties][value='{value}']")
    page.select_option("select[name=kind]", "programme")
    page.select_option("select[name=programme_type]", "joint_school")
    page.fill("input[name=title_en]", "Agreement on the Leizu School at Akzhol")
    page.fill("input[name='title_zh-hans']", "在阿克若尔共建嫘祖学院协议")
    page.fill("input[name=title_kk]", "Ақжолда Лэйцзу мектебін құру туралы келісім")
    page.fill("input[name=valid_from]", "2027-01-01")
    page.fill("input[name=valid_until]", "2031-12-31")
    _save(page)
    agreement = Agreement.objects.get(title__en="Agreement on the Leizu School at Akzhol")
    assert agreement.origin_proposal_id == proposal.pk
    assert page.url.endswith(agreement.get_absolute_url())

    # A condition: Akzhol's teachers trained at the host for a month a year.
    page.click(f"a[href='/agreements/{agreement.pk}/conditions/new/']")
    page.select_option("select[name=kind]", "staff_training")
    page.select_option("select[name=sending]", str(kz1.pk))
    page.select_option("select[name=receiving]", str(agreement.drafted_by_id))
    page.fill("input[name=places_per_year]", "6")
    page.fill("input[name=duration]", "1")
    page.fill("input[name=first_year]", "2027")
    page.fill("input[name=last_year]", "2030")
    _save(page)
    assert agreement.conditions.count() == 1

    # The text, in Chinese and Kazakh.
    page.click(f"a[href='/agreements/{agreement.pk}/versions/new/']")
    page.fill("textarea[name='text_zh-hans']", "第一条 双方共建嫘祖学院。")
    page.fill("textarea[name=text_kk]", "1-бап. Тараптар Лэйцзу мектебін бірлесіп құрады.")
    _save(page)

    # The bilingual document, Chinese beside Kazakh.
    page.click("details.documents summary")
    with page.expect_download() as download:
        page.click("a.document-docx[data-language=kk]")
    path = tmp_path / "agreement.docx"
    download.value.save_as(path)
    document = Document(str(path))
    assert document.tables[0].rows[0].cells[0].text == "在阿克若尔共建嫘祖学院协议"
    assert document.tables[0].rows[0].cells[1].text.startswith("Ақжолда Лэйцзу")

    # The host approves, and sends Akzhol's signatory, as the directory records them, a link
    # in Kazakh.
    with page.expect_navigation():
        page.click("button.approve-button")
    assert "✓" in page.inner_text("#approval")
    signatory = person_create(
        by=actor_for_user(world["users"]["coordinator"]),
        institution=kz1,
        data={
            "family_name": "Ержанов",
            "name_script": "Cyrl",
            "email": "director@akzhol.example.kz",
        },
    )
    page.reload()
    page.click("details.send-link summary")
    page.select_option("details.send-link select[name=recipient]", str(signatory.pk))
    page.select_option("details.send-link select[name=language]", "kk")
    mail.outbox.clear()
    with page.expect_navigation():
        page.click("details.send-link button[type=submit]")
    link = re.search(r"(/agreements/link/[^/\s]+/)", mail.outbox[-1].body).group(1)

    # The signatory opens the link without an account, reads it in Kazakh and approves.
    partner = page.context.browser.new_context(locale="kk-KZ").new_page()
    partner.goto(demo_site + link)
    assert "1-бап. Тараптар Лэйцзу мектебін бірлесіп құрады." in partner.content()
    partner.click("#link-approve")
    partner.locator("#link-done").wait_for()
    partner.screenshot(path="var/test-agreement-link-kk.png", full_page=True)
    partner.goto(demo_site + link)
    assert partner.locator("#link-problem").count() == 1  # used once, for good

    page.reload()
    assert page.locator("#approved-by-all").count() == 1
    page.screenshot(path="var/test-agreement-approved.png", full_page=True)
    assert Agreement.objects.get(pk=agreement.pk).parties.count() == 2
    assert io.BytesIO(path.read_bytes()).getbuffer().nbytes > 0
