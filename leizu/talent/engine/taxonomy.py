"""The taxonomy the classifier links text to: occupation concepts, their labels, and skills.

A *concept* is one occupation as job boards name it (a loom fixer, a colourist, a PLC engineer)
inside one ISCO-08 unit group; every unit group also has a base concept carrying its official
titles, so all 436 groups stay reachable. A concept knows its default ISCED-F fields and its
skill profile. A *skill* is a competence or an industry term (sewing, PLC, dyeing, "garment
factory") with labels and the ISCED-F fields it points to.

Shipped data lives in ``data/``; users add aliases and skills on top (see :func:`load_taxonomy`).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
# The other reference files the project ships; used when present.
ISCO_JSON = DATA_DIR / "isco08.json"
ISCED_JSON = Path(__file__).resolve().parents[2] / "core" / "reference" / "isced_f_2013.json"
# Development fallback (English titles only) until isco08.json is in place.
_REPO = Path(__file__).resolve().parents[3]
ISCO_TSV_FALLBACKS = (_REPO.parent / "shared" / "data" / "isco08_unit_groups.tsv",)

LANG_ALIASES = {"zh-hans": "zh", "zh_hans": "zh", "zh-cn": "zh", "uz-latn": "uz", "uz-cyrl": "uz"}

# Official title weights: the full title is a precise name but often a list ("Tailors,
# dressmakers, furriers and hatters"); its parts are single names and a little less certain.
TITLE_WEIGHT = 0.85
TITLE_PART_WEIGHT = 0.7
STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.45


@dataclass(slots=True)
class Concept:
    id: str
    isco08: str
    name: str
    fields: tuple[str, ...]
    context: bool = False  # the ISCED-F field depends on the industry named in the posting
    alt: tuple[str, ...] = ()
    skills: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Label:
    concept: int  # index into Taxonomy.concepts
    text: str
    lang: str
    weight: float
    exact: bool = True  # goes into the exact-alias automaton (otherwise n-gram only)


@dataclass(slots=True)
class Skill:
    id: str
    name: str
    fields: tuple[str, ...]
    labels: dict[str, list[str]]
    # How much finding this skill says about the industry of the posting: "maintenance" or
    # "technical drawings" occur in every industry, "dyeing" names one.
    context_weight: float = 1.0


@dataclass(slots=True)
class Taxonomy:
    edition: dict[str, str]
    concepts: list[Concept]
    labels: list[Label]
    skills: list[Skill]
    isco_titles: dict[str, dict[str, str]]
    isced_titles: dict[str, dict[str, str]]
    stopwords: dict[str, list[str]]
    lexicon_zh: list[str]

    def concept_index(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.concepts)}


def _lang(code: str) -> str:
    code = code.lower()
    return LANG_ALIASES.get(code, code.split("-")[0])


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _isco_titles() -> tuple[dict[str, dict[str, str]], str]:
    """Unit-group titles by code and language, and the edition they come from."""
    if ISCO_JSON.exists():
        doc = _read_json(ISCO_JSON)
        titles = {
            g["code"]: {_lang(k): v for k, v in (g.get("labels") or {}).items() if v}
            for g in doc.get("groups", [])
            if len(str(g.get("code", ""))) == 4
        }
        if len(titles) >= 436:
            return titles, str(doc.get("edition", "ISCO-08"))
    for tsv in ISCO_TSV_FALLBACKS:
        if tsv.exists():
            with tsv.open(encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh, delimiter="\t"))
            return {r["isco08"]: {"en": r["title_en"]} for r in rows}, "ISCO-08 (ILO 2012), en"
    raise FileNotFoundError("ISCO-08 unit groups: neither data/isco08.json nor the TSV found")


def _isced_titles() -> dict[str, dict[str, str]]:
    if not ISCED_JSON.exists():
        return {}
    doc = _read_json(ISCED_JSON)
    rows = doc if isinstance(doc, list) else doc.get("fields", doc.get("items", []))
    return {
        str(r["code"]): {_lang(k): v for k, v in (r.get("labels") or {}).items() if v}
        for r in rows
        if isinstance(r, Mapping) and "code" in r
    }


# Phrases that qualify an official title without naming anything a posting would say.
_TITLE_NOISE = re.compile(
    r"\s*\((?:[^)]*)\)|\s*,?\s*(?:not elsewhere classified|n\.e\.c\.|"
    r"не (?:включенные|отнесенные|классифицируемые) в другие (?:группы|категории)|"
    r"басқа топтарға енгізілмеген|boshqa guruhlarga kiritilmagan|未另分类的?|其他未分类的?)",
    re.IGNORECASE,
)
_TITLE_SPLIT = re.compile(r"\s*(?:,|;|、|／|/|\band\b|\bи\b|\bва\b|\bжәне\b|和|及|与)\s*")


def title_parts(title: str) -> list[str]:
    """The names inside an official title: "Tailors, dressmakers, furriers and hatters" →
    tailors, dressmakers, furriers, hatters. Parts that are only a generic head word
    ("operators" in "… setters and operators") are dropped by the index, not here."""
    clean = _TITLE_NOISE.sub("", title).strip()
    parts = [p.strip() for p in _TITLE_SPLIT.split(clean) if p and p.strip()]
    return [p for p in parts if p.lower() != clean.lower()]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def load_taxonomy(
    extra_aliases: Iterable[Mapping[str, Any]] | None = None,
    extra_skills: Iterable[Mapping[str, Any]] | None = None,
    data_dir: Path | None = None,
) -> Taxonomy:
    """Load the shipped taxonomy and add a user's aliases and skills.

    ``extra_aliases``: dicts ``{"isco08": "7233", "text": "помощник мастера", "lang": "ru",
    "weight": 1.0, "isced_f": ["0715"], "concept": "loom-fixer"}``; only isco08 (or concept)
    and text are required. With ``concept`` the alias joins that concept; without it, the alias
    joins a user concept of that unit group (with its own fields when ``isced_f`` is given).

    ``extra_skills``: dicts ``{"id": "jacquard", "labels": {"ru": ["жаккард"], "en":
    ["jacquard"]}, "isced_f": ["0723"], "occupations": {"8152": 0.8}}``. A known id extends that
    skill's labels; ``occupations`` adds the skill to those unit groups' profiles.
    """
    ddir = data_dir or DATA_DIR
    titles, isco_edition = _isco_titles()
    occ_fields = _read_json(ddir / "occupation_fields.json")
    alias_doc = _read_json(ddir / "aliases.json")
    skill_doc = _read_json(ddir / "skills.json")

    concepts: list[Concept] = []
    labels: list[Label] = []
    by_code: dict[str, int] = {}

    # Base concepts: one per unit group, named by its official titles in every language.
    for code in sorted(titles):
        spec = occ_fields["occupations"].get(code, {"fields": ["0099"], "context": True})
        idx = len(concepts)
        by_code[code] = idx
        concepts.append(
            Concept(
                id=f"isco:{code}",
                isco08=code,
                name=titles[code].get("en", code),
                fields=tuple(spec["fields"]),
                context=bool(spec.get("context")),
            )
        )
        for lang, title in sorted(titles[code].items()):
            if lang not in ("en", "ru", "kk", "uz", "zh"):
                continue
            labels.append(Label(idx, title, lang, TITLE_WEIGHT))
            # Parts only for approximate matching: in ru/kk/uz a part is often a bare modifier
            # ("Тоқыма" of "Тоқыма, былғары … бойынша қолөнершілер"), which as an exact alias
            # would claim every posting that mentions textiles.
            for part in title_parts(title):
                labels.append(Label(idx, part, lang, TITLE_PART_WEIGHT, exact=False))

    # Job-board concepts with rich aliases.
    for spec in alias_doc["concepts"]:
        code = spec["isco08"]
        base = concepts[by_code[code]] if code in by_code else None
        idx = len(concepts)
        own_fields = tuple(_as_list(spec.get("fields")))
        # A concept that names its fields has them whatever the industry, unless it says
        # otherwise; one without inherits its unit group's defaults and their context rule.
        context = spec.get("context", False if own_fields else (base.context if base else True))
        concepts.append(
            Concept(
                id=spec["id"],
                isco08=code,
                name=spec.get("name") or spec["id"],
                fields=own_fields or (base.fields if base else ()),
                context=bool(context),
                alt=tuple(_as_list(spec.get("alt"))),
                skills={k: float(v) for k, v in (spec.get("skills") or {}).items()},
            )
        )
        for lang, items in sorted((spec.get("labels") or {}).items()):
            for text in _as_list(items):
                labels.append(Label(idx, text, _lang(lang), STRONG_WEIGHT))
        for lang, items in sorted((spec.get("weak") or {}).items()):
            for text in _as_list(items):
                labels.append(Label(idx, text, _lang(lang), WEAK_WEIGHT))

    skills = [
        Skill(
            id=s["id"],
            name=s.get("name") or s["id"],
            fields=tuple(_as_list(s.get("fields"))),
            labels={_lang(k): _as_list(v) for k, v in (s.get("labels") or {}).items()},
            context_weight=float(s.get("context_weight", 1.0)),
        )
        for s in skill_doc["skills"]
    ]
    _add_user_data(concepts, labels, skills, by_code, extra_aliases, extra_skills)

    return Taxonomy(
        edition={
            "isco08": isco_edition,
            "aliases": str(alias_doc.get("edition", "")),
            "skills": str(skill_doc.get("edition", "")),
            "occupation_fields": str(occ_fields.get("edition", "")),
        },
        concepts=concepts,
        labels=labels,
        skills=skills,
        isco_titles=titles,
        isced_titles=_isced_titles(),
        stopwords={k: _as_list(v) for k, v in alias_doc.get("stopwords", {}).items()},
        lexicon_zh=_as_list(alias_doc.get("lexicon_zh")),
    )


def _add_user_data(
    concepts: list[Concept],
    labels: list[Label],
    skills: list[Skill],
    by_code: dict[str, int],
    extra_aliases: Iterable[Mapping[str, Any]] | None,
    extra_skills: Iterable[Mapping[str, Any]] | None,
) -> None:
    by_id = {c.id: i for i, c in enumerate(concepts)}
    for alias in extra_aliases or ():
        text = str(alias.get("text", "")).strip()
        if not text:
            raise ValueError(f"user alias without text: {alias!r}")
        lang = _lang(str(alias.get("lang") or "en"))
        weight = float(alias.get("weight", STRONG_WEIGHT))
        concept_id = alias.get("concept")
        if concept_id and concept_id in by_id:
            labels.append(Label(by_id[str(concept_id)], text, lang, weight))
            continue
        code = str(alias.get("isco08", ""))
        if code not in by_code:
            raise ValueError(f"user alias for unknown ISCO-08 unit group: {alias!r}")
        fields = tuple(_as_list(alias.get("isced_f")))
        cid = str(concept_id or f"user:{code}:{'-'.join(fields) or 'default'}")
        if cid not in by_id:
            base = concepts[by_code[code]]
            by_id[cid] = len(concepts)
            concepts.append(
                Concept(
                    id=cid,
                    isco08=code,
                    name=base.name,
                    fields=fields or base.fields,
                    context=False if fields else base.context,
                    skills=dict(base.skills),
                )
            )
        labels.append(Label(by_id[cid], text, lang, weight))

    skill_by_id = {s.id: s for s in skills}
    for spec in extra_skills or ():
        sid = str(spec["id"])
        new_labels = {_lang(k): _as_list(v) for k, v in (spec.get("labels") or {}).items()}
        if sid in skill_by_id:
            skill = skill_by_id[sid]
            for lang, items in new_labels.items():
                skill.labels.setdefault(lang, []).extend(items)
            if spec.get("isced_f"):
                skill.fields = tuple(_as_list(spec["isced_f"]))
        else:
            skill = Skill(
                id=sid,
                name=str(spec.get("name") or sid),
                fields=tuple(_as_list(spec.get("isced_f"))),
                labels=new_labels,
            )
            skills.append(skill)
            skill_by_id[sid] = skill
        for code, weight in (spec.get("occupations") or {}).items():
            for concept in concepts:
                if concept.isco08 == code:
                    concept.skills[sid] = float(weight)
