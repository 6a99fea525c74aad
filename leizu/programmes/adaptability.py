"""Adaptability of an institution's programme groups to occupations (reads for the heatmap and
its explanations), from confirmed skill links of learning outcomes and the engine's occupation
profiles (``talent/engine/adaptability.py``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from leizu.programmes.models import LinkStatus, OutcomeSkill, Programme, ProgrammeGroup
from leizu.talent.engine import get_classifier
from leizu.talent.engine.adaptability import Profiles, coverage_matrix, explain, occupation_profiles


@cache
def profiles() -> Profiles:
    return occupation_profiles(get_classifier().tax)


def skill_names(language: str) -> dict[str, str]:
    """Each taxonomy skill's name in an interface language (its first label there)."""
    lang = "zh" if language.startswith("zh") else language
    out = {}
    for s in get_classifier().tax.skills:
        labels = s.labels.get(lang) or s.labels.get("en") or [s.name]
        out[s.id] = labels[0]
    return out


def covered_skills(groups: list[ProgrammeGroup]) -> dict[int, dict[str, list[int]]]:
    """Per group: each skill its confirmed outcomes cover, with those outcomes' ids (one query)."""
    out: dict[int, dict[str, list[int]]] = {g.pk: defaultdict(list) for g in groups}
    rows = OutcomeSkill.objects.filter(
        status=LinkStatus.CONFIRMED, outcome__course__programme__group__in=groups
    ).values_list("outcome__course__programme__group_id", "skill", "outcome_id")
    for group_id, skill, outcome_id in rows:
        out[group_id][skill].append(outcome_id)
    return out


@dataclass(frozen=True)
class Heatmap:
    groups: list[ProgrammeGroup]
    occupations: list[str]
    values: list[list[float]]  # groups × occupations


def heatmap(*, groups: list[ProgrammeGroup]) -> Heatmap:
    """The groups against the occupations their programmes prepare for (those with a skill
    profile), a constant number of queries however many groups and programmes."""
    prof = profiles()
    wanted: set[str] = set()
    for occupations in Programme.objects.filter(group__in=groups).values_list(
        "occupations", flat=True
    ):
        wanted.update(occupations or [])
    occupations = sorted(o for o in wanted if o in set(prof.occupations))
    covered = covered_skills(groups)
    matrix = coverage_matrix(prof, [list(covered[g.pk]) for g in groups], occupations)
    return Heatmap(groups, occupations, [[round(float(v), 3) for v in row] for row in matrix])


def group_explanation(*, group: ProgrammeGroup, occupation: str) -> dict[str, Any]:
    """Why a group covers an occupation as much as it does: the covered skills with the
    outcomes that cover them, the missing ones, each with its weight in the profile."""
    prof = profiles()
    if occupation not in prof.occupations:
        return {"value": 0.0, "covered": [], "missing": [], "known": False}
    covered = covered_skills([group])[group.pk]
    value, hit, miss = explain(prof.row(occupation), covered)
    return {
        "value": value,
        "covered": [(s, w, covered[s]) for s, w in hit],
        "missing": miss,
        "known": True,
    }


def coverage_by_occupation(*, group: ProgrammeGroup) -> list[tuple[str, float]]:
    """Every occupation with a skill profile, by how much of it the group covers (those it
    covers at all), best first."""
    prof = profiles()
    covered = covered_skills([group])[group.pk]
    row = coverage_matrix(prof, [list(covered)])[0]
    pairs = [(o, round(float(v), 3)) for o, v in zip(prof.occupations, row, strict=True) if v > 0]
    return sorted(pairs, key=lambda x: (-x[1], x[0]))
