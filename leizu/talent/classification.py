"""The engine, with the users' aliases and skills, applied to stored evidence.

The engine (``talent/engine``) takes extra aliases and skills through
``load_taxonomy(extra_aliases=…, extra_skills=…)``; this module builds a classifier with the
ones stored in the database and keeps it per process until they change (one cheap query tells).
Without user extensions the engine's shared default classifier is used.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from leizu.core.imports.writing import update_statement
from leizu.talent.models import (
    REVIEW_MARGIN,
    REVIEW_THRESHOLD,
    OccupationAlias,
    Posting,
    SkillTerm,
)

BATCH = 500
_lock = threading.Lock()
_cached: dict[str, Any] = {"key": None, "classifier": None}

LANGUAGE_TO_ENGINE = {"zh-hans": "zh", "zh": "zh", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz"}


def _extensions_key() -> tuple[Any, ...]:
    a = OccupationAlias.objects.aggregate(n=Count("id"), last=Max("id"))
    s = SkillTerm.objects.aggregate(n=Count("id"), last=Max("id"))
    return (a["n"], a["last"], s["n"], s["last"])


def user_aliases() -> list[dict[str, Any]]:
    rows = OccupationAlias.objects.order_by("id").values(
        "isco08", "language", "text", "weight", "isced_f"
    )
    return [
        {
            "isco08": r["isco08"],
            "text": r["text"],
            "lang": LANGUAGE_TO_ENGINE.get(r["language"], r["language"]),
            "weight": r["weight"],
            **({"isced_f": [r["isced_f"]]} if r["isced_f"] else {}),
        }
        for r in rows
    ]


def user_skills() -> list[dict[str, Any]]:
    rows = SkillTerm.objects.order_by("id").values(
        "id", "isco08", "language", "label", "weight", "isced_f"
    )
    return [
        {
            "id": f"user-skill-{r['id']}",
            "name": r["label"],
            "labels": {LANGUAGE_TO_ENGINE.get(r["language"], r["language"]): [r["label"]]},
            "occupations": {r["isco08"]: r["weight"]},
            **({"isced_f": [r["isced_f"]]} if r["isced_f"] else {}),
        }
        for r in rows
    ]


def get_classifier() -> Any:
    """The engine with the shipped taxonomy plus the users' aliases and skills."""
    from leizu.talent import engine

    key = _extensions_key()
    if key[0] == 0 and key[2] == 0:
        return engine.get_classifier()
    with _lock:
        if _cached["key"] != key:
            taxonomy = engine.load_taxonomy(
                extra_aliases=user_aliases(), extra_skills=user_skills()
            )
            _cached["classifier"] = engine.Classifier(taxonomy)
            _cached["key"] = key
        return _cached["classifier"]


def classify(title: str, text: str = "", language: str | None = None, clf: Any = None) -> dict:
    """The engine's decision for one text, with its evidence (see engine/classifier.py)."""
    clf = clf or get_classifier()
    lang = LANGUAGE_TO_ENGINE.get(language or "") if language else None
    return clf.classify(title=title or "", text=text or "", lang=lang)  # type: ignore[no-any-return]


def best(result: dict[str, Any]) -> tuple[str, str, float]:
    """(ISCO-08 code, ISCED-F code, score) of the engine's first choice; blanks when none."""
    occupations = result.get("occupations") or []
    fields = result.get("fields") or []
    isco = occupations[0]["isco08"] if occupations else ""
    isced = fields[0]["isced_f"] if fields else ""
    score = float(occupations[0]["score"]) if occupations else 0.0
    return isco, isced, score


def hesitates(result: dict[str, Any]) -> bool:
    """Low confidence: a low score, or two occupations scored almost alike."""
    occupations = result.get("occupations") or []
    if not occupations or occupations[0]["score"] < REVIEW_THRESHOLD:
        return True
    return (
        len(occupations) > 1 and occupations[0]["score"] - occupations[1]["score"] < REVIEW_MARGIN
    )


