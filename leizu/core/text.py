"""Text normalisation for search across scripts (Cyrillic, Latin, Chinese).

A record's search column holds its names normalised and also transliterated to Latin, so a
query typed in either script finds a name written in the other ("mirmanova" finds
"Мирманова", "toshkent" finds "Тошкент").
"""

import re
import unicodedata

# Uzbek Latin oʻ gʻ are written with U+02BB; people type ' ‘ ’ ` ʼ. One form for search.
_APOSTROPHES = str.maketrans({"'": "ʻ", "‘": "ʻ", "’": "ʻ", "`": "ʻ", "ʼ": "ʻ", "´": "ʻ"})

_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
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
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a",
    "ғ": "g",
    "қ": "q",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    # Uzbek Cyrillic
    "ў": "oʻ",
    "ҳ": "h",
}
_TRANSLIT = str.maketrans(_CYRILLIC_TO_LATIN)
# Latin spellings that differ only by convention collapse to one key ("kh"/"x", "q"/"k").
_LATIN_FOLDS = [("shch", "sh"), ("kh", "h"), ("x", "h"), ("q", "k"), ("yo", "e"), ("ʻ", "")]
_PUNCT = re.compile(r"[^\w\sʻ]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case-fold, unify apostrophes and spaces, drop punctuation."""
    text = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def latin_key(text: str) -> str:
    """A Latin-script key of already normalised text, for cross-script matching."""
    key = text.translate(_TRANSLIT)
    for old, new in _LATIN_FOLDS:
        key = key.replace(old, new)
    return key


def search_document(*texts: str) -> str:
    """Build the content of a search column from any number of names and labels."""
    parts = [normalise(t) for t in texts if t]
    parts = [p for p in dict.fromkeys(parts) if p]
    joined = " | ".join(parts)
    key = latin_key(joined)
    return joined if key == joined else f"{joined} || {key}"


def search_terms(query: str) -> list[str]:
    """The forms of a query to look for in a search column (as typed, and Latin key)."""
    norm = normalise(query)
    if not norm:
        return []
    return list(dict.fromkeys([norm, latin_key(norm)]))


# Characters no stored text may hold: C0 controls other than tab, line feed and carriage return,
# lone surrogates and the non-characters U+FFFE and U+FFFF. XML 1.0 cannot carry them, so one
# of them in a name breaks every .xlsx and .docx that includes it, and PostgreSQL refuses NUL.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\n\r]+")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Text as it may be stored: control characters removed; one line unless ``multiline``.

    The one cleaning for every way text comes in (forms, the API, imports). Single-line text
    has its tabs and line breaks turned into a space.
    """
    text = _UNSTORABLE.sub("", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return text
