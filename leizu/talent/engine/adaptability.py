"""Adaptability (专业群与产业链适配度): how much of an occupation's skill profile a programme
group's learning outcomes cover. Pure Python + numpy over the taxonomy.

An occupation's profile is the weighted skills of its concepts (the highest weight where two
concepts of one ISCO-08 unit group name the same skill). A group covers a skill when one of its
confirmed learning outcomes is linked to it. Coverage of occupation O by group G is

    coverage(G, O) = Σ weight_O(s) over skills s covered by G  /  Σ weight_O(s) over all s

so it is 1 when the group covers every skill of the profile, 0 when it covers none, and adding
a covered skill never lowers it. All groups × all occupations is one matrix product.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .taxonomy import Taxonomy


@dataclass(frozen=True)
class Profiles:
    """Occupations × skills weights (rows sum to each occupation's total weight)."""

    occupations: list[str]  # ISCO-08 codes, row order
    skills: list[str]  # skill ids, column order
    weights: np.ndarray  # float64, occupations × skills

    def row(self, occupation: str) -> dict[str, float]:
        i = self.occupations.index(occupation)
        return {self.skills[j]: float(w) for j, w in enumerate(self.weights[i]) if w > 0}


def occupation_profiles(tax: Taxonomy) -> Profiles:
    skills = [s.id for s in tax.skills]
    col = {s: j for j, s in enumerate(skills)}
    merged: dict[str, dict[str, float]] = {}
    for c in tax.concepts:
        if not c.skills:
            continue
        row = merged.setdefault(c.isco08, {})
        for sid, w in c.skills.items():
            if sid in col and w > row.get(sid, 0.0):
                row[sid] = w
    occupations = sorted(merged)
    weights = np.zeros((len(occupations), len(skills)), dtype=np.float64)
    for i, code in enumerate(occupations):
        for sid, w in merged[code].items():
            weights[i, col[sid]] = w
    return Profiles(occupations, skills, weights)


def coverage_matrix(
    profiles: Profiles, covered: Sequence[Iterable[str]], occupations: Sequence[str] | None = None
) -> np.ndarray:
    """Coverage of each occupation (rows of ``profiles``, or the ``occupations`` given) by each
    group (``covered``: the skill ids each group covers): groups × occupations, in [0, 1]."""
    col = {s: j for j, s in enumerate(profiles.skills)}
    g = np.zeros((len(covered), len(profiles.skills)), dtype=np.float64)
    for i, skills in enumerate(covered):
        for s in skills:
            j = col.get(s)
            if j is not None:
                g[i, j] = 1.0
    w = profiles.weights
    if occupations is not None:
        index = {o: i for i, o in enumerate(profiles.occupations)}
        rows = [index.get(o) for o in occupations]
        w = (
            np.stack([w[r] if r is not None else np.zeros(w.shape[1]) for r in rows])
            if rows
            else w[:0]
        )
    totals = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = (g @ w.T) / totals
    # Rounded so that a group covering the whole profile reads exactly 1 (the product and the
    # row total add the same weights in different orders).
    return np.round(np.nan_to_num(cov, nan=0.0), 12)


def explain(profile: Mapping[str, float], covered: Iterable[str]) -> tuple[float, list, list]:
    """One group against one occupation: the coverage, the covered skills and the missing ones,
    each as (skill id, weight), heaviest first."""
    have = set(covered)
    total = sum(profile.values())
    hit = sorted(((s, w) for s, w in profile.items() if s in have), key=lambda x: (-x[1], x[0]))
    miss = sorted(
        ((s, w) for s, w in profile.items() if s not in have), key=lambda x: (-x[1], x[0])
    )
    value = (sum(w for _s, w in hit) / total if miss else 1.0) if total else 0.0
    return value, hit, miss
