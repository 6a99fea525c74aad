"""The demo network: an invented but realistic cooperation network. No real persons.

Idempotent: every institution is found again by its (invented) national identifier, every unit
by its code and every person by family name within the institution, so running it twice
changes nothing.
"""

import random
from typing import Any

from django.db import transaction

from leizu.core.access import Actor
from leizu.core.multilingual import Multilingual
from leizu.institutions import services
from leizu.institutions.models import Institution, OrgUnit, Person

M = Multilingual

HOST = "host"

INSTITUTIONS: list[dict[str, Any]] = [
    {
        "key": HOST,
        "kind": "college",
        "country": "CN",
        "is_host": True,
        "national_id_scheme": "cn_uscc",
        "national_id": "52330000MJ0000001X",
        "website": "https://siyuan-college.example.cn",
        "name": M(
            {
                "zh-hans": "丝源纺织服装职业学院",
                "en": "Siyuan Textile and Apparel Vocational College",
                "ru": "Сыюаньский профессиональный колледж текстиля и одежды",
                "kk": "Сыюань тоқыма және киім кәсіптік колледжі",
                "uz": "Siyuan toʻqimachilik va kiyim-kechak kasb-hunar kolleji",
            }
        ),
        "short_name": M(
            {
                "zh-hans": "丝源职院",
                "en": "Siyuan College",
                "ru": "Колледж Сыюань",
                "kk": "Сыюань колледжі",
                "uz": "Siyuan kolleji",
            }
        ),
        "city": M(
            {
                "zh-hans": "杭州",
                "en": "Hangzhou",
                "ru": "Ханчжоу",
                "kk": "Ханчжоу",
                "uz": "Xanchjou",
            }
        ),
        "description": M(
            {
                "zh-hans": "以纺织、染整、服装和智能制造为特色的高等职业院校。",
                "en": "A higher vocational college known for textiles, dyeing and finishing, apparel "
                "and intelligent manufacturing.",
                "ru": "Высший профессиональный колледж, известный подготовкой в области текстиля, "
                "крашения и отделки, швейного производства и интеллектуального производства.",
                "kk": "Тоқыма, бояу-әрлеу, киім және зияткерлік өндіріс бағыттарымен танымал жоғары "
                "кәсіптік колледж.",
                "uz": "Toʻqimachilik, boʻyash va pardozlash, tikuvchilik hamda aqlli ishlab chiqarish "
                "yoʻnalishlari bilan tanilgan oliy kasb-hunar kolleji.",
            }
        ),
    },
    {
        "key": "institute",
        "kind": "research_institute",
        "country": "CN",
        "national_id_scheme": "cn_uscc",
        "national_id": "52330000MJ0000002Y",
        "name": M(
            {
                "zh-hans": "丝路产教融合研究院",
                "en": "Silk Road Institute for Industry-Education Integration",
                "ru": "Институт интеграции производства и образования «Шёлковый путь»",
                "kk": "«Жібек жолы» өндіріс пен білім беруді ықпалдастыру институты",
                "uz": "«Ipak yoʻli» ishlab chiqarish va taʼlim integratsiyasi instituti",
            }
        ),
        "short_name": M({"zh-hans": "丝路研究院", "en": "Silk Road Institute"}),
        "city": M(
            {
                "zh-hans": "杭州",
                "en": "Hangzhou",
                "ru": "Ханчжоу",
                "kk": "Ханчжоу",
                "uz": "Xanchjou",
            }
        ),
    },
    {
        "key": "kz1",
        "kind": "college",
        "country": "KZ",
        "national_id_scheme": "kz_bin",
        "national_id": "990140000101",
        "name": M(
            {
                "kk": "Ақжол индустриялық-технологиялық колледжі",
                "ru": "Индустриально-технологический колледж «Акжол»",
                "en": "Akzhol Industrial Technology College",
                "zh-hans": "阿克若尔工业技术学院",
                "uz": "Oqjoʻl sanoat-texnologiya kolleji",
            }
        ),
        "city": M(
            {
                "kk": "Шымкент",
                "ru": "Шымкент",
                "en": "Shymkent",
                "zh-hans": "奇姆肯特",
                "uz": "Chimkent",
            }
        ),
    },
    {
        "key": "kz2",
        "kind": "college",
        "country": "KZ",
        "national_id_scheme": "kz_bin",
        "national_id": "001240000202",
        "name": M(
            {
                "kk": "Сарыарқа жеңіл өнеркәсіп колледжі",
                "ru": "Колледж лёгкой промышленности «Сарыарка»",
                "en": "Saryarka College of Light Industry",
                "zh-hans": "萨雷阿尔卡轻工业学院",
            }
        ),
        "city": M(
            {
                "kk": "Қарағанды",
                "ru": "Караганда",
                "en": "Karaganda",
                "zh-hans": "卡拉干达",
                "uz": "Qaragʻandi",
            }
        ),
    },
    {
        "key": "uz1",
        "kind": "technical_school",
        "country": "UZ",
        "national_id_scheme": "uz_stir",
        "national_id": "301000101",
        "name": M(
            {
                "uz": "Oltinsoy toʻqimachilik va tikuvchilik texnikumi",
                "ru": "Алтынсайский техникум текстиля и швейного дела",
                "en": "Oltinsoy Technical School of Textiles and Sewing",
                "zh-hans": "阿尔金索纺织与缝纫技术学校",
                "kk": "Алтынсай тоқыма және тігін техникумы",
            }
        ),
        "city": M(
            {
                "uz": "Fargʻona",
                "ru": "Фергана",
                "en": "Fergana",
                "zh-hans": "费尔干纳",
                "kk": "Ферғана",
            }
        ),
    },
    {
        "key": "uz2",
        "kind": "technical_school",
        "country": "UZ",
        "national_id_scheme": "uz_stir",
        "national_id": "301000202",
        "name": M(
            {
                "uz": "Zarafshon elektrotexnika va mashinasozlik texnikumi",
                "ru": "Зарафшанский техникум электротехники и машиностроения",
                "en": "Zarafshon Technical School of Electrical and Mechanical Engineering",
                "zh-hans": "泽拉夫尚电工与机械制造技术学校",
            }
        ),
        "city": M(
            {
                "uz": "Samarqand",
                "ru": "Самарканд",
                "en": "Samarkand",
                "zh-hans": "撒马尔罕",
                "kk": "Самарқанд",
            }
        ),
    },
    {
        "key": "co_cn",
        "kind": "company",
        "country": "CN",
        "national_id_scheme": "cn_uscc",
        "national_id": "91330100MA0000003Z",
        "name": M(
            {
                "zh-hans": "丝途纺织机械有限公司",
                "en": "Silkway Textile Machinery Co., Ltd.",
                "ru": "ООО «Силквэй Текстильное Машиностроение»",
                "kk": "«Силквэй Тоқыма Машина Жасау» ЖШС",
                "uz": "«Silkway Toʻqimachilik Mashinasozligi» MChJ",
            }
        ),
        "city": M({"zh-hans": "绍兴", "en": "Shaoxing", "ru": "Шаосин"}),
    },
    {
        "key": "co_kz",
        "kind": "company",
        "country": "KZ",
        "national_id_scheme": "kz_bin",
        "national_id": "150540000303",
        "name": M(
            {
                "ru": "ТОО «Көктерек Текстиль»",
                "kk": "«Көктерек Текстиль» ЖШС",
                "en": "Kokterek Textile LLP",
                "zh-hans": "阔克铁列克纺织有限责任公司",
            }
        ),
        "city": M(
            {"ru": "Алматы", "kk": "Алматы", "en": "Almaty", "zh-hans": "阿拉木图", "uz": "Olmaota"}
        ),
    },
]

