"""Learning outcomes read by the talent engine: the taxonomy skills an outcome names."""

from __future__ import annotations

from collections.abc import Mapping

from leizu.talent.engine import get_classifier

# A multilingual text's language codes as the engine names languages.
_ENGINE_LANG = {"zh-hans": "zh", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz"}


def outcome_skills(text: Mapping[str, str]) -> list[tuple[str, float, str]]:
    """(skill id, score, the words that named it) for each skill an outcome's text names in
    any of its languages, best first. The score grows with the share of the outcome's
    languages that name the skill: 1.0 when all do, 0.75 for one of two."""
    texts = {lang: t for lang, t in text.items() if t and lang in _ENGINE_LANG}
    if not texts:
        return []
    clf = get_classifier()
    seen: dict[str, list[str]] = {}
    for lang, words in texts.items():
        for s in clf.classify(title="", text=words, lang=_ENGINE_LANG[lang])["skills"]:
            seen.setdefault(s["skill"], []).append(s["words"])
    found = [
        (skill, round(0.5 + 0.5 * len(words) / len(texts), 3), " / ".join(words))
        for skill, words in seen.items()
    ]
    return sorted(found, key=lambda x: (-x[1], x[0]))
