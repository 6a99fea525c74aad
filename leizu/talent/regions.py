"""Regions (ISO 3166-2 subdivisions) with names in the five interface languages.

Evidence stores a region as a plain code column ("KZ-ALA", "UZ-FA", "CN-ZJ") so it indexes and
groups; names come from ``reference/regions.json`` (see SOURCES.md there).
"""

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from leizu.core.multilingual import Multilingual
from leizu.core.text import latin_key, normalise

_FILE = Path(__file__).resolve().parent / "reference" / "regions.json"


@cache
def _data() -> dict[str, Any]:
    doc = json.loads(_FILE.read_text(encoding="utf-8"))
    regions = {r["code"]: {**r, "labels": Multilingual(r["labels"])} for r in doc["regions"]}
    lookup: dict[str, str] = {}
    for code, region in regions.items():
        lookup[code.casefold()] = code
        for alias in region.get("aliases", []):
            lookup[alias.casefold()] = code
        for text in region["labels"].values():
            lookup.setdefault(latin_key(normalise(text)), code)
    return {"regions": regions, "lookup": lookup}


def regions(country: str | None = None) -> list[dict[str, Any]]:
    return [r for r in _data()["regions"].values() if country is None or r["country"] == country]


def region_codes() -> frozenset[str]:
    return frozenset(_data()["regions"])


def region_name(code: str, language: str | None = None) -> str:
    region = _data()["regions"].get(code)
    return region["labels"].localize(language) if region else code


def region_shape(code: str) -> str:
    """The map feature that draws this region (its own code unless it was split off later)."""
    region = _data()["regions"].get(code)
    return region.get("map_shape", code) if region else code


@lru_cache(maxsize=4096)
def region_find(value: str, country: str = "") -> str | None:
    """The region code that ``value`` (a code, an alias or a name in any language) names."""
    value = (value or "").strip()
    if not value:
        return None
    lookup = _data()["lookup"]
    code = lookup.get(value.casefold()) or lookup.get(latin_key(normalise(value)))
    if code and country and not code.startswith(country.upper() + "-"):
        return None
    return code


def region_choices(countries: list[str] | None = None) -> list[tuple[str, str]]:
    rows = [r for r in _data()["regions"].values() if not countries or r["country"] in countries]
    return [(r["code"], f"{r['code']} {r['labels']}") for r in rows]
