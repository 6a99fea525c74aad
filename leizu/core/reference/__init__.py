"""Reference classifiers shipped with the project.

Countries and language names come from the Unicode CLDR through Babel (names in all five
interface languages); ISCED 2011 levels and ISCED-F 2013 fields from the JSON files beside this
module (see SOURCES.md).
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from django.utils import translation

from leizu.core.multilingual import Multilingual

_HERE = Path(__file__).resolve().parent
_BABEL_LOCALES = {"zh-hans": "zh_Hans", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz_Latn"}

# Scripts in which each content language is written (ISO 15924); first is the usual one today.
LANGUAGE_SCRIPTS: dict[str, list[str]] = {
    "zh": ["Hans"],
    "en": ["Latn"],
    "ru": ["Cyrl"],
    "kk": ["Cyrl", "Latn"],
    "uz": ["Latn", "Cyrl"],
    "ky": ["Cyrl"],
    "tg": ["Cyrl"],
    "tk": ["Latn"],
    "de": ["Latn"],
    "fr": ["Latn"],
}
SCRIPT_CODES = ["Latn", "Cyrl", "Hans", "Hant", "Arab"]

# Countries shown first in pickers: the cooperation's own.
PRIORITY_COUNTRIES = ["CN", "KZ", "UZ", "KG", "TJ", "TM", "RU"]


@cache
def _babel(ui_language: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES.get(ui_language, "en"))


def _ui_language() -> str:
    return translation.get_language() or "en"


# The officially assigned codes of ISO 3166-1 alpha-2 (249: countries and territories), from the
# ISO 3166 Maintenance Agency's list. CLDR (through Babel) names more "territories" than these:
# unions and groupings (EU, EZ, UN), regions (QO Outlying Oceania, 001 World, continents),
# pseudo-locales (XA, XB), unknown (ZZ), codes reserved for other uses (AC, CP, CQ, DG, EA, IC,
# TA) and user-assigned ones (XK); none of them is a country anybody lives in or a partner
# registers in, so pickers, the API and imports all take this one list.
_ISO_3166_1_ALPHA_2 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
"""
ISO_3166_1_ALPHA_2 = frozenset(_ISO_3166_1_ALPHA_2.split())


def country_codes() -> tuple[str, ...]:
    """The country codes Leizu accepts (ISO 3166-1 alpha-2), sorted: one list for the pickers,
    the API and the imports."""
    return _COUNTRY_CODES


_COUNTRY_CODES = tuple(sorted(ISO_3166_1_ALPHA_2))


def country_name(code: str, language: str | None = None) -> str:
    language = language or _ui_language()
    return str(_babel(language).territories.get(code, code))


def country_names(code: str) -> Multilingual:
    return Multilingual({lang: country_name(code, lang) for lang in _BABEL_LOCALES})


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    language = language or _ui_language()
    first = [(c, country_name(c, language)) for c in PRIORITY_COUNTRIES]
    rest = sorted(
        ((c, country_name(c, language)) for c in country_codes() if c not in PRIORITY_COUNTRIES),
        key=lambda item: item[1],
    )
    return first + rest


def language_name(code: str, language: str | None = None) -> str:
    language = language or _ui_language()
    return str(_babel(language).languages.get(code, code))


def language_choices(language: str | None = None) -> list[tuple[str, str]]:
    return [(code, language_name(code, language)) for code in LANGUAGE_SCRIPTS]


def script_name(code: str, language: str | None = None) -> str:
    language = language or _ui_language()
    return str(_babel(language).scripts.get(code, code))


@cache
def _load(name: str) -> list[dict[str, Any]]:
    path = _HERE / name
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [{**row, "labels": Multilingual(row["labels"])} for row in data]


def isced_levels() -> list[dict[str, Any]]:
    return _load("isced_2011_levels.json")


def isced_fields(level: str | None = None) -> list[dict[str, Any]]:
    rows = _load("isced_f_2013.json")
    return [r for r in rows if level is None or r["level"] == level]


def isced_field_label(code: str) -> str:
    for row in isced_fields():
        if row["code"] == code:
            return f"{code} {row['labels']}"
    return code
