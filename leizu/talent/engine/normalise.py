"""Per-language normalisation: scripts, language guess, Uzbek spelling, tokens and stems.

Everything the matcher compares goes through :func:`analyse`, which turns a text into a list of
tokens, each with its surface form and a *match key* (case-folded, stemmed, spelling-folded).
Aliases in the taxonomy go through the same function, so a posting and an alias meet on keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

LANGS = ("ru", "kk", "uz", "en", "zh")

# --- scripts -----------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[a-zA-Z\u00c0-\u024f]")


# Counted on the UTF-8 bytes, where each range is a set of lead bytes (with a second byte where
# a range starts or ends inside one): one translate and three counts in C instead of a regex
# over every letter. L: a-z A-Z and the leads of U+00C0–U+023F; C: U+0400–U+04FF; H:
# U+4000–U+9FFF.
_SCRIPT_BYTES = bytes(
    ord("L")
    if (65 <= b <= 90 or 97 <= b <= 122 or 0xC3 <= b <= 0xC8)
    else ord("C")
    if 0xD0 <= b <= 0xD3
    else ord("H")
    if 0xE4 <= b <= 0xE9
    else ord(".")
    for b in range(256)
)
_HAN_EDGES = re.compile(rb"\xe3[\x90-\xbf]|\xef[\xa4-\xab]")  # U+3400–U+3FFF, U+F900–U+FAFF
_LAT_EDGE = re.compile(rb"\xc9[\x80-\x8f]")  # U+0240–U+024F


def detect_script(text: str) -> str:
    """The dominant script of a text: "Han", "Cyrl", "Latn" (or "Zyyy" when none)."""
    b = text.encode("utf-8", "surrogatepass")
    classes = b.translate(_SCRIPT_BYTES)
    han, cyr, lat = classes.count(b"H"), classes.count(b"C"), classes.count(b"L")
    if 0xE3 in b or 0xEF in b:
        han += len(_HAN_EDGES.findall(b))
    if 0xC9 in b:
        lat += len(_LAT_EDGE.findall(b))
    # A Han character carries about two letters' worth of text, so it counts double.
    counts = {"Han": 2 * han, "Cyrl": cyr, "Latn": lat}
    best = max(counts, key=lambda k: (counts[k], k))
    return best if counts[best] else "Zyyy"


# --- Uzbek Latin spelling ----------------------------------------------------------------

# oʻ and gʻ are written with U+02BB (MODIFIER LETTER TURNED COMMA); the tutuq belgisi (glottal
# stop, maʼlumot) with U+02BC. People type ' ‘ ’ ` ´ for both, so only position tells them apart:
# after o or g it is the letter sign, elsewhere the glottal stop.
_UZ_APOS = "'‘’`´ʻʼ"
_UZ_OG = re.compile(rf"([oOgG])[{_UZ_APOS}]")
_UZ_STOP = re.compile(rf"(?<![oOgG])(?<=\w)[{_UZ_APOS}](?=\w)")


def normalise_uzbek_latin(text: str) -> str:
    """Canonical Uzbek Latin: oʻ gʻ with U+02BB, the glottal stop with U+02BC."""
    return _UZ_STOP.sub("\u02bc", _UZ_OG.sub("\\1\u02bb", text))


# Uzbek Cyrillic → Latin, after the 1995 alphabet (as amended), the official Latin script.
_UZ_CYR_LAT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "\u02bc",
    "ь": "",
    "ы": "i",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ё": "yo",
    "ў": "o\u02bb",
    "қ": "q",
    "ғ": "g\u02bb",
    "ҳ": "h",
    "ц": "s",
}
_UZ_VOWELS = set("аеёиоуўэюяaeiou")


def _uz_cyr_letter(ch: str) -> str:
    """One letter's Latin spelling, capitalised like the letter (Ш → Sh)."""
    low = ch.lower()
    rep = _UZ_CYR_LAT[low]
    return rep[0].upper() + rep[1:] if ch != low and rep else rep


# The letters that do not depend on their neighbours, as one str.translate table.
_UZ_CYR_TABLE = {
    ord(ch): _uz_cyr_letter(ch)
    for ch in map(chr, range(0x0400, 0x0530))
    if ch.lower() in _UZ_CYR_LAT and ch.lower() not in ("е", "ц")
}
_UZ_CYR_CONTEXT = re.compile("[еЕцЦ]")


