"""Demo programmes: the host college's five programme groups (textiles, dyeing and finishing,
apparel, intelligent manufacturing, electrical automation) with their programmes under China's
2021 catalogue codes and four years of intake and graduates, and a Kazakh college's programmes
(Kazakhstan's classifier is imported by users, not shipped, so they carry only their field).

Made through the services by each college's coordinator, so every row is audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from leizu.core.access import actor_for_user
from leizu.institutions.models import Institution
from leizu.programmes import services
from leizu.programmes.models import CatalogueEntry, Programme

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
# group, catalogue code, languages, occupations (ISCO-08), intake of the latest year
HOST_PROGRAMMES = [
    ("textiles", "480401", ["zh"], ["3119", "8151"], 120),
    ("textiles", "480406", ["zh"], ["2163", "7318"], 60),
    ("dyeing", "480405", ["zh"], ["3116", "8154"], 80),
    ("apparel", "480402", ["zh", "en"], ["2163", "7531", "8153"], 150),
    ("apparel", "480404", ["zh"], ["8152", "7531"], 50),
    ("intelligent", "460301", ["zh"], ["3115", "7233"], 140),
    ("intelligent", "460305", ["zh", "ru"], ["3115", "7233", "3139"], 90),
    ("intelligent", "460103", ["zh"], ["7223", "3115"], 100),
    ("electrical", "460306", ["zh", "ru"], ["3113", "7412", "7411"], 160),
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


def build_programmes(context: dict[str, Any]) -> None:
    institutions: dict[str, Institution] = context["institutions"]
    users = context.get("users", {})
    if not {"coordinator", "partner_kz_lead"} <= set(users):
        return
    host, kz1 = institutions["host"], institutions["kz1"]
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
