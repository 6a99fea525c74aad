"""A visit the demo does not contain, reported in Chinese, English and Russian: everybody named
in the reader's script with position and institution in that language, every facility, need,
wish and proposal, the reaction and the guests' impressions, and no word of another script."""

import re

import pytest

from leizu.core.multilingual import Multilingual
from leizu.institutions.models import OrgUnit
from leizu.institutions.services import person_create
from leizu.visits import services
from leizu.visits.checklist import report_gaps
from leizu.visits.selectors import visit_record
from leizu.visits.tests.helpers import at, make_visit

M = Multilingual
CJK = re.compile(r"[\u3400-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def news_visit(world, actors):
    """A vice president hosts two Central Asian college heads and an institute director."""
    by = actors["coordinator"]
    inst = world["institutions"]
    host, kz1, uz1, institute = inst["host"], inst["kz1"], inst["uz1"], inst["institute"]
    visit = make_visit(world, by, guests=("kz1", "uz1"), accompanying=("institute",), days=1)
    visit.title = M(
        {"en": "Visit of two college heads", "zh-hans": "两所学院院长来访", "ru": "Визит"}
    )
    visit.save()

    def person(institution, script, family, given, code, variants=()):
        return person_create(
            by=by,
            institution=institution,
            data={
                "family_name": family,
                "given_name": given,
                "name_script": script,
                "position_code": code,
                "name_variants": list(variants),
            },
        )

    people = {
        "vp": person(host, "Hans", "李", "建华", "vice_president"),
        "kz": person(
            kz1,
            "Cyrl",
            "Ахметов",
            "Ерлан",
            "director",
            [{"script": "Hans", "family": "阿赫梅托夫", "given": "叶尔兰"}],
        ),
        "uz": person(
            uz1,
            "Latn",
            "Karimov",
            "Jasur",
            "director",
            [
                {"script": "Cyrl", "family": "Каримов", "given": "Жасур"},
                {"script": "Hans", "family": "卡里莫夫", "given": "贾苏尔"},
            ],
        ),
        "inst": person(institute, "Hans", "孙", "立平", "director"),
    }
    roles = {"vp": "host_lead", "kz": "head", "uz": "head", "inst": "member"}
    part = {
        k: services.participant_add(visit=visit, by=by, person=p, data={"role": roles[k]})
        for k, p in people.items()
    }
    tnm = OrgUnit.objects.get(institution=host, code="TNM")
    her = OrgUnit.objects.get(institution=host, code="HER")
    tours = [
        services.agenda_item_create(
            visit=visit,
            by=by,
            data={
                "kind": "facility_tour",
                "starts_at": at(visit, visit.start_date, h),
                "venue_unit": unit,
            },
        )
        for h, unit in ((9, tnm), (10, her))
    ]
    services.agenda_item_create(
        visit=visit,
        by=by,
        data={
            "kind": "meeting",
            "starts_at": at(visit, visit.start_date, 14),
            "part_of_day": "afternoon",
            "title": M({"en": "symposium", "zh-hans": "座谈会", "ru": "симпозиум"}),
        },
    )
    services.statement_create(
        visit=visit,
        by=by,
        data={
            "kind": "impression",
            "speaker": part["kz"],
            "agenda_item": tours[1],
            "summary": M(
                {
                    "en": "the heritage work is remarkable",
                    "zh-hans": "非遗保护工作令人赞叹",
                    "ru": "работа по сохранению наследия поразительна",
                }
            ),
        },
    )
    needs = {
        "0715": M(
            {"en": "CNC machinists", "zh-hans": "数控加工人才", "ru": "операторы станков с ЧПУ"}
        ),
        "0714": M(
            {
                "en": "automation technicians",
                "zh-hans": "自动化技术人员",
                "ru": "техники по автоматизации",
            }
        ),
        "0723": M(
            {"en": "dyeing technicians", "zh-hans": "染整技术人员", "ru": "техники по крашению"}
        ),
        "0722": M(
            {
                "en": "sewing technologists",
                "zh-hans": "服装工艺人员",
                "ru": "технологи швейного производства",
            }
        ),
    }
    for i, (field, words) in enumerate(needs.items()):
        services.need_create(
            visit=visit,
            by=by,
            data={
                "institution": kz1 if i % 2 == 0 else uz1,
                "field_code": field,
                "occupation": words,
            },
        )
    for kind in ("student_exchange", "teacher_visit", "programme"):
        services.interest_create(
            visit=visit, by=by, data={"institution": kz1, "also_stated_by": [uz1], "kind": kind}
        )
    services.proposal_create(
        visit=visit,
        by=by,
        data={
            "institution": host,
            "proposed_by": part["vp"],
            "text": M(
                {
                    "en": "to co-build a training centre",
                    "zh-hans": "共建实训中心",
                    "ru": "создать учебный центр",
                }
            ),
            "reaction": "interested",
        },
    )
    return {
        "visit": visit,
        "people": people,
        "needs": needs,
        "units": (tnm, her),
        "inst": (host, kz1, uz1, institute),
    }


EXPECTED_NAMES = {
    "en": {
        "vp": "Li Jianhua",
        "kz": "Erlan Akhmetov",
        "uz": "Jasur Karimov",
        "inst": "Sun Liping",
    },
    "ru": {"vp": "Ли Цзяньхуа", "kz": "Ахметов Ерлан", "uz": "Каримов Жасур", "inst": "Сунь Липин"},
    "zh-hans": {
        "vp": "李建华",
        "kz": "叶尔兰·阿赫梅托夫",
        "uz": "贾苏尔·卡里莫夫",
        "inst": "孙立平",
    },
}
INTEREST_WORDS = {
    "en": ("student exchanges", "teacher visits", "joint programme construction"),
    "ru": ("обмен студентами", "взаимные визиты преподавателей", "совместная разработка"),
    "zh-hans": ("学生交流", "教师互访", "专业共建"),
}
REACTION = {"en": "showed great interest", "ru": "большой интерес", "zh-hans": "浓厚兴趣"}
IMPRESSION = {
    "en": "the heritage work is remarkable",
    "ru": "работа по сохранению наследия",
    "zh-hans": "非遗保护工作令人赞叹",
}
FOREIGN_SCRIPTS = {"en": (CJK, CYRILLIC), "ru": (CJK, LATIN), "zh-hans": (CYRILLIC, LATIN)}


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru"])
def test_the_report_names_everything_in_the_readers_language(news_visit, actors, language):
    by = actors["coordinator"]
    visit = news_visit["visit"]
    report = services.report_generate(visit=visit, by=by, language=language)
    body = report.title + "\n" + report.body
    from leizu.institutions.positions import position_label

    for key, name in EXPECTED_NAMES[language].items():
        assert name in body, (key, name)
    for code in ("vice_president", "director"):
        assert position_label(code, language) in body, code
    host, *partners = news_visit["inst"]
    # A Chinese report calls the college that writes it 我校.
    assert (host.name.localize(language) if language != "zh-hans" else "我校") in body
    for institution in partners:
        assert institution.name.localize(language) in body, institution
    for unit in news_visit["units"]:
        assert unit.name.localize(language) in body, unit
    for words in news_visit["needs"].values():
        assert words.localize(language) in body
    for words in INTEREST_WORDS[language]:
        assert words in body
    assert REACTION[language] in body and IMPRESSION[language] in body
    for script in FOREIGN_SCRIPTS[language]:
        assert not script.search(body), script.findall(body)[:10]
    # Nothing is missing in this language, so the checklist before publishing is empty.
    assert report_gaps(visit_record(actor=by, pk=visit.pk), language, by) == []