def _uz_cyr_context(m: re.Match[str]) -> str:
    text, i = m.string, m.start()
    ch = m.group()
    prev = text[i - 1] if i else ""
    if ch in "еЕ":
        ye = not prev.isalpha() or prev.lower() in _UZ_VOWELS or prev in "ъьЪЬ"
        rep = "ye" if ye else "e"
    else:
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        rep = "ts" if prev.lower() in _UZ_VOWELS and nxt in _UZ_VOWELS else "s"
    return rep[0].upper() + rep[1:] if ch in "ЕЦ" else rep


def uzbek_cyrillic_to_latin(text: str) -> str:
    """Transliterate Uzbek Cyrillic to the official Latin alphabet.

    Two letters depend on position: е is "ye" at the start of a word and after a vowel or
    ъ/ь (ер → yer, поезд → poyezd), "e" elsewhere; ц is "ts" between vowels, "s" elsewhere.
    Capitals follow the first letter's case only (Ш → Sh). The neighbours looked at are the
    Cyrillic text's own, so the two passes (context letters, then one translate) agree with a
    letter-by-letter reading.
    """
    return _UZ_CYR_CONTEXT.sub(_uz_cyr_context, text).translate(_UZ_CYR_TABLE)


# --- language guess ----------------------------------------------------------------------


# Kazakh in the Latin alphabet → Cyrillic, so a posting classifies the same in either script.
# The 2021 alphabet (ä ğ ı ñ ö ū ü ş, İ/i for и and й, I/ı for і, Y/y for ы) first; then the
# 2018 acute forms (á ǵ ń ó ú ý), the 2017 apostrophe forms (a' g' n' o' u' y' s' c') and the
# digraphs people type without those letters (sh, ch, zh). Letters of one script only meet the
# classifier's Kazakh labels, which are Cyrillic. (``fold`` has lower-cased the text.)
_KK_APOS = "'‘’`´ʼʻ"
_KK_LAT_MULTI = [
    *(
        (f"{latin}{a}", cyr)
        for a in _KK_APOS
        for latin, cyr in zip("agnouysc", "әғңөүұшч", strict=True)
    ),
    ("shch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("i\u0307", "и"),  # İ lower-cased: i with a combining dot
]
_KK_LAT_ONE = {
    "a": "а", "ä": "ә", "á": "ә", "b": "б", "c": "ц", "ç": "ч", "d": "д", "e": "е", "f": "ф",
    "g": "г", "ğ": "ғ", "ǵ": "ғ", "h": "х", "i": "и", "ı": "і", "j": "ж", "k": "к", "l": "л",
    "m": "м", "n": "н", "ñ": "ң", "ń": "ң", "o": "о", "ö": "ө", "ó": "ө", "p": "п", "q": "қ",
    "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ū": "ұ", "ü": "ү", "ú": "ү", "v": "в",
    "w": "у", "x": "х", "y": "ы", "ý": "ұ", "z": "з",
}  # fmt: skip
_KK_LAT_MAP = dict(_KK_LAT_MULTI)
_KK_LAT_MULTI_RE = re.compile(
    "|".join(re.escape(k) for k, _v in sorted(_KK_LAT_MULTI, key=lambda kv: -len(kv[0])))
)
_KK_LAT_TABLE = str.maketrans(_KK_LAT_ONE)
# Letters no other language of the platform writes in Latin: the text is Kazakh. So are two or
# more of the 2017 apostrophe letters other than Uzbek's oʻ gʻ (a' s' u' y' c', and n' not
# before t, which English writes in "don't").
_KK_LATIN_LETTERS = set("äğıñūüşáǵńúý")
_KK_APOS_LETTER = re.compile(rf"(?:[asuyc][{_KK_APOS}](?=[a-z]))|(?:n[{_KK_APOS}](?=[a-su-z]))")


def kazakh_latin_to_cyrillic(text: str) -> str:
    # Multi-letter forms first, then single letters: every position a multi-letter form does
    # not take is one letter, so the two passes equal one left-to-right reading; the first
    # pass writes only Cyrillic, which the second leaves alone.
    multi = _KK_LAT_MULTI_RE.sub(lambda m: _KK_LAT_MAP[m.group()], text)
    return multi.translate(_KK_LAT_TABLE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KK_LETTERS = set("әғқңөұүһі")
_UZ_CYR_LETTERS = set("ўҳ")
_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "for",
        "to",
        "in",
        "with",
        "we",
        "are",
        "is",
        "a",
        "an",
        "our",
        "you",
        "will",
        "on",
        "at",
        "as",
        "experience",
        "required",
        "needed",
        "wanted",
        "hiring",
        "job",
    ]
)
_RU_WORDS = _words(
    "и в во на с со по для от до из или не что как требуется опыт работы работа мы вас "
    "наш компания знание обязанности условия требования"
)
# Uzbek Cyrillic that happens to avoid ў қ ғ ҳ still has its own function words and endings.
_UZ_CYR_WORDS = _words(
    "ва учун билан керак иш ишга ёки ҳам бўйича тажриба тажрибали талаб қилинади бор йил "
    "ойлик маош корхона завод фабрика цех ишчи мутахассис фабрикасига корхонага"
)
_UZ_CYR_END = re.compile(r"(?:чи|чиси|чилар|лари|ларга|ларни|ларнинг|нинг|ини|ига)$")
_RU_END = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ых|их|ть|ться|ция|ние|ство)$")
_UZ_WORDS = frozenset(
    [
        "va",
        "uchun",
        "bilan",
        "kerak",
        "ish",
        "ishga",
        "yoki",
        "ham",
        "boʻyicha",
        "tajriba",
        "talab",
        "qilinadi",
        "boʻlishi",
        "bor",
        "yil",
        "oylik",
        "maosh",
        "korxona",
        "zavod",
        "fabrika",
        "sex",
        "ishchi",
        "mutaxassis",
    ]
)


