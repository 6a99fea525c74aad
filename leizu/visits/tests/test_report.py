"""The news report drafted from the record: complete in each language, editable, exported."""

import datetime
import io

import pytest
from django.utils import translation
from docx import Document

from leizu.core.multilingual import Multilingual as M
from leizu.institutions.models import OrgUnit, Person
from leizu.institutions.services import person_create
from leizu.visits import services
from leizu.visits.models import AgendaKind, Visit, VisitReport
from leizu.visits.tests.helpers import at, make_visit

LANGUAGES = ["zh-hans", "en", "ru"]


@pytest.fixture
def visit(world, actors) -> Visit:
    """A visit the demo does not contain: a Zarafshon director and a Kazakh company's production
    director come to the college, accompanied by the research institute."""
    by = actors["coordinator"]
    inst = world["institutions"]
    host = inst["host"]
    visit = make_visit(
        world,
        by,
        guests=("uz2", "co_kz"),
        accompanying=("institute",),
        start=datetime.date(2026, 3, 30),
        days=2,
        title="Electrical automation study visit",
        purpose=M(
            {
                "zh-hans": "考察电气自动化实训条件",
                "en": "to see the electrical automation workshops",
                "ru": "знакомство с мастерскими электроавтоматики",
            }
        ),
    )
    engineer = person_create(
        by=by,
        institution=inst["uz2"],
        data={
            "family_name": "Tursunov",
            "given_name": "Jasur",
            "name_script": "Latn",
            "name_variants": [
                {"script": "Cyrl", "family": "Турсунов", "given": "Жасур", "patronymic": ""},
                {"script": "Hans", "family": "图尔苏诺夫", "given": "贾苏尔", "patronymic": ""},
            ],
            "position": M(
                {
                    "zh-hans": "实训中心主任",
                    "en": "Head of Workshops",
                    "ru": "заведующий мастерскими",
                }
            ),
            "title": M({"zh-hans": "高级工程师", "en": "Senior Engineer", "ru": "старший инженер"}),
        },
    )
    people = {
        "rahimova": (Person.objects.get(family_name="Rahimova"), "head"),
        "tursunov": (engineer, "member"),
        "kim": (Person.objects.get(family_name="Ким"), "head"),
        "sun": (Person.objects.get(family_name="孙"), "member"),
        "wang": (Person.objects.get(family_name="王"), "host_lead"),
        "liu": (Person.objects.get(family_name="刘"), "speaker"),
        "chen": (Person.objects.get(family_name="陈"), "staff"),
    }
    p = {
        key: services.participant_add(visit=visit, by=by, person=person, data={"role": role})
        for key, (person, role) in people.items()
    }
    tnm = OrgUnit.objects.get(institution=host, code="TNM")
    her = OrgUnit.objects.get(institution=host, code="HER")
    day = visit.start_date
    for kind, unit, hour in [
        (AgendaKind.FACILITY_TOUR, tnm, 9),
        (AgendaKind.CLASS_OBSERVATION, her, 11),
        (AgendaKind.MEETING, None, 14),
    ]:
        services.agenda_item_create(
            visit=visit,
            by=by,
            data={
                "kind": kind,
                "venue_unit": unit,
                "starts_at": at(visit, day, hour),
                "title": M({"en": "Round table"}) if kind == AgendaKind.MEETING else M(),
            },
            participants=[p["rahimova"], p["wang"]],
        )
    services.statement_create(
        visit=visit,
        by=by,
        data={
            "speaker": p["rahimova"],
            "summary": M(
                {
                    "zh-hans": "撒马尔罕新建电厂需要大量电工",
                    "en": "new power plants near Samarkand need many electricians",
                    "ru": "новым электростанциям под Самаркандом нужно много электриков",
                }
            ),
        },
    )
    for institution, words, field, n in [
        (
            inst["uz2"],
            M({"zh-hans": "电气安装工", "en": "electrical fitters", "ru": "электромонтажники"}),
            "0713",
            40,
        ),
        (
            inst["uz2"],
            M(
                {
                    "zh-hans": "变电站运维",
                    "en": "substation operators",
                    "ru": "операторы подстанций",
                }
            ),
            "0713",
            None,
        ),
        (
            inst["co_kz"],
            M(
                {
                    "zh-hans": "纺织设备维修工",
                    "en": "textile machine repairers",
                    "ru": "наладчики текстильного оборудования",
                }
            ),
            "0723",
            25,
        ),
    ]:
        services.need_create(
            visit=visit,
            by=by,
            data={
                "institution": institution,
                "field_code": field,
                "occupation": words,
                "headcount": n,
            },
        )
    services.interest_create(
        visit=visit, by=by, data={"institution": inst["co_kz"], "kind": "internship"}
    )
    services.proposal_create(
        visit=visit,
        by=by,
        data={
            "institution": inst["co_kz"],
            "proposed_by": p["kim"],
            "text": M(
                {
                    "zh-hans": "在阿拉木图工厂设立学生实习基地",
                    "en": "an internship base for students at the Almaty plant",
                    "ru": "создать базу практики студентов на заводе в Алматы",
                }
            ),
            "reaction": "to_study",
        },
    )
    services.proposal_create(
        visit=visit,
        by=by,
        data={
            "institution": host,
            "proposed_by": p["wang"],
            "text": M(
                {
                    "zh-hans": "联合编写双语实训教材",
                    "en": "joint bilingual training manuals",
                    "ru": "совместные двуязычные учебные пособия",
                }
            ),
            "reaction": "agreed",
        },
    )
    return visit


