"""Draft a visit's news report from its record, in Chinese, English, Russian, Kazakh and Uzbek.

The sentences live in one template per language (``templates/visits/report/<language>.txt``),
rendered inside ``translation.override(language)`` so names, multilingual texts and labels come
out in that language. This module prepares what the templates say: who is named how (a Chinese
report says 我校 for the college that writes it and puts the country before a foreign
institution; the other languages name every institution in full, in parentheses after the
people), the dates in each language's style, and the few words of the report's vocabulary that
are not interface strings (interest kinds, reactions, horizons) but part of its register.

Kazakh and Uzbek put the verb last and inflect nouns with suffixes. Their templates are written
so that a name from the record never needs a suffix: it stands in the nominative before a word
of the template that takes it ("X делегациясы", "X delegatsiyasi"), before a colon, or in
guillemets before a noun that does ("«X» нысанын"). Only the template's own words (and the
few country names and months below, whose forms are known) are inflected.

Paragraphs are separated by blank lines in the templates; lines inside a paragraph are joined
(without a space in Chinese), except lines starting with "— ", which stay list lines.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from django.template.loader import render_to_string
from django.utils import translation

from leizu.core.reference import country_name
from leizu.visits.models import (
    TOUR_KINDS,
    AgendaKind,
    ParticipantRole,
    Side,
    StatementKind,
    VisitDirection,
)

if TYPE_CHECKING:
    from leizu.institutions.models import Institution
    from leizu.visits.models import Participant
    from leizu.visits.selectors import VisitRecord

_BABEL = {"zh-hans": "zh_Hans", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz_Latn"}

# The report's own vocabulary in each language (not interface strings: the register of a news
# report, chosen per language rather than translated word for word).
WORDS: dict[str, dict[str, dict[str, str]]] = {
    "interest": {
        "zh-hans": {
            "student_exchange": "学生交流",
            "teacher_visit": "教师互访",
            "programme": "专业共建",
            "joint_school": "合作办学",
            "internship": "实习实训",
            "equipment": "设备合作",
            "research": "科研合作",
            "other": "其他领域合作",
        },
        "en": {
            "student_exchange": "student exchanges",
            "teacher_visit": "teacher visits",
            "programme": "joint programme construction",
            "joint_school": "a jointly built school",
            "internship": "internships",
            "equipment": "equipment",
            "research": "joint research",
            "other": "other fields",
        },
        "ru": {
            "student_exchange": "обмен студентами",
            "teacher_visit": "взаимные визиты преподавателей",
            "programme": "совместная разработка образовательных программ",
            "joint_school": "создание совместной школы",
            "internship": "стажировки и практика",
            "equipment": "оснащение оборудованием",
            "research": "совместные исследования",
            "other": "другие направления",
        },
        "kk": {
            "student_exchange": "студенттер алмасуы",
            "teacher_visit": "оқытушылардың өзара сапарлары",
            "programme": "білім беру бағдарламаларын бірлесіп әзірлеу",
            "joint_school": "бірлескен мектеп құру",
            "internship": "тағылымдама және өндірістік практика",
            "equipment": "құрал-жабдықпен жарақтандыру",
            "research": "бірлескен зерттеулер",
            "other": "басқа бағыттар",
        },
        "uz": {
            "student_exchange": "talabalar almashinuvi",
            "teacher_visit": "oʻqituvchilarning oʻzaro tashriflari",
            "programme": "taʼlim dasturlarini birgalikda ishlab chiqish",
            "joint_school": "qoʻshma maktab tashkil etish",
            "internship": "stajirovka va ishlab chiqarish amaliyoti",
            "equipment": "uskunalar bilan jihozlash",
            "research": "qoʻshma tadqiqotlar",
            "other": "boshqa yoʻnalishlar",
        },
    },
    "reaction": {
        "zh-hans": {
            "welcomed": "对方对此表示欢迎",
            "interested": "对方对此表现出浓厚兴趣",
            "agreed": "双方就此达成一致",
            "to_study": "双方同意就此作进一步研究",
            "declined": "对方表示暂不考虑",
            "none": "",
        },
        "en": {
            "welcomed": "The proposal was welcomed.",
            "interested": "The guests showed great interest.",
            "agreed": "Both sides agreed.",
            "to_study": "The sides agreed to study it further.",
            "declined": "The proposal was declined for now.",
            "none": "",
        },
        "ru": {
            "welcomed": "Предложение встретило поддержку.",
            "interested": "Гости проявили к нему большой интерес.",
            "agreed": "Стороны достигли согласия.",
            "to_study": "Стороны договорились проработать его дополнительно.",
            "declined": "Предложение пока не принято.",
            "none": "",
        },
        "kk": {
            "welcomed": "Ұсыныс қолдау тапты.",
            "interested": "Қонақтар бұл ұсынысқа үлкен қызығушылық танытты.",
            "agreed": "Тараптар осы мәселе бойынша келісімге келді.",
            "to_study": "Тараптар ұсынысты қосымша пысықтауға келісті.",
            "declined": "Ұсыныс әзірге қабылданбады.",
            "none": "",
        },
        "uz": {
            "welcomed": "Taklif qoʻllab-quvvatlandi.",
            "interested": "Mehmonlar taklifga katta qiziqish bildirdi.",
            "agreed": "Tomonlar bu borada kelishuvga erishdi.",
            "to_study": "Tomonlar taklifni qoʻshimcha oʻrganib chiqishga kelishib oldi.",
            "declined": "Taklif hozircha qabul qilinmadi.",
            "none": "",
        },
    },
    "horizon": {
        "zh-hans": {"now": "当前", "short": "两年内", "medium": "三至五年", "long": "五年以上"},
        "en": {
            "now": "now",
            "short": "within two years",
            "medium": "in three to five years",
            "long": "beyond five years",
        },
        "ru": {
            "now": "в настоящее время",
            "short": "в ближайшие два года",
            "medium": "через три–пять лет",
            "long": "в перспективе более пяти лет",
        },
        "kk": {
            "now": "қазіргі уақытта",
            "short": "алдағы екі жылда",
            "medium": "үш–бес жылдан кейін",
            "long": "бес жылдан астам перспективада",
        },
        "uz": {
            "now": "hozirgi vaqtda",
            "short": "yaqin ikki yil ichida",
            "medium": "uch–besh yildan keyin",
            "long": "besh yildan ortiq istiqbolda",
        },
    },
}

# Russian needs the genitive after "из" (from); for the cooperation's countries it is known.
RU_GENITIVE = {
    "CN": "Китая",
    "KZ": "Казахстана",
    "UZ": "Узбекистана",
    "KG": "Кыргызстана",
    "TJ": "Таджикистана",
    "TM": "Туркменистана",
    "RU": "России",
    "MN": "Монголии",
}
# Kazakh and Uzbek say where a delegation was with the locative ("Өзбекстанда",
# "Oʻzbekistonda"); for the cooperation's countries, whose names (CLDR's) take it plainly.
KK_LOCATIVE = {
    "CN": "Қытайда",
    "KZ": "Қазақстанда",
    "UZ": "Өзбекстанда",
    "KG": "Қырғызстанда",
    "TJ": "Тәжікстанда",
    "TM": "Түрікменстанда",
    "RU": "Ресейде",
    "MN": "Моңғолияда",
}
UZ_LOCATIVE = {
    "CN": "Xitoyda",
    "KZ": "Qozogʻistonda",
    "UZ": "Oʻzbekistonda",
    "KG": "Qirgʻizistonda",
    "TJ": "Tojikistonda",
    "TM": "Turkmanistonda",
    "RU": "Rossiyada",
    "MN": "Mongoliyada",
}
_LOCATIVE = {"kk": KK_LOCATIVE, "uz": UZ_LOCATIVE}
# "and" before the last item of a list: Kazakh "және" and Uzbek "va" need no agreement with the
# word before them (Kazakh мен/бен/пен would).
_AND = {"en": " and ", "ru": " и ", "kk": " және ", "uz": " va "}


def enumerate_texts(items: list[str], language: str, sep: str | None = None) -> str:
    """ "A、B、C" in Chinese; "A, B and C" in English; "A, B и C" in Russian, "A, B және C" in
    Kazakh, "A, B va C" in Uzbek."""
    items = [i for i in items if i]
    if not items:
        return ""
    if language == "zh-hans":
        return (sep or "、").join(items)
    if len(items) == 1:
        return items[0]
    last = _AND[language]
    return (sep or ", ").join(items[:-1]) + last + items[-1]


def date_phrase(start: datetime.date, end: datetime.date, language: str) -> str:
    """The visit's dates as the first words of the report's lead sentence."""
    if language in ("kk", "uz"):
        return _kk_uz_date_phrase(start, end, language)
    locale = _BABEL[language]
    if language == "zh-hans":
        first = format_date(start, "M月d日", locale=locale)
        if start == end:
            return first
        last_format = "d日" if (start.year, start.month) == (end.year, end.month) else "M月d日"
        return f"{first}至{format_date(end, last_format, locale=locale)}"
    same_month = (start.year, start.month) == (end.year, end.month)
    if language == "en":
        if start == end:
            return "On " + format_date(start, "d MMMM y", locale=locale)
        if same_month:
            return f"From {start.day} to " + format_date(end, "d MMMM y", locale=locale)
        return (
            "From "
            + format_date(start, "d MMMM", locale=locale)
            + " to "
            + format_date(end, "d MMMM y", locale=locale)
        )
    if start == end:
        return format_date(start, "d MMMM y", locale=locale) + " года"
    if same_month:
        return f"С {start.day} по " + format_date(end, "d MMMM y", locale=locale) + " года"
    return (
        "С "
        + format_date(start, "d MMMM", locale=locale)
        + " по "
        + format_date(end, "d MMMM y", locale=locale)
        + " года"
    )


def _kk_uz_date_phrase(start: datetime.date, end: datetime.date, language: str) -> str:
    """Kazakh "2026 жылғы 14–15 қазанда", Uzbek "2026-yil 14–15-oktabr kunlari": the year first,
    the months as CLDR writes them inside a date (lowercase), a range with an en dash."""
    locale = _BABEL[language]
    year, day_month = ("y 'жылғы' ", "d MMMM") if language == "kk" else ("y-'yil' ", "d-MMMM")
    if start == end:
        first, last_format = "", year + day_month
    elif (start.year, start.month) == (end.year, end.month):
        first, last_format = format_date(start, year + "d", locale=locale) + "–", day_month
    elif start.year == end.year:
        first, last_format = format_date(start, year + day_month, locale=locale) + " – ", day_month
    else:
        first = format_date(start, year + day_month, locale=locale) + " – "
        last_format = year + day_month
    last = format_date(end, last_format, locale=locale)
    if language == "kk":
        # "On" is the locative of the last month: қазанда, қыркүйекте, сәуірде.
        return first + _kk_locative(last)
    return first + last + (" kuni" if start == end else " kunlari")


def _kk_locative(word: str) -> str:
    """A Kazakh noun in the locative: -та/-те after a voiceless consonant, else -да/-де; the
    vowel follows the word's last vowel (front ә е і ө ү, else back). For the month names."""
    vowels = [c for c in word.lower() if c in "аәеёиоөұүуыіэюя"]
    front = bool(vowels) and vowels[-1] in "әеіөүэ"
    consonant = "т" if word[-1].lower() in "кқпстфхцчшщ" else "д"
    return word + consonant + ("е" if front else "а")


