"""Browser journey: a coordinator records a real visit from a news report, and the form
submissions it takes are counted (issue: "the news-report visit in ≤ 15 form submissions").

The news report: a vice president of the host college receives the presidents of two Central
Asian colleges and the director of an accompanying research institute; the guests tour two
training facilities and attend a symposium; they name four fields short of skilled people and
three kinds of cooperation they want; the host proposes to co-build a school, and the guests
show great interest. One of the two colleges and the research institute are not yet in the
directory: they are created from the visit form's dialog, without losing what was typed.

Every POST the browser sends (page forms and htmx requests alike) counts as a submission.
"""

from typing import Any

import pytest

from leizu.accounts.demo import DEMO_PASSWORD
from leizu.institutions.models import Institution, OrgUnit
from leizu.visits.models import (
    AgendaItem,
    CooperationInterest,
    Participant,
    Proposal,
    StatedNeed,
    Statement,
    Visit,
)
from tests.browser import browser_page, log_in, skip_without_chromium

pytestmark = [pytest.mark.browser, skip_without_chromium]
__all__ = ["browser_page"]

BUDGET = 15


@pytest.fixture
def demo_site(live_server, world, settings):
    settings.DEMO_MODE = True
    return live_server.url


def _save(page: Any, button: str = "main form button[type=submit]:not([name])") -> None:
    with page.expect_navigation():
        page.click(button)


def _save_and_add(page: Any) -> None:
    _save(page, "main form button[name=save_and_add]")


def _create_in_dialog(page: Any, pick: str, kind: str, country: str, names: dict[str, str]):
    page.click(f"a[data-pick={pick}]")
    dialog = page.locator("dialog#quick-institution")
    dialog.locator("select[name=kind]").wait_for()
    dialog.locator("select[name=kind]").select_option(kind)
    dialog.locator("select[name=country]").select_option(country)
    for language, name in names.items():
        dialog.locator(f"input[name='name_{language}']").fill(name)
    page.screenshot(path=f"var/test-news-visit-dialog-{pick}.png")
    dialog.locator("button[type=submit]").click()
    page.locator("dialog#quick-institution[open]").wait_for(state="detached")


def _add_person(page: Any, institution: Institution, family: str, given: str, **fields: str):
    page.click("details.quick-add summary")
    page.select_option("select[name=new_institution]", str(institution.pk))
    page.fill("input[name=new_family_name]", family)
    page.fill("input[name=new_given_name]", given)
    page.select_option("select[name=role]", fields.pop("role"))
    page.select_option("select[name=position_code]", fields.pop("position_code"))
    assert not fields


