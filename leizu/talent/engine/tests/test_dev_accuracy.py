"""Accuracy on the labelled development set (when it is present next to the repository)."""

import json
import os
from pathlib import Path

from tests.needs import missing

DEV = Path(
    os.environ.get(
        "LEIZU_OCCUPATIONS_DEV",
        Path(__file__).resolve().parents[5] / "shared" / "data" / "occupations_dev.jsonl",
    )
)


def test_dev_set_accuracy_meets_the_thresholds(classifier):
    if not DEV.exists():
        missing(f"the development set ({DEV})")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    rank1 = top3 = field = 0
    for r in rows:
        res = classifier.classify(r["title"], r["text"], r.get("lang"))
        codes = [o["isco08"] for o in res["occupations"]]
        ok = {r["isco08"], *r.get("isco08_alt", [])}
        rank1 += bool(codes) and codes[0] in ok
        top3 += bool(ok & set(codes[:3]))
        field += bool(res["fields"]) and res["fields"][0]["isced_f"] == r["isced_f"]
    n = len(rows)
    assert rank1 / n >= 0.85, rank1 / n
    assert top3 / n >= 0.95, top3 / n
    assert field / n >= 0.90, field / n