def _own_text(value: Any, language: str) -> str:
    """The text in exactly this language (no fallback), for optional parts like units."""
    return str((value or {}).get(language, "")).strip()


class Namer:
    """Writes people and institutions the way a report in one language names them."""

    def __init__(self, record: VisitRecord, language: str) -> None:
        self.language = language
        self.record = record
        # The college that writes the report: the host college among the parties, if any.
        self.ours = next((i for i in record.institutions() if i.is_host), None)

    def institution(self, institution: Institution) -> str:
        name = institution.name.localize(self.language)
        if self.language == "zh-hans":
            if self.ours is not None and institution.pk == self.ours.pk:
                return "我校"
            home = self.ours.country if self.ours is not None else "CN"
            if institution.country and institution.country != home:
                return country_name(institution.country, "zh-hans") + name
            return name
        if institution.country:
            return f"{name}, {country_name(institution.country, self.language)}"
        return name

    def person(self, p: Participant) -> str:
        """Name with position and title, without the institution."""
        lang = self.language
        name = p.display_name(lang)
        position = p.position_label(lang)
        title = p.title_label(lang)
        unit_of = p.person.unit if p.person is not None else None
        unit = _own_text(unit_of.name, lang) if unit_of is not None else ""
        if _unit_in_position(unit, position):
            unit = ""
        if lang == "zh-hans":
            return zh_join(unit, _without_overlap(unit, position), name, title)
        if lang == "en":
            role = ", ".join(x for x in (position, unit) if x)
            return f"{title + ' ' if title else ''}{name}{', ' + role if role else ''}"
        role = f"{position} ({unit})" if unit and position else position or unit
        return " ".join(x for x in (role + ("," if title and role else ""), title, name) if x)

    def short(self, p: Participant) -> str:
        """How a speaker is referred to once introduced: 周文涛院长, President Zhou Wentao."""
        lang = self.language
        name = p.display_name(lang)
        position = p.position_label(lang)
        if lang == "zh-hans":
            return zh_join(name, position)
        return f"{position} {name}".strip()

    def group(self, people: list[Participant]) -> list[str]:
        """People grouped by institution, in protocol order: one phrase per institution."""
        by_institution: dict[int, list[Participant]] = {}
        for p in people:
            by_institution.setdefault(p.institution_id, []).append(p)
        phrases = []
        for members in by_institution.values():
            institution = self.institution(members[0].institution)
            persons = [self.person(p) for p in members]
            if self.language == "zh-hans":
                phrases.append(zh_join(institution, enumerate_texts(persons, "zh-hans")))
            else:
                phrases.append(f"{'; '.join(persons)} ({institution})")
        return phrases