UNITS: dict[str, list[dict[str, Any]]] = {
    HOST: [
        {
            "code": "TEX",
            "kind": "school",
            "name": M(
                {
                    "zh-hans": "纺织学院",
                    "en": "Textile College",
                    "ru": "Текстильный институт",
                    "kk": "Тоқыма институты",
                    "uz": "Toʻqimachilik instituti",
                }
            ),
        },
        {
            "code": "APP",
            "kind": "school",
            "name": M(
                {
                    "zh-hans": "服装学院",
                    "en": "Apparel School",
                    "ru": "Школа одежды",
                    "kk": "Киім мектебі",
                    "uz": "Kiyim-kechak maktabi",
                }
            ),
        },
        {
            "code": "IEO",
            "kind": "office",
            "name": M(
                {
                    "zh-hans": "产教融合与国际交流处",
                    "en": "Industry-Education Exchange Office",
                    "ru": "Отдел интеграции с производством и международных связей",
                    "kk": "Өндіріспен ықпалдасу және халықаралық байланыстар бөлімі",
                    "uz": "Ishlab chiqarish bilan integratsiya va xalqaro aloqalar boʻlimi",
                }
            ),
        },
        {
            "code": "TNM",
            "kind": "training_base",
            "parent": "TEX",
            "name": M(
                {
                    "zh-hans": "纺织新材料实训基地",
                    "en": "Textile New Materials Training Base",
                    "ru": "Учебно-производственная база новых текстильных материалов",
                    "kk": "Жаңа тоқыма материалдары оқу-өндірістік базасы",
                    "uz": "Yangi toʻqimachilik materiallari oʻquv-amaliyot bazasi",
                }
            ),
        },
        {
            "code": "HER",
            "kind": "laboratory",
            "parent": "TEX",
            "name": M(
                {
                    "zh-hans": "织绣非遗数字化保护重点实验室",
                    "en": "Key Laboratory for Digital Protection of Weaving and Embroidery Heritage",
                    "ru": "Ключевая лаборатория цифрового сохранения наследия ткачества и вышивки",
                    "kk": "Тоқу және кесте мұрасын цифрлық қорғаудың негізгі зертханасы",
                    "uz": "Toʻquv va kashtachilik merosini raqamli muhofaza qilish tayanch laboratoriyasi",
                }
            ),
        },
    ],
    "kz1": [
        {
            "code": "MECH",
            "kind": "department",
            "name": M(
                {
                    "kk": "Машина жасау бөлімі",
                    "ru": "Отделение машиностроения",
                    "en": "Mechanical Engineering Department",
                }
            ),
        },
        {
            "code": "INT",
            "kind": "office",
            "name": M(
                {
                    "kk": "Халықаралық байланыстар бөлімі",
                    "ru": "Отдел международных связей",
                    "en": "International Office",
                    "zh-hans": "国际交流处",
                    "uz": "Xalqaro aloqalar boʻlimi",
                }
            ),
        },
    ],
    "uz1": [
        {
            "code": "TIK",
            "kind": "department",
            "name": M(
                {
                    "uz": "Tikuvchilik boʻlimi",
                    "ru": "Швейное отделение",
                    "en": "Sewing Department",
                    "kk": "Тігін бөлімі",
                }
            ),
        },
    ],
}

