"""Indexes built once per process from a taxonomy (about a second, kept in memory, never
written to disk): the exact-alias automaton, the bag-of-words alias index for titles, the
Chinese lexicon for segmentation, the character n-gram index for approximate matching, and
the role-head table."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
import numpy as np

from . import normalise as nm
from .normalise import _CYR, _LAT
from .taxonomy import Taxonomy

ALIAS = 0
SKILL = 1
PIECES_CACHE = 200_000  # words remembered per language (a few tens of MB at most)
_SPLIT = "\x00split"  # cache mark of a word that is several tokens (no key can hold U+0000)

# Stemmers an alias is indexed under. A posting's words are stemmed by the posting's language
# when the scripts agree (see normalise.analyse), so a Cyrillic alias must exist under both the
# Russian and the Kazakh stemmer, a Latin one under English and Uzbek: then a Russian word in a
# Kazakh posting, or an English one in an Uzbek posting, still meets its alias.
_INDEX_LANGS = ("ru", "kk", "en", "uz")

# Official-title parts that are only a head word name no occupation ("… and operators").
GENERIC_HEADS = frozenset(
    nm.stem(w, lang)
    for lang, words in {
        "en": "operators workers technicians professionals associate clerks assistants managers "
        "engineers helpers labourers related others other specialists",
        "ru": "операторы рабочие техники специалисты служащие помощники руководители инженеры "
        "работники другие прочие",
        "kk": "операторлар жұмысшылар техниктер мамандар қызметкерлер басшылар инженерлер",
        "uz": "operatorlar ishchilar texniklar mutaxassislar xodimlar rahbarlar muhandislar",
    }.items()
    for w in words.split()
) | frozenset(["人员", "工人", "操作员", "技术员", "专业人员", "辅助人员", "管理人员", "工程师"])


# Role heads: the word of a job title that says what kind of work it is. A title whose
# specific words are unknown ("Оператор линии крашения") still tells operator from technologist
# from engineer; with the posting's skills that is often enough.
ROLE_HEADS = {
    "ru": "оператор технолог инженер мастер техник механик слесарь наладчик менеджер "
    "специалист электромонтер монтажник сборщик контролер лаборант водитель машинист "
    "аппаратчик преподаватель рабочий дизайнер конструктор программист продавец "
    # the kind of work, when the title says it as a noun ("специалист по ремонту …")
    "ремонт наладка обслуживание",
    "kk": "операторы технологы инженері шебері технигі механигі слесары реттеуші менеджері "
    "маманы құрастырушы бақылаушы жүргізуші жөндеу жөндеуші",
    "uz": "operatori texnologi muhandisi ustasi texnigi mexanigi chilangar sozlovchi menejeri "
    "mutaxassisi yig'uvchi nazoratchisi haydovchi ta'mirlash ta'mirlovchi",
    "en": "operator technologist engineer supervisor technician mechanic fitter setter manager "
    "specialist assembler inspector driver designer tender repair repairer maintenance "
    "maintain",
}
# Words that, alone as a title, name no particular occupation ("Инженер", "Manager", 操作工).
GENERIC_TITLE_WORDS = {
    "ru": "оператор инженер мастер техник специалист менеджер рабочий работник сотрудник "
    "технолог помощник ассистент стажер руководитель начальник",
    "kk": "оператор инженер шебер техник маман менеджер жұмысшы қызметкер технолог көмекші басшы",
    "uz": "operator muhandis usta texnik mutaxassis menejer ishchi xodim texnolog yordamchi rahbar",
    "en": "operator engineer supervisor technician specialist manager worker employee staff "
    "technologist assistant intern head lead",
}
GENERIC_TITLE_WORDS_ZH = frozenset(
    [
        "操作工",
        "操作员",
        "工程师",
        "主管",
        "技术员",
        "专员",
        "经理",
        "工人",
        "员工",
        "助理",
        "工艺员",
        "组长",
    ]
)
ROLE_HEADS_ZH = tuple(
    [
        "操作工",
        "操作员",
        "挡车工",
        "工艺员",
        "工程师",
        "主管",
        "技术员",
        "机修工",
        "维修工",
        "经理",
        "专员",
        "装配工",
        "检验员",
        "司机",
        "设计师",
        "组长",
        "维修",
        "保全",
    ]
)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: int  # ALIAS or SKILL
    ref: int  # label index (ALIAS) or skill index (SKILL)
    ntok: int  # tokens in the pattern


class HanSegmenter:
    """Segmentation of Han runs against the taxonomy's Chinese lexicon.

    Why not a general segmenter: what matters here is that an alias is one token in both the
    alias and the posting, and that a short alias does not match inside a longer word
    (电工 "electrician" inside 机电工程师 "mechatronics engineer"). The lexicon holds every
    Chinese alias, skill label and common domain word; the automaton finds all lexicon words in
    a run (in C), and a small dynamic programme picks the segmentation that leaves the fewest
    characters outside lexicon words and, among those, has the largest sum of squared word
    lengths: long words win even when they start inside another word (工业|机器人运维工程师
    beats 工业机器人|运维工程师), but not by stranding characters (视觉检测|技术员, not
    视|觉|检测技术员; 纺织|工业, not 纺织工|业).
    """

    def __init__(self, words: set[str]) -> None:
        self._auto = ahocorasick.Automaton()
        for w in words:
            if len(w) >= 2:
                self._auto.add_word(w, len(w))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def __call__(self, run: str) -> list[tuple[int, int]]:
        n = len(run)
        # A character left on its own costs more than any sum of squares in the run can gain,
        # so coverage comes first.
        single = -(n * n + 1)
        # Lengths of the lexicon words ending at each position (exclusive end), in the
        # automaton's order. Between two such positions the best score changes by ``single``
        # per character, so the programme only visits positions where a word ends: the same
        # segmentation as a pass over every character, at a fraction of it.
        ending: dict[int, list[int]] = {}
        if not self._empty:
            for end, length in self._auto.iter(run):
                ending.setdefault(end + 1, []).append(length)
        if not ending:
            return [(i, i + 1) for i in range(n)]
        events = sorted(ending)
        best_at: dict[int, int] = {0: 0}
        step_at: dict[int, int] = {}
        done = [0]  # positions whose best is known, ascending (0 and the events)

        def best(j: int) -> int:
            b = best_at.get(j)
            if b is not None:
                return b
            k = done[bisect_right(done, j) - 1]
            return best_at[k] + single * (j - k)

        for i in events:
            bi, si = best(i - 1) + single, 1
            for length in ending[i]:
                cand = best(i - length) + length * length
                if cand > bi or (cand == bi and length > si):
                    bi, si = cand, length
            best_at[i] = bi
            step_at[i] = si
            done.append(i)
        out: list[tuple[int, int]] = []
        i = n
        while i > 0:
            st = step_at.get(i, 1)
            out.append((i - st, i))
            i -= st
        out.reverse()
        return out


def _grams(tokens: tuple[nm.Token, ...] | list[nm.Token]) -> dict[str, float]:
    """Character n-gram features of a token sequence (see :func:`grams_of_keys`)."""
    return grams_of_keys([t.key for t in tokens])


def grams_of_keys(keys: list[str]) -> dict[str, float]:
    """Character n-gram features of a sequence of match keys: trigrams of each padded word,
    unigrams and bigrams of Han words. Per-word grams make the similarity blind to word order,
    which varies freely between ru/kk/uz titles for the same job."""
    feats: dict[str, float] = defaultdict(float)
    for k in keys:
        if not k or k.isdigit():
            continue
        if "\u3400" <= k[0] <= "\u9fff":
            for ch in k:
                feats[ch] += 0.5
            for i in range(len(k) - 1):
                feats[k[i : i + 2]] += 1.0
        else:
            p = f" {k} "
            for i in range(len(p) - 2):
                feats[p[i : i + 3]] += 1.0
    return feats


class NgramIndex:
    """tf-idf weighted character n-gram vectors of labels in an inverted index (CSR arrays).

    A query is scored against every label sharing a gram by one ``np.bincount`` over the
    concatenated posting lists: exact cosine similarity, with cost proportional to the postings
    touched rather than to the number of labels.
    """

    def __init__(self, docs: list[dict[str, float]]) -> None:
        df: dict[str, int] = defaultdict(int)
        for d in docs:
            for g in d:
                df[g] += 1
        n = max(len(docs), 1)
        self.idf = {g: math.log(1 + n / c) for g, c in df.items()}
        self.gram_id = {g: i for i, g in enumerate(sorted(df))}
        postings: list[list[tuple[int, float]]] = [[] for _ in self.gram_id]
        for di, d in enumerate(docs):
            vec = {g: (1 + math.log(tf)) * self.idf[g] for g, tf in d.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for g, v in vec.items():
                postings[self.gram_id[g]].append((di, v / norm))
        # One array per gram, so a query concatenates its grams' lists without slicing.
        self._docs = [np.array([d for d, _ in p], dtype=np.int32) for p in postings]
        self._weights = [np.array([w for _, w in p], dtype=np.float32) for p in postings]
        self._weights2 = [w * w for w in self._weights]
        self._lens = [len(p) for p in postings]
        self.ndocs = len(docs)

    def query(self, feats: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarity of the query to every label, and how much of each label's own
        (unit-norm) weight the query contains (dense vectors, zeros mostly)."""
        ids: list[int] = []
        qw: list[float] = []
        # The query norm counts unseen grams too: a title full of words no label has is far
        # from every label, not close to the few it shares a gram with.
        sq = 0.0
        gram_id, idf = self.gram_id, self.idf
        for g, tf in feats.items():
            gi = gram_id.get(g)
            if gi is None:
                sq += ((1 + math.log(tf)) * 8.0) ** 2
                continue
            w = (1 + math.log(tf)) * idf[g]
            sq += w**2
            ids.append(gi)
            qw.append(w)
        if not ids:
            zeros = np.zeros(self.ndocs, dtype=np.float64)
            return zeros, zeros
        norm = math.sqrt(sq)
        docs = np.concatenate([self._docs[i] for i in ids])
        lw = np.concatenate([self._weights[i] for i in ids])
        lw2 = np.concatenate([self._weights2[i] for i in ids])
        lens = [self._lens[i] for i in ids]
        prod = lw * np.repeat(np.array(qw, dtype=np.float32) / np.float32(norm), lens)
        cos = np.bincount(docs, weights=prod, minlength=self.ndocs)
        contained = np.bincount(docs, weights=lw2, minlength=self.ndocs)
        return cos, contained