def _unit_in_position(unit: str, position: str) -> bool:
    """Whether the position already names the unit ("Head of International Office")."""
    unit, position = unit.lower(), position.lower()
    if not unit:
        return False
    words = unit.split()
    return unit in position or (len(words) > 2 and " ".join(words[1:]) in position)


def _without_overlap(unit: str, position: str) -> str:
    """重点实验室 + 实验室主任 → 主任; but 交流处 + 处长 stays 处长 (one character is the rule)."""
    for n in range(min(len(unit), len(position)), 1, -1):
        if unit.endswith(position[:n]):
            return position[n:]
    return position


def _heads(participants: list[Participant], lead_role: str) -> list[Participant]:
    """Each institution's leaders on a side: those in the lead role, else its first in rank."""
    heads: list[Participant] = []
    seen: set[int] = set()
    for p in participants:
        if p.role == lead_role:
            heads.append(p)
            seen.add(p.institution_id)
    for p in participants:
        if p.institution_id not in seen:
            heads.append(p)
            seen.add(p.institution_id)
    return sorted(heads, key=lambda p: participants.index(p))


def _venue(item: Any, language: str, or_title: bool = True) -> str:
    if item.venue_unit_id:
        return item.venue_unit.name.localize(language)
    venue = item.venue_text.localize(language)
    return venue or (item.title.localize(language) if or_title else "")