def apply(posting: Posting, result: dict[str, Any]) -> None:
    """Store the machine's decision; a reviewer's correction, when there is one, still wins."""
    isco, isced, score = best(result)
    posting.machine_isco08 = isco
    posting.machine_isced_f = isced
    posting.score = score
    posting.classification = {
        k: result.get(k) for k in ("lang", "occupations", "fields", "skills", "evidence")
    }
    posting.classified_at = timezone.now()
    if posting.reviewed_at is None:
        posting.isco08, posting.isced_f = isco, isced
        posting.needs_review = hesitates(result)
    if not posting.language and result.get("lang"):
        posting.language = str(result["lang"])[:10]


CLASSIFIED_FIELDS = [
    "machine_isco08",
    "machine_isced_f",
    "score",
    "classification",
    "classified_at",
    "isco08",
    "isced_f",
    "needs_review",
    "language",
]


def _unclassified(*, import_id: Any = None, leftovers_only: bool = False) -> Any:
    from leizu.talent.models import ImportStatus

    qs = Posting.objects.filter(classified_at__isnull=True)
    if import_id:
        qs = qs.filter(import_job_id=import_id)
    if leftovers_only:  # an import being classified does its own postings
        qs = qs.exclude(import_job__status=ImportStatus.CLASSIFYING)
    return qs


def has_leftovers() -> bool:
    """Postings without a machine decision that no running import will classify."""
    return bool(_unclassified(leftovers_only=True).exists())