class TaxonomyIndex:
    """Everything the classifier needs to look up, built from a :class:`Taxonomy`."""

    def __init__(self, tax: Taxonomy) -> None:
        self.tax = tax
        zh_words: set[str] = (
            set(tax.lexicon_zh) | set(tax.stopwords.get("zh", [])) | set(ROLE_HEADS_ZH)
        )
        for lab in tax.labels:
            if lab.lang == "zh":
                zh_words.update(_han_runs(lab.text))
        for sk in tax.skills:
            for text in sk.labels.get("zh", []):
                zh_words.update(_han_runs(text))
        self.segment = HanSegmenter(zh_words)

        # Stop words are analysed like postings: Chinese ones with the segmenter (they are in
        # its lexicon, so each stays one word: 缺员, not the characters 缺 and 员).
        self.stopwords: set[str] = set()
        for lang, words in tax.stopwords.items():
            for w in words:
                prepared, plang, _ = nm.prepare(w, lang)
                for il in ("zh",) if plang == "zh" else _INDEX_LANGS:
                    for t in nm.analyse(prepared, il, self.segment):
                        self.stopwords.add(t.key)

        patterns: dict[str, list[Entry]] = defaultdict(list)
        fuzzy_docs: list[dict[str, float]] = []
        fuzzy_label: list[int] = []
        self._label_keys: list[set[str]] = []  # every token key of each label (role heads)
        for li, lab in enumerate(tax.labels):
            keys = self._pattern_keys(lab.text, lab.lang)
            self._label_keys.append({k for key in keys for k in key.split()})
            for key, (ntok, full) in keys.items():
                # A label that shrinks to a bare head word once stop words are gone
                # ("plant operator" → "operator") would match every operator posting.
                if ntok < full and set(key.split()) <= GENERIC_HEADS:
                    continue
                if lab.exact:
                    patterns[key].append(Entry(ALIAS, li, ntok))
            toks = [t for t in self.tokens(lab.text, lab.lang) if t.key not in self.stopwords]
            # A label that is only a head word ("операторлары", a part of an official title)
            # would pull every bare "Оператор" title to one arbitrary unit group.
            if lab.weight >= 1.0 or not toks or {t.key for t in toks} - GENERIC_HEADS:
                feats = _grams(toks)
            else:
                feats = {}
            if feats:
                fuzzy_docs.append(feats)
                fuzzy_label.append(li)
        for si, sk in enumerate(tax.skills):
            for lang, texts in sk.labels.items():
                for text in texts:
                    for key, (ntok, _) in self._pattern_keys(text, lang).items():
                        patterns[key].append(Entry(SKILL, si, ntok))

        # Title aliases whose words all occur in a title, in any order and with other words
        # between them ("слесарь КИПиА" / "КИПиА слесарь", "оператор ткацких и вязальных
        # машин"), indexed under their rarest word so a title looks at few candidates.
        df: dict[str, int] = defaultdict(int)
        for key in patterns:
            for tok in set(key.split()):
                df[tok] += 1
        self.bag: dict[str, list[tuple[frozenset[str], str, tuple[Entry, ...]]]] = defaultdict(list)
        for key, entries in patterns.items():
            words = key.split()
            aliases = tuple(e for e in dict.fromkeys(entries) if e.kind == ALIAS)
            if len(set(words)) >= 2 and aliases:
                rarest = min(words, key=lambda w: (df[w], w))
                self.bag[rarest].append((frozenset(words), key, aliases))

        self.automaton = ahocorasick.Automaton()
        for key, entries in patterns.items():
            # Same label under several stemmers gives the same key twice: keep one entry.
            uniq = list(dict.fromkeys(entries))
            alias = any(e.kind == ALIAS for e in uniq)
            skill = any(e.kind == SKILL for e in uniq)
            self.automaton.add_word(key, (len(key), tuple(uniq), uniq[0].ntok, alias, skill))
        self.automaton.make_automaton()
        self.ngram = NgramIndex(fuzzy_docs)
        self.heads = self._role_heads()
        self.generic_title_keys: set[str] = set(GENERIC_TITLE_WORDS_ZH) | GENERIC_HEADS
        for lang, listed in GENERIC_TITLE_WORDS.items():
            for word in listed.split():
                self.generic_title_keys.update(k.strip() for k in self._pattern_keys(word, lang))
        self.fuzzy_label = np.array(fuzzy_label, dtype=np.int32)
        self.fuzzy_concept = np.array(
            [tax.labels[li].concept for li in fuzzy_label], dtype=np.int64
        )
        self.fuzzy_weight = np.array(
            [tax.labels[li].weight for li in fuzzy_label], dtype=np.float64
        )
        self.heads_of: dict[str, tuple[int, ...]] = {
            k: tuple(v.tolist()) for k, v in self.heads.items()
        }
        # Content words of postings, per language: word → its (surface, key) pieces without stop
        # words and bare numbers. Vocabularies are Zipfian, so after the first postings nearly
        # every word is a hit; the bound keeps a stream of rare words from growing it for ever.
        self._keys: dict[str, dict[str, str]] = {}
        self._pieces: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}

    def _role_heads(self) -> dict[str, np.ndarray]:
        """Role-head key → concepts whose strong labels use that head."""
        head_keys: set[str] = set()
        for lang, words in ROLE_HEADS.items():
            for w in words.split():
                head_keys.update(self._pattern_keys(w, lang).keys())
        head_keys = {k.strip() for k in head_keys}
        found: dict[str, set[int]] = defaultdict(set)
        for li, lab in enumerate(self.tax.labels):
            if lab.weight < 1.0:
                continue
            if lab.lang == "zh":
                for h in ROLE_HEADS_ZH:
                    if lab.text.endswith(h):
                        found[h].add(lab.concept)
                continue
            for k in self._label_keys[li] & head_keys:
                found[k].add(lab.concept)
        return {k: np.array(sorted(v), dtype=np.int32) for k, v in found.items()}

    def content(self, text: str, lang: str) -> tuple[list[str], list[str]]:
        """Surfaces and keys of the content words of a :func:`normalise.prepare`-d text: the
        tokens of :func:`normalise.analyse` without stop words and bare numbers."""
        words = nm.words(text)
        cache = self._keys.get(lang)
        if cache is None:
            cache = self._keys[lang] = {}
        # Most words are known: map them in one pass ("" = dropped, None = not seen yet).
        keys = list(map(cache.get, words))
        if None in keys:
            if len(cache) >= PIECES_CACHE:
                cache.clear()
            for i, (w, k) in enumerate(zip(words, keys, strict=True)):
                if k is None:
                    pieces = self._pieces_of(w, lang)
                    if len(pieces) == 1 and pieces[0][0] == w:
                        k = pieces[0][1]
                    elif not pieces:
                        k = ""
                    else:
                        k = _SPLIT  # a Han run that segments into several words
                    cache[w] = keys[i] = k
        if _SPLIT in keys:
            return self._content_split(words, keys, lang)
        surfaces = [w for w, k in zip(words, keys, strict=True) if k]
        return surfaces, [k for k in keys if k]

    def _content_split(
        self, words: list[str], keys: list[str | None], lang: str
    ) -> tuple[list[str], list[str]]:
        cache = self._pieces.get(lang)
        if cache is None:
            cache = self._pieces[lang] = {}
        surfaces: list[str] = []
        out: list[str] = []
        for w, k in zip(words, keys, strict=True):
            if k is _SPLIT:
                hit = cache.get(w)
                if hit is None:
                    if len(cache) >= PIECES_CACHE:
                        cache.clear()
                    hit = cache[w] = self._pieces_of(w, lang)
                for surface, key in hit:
                    surfaces.append(surface)
                    out.append(key)
            elif k:
                surfaces.append(w)
                out.append(k)
        return surfaces, out

    def _pieces_of(self, word: str, lang: str) -> tuple[tuple[str, str], ...]:
        stop = self.stopwords
        return tuple(
            (t.surface, t.key)
            for t in nm.analyse_word(word, lang, self.segment)
            if t.key not in stop and not t.key.isdigit()
        )

    def tokens(self, text: str, lang: str) -> tuple[nm.Token, ...]:
        prepared, plang, _ = nm.prepare(text, lang)
        return nm.analyse(prepared, plang, self.segment)

    def _pattern_keys(self, text: str, lang: str) -> dict[str, tuple[int, int]]:
        """Key strings of one label under every stemmer of its script (" k1 k2 "), each with
        its token count after and before stop words are dropped."""
        prepared, plang, _ = nm.prepare(text, lang)
        out: dict[str, tuple[int, int]] = {}
        # Only the stemmers that can give different keys for this label's scripts.
        cyr, lat = bool(_CYR.search(prepared)), bool(_LAT.search(prepared))
        langs: tuple[str, ...] = ("zh",) if plang == "zh" else _INDEX_LANGS
        if plang != "zh" and cyr != lat:
            langs = ("ru", "kk") if cyr else ("en", "uz")
        for il in langs:
            all_toks = nm.analyse(prepared, il, self.segment)
            toks = tuple(t for t in all_toks if t.key not in self.stopwords) or all_toks
            if toks:
                out[nm.key_string(toks)] = (len(toks), len(all_toks))
        # A Kazakh posting in the Latin alphabet is transliterated whole, Latin abbreviations
        # too ("CNC operatory" → "цнц операторы"): a Kazakh label's Latin words ("CNC маманы",
        # "CE санатты жүргізуші") are also indexed as that transliteration makes them.
        if plang == "kk" and cyr and lat:
            all_toks = nm.analyse(nm.kazakh_latin_to_cyrillic(prepared), "kk", self.segment)
            toks = tuple(t for t in all_toks if t.key not in self.stopwords) or all_toks
            if toks:
                out.setdefault(nm.key_string(toks), (len(toks), len(all_toks)))
        return out

    def grams(self, tokens: tuple[nm.Token, ...] | list[nm.Token]) -> dict[str, float]:
        return _grams(tokens)


def _han_runs(text: str) -> list[str]:
    runs: list[str] = []
    cur: list[str] = []
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            cur.append(ch)
        elif cur:
            runs.append("".join(cur))
            cur = []
    if cur:
        runs.append("".join(cur))
    return runs