def _unit_of(namer: Namer, unit: Any, institution: Institution) -> str:
    """A unit named with its institution: 我校国际交流处, the International Office of …"""
    if unit is None:
        return namer.institution(institution)
    name = unit.name.localize(namer.language)
    if namer.language == "zh-hans":
        return zh_join(namer.institution(institution), name)
    if namer.language == "en":
        return f"the {name} of {institution.name.localize('en')}"
    return f"{name} ({institution.name.localize(namer.language)})"


def zh_join(*parts: str) -> str:
    """Chinese runs words together, but two Latin words keep a space between them."""
    out = ""
    for part in (p for p in parts if p):
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " "
        out += part
    return out


def _need_phrase(need: Any, language: str) -> str:
    horizon = WORDS["horizon"][language].get(need.horizon, "")
    field = need.field_label()
    level = need.level_label() if need.level else ""
    region = need.region.localize(language)
    occupation = need.occupation.localize(language)
    if not occupation:
        # Only the field was named: it heads the phrase.
        occupation, field = field, ""
    n = need.headcount
    if language == "zh-hans":
        details = [field, f"约{n}人" if n else "", level, region, horizon]
        return f"{occupation}（{'，'.join(d for d in details if d)}）"
    if language == "en":
        details = [field, f"about {n} people" if n else "", level, region, horizon]
        return f"{occupation} ({'; '.join(d for d in details if d)})"
    about = {"ru": "около {n} чел.", "kk": "шамамен {n} адам", "uz": "taxminan {n} kishi"}
    details = [field, about[language].format(n=n) if n else "", level, region, horizon]
    return f"{occupation} ({'; '.join(d for d in details if d)})"