def classify_pending(
    *,
    import_id: Any = None,
    limit: int | None = None,
    progress: Any = None,
    leftovers_only: bool = False,
) -> int:
    """Classify postings that have no machine decision yet, in batches, each written in its
    own short transaction; returns how many."""
    clf = get_classifier()
    done = 0
    last_id = 0
    pending = _unclassified(import_id=import_id, leftovers_only=leftovers_only)
    while limit is None or done < limit:
        qs = pending.filter(id__gt=last_id)
        batch = list(
            qs.order_by("id").only(
                "id", "title", "text", "language", "reviewed_at", "isco08", "isced_f"
            )[:BATCH]
        )
        if not batch:
            break
        for posting in batch:
            apply(posting, classify(posting.title, posting.text, posting.language or None, clf))
        sql, rows = update_statement(Posting, batch, CLASSIFIED_FIELDS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += len(batch)
        last_id = batch[-1].pk
        if progress:
            progress(done)
    return done


# --- classifying again after the users' aliases or skills changed ------------------------------


def _keys(text: str, lang: str | None) -> tuple[str, frozenset[str]]:
    """The engine's match keys of the words of ``text`` (folded and stemmed), with the
    language it settled on."""
    from leizu.talent.engine import normalise as nm

    prepared, plang, _script = nm.prepare(text, lang)
    return plang, frozenset(t.key for t in nm.analyse(prepared, plang) if t.key)


def mark_affected(text: str, language: str) -> int:
    """Postings an added or removed alias or skill ``text`` could classify differently lose
    their machine decision's date, so the leftover classification
    (``tasks.classify_unclassified``) decides them again with the current aliases and skills;
    what they count as stays until then, and a reviewer's correction wins as always.

    A posting is affected when its title or text holds every word of ``text`` by the engine's
    match keys (folded, stemmed), under any stemmer the engine indexes ``text`` with. Reads the
    postings in batches and marks them in short transactions; returns how many."""
    from leizu.talent.engine import normalise as nm

    _lang, keys = _keys(text, LANGUAGE_TO_ENGINE.get(language) or None)
    variants = {keys} | {
        _keys(text, other)[1] for other in nm.stem_langs_for_script(nm.detect_script(text))
    }
    variants = {v for v in variants if v}
    if not variants:
        return 0
    marked = 0
    last_id = 0
    while True:
        batch = list(
            Posting.objects.filter(id__gt=last_id, classified_at__isnull=False)
            .order_by("id")
            .values_list("id", "title", "text", "language")[:BATCH]
        )
        if not batch:
            return marked
        last_id = batch[-1][0]
        ids = []
        for pk, title, body, posting_language in batch:
            posting_lang = LANGUAGE_TO_ENGINE.get(posting_language or "") or None
            _plang, words = _keys(f"{title or ''}\n{body or ''}", posting_lang)
            if any(v <= words for v in variants):
                ids.append(pk)
        if ids:
            with transaction.atomic():
                marked += Posting.objects.filter(pk__in=ids).update(classified_at=None)


# --- the decision as a page shows it ----------------------------------------------------------
#
# The engine's evidence names its stages ("exact", "bag", "ngram", "skill") and its skills by
# their ids ("sewing-machines", "user-skill-12"). Readers get a sentence in their language for
# each item, and each skill by its label in their language.


def _engine_languages(language: str | None = None) -> list[str]:
    """The engine's language codes in the order of the reader's fallback chain."""
    from leizu.core.multilingual import fallback_chain

    order = [LANGUAGE_TO_ENGINE.get(code, code) for code in fallback_chain(language)]
    return list(dict.fromkeys(order))


def skill_labels(ids: list[str], found: dict[str, str] | None = None) -> dict[str, str]:
    """Each skill's label in the reader's language (``found``: the words the posting used,
    for a skill the taxonomy no longer has, e.g. a user's skill since removed)."""
    from django.utils.translation import gettext as _

    skills = {s.id: s for s in get_classifier().tax.skills}
    languages = _engine_languages()
    labels = {}
    for sid in ids:
        skill = skills.get(sid)
        if skill is None:
            labels[sid] = (found or {}).get(sid) or _("a skill no longer in the taxonomy")
            continue
        text = next((skill.labels[lang][0] for lang in languages if skill.labels.get(lang)), "")
        labels[sid] = text or skill.name
    return labels


def evidence_text(item: dict[str, Any], skills: dict[str, str]) -> str:
    """One item of the engine's evidence as a sentence in the active language."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    stage, where = item.get("stage"), item.get("where")
    words, label = str(item.get("words") or ""), str(item.get("label") or "")
    if stage == "exact" and where == "title":
        text = _("matched a known job title: the words “%(words)s” in the title are “%(label)s”")
    elif stage == "exact":
        text = _("mentions a known job title: the words “%(words)s” in the text are “%(label)s”")
    elif stage == "bag":
        text = _(
            "the words of a known job title are all in the title, apart or in another order: "
            "“%(words)s” for “%(label)s”"
        )
    elif stage == "ngram":
        text = _("similar wording: the title “%(words)s” is close to “%(label)s”")
    elif stage == "skill":
        names = [skills.get(sid, sid) for sid in item.get("skills") or []]
        return ngettext(
            "mentions the skill %(skills)s", "mentions the skills %(skills)s", len(names)
        ) % {"skills": ", ".join(f"“{name}”" for name in names)}
    elif words and label:
        text = _("other evidence: “%(words)s” for “%(label)s”")
    else:
        return _("other evidence")
    return text % {"words": words, "label": label}


def for_page(result: dict[str, Any]) -> dict[str, Any]:
    """The engine's output with names for its codes and a sentence for each piece of
    evidence, in the reader's language."""
    from leizu.core.reference import language_name
    from leizu.talent.codes import field_label, isco_label, isco_title

    if not result:
        return {}
    found = {s["skill"]: str(s.get("words") or "") for s in result.get("skills") or []}
    ids = [s["skill"] for s in result.get("skills") or []]
    for item in result.get("evidence") or []:
        ids += item.get("skills") or []
    skills = skill_labels(list(dict.fromkeys(ids)), found)
    lang = str(result.get("lang") or "")
    return {
        **result,
        "language_name": language_name(lang) if lang else "",
        "occupations": [
            {**o, "name": isco_label(o["isco08"]), "percent": round(100 * o["score"])}
            for o in result.get("occupations") or []
        ],
        "fields": [
            {**f, "name": field_label(f["isced_f"]), "percent": round(100 * f["score"])}
            for f in result.get("fields") or []
        ],
        "evidence": [
            {
                **item,
                "occupation": isco_title(str(item.get("isco08") or ""))
                or isco_label(str(item.get("isco08") or "")),
                "text": evidence_text(item, skills),
            }
            for item in result.get("evidence") or []
        ],
        "skills": [{**s, "label": skills.get(s["skill"], "")} for s in result.get("skills") or []],
    }