def detect_language(text: str) -> str:
    """Guess ru/kk/uz/en/zh from letters and a few function words.

    Kazakh has ә ғ қ ң ө ұ ү һ і; Uzbek Cyrillic has ў ҳ (and қ ғ without the Kazakh-only
    vowels); Cyrillic text with neither is Russian. Latin text is Uzbek when it has oʻ/gʻ or
    more Uzbek than English function words.
    """
    script = detect_script(text)
    if script == "Han":
        return "zh"
    low = text.lower()
    if script == "Cyrl":
        letters = set(low)
        kk_only = letters & (_KK_LETTERS - {"қ", "ғ", "һ"})
        if letters & _UZ_CYR_LETTERS and not kk_only:
            return "uz"
        if kk_only:
            return "kk"
        if letters & {"қ", "ғ"}:
            return "uz"
        words = re.findall(r"[а-яё]+", low)
        uz = sum(w in _UZ_CYR_WORDS for w in words)
        ru = sum(w in _RU_WORDS for w in words)
        # Endings: Uzbek agent and plural/case suffixes vs Russian adjective, verb and
        # abstract-noun endings.
        uz += sum(bool(_UZ_CYR_END.search(w)) for w in words)
        ru += sum(bool(_RU_END.search(w)) for w in words)
        return "uz" if uz > ru else "ru"
    if script == "Latn":
        if re.search(rf"[og][{_UZ_APOS}]", low):
            return "uz"
        if set(low) & _KK_LATIN_LETTERS or len(_KK_APOS_LETTER.findall(low)) >= 2:
            return "kk"
        words = re.findall(r"[a-z]+", low)
        en = sum(w in _EN_WORDS for w in words)
        uz = sum(w in _UZ_WORDS for w in words)
        # Uzbek-only letter pairs: q outside "qu", x as a letter of its own, "sh"/"ch" are shared
        uz += len(re.findall(r"q(?!u)", low)) // 2
        return "uz" if uz > en else "en"
    return "en"


# --- stemming ----------------------------------------------------------------------------

