"""What to co-build for a partner's stated need: the host college's programmes ranked by the
engine's scoring (``talent/engine/recommend.py``) over the classifier's reading of the need,
each with its reasons in words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from leizu.institutions.models import Institution
from leizu.programmes.models import Programme
from leizu.talent.codes import field_label, isco_label
from leizu.talent.engine import get_classifier
from leizu.talent.engine.recommend import Offer, rank_offers

# The interface languages a need's language is answered in.
_UI = {"zh": "zh-hans", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz"}


@dataclass(frozen=True)
class Recommendation:
    programme: Programme
    score: float
    reasons: list[str]
    evidence: list[dict[str, Any]]


def host_programmes() -> list[Programme]:
    """The host college's programmes (the offers recommendations are made from)."""
    return list(
        Programme.objects.filter(institution__in=Institution.objects.filter(is_host=True))
        .select_related("catalogue_entry__catalogue", "group")
        .order_by("id")
    )


def _offer(p: Programme) -> Offer:
    return Offer(key=p.pk, isced_f=p.isced_f, occupations=tuple(p.occupations))


def reason_text(reason: dict[str, Any], language: str) -> str:
    """One reason in words in ``language`` (an interface language)."""
    with translation.override(language):
        if reason["kind"] == "field":
            field = field_label(reason["programme_field"], language)
            if reason["match"] == "same":
                return _("Teaches the field the need is in: %(field)s") % {"field": field}
            return _("Teaches a neighbouring field: %(field)s (the need is in %(need)s)") % {
                "field": field,
                "need": field_label(reason["need_field"], language),
            }
        occupation = isco_label(reason["need_occupation"], language)
        if reason["match"] == "same":
            return _("Prepares for the occupation the need names: %(occupation)s") % {
                "occupation": occupation
            }
        return _(
            "Prepares for a related occupation: %(related)s (the need names %(occupation)s)"
        ) % {
            "related": ", ".join(isco_label(c, language) for c in reason["programme_occupations"]),
            "occupation": occupation,
        }


def _recommendations(
    reading: dict[str, Any], programmes: Iterable[Programme], language: str, limit: int
) -> list[Recommendation]:
    """The programmes for a need as the classifier read it, best first, reasons in words."""
    by_key = {p.pk: p for p in programmes}
    ranked = rank_offers(reading, (_offer(p) for p in by_key.values()), limit=limit)
    return [
        Recommendation(
            programme=by_key[offer.key],
            score=score,
            reasons=[reason_text(r, language) for r in reasons],
            evidence=reasons,
        )
        for offer, score, reasons in ranked
    ]


def recommend(
    text: str, lang: str | None, programmes: Iterable[Programme], limit: int = 10
) -> tuple[dict[str, Any], list[Recommendation]]:
    """The classifier's reading of a need and the programmes it recommends, best first."""
    reading = get_classifier().classify(title=text, text="", lang=lang)
    language = _UI.get(reading["lang"], "en")
    return reading, _recommendations(reading, programmes, language, limit)


def recommend_lines(lines: Iterable[str], programmes: list[Programme]) -> Iterator[dict[str, Any]]:
    """``recommend_programmes``: each JSONL need ``{"id", "text", "lang"?, "country"?}`` to
    ``{"id", "programmes": [{"code", "catalogue", "name", "isced_f", "score", "reasons"}]}``."""
    import json

    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            need = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"id": None, "error": f"invalid JSON: {exc}"}
            continue
        if not isinstance(need, dict):
            yield {"id": None, "error": "a line must be a JSON object"}
            continue
        lang = need.get("lang") if isinstance(need.get("lang"), str) else None
        text = " ".join(str(need.get(k) or "") for k in ("title", "text") if need.get(k))
        reading, found = recommend(text, lang or None, programmes)
        language = _UI.get(reading["lang"], "en")
        yield {
            "id": need.get("id"),
            "programmes": [
                {
                    "code": r.programme.catalogue_entry.code
                    if r.programme.catalogue_entry
                    else f"programme-{r.programme.pk}",
                    "catalogue": (
                        f"{r.programme.catalogue_entry.catalogue.classifier}:"
                        f"{r.programme.catalogue_entry.catalogue.edition}"
                    )
                    if r.programme.catalogue_entry
                    else "",
                    "name": r.programme.name.localize(language),
                    "isced_f": r.programme.isced_f,
                    "score": round(r.score, 3),
                    "reasons": r.reasons,
                }
                for r in found
            ],
        }


def need_reading(need: Any) -> dict[str, Any]:
    """The classifier's reading of a stated need; a field or occupation the need states
    outright comes first with full confidence."""
    lang = (need.language or "").split("-")[0] or None
    reading = get_classifier().classify(title=need.occupation, text=need.note or "", lang=lang)
    if need.isced_f:
        reading["fields"] = [{"isced_f": need.isced_f, "score": 1.0}] + [
            f for f in reading["fields"] if f["isced_f"] != need.isced_f
        ]
    if need.isco08:
        reading["occupations"] = [{"isco08": need.isco08, "score": 1.0}] + [
            o for o in reading["occupations"] if o["isco08"] != need.isco08
        ]
    return reading


def recommend_for_need(
    need: Any, programmes: list[Programme], language: str, limit: int = 5
) -> tuple[dict[str, Any], list[Recommendation]]:
    """The host's programmes for one stated need, reasons in ``language``."""
    reading = need_reading(need)
    return reading, _recommendations(reading, programmes, language, limit)
