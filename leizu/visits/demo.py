"""Demo visits: a past incoming visit of two college presidents, and a planned outgoing one.

All names are invented (the people of ``institutions/demo.py``, plus an interpreter added the
way a coordinator adds one from the visit form). Idempotent: each visit is found again by its
English title and left as it is, so running the demo twice changes nothing. Dates are set
relative to the day the demo is first built, so that some follow-up actions are overdue.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from leizu.core.access import Actor, actor_for_user
from leizu.core.multilingual import Multilingual
from leizu.institutions.models import Institution, OrgUnit, Person
from leizu.visits import services
from leizu.visits.models import Participant, PolicyTag, Visit

M = Multilingual

PAST_TITLE = "Visit of college presidents from Kazakhstan and Uzbekistan"
PLANNED_TITLE = "College delegation to Uzbekistan: study trip for a jointly built school"

POLICY_TAGS = [
    (
        "china-central-asia-summit-2023",
        M(
            {
                "zh-hans": "中国—中亚峰会《西安宣言》",
                "en": "Xi'an Declaration of the China–Central Asia Summit (2023)",
                "ru": "Сианьская декларация саммита «Китай — Центральная Азия» (2023)",
                "kk": "«Қытай – Орталық Азия» саммитінің Сиань декларациясы (2023)",
                "uz": "«Xitoy – Markaziy Osiyo» sammitining Sian deklaratsiyasi (2023)",
            }
        ),
    ),
    (
        "overseas-workshops",
        M(
            {
                "zh-hans": "职业院校海外办学（鲁班工坊模式）",
                "en": "Vocational colleges' schools abroad (Luban Workshop model)",
                "ru": "Зарубежные школы профессиональных колледжей (модель «Мастерская Лу Бань»)",
                "kk": "Кәсіптік колледждердің шетелдегі мектептері («Лу Бань шеберханасы» моделі)",
                "uz": "Kasb-hunar kollejlarining xorijdagi maktablari («Lu Ban ustaxonasi» modeli)",
            }
        ),
    ),
]


def _person(institution: Institution, family: str) -> Person:
    return Person.objects.get(institution=institution, family_name=family)


def _unit(institution: Institution, code: str) -> OrgUnit:
    return OrgUnit.objects.get(institution=institution, code=code)


def _at(visit: Visit, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=visit.tzinfo())


def _add(by: Actor, visit: Visit, person: Person, role: str, order: int) -> Participant:
    return services.participant_add(
        visit=visit, by=by, person=person, data={"role": role, "protocol_order": order}
    )


@transaction.atomic
def build_visits(context: dict[str, Any]) -> None:
    institutions: dict[str, Institution] = context["institutions"]
    users = context.get("users", {})
    by = actor_for_user(users["coordinator"]) if "coordinator" in users else context["operator"]
    tags = {}
    for slug, name in POLICY_TAGS:
        tag = PolicyTag.objects.filter(slug=slug).first()
        tags[slug] = tag or services.policy_tag_create(by=by, data={"slug": slug, "name": name})
    today = timezone.localdate()
    if not Visit.objects.filter(title__en=PAST_TITLE).exists():
        _past_visit(by, institutions, users, tags, today)
    if not Visit.objects.filter(title__en=PLANNED_TITLE).exists():
        _planned_visit(by, institutions, users, today)


def _past_visit(
    by: Actor,
    inst: dict[str, Institution],
    users: dict[str, Any],
    tags: dict[str, PolicyTag],
    today: datetime.date,
) -> None:
    host, kz1, uz1, institute = inst["host"], inst["kz1"], inst["uz1"], inst["institute"]
    day = today - datetime.timedelta(days=8)
    visit = services.visit_create(
        by=by,
        data={
            "direction": "incoming",
            "title": M(
                {
                    "zh-hans": "哈萨克斯坦、乌兹别克斯坦职业院校院长来访",
                    "en": PAST_TITLE,
                    "ru": "Визит руководителей колледжей Казахстана и Узбекистана",
                    "kk": "Қазақстан мен Өзбекстан колледждері басшыларының сапары",
                    "uz": "Qozogʻiston va Oʻzbekiston kollejlari rahbarlarining tashrifi",
                }
            ),
            "purpose": M(
                {
                    "zh-hans": "考察我校纺织服装类专业建设和实训条件，商谈职业教育合作",
                    "en": "to see the college's textile and apparel programmes and training "
                    "facilities and to discuss cooperation in vocational education",
                    "ru": "знакомство с подготовкой по текстильным и швейным специальностям "
                    "и обсуждение сотрудничества в сфере профессионального образования",
                    "kk": "колледждің тоқыма және тігін мамандықтары бойынша кадр даярлауымен "
                    "және оқу-өндірістік базасымен танысу, кәсіптік білім беру саласындағы "
                    "ынтымақтастықты талқылау",
                    "uz": "kollejning toʻqimachilik va tikuvchilik mutaxassisliklari boʻyicha "
                    "kadrlar tayyorlashi va oʻquv-amaliyot bazasi bilan tanishish, kasb-hunar "
                    "taʼlimi sohasidagi hamkorlikni muhokama qilish",
                }
            ),
            "start_date": day,
            "end_date": day,
            "time_zone": "Asia/Shanghai",
            "host": host,
            "topics": M(
                {
                    "zh-hans": "学生交流\n教师互访\n专业共建\n海外合作办学",
                    "en": "student exchanges\nteacher visits\njoint programmes\na school abroad",
                    "ru": "обмен студентами\nвизиты преподавателей\nсовместные программы\n"
                    "совместная школа за рубежом",
                    "kk": "студенттер алмасуы\nоқытушылардың өзара сапарлары\n"
                    "бірлескен білім беру бағдарламалары\nшетелдегі бірлескен мектеп",
                    "uz": "talabalar almashinuvi\noʻqituvchilarning oʻzaro tashriflari\n"
                    "qoʻshma taʼlim dasturlari\nxorijdagi qoʻshma maktab",
                }
            ),
        },
        guests=[kz1, uz1],
        accompanying=[institute],
        policy_tags=[tags["china-central-asia-summit-2023"], tags["overseas-workshops"]],
    )
    zhou = _add(by, visit, _person(host, "周"), "host_lead", 1)
    wang = _add(by, visit, _person(host, "王"), "speaker", 2)
    zhao = _add(by, visit, _person(host, "赵"), "speaker", 3)
    chen = _add(by, visit, _person(host, "陈"), "staff", 4)
    interpreter = Person.objects.filter(
        institution=host, family_name="马", given_name="晓雯"
    ).first()
    if interpreter is None:
        interp = services.participant_add_new_person(
            visit=visit,
            by=by,
            institution=host,
            person_data={
                "unit": _unit(host, "IEO"),
                "family_name": "马",
                "given_name": "晓雯",
                "name_script": "Hans",
                "passport_family_name": "MA",
                "passport_given_name": "XIAOWEN",
                "position": M(
                    {
                        "zh-hans": "俄语翻译",
                        "en": "Russian interpreter",
                        "ru": "переводчик",
                        "kk": "орыс тілі аудармашысы",
                        "uz": "rus tili tarjimoni",
                    }
                ),
                "languages": ["zh", "ru"],
            },
            data={"role": "interpreter", "protocol_order": 5},
        )
    else:
        interp = _add(by, visit, interpreter, "interpreter", 5)
    yerzhanov = _add(by, visit, _person(kz1, "Ержанов"), "head", 1)
    _add(by, visit, _person(kz1, "Сейтқалиева"), "member", 2)
    khojayev = _add(by, visit, _person(uz1, "Xoʻjayev"), "head", 3)
    sun = _add(by, visit, _person(institute, "孙"), "member", 1)
    # The teachers of the Textile College took part as a group, not by name.
    services.participant_add_group(
        visit=visit,
        by=by,
        institution=host,
        data={
            "role": "staff",
            "unit": _unit(host, "TEX"),
            "group": M(
                {
                    "zh-hans": "纺织学院专业教师",
                    "en": "teachers of the Textile College",
                    "ru": "преподаватели Текстильного колледжа",
                    "kk": "Тоқыма колледжінің оқытушылары",
                    "uz": "Toʻqimachilik kolleji oʻqituvchilari",
                }
            ),
        },
    )

    tnm, her, app = _unit(host, "TNM"), _unit(host, "HER"), _unit(host, "APP")
    agenda = [
        ("facility_tour", tnm, None, 9, 0, 9, 50, [zhou, wang, yerzhanov, khojayev, interp]),
        ("facility_tour", her, None, 10, 0, 10, 45, [zhao, yerzhanov, khojayev, interp]),
        ("class_observation", app, None, 10, 50, 11, 30, [wang, yerzhanov, khojayev]),
        (
            "meeting",
            None,
            M(
                {
                    "zh-hans": "行政楼第一会议室",
                    "en": "Conference Room 1, Administration Building",
                    "ru": "конференц-зал № 1 административного корпуса",
                    "kk": "әкімшілік ғимаратының № 1 конференц-залы",
                    "uz": "maʼmuriy binoning 1-konferensiya zali",
                }
            ),
            14,
            30,
            16,
            30,
            [zhou, wang, zhao, chen, yerzhanov, khojayev, sun, interp],
        ),
        (
            "banquet",
            None,
            M(
                {
                    "zh-hans": "学术交流中心",
                    "en": "Academic Exchange Centre",
                    "ru": "Центр академических обменов",
                    "kk": "Академиялық алмасу орталығы",
                    "uz": "Akademik almashinuv markazi",
                }
            ),
            18,
            0,
            20,
            0,
            [],
        ),
    ]
    titles = {
        "meeting": M(
            {
                "zh-hans": "职业教育国际合作座谈会",
                "en": "symposium on international cooperation in vocational education",
                "ru": "Международное сотрудничество в профессиональном образовании",
                "kk": "Кәсіптік білім берудегі халықаралық ынтымақтастық",
                "uz": "Kasb-hunar taʼlimida xalqaro hamkorlik",
            }
        ),
        "banquet": M(
            {
                "zh-hans": "欢迎晚宴",
                "en": "Welcome dinner",
                "ru": "Приветственный ужин",
                "kk": "Салтанатты кешкі ас",
                "uz": "Tantanali kechki ziyofat",
            }
        ),
    }
    notes = {
        "meeting": M(
            {
                "zh-hans": "会上互赠纪念品并合影留念",
                "en": "Gifts were exchanged and a group photo taken",
                "ru": "Стороны обменялись памятными подарками и сделали общее фото",
                "kk": "Тараптар естелік сыйлықтар алмасып, бірге суретке түсті",
                "uz": "Tomonlar esdalik sovgʻalari almashib, birgalikda suratga tushdi",
            }
        )
    }
    items = {}
    for kind, unit, venue_text, h1, m1, h2, m2, people in agenda:
        items[kind] = services.agenda_item_create(
            visit=visit,
            by=by,
            data={
                "kind": kind,
                "title": titles.get(kind, M()),
                "starts_at": _at(visit, day, h1, m1),
                "ends_at": _at(visit, day, h2, m2),
                "venue_unit": unit,
                "venue_text": venue_text or M(),
                "notes": notes.get(kind, M()),
            },
            participants=people,
        )
    meeting = items["meeting"]
    statements = [
        (
            zhou,
            M(
                {
                    "zh-hans": "我校愿与中亚职业院校共享纺织服装和智能制造领域的专业建设经验，"
                    "共同培养当地急需的技术技能人才",
                    "en": "the college is ready to share its experience in textile, apparel and "
                    "intelligent manufacturing programmes and to train, together with Central "
                    "Asian colleges, the skilled workers their industries need",
                    "ru": "колледж готов делиться опытом подготовки по текстильным, швейным и "
                    "производственным специальностям и вместе с колледжами Центральной Азии "
                    "готовить нужных отраслям специалистов",
                    "kk": "колледж тоқыма, тігін және зияткерлік өндіріс мамандықтары бойынша "
                    "кадр даярлау тәжірибесімен бөлісуге және Орталық Азия колледждерімен "
                    "бірлесіп салаларға қажетті мамандарды даярлауға дайын",
                    "uz": "kollej toʻqimachilik, tikuvchilik va aqlli ishlab chiqarish "
                    "mutaxassisliklari boʻyicha kadrlar tayyorlash tajribasini baham koʻrishga "
                    "hamda Markaziy Osiyo kollejlari bilan birgalikda tarmoqlarga zarur "
                    "mutaxassislarni tayyorlashga tayyor",
                }
            ),
        ),
        (
            yerzhanov,
            M(
                {
                    "zh-hans": "奇姆肯特地区机械制造和智能制造企业发展迅速，"
                    "数控加工和设备维护人才缺口较大",
                    "en": "manufacturers around Shymkent are growing fast and lack CNC "
                    "machinists and maintenance technicians",
                    "ru": "машиностроительные предприятия региона Шымкента быстро растут, "
                    "не хватает операторов станков с ЧПУ и техников по обслуживанию оборудования",
                    "kk": "Шымкент өңіріндегі машина жасау кәсіпорындары қарқынды дамып келеді, "
                    "СББ станоктарының операторлары мен жабдыққа қызмет көрсету техниктері "
                    "жетіспейді",
                    "uz": "Chimkent mintaqasidagi mashinasozlik korxonalari jadal rivojlanmoqda, "
                    "RDB dastgohlari operatorlari va uskunalarga xizmat koʻrsatuvchi texniklar "
                    "yetishmaydi",
                }
            ),
        ),
        (
            khojayev,
            M(
                {
                    "zh-hans": "费尔干纳纺织产业集群扩张迅速，染整和电气自动化岗位急需合格人才",
                    "en": "the Fergana textile clusters are expanding and urgently need "
                    "qualified staff in dyeing and finishing and in electrical automation",
                    "ru": "текстильные кластеры Ферганы расширяются, остро нужны специалисты "
                    "по крашению и отделке тканей и по электроавтоматике",
                    "kk": "Ферғанадағы тоқыма кластерлері кеңейіп келеді, матаны бояу және әрлеу, "
                    "сондай-ақ электр автоматикасы мамандары аса қажет",
                    "uz": "Fargʻonadagi toʻqimachilik klasterlari kengaymoqda, matolarni boʻyash "
                    "va pardozlash hamda elektroavtomatika boʻyicha mutaxassislarga ehtiyoj katta",
                }
            ),
        ),
        (
            sun,
            M(
                {
                    "zh-hans": "研究院将为各方合作提供政策咨询、人才需求分析和校企对接服务",
                    "en": "the institute will support the cooperation with policy advice, "
                    "analysis of talent needs and matchmaking with companies",
                    "ru": "институт поддержит сотрудничество консультациями, анализом "
                    "потребностей в кадрах и поиском партнёров среди предприятий",
                    "kk": "институт ынтымақтастықты саяси кеңес беру, кадрларға қажеттілікті "
                    "талдау және кәсіпорындар арасынан серіктестер іздеу арқылы қолдайды",
                    "uz": "institut hamkorlikni siyosiy maslahatlar, kadrlarga boʻlgan ehtiyojni "
                    "tahlil qilish va korxonalar orasidan hamkorlar topish orqali "
                    "qoʻllab-quvvatlaydi",
                }
            ),
        ),
    ]
    for order, (speaker, summary) in enumerate(statements, start=1):
        services.statement_create(
            visit=visit,
            by=by,
            data={"speaker": speaker, "agenda_item": meeting, "summary": summary, "order": order},
        )
    # The guests' impression of the heritage laboratory, as the news report quoted it.
    services.statement_create(
        visit=visit,
        by=by,
        data={
            "kind": "impression",
            "speaker": yerzhanov,
            "agenda_item": items["facility_tour"],
            "summary": M(
                {
                    "zh-hans": "将传统织绣技艺与数字技术相结合的做法令人印象深刻，值得中亚院校借鉴",
                    "en": "combining traditional weaving and embroidery with digital technology "
                    "is impressive and worth adopting in Central Asian colleges",
                    "ru": "сочетание традиционного ткачества и вышивки с цифровыми технологиями "
                    "впечатляет, этот опыт стоит перенять колледжам Центральной Азии",
                    "kk": "дәстүрлі тоқу мен кесте өнерін цифрлық технологиялармен ұштастыру "
                    "тәжірибесі зор әсер қалдырады, оны Орталық Азия колледждері де қолданғаны "
                    "жөн",
                    "uz": "anʼanaviy toʻquvchilik va kashtachilikni raqamli texnologiyalar bilan "
                    "uygʻunlashtirish katta taassurot qoldiradi, bu tajribani Markaziy Osiyo "
                    "kollejlari ham oʻzlashtirishi kerak",
                }
            ),
        },
    )
    needs = [
        (
            kz1,
            yerzhanov,
            "0715",
            "7223",
            M(
                {
                    "zh-hans": "机械制造（数控加工）",
                    "en": "mechanical manufacturing (CNC machining)",
                    "ru": "машиностроение (обработка на станках с ЧПУ)",
                    "kk": "машина жасау (СББ станоктарында өңдеу)",
                    "uz": "mashinasozlik (RDB dastgohlarida ishlov berish)",
                }
            ),
            120,
            "4",
            "short",
            M(
                {
                    "zh-hans": "图尔克斯坦州",
                    "en": "Turkistan Region",
                    "ru": "Туркестанская область",
                    "kk": "Түркістан облысы",
                    "uz": "Turkiston viloyati",
                }
            ),
        ),
        (
            kz1,
            yerzhanov,
            "0714",
            "",
            M(
                {
                    "zh-hans": "智能制造（工业机器人运维）",
                    "en": "intelligent manufacturing (industrial robot maintenance)",
                    "ru": "интеллектуальное производство (обслуживание промышленных роботов)",
                    "kk": "зияткерлік өндіріс (өнеркәсіптік роботтарға қызмет көрсету)",
                    "uz": "aqlli ishlab chiqarish (sanoat robotlariga xizmat koʻrsatish)",
                }
            ),
            60,
            "5",
            "medium",
            M(),
        ),
        (
            uz1,
            khojayev,
            "0723",
            "8154",
            M(
                {
                    "zh-hans": "染整技术",
                    "en": "dyeing and finishing",
                    "ru": "крашение и отделка тканей",
                    "kk": "матаны бояу және әрлеу",
                    "uz": "matolarni boʻyash va pardozlash",
                }
            ),
            150,
            "4",
            "now",
            M(
                {
                    "zh-hans": "费尔干纳州",
                    "en": "Fergana Region",
                    "ru": "Ферганская область",
                    "kk": "Ферғана облысы",
                    "uz": "Fargʻona viloyati",
                }
            ),
        ),
        (
            uz1,
            khojayev,
            "0713",
            "7412",
            M(
                {
                    "zh-hans": "电气自动化",
                    "en": "electrical automation",
                    "ru": "электроавтоматика",
                    "kk": "электр автоматикасы",
                    "uz": "elektroavtomatika",
                }
            ),
            80,
            "5",
            "short",
            M(),
        ),
    ]
    need_rows = []
    for institution, speaker, field, isco, words, headcount, level, horizon, region in needs:
        need_rows.append(
            services.need_create(
                visit=visit,
                by=by,
                data={
                    "institution": institution,
                    "stated_by": speaker,
                    "field_code": field,
                    "isco_code": isco,
                    "occupation": words,
                    "headcount": headcount,
                    "level": level,
                    "horizon": horizon,
                    "region": region,
                },
            )
        )
    interests = {}
    for institution, kind, speaker, description in [
        (
            kz1,
            "student_exchange",
            yerzhanov,
            M(
                {
                    "zh-hans": "每年互派学生短期研修",
                    "en": "short study stays for students every year",
                    "ru": "ежегодные краткосрочные стажировки студентов",
                    "kk": "студенттердің жыл сайынғы қысқа мерзімді тағылымдамалары",
                    "uz": "talabalarning har yilgi qisqa muddatli stajirovkalari",
                }
            ),
        ),
        (kz1, "teacher_visit", yerzhanov, M()),  # stated jointly with uz1, below
        (
            uz1,
            "programme",
            khojayev,
            M(
                {
                    "zh-hans": "共建染整技术专业",
                    "en": "a joint dyeing and finishing programme",
                    "ru": "совместная программа по крашению и отделке",
                    "kk": "матаны бояу және әрлеу бойынша бірлескен бағдарлама",
                    "uz": "boʻyash va pardozlash boʻyicha qoʻshma dastur",
                }
            ),
        ),
    ]:
        interests[(institution.pk, kind)] = services.interest_create(
            visit=visit,
            by=by,
            data={
                "institution": institution,
                "kind": kind,
                "stated_by": speaker,
                "description": description,
                "also_stated_by": [uz1] if kind == "teacher_visit" else [],
            },
        )
    # The International Exchange Office proposed teacher training; the guests were keen.
    services.proposal_create(
        visit=visit,
        by=by,
        data={
            "institution": host,
            "proposed_by_unit": _unit(host, "IEO"),
            "text": M(
                {
                    "zh-hans": "为两所学院的专业教师举办纺织新材料和智能制造师资培训",
                    "en": "to train the two colleges' teachers in textile new materials and "
                    "intelligent manufacturing",
                    "ru": "провести для преподавателей обоих колледжей обучение по новым "
                    "текстильным материалам и интеллектуальному производству",
                    "kk": "екі колледждің оқытушыларына жаңа тоқыма материалдары және зияткерлік "
                    "өндіріс бойынша оқыту өткізу",
                    "uz": "ikki kollej oʻqituvchilari uchun yangi toʻqimachilik materiallari va "
                    "aqlli ishlab chiqarish boʻyicha oʻquv kurslari oʻtkazish",
                }
            ),
            "reaction": "interested",
        },
    )
    proposal = services.proposal_create(
        visit=visit,
        by=by,
        data={
            "institution": host,
            "proposed_by": zhou,
            "text": M(
                {
                    "zh-hans": "三方以鲁班工坊模式在乌兹别克斯坦和哈萨克斯坦共建“嫘祖学院”，"
                    "首批开设染整技术和智能制造专业",
                    "en": "that the partners jointly build a Leizu School in Uzbekistan and "
                    "Kazakhstan on the Luban Workshop model, opening with dyeing and finishing "
                    "and intelligent manufacturing programmes",
                    "ru": "совместно создать «Школу Лэйцзу» в Узбекистане и Казахстане по модели "
                    "«Мастерской Лу Бань», начав с программ по крашению и отделке и по "
                    "интеллектуальному производству",
                    "kk": "«Лу Бань шеберханасы» моделі бойынша Өзбекстан мен Қазақстанда "
                    "«Лэйцзу» мектебін бірлесіп құру және оны матаны бояу мен әрлеу, сондай-ақ "
                    "зияткерлік өндіріс бағдарламаларынан бастау",
                    "uz": "«Lu Ban ustaxonasi» modeli asosida Oʻzbekiston va Qozogʻistonda «Leizu "
                    "maktabi»ni birgalikda tashkil etish va uni boʻyash va pardozlash hamda aqlli "
                    "ishlab chiqarish dasturlaridan boshlash",
                }
            ),
            "reaction": "welcomed",
            "reaction_text": M(
                {
                    "zh-hans": "两位院长表示回国后将尽快向主管部门汇报",
                    "en": "both presidents will report to their education authorities on return",
                    "ru": "оба руководителя доложат об этом своим органам управления образованием",
                    "kk": "екі басшы да елге оралған соң бұл туралы білім басқару органдарына "
                    "баяндайды",
                    "uz": "ikkala rahbar ham yurtiga qaytgach, bu haqda taʼlim boshqaruvi "
                    "organlariga axborot beradi",
                }
            ),
        },
    )
    partner_kz = users.get("partner_kz")
    teacher = users.get("teacher")
    analyst = users.get("analyst")
    coordinator = users.get("coordinator")
    actions: list[tuple[Any, ...]] = [
        (
            M(
                {
                    "zh-hans": "起草合作备忘录并发送两所学院",
                    "en": "Draft the memorandum of understanding and send it to both colleges",
                    "ru": "Подготовить проект меморандума и направить обоим колледжам",
                    "kk": "Өзара түсіністік туралы меморандумның жобасын дайындап, екі колледжге "
                    "жіберу",
                    "uz": "Oʻzaro anglashuv memorandumi loyihasini tayyorlab, ikkala kollejga "
                    "yuborish",
                }
            ),
            host,
            _unit(host, "IEO"),
            coordinator,
            14,
            "in_progress",
            {"proposal": proposal},
        ),
        (
            M(
                {
                    "zh-hans": "提供所需专业和人数清单",
                    "en": "Send the list of specialties and headcounts needed",
                    "ru": "Направить перечень специальностей и численность",
                    "kk": "Қажетті мамандықтар мен адам санының тізімін жіберу",
                    "uz": "Kerakli mutaxassisliklar va kishilar soni roʻyxatini yuborish",
                }
            ),
            kz1,
            None,
            partner_kz,
            7,
            "open",
            {"need": need_rows[0]},
        ),
        (
            M(
                {
                    "zh-hans": "安排春季教师互访",
                    "en": "Plan the teacher visits for the spring term",
                    "ru": "Спланировать визиты преподавателей на весенний семестр",
                    "kk": "Көктемгі семестрге оқытушылардың сапарларын жоспарлау",
                    "uz": "Bahorgi semestr uchun oʻqituvchilar tashriflarini rejalashtirish",
                }
            ),
            host,
            _unit(host, "TEX"),
            teacher,
            40,
            "open",
            {"interest": interests[(kz1.pk, "teacher_visit")]},
        ),
        (
            M(
                {
                    "zh-hans": "撰写嫘祖学院可行性报告",
                    "en": "Write the feasibility note for the Leizu School",
                    "ru": "Подготовить записку о целесообразности «Школы Лэйцзу»",
                    "kk": "«Лэйцзу» мектебінің орындылығы туралы жазба дайындау",
                    "uz": "«Leizu maktabi»ning maqsadga muvofiqligi haqida xulosa tayyorlash",
                }
            ),
            institute,
            None,
            analyst,
            30,
            "open",
            {"proposal": proposal},
        ),
        (
            M(
                {
                    "zh-hans": "发送会谈纪要",
                    "en": "Send the minutes to all parties",
                    "ru": "Разослать протокол встречи участникам",
                    "kk": "Кездесу хаттамасын барлық тараптарға жіберу",
                    "uz": "Uchrashuv bayonnomasini barcha tomonlarga yuborish",
                }
            ),
            host,
            _unit(host, "IEO"),
            coordinator,
            3,
            "done",
            {},
        ),
    ]
    for description, owner_inst, unit, owner, days, status, link in actions:
        services.action_create(
            visit=visit,
            by=by,
            data={
                "description": description,
                "owner_institution": owner_inst,
                "owner_unit": unit,
                "owner": owner,
                "due_date": day + datetime.timedelta(days=days),
                "status": status,
                **link,
            },
        )
    for status in ("confirmed", "held"):
        services.visit_set_status(visit=visit, by=by, status=status)
    for report in services.reports_generate(visit=visit, by=by):
        if report.language in ("zh-hans", "en"):
            services.report_publish(report=report, by=by)


def _planned_visit(
    by: Actor, inst: dict[str, Institution], users: dict[str, Any], today: datetime.date
) -> None:
    host_college, uz1, company = inst["host"], inst["uz1"], inst["co_cn"]
    start = today + datetime.timedelta(days=40)
    visit = services.visit_create(
        by=by,
        data={
            "direction": "outgoing",
            "title": M(
                {
                    "zh-hans": "我校代表团赴乌兹别克斯坦考察合作办学",
                    "en": PLANNED_TITLE,
                    "ru": "Визит делегации колледжа в Узбекистан: совместная школа",
                    "kk": "Колледж делегациясының Өзбекстан сапары: бірлескен мектеп",
                    "uz": "Kollej delegatsiyasining Oʻzbekiston safari: qoʻshma maktab",
                }
            ),
            "purpose": M(
                {
                    "zh-hans": "实地考察嫘祖学院选址和实训条件，签署合作备忘录",
                    "en": "to see the site and workshops for the Leizu School and sign the "
                    "memorandum of understanding",
                    "ru": "осмотр площадки и мастерских будущей «Школы Лэйцзу» и подписание "
                    "меморандума",
                    "kk": "болашақ «Лэйцзу» мектебінің алаңы мен шеберханаларын көру және "
                    "меморандумға қол қою",
                    "uz": "boʻlajak «Leizu maktabi» maydoni va ustaxonalarini koʻzdan kechirish "
                    "hamda memorandumni imzolash",
                }
            ),
            "start_date": start,
            "end_date": start + datetime.timedelta(days=3),
            "time_zone": "Asia/Tashkent",
            "host": uz1,
        },
        guests=[host_college],
        accompanying=[company],
    )
    _add(by, visit, _person(host_college, "周"), "head", 1)
    _add(by, visit, _person(host_college, "刘"), "member", 2)
    _add(by, visit, _person(host_college, "陈"), "staff", 3)
    _add(by, visit, _person(company, "黄"), "member", 1)
    khojayev = _add(by, visit, _person(uz1, "Xoʻjayev"), "host_lead", 1)
    services.agenda_item_create(
        visit=visit,
        by=by,
        data={
            "kind": "meeting",
            "title": M(
                {
                    "zh-hans": "合作办学会谈",
                    "en": "Talks on the joint school",
                    "ru": "Переговоры о совместной школе",
                    "kk": "Бірлескен мектеп туралы келіссөздер",
                    "uz": "Qoʻshma maktab boʻyicha muzokaralar",
                }
            ),
            "starts_at": _at(visit, start, 10),
            "ends_at": _at(visit, start, 12),
            "venue_text": M(
                {
                    "en": "Oltinsoy, main building",
                    "ru": "Алтынсай, главный корпус",
                    "kk": "Алтынсай, бас ғимарат",
                    "uz": "Oltinsoy, bosh bino",
                }
            ),
        },
        participants=[khojayev],
    )
    services.agenda_item_create(
        visit=visit,
        by=by,
        data={
            "kind": "facility_tour",
            "starts_at": _at(visit, start + datetime.timedelta(days=1), 9, 30),
            "ends_at": _at(visit, start + datetime.timedelta(days=1), 11),
            "venue_unit": _unit(uz1, "TIK"),
        },
    )
    services.agenda_item_create(
        visit=visit,
        by=by,
        data={
            "kind": "signing",
            "title": M(
                {
                    "zh-hans": "合作备忘录签约仪式",
                    "en": "Signing of the memorandum of understanding",
                    "ru": "Подписание меморандума о взаимопонимании",
                    "kk": "Өзара түсіністік туралы меморандумға қол қою",
                    "uz": "Oʻzaro anglashuv memorandumini imzolash",
                }
            ),
            "starts_at": _at(visit, start + datetime.timedelta(days=1), 15),
            "ends_at": _at(visit, start + datetime.timedelta(days=1), 16),
        },
    )
    services.visit_set_status(visit=visit, by=by, status="confirmed")
    coordinator = users.get("coordinator")
    for step in visit.approval_steps.order_by("order")[:1]:
        services.approval_step_update(
            step=step,
            by=by,
            data={"done_on": today - datetime.timedelta(days=2), "owner": coordinator},
            version=None,
        )
    for step in visit.approval_steps.order_by("order")[1:3]:
        services.approval_step_update(step=step, by=by, data={"owner": coordinator}, version=None)