# Kazakh and Uzbek have no Snowball stemmer. Both are agglutinative: a noun takes plural,
# possessive and case endings in that order, so stripping known endings from the right, longest
# first, a few times, brings inflected forms back to one key. Derivational suffixes that make
# occupation words (-шы/-ші, -chi, -lik) are kept: they are part of the meaning.
_KK_SUFFIXES = sorted(
    [
        "лар",
        "лер",
        "дар",
        "дер",
        "тар",
        "тер",
        "ның",
        "нің",
        "дың",
        "дің",
        "тың",
        "тің",
        "ға",
        "ге",
        "қа",
        "ке",
        "на",
        "не",
        "ны",
        "ні",
        "ды",
        "ді",
        "ты",
        "ті",
        "да",
        "де",
        "та",
        "те",
        "нда",
        "нде",
        "дан",
        "ден",
        "тан",
        "тен",
        "нан",
        "нен",
        "мен",
        "бен",
        "пен",
        "ымыз",
        "іміз",
        "ыңыз",
        "іңіз",
        "сы",
        "сі",
        "ы",
        "і",
        "ым",
        "ім",
        "ың",
        "ің",
        "лары",
        "лері",
        "дары",
        "дері",
        "тары",
        "тері",
        "ларға",
        "лерге",
        "ларды",
        "лерді",
        "ларда",
        "лерде",
    ],
    key=len,
    reverse=True,
)
_UZ_SUFFIXES = sorted(
    [
        "lar",
        "larning",
        "larni",
        "larga",
        "larda",
        "lardan",
        "lari",
        "larini",
        "ning",
        "ni",
        "ga",
        "ka",
        "qa",
        "da",
        "dan",
        "dagi",
        "imiz",
        "ingiz",
        "im",
        "ing",
        "si",
        "i",
    ],
    key=len,
    reverse=True,
)


def _strip_suffixes(
    word: str, suffixes: list[str], min_stem: int, finals: dict[str, str], rounds: int = 3
) -> str:
    for _ in range(rounds):
        for suf in suffixes:
            if word.endswith(suf) and len(word) - len(suf) >= min_stem:
                word = word[: -len(suf)]
                break
        else:
            break
    # A final voiceless consonant turns voiced before a vowel suffix (kk станок → станогы,
    # uz mexanik → mexanigi): fold stem endings to the voiceless letter so both forms meet.
    last = word[-1:]
    return word[:-1] + finals[last] if last in finals else word


_KK_FINALS = {"г": "к", "ғ": "қ", "б": "п"}
_UZ_FINALS = {"g": "k", "q": "k"}


# Kazakh match keys fold the letters the 2021 Latin alphabet merges or spells with two letters,
# so a Latin posting transliterated to Cyrillic (see kazakh_latin_to_cyrillic) and the Cyrillic
# spelling of the same word meet: и and й are both "i" (қойма / qoima → қоима), э is "e",
# я/ю are "ia"/"iu", ц is "ts", һ is "h" (→ х), щ is written "ş"; ь and ъ are not written.
# (ё never gets here: prepare has made it е.) Applied to every word stemmed as Kazakh, labels
# and postings alike, before the suffixes are stripped.
_KK_KEY_FOLD = str.maketrans(
    {"й": "и", "э": "е", "щ": "ш", "я": "иа", "ю": "иу", "ё": "ио", "ц": "тс", "һ": "х", "ь": None,
     "ъ": None}
)  # fmt: skip

# Words the stemmers give one stem although they mean different things: an occupation and the
# subject or course it is named after. The occupation keeps its own key; the other forms stem as
# usual ("programme" and "programming" are not "programmer"; "мехатроника", the subject, in the
# cases Russian does not share with "мехатроник", the occupation, is not "мехатроник").
_STEM_EXCEPTIONS = {
    "en": {"programmer": "programmer", "programmers": "programmer"},
    "ru": dict.fromkeys(
        ["мехатроника", "мехатроники", "мехатронике", "мехатронику", "мехатроникой"],
        "мехатроника",
    ),
}

