"""Checks of the shipped classification reference data (ISCED-F 2013, ISCED 2011, ISCO-08).

Plain file checks: no database and no Django models. See the SOURCES.md files beside the data.
"""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.needs import missing

_LEIZU = Path(__file__).resolve().parents[2]
ISCED_F = _LEIZU / "core" / "reference" / "isced_f_2013.json"
ISCED_LEVELS = _LEIZU / "core" / "reference" / "isced_2011_levels.json"
ISCO = _LEIZU / "talent" / "engine" / "data" / "isco08.json"
ISCO_TSV = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "isco08_unit_groups.tsv"

LANGUAGES = {"en", "zh-hans", "ru", "kk", "uz"}
# In Uzbek Latin, oʻ and gʻ take U+02BB and the tutuq belgisi U+02BC; never these look-alikes.
WRONG_APOSTROPHES = re.compile("['\u2018\u2019`\u02b9\u00b4]")


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def isced_f() -> list[dict]:
    return _load(ISCED_F)


@pytest.fixture(scope="module")
def isced_levels() -> list[dict]:
    return _load(ISCED_LEVELS)


@pytest.fixture(scope="module")
def isco() -> dict:
    return _load(ISCO)


def _check_labels(labels: dict, where: str) -> None:
    assert set(labels) == LANGUAGES, where
    for lang, text in labels.items():
        assert isinstance(text, str) and text.strip() == text and text, (where, lang)
    assert not re.search(r"[A-Za-z]", labels["ru"] + labels["kk"]), where
    assert not re.search(r"[\u0400-\u04ff]", labels["uz"]), where
    assert re.search(r"[\u4e00-\u9fff]", labels["zh-hans"]), where


def _check_uzbek(text: str, where: str) -> None:
    assert not WRONG_APOSTROPHES.search(text), (where, text)
    # oʻ / gʻ are written with U+02BB, not with the tutuq belgisi U+02BC.
    assert not re.search("[oOgG]\u02bc", text), (where, text)


# ---------------------------------------------------------------- ISCO-08


def test_isco_counts(isco):
    assert isco["edition"] == "ISCO-08 (ILO 2012)"
    counts = Counter(g["level"] for g in isco["groups"])
    assert counts == {1: 10, 2: 43, 3: 130, 4: 436}
    codes = [g["code"] for g in isco["groups"]]
    assert len(set(codes)) == len(codes) == 619
    assert codes == sorted(codes)


def test_isco_hierarchy(isco):
    codes = {g["code"] for g in isco["groups"]}
    for g in isco["groups"]:
        assert re.fullmatch(r"\d{1,4}", g["code"]) and len(g["code"]) == g["level"], g
        if g["level"] == 1:
            assert g["parent"] is None
        else:
            assert g["parent"] == g["code"][:-1] and g["parent"] in codes, g
    parents = {g["parent"] for g in isco["groups"]}
    assert all(g["code"] in parents for g in isco["groups"] if g["level"] < 4)


def test_isco_labels(isco):
    for g in isco["groups"]:
        _check_labels(g["labels"], g["code"])
        _check_uzbek(g["labels"]["uz"], g["code"])
    by_code = {g["code"]: g["labels"] for g in isco["groups"]}
    assert by_code["8152"]["en"] == "Weaving and knitting machine operators"
    assert by_code["75"]["en"] == (
        "Food processing, wood working, garment and other craft and related trades workers"
    )


def test_isco_unit_titles_match_ilo_list(isco):
    if not ISCO_TSV.exists():
        missing(f"the ILO's ISCO-08 titles ({ISCO_TSV})")
    with ISCO_TSV.open(encoding="utf-8", newline="") as fh:
        official = {r["isco08"]: r["title_en"] for r in csv.DictReader(fh, delimiter="\t")}
    ours = {g["code"]: g["labels"]["en"] for g in isco["groups"] if g["level"] == 4}
    assert ours == official


# ---------------------------------------------------------------- ISCED-F 2013


def test_isced_f_counts(isced_f):
    counts = Counter(f["level"] for f in isced_f)
    # 11 broad fields 00-10 plus 99 "Field unknown"; 29 narrow fields + 10 inter-disciplinary
    # (x8) + 999; 80 detailed fields + 19 "not elsewhere classified" (xx9) + 10 inter-disciplinary
    # (xx88) + 9999.
    assert counts == {"broad": 12, "narrow": 40, "detailed": 110}
    broad = [f["code"] for f in isced_f if f["level"] == "broad"]
    assert broad == [f"{i:02d}" for i in range(11)] + ["99"]
    detailed = [f["code"] for f in isced_f if f["level"] == "detailed"]
    assert sum(c.endswith("88") for c in detailed) == 10
    assert sum(c.endswith("9") and c != "9999" for c in detailed) == 19
    codes = [f["code"] for f in isced_f]
    assert len(set(codes)) == len(codes) and codes == sorted(codes)


def test_isced_f_hierarchy(isced_f):
    codes = {f["code"] for f in isced_f}
    width = {"broad": 2, "narrow": 3, "detailed": 4}
    for f in isced_f:
        assert re.fullmatch(r"\d+", f["code"]) and len(f["code"]) == width[f["level"]], f
        if f["level"] == "broad":
            assert f["parent"] is None
        else:
            assert f["parent"] == f["code"][:-1] and f["parent"] in codes, f
    parents = {f["parent"] for f in isced_f}
    assert all(f["code"] in parents for f in isced_f if f["level"] != "detailed")


def test_isced_f_labels(isced_f):
    for f in isced_f:
        _check_labels(f["labels"], f["code"])
        _check_uzbek(f["labels"]["uz"], f["code"])
    by_code = {f["code"]: f["labels"] for f in isced_f}
    assert by_code["0723"]["en"] == "Textiles (clothes, footwear and leather)"
    assert by_code["0723"]["zh-hans"] == "纺织、服装、鞋类和皮革"
    assert by_code["0212"]["en"] == "Fashion, interior and industrial design"
    assert by_code["0119"]["en"] == "Education not elsewhere classified"


# ---------------------------------------------------------------- ISCED 2011 levels


def test_isced_2011_levels(isced_levels):
    assert [lv["code"] for lv in isced_levels] == [str(i) for i in range(9)]
    for lv in isced_levels:
        for key in ("labels", "short"):
            _check_labels(lv[key], f"{lv['code']}/{key}")
            _check_uzbek(lv[key]["uz"], lv["code"])
    assert isced_levels[5]["short"]["en"] == "Short-cycle tertiary"