# (institution key, unit code or None, native script, family, given, patronymic, variants,
#  passport family, passport given, title, position)
PEOPLE: list[tuple[Any, ...]] = [
    (
        HOST,
        None,
        "Hans",
        "周",
        "文涛",
        "",
        [],
        "ZHOU",
        "WENTAO",
        M(
            {
                "zh-hans": "教授",
                "en": "Professor",
                "ru": "профессор",
                "kk": "профессор",
                "uz": "professor",
            }
        ),
        M({"zh-hans": "院长", "en": "President", "ru": "ректор", "kk": "ректор", "uz": "rektor"}),
    ),
    (
        HOST,
        "IEO",
        "Hans",
        "陈",
        "静",
        "",
        [],
        "CHEN",
        "JING",
        M(),
        M(
            {
                "zh-hans": "处长",
                "en": "Director",
                "ru": "начальник отдела",
                "kk": "бөлім басшысы",
                "uz": "boʻlim boshligʻi",
            }
        ),
    ),
    (
        HOST,
        "TEX",
        "Hans",
        "王",
        "立新",
        "",
        [],
        "WANG",
        "LIXIN",
        M(
            {
                "zh-hans": "教授",
                "en": "Professor",
                "ru": "профессор",
                "kk": "профессор",
                "uz": "professor",
            }
        ),
        M({"zh-hans": "院长", "en": "Dean", "ru": "декан", "kk": "декан", "uz": "dekan"}),
    ),
    (
        HOST,
        "APP",
        "Hans",
        "刘",
        "芳",
        "",
        [],
        "LIU",
        "FANG",
        M(
            {
                "zh-hans": "副教授",
                "en": "Associate Professor",
                "ru": "доцент",
                "kk": "доцент",
                "uz": "dotsent",
            }
        ),
        M({"zh-hans": "院长", "en": "Dean", "ru": "декан", "kk": "декан", "uz": "dekan"}),
    ),
    (
        HOST,
        "HER",
        "Hans",
        "赵",
        "明",
        "",
        [],
        "ZHAO",
        "MING",
        M(
            {
                "zh-hans": "研究员",
                "en": "Research Fellow",
                "ru": "научный сотрудник",
                "kk": "ғылыми қызметкер",
                "uz": "ilmiy xodim",
            }
        ),
        M(
            {
                "zh-hans": "实验室主任",
                "en": "Head of Laboratory",
                "ru": "заведующий лабораторией",
                "kk": "зертхана меңгерушісі",
                "uz": "laboratoriya mudiri",
            }
        ),
    ),
    (
        "institute",
        None,
        "Hans",
        "孙",
        "海燕",
        "",
        [],
        "SUN",
        "HAIYAN",
        M(
            {
                "zh-hans": "研究员",
                "en": "Research Fellow",
                "ru": "научный сотрудник",
                "kk": "ғылыми қызметкер",
                "uz": "ilmiy xodim",
            }
        ),
        M(
            {
                "zh-hans": "院长",
                "en": "Director",
                "ru": "директор",
                "kk": "директор",
                "uz": "direktor",
            }
        ),
    ),
    (
        "kz1",
        None,
        "Cyrl",
        "Ержанов",
        "Дәулет",
        "Серікұлы",
        [
            {"script": "Latn", "family": "Yerzhanov", "given": "Daulet", "patronymic": "Serikuly"},
            {"script": "Hans", "family": "叶尔扎诺夫", "given": "达乌列特", "patronymic": ""},
        ],
        "YERZHANOV",
        "DAULET",
        M(),
        M(
            {
                "kk": "директор",
                "ru": "директор",
                "en": "Director",
                "zh-hans": "院长",
                "uz": "direktor",
            }
        ),
    ),
    (
        "kz1",
        "INT",
        "Cyrl",
        "Сейтқалиева",
        "Гүлнар",
        "Асқарқызы",
        [
            {
                "script": "Latn",
                "family": "Seitkaliyeva",
                "given": "Gulnar",
                "patronymic": "Askarkyzy",
            },
            {"script": "Hans", "family": "谢特卡利耶娃", "given": "古丽娜尔", "patronymic": ""},
        ],
        "SEITKALIYEVA",
        "GULNAR",
        M(),
        M(
            {
                "kk": "халықаралық байланыстар бөлімінің басшысы",
                "ru": "руководитель отдела международных связей",
                "en": "Head of International Office",
                "zh-hans": "国际交流处处长",
                "uz": "xalqaro aloqalar boʻlimi boshligʻi",
            }
        ),
    ),
    (
        "kz2",
        None,
        "Cyrl",
        "Омаров",
        "Бауыржан",
        "Қайратұлы",
        [{"script": "Latn", "family": "Omarov", "given": "Bauyrzhan", "patronymic": "Kairatuly"}],
        "OMAROV",
        "BAUYRZHAN",
        M(),
        M({"kk": "директор", "ru": "директор", "en": "Director", "zh-hans": "院长"}),
    ),
    (
        "uz1",
        None,
        "Latn",
        "Xoʻjayev",
        "Sardor",
        "Baxtiyor oʻgʻli",
        [
            {"script": "Cyrl", "family": "Хўжаев", "given": "Сардор", "patronymic": "Бахтиёр ўғли"},
            {"script": "Hans", "family": "霍贾耶夫", "given": "萨尔多尔", "patronymic": ""},
        ],
        "KHOJAYEV",
        "SARDOR",
        M(),
        M(
            {
                "uz": "direktor",
                "ru": "директор",
                "en": "Director",
                "zh-hans": "校长",
                "kk": "директор",
            }
        ),
    ),
    (
        "uz2",
        None,
        "Latn",
        "Rahimova",
        "Nodira",
        "Akmal qizi",
        [{"script": "Cyrl", "family": "Раҳимова", "given": "Нодира", "patronymic": "Акмал қизи"}],
        "RAKHIMOVA",
        "NODIRA",
        M(),
        M({"uz": "direktor", "ru": "директор", "en": "Director", "zh-hans": "校长"}),
    ),
    (
        "co_cn",
        None,
        "Hans",
        "黄",
        "建国",
        "",
        [],
        "HUANG",
        "JIANGUO",
        M(),
        M(
            {
                "zh-hans": "总经理",
                "en": "General Manager",
                "ru": "генеральный директор",
                "kk": "бас директор",
                "uz": "bosh direktor",
            }
        ),
    ),
    (
        "co_kz",
        None,
        "Cyrl",
        "Ким",
        "Виктор",
        "Сергеевич",
        [{"script": "Latn", "family": "Kim", "given": "Viktor", "patronymic": "Sergeyevich"}],
        "KIM",
        "VIKTOR",
        M(),
        M(
            {
                "ru": "директор по производству",
                "en": "Production Director",
                "kk": "өндіріс жөніндегі директор",
            }
        ),
    ),
]


