"""Classify a posting (title + text) to ISCO-08 unit groups and ISCED-F 2013 fields.

Stages, each leaving evidence:

1. ``exact``: taxonomy aliases found in the normalised, stemmed title and text (Aho–Corasick
   over whole tokens). Where one alias lies inside a longer one ("мастер" in "помощник
   мастера"), only the longer counts. ``bag``: a multi-word alias whose words all occur in the
   title in another order or with words between them ("КИПиА слесарь").
2. ``ngram``: character n-gram cosine similarity of the title against every label, for titles
   that are misspelt, differently inflected or worded ("швейный оператор").
3. ``skill``: skill and industry terms anywhere in the posting, scored against each
   occupation's skill profile; they decide between candidates and set industry-dependent fields.
4. role head: the title's head word (оператор, технолог, инженер, 挡车工…) as weak evidence for
   the occupations named with it, so skills can decide among them when the rest is unknown.

Scores combine as independent evidence (noisy-or), so a title naming an occupation outright
scores near 1, a posting that only shares a few skills stays low, and text with nothing known
in it scores ~0: an unknown posting gets a low score, not a confident wrong answer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import normalise as nm
from .index import ALIAS, ROLE_HEADS_ZH, SKILL, Entry, TaxonomyIndex, grams_of_keys
from .taxonomy import Taxonomy, load_taxonomy

MAX_RESULTS = 5
MAX_CONCEPTS = 16  # concepts looked at when ranking unit groups and fields
MIN_SCORE = 0.01  # below this a concept is not reported at all
RELATIVE_FLOOR = 0.1  # nor below this share of the best concept's score
TOP_LABELS = 48  # n-gram label candidates kept per title

# How much each kind of evidence can say on its own (see combine in classify).
TEXT_ALIAS_STRENGTH = 0.45  # an alias found in the body, not the title
SKILL_STRENGTH = 0.45  # full coverage of a skill profile
NGRAM_FLOOR = 0.3  # cosine below this is noise between unrelated labels
NGRAM_STRENGTH = 0.85
HEAD_STRENGTH = 0.15  # the title's role head alone ("оператор") is weak evidence
GENERIC_TITLE_CAP = 0.3  # most a bare role word as title can say on its own
BAG_FACTOR = 0.9  # alias words all in the title, but apart or reordered
ALT_FACTOR = 0.8  # an alternative unit group of a concept ranks just below its main one
SKILL_PROFILE_MIN = 2.5  # a profile of one or two skills must not be "fully covered" by one hit
CONTEXT_MIN_VOTES = 1.5  # industry votes needed before the posting's industry sets the field


class _Match:
    """A taxonomy key found in the title or the text: tokens ``start``..``end`` (content
    tokens, end exclusive), or the word positions of a bag match (which has gaps)."""

    __slots__ = (
        "_positions",
        "alias",
        "end",
        "entries",
        "ntok",
        "skill",
        "stage",
        "start",
        "where",
    )

    def __init__(
        self,
        where: str,
        start: int,
        end: int,
        entries: tuple[Entry, ...],
        ntok: int,
        positions: frozenset[int] | None = None,
        stage: str = "exact",
        alias: bool = True,
        skill: bool = False,
    ) -> None:
        self.where = where  # "title" | "text"
        self.start = start
        self.end = end
        self.entries = entries
        self.ntok = ntok
        self._positions = positions
        self.stage = stage
        self.alias = alias  # some entry is an occupation alias
        self.skill = skill  # some entry is a skill

    @property
    def positions(self) -> frozenset[int]:
        if self._positions is None:
            self._positions = frozenset(range(self.start, self.end))
        return self._positions


@dataclass(slots=True)
class _Posting:
    """One posting on its way through the stages: the content words of its title and text,
    as written (surfaces) and as match keys."""

    title: str
    lang: str
    t_surf: list[str]
    t_keys: list[str]
    x_surf: list[str]
    x_keys: list[str]
    evidence: dict[int, list[tuple[Any, ...]]]  # concept → evidence, see _ev_record
    t_matches: list[_Match] = field(default_factory=list)
    x_matches: list[_Match] = field(default_factory=list)


Scores = dict[int, float]  # concept index → evidence; a concept not in it has none


class Classifier:
    """A ready-to-use classifier. Build once per process; :meth:`classify` is pure.

    Evidence is kept sparse (concept → score for the few concepts a posting touches), so the
    cost of a posting follows what is found in it, not the size of the taxonomy.
    """

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.tax = taxonomy or load_taxonomy()
        self.index = TaxonomyIndex(self.tax)
        tax = self.tax
        n = len(tax.concepts)
        self._skill_pos = {s.id: i for i, s in enumerate(tax.skills)}
        # Skill profile matrix: concepts × skills, and each profile's total weight.
        prof = np.zeros((n, max(len(tax.skills), 1)), dtype=np.float64)
        for ci, c in enumerate(tax.concepts):
            for sid, w in c.skills.items():
                if sid in self._skill_pos:
                    prof[ci, self._skill_pos[sid]] = w
        self._profile = prof
        self._static_shares = [list(self._field_dist(c, {}).items()) for c in tax.concepts]
        self._profile_norm = np.maximum(prof.sum(axis=1), SKILL_PROFILE_MIN).tolist()
        # The same profiles by skill: the concepts each skill counts for, with its weight.
        self._concept_skills = [frozenset(np.flatnonzero(row > 0).tolist()) for row in prof]
        self._by_skill: list[list[tuple[int, float]]] = [
            [(int(ci), float(prof[ci, si])) for ci in np.flatnonzero(prof[:, si])]
            for si in range(prof.shape[1])
        ]

    # --- public ---------------------------------------------------------------------------

    def classify(self, title: str = "", text: str = "", lang: str | None = None) -> dict[str, Any]:
        """Classify one posting. Returns the output record without the id (see cli)."""
        # Title and text are prepared together (one language for both); the title's own
        # line breaks are flattened so the first one left is the boundary.
        title = " ".join((title or "").split())
        joined, plang, script = nm.prepare(f"{title}\n{text or ''}", lang)
        cut = joined.find("\n")
        content = self.index.content
        t_surf, t_keys = content(joined[:cut], plang)
        x_surf, x_keys = content(joined[cut + 1 :], plang)
        p = _Posting(title, plang, t_surf, t_keys, x_surf, x_keys, defaultdict(list))
        p.t_matches = self._matches(t_keys, "title")
        p.x_matches = self._matches(x_keys, "text")

        title_ev, whole_title, title_aliases = self._title_aliases(p)
        text_ev = self._text_aliases(p)
        ngram_ev = self._ngram(p, title_ev)
        skills_found, outer = self._skills(p)
        skill_ev = self._skill_evidence(skills_found)
        head_ev = self._role_heads(p)

        # Combine: the title's own word (exact or approximate) and independent hints. When an
        # alias is the whole title, labels that merely resemble it cannot outrank it
        # ("Механик" is not "техник-механик").
        ngram_cap = 0.9 * whole_title if whole_title else None
        # A title that is only a role word ("Инженер", "Manager", 操作工) says what kind of
        # job, not which one: the text has to decide.
        generic = (
            bool(t_keys)
            and all(k in self.index.generic_title_keys for k in t_keys)
            and not any(len(m.positions) > 1 for m in title_aliases)
        )
        score: Scores = {}
        for ci in {**title_ev, **ngram_ev, **text_ev, **skill_ev, **head_ev}:
            ng = ngram_ev.get(ci, 0.0)
            if ngram_cap is not None:
                ng = min(ng, ngram_cap)
            title_best = max(title_ev.get(ci, 0.0), ng)
            if generic:
                title_best = min(title_best, GENERIC_TITLE_CAP)
            score[ci] = 1 - (1 - title_best) * (1 - text_ev.get(ci, 0.0)) * (
                1 - skill_ev.get(ci, 0.0)
            ) * (1 - head_ev.get(ci, 0.0))

        return self._result(score, skill_ev, skills_found, outer, p.evidence, plang, script)

    # --- stages ---------------------------------------------------------------------------

    def _title_aliases(self, p: _Posting) -> tuple[Scores, float, list[_Match]]:
        """Stage 1: aliases in the title, contiguous or as a bag of words. Returns the
        evidence per concept, the best score of an alias that is the whole title, and the
        matches."""
        title_ev: Scores = {}
        content_words = len(p.t_keys) or 1
        title_aliases = [m for m in p.t_matches if m.alias] + self._bag_matches(p.t_keys)
        whole_title = 0.0
        labels = self.tax.labels
        for m in _maximal(title_aliases):
            covered = len(m.positions)
            # A title that is only the alias is certain; an alias covering a third of a long
            # title ("электромонтер" in "электромонтер по ремонту кабельных линий") leaves room
            # for a label matching the whole title approximately.
            coverage = 0.55 + 0.45 * min(1.0, covered / content_words)
            for e in m.entries:
                if e.kind != ALIAS:
                    continue
                lab = labels[e.ref]
                s = lab.weight * coverage * (BAG_FACTOR if m.stage == "bag" else 1.0)
                if s > title_ev.get(lab.concept, 0.0):
                    title_ev[lab.concept] = s
                if covered >= content_words:
                    whole_title = max(whole_title, s)
                p.evidence[lab.concept].append((m.stage, "title", p.t_surf, m, lab, s))
        return title_ev, whole_title, title_aliases

    def _text_aliases(self, p: _Posting) -> Scores:
        """Stage 1b: aliases in the body; repeated mentions add up with diminishing returns."""
        miss: Scores = {}
        seen: dict[int, int] = {}
        labels = self.tax.labels
        for m in _maximal([m for m in p.x_matches if m.alias]):
            for e in m.entries:
                if e.kind != ALIAS:
                    continue
                lab = labels[e.ref]
                c = lab.concept
                n = seen.get(c, 0)
                if n >= 3:
                    continue
                # Each further mention counts half as much as the one before.
                s = TEXT_ALIAS_STRENGTH * lab.weight * 0.5**n
                seen[c] = n + 1
                miss[c] = miss.get(c, 1.0) * (1 - s)
                if n == 0:
                    p.evidence[c].append(("exact", "text", p.x_surf, m, lab, s))
        return {c: 1 - v for c, v in miss.items()}

    def _ngram(self, p: _Posting, title_ev: Scores) -> Scores:
        """Stage 2: character n-gram similarity of the title to every label."""
        ngram_ev: Scores = {}
        feats = grams_of_keys(p.t_keys)
        if not feats:
            return ngram_ev
        index = self.index
        cos, contained = index.ngram.query(feats)
        # Similar and covering: a one-word title ("Мастер") shares most of its grams with
        # "мастер цеха" but leaves half of that label unsaid, so it must not score as if it
        # had named it. Only labels above the floor matter (the covering factor is at most
        # 1); selecting them first keeps the arithmetic and the sort small, the order stable.
        cand = np.flatnonzero(cos > NGRAM_FLOOR)
        if not len(cand):
            return ngram_ev
        sims = cos[cand] * contained[cand] ** 0.25
        order = np.argsort(-sims, kind="stable")[:TOP_LABELS]
        sims = sims[order]
        top = cand[order][sims > NGRAM_FLOOR]  # sorted best first: the labels above the floor
        sims = sims[: len(top)]
        # Concave in the similarity: 0.6 already says "probably this label".
        strength = (
            NGRAM_STRENGTH
            * index.fuzzy_weight[top]
            * ((sims - NGRAM_FLOOR) / (1 - NGRAM_FLOOR)) ** 0.7
        )
        concepts = index.fuzzy_concept[top].tolist()
        for k, s in enumerate(strength.tolist()):
            ci = concepts[k]
            cur = ngram_ev.get(ci, 0.0)
            if s > cur + 1e-12:
                ngram_ev[ci] = s
                if cur == 0.0 and s > title_ev.get(ci, 0.0):
                    lab = self.tax.labels[int(index.fuzzy_label[top[k]])]
                    p.evidence[ci].append(("ngram", p.title, lab, float(sims[k])))
        return ngram_ev

    def _skills(self, p: _Posting) -> tuple[dict[int, list[str]], set[int]]:
        """Stage 3: skills and industry terms found, and which of them are not part of a
        longer term. A term inside a longer one ("станки" in "ткацкие станки") still counts
        for skill profiles but does not vote for the industry."""
        skills_found: dict[int, list[str]] = {}
        outer: set[int] = set()
        for group, surf in ((p.t_matches, p.t_surf), (p.x_matches, p.x_surf)):
            with_skill = [m for m in group if m.skill]
            if not with_skill:
                continue
            maximal = {id(m) for m in _maximal(with_skill)}
            for m in with_skill:
                for e in m.entries:
                    if e.kind != SKILL:
                        continue
                    if id(m) in maximal:
                        outer.add(e.ref)
                    if e.ref not in skills_found:
                        skills_found[e.ref] = [_surface(surf, m)]
        return skills_found, outer

    def _skill_evidence(self, skills_found: Mapping[int, list[str]]) -> Scores:
        """How much of each concept's skill profile the posting covers."""
        sums: Scores = {}
        for si in sorted(skills_found):
            for ci, w in self._by_skill[si]:
                sums[ci] = sums.get(ci, 0.0) + w
        norm = self._profile_norm
        return {ci: min(v / norm[ci], 1.0) * SKILL_STRENGTH for ci, v in sums.items()}

    def _role_heads(self, p: _Posting) -> Scores:
        """Stage 4: the title's role head (operator, technologist, engineer…)."""
        head_ev: Scores = {}
        heads = self.index.heads_of
        for key in p.t_keys:
            hit = heads.get(key)
            if hit is None and p.lang == "zh":
                for h in ROLE_HEADS_ZH:
                    if key.endswith(h):
                        hit = heads.get(h)
                        break
            if hit is not None:
                for ci in hit:
                    head_ev[ci] = HEAD_STRENGTH
        return head_ev

    # --- helpers --------------------------------------------------------------------------

    def _bag_matches(self, keys: list[str]) -> list[_Match]:
        """Multi-word aliases whose words all occur in the title but not side by side."""
        first: dict[str, int] = {}
        for i, k in enumerate(keys):
            first.setdefault(k, i)
        if len(first) < 2:
            return []
        present = first.keys()
        out: list[_Match] = []
        for key in present:
            for words, pattern, entries in self.index.bag.get(key, ()):
                if words <= present:
                    pos = frozenset(first[w] for w in words)
                    if _as_written(keys, pos, pattern):
                        continue  # the automaton has found it already
                    # One name, not words that happen to share a title: side by side in
                    # any order ("КИПиА слесарь"), or in the alias's order with one word
                    # between ("оператор ткацких и вязальных машин").
                    span = max(pos) - min(pos) + 1
                    in_order = " ".join(keys[i] for i in sorted(pos)) == pattern.strip()
                    if span > len(pos) + (1 if in_order else 0):
                        continue
                    out.append(
                        _Match("title", min(pos), max(pos) + 1, entries, len(pos), pos, "bag")
                    )
        return out

    def _matches(self, keys: list[str], where: str) -> list[_Match]:
        if not keys:
            return []
        line = " " + " ".join(keys) + " "
        out: list[_Match] = []
        for end, (length, entries, ntok, alias, skill) in self.index.automaton.iter(line):
            # Keys hold no spaces: the spaces before the match's leading one count its tokens.
            ti = line.count(" ", 0, end - length + 1)
            out.append(_Match(where, ti, ti + ntok, entries, ntok, None, "exact", alias, skill))
        return out

    @staticmethod
    def _ev_record(ev: tuple[Any, ...]) -> dict[str, Any]:
        """The output form of one piece of evidence, built only for the concepts reported."""
        if ev[0] == "ngram":
            _, title, lab, sim = ev
            return {
                "stage": "ngram",
                "where": "title",
                "words": title.strip()[:120],
                "label": lab.text,
                "label_lang": lab.lang,
                "similarity": round(sim, 3),
            }
        stage, where, surfaces, m, lab, weight = ev
        return {
            "stage": stage,
            "where": where,
            "words": _surface(surfaces, m),
            "label": lab.text,
            "label_lang": lab.lang,
            "weight": round(weight, 3),
        }

    def _result(
        self,
        score: Scores,
        skill_ev: Scores,
        skills_found: Mapping[int, list[str]],
        outer: set[int],
        evidence: Mapping[int, list[tuple[Any, ...]]],
        lang: str,
        script: str,
    ) -> dict[str, Any]:
        tax = self.tax
        # Best first, ties in concept order; concepts without evidence score 0 and never pass
        # the floor, so they need no place in the order.
        order = sorted(sorted(score), key=score.__getitem__, reverse=True)  # stable
        occ: dict[str, float] = {}
        best_concept: dict[str, int] = {}
        field_score: dict[str, float] = {}
        ctx = self._context_fields([si for si in skills_found if si in outer])
        floor = max(MIN_SCORE, RELATIVE_FLOOR * score[order[0]]) if order else 1.0
        for ci in order[:MAX_CONCEPTS]:
            s = score[ci]
            if s < floor:
                break
            c = tax.concepts[ci]
            for code, cs in [(c.isco08, s)] + [(a, s * ALT_FACTOR) for a in c.alt]:
                if cs > occ.get(code, 0.0):
                    occ[code] = cs
                    best_concept.setdefault(code, ci)
            # The concept's most likely field carries its full score, so a weaker concept with
            # a fixed field cannot outrank the field the leading concept points to.
            if ctx and (c.context or len(c.fields) > 1):
                dist = self._field_dist(c, ctx)
                top_share = max(dist.values(), default=1.0) or 1.0
                shares = [(f, v / top_share) for f, v in dist.items()]
            else:
                shares = self._static_shares[ci]
            for f, share in shares:
                if s * share > field_score.get(f, 0.0):
                    field_score[f] = s * share

        occupations = sorted(occ.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_RESULTS]
        fields = sorted(field_score.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_RESULTS]

        ev_out: list[dict[str, Any]] = []
        for code, _ in occupations[:3]:
            ci = best_concept[code]
            c = tax.concepts[ci]
            seen_ev: set[tuple[Any, ...]] = set()
            for ev in evidence.get(ci, []):
                # (stage, where, label) of the evidence; an n-gram one is always on the title
                key = (
                    ("ngram", "title", ev[2].text)
                    if ev[0] == "ngram"
                    else (ev[0], ev[1], ev[4].text)
                )
                if key in seen_ev or len(seen_ev) >= 4:
                    continue
                seen_ev.add(key)
                ev_out.append({"isco08": code, "concept": c.id, **self._ev_record(ev)})
            own = self._concept_skills[ci]
            contributing = [si for si in skills_found if si in own]
            if contributing:
                ev_out.append(
                    {
                        "isco08": code,
                        "concept": c.id,
                        "stage": "skill",
                        "where": "title+text",
                        "skills": [tax.skills[si].id for si in sorted(contributing)],
                        "weight": round(skill_ev.get(ci, 0.0), 3),
                    }
                )
        skills_out = [
            {"skill": tax.skills[si].id, "label": tax.skills[si].name, "words": words[0]}
            for si, words in sorted(skills_found.items())
        ]
        return {
            "lang": lang,
            "script": script,
            "occupations": [{"isco08": k, "score": _round(v)} for k, v in occupations],
            "fields": [{"isced_f": k, "score": _round(v)} for k, v in fields],
            "skills": skills_out,
            "evidence": ev_out,
        }

    def _context_fields(self, skills_found: Iterable[int]) -> dict[str, float]:
        """Industry evidence: how strongly the posting's skills point at each field (0..1)."""
        votes: dict[str, float] = defaultdict(float)
        for si in skills_found:
            skill = self.tax.skills[si]
            for rank, f in enumerate(skill.fields):
                votes[f] += skill.context_weight / (1 + rank)
        if not votes:
            return {}
        # Normalised by at least 1.5 votes: one generic term must not relabel an occupation's
        # field, two agreeing ones may.
        top = max(max(votes.values()), CONTEXT_MIN_VOTES)
        return {f: v / top for f, v in votes.items()}

    @staticmethod
    def _field_dist(c: Any, ctx: Mapping[str, float]) -> dict[str, float]:
        """Field shares of one concept: its defaults ranked 1, 0.8, 0.6…; for an
        industry-dependent concept the posting's industry evidence may outrank them."""
        dist = {f: max(0.4, 1.0 - 0.2 * r) for r, f in enumerate(c.fields)}
        if c.context and ctx:
            out = {f: 0.5 * v for f, v in dist.items()}
            for f, v in ctx.items():
                # A small share of the default breaks ties between equally supported
                # industries in favour of the occupation's usual field.
                out[f] = max(out.get(f, 0.0), 0.95 * v + 0.05 * dist.get(f, 0.0))
            return out
        if len(dist) > 1 and ctx:
            return {f: v * (0.85 + 0.15 * ctx.get(f, 0.0)) for f, v in dist.items()}
        return dist


