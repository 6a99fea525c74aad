"""Names of the codes that talent evidence carries: ISCO-08 unit groups and ISCED-F fields.

ISCO-08 titles are read from the engine's shipped reference file (``engine/data/isco08.json``),
ISCED-F from ``core/reference``; both carry labels in the five interface languages.
"""

import json
from functools import cache
from pathlib import Path

from leizu.core.multilingual import Multilingual
from leizu.core.reference import isced_fields

_ISCO_FILE = Path(__file__).resolve().parent / "engine" / "data" / "isco08.json"


@cache
def _isco() -> dict[str, Multilingual]:
    if not _ISCO_FILE.exists():
        return {}
    doc = json.loads(_ISCO_FILE.read_text(encoding="utf-8"))
    return {g["code"]: Multilingual(g.get("labels") or {}) for g in doc.get("groups", [])}


def isco_codes() -> frozenset[str]:
    """The 436 unit groups (four-digit codes)."""
    return frozenset(c for c in _isco() if len(c) == 4)


def isco_label(code: str, language: str | None = None) -> str:
    title = _isco().get(code)
    return f"{code} {title.localize(language)}" if title else code


def isco_title(code: str, language: str | None = None) -> str:
    title = _isco().get(code)
    return title.localize(language) if title else ""


def isco_choices() -> list[tuple[str, str]]:
    return [(code, isco_label(code)) for code in sorted(isco_codes())]


@cache
def _isced() -> dict[str, Multilingual]:
    return {row["code"]: row["labels"] for row in isced_fields()}


def isced_detailed_codes() -> frozenset[str]:
    return frozenset(r["code"] for r in isced_fields("detailed"))


def field_label(code: str, language: str | None = None) -> str:
    title = _isced().get(code)
    return f"{code} {title.localize(language)}" if title else code


def field_title(code: str, language: str | None = None) -> str:
    title = _isced().get(code)
    return title.localize(language) if title else code


def field_choices() -> list[tuple[str, str]]:
    return [(r["code"], f"{r['code']} {r['labels']}") for r in isced_fields("detailed")]
