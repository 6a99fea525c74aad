"""Every UI string is translated into zh-hans, ru, kk and uz, and the catalogues are current."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.needs import missing

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["zh_Hans", "ru", "kk", "uz"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _catalog(language: str):
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as f:
        return read_po(f)


def _messages(language: str):
    return [m for m in _catalog(language) if m.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_has_a_translation(language):
    missing = []
    for message in _messages(language):
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    wrong = []
    for message in _messages(language):
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        allowed = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in filter(None, strings):
            found = set(PLACEHOLDER.findall(text))
            # A singular message keeps exactly its placeholders; a plural form may drop the count.
            if found - allowed or (len(ids) == 1 and found != allowed):
                wrong.append(ids[0])
    assert not wrong, f"{language}: placeholders differ in {wrong[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_source(language):
    mo = ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), "run: manage.py compilemessages"
    with open(mo, "rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = [
        m.id
        for m in _messages(language)
        if isinstance(m.id, str)
        and (compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id))
        != m.string
    ]
    assert not stale, f"{language}: .mo is older than .po for {stale[:5]}"


def test_uzbek_uses_the_modifier_letter_for_o_and_g():
    bad = [
        m.id
        for m in _messages("uz")
        if isinstance(m.string, str) and re.search(r"[oOgG]['‘’`]", m.string)
    ]
    assert not bad, f"write oʻ/gʻ with U+02BB in: {bad[:5]}"


def test_the_catalogues_contain_every_string_of_the_code(tmp_path):
    """Extract the strings afresh in a copy of the tree and compare with the committed ones."""
    if shutil.which("xgettext") is None:
        missing("xgettext (apt-get install gettext)")
    for name in ("leizu", "templates", "locale"):
        shutil.copytree(
            ROOT / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "engine", "tests"),
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={"LEIZU_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    with open(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po", "rb") as f:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    committed = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages("ru")}
    assert not fresh - committed, (
        f"strings missing from locale/ (run make messages): {sorted(fresh - committed)[:10]}"
    )
