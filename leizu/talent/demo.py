"""The talent part of the demo world: an invented vacancy corpus in five languages, stated needs,
survey rows and graduate supply, so the dashboard shows meaningful bars, map and trends.

Everything is invented (employers, figures). Postings are generated from templates over the last
24 months for regions of Kazakhstan, Uzbekistan and China and classified by the engine (results
are memoised per process: the templates repeat, and the test suite builds the demo world for
many tests). Idempotent: a second run finds the demo import and the rows by their content hash.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from leizu.talent.classification import apply, classify
from leizu.talent.io import content_hash, posting_hash
from leizu.talent.models import (
    GraduateSupply,
    ImportJob,
    ImportKind,
    ImportStatus,
    NeedKind,
    Posting,
    StatedNeed,
)

DEMO_FILE = "demo-vacancies.jsonl"
POSTINGS = 360

# Occupation templates: titles and a sentence of duties per language. Weight: share of postings;
# growth: how much faster the occupation grows over the two years (a trend to see).
TEMPLATES: list[dict[str, Any]] = [
    {
        "sector": "textile",
        "weight": 9,
        "growth": 0.2,
        "title": {
            "ru": "Швея-мотористка",
            "kk": "Тігінші",
            "uz": "Tikuvchi",
            "en": "Sewing machine operator",
            "zh": "缝纫工",
        },
        "text": {
            "ru": "Пошив женской одежды на промышленных швейных машинах, работа по технологическим картам.",
            "kk": "Өнеркәсіптік тігін машиналарында әйелдер киімін тігу.",
            "uz": "Sanoat tikuv mashinalarida ayollar kiyimini tikish, texnologik xarita boʻyicha ishlash.",
            "en": "Sewing garments on industrial lockstitch and overlock machines to quality standards.",
            "zh": "使用工业平缝机和包缝机缝制服装，按工艺单操作。",
        },
    },
    {
        "sector": "textile",
        "weight": 5,
        "growth": 0.6,
        "title": {
            "ru": "Помощник мастера ткацкого производства",
            "kk": "Тоқыма станоктарын баптаушы",
            "uz": "Toʻquv dastgohlari sozlovchisi",
            "en": "Loom fixer",
            "zh": "织机保全工",
        },
        "text": {
            "ru": "Наладка и ремонт ткацких станков, замена узлов, профилактика оборудования.",
            "kk": "Тоқыма станоктарын баптау және жөндеу.",
            "uz": "Toʻquv dastgohlarini sozlash va taʼmirlash, profilaktika.",
            "en": "Set up, adjust and repair weaving looms; preventive maintenance of the weaving shed.",
            "zh": "负责织机的调试、维修和保养。",
        },
    },
    {
        "sector": "textile",
        "weight": 4,
        "growth": 0.9,
        "title": {
            "ru": "Колорист красильного производства",
            "kk": "Бояу өндірісінің колористі",
            "uz": "Boʻyoqchi-kolorist",
            "en": "Colourist, dyeing and finishing",
            "zh": "染整打色技术员",
        },
        "text": {
            "ru": "Подбор рецептов крашения тканей, лабораторные выкраски, контроль цвета.",
            "kk": "Маталарды бояу рецептерін таңдау, түсті бақылау.",
            "uz": "Matolarni boʻyash retseptlarini tanlash, rang nazorati, laboratoriya namunalari.",
            "en": "Lab dips, dye recipes and colour matching for cotton and polyester fabrics.",
            "zh": "负责打样配色、染色处方和颜色质量控制。",
        },
    },
    {
        "sector": "industry",
        "weight": 6,
        "growth": 0.4,
        "title": {
            "ru": "Оператор станков с ЧПУ",
            "kk": "СБЖ станоктарының операторы",
            "uz": "RDB dastgohlari operatori",
            "en": "CNC machine operator",
            "zh": "数控机床操作工",
        },
        "text": {
            "ru": "Работа на токарных и фрезерных станках с ЧПУ, чтение чертежей.",
            "kk": "СБЖ токарлық және фрезерлік станоктарында жұмыс, сызбаларды оқу.",
            "uz": "RDB tokarlik va frezerlik dastgohlarida ishlash, chizmalarni oʻqish.",
            "en": "Operate CNC lathes and milling machines; read technical drawings.",
            "zh": "操作数控车床和铣床，能看懂机械图纸。",
        },
    },
    {
        "sector": "industry",
        "weight": 5,
        "growth": 0.2,
        "title": {
            "ru": "Слесарь-ремонтник",
            "kk": "Жөндеуші слесарь",
            "uz": "Chilangar-taʼmirlovchi",
            "en": "Industrial maintenance mechanic",
            "zh": "机修钳工",
        },
        "text": {
            "ru": "Ремонт и обслуживание технологического оборудования цеха.",
            "kk": "Цех жабдықтарын жөндеу және күту.",
            "uz": "Sex texnologik uskunalarini taʼmirlash va xizmat koʻrsatish.",
            "en": "Repair and maintain production machinery, gearboxes and hydraulics.",
            "zh": "负责车间设备的维修与保养。",
        },
    },
    {
        "sector": "industry",
        "weight": 6,
        "growth": 0.5,
        "title": {
            "ru": "Электромонтер по ремонту электрооборудования",
            "kk": "Электр жабдықтарын жөндеу жөніндегі электромонтер",
            "uz": "Elektr uskunalarini taʼmirlash boʻyicha elektromontyor",
            "en": "Industrial electrician",
            "zh": "维修电工",
        },
        "text": {
            "ru": "Обслуживание электрооборудования, электродвигателей и щитов управления.",
            "kk": "Электр жабдықтарына, электр қозғалтқыштарына қызмет көрсету.",
            "uz": "Elektr uskunalari va elektr dvigatellariga xizmat koʻrsatish.",
            "en": "Maintain motors, switchboards and control cabinets on the factory floor.",
            "zh": "负责电气设备、电机和配电柜的维护。",
        },
    },
    {
        "sector": "industry",
        "weight": 4,
        "growth": 1.2,
        "title": {
            "ru": "Инженер АСУ ТП (программист ПЛК)",
            "kk": "ТП АБЖ инженері (PLC бағдарламашысы)",
            "uz": "Avtomatlashtirish muhandisi (PLC dasturchi)",
            "en": "PLC automation engineer",
            "zh": "电气自动化工程师（PLC编程）",
        },
        "text": {
            "ru": "Программирование ПЛК Siemens, настройка частотных преобразователей и SCADA.",
            "kk": "Siemens PLC бағдарламалау, жиілік түрлендіргіштерін баптау.",
            "uz": "Siemens PLC dasturlash, chastota oʻzgartirgichlarini sozlash, SCADA.",
            "en": "Program Siemens PLCs, commission drives and SCADA for production lines.",
            "zh": "负责西门子PLC编程、变频器调试和SCADA系统维护。",
        },
    },
    {
        "sector": "industry",
        "weight": 3,
        "growth": 1.5,
        "title": {
            "ru": "Наладчик промышленных роботов",
            "kk": "Өнеркәсіптік роботтарды баптаушы",
            "uz": "Sanoat robotlarini sozlovchi",
            "en": "Industrial robot technician",
            "zh": "工业机器人运维技术员",
        },
        "text": {
            "ru": "Наладка и обслуживание промышленных роботов и мехатронных систем.",
            "kk": "Өнеркәсіптік роботтар мен мехатрондық жүйелерді баптау.",
            "uz": "Sanoat robotlari va mexatronika tizimlarini sozlash va xizmat koʻrsatish.",
            "en": "Maintain and program industrial robots and mechatronic cells.",
            "zh": "负责工业机器人和机电一体化设备的调试与维护。",
        },
    },
    {
        "sector": "textile",
        "weight": 3,
        "growth": 0.3,
        "title": {
            "ru": "Конструктор-модельер одежды",
            "kk": "Киім конструкторы-модельері",
            "uz": "Kiyim konstruktori-modelyeri",
            "en": "Garment pattern maker",
            "zh": "服装制版师",
        },
        "text": {
            "ru": "Разработка лекал и конструкций одежды в САПР.",
            "kk": "Киім құрастыру және лекалаларды әзірлеу.",
            "uz": "Kiyim andozalari va konstruksiyasini ishlab chiqish.",
            "en": "Develop patterns and grading in garment CAD.",
            "zh": "负责服装制版、推板和CAD打版。",
        },
    },
]

# Vague postings: the classifier hesitates and they wait for a reviewer.
TEMPLATES.append(
    {
        "sector": "industry",
        "weight": 1,
        "growth": 0.0,
        "title": {
            "ru": "Инженер",
            "kk": "Маман",
            "uz": "Mutaxassis",
            "en": "Specialist",
            "zh": "技术员",
        },
        "text": {
            "ru": "Работа на фабрике, полный день.",
            "kk": "Өндірістегі жұмыс.",
            "uz": "Ishlab chiqarish boʻyicha ish.",
            "en": "Work with equipment, full time.",
            "zh": "负责现场技术工作。",
        },
    }
)

# Country → (share, languages with weights, regions with weights, employers)
COUNTRIES: dict[str, dict[str, Any]] = {
    "KZ": {
        "share": 0.4,
        "languages": {"ru": 6, "kk": 3, "en": 1},
        "regions": {"KZ-ALA": 5, "KZ-AST": 3, "KZ-SHY": 3, "KZ-KAR": 2, "KZ-YUZ": 2, "KZ-PAV": 1},
        "employers": {
            "textile": ["ТОО «Көктерек Текстиль»", "АО «Семей Тоқыма»"],
            "industry": ["ТОО «КазМашПром»", "ТОО «Алатау Электро»"],
        },
    },
    "UZ": {
        "share": 0.35,
        "languages": {"uz": 6, "ru": 4, "en": 1},
        "regions": {"UZ-TK": 4, "UZ-FA": 3, "UZ-AN": 2, "UZ-NG": 2, "UZ-SA": 2, "UZ-BU": 1},
        "employers": {
            "textile": ["Fargʻona Tekstil MChJ", "Namangan Ipak Klaster"],
            "industry": ["Toshkent Mashinasozlik AJ", "Andijon Elektr Montaj"],
        },
    },
    "CN": {
        "share": 0.25,
        "languages": {"zh": 9, "en": 1},
        "regions": {"CN-ZJ": 5, "CN-JS": 3, "CN-GD": 2, "CN-XJ": 2},
        "employers": {
            "textile": ["绍兴华锦纺织有限公司", "杭州智造装备有限公司"],
            "industry": ["新疆丝路纺织股份公司", "苏州精工机械有限公司"],
        },
    },
}

# Invented stated needs of partners: (institution key, field, occupation, ISCO, country, region,
# headcount, horizon offset, language)
NEEDS = [
    ("kz1", "0715", "Токари и операторы станков с ЧПУ", "7223", "KZ", "KZ-ALA", 40, 2, "ru"),
    ("kz1", "0714", "Наладчики мехатронных систем", "3115", "KZ", "KZ-ALA", 25, 3, "ru"),
    ("kz1", "0713", "Электромонтеры", "7412", "KZ", "KZ-ALM", 30, 2, "ru"),
    ("kz2", "0711", "Колористы и технологи отделки", "3119", "KZ", "KZ-SHY", 15, 2, "ru"),
    ("kz2", "0723", "Тігіншілер", "7533", "KZ", "KZ-SHY", 60, 1, "kk"),
    ("uz1", "0723", "Tikuvchilar", "7533", "UZ", "UZ-FA", 120, 1, "uz"),
    ("uz1", "0715", "Toʻquv dastgohlari sozlovchilari", "7233", "UZ", "UZ-FA", 35, 2, "uz"),
    ("uz2", "0711", "Boʻyoqchi-koloristlar", "3119", "UZ", "UZ-TK", 20, 3, "uz"),
    ("uz2", "0714", "PLC dasturchilari", "2152", "UZ", "UZ-TK", 15, 3, "uz"),
    ("co_kz", "0723", "Швеи-мотористки", "7533", "KZ", "KZ-ALA", 45, 1, "ru"),
]

SURVEY = [
    ("Оператор ткацкого станка", "8152", "0723", "KZ", "KZ-YUZ", 80),
    ("Электрик цеха", "7412", "0713", "KZ", "KZ-KAR", 35),
    ("Слесарь КИПиА", "7543", "0714", "KZ", "KZ-PAV", 20),
    ("Tikuv mashinasi operatori", "8153", "0723", "UZ", "UZ-NG", 150),
    ("Mexatronik", "3115", "0714", "UZ", "UZ-AN", 25),
    ("Elektromontyor", "7412", "0713", "UZ", "UZ-SA", 40),
    ("印染技术员", "3119", "0711", "CN", "CN-ZJ", 60),
    ("工业机器人操作工", "3139", "0714", "CN", "CN-JS", 90),
]

# Graduates a year by field, country and region (invented, on the scale of the postings sample:
# the partners' own shortages in mechanics, automation and dyeing show); the last year grows.
SUPPLY = [
    ("0723", "KZ", "KZ-ALA", 60),
    ("0723", "KZ", "KZ-SHY", 40),
    ("0715", "KZ", "KZ-ALA", 12),
    ("0715", "KZ", "KZ-KAR", 10),
    ("0713", "KZ", "KZ-AST", 12),
    ("0714", "KZ", "KZ-ALA", 3),
    ("0711", "KZ", "KZ-SHY", 1),
    ("0723", "UZ", "UZ-FA", 90),
    ("0723", "UZ", "UZ-TK", 50),
    ("0715", "UZ", "UZ-TK", 10),
    ("0713", "UZ", "UZ-SA", 8),
    ("0714", "UZ", "UZ-TK", 2),
    ("0711", "UZ", "UZ-TK", 1),
    ("0723", "CN", "CN-ZJ", 120),
    ("0711", "CN", "CN-ZJ", 30),
    ("0714", "CN", "CN-JS", 60),
    ("0715", "CN", "CN-JS", 80),
    ("0713", "CN", "CN-GD", 60),
]

_memo: dict[tuple[str, str, str], dict[str, Any]] = {}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _classified(title: str, text: str, lang: str) -> dict[str, Any]:
    key = (title, text, lang)
    if key not in _memo:
        _memo[key] = classify(title, text, lang)
    return _memo[key]


def generate_postings(
    count: int, *, today: datetime.date, seed: int = 2026
) -> list[dict[str, Any]]:
    """Invented postings over the last 24 months (more recent months a little busier)."""
    rng = random.Random(seed)
    rows = []
    template_weights = {str(i): t["weight"] for i, t in enumerate(TEMPLATES)}
    countries = {c: spec["share"] for c, spec in COUNTRIES.items()}
    for n in range(count):
        template = TEMPLATES[int(_pick(rng, template_weights))]
        # Recent months are likelier for growing occupations: the density of the age falls
        # linearly from 1 + growth (this month) to 1 (two years ago).
        growth = template["growth"]
        while True:
            age = int(24 * rng.random())
            if rng.random() * (1 + growth) < 1 + growth * (1 - age / 24):
                break
        day = today - datetime.timedelta(days=age * 30 + rng.randint(0, 29))
        country = _pick(rng, countries)
        spec = COUNTRIES[country]
        lang = _pick(rng, spec["languages"])
        employer = rng.choice(spec["employers"][template["sector"]])
        rows.append(
            {
                "title": template["title"][lang],
                "text": f"{template['text'][lang]} № {n + 1}",
                "employer": employer,
                "country": country,
                "region": _pick(rng, spec["regions"]),
                "date": day,
                "language": lang,
                "openings": rng.choice([1, 1, 1, 2, 3, 5]),
                "base_text": template["text"][lang],
            }
        )
    return rows


@transaction.atomic
def build_talent(context: dict[str, Any]) -> None:
    institutions = context["institutions"]
    users = context.get("users", {})
    institute = institutions.get("institute")
    if institute is None:
        return
    today = timezone.localdate()
    analyst = users.get("analyst")
    if not ImportJob.objects.filter(original_name=DEMO_FILE, institution=institute).exists():
        job = ImportJob.objects.create(
            kind=ImportKind.POSTINGS,
            institution=institute,
            created_by=analyst,
            file_path="",
            original_name=DEMO_FILE,
            file_format="jsonl",
            status=ImportStatus.DONE,
            total_rows=POSTINGS,
            processed_rows=POSTINGS,
            finished_at=timezone.now(),
        )
        postings = []
        for row in generate_postings(POSTINGS, today=today):
            posting = Posting(
                institution=institute,
                import_job=job,
                source="demo job board",
                country=row["country"],
                region=row["region"],
                language=row["language"],
                title=row["title"],
                text=row["text"],
                employer=row["employer"],
                posted_on=row["date"],
                openings=row["openings"],
                content_hash=posting_hash(row),
            )
            apply(posting, _classified(row["title"], row["base_text"], row["language"]))
            postings.append(posting)
        Posting.objects.bulk_create(postings, batch_size=500, ignore_conflicts=True)
        created = Posting.objects.filter(import_job=job).count()
        ImportJob.objects.filter(pk=job.pk).update(
            created_count=created,
            duplicate_count=POSTINGS - created,
            to_classify=created,
            classified_rows=created,
        )

    needs: list[StatedNeed] = []
    for key, field, occupation, isco, country, region, headcount, horizon, lang in NEEDS:
        if key not in institutions:
            continue
        stated_on = today - datetime.timedelta(days=30 * (len(needs) % 12) + 10)
        needs.append(
            StatedNeed(
                kind=NeedKind.STATEMENT,
                institution=institutions[key],
                source="demo: delegation visit",
                country=country,
                region=region,
                language=lang,
                isced_f=field,
                occupation=occupation,
                isco08=isco,
                headcount=headcount,
                level="5",
                horizon_year=today.year + horizon,
                stated_on=stated_on,
                reliability=0.5,
                content_hash=content_hash("demo-need", key, occupation),
                created_by=analyst,
            )
        )
    for i, (occupation, isco, field, country, region, headcount) in enumerate(SURVEY):
        needs.append(
            StatedNeed(
                kind=NeedKind.SURVEY,
                institution=institute,
                source="demo: employer survey",
                country=country,
                region=region,
                language="",
                isced_f=field,
                occupation=occupation,
                isco08=isco,
                headcount=headcount,
                horizon_year=today.year + 2,
                stated_on=today - datetime.timedelta(days=60 + 20 * i),
                reliability=0.7,
                content_hash=content_hash("demo-survey", occupation, country, region),
                created_by=analyst,
            )
        )
    StatedNeed.objects.bulk_create(needs, ignore_conflicts=True)

    supply = []
    for year in range(today.year - 2, today.year + 1):
        growth = 1 + 0.05 * (year - today.year + 2)
        for field, country, region, graduates in SUPPLY:
            supply.append(
                GraduateSupply(
                    isced_f=field,
                    country=country,
                    region=region,
                    year=year,
                    graduates=round(graduates * growth),
                    source="demo: education statistics",
                )
            )
    GraduateSupply.objects.bulk_create(supply, ignore_conflicts=True)