def report_context(record: VisitRecord, language: str) -> dict[str, Any]:
    """What the report says, prepared in ``language`` (call inside translation.override)."""
    visit = record.visit
    namer = Namer(record, language)
    incoming = visit.direction == VisitDirection.INCOMING
    # The delegation is the guest side; the receiving side is the host.
    delegation = record.participants_on(Side.GUEST)
    receiving = record.participants_on(Side.HOST)
    accompanying = record.participants_on(Side.ACCOMPANYING)
    heads = _heads(delegation, ParticipantRole.HEAD)
    leads = _heads(receiving, ParticipantRole.HOST_LEAD)
    named = {p.pk for p in heads} | {p.pk for p in leads} | {p.pk for p in accompanying}
    others = [p for p in record.participants if p.pk not in named]
    guest_institutions = record.parties_on(Side.GUEST)
    countries = list(dict.fromkeys(i.country for i in guest_institutions if i.country))
    tours = list(dict.fromkeys(_venue(i, language) for i in record.agenda if i.kind in TOUR_KINDS))
    meetings = [
        {"title": i.title.localize(language), "venue": _venue(i, language, or_title=False)}
        for i in record.agenda
        if i.kind == AgendaKind.MEETING
    ]
    signings = [i.title.localize(language) for i in record.agenda if i.kind == AgendaKind.SIGNING]
    # A need stated jointly is reported once, under all the institutions that stated it.
    needs_by_institution: dict[tuple[int, ...], dict[str, Any]] = {}
    for need in record.needs:
        stated = [need.institution, *sorted(need.also_stated_by.all(), key=lambda i: i.pk)]
        entry = needs_by_institution.setdefault(
            tuple(i.pk for i in stated),
            {
                "institution": enumerate_texts([namer.institution(i) for i in stated], language),
                "items": [],
            },
        )
        entry["items"].append(_need_phrase(need, language))
    interest_words = WORDS["interest"][language]
    interests = []
    for kind in dict.fromkeys(i.kind for i in record.interests):
        descriptions = [
            i.description.localize(language)
            for i in record.interests
            if i.kind == kind and i.description.localize(language)
        ]
        phrase = interest_words[kind]
        if descriptions:
            phrase += (
                f"（{'；'.join(descriptions)}）"
                if language == "zh-hans"
                else f" ({'; '.join(descriptions)})"
            )
        interests.append(phrase)
    host_country = visit.host.country
    return {
        "language": language,
        "incoming": incoming,
        "date": date_phrase(visit.start_date, visit.end_date, language),
        "title": visit.title.localize(language),
        "purpose": visit.purpose.localize(language),
        "host": namer.institution(visit.host),
        "host_name": visit.host.name.localize(language),
        "host_is_ours": namer.ours is not None and namer.ours.pk == visit.host_id,
        "ours": namer.ours.name.localize(language) if namer.ours is not None else "",
        "host_country": country_name(host_country, language) if host_country else "",
        "host_country_gen": RU_GENITIVE.get(host_country, ""),
        "host_country_loc": _LOCATIVE.get(language, {}).get(host_country, ""),
        "countries": enumerate_texts([country_name(c, language) for c in countries], language),
        "countries_gen": enumerate_texts([RU_GENITIVE.get(c, "") for c in countries], "ru")
        if all(c in RU_GENITIVE for c in countries)
        else "",
        "delegation_size": len(delegation),
        "heads": enumerate_texts(
            namer.group(heads), language, "，" if language == "zh-hans" else ", "
        ),
        "heads_list": namer.group(heads),
        "heads_count": len(heads),
        "accompanying": enumerate_texts(namer.group(accompanying), language),
        "accompanying_list": namer.group(accompanying),
        "leads": enumerate_texts(namer.group(leads), language),
        "leads_list": namer.group(leads),
        "leads_count": len(leads),
        "others": enumerate_texts(
            namer.group(others), language, "，" if language == "zh-hans" else ", "
        ),
        "others_list": namer.group(others),
        "tours": enumerate_texts(tours, language),
        "tours_list": tours,
        "meetings": meetings,
        "meeting_titles": enumerate_texts([m["title"] for m in meetings if m["title"]], language),
        "signings": enumerate_texts([s for s in signings if s], language),
        "statements": [
            {
                "speaker": namer.short(s.speaker),
                "summary": s.summary.localize(language).rstrip("。."),
            }
            for s in record.statements
            if s.kind == StatementKind.SPEECH and s.speaker is not None
        ],
        # Impressions and remarks: of a speaker, or of a party as a whole; on a tour or the visit.
        "impressions": [
            {
                "by": namer.short(s.speaker)
                if s.speaker is not None
                else namer.institution(s.institution),
                # A party as a whole: Kazakh and Uzbek say its representatives spoke.
                "party": s.institution.name.localize(language) if s.speaker is None else "",
                "during": _venue(s.agenda_item, language) if s.agenda_item is not None else "",
                "summary": s.summary.localize(language).rstrip("。."),
            }
            for s in record.statements
            if s.kind == StatementKind.IMPRESSION or s.speaker is None
        ],
        "notes": [
            {"item": _venue(i, language), "notes": i.notes.localize(language).rstrip("。.")}
            for i in record.agenda
            if i.notes.localize(language)
        ],
        "needs": list(needs_by_institution.values()),
        "interests": interests,
        "interest_kinds": enumerate_texts(interests, language),
        "proposals": [
            {
                "by": namer.short(p.proposed_by)
                if p.proposed_by is not None
                else _unit_of(namer, p.proposed_by_unit, p.institution),
                "text": p.text.localize(language).rstrip("。."),
                "reaction": WORDS["reaction"][language][p.reaction],
                "reaction_text": p.reaction_text.localize(language).rstrip("。."),
            }
            for p in record.proposals
        ],
        "topics": enumerate_texts(
            [t.strip() for t in visit.topics.localize(language).splitlines() if t.strip()], language
        ),
        "policy": enumerate_texts(
            [t.name.localize(language) for t in visit.policy_tags.all()], language
        ),
    }


_LIST_LINE = re.compile(r"^— ")


def _tidy(text: str, language: str) -> str:
    """Join each paragraph's template lines; keep "— " list lines; drop empty paragraphs."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        out: list[str] = []
        for line in lines:
            if out and not _LIST_LINE.match(line):
                out[-1] += ("" if language == "zh-hans" else " ") + line
            else:
                out.append(line)
        paragraph = "\n".join(out)
        if language != "zh-hans":
            paragraph = re.sub(r"[ \t]+", " ", paragraph)
            paragraph = re.sub(r" ([,.;:)])", r"\1", paragraph)
        paragraphs.append(paragraph.strip())
    return "\n\n".join(paragraphs)


def draft_report(record: VisitRecord, language: str) -> tuple[str, str]:
    """The headline and the text of the report in ``language``."""
    with translation.override(language):
        context = report_context(record, language)
        rendered = render_to_string(f"visits/report/{language}.txt", context)
    headline, _sep, body = rendered.strip().partition("\n")
    return headline.strip(), _tidy(body, language)
