"""Which programmes answer a stated need: pure scoring over the classifier's reading of the need
(its ISCO-08 unit groups, ISCED-F fields and skills) and what each programme is (its field, the
occupations it prepares for). No Django: the programmes app passes the offers in.

A programme's score combines two independent kinds of evidence (noisy-or, as the classifier
does), each weighted by how sure the classifier is of the need:

- field: the programme's ISCED-F field is one the need points to (the same detailed field
  counts fully, the same narrow field half; a broad field such as 07 "engineering,
  manufacturing and construction" is too wide to say anything: welding does not answer a
  need for tailors);
- occupation: the programme prepares for an occupation the need names (the same ISCO-08 minor
  group counts half).

A need outside every programme's field and occupations scores near 0, so an off-field need gets
low scores, not a confident wrong answer. Every score comes with its reasons, as data (codes and
shares) for the caller to put in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FIELD_STRENGTH = 0.8  # the need's top field matched exactly, with full confidence
OCCUPATION_STRENGTH = 0.6  # a named occupation the programme prepares for
NARROW = 0.5  # the same narrow field (3 digits)
MINOR_GROUP = 0.5  # the same ISCO-08 minor group (3 digits)
MAX_RESULTS = 10


@dataclass(frozen=True, slots=True)
class Offer:
    """A programme as the scoring sees it."""

    key: Any  # the caller's handle (a programme id)
    isced_f: str
    occupations: tuple[str, ...] = ()


def _field_match(need: str, offered: str) -> float:
    if not need or not offered:
        return 0.0
    if need == offered:
        return 1.0
    if need[:3] == offered[:3]:
        return NARROW
    return 0.0


def score_offer(
    offer: Offer, fields: Sequence[tuple[str, float]], occupations: Sequence[tuple[str, float]]
) -> tuple[float, list[dict[str, Any]]]:
    """The offer's score for a need read as ``fields`` and ``occupations`` (code, confidence),
    and the reasons: the best field match and each occupation it prepares for."""
    reasons: list[dict[str, Any]] = []
    best_field, field_reason = 0.0, None
    for code, confidence in fields:
        share = _field_match(code, offer.isced_f)
        if share * confidence > best_field:
            best_field = share * confidence
            field_reason = {
                "kind": "field",
                "need_field": code,
                "programme_field": offer.isced_f,
                "match": "same" if share == 1.0 else "narrow",
                "weight": round(FIELD_STRENGTH * best_field, 3),
            }
    if field_reason:
        reasons.append(field_reason)
    miss = 1 - FIELD_STRENGTH * best_field
    # Each occupation the programme prepares for counts once: for the need's occupation it is
    # (first), else for the need's occupation it is a neighbour of (the same minor group).
    credited: set[str] = set()
    for code, confidence in occupations:
        if code in offer.occupations and code not in credited:
            credited.add(code)
            w = OCCUPATION_STRENGTH * confidence
            miss *= 1 - w
            reasons.append(
                {
                    "kind": "occupation",
                    "need_occupation": code,
                    "programme_occupations": [code],
                    "match": "same",
                    "weight": round(w, 3),
                }
            )
    for code, confidence in occupations:
        related = sorted(
            c for c in offer.occupations if c[:3] == code[:3] and c != code and c not in credited
        )
        if not related or code in offer.occupations:
            continue
        credited.update(related)
        w = OCCUPATION_STRENGTH * MINOR_GROUP * confidence
        miss *= 1 - w
        reasons.append(
            {
                "kind": "occupation",
                "need_occupation": code,
                "programme_occupations": related,
                "match": "minor_group",
                "weight": round(w, 3),
            }
        )
    return 1 - miss, reasons


def rank_offers(
    reading: Mapping[str, Any], offers: Iterable[Offer], limit: int = MAX_RESULTS
) -> list[tuple[Offer, float, list[dict[str, Any]]]]:
    """Offers for a need, best first (ties in the order given), from the classifier's reading
    of it (``Classifier.classify`` output: ``fields`` and ``occupations`` with scores)."""
    fields = [(f["isced_f"], float(f["score"])) for f in reading.get("fields", [])]
    occupations = [(o["isco08"], float(o["score"])) for o in reading.get("occupations", [])]
    if fields:
        # Confidence relative to the need's best field, so a tersely worded need still ranks
        # its field first; but a reading weaker than 0.5 says less, so a need the classifier
        # barely understands cannot score a programme high.
        top = max(s for _c, s in fields) or 1.0
        fields = [(c, s / top * min(1.0, top + 0.5)) for c, s in fields]
    scored = []
    for i, offer in enumerate(offers):
        score, reasons = score_offer(offer, fields, occupations)
        scored.append((-round(score, 6), i, offer, score, reasons))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [(offer, score, reasons) for _s, _i, offer, score, reasons in scored[:limit]]