def institution_by_key(key: str) -> Institution:
    spec = next(s for s in INSTITUTIONS if s["key"] == key)
    return Institution.objects.get(
        country=spec["country"],
        national_id_scheme=spec["national_id_scheme"],
        national_id=spec["national_id"],
    )


@transaction.atomic
def build_network(*, by: Actor) -> dict[str, Institution]:
    institutions: dict[str, Institution] = {}
    for spec in INSTITUTIONS:
        data = {k: v for k, v in spec.items() if k not in ("key", "is_host")}
        existing = Institution.objects.filter(
            country=spec["country"],
            national_id_scheme=spec["national_id_scheme"],
            national_id=spec["national_id"],
        ).first()
        if existing is None:
            existing = services.institution_create(by=by, data=data)
        else:
            services.institution_update(institution=existing, by=by, data=data, version=None)
        if spec.get("is_host") and not existing.is_host:
            Institution.objects.filter(pk=existing.pk).update(is_host=True)
            existing.is_host = True
        institutions[spec["key"]] = existing

    for key, units in UNITS.items():
        institution = institutions[key]
        by_code = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
        for spec in units:
            data = {k: v for k, v in spec.items() if k != "parent"}
            data["parent"] = by_code.get(spec.get("parent", ""))
            if spec["code"] in by_code:
                services.unit_update(unit=by_code[spec["code"]], by=by, data=data, version=None)
            else:
                by_code[spec["code"]] = services.unit_create(
                    by=by, institution=institution, data=data
                )

    for (
        key,
        unit_code,
        script,
        family,
        given,
        patronymic,
        variants,
        p_family,
        p_given,
        title,
        position,
    ) in PEOPLE:
        institution = institutions[key]
        data = {
            "unit": OrgUnit.objects.filter(institution=institution, code=unit_code).first()
            if unit_code
            else None,
            "name_script": script,
            "family_name": family,
            "given_name": given,
            "patronymic": patronymic,
            "name_variants": variants,
            "passport_family_name": p_family,
            "passport_given_name": p_given,
            "title": title,
            "position": position,
            "languages": {"Hans": ["zh"], "Cyrl": ["kk", "ru"], "Latn": ["uz", "ru"]}[script],
        }
        person = Person.objects.filter(
            institution=institution, family_name=family, given_name=given
        ).first()
        if person is None:
            services.person_create(by=by, institution=institution, data=data)
        else:
            services.person_update(person=person, by=by, data=data, version=None)
    return institutions