def test_the_news_report_visit_is_recorded_within_the_submission_budget(
    demo_site, browser_page, world
):
    page = browser_page
    inst = world["institutions"]
    host, akzhol = inst["host"], inst["kz1"]
    log_in(page, demo_site, "coordinator@leizu.demo", DEMO_PASSWORD)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    # 1. The visit: typed first, then the two missing institutions are created in the dialog.
    page.goto(demo_site + "/visits/new/")
    page.select_option("select[name=direction]", "incoming")
    page.fill("input[name=start_date]", "2026-10-14")
    page.fill("input[name=end_date]", "2026-10-15")
    page.fill("input[name=title_en]", "Central Asian college presidents visit Siyuan College")
    page.fill("input[name='title_zh-hans']", "中亚职业院校校长代表团来访丝源职院")
    page.fill("input[name=title_ru]", "Визит ректоров колледжей Центральной Азии")
    assert page.input_value("select[name=host]") == str(host.pk)  # preselected
    page.check(f"input[name=guests][value='{akzhol.pk}']")
    _create_in_dialog(
        page,
        "guests",
        "college",
        "UZ",
        {
            "uz": "Samarqand toʻqimachilik texnikumi",
            "ru": "Самаркандский текстильный техникум",
            "en": "Samarkand Textile Technical College",
            "zh-hans": "撒马尔罕纺织技术学院",
        },
    )
    _create_in_dialog(
        page,
        "accompanying",
        "research_institute",
        "KZ",
        {
            "ru": "Научно-исследовательский институт лёгкой промышленности",
            "en": "Research Institute of Light Industry",
            "zh-hans": "轻工业研究院",
        },
    )
    samarkand = Institution.objects.get(name__en="Samarkand Textile Technical College")
    institute = Institution.objects.get(name__en="Research Institute of Light Industry")
    # Nothing typed was lost, and the new institutions are chosen where they were asked for.
    assert page.input_value("input[name=title_en]").startswith("Central Asian college")
    assert page.is_checked(f"input[name=guests][value='{akzhol.pk}']")
    assert page.is_checked(f"input[name=guests][value='{samarkand.pk}']")
    assert page.is_checked(f"input[name=accompanying][value='{institute.pk}']")
    assert not page.is_checked(f"input[name=guests][value='{institute.pk}']")
    _save(page)
    visit = Visit.objects.get(title__en__startswith="Central Asian college")
    assert visit.host_id == host.pk
    assert {(p.institution_id, p.side) for p in visit.parties.all()} == {
        (akzhol.pk, "guest"),
        (samarkand.pk, "guest"),
        (institute.pk, "accompanying"),
    }

    # 2. The four participants, each added on the spot ("Save and add another").
    page.goto(demo_site + f"/visits/{visit.pk}/participants/new/")
    people = [
        (host, "王", "建国", "host_lead", "vice_president"),
        (akzhol, "Омаров", "Бауыржан", "head", "president"),
        (samarkand, "Karimov", "Aziz", "head", "president"),
        (institute, "Сейткали", "Нурлан", "member", "director"),
    ]
    for number, (institution, family, given, role, position) in enumerate(people):
        _add_person(page, institution, family, given, role=role, position_code=position)
        if number < len(people) - 1:
            _save_and_add(page)
        else:
            _save(page)
    assert Participant.objects.filter(visit=visit).count() == 4
    omarov = Participant.objects.get(visit=visit, person__family_name="Омаров")
    karimov = Participant.objects.get(visit=visit, person__family_name="Karimov")

    # 3. The agenda, by parts of the day: two tours and the symposium.
    tnm = OrgUnit.objects.get(institution=host, code="TNM")
    her = OrgUnit.objects.get(institution=host, code="HER")
    page.goto(demo_site + f"/visits/{visit.pk}/agendas/new/")
    for kind, day, part, venue in (
        ("facility_tour", "2026-10-14", "morning", tnm),
        ("facility_tour", "2026-10-14", "afternoon", her),
        ("meeting", "2026-10-15", "morning", None),
    ):
        page.select_option("select[name=kind]", kind)
        page.fill("input[name=day]", day)
        page.select_option("select[name=part_of_day]", part)
        if venue is not None:
            page.select_option("select[name=venue_unit]", str(venue.pk))
        else:
            page.fill("input[name=title_en]", "Symposium on vocational education cooperation")
            page.fill("input[name='title_zh-hans']", "职业教育合作座谈会")
            page.fill("input[name=title_ru]", "Симпозиум о сотрудничестве в профобразовании")
        if kind == "meeting":
            _save(page)
        else:
            _save_and_add(page)
    assert AgendaItem.objects.filter(visit=visit).count() == 3

    # 4. Four fields short of skilled people, named by both colleges at once: one submission.
    page.goto(demo_site + f"/visits/{visit.pk}/needs/new/")
    page.select_option("select[name=institution]", str(akzhol.pk))
    page.select_option("select[name=stated_by]", str(omarov.pk))
    page.check(f"input[name=also_stated_by][value='{samarkand.pk}']")
    page.fill("input[data-choose-filter=id_field_codes]", "07")
    for code in ("0715", "0714", "0723", "0713"):
        page.check(f"input[name=field_codes][value='{code}']")
    page.select_option("select[name=horizon]", "now")
    _save(page)
    needs = StatedNeed.objects.filter(visit=visit)
    assert sorted(n.field_code for n in needs) == ["0713", "0714", "0715", "0723"]
    assert all(set(n.also_stated_by.values_list("pk", flat=True)) == {samarkand.pk} for n in needs)

    # 5. Three cooperation wishes: one submission.
    page.goto(demo_site + f"/visits/{visit.pk}/interests/new/")
    page.select_option("select[name=institution]", str(akzhol.pk))
    for kind in ("student_exchange", "teacher_visit", "programme"):
        page.check(f"input[name=kinds][value='{kind}']")
    page.check(f"input[name=also_stated_by][value='{samarkand.pk}']")
    _save(page)
    assert CooperationInterest.objects.filter(visit=visit).count() == 3

    # 6. The host's proposal, and the guests' reaction.
    page.goto(demo_site + f"/visits/{visit.pk}/proposals/new/")
    page.select_option("select[name=institution]", str(host.pk))
    page.fill("textarea[name=text_en]", "Co-build a Leizu School with the partner colleges")
    page.fill("textarea[name='text_zh-hans']", "与合作院校共建雷祖学院")
    page.fill("textarea[name=text_ru]", "Совместно создать школу Лэйцзу с колледжами-партнёрами")
    page.select_option("select[name=reaction]", "interested")
    _save(page)
    assert Proposal.objects.get(visit=visit).reaction == "interested"

    # 7. The guests' impression of the visit.
    page.goto(demo_site + f"/visits/{visit.pk}/statements/new/")
    page.select_option("select[name=kind]", "impression")
    page.select_option("select[name=institution]", str(samarkand.pk))
    page.select_option("select[name=speaker]", str(karimov.pk))
    page.fill("textarea[name=summary_en]", "The training bases are of a high standard.")
    page.fill("textarea[name='summary_zh-hans']", "实训基地水平很高。")
    page.fill("textarea[name=summary_ru]", "Учебные базы высокого уровня.")
    _save(page)
    assert Statement.objects.get(visit=visit).kind == "impression"

    # 8. Entered after the fact: held, in one step.
    page.goto(demo_site + f"/visits/{visit.pk}/")
    _save(page, "form[action$='/status/'] input[value=held] ~ button")
    visit.refresh_from_db()
    assert visit.status == "held"

    assert len(posts) <= BUDGET, f"{len(posts)} submissions: {posts}"
    print(f"\nThe news-report visit took {len(posts)} form submissions (budget {BUDGET}).")

    # What leaders read: the English report drafted from the record names all of it.
    page.goto(demo_site + f"/visits/{visit.pk}/report/en/")
    with page.expect_navigation():
        page.click("#draft-report")
    text = page.input_value("textarea[name=body]")
    for expected in (
        "Wang Jianguo",
        "Bauyrzhan Omarov",
        "Aziz Karimov",
        "Samarkand Textile Technical College",
        "Research Institute of Light Industry",
        "Textile New Materials Training Base",
        "Symposium on vocational education cooperation",
        "Co-build a Leizu School",
        "The training bases are of a high standard.",
        "Textiles (clothes, footwear and leather)",
        "Electronics and automation",
        "student exchanges",
        "showed great interest",
    ):
        assert expected in text, text
    page.goto(demo_site + f"/visits/{visit.pk}/")
    page.screenshot(path="var/test-news-visit.png", full_page=True)