_RU = snowballstemmer.stemmer("russian")
_EN = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Stem one case-folded word with the stemmer for ``lang`` (memoised: vocabularies are
    Zipfian, so most calls are cache hits and the pure-Python Snowball cost disappears)."""
    if lang == "ru":
        return _STEM_EXCEPTIONS["ru"].get(word) or _RU.stemWord(word)
    if lang == "en":
        return _STEM_EXCEPTIONS["en"].get(word) or _EN.stemWord(word)
    if lang == "kk":
        return _strip_suffixes(word.translate(_KK_KEY_FOLD), _KK_SUFFIXES, 4, _KK_FINALS)
    if lang == "uz":
        return _strip_suffixes(word, _UZ_SUFFIXES, 4, _UZ_FINALS)
    return word


def stem_langs_for_script(script: str) -> tuple[str, ...]:
    """The stemmers an alias written in ``script`` is indexed under (see taxonomy index)."""
    if script == "Cyrl":
        return ("ru", "kk")
    if script == "Latn":
        return ("en", "uz")
    return ("zh",)


# --- tokens ------------------------------------------------------------------------------

# Letters of a word: \w without digits, "_" and Han, so a Latin abbreviation glued to a Han
# title is a word of its own (PLC电气工程师 → PLC, 电气工程师).
_LETTERS = r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"  # a run of Han characters
    r"|[0-9]+(?:[.,][0-9]+)?"  # numbers
    rf"|{_LETTERS}+(?:[\u02bb\u02bc]{_LETTERS}+)*"  # a word, with Uzbek apostrophe letters inside
    r"|[+#]"
)


class Token(NamedTuple):
    # A named tuple rather than a dataclass: postings make tens of thousands of tokens a
    # second, and tuple construction is several times cheaper.
    surface: str  # as written in the input (after Unicode normalisation)
    key: str  # match key: folded and stemmed
    start: int  # character offsets in the normalised input text
    end: int


def fold(text: str, keep_yo: bool = False) -> str:
    """NFKC and case folding; ё→е as Russian writes both, unless ``keep_yo`` (Uzbek
    Cyrillic ё is its own letter, "yo" in Latin)."""
    if not unicodedata.is_normalized("NFKC", text):  # the quick check is much cheaper
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    return text if keep_yo else text.replace("ё", "е")


def _fold_key(word: str) -> str:
    """Spelling folds for match keys: Uzbek oʻ/gʻ/ʼ lose the sign, so "o'qituvchi",
    "oʻqituvchi" and the common informal "oqituvchi" meet."""
    return word.replace("\u02bb", "").replace("\u02bc", "")


SegmentHan = Callable[[str], list[tuple[int, int]]]


def _single_chars(run: str) -> list[tuple[int, int]]:
    return [(i, i + 1) for i in range(len(run))]


@dataclass(frozen=True, slots=True)
class Analysed:
    lang: str  # ru kk uz en zh
    script: str  # Han Cyrl Latn Zyyy
    text: str  # the normalised text the token offsets refer to
    tokens: tuple[Token, ...]


# Driving-licence categories typed on a Russian keyboard: "категории СЕ" in Cyrillic letters
# that look like the Latin ones. Only a word of one to three capitals of the category letters
# (A B C D E M T, each with an optional 1: C1, D1E), in a list right after a licence word
# ("категории В, С, Е", "кат. «СЕ»", "права С") or right before the Kazakh "санат-" ("СЕ
# санатты"), becomes Latin; the licence words and everything else stay as written ("категории
# с опытом", "категории. В нашей…"). The candidates are found first (few in a posting), then
# only a short window around each is read.
_CAT_LOOKALIKE = str.maketrans("АВСЕМТ", "ABCEMT")
_CAT_ITEM = r"(?<!\w)[«\"“']?(?:[ABCDEMTАВСЕМТ]1?){1,3}[»\"”']?(?!\w)"
_CAT_SEP = r"(?:\s*[,/;+&]\s*|\s+(?:и|или|және|немесе)\s+|\s+)"
_CAT_CANDIDATE = re.compile(r"(?<!\w)(?:[ABCDEMTАВСЕМТ]1?){1,3}(?!\w)")
_CAT_LOOKS = re.compile("[АВСЕМТ]")
_CAT_PRECEDED = re.compile(
    r"(?<!\w)(?i:категори[а-яёәіңғүұқөһ]*|кат\.|кат|санат(?!ор)[а-яәіңғүұқөһ]*|прав[аы]?)"
    rf"[\s:\-–—(«\"“]*(?:{_CAT_ITEM}{_CAT_SEP})*[«\"“']?$"
)
_CAT_FOLLOWED = re.compile(rf"[»\"”']?(?:{_CAT_SEP}{_CAT_ITEM})*[\s»\"”)\-–—]*(?i:санат(?!ор))")
_CAT_WINDOW = 48
# Substrings one of which a licence mention has, checked on the folded text first: the
# candidate scan above costs tens of microseconds, these a few, and few postings pass.
_LICENCE_HINTS = ("категор", "санат", " кат.", "(кат.", " кат ", "права")


def licence_categories_to_latin(text: str) -> str:
    """Cyrillic look-alike letters of licence categories as Latin (see ``_CAT_LOOKALIKE``).
    Case matters, so this reads the text before case folding."""
    out: list[str] = []
    last = 0
    for m in _CAT_CANDIDATE.finditer(text):
        a, b = m.span()
        if not _CAT_LOOKS.search(m[0]):
            continue
        if _CAT_PRECEDED.search(text, max(0, a - _CAT_WINDOW), a) or _CAT_FOLLOWED.match(
            text, b, b + _CAT_WINDOW
        ):
            out.append(text[last:a])
            out.append(m[0].translate(_CAT_LOOKALIKE))
            last = b
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def prepare(text: str, lang: str | None) -> tuple[str, str, str]:
    """Fold a text and settle its language: returns (text, lang, script).

    Uzbek in Cyrillic is transliterated to Latin here, so everything downstream sees one Uzbek
    spelling; Uzbek Latin gets canonical apostrophes. In Russian and Kazakh Cyrillic, licence
    categories typed in Cyrillic letters become Latin (see :func:`licence_categories_to_latin`).
    """
    raw = text or ""
    text = fold(raw, keep_yo=True)
    script = detect_script(text)
    if lang:
        lang = lang.lower().split("-")[0].split("_")[0]
        if lang in ("zh", "cmn"):
            lang = "zh"
        elif lang not in LANGS:
            lang = detect_language(text)
    else:
        lang = detect_language(text)
    if lang == "uz":
        if script == "Cyrl":
            text = uzbek_cyrillic_to_latin(text)
        text = normalise_uzbek_latin(text)
    elif lang == "kk" and script == "Latn":
        text = kazakh_latin_to_cyrillic(text)
    elif (
        lang in ("ru", "kk")
        and script == "Cyrl"
        and any(h in text for h in _LICENCE_HINTS)
        and (latin := licence_categories_to_latin(raw)) != raw
    ):
        text = fold(latin, keep_yo=True)
    return text.replace("ё", "е"), lang, script


def analyse(text: str, lang: str, segment_han: SegmentHan | None = None) -> tuple[Token, ...]:
    """Tokens of an already :func:`prepare`-d text, stemmed for ``lang``.

    A word's stemmer follows its own script when that differs from the posting language: a
    Latin "CNC" in a Russian posting is stemmed as English, a Cyrillic word in an Uzbek Latin
    posting as Russian.
    """
    seg = segment_han or _single_chars
    if lang == "uz":
        text = normalise_uzbek_latin(text)
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        out.extend(_word_tokens(m.group(), m.start(), lang, seg))
    return tuple(out)


def words(text: str) -> list[str]:
    """The words of a prepared text as :func:`analyse` finds them (Han runs whole)."""
    return _TOKEN.findall(text)


def analyse_word(word: str, lang: str, segment_han: SegmentHan | None = None) -> list[Token]:
    """The tokens of one of :func:`words` (several for a Han run), offsets from its start."""
    return _word_tokens(word, 0, lang, segment_han or _single_chars)


def _word_tokens(word: str, s: int, lang: str, seg: SegmentHan) -> list[Token]:
    ch = word[0]
    if _HAN.match(ch):
        out = []
        for a, b in seg(word):
            piece = word[a:b]
            out.append(Token(piece, piece, s + a, s + b))
        return out
    if ch.isdigit() or ch in "+#":
        return [Token(word, word, s, s + len(word))]
    return [Token(word, _word_key(word, lang), s, s + len(word))]


@lru_cache(maxsize=200_000)
def _word_key(word: str, lang: str) -> str:
    """Match key of one word in a posting of language ``lang`` (memoised)."""
    if _CYR.match(word):
        wl = lang if lang in ("ru", "kk") else "ru"
    else:
        wl = lang if lang in ("en", "uz") else "en"
    return stem(_fold_key(word), wl)


def key_string(tokens: tuple[Token, ...] | list[Token]) -> str:
    """Keys joined with single spaces and padded, so a pattern " a b " matches whole tokens."""
    return " " + " ".join(t.key for t in tokens) + " "
