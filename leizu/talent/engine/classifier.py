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
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import normalise as nm
from .index import ALIAS, ROLE_HEADS_ZH, SKILL, Entry, TaxonomyIndex
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


@dataclass(slots=True)
class _Match:
    where: str  # "title" | "text"
    start: int  # token indices (content tokens), end exclusive
    end: int
    entries: tuple[Entry, ...]
    ntok: int
    positions: frozenset[int] = frozenset()  # the tokens matched (a bag match has gaps)
    stage: str = "exact"

    def __post_init__(self) -> None:
        if not self.positions:
            self.positions = frozenset(range(self.start, self.end))


@dataclass(slots=True)
class _Posting:
    """One posting on its way through the stages."""

    title: str
    lang: str
    t_tokens: list[nm.Token]
    x_tokens: list[nm.Token]
    evidence: dict[int, list[dict[str, Any]]]
    t_matches: list[_Match] = field(default_factory=list)
    x_matches: list[_Match] = field(default_factory=list)


class Classifier:
    """A ready-to-use classifier. Build once per process; :meth:`classify` is pure."""

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
        self._profile_norm = np.maximum(prof.sum(axis=1), SKILL_PROFILE_MIN)

    # --- public ---------------------------------------------------------------------------

    def classify(self, title: str = "", text: str = "", lang: str | None = None) -> dict[str, Any]:
        """Classify one posting. Returns the output record without the id (see cli)."""
        # Title and text are prepared together (one language for both); the title's own
        # line breaks are flattened so the first one left is the boundary.
        title = " ".join((title or "").split())
        joined, plang, script = nm.prepare(f"{title}\n{text or ''}", lang)
        cut = joined.find("\n")
        seg = self.index.segment
        p = _Posting(
            title=title,
            lang=plang,
            t_tokens=self._content(nm.analyse(joined[:cut], plang, seg)),
            x_tokens=self._content(nm.analyse(joined[cut + 1 :], plang, seg)),
            evidence=defaultdict(list),
        )
        p.t_matches = self._matches(p.t_tokens, "title")
        p.x_matches = self._matches(p.x_tokens, "text")

        title_ev, whole_title, title_aliases = self._title_aliases(p)
        text_ev = self._text_aliases(p)
        ngram_ev = self._ngram(p, title_ev)
        skills_found, outer = self._skills(p)
        skill_ev = self._skill_evidence(skills_found)
        head_ev = self._role_heads(p)

        # Combine: the title's own word (exact or approximate) and independent hints. When an
        # alias is the whole title, labels that merely resemble it cannot outrank it
        # ("Механик" is not "техник-механик").
        if whole_title:
            ngram_ev = np.minimum(ngram_ev, 0.9 * whole_title)
        title_best = np.maximum(title_ev, ngram_ev)
        if (
            p.t_tokens
            and all(t.key in self.index.generic_title_keys for t in p.t_tokens)
            and not any(len(m.positions) > 1 for m in title_aliases)
        ):
            # A title that is only a role word ("Инженер", "Manager", 操作工) says what kind
            # of job, not which one: the text has to decide.
            title_best = np.minimum(title_best, GENERIC_TITLE_CAP)
        score = 1 - (1 - title_best) * (1 - text_ev) * (1 - skill_ev) * (1 - head_ev)

        return self._result(score, skill_ev, skills_found, outer, p.evidence, plang, script)

    # --- stages ---------------------------------------------------------------------------

    def _title_aliases(self, p: _Posting) -> tuple[np.ndarray, float, list[_Match]]:
        """Stage 1: aliases in the title, contiguous or as a bag of words. Returns the
        evidence per concept, the best score of an alias that is the whole title, and the
        matches."""
        title_ev = np.zeros(len(self.tax.concepts))
        toks = p.t_tokens
        content_words = len(toks) or 1
        title_aliases = [m for m in p.t_matches if _has(m, ALIAS)] + self._bag_matches(toks)
        whole_title = 0.0
        for m in _maximal(title_aliases):
            covered = len(m.positions)
            # A title that is only the alias is certain; an alias covering a third of a long
            # title ("электромонтер" in "электромонтер по ремонту кабельных линий") leaves room
            # for a label matching the whole title approximately.
            coverage = 0.55 + 0.45 * min(1.0, covered / content_words)
            for e in m.entries:
                if e.kind != ALIAS:
                    continue
                lab = self.tax.labels[e.ref]
                s = lab.weight * coverage * (BAG_FACTOR if m.stage == "bag" else 1.0)
                if s > title_ev[lab.concept]:
                    title_ev[lab.concept] = s
                if covered >= content_words:
                    whole_title = max(whole_title, s)
                p.evidence[lab.concept].append(
                    self._ev(m.stage, "title", toks, m, lab.text, lab.lang, s)
                )
        return title_ev, whole_title, title_aliases

    def _text_aliases(self, p: _Posting) -> np.ndarray:
        """Stage 1b: aliases in the body; repeated mentions add up with diminishing returns."""
        miss = np.ones(len(self.tax.concepts))
        seen: dict[int, int] = defaultdict(int)
        for m in _maximal([m for m in p.x_matches if _has(m, ALIAS)]):
            for e in m.entries:
                if e.kind != ALIAS:
                    continue
                lab = self.tax.labels[e.ref]
                if seen[lab.concept] >= 3:
                    continue
                # Each further mention counts half as much as the one before.
                s = TEXT_ALIAS_STRENGTH * lab.weight * 0.5 ** seen[lab.concept]
                seen[lab.concept] += 1
                miss[lab.concept] *= 1 - s
                if seen[lab.concept] == 1:
                    p.evidence[lab.concept].append(
                        self._ev("exact", "text", p.x_tokens, m, lab.text, lab.lang, s)
                    )
        return 1 - miss

    def _ngram(self, p: _Posting, title_ev: np.ndarray) -> np.ndarray:
        """Stage 2: character n-gram similarity of the title to every label."""
        ngram_ev = np.zeros(len(self.tax.concepts))
        feats = self.index.grams(p.t_tokens)
        if not feats:
            return ngram_ev
        cos, contained = self.index.ngram.query(feats)
        # Similar and covering: a one-word title ("Мастер") shares most of its grams with
        # "мастер цеха" but leaves half of that label unsaid, so it must not score as if it
        # had named it. Only labels above the floor matter (the covering factor is at most
        # 1); selecting them first keeps the arithmetic and the sort small, the order stable.
        cand = np.flatnonzero(cos > NGRAM_FLOOR)
        sims = cos[cand] * contained[cand] ** 0.25
        order = np.argsort(-sims, kind="stable")[:TOP_LABELS]
        for di, sim in zip(cand[order].tolist(), sims[order].tolist(), strict=True):
            if sim <= NGRAM_FLOOR:
                break
            lab = self.tax.labels[int(self.index.fuzzy_label[di])]
            # Concave in the similarity: 0.6 already says "probably this label".
            s = NGRAM_STRENGTH * lab.weight * ((sim - NGRAM_FLOOR) / (1 - NGRAM_FLOOR)) ** 0.7
            if s > ngram_ev[lab.concept] + 1e-12:
                first = ngram_ev[lab.concept] == 0.0
                ngram_ev[lab.concept] = s
                if first and s > title_ev[lab.concept]:
                    p.evidence[lab.concept].append(
                        {
                            "stage": "ngram",
                            "where": "title",
                            "words": p.title.strip()[:120],
                            "label": lab.text,
                            "label_lang": lab.lang,
                            "similarity": round(sim, 3),
                        }
                    )
        return ngram_ev

    def _skills(self, p: _Posting) -> tuple[dict[int, list[str]], set[int]]:
        """Stage 3: skills and industry terms found, and which of them are not part of a
        longer term. A term inside a longer one ("станки" in "ткацкие станки") still counts
        for skill profiles but does not vote for the industry."""
        skills_found: dict[int, list[str]] = {}
        outer: set[int] = set()
        for group in (p.t_matches, p.x_matches):
            with_skill = [m for m in group if _has(m, SKILL)]
            maximal = {id(m) for m in _maximal(with_skill)}
            for m in with_skill:
                toks = p.t_tokens if m.where == "title" else p.x_tokens
                for e in m.entries:
                    if e.kind != SKILL:
                        continue
                    if id(m) in maximal:
                        outer.add(e.ref)
                    if e.ref not in skills_found:
                        skills_found[e.ref] = [_surface(toks, m)]
        return skills_found, outer

    def _skill_evidence(self, skills_found: Mapping[int, list[str]]) -> np.ndarray:
        """How much of each concept's skill profile the posting covers."""
        svec = np.zeros(self._profile.shape[1])
        for si in skills_found:
            svec[si] = 1.0
        skill_ev = (self._profile @ svec) / self._profile_norm
        return np.minimum(skill_ev, 1.0) * SKILL_STRENGTH

    def _role_heads(self, p: _Posting) -> np.ndarray:
        """Stage 4: the title's role head (operator, technologist, engineer…)."""
        head_ev = np.zeros(len(self.tax.concepts))
        heads = self.index.heads
        for t in p.t_tokens:
            hit = heads.get(t.key)
            if hit is None and p.lang == "zh":
                for h in ROLE_HEADS_ZH:
                    if t.key.endswith(h):
                        hit = heads.get(h)
                        break
            if hit is not None:
                head_ev[hit] = HEAD_STRENGTH
        return head_ev

    # --- helpers --------------------------------------------------------------------------

    def _content(self, tokens: tuple[nm.Token, ...]) -> list[nm.Token]:
        stop = self.index.stopwords
        return [t for t in tokens if t.key not in stop and not t.key.isdigit()]

    def _bag_matches(self, tokens: list[nm.Token]) -> list[_Match]:
        """Multi-word aliases whose words all occur in the title but not side by side."""
        first: dict[str, int] = {}
        for i, t in enumerate(tokens):
            first.setdefault(t.key, i)
        if len(first) < 2:
            return []
        present = first.keys()
        out: list[_Match] = []
        for key in present:
            for words, pattern, entries in self.index.bag.get(key, ()):
                if words <= present:
                    pos = frozenset(first[w] for w in words)
                    if _as_written(tokens, pos, pattern):
                        continue  # the automaton has found it already
                    # One name, not words that happen to share a title: side by side in
                    # any order ("КИПиА слесарь"), or in the alias's order with one word
                    # between ("оператор ткацких и вязальных машин").
                    span = max(pos) - min(pos) + 1
                    in_order = " ".join(tokens[i].key for i in sorted(pos)) == pattern.strip()
                    if span > len(pos) + (1 if in_order else 0):
                        continue
                    out.append(
                        _Match("title", min(pos), max(pos) + 1, entries, len(pos), pos, "bag")
                    )
        return out

    def _matches(self, tokens: list[nm.Token], where: str) -> list[_Match]:
        if not tokens:
            return []
        keys = nm.key_string(tokens)
        # Token i's key starts at starts[i] in the key string.
        starts: list[int] = []
        pos = 1
        for t in tokens:
            starts.append(pos)
            pos += len(t.key) + 1
        out: list[_Match] = []
        for end, (length, entries) in self.index.automaton.iter(keys):
            begin = end - length + 1  # index of the leading space
            ti = bisect_right(starts, begin + 1) - 1
            ntok = entries[0].ntok
            out.append(_Match(where, ti, ti + ntok, entries, ntok))
        return out

    def _ev(
        self,
        stage: str,
        where: str,
        tokens: list[nm.Token],
        m: _Match,
        label: str,
        label_lang: str,
        weight: float,
    ) -> dict[str, Any]:
        return {
            "stage": stage,
            "where": where,
            "words": _surface(tokens, m),
            "label": label,
            "label_lang": label_lang,
            "weight": round(weight, 3),
        }

    def _result(
        self,
        score: np.ndarray,
        skill_ev: np.ndarray,
        skills_found: Mapping[int, list[str]],
        outer: set[int],
        evidence: Mapping[int, list[dict[str, Any]]],
        lang: str,
        script: str,
    ) -> dict[str, Any]:
        tax = self.tax
        order = np.argsort(-score, kind="stable")
        occ: dict[str, float] = {}
        best_concept: dict[str, int] = {}
        field_score: dict[str, float] = {}
        ctx = self._context_fields([si for si in skills_found if si in outer])
        floor = max(MIN_SCORE, RELATIVE_FLOOR * float(score[order[0]])) if len(order) else 1.0
        for ci in order[:MAX_CONCEPTS].tolist():
            s = float(score[ci])
            if s < floor:
                break
            c = tax.concepts[ci]
            for code, cs in [(c.isco08, s)] + [(a, s * ALT_FACTOR) for a in c.alt]:
                if cs > occ.get(code, 0.0):
                    occ[code] = cs
                    best_concept.setdefault(code, int(ci))
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
            for item in evidence.get(ci, []):
                key = (item["stage"], item["where"], item["label"])
                if key in seen_ev or len(seen_ev) >= 4:
                    continue
                seen_ev.add(key)
                ev_out.append({"isco08": code, "concept": c.id, **item})
            contributing = [si for si in skills_found if self._profile[ci, si] > 0]
            if contributing:
                ev_out.append(
                    {
                        "isco08": code,
                        "concept": c.id,
                        "stage": "skill",
                        "where": "title+text",
                        "skills": [tax.skills[si].id for si in sorted(contributing)],
                        "weight": round(float(skill_ev[ci]), 3),
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


def _has(m: _Match, kind: int) -> bool:
    return any(e.kind == kind for e in m.entries)


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


def _as_written(tokens: list[nm.Token], pos: frozenset[int], pattern: str) -> bool:
    """Whether the tokens at ``pos`` are side by side and in the alias's own order."""
    if max(pos) - min(pos) + 1 != len(pos):
        return False
    return nm.key_string([tokens[i] for i in sorted(pos)]) == pattern


def _surface(tokens: list[nm.Token], m: _Match) -> str:
    return " ".join(tokens[i].surface for i in sorted(m.positions))


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