def _maximal(matches: list[_Match]) -> list[_Match]:
    """Matches whose words are not a strict part of another match's words (the longer alias
    is the more specific: "мастер" inside "помощник мастера")."""
    if any(m.stage == "bag" for m in matches):
        # Titles only, and few matches: compare the word sets directly.
        return [m for m in matches if not any(m.positions < o.positions for o in matches)]
    # Contiguous spans (long texts have many): one sweep in (start, longest first) order. A
    # span is inside another when an earlier span with a different extent reaches as far.
    keep: list[_Match] = []
    reach = -1  # furthest end of the spans already passed with a different extent
    group_end = -1
    group: tuple[int, int] | None = None
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        span = (m.start, m.end)
        if span != group:
            reach = max(reach, group_end)
            group, group_end = span, m.end
        if reach < m.end:
            keep.append(m)
    return keep


def _as_written(keys: list[str], pos: frozenset[int], pattern: str) -> bool:
    """Whether the words at ``pos`` are side by side and in the alias's own order."""
    if max(pos) - min(pos) + 1 != len(pos):
        return False
    return " " + " ".join(keys[i] for i in sorted(pos)) + " " == pattern


def _surface(surfaces: list[str], m: _Match) -> str:
    if m.stage == "exact":
        return " ".join(surfaces[m.start : m.end])
    return " ".join(surfaces[i] for i in sorted(m.positions))


def _round(x: float) -> float:
    return float(math.floor(min(max(x, 0.0), 1.0) * 1000 + 0.5) / 1000)


_DEFAULT: Classifier | None = None


def get_classifier() -> Classifier:
    """The process-wide classifier with the shipped taxonomy (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Classifier()
    return _DEFAULT


def classify_many(
    postings: Iterable[Mapping[str, Any]], classifier: Classifier | None = None
) -> list[dict[str, Any]]:
    """Classify postings ({"id", "title", "text", "lang"}) into output records."""
    clf = classifier or get_classifier()
    out = []
    for p in postings:
        res = clf.classify(p.get("title") or "", p.get("text") or "", p.get("lang") or None)
        out.append({"id": p.get("id"), **res})
    return out
