"""Before publishing: what the report lacks in its language, with links to fill each in; and
drafting every report language in one step."""

import pytest

from leizu.core.multilingual import Multilingual
from leizu.institutions.models import Person
from leizu.institutions.services import person_create
from leizu.visits import services
from leizu.visits.models import REPORT_LANGUAGES, VisitReport
from leizu.visits.tests.helpers import make_visit

M = Multilingual


def _visit(world, by):
    visit = make_visit(world, by, guests=("uz1",), title="Checklist visit")
    uz1 = world["institutions"]["uz1"]
    guest = person_create(
        by=by,
        institution=uz1,
        data={"family_name": "Qodirov", "given_name": "Bekzod", "name_script": "Latn"},
    )
    speaker = services.participant_add(visit=visit, by=by, person=guest, data={"role": "head"})
    services.statement_create(
        visit=visit, by=by, data={"speaker": speaker, "summary": M({"zh-hans": "希望加强合作"})}
    )
    return visit, guest


def test_the_checklist_names_what_is_missing_in_that_language_with_links(
    coordinator, world, actors
):
    visit, guest = _visit(world, actors["coordinator"])
    coordinator.post(f"/visits/{visit.pk}/report/ru/draft/")
    page = coordinator.get(f"/visits/{visit.pk}/report/ru/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    checklist = html[html.index('id="report-checklist"') :]
    checklist = checklist[: checklist.index("</article>")]
    assert "Missing in" in checklist
    # A Latin-only name cannot be derived into Cyrillic: the person's page is linked.
    assert f'href="/institutions/people/{guest.pk}/edit/"' in checklist and "Qodirov" in checklist
    # The statement exists in Chinese only.
    statement = visit.statements.get()
    assert f'href="/visits/statements/{statement.pk}/edit/"' in checklist
    assert "Title" in checklist  # the visit's title is English only

    guest.name_variants = [
        {"script": "Cyrl", "family": "Кодиров", "given": "Бекзод", "patronymic": ""}
    ]
    guest.save()
    statement.summary = M({"zh-hans": "希望加强合作", "ru": "Надеемся укрепить сотрудничество"})
    statement.save()
    visit.title = M({"en": "Checklist visit", "ru": "Визит"})
    visit.save()
    html = coordinator.get(
        f"/visits/{visit.pk}/report/ru/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (
        "Missing in" not in html
        and "Everything the report names is written in this language." in html
    )


@pytest.mark.parametrize(
    ("language", "name_missing"),
    [("kk", True), ("uz", False)],
)
def test_the_kazakh_and_uzbek_checklists_name_what_is_missing_in_their_language(
    coordinator, world, actors, language, name_missing
):
    """A Latin-only Uzbek name is missing for Kazakh readers (Cyrillic) and not for Uzbek ones;
    the topics and a policy context written in Russian only are missing for both."""
    visit, guest = _visit(world, actors["coordinator"])
    visit.topics = M({"ru": "обмен студентами"})
    visit.save()
    tag = services.policy_tag_create(
        by=world["operator"],
        data={"slug": "checklist-policy", "name": M({"ru": "Программа сотрудничества"})},
    )
    visit.policy_tags.add(tag)
    coordinator.post(f"/visits/{visit.pk}/report/{language}/draft/")
    html = coordinator.get(
        f"/visits/{visit.pk}/report/{language}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    missing = html[html.index('id="report-checklist"') :]
    missing = missing[: missing.index("</article>")]
    statement = visit.statements.get()
    assert "Missing in" in missing
    assert (f'href="/institutions/people/{guest.pk}/edit/"' in missing) is name_missing
    assert f'href="/visits/statements/{statement.pk}/edit/"' in missing
    assert "Title" in missing
    assert "Topics discussed" in missing and f'href="/visits/{visit.pk}/edit/"' in missing
    assert "Policy context</strong>: Программа сотрудничества<" in missing  # named, no link

    guest.name_variants = [
        {"script": "Cyrl", "family": "Қодиров", "given": "Бекзод", "patronymic": ""}
    ]
    guest.save()
    statement.summary = M(
        {
            "zh-hans": "希望加强合作",
            "kk": "ынтымақтастықты нығайтуға үміттенеміз",
            "uz": "hamkorlikni mustahkamlashga umid qilamiz",
        }
    )
    statement.save()
    visit.title = M({"en": "Checklist visit", "kk": "Сапар", "uz": "Tashrif"})
    visit.topics = M({"kk": "студенттер алмасуы", "uz": "talabalar almashinuvi"})
    visit.save()
    tag.name = M(
        {
            "ru": "Программа сотрудничества",
            "kk": "Ынтымақтастық бағдарламасы",
            "uz": "Hamkorlik dasturi",
        }
    )
    tag.save()
    html = coordinator.get(
        f"/visits/{visit.pk}/report/{language}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (
        "Missing in" not in html
        and "Everything the report names is written in this language." in html
    )


def test_a_partner_reading_a_published_report_sees_no_checklist(clients, world, actors):
    visit, _guest = _visit(world, actors["coordinator"])
    report = services.report_generate(visit=visit, by=actors["coordinator"], language="en")
    services.report_publish(report=report, by=actors["coordinator"], version=report.version)
    html = clients["partner_b"].get(f"/visits/{visit.pk}/report/en/").content.decode()
    assert 'id="report-checklist"' not in html


def test_one_button_drafts_every_language_not_yet_published(coordinator, clients, world, actors):
    visit, _guest = _visit(world, actors["coordinator"])
    en = services.report_generate(visit=visit, by=actors["coordinator"], language="en")
    services.report_publish(report=en, by=actors["coordinator"], version=en.version)
    published_body = VisitReport.objects.get(pk=en.pk).body
    response = coordinator.post(f"/visits/{visit.pk}/reports/draft/")
    assert (
        response.status_code == 302
        and response["Location"] == f"/visits/{visit.pk}/report/zh-hans/"
    )
    assert set(visit.reports.values_list("language", flat=True)) == set(REPORT_LANGUAGES)
    assert set(REPORT_LANGUAGES) == {"zh-hans", "en", "ru", "kk", "uz"}
    assert VisitReport.objects.get(pk=en.pk).body == published_body  # the published one stays
    assert clients["partner_b"].post(f"/visits/{visit.pk}/reports/draft/").status_code == 403
    assert Person.objects.filter(family_name="Qodirov").count() == 1
