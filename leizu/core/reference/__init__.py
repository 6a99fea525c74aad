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


@cache
def _country_codes() -> tuple[str, ...]:
    territories = _babel("en").territories
    return tuple(
        sorted(
            c
            for c in territories
            if isinstance(c, str) and len(c) == 2 and c.isalpha() and c != "ZZ"
        )
    )


def country_codes() -> tuple[str, ...]:
    return _country_codes()


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
