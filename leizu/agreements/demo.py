"""Demo agreements: the chain that follows the demo visits.

- an MOU with the Kazakh college (in force, renewed automatically), a framework agreement
  under it, and a student exchange under that with conditions in both directions, in force
  and expiring within 60 days;
- an MOU with the Uzbek technical school, and a teacher exchange under it that the host
  approved and that awaits the partner's approval;
- a memorandum on the Leizu School drafted from the demo visit's proposal.

Made through the services, by the host's coordinator and the partners' coordinators, so every
step is in the audit log. Idempotent: an agreement is found again by its English title. Dates
are relative to the day the demo is built.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from leizu.agreements import services
from leizu.agreements.models import Agreement
from leizu.core.access import Actor, actor_for_user
from leizu.core.multilingual import Multilingual
from leizu.institutions.models import Institution, Person

M = Multilingual

MOU_KZ = M(
    {
        "zh-hans": "丝源职院与阿克若尔工业技术学院职业教育合作谅解备忘录",
        "en": "Memorandum of understanding on cooperation in vocational education (Akzhol)",
        "ru": "Меморандум о взаимопонимании о сотрудничестве в профобразовании («Акжол»)",
        "kk": "Кәсіптік білім беру саласындағы ынтымақтастық туралы өзара түсіністік меморандумы (Ақжол)",
        "uz": "Kasbiy taʼlim sohasida hamkorlik toʻgʻrisida oʻzaro anglashuv memorandumi (Oqjoʻl)",
    }
)
FRAMEWORK_KZ = M(
    {
        "zh-hans": "丝源职院与阿克若尔工业技术学院校际合作框架协议",
        "en": "Framework agreement on inter-college cooperation (Akzhol)",
        "ru": "Рамочное соглашение о межколледжном сотрудничестве («Акжол»)",
        "kk": "Колледжаралық ынтымақтастық туралы негіздемелік келісім (Ақжол)",
        "uz": "Kollejlararo hamkorlik toʻgʻrisidagi asosiy shartnoma (Oqjoʻl)",
    }
)
EXCHANGE_KZ = M(
    {
        "zh-hans": "纺织与智能制造专业学生交流协议",
        "en": "Student exchange agreement in textiles and intelligent manufacturing",
        "ru": "Соглашение об обмене студентами по текстилю и интеллектуальному производству",
        "kk": "Тоқыма және зияткерлік өндіріс бойынша студент алмасу туралы келісім",
        "uz": "Toʻqimachilik va aqlli ishlab chiqarish boʻyicha talabalar almashinuvi shartnomasi",
    }
)
MOU_UZ = M(
    {
        "zh-hans": "丝源职院与奥尔金索伊纺织缝纫技术学校合作谅解备忘录",
        "en": "Memorandum of understanding on cooperation (Oltinsoy)",
        "ru": "Меморандум о взаимопонимании о сотрудничестве («Олтинсой»)",
        "kk": "Ынтымақтастық туралы өзара түсіністік меморандумы (Олтинсой)",
        "uz": "Hamkorlik toʻgʻrisida oʻzaro anglashuv memorandumi (Oltinsoy)",
    }
)
TEACHERS_UZ = M(
    {
        "zh-hans": "缝纫与服装专业教师互访协议",
        "en": "Teacher exchange agreement in sewing and apparel",
        "ru": "Соглашение об обмене преподавателями по швейному делу и одежде",
        "kk": "Тігін және киім бойынша оқытушылар алмасу туралы келісім",
        "uz": "Tikuvchilik va kiyim-kechak boʻyicha oʻqituvchilar almashinuvi shartnomasi",
    }
)
SCHOOL = M(
    {
        "zh-hans": "共建“嫘祖学院”合作备忘录（草案）",
        "en": "Memorandum on the jointly built Leizu School (draft)",
        "ru": "Меморандум о совместном создании «Школы Лэйцзу» (проект)",
        "kk": "«Лэйцзу» мектебін бірлесіп құру туралы меморандум (жоба)",
        "uz": "«Leizu maktabi»ni birgalikda tashkil etish toʻgʻrisida memorandum (loyiha)",
    }
)
ARTICLES = M(
    {
        "zh-hans": "第一条 合作领域：专业共建、师生交流、实训基地共享。\n第二条 双方各自承担本方人员费用。",
        "en": "Article 1. Fields of cooperation: programme construction, exchanges of students "
        "and teachers, shared training bases.\nArticle 2. Each party bears its own staff costs.",
        "ru": "Статья 1. Направления сотрудничества: совместная разработка программ, обмен "
        "студентами и преподавателями, общие учебные базы.\nСтатья 2. Каждая сторона несёт "
        "расходы на своих сотрудников.",
    }
)


def _signatory(institution: Institution, family: str) -> Person | None:
    return Person.objects.filter(institution=institution, family_name=family).first()


def _approved_and_signed(
    agreement: Agreement,
    approvers: dict[int, Actor],
    by: Actor,
    signed_on: datetime.date,
    signatories: dict[int, Person | None],
    references: dict[int, str],
    *,
    sign: bool = True,
) -> None:
    version = services.version_create(agreement=agreement, by=by, data={"text": ARTICLES})
    services.agreement_stage_set(
        agreement=agreement, by=by, stage="negotiation", version=agreement.version
    )
    for party in agreement.parties.select_related("institution"):
        approver = approvers.get(party.institution_id)
        if approver is None:
            continue
        services.approval_create(version=version, party=party, by=approver)
        services.party_update(
            party=party,
            by=approver,
            data={
                "reference": references.get(party.institution_id, ""),
                "signatory": signatories.get(party.institution_id),
                "signed_on": signed_on if sign else None,
            },
            version=party.version,
        )
    if sign:
        agreement.refresh_from_db()
        services.agreement_stage_set(
            agreement=agreement, by=by, stage="signed", version=agreement.version
        )


@transaction.atomic
def build_agreements(context: dict[str, Any]) -> None:
    from leizu.visits.models import Proposal

    institutions: dict[str, Institution] = context["institutions"]
    users = context.get("users", {})
    if not {"coordinator", "partner_kz_lead", "partner_uz_lead"} <= set(users):
        return
    host, kz1, uz1 = institutions["host"], institutions["kz1"], institutions["uz1"]
    by = actor_for_user(users["coordinator"])
    kz = actor_for_user(users["partner_kz_lead"])
    uz = actor_for_user(users["partner_uz_lead"])
    if Agreement.objects.filter(title__en=MOU_KZ["en"]).exists():
        return
    today = timezone.localdate()

    def years(n: int) -> datetime.date:
        return today.replace(year=today.year + n, day=min(today.day, 28))

    signatories = {
        host.pk: _signatory(host, "周"),
        kz1.pk: _signatory(kz1, "Ержанов"),
        uz1.pk: _signatory(uz1, "Xoʻjayev"),
    }
    mou_kz = services.agreement_create(
        by=by,
        drafted_by=host,
        parties=[kz1],
        data={
            "kind": "mou",
            "title": MOU_KZ,
            "valid_from": years(-2),
            "valid_until": years(3),
            "renewal": "automatic",
            "renewal_years": 5,
            "denounce_days": 180,
        },
    )
    _approved_and_signed(
        mou_kz,
        {host.pk: by, kz1.pk: kz},
        by,
        years(-2),
        signatories,
        {host.pk: "SY-GJ-2024-07", kz1.pk: "AK-MS-14"},
    )
    framework = services.agreement_create(
        by=by,
        drafted_by=host,
        parties=[kz1],
        data={
            "kind": "framework",
            "parent": mou_kz,
            "title": FRAMEWORK_KZ,
            "valid_from": years(-1),
            "valid_until": years(2),
            "renewal": "by_decision",
        },
    )
    _approved_and_signed(
        framework,
        {host.pk: by, kz1.pk: kz},
        by,
        years(-1),
        signatories,
        {host.pk: "SY-GJ-2025-02", kz1.pk: "AK-RS-03"},
    )
    exchange = services.agreement_create(
        by=by,
        drafted_by=host,
        parties=[kz1],
        data={
            "kind": "programme",
            "programme_type": "student_exchange",
            "parent": framework,
            "title": EXCHANGE_KZ,
            "valid_from": years(-1),
            "valid_until": today + datetime.timedelta(days=45),
        },
    )
    for data in (
        {
            "kind": "student_study",
            "sending": kz1,
            "receiving": host,
            "field_code": "0723",
            "isced_level": "5",
            "places_per_year": 5,
            "duration": 5,
            "duration_unit": "months",
            "language": "zh",
            "first_year": today.year - 1,
            "last_year": today.year + 1,
        },
        {
            "kind": "staff_teaching",
            "sending": host,
            "receiving": kz1,
            "field_code": "0715",
            "places_per_year": 2,
            "duration": 30,
            "duration_unit": "days",
            "language": "ru",
            "first_year": today.year - 1,
            "last_year": today.year + 1,
        },
    ):
        services.condition_create(agreement=exchange, by=by, data=data)
    _approved_and_signed(
        exchange,
        {host.pk: by, kz1.pk: kz},
        by,
        years(-1),
        signatories,
        {host.pk: "SY-XS-2025-11", kz1.pk: "AK-ST-21"},
    )

    mou_uz = services.agreement_create(
        by=by,
        drafted_by=host,
        parties=[uz1],
        data={
            "kind": "mou",
            "title": MOU_UZ,
            "valid_from": years(-1),
            "valid_until": years(4),
        },
    )
    _approved_and_signed(
        mou_uz,
        {host.pk: by, uz1.pk: uz},
        by,
        years(-1),
        signatories,
        {host.pk: "SY-GJ-2025-05", uz1.pk: "OT-15/25"},
    )
    teachers = services.agreement_create(
        by=by,
        drafted_by=host,
        parties=[uz1],
        data={
            "kind": "programme",
            "programme_type": "teacher_exchange",
            "parent": mou_uz,
            "title": TEACHERS_UZ,
            "valid_from": today + datetime.timedelta(days=60),
            "valid_until": years(3),
        },
    )
    services.condition_create(
        agreement=teachers,
        by=by,
        data={
            "kind": "staff_training",
            "sending": uz1,
            "receiving": host,
            "field_code": "0723",
            "places_per_year": 4,
            "duration": 21,
            "duration_unit": "days",
            "language": "ru",
            "first_year": today.year,
            "last_year": today.year + 2,
        },
    )
    # The host approved; the partner has yet to.
    _approved_and_signed(teachers, {host.pk: by}, by, today, signatories, {}, sign=False)

    proposal = Proposal.objects.filter(text__en__icontains="Leizu School").first()
    if proposal is not None:
        services.agreement_create(
            by=by,
            drafted_by=host,
            parties=[kz1, uz1],
            data={
                "kind": "mou",
                "title": SCHOOL,
                "summary": proposal.text,
                "origin_proposal": proposal,
            },
        )
