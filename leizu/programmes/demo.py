"""Demo programmes: the host college's five programme groups (textiles, dyeing and finishing,
apparel, intelligent manufacturing, electrical automation) with their programmes under China's
2021 catalogue codes and four years of intake and graduates, and a Kazakh college's programmes
(Kazakhstan's classifier is imported by users, not shipped, so they carry only their field).

Made through the services by each college's coordinator, so every row is audited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from leizu.core.access import actor_for_user
from leizu.institutions.models import Institution
from leizu.programmes import services
from leizu.programmes.catalogues import load_shipped
from leizu.programmes.models import Catalogue, CatalogueEntry, Programme

COURSES = Path(__file__).resolve().parent / "demo_courses.json"

GROUPS = {
    "textiles": {
        "zh-hans": "现代纺织技术专业群",
        "en": "Modern textile technology cluster",
        "ru": "Кластер современных текстильных технологий",
        "kk": "Заманауи тоқыма технологиялары кластері",
        "uz": "Zamonaviy toʻqimachilik texnologiyalari klasteri",
    },
    "dyeing": {
        "zh-hans": "数字化染整技术专业群",
        "en": "Digital dyeing and finishing cluster",
        "ru": "Кластер цифрового крашения и отделки",
        "kk": "Цифрлық бояу және әрлеу кластері",
        "uz": "Raqamli boʻyash va pardozlash klasteri",
    },
    "apparel": {
        "zh-hans": "服装设计与工艺专业群",
        "en": "Apparel design and making cluster",
        "ru": "Кластер дизайна и технологии одежды",
        "kk": "Киім дизайны және технологиясы кластері",
        "uz": "Kiyim dizayni va texnologiyasi klasteri",
    },
    "intelligent": {
        "zh-hans": "智能制造专业群",
        "en": "Intelligent manufacturing cluster",
        "ru": "Кластер интеллектуального производства",
        "kk": "Зияткерлік өндіріс кластері",
        "uz": "Aqlli ishlab chiqarish klasteri",
    },
    "electrical": {
        "zh-hans": "电气自动化专业群",
        "en": "Electrical automation cluster",
        "ru": "Кластер электрической автоматизации",
        "kk": "Электр автоматикасы кластері",
        "uz": "Elektr avtomatikasi klasteri",
    },
}
# group, catalogue code, languages of instruction, occupations (ISCO-08), intake of the last
# year: a textile and apparel college with its machinery, electrical and robotics programmes.
HOST_PROGRAMMES = [
    ("textiles", "480401", ["zh"], ["3119", "8151", "8152"], 120),
    ("textiles", "480403", ["zh"], ["8151", "8152", "3119"], 40),
    ("textiles", "480408", ["zh"], ["3119", "3111"], 45),
    ("textiles", "480409", ["zh"], ["8159", "3119"], 40),
    ("textiles", "480410", ["zh"], ["7233", "3115"], 60),
    ("textiles", "480411", ["zh", "en"], ["7543", "3119"], 50),
    ("dyeing", "480405", ["zh"], ["8154", "3116", "3119"], 80),
    ("dyeing", "460120", ["zh"], ["3111", "7543"], 40),
    ("apparel", "480402", ["zh", "en"], ["2163", "7531", "8153"], 150),
    ("apparel", "480404", ["zh"], ["8152", "7531"], 50),
    ("apparel", "480406", ["zh"], ["2163"], 60),
    ("apparel", "480407", ["zh"], ["2163"], 40),
    ("apparel", "480412", ["zh"], ["7531", "8153"], 30),
    ("intelligent", "460301", ["zh"], ["3115", "7233", "7412"], 140),
    ("intelligent", "460305", ["zh", "ru"], ["3115", "7233", "3139"], 90),
    ("intelligent", "460103", ["zh"], ["7223", "3115"], 100),
    ("intelligent", "460104", ["zh"], ["3115", "7223"], 80),
    ("intelligent", "460113", ["zh"], ["7222", "3118"], 50),
    ("intelligent", "460110", ["zh", "ru"], ["7212", "3115"], 60),
    ("intelligent", "460112", ["zh"], ["3115", "7223"], 40),
    ("intelligent", "460106", ["zh"], ["2141", "3122", "3119"], 40),
    ("electrical", "460306", ["zh", "ru"], ["3113", "7412", "7411"], 160),
    ("electrical", "460303", ["zh"], ["3114", "3139"], 60),
    ("electrical", "460308", ["zh"], ["3114", "7421"], 40),
    ("electrical", "460203", ["zh"], ["7412", "3113"], 50),
    ("electrical", "460204", ["zh"], ["3113", "7411", "7412"], 60),
    ("electrical", "460205", ["zh"], ["7127"], 40),
]
KZ_PROGRAMMES = [
    (
        {
            "ru": "Швейное производство и моделирование одежды",
            "kk": "Тігін өндірісі және киімді үлгілеу",
            "en": "Garment production and modelling",
            "zh-hans": "服装生产与建模",
        },
        "0723",
        ["kk", "ru"],
        ["7531", "8153"],
        75,
    ),
    (
        {
            "ru": "Электроснабжение (по отраслям)",
            "kk": "Электрмен жабдықтау (салалар бойынша)",
            "en": "Power supply (by industry)",
            "zh-hans": "供电（分行业）",
        },
        "0713",
        ["kk", "ru"],
        ["7411", "7412"],
        100,
    ),
    (
        {
            "ru": "Мехатроника (по отраслям)",
            "kk": "Мехатроника (салалар бойынша)",
            "en": "Mechatronics (by industry)",
            "zh-hans": "机电一体化（分行业）",
        },
        "0714",
        ["ru"],
        ["3115", "7233"],
        50,
    ),
]


def _years(by: Any, programme: Programme, intake: int) -> None:
    last = timezone.localdate().year - 1
    for i, year in enumerate(range(last - 3, last + 1)):
        size = round(intake * (0.8 + 0.07 * i))
        services.programme_year_set(
            programme=programme,
            by=by,
            year=year,
            intake=size,
            graduates=round(size * 0.9) if year <= last - 2 else None,
        )


def _courses(by: Any, host: Institution) -> None:
    """The course tables of fourteen programmes (``demo_courses.json``: courses with hours,
    credits, practice share and learning outcomes in Chinese and English, Russian where the
    course is taught abroad). The engine suggests each outcome's skills; the coordinator has
    confirmed those named in every language of the outcome and left the others to review."""
    plans = json.loads(COURSES.read_text(encoding="utf-8"))
    with transaction.atomic():  # one commit for the demo's ~2,000 rows, not one each
        _course_rows(by, host, plans)


def _course_rows(by: Any, host: Institution, plans: dict[str, Any]) -> None:
    programmes = {
        p.catalogue_entry.code: p
        for p in Programme.objects.filter(institution=host).select_related("catalogue_entry")
        if p.catalogue_entry
    }
    for code, courses in plans.items():
        programme = programmes.get(code)
        if programme is None:
            continue
        for order, c in enumerate(courses):
            course = services.course_create(
                by=by,
                programme=programme,
                data={
                    "code": c["code"],
                    "name": c["name"],
                    "hours": c["hours"],
                    "credits": c["credits"],
                    "practice_share": c["practice_share"],
                    "order": order,
                },
            )
            for i, text in enumerate(c["outcomes"]):
                outcome = services.outcome_create(
                    by=by, course=course, data={"text": text, "order": i}
                )
                for link in outcome.skills.all():
                    if link.score >= 1.0:
                        services.outcome_skill_review(
                            link=link, by=by, status="confirmed", version=link.version
                        )


def build_programmes(context: dict[str, Any]) -> None:
    institutions: dict[str, Institution] = context["institutions"]
    users = context.get("users", {})
    if not {"coordinator", "partner_kz_lead"} <= set(users):
        return
    host, kz1 = institutions["host"], institutions["kz1"]
    # The migration loads the shipped catalogue; a database emptied since (tests that flush)
    # gets it back here. Loading again changes nothing.
    load_shipped(Catalogue, CatalogueEntry)
    if Programme.objects.filter(institution=host).exists():
        return
    by = actor_for_user(users["coordinator"])
    groups = {
        key: services.group_create(by=by, institution=host, data={"name": name})
        for key, name in GROUPS.items()
    }
    codes = {e.code: e for e in CatalogueEntry.objects.filter(catalogue__classifier="cn-vet")}
    for group, code, languages, occupations, intake in HOST_PROGRAMMES:
        entry = codes[code]
        programme = services.programme_create(
            by=by,
            institution=host,
            data={
                "name": dict(entry.name),
                "group": groups[group],
                "catalogue_entry": entry,
                "isced_level": "5",
                "duration_years": 3,
                "credits": 140,
                "credit_system": "cn",
                "languages": languages,
                "occupations": occupations,
            },
        )
        _years(by, programme, intake)
    _courses(by, host)
    kz = actor_for_user(users["partner_kz_lead"])
    for name, field, languages, occupations, intake in KZ_PROGRAMMES:
        programme = services.programme_create(
            by=kz,
            institution=kz1,
            data={
                "name": name,
                "isced_f": field,
                "isced_level": "4",
                "national_level": "ТиПО",
                "duration_years": 3,
                "languages": languages,
                "occupations": occupations,
            },
        )
        _years(kz, programme, intake)