# Pieces of invented names for the enlarged benchmark network.
_SYLLABLES = [
    "ak",
    "bal",
    "dar",
    "en",
    "gul",
    "jan",
    "kar",
    "lan",
    "mir",
    "nur",
    "or",
    "sar",
    "tal",
    "ul",
    "zhan",
    "bek",
    "qyz",
    "tau",
    "su",
    "shan",
]
_CN_CHARS = "华新丝源锦绣纺织明德工业智能机电科技长江天山东方红光云海"
_KINDS = ["college", "technical_school", "company", "university", "research_institute"]
_COUNTRIES = ["CN", "KZ", "UZ", "KG", "TJ"]


def _invented_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def enlarge(*, institutions: int, people: int, seed: int = 7) -> tuple[int, int]:
    """Add invented institutions and people in bulk, for benchmarks. Returns what was added."""
    from leizu.institutions.services import institution_search_text, person_search_text

    rng = random.Random(seed)
    existing = Institution.objects.filter(
        national_id_scheme="other", national_id__startswith="BENCH"
    ).count()
    new_institutions = []
    for i in range(existing, institutions):
        word = _invented_word(rng)
        cn = "".join(rng.choice(_CN_CHARS) for _ in range(4))
        inst = Institution(
            kind=rng.choice(_KINDS),
            country=rng.choice(_COUNTRIES),
            national_id_scheme="other",
            national_id=f"BENCH{i:06d}",
            name=M(
                {
                    "en": f"{word} College {i}",
                    "ru": f"Колледж {word} {i}",
                    "zh-hans": f"{cn}学院{i}",
                }
            ),
            city=M({"en": _invented_word(rng)}),
        )
        inst.search_text = institution_search_text(inst)
        new_institutions.append(inst)
    Institution.objects.bulk_create(new_institutions, batch_size=1000)
    pool = list(
        Institution.objects.filter(national_id__startswith="BENCH").values_list("id", flat=True)
    )
    existing_people = Person.objects.filter(institution_id__in=pool).count()
    new_people = []
    for _i in range(existing_people, people if pool else 0):
        person = Person(
            institution_id=rng.choice(pool),
            name_script="Latn",
            family_name=_invented_word(rng) + "ova",
            given_name=_invented_word(rng),
            position=M({"en": "Teacher"}),
        )
        person.search_text = person_search_text(person)
        new_people.append(person)
    Person.objects.bulk_create(new_people, batch_size=2000)
    return len(new_institutions), len(new_people)