def _institution_as_written(institution, language: str) -> str:
    # A Chinese college's report calls the college itself 我校 ("our college").
    if language == "zh-hans" and institution.is_host:
        return "我校"
    return institution.name.localize(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_names_every_participant_facility_need_and_proposal(visit, actors, language):
    report = services.report_generate(visit=visit, by=actors["coordinator"], language=language)
    text = report.title + "\n" + report.body
    with translation.override(language):
        for p in visit.participants.select_related("person", "institution"):
            assert p.person.display_name(language) in text, p
            assert p.position.localize(language) in text, p
            if p.title:
                assert p.title.localize(language) in text, p
            assert _institution_as_written(p.institution, language) in text, p
        for item in visit.agenda_items.exclude(kind=AgendaKind.MEETING):
            assert item.venue_unit.name.localize(language) in text
        for need in visit.needs.all():
            assert need.occupation.localize(language) in text
            assert need.field_label() in text
        for proposal in visit.proposals.all():
            assert proposal.text.localize(language) in text
    assert "{" not in text and "&amp;" not in text and "&#x27;" not in text


def test_the_register_of_each_language(visit, actors):
    by = actors["coordinator"]
    zh, en, ru = (services.report_generate(visit=visit, by=by, language=c) for c in LANGUAGES)
    assert zh.body.startswith("3月30日至31日，乌兹别克斯坦泽拉夫尚电工与机械制造技术学校")
    assert "到访我校" in zh.body and "在丝路产教融合研究院院长孙海燕研究员的陪同下" in zh.body
    assert "约40人" in zh.body and "双方同意就此作进一步研究" in zh.body
    assert en.body.startswith("From 30 to 31 March 2026, a delegation of 3 led by")
    assert "The sides agreed to study it further." in en.body
    assert ru.body.startswith(
        "С 30 по 31 марта 2026 года состоялся визит делегации из Узбекистана и Казахстана"
    )
    assert "Турсунов Жасур" in ru.body  # a Russian reader gets the Cyrillic spelling
    assert "贾苏尔·图尔苏诺夫" in zh.body  # a Chinese reader the Chinese transcription


def test_the_coordinator_edits_then_publishes_and_the_guest_reads_only_the_published(
    visit, clients, world
):
    coordinator = clients["coordinator"]
    assert coordinator.post(f"/visits/{visit.pk}/report/en/draft/").status_code == 302
    report = VisitReport.objects.get(visit=visit, language="en")
    body = report.body.replace("Round table", "Round table on electrical automation")
    response = coordinator.post(
        f"/visits/{visit.pk}/report/en/",
        {"version": report.version, "title": "Zarafshon delegation visits Siyuan", "body": body},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Zarafshon delegation visits Siyuan" and report.version == 2
    # A guest (a staff member of Zarafshon) does not see the draft.
    from conftest import login_client
    from leizu.accounts.models import Membership, User

    guest_user = User.objects.create_user("staff@zarafshon.example", "x" * 12)
    Membership.objects.create(
        user=guest_user, institution=world["institutions"]["uz2"], role="staff"
    )
    guest = login_client(guest_user)
    assert (
        "Zarafshon delegation visits Siyuan"
        not in guest.get(f"/visits/{visit.pk}/report/en/").content.decode()
    )
    assert guest.get(f"/visits/{visit.pk}/report/en/report.docx").status_code == 404
    publish = f"/visits/{visit.pk}/report/en/publish/"
    assert coordinator.post(publish).status_code == 302  # without its version: refused
    report.refresh_from_db()
    assert report.status == "draft"
    assert coordinator.post(publish, {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "published" and report.published_by == world["users"]["coordinator"]
    assert (
        "Round table on electrical automation"
        in guest.get(f"/visits/{visit.pk}/report/en/").content.decode()
    )
    # A published report is not drafted over; its text stays editable.
    coordinator.post(f"/visits/{visit.pk}/report/en/draft/")
    report.refresh_from_db()
    assert "Round table on electrical automation" in report.body


def test_a_stale_edit_of_the_report_is_refused(visit, clients, actors):
    report = services.report_generate(visit=visit, by=actors["coordinator"], language="ru")
    services.report_update(
        report=report, by=actors["coordinator"], data={"title": "Первая правка"}, version=1
    )
    response = clients["coordinator"].post(
        f"/visits/{visit.pk}/report/ru/",
        {"version": 1, "title": "Вторая правка", "body": report.body},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Somebody else changed this record" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "Первая правка"


def test_the_report_downloads_as_docx_and_prints(visit, clients, actors):
    report = services.report_generate(visit=visit, by=actors["coordinator"], language="zh-hans")
    response = clients["coordinator"].get(f"/visits/{visit.pk}/report/zh-hans/report.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == report.title
    # Then the date line (the visit's dates and the report's), then the text.
    assert texts[1].startswith("2026年3月30日至31日") and texts[2:] == report.paragraphs()
    page = clients["coordinator"].get(f"/visits/{visit.pk}/report/zh-hans/print/").content.decode()
    assert report.title in page
    assert 'href="/static/visits/report-print.css"' in page
    stylesheet = clients["coordinator"].get("/static/visits/report-print.css")
    assert b"@media print" in b"".join(stylesheet)
