"""Positions and titles people hold, as a vocabulary with labels in the five languages.

A position chosen from the vocabulary reads right in every report and page without anybody
translating it; free text stays possible (multilingual) for what the vocabulary lacks. The list
(``reference/positions.json``) holds the positions that delegation visits and cooperation
agreements name most: college and company leadership, deans and heads of office, teachers,
engineers. Labels follow each country's usage (a Chinese vocational college's 院长 is its
president; a Kazakh or Uzbek college is led by a director, a university by a rector).
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leizu.core.multilingual import Multilingual

_FILE = Path(__file__).resolve().parent / "reference" / "positions.json"

GROUPS = {
    "leadership": _("Leadership"),
    "company": _("Company"),
    "academic": _("Schools and departments"),
    "administration": _("Offices"),
    "teaching": _("Teaching"),
    "technical": _("Engineering and research"),
    "other": _("Other"),
}


@cache
def positions() -> tuple[dict[str, Any], ...]:
    rows = json.loads(_FILE.read_text(encoding="utf-8"))
    return tuple({**row, "labels": Multilingual(row["labels"])} for row in rows)


@cache
def _by_code() -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in positions()}


def is_position(code: str) -> bool:
    return code in _by_code()


def check_position_code(data: dict[str, Any]) -> None:
    """ServiceError unless ``data``'s position_code (if any) is a code of the vocabulary."""
    from django.utils.translation import gettext

    from leizu.core.errors import ServiceError

    code = data.get("position_code") or ""
    if code and not is_position(code):
        raise ServiceError(
            gettext("Choose a position from the list, or write it in words."),
            fields={"position_code": [gettext("Choose a position from the list.")]},
        )


def position_label(code: str, language: str | None = None) -> str:
    """The position's label for readers of ``language`` (the active language by default)."""
    row = _by_code().get(code)
    if row is None:
        return ""
    return row["labels"].localize(language or translation.get_language() or "en")


def position_choices() -> list[tuple[Any, Any]]:
    """Choices grouped for a select: (group label, [(code, label), …]), with an empty first."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for row in positions():
        grouped.setdefault(row["group"], []).append((row["code"], row["labels"].localize()))
    return [("", "---------")] + [(GROUPS[g], items) for g, items in grouped.items()]
