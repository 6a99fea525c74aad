"""The engine, with the users' aliases and skills, applied to stored evidence.

The engine (``talent/engine``) takes extra aliases and skills through
``load_taxonomy(extra_aliases=…, extra_skills=…)``; this module builds a classifier with the
ones stored in the database and keeps it per process until they change (one cheap query tells).
Without user extensions the engine's shared default classifier is used.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

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
        with transaction.atomic():
            Posting.objects.bulk_update(batch, CLASSIFIED_FIELDS, batch_size=BATCH)
        done += len(batch)
        last_id = batch[-1].pk
        if progress:
            progress(done)
    return done
