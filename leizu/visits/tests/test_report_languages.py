"""A visit the demo does not contain, reported in Chinese, English, Russian, Kazakh and Uzbek:
everybody named in the reader's script with position and institution in that language, every
facility, need, wish and proposal, the reaction and the guests' impressions, and no word of
another script."""

import datetime
import re

import pytest

from leizu.core.multilingual import Multilingual
from leizu.institutions.models import OrgUnit, Person
from leizu.institutions.services import person_create
from leizu.visits import services
from leizu.visits.checklist import report_gaps
from leizu.visits.report import date_phrase
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
    visit = make_visit(
        world,
        by,
        guests=("kz1", "uz1"),
        accompanying=("institute",),
        start=datetime.date(2026, 10, 14),
        days=2,
    )
    visit.title = M(
        {
            "en": "Visit of two college heads",
            "zh-hans": "两所学院院长来访",
            "ru": "Визит",
            "kk": "Сапар",
            "uz": "Tashrif",
        }
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
            "title": M(
                {
                    "en": "symposium",
                    "zh-hans": "座谈会",
                    "ru": "симпозиум",
                    "kk": "Кәсіптік білім берудегі ынтымақтастық",
                    "uz": "Kasb-hunar taʼlimidagi hamkorlik",
                }
            ),
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
                    "kk": "мұраны сақтау жөніндегі жұмыс таңғаларлық",
                    "uz": "merosni asrash borasidagi ishlar hayratlanarli",
                }
            ),
        },
    )
    needs = {
        "0715": M(
            {
                "en": "CNC machinists",
                "zh-hans": "数控加工人才",
                "ru": "операторы станков с ЧПУ",
                "kk": "СББ станоктарының операторлары",
                "uz": "RDB dastgohlari operatorlari",
            }
        ),
        "0714": M(
            {
                "en": "automation technicians",
                "zh-hans": "自动化技术人员",
                "ru": "техники по автоматизации",
                "kk": "автоматтандыру техниктері",
                "uz": "avtomatlashtirish texniklari",
            }
        ),
        "0723": M(
            {
                "en": "dyeing technicians",
                "zh-hans": "染整技术人员",
                "ru": "техники по крашению",
                "kk": "бояу техниктері",
                "uz": "boʻyash texniklari",
            }
        ),
        "0722": M(
            {
                "en": "sewing technologists",
                "zh-hans": "服装工艺人员",
                "ru": "технологи швейного производства",
                "kk": "тігін өндірісінің технологтары",
                "uz": "tikuvchilik ishlab chiqarishi texnologlari",
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
                    "kk": "оқу-өндірістік орталығын бірлесіп құру",
                    "uz": "oʻquv-amaliyot markazini birgalikda tashkil etish",
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
    # Kazakh readers: Cyrillic (Palladius for Chinese names); Uzbek readers: Latin (Pinyin, and a
    # Kazakh name in its passport Latin), both in official order.
    "kk": {"vp": "Ли Цзяньхуа", "kz": "Ахметов Ерлан", "uz": "Каримов Жасур", "inst": "Сунь Липин"},
    "uz": {"vp": "Li Jianhua", "kz": "Akhmetov Erlan", "uz": "Karimov Jasur", "inst": "Sun Liping"},
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
    "kk": (
        "студенттер алмасуы",
        "оқытушылардың өзара сапарлары",
        "білім беру бағдарламаларын бірлесіп әзірлеу",
    ),
    "uz": (
        "talabalar almashinuvi",
        "oʻqituvchilarning oʻzaro tashriflari",
        "taʼlim dasturlarini birgalikda ishlab chiqish",
    ),
}
REACTION = {
    "en": "showed great interest",
    "ru": "большой интерес",
    "zh-hans": "浓厚兴趣",
    "kk": "Қонақтар бұл ұсынысқа үлкен қызығушылық танытты.",
    "uz": "Mehmonlar taklifga katta qiziqish bildirdi.",
}
IMPRESSION = {
    "en": "the heritage work is remarkable",
    "ru": "работа по сохранению наследия",
    "zh-hans": "非遗保护工作令人赞叹",
    "kk": "мұраны сақтау жөніндегі жұмыс таңғаларлық",
    "uz": "merosni asrash borasidagi ishlar hayratlanarli",
}
HEADLINE = {
    "zh-hans": "哈萨克斯坦、乌兹别克斯坦代表团到访我校",
    "en": "Delegation from Kazakhstan and Uzbekistan visits Siyuan Textile and Apparel Vocational "
    "College",
    "ru": "Сыюаньский профессиональный колледж текстиля и одежды принимает делегацию из "
    "Казахстана и Узбекистана",
    "kk": "Сыюань тоқыма және киім кәсіптік колледжі Қазақстан және Өзбекстан делегациясын "
    "қабылдады",
    "uz": "Siyuan toʻqimachilik va kiyim-kechak kasb-hunar kolleji Qozogʻiston va Oʻzbekiston "
    "delegatsiyasini qabul qildi",
}
# The lead: the dates as each language's press writes them, then who came and who received them.
LEAD = {
    "zh-hans": "10月14日至15日，",
    "en": "From 14 to 15 October 2026, a delegation of 2 led by ",
    "ru": "С 14 по 15 октября 2026 года состоялся визит делегации из Казахстана и Узбекистана "
    "(2 чел.).",
    "kk": "2026 жылғы 14–15 қазанда Сыюань тоқыма және киім кәсіптік колледжі (Қытай) 2 адамнан "
    "тұратын Қазақстан және Өзбекстан делегациясын қабылдады.",
    "uz": "2026-yil 14–15-oktabr kunlari Siyuan toʻqimachilik va kiyim-kechak kasb-hunar kolleji "
    "(Xitoy) 2 kishidan iborat Qozogʻiston va Oʻzbekiston delegatsiyasini qabul qildi.",
}
# Kazakh and Uzbek sentences whose names stay in the nominative: before a colon, as the subject.
SENTENCES = {
    "kk": (
        "Делегация басшылары: Директор Ахметов Ерлан (Ақжол индустриялық-технологиялық колледжі, "
        "Қазақстан) және Директор Каримов Жасур (Алтынсай тоқыма және тігін техникумы, "
        "Өзбекстан).",
        "Вице-президент Ли Цзяньхуа мынадай ұсыныс жасады: оқу-өндірістік орталығын бірлесіп "
        "құру. Қонақтар бұл ұсынысқа үлкен қызығушылық танытты.",
        "«Тоқу және кесте мұрасын цифрлық қорғаудың негізгі зертханасы» нысанын аралау барысында "
        "Директор Ахметов Ерлан өз әсерімен бөлісті: мұраны сақтау жөніндегі жұмыс таңғаларлық.",
    ),
    "uz": (
        "Delegatsiya rahbarlari: Direktor Akhmetov Erlan (Oqjoʻl sanoat-texnologiya kolleji, "
        "Qozogʻiston) va Direktor Karimov Jasur (Oltinsoy toʻqimachilik va tikuvchilik texnikumi, "
        "Oʻzbekiston).",
        "Vitse-prezident Li Jianhua quyidagi taklifni ilgari surdi: oʻquv-amaliyot markazini "
        "birgalikda tashkil etish. Mehmonlar taklifga katta qiziqish bildirdi.",
        "«Toʻquv va kashtachilik merosini raqamli muhofaza qilish tayanch laboratoriyasi» "
        "obyektini koʻzdan kechirish chogʻida Direktor Akhmetov Erlan oʻz taassurotlari bilan "
        "oʻrtoqlashdi: merosni asrash borasidagi ishlar hayratlanarli.",
    ),
}
FOREIGN_SCRIPTS = {
    "en": (CJK, CYRILLIC),
    "ru": (CJK, LATIN),
    "zh-hans": (CYRILLIC, LATIN),
    "kk": (CJK, LATIN),
    "uz": (CJK, CYRILLIC),
}


@pytest.mark.parametrize("language", ["zh-hans", "en", "ru", "kk", "uz"])
def test_the_report_names_everything_in_the_readers_language(news_visit, actors, language):
    by = actors["coordinator"]
    visit = news_visit["visit"]
    report = services.report_generate(visit=visit, by=by, language=language)
    body = report.title + "\n" + report.body
    from leizu.institutions.positions import position_label

    assert report.title == HEADLINE[language]
    assert report.body.startswith(LEAD[language]), report.body[:200]
    for sentence in SENTENCES.get(language, ()):
        assert sentence in report.body, sentence

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


@pytest.mark.parametrize(
    ("start", "end", "kk", "uz"),
    [
        ((2026, 4, 7), (2026, 4, 7), "2026 жылғы 7 сәуірде", "2026-yil 7-aprel kuni"),
        (
            (2026, 10, 14),
            (2026, 10, 15),
            "2026 жылғы 14–15 қазанда",
            "2026-yil 14–15-oktabr kunlari",
        ),
        (
            (2026, 9, 30),
            (2026, 10, 2),
            "2026 жылғы 30 қыркүйек – 2 қазанда",
            "2026-yil 30-sentabr – 2-oktabr kunlari",
        ),
        (
            (2026, 12, 30),
            (2027, 1, 2),
            "2026 жылғы 30 желтоқсан – 2027 жылғы 2 қаңтарда",
            "2026-yil 30-dekabr – 2027-yil 2-yanvar kunlari",
        ),
    ],
)
def test_kazakh_and_uzbek_dates_read_as_their_press_writes_them(start, end, kk, uz):
    """The year first, CLDR's month names in lowercase; Kazakh puts the last month in the
    locative (with the vowel and consonant the month takes), Uzbek adds kuni or kunlari."""
    start, end = datetime.date(*start), datetime.date(*end)
    assert date_phrase(start, end, "kk") == kk
    assert date_phrase(start, end, "uz") == uz


@pytest.mark.parametrize(
    ("language", "headline", "lead"),
    [
        (
            "kk",
            "Сыюань тоқыма және киім кәсіптік колледжі делегациясының Өзбекстан сапары: Алтынсай "
            "тоқыма және тігін техникумы",
            "2026 жылғы 30 қыркүйек – 2 қазанда Сыюань тоқыма және киім кәсіптік колледжі "
            "делегациясы (1 адам) Өзбекстанда сапармен болды. Қабылдаушы тарап — Алтынсай тоқыма "
            "және тігін техникумы, Өзбекстан.",
        ),
        (
            "uz",
            "Siyuan toʻqimachilik va kiyim-kechak kasb-hunar kolleji delegatsiyasining Oʻzbekiston "
            "safari: Oltinsoy toʻqimachilik va tikuvchilik texnikumi",
            "2026-yil 30-sentabr – 2-oktabr kunlari Siyuan toʻqimachilik va kiyim-kechak "
            "kasb-hunar kolleji delegatsiyasi (1 kishi) Oʻzbekistonda tashrif bilan boʻldi. Qabul "
            "qiluvchi tomon — Oltinsoy toʻqimachilik va tikuvchilik texnikumi, Oʻzbekiston.",
        ),
    ],
)
def test_a_trip_abroad_is_reported_in_kazakh_and_uzbek_with_the_country_it_went_to(
    world, actors, language, headline, lead
):
    by = actors["coordinator"]
    visit = make_visit(
        world,
        by,
        direction="outgoing",
        host="uz1",
        guests=("host",),
        start=datetime.date(2026, 9, 30),
        days=3,
    )
    president = Person.objects.get(institution=world["institutions"]["host"], family_name="周")
    services.participant_add(visit=visit, by=by, person=president, data={"role": "head"})
    report = services.report_generate(visit=visit, by=by, language=language)
    assert report.title == headline
    assert report.body.startswith(lead), report.body[:300]
    assert ("Делегация басшысы: " if language == "kk" else "Delegatsiya rahbari: ") in report.body
