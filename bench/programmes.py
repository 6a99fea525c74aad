"""Recommendations for stated needs, as the checks run them: the whole command
(``manage.py recommend_programmes``) on the needs of the development set, on a database made
like ``make run``'s (migrate + demo) in bench/out/programmes.

    .venv/bin/python bench/programmes.py

Prints, per language: the share of needs with a top-3 programme in the need's ISCED-F field,
over all needs and over the needs whose field the host college teaches at all (a need outside
every programme's field cannot have one: it should get low scores, also printed), and the
command's time with its start-up apart.

Then adaptability at the size the issue names: 50 programme groups × 400 occupations × 5,000
learning outcomes (the taxonomy's occupation profiles, topped up to 400 with random profiles
over its skills; each outcome confirmed for 1–4 random skills and placed in a random group),
by the engine (``talent/engine/adaptability.py``: one matrix product) beside an all-pairs
baseline in plain Python in the same run, with their top-10 occupations per group compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(
    os.environ.get("LEIZU_OCCUPATIONS_DEV", ROOT.parent / "shared/data/occupations_dev.jsonl")
)
DATA = ROOT / "bench" / "out" / "programmes"


def manage(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEIZU_DATA_DIR": str(DATA), "LEIZU_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, **kw
    )  # type: ignore[call-overload]


def adaptability_bench(groups: int = 50, occupations: int = 400, outcomes: int = 5000) -> None:
    import random

    import numpy as np

    sys.path.insert(0, str(ROOT))
    from leizu.talent.engine import Classifier
    from leizu.talent.engine.adaptability import Profiles, coverage_matrix, occupation_profiles

    real = occupation_profiles(Classifier().tax)
    rng = random.Random(5)
    skills = real.skills
    weights = list(real.weights)
    codes = list(real.occupations)
    while len(codes) < occupations:
        row = np.zeros(len(skills))
        for j in rng.sample(range(len(skills)), rng.randint(3, 12)):
            row[j] = rng.choice([0.3, 0.5, 0.8, 1.0])
        weights.append(row)
        codes.append(f"x{len(codes)}")
    prof = Profiles(codes[:occupations], skills, np.array(weights[:occupations]))
    covered: list[set[str]] = [set() for _ in range(groups)]
    for _ in range(outcomes):
        covered[rng.randrange(groups)].update(rng.sample(skills, rng.randint(1, 4)))
    engine = float("inf")
    for _ in range(5):  # the best of five: the first call also pays numpy's warm-up
        t = time.perf_counter()
        matrix = coverage_matrix(prof, [sorted(c) for c in covered])
        engine = min(engine, time.perf_counter() - t)
    profiles = [{skills[j]: float(w) for j, w in enumerate(row) if w > 0} for row in prof.weights]
    baseline = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        base = [
            [
                sum(w for s, w in p.items() if s in have) / sum(p.values()) if p else 0.0
                for p in profiles
            ]
            for have in covered
        ]
        baseline = min(baseline, time.perf_counter() - t)

    def top(row: Any) -> list[int]:
        return sorted(range(len(row)), key=lambda i: (-round(float(row[i]), 9), i))[:10]

    same = all(top(matrix[g]) == top(base[g]) for g in range(groups))
    print(
        f"\nAdaptability, {groups} groups × {occupations} occupations × {outcomes:,} outcomes "
        f"({sum(len(c) for c in covered):,} covered group skills): engine {engine * 1000:.2f} ms, "
        f"all-pairs baseline {baseline * 1000:.1f} ms ({baseline / engine:.0f}× faster); "
        f"top-10 per group identical: {same}"
    )


def main() -> None:
    needs = [json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines() if '"need"' in x]
    needs = [n for n in needs if n.get("kind") == "need"]
    DATA.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("demo", capture_output=True)
    print(f"database (migrate + demo) ready in {time.perf_counter() - t:.1f} s")
    taught = set(
        word
        for word in manage(
            "shell",
            "-c",
            "from leizu.programmes.recommend import host_programmes;"
            "print(' '.join(sorted({p.isced_f for p in host_programmes()})))",
            capture_output=True,
        ).stdout.split()
        if len(word) == 4 and word.isdigit()
    )
    with tempfile.TemporaryDirectory() as tmp:
        src, one, out = Path(tmp) / "needs.jsonl", Path(tmp) / "one.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in needs), "utf-8")
        one.write_text(json.dumps(needs[0], ensure_ascii=False) + "\n", "utf-8")
        t = time.perf_counter()
        manage(
            "recommend_programmes", "--input", str(one), "--output", str(out), capture_output=True
        )
        start = time.perf_counter() - t
        t = time.perf_counter()
        manage(
            "recommend_programmes", "--input", str(src), "--output", str(out), capture_output=True
        )
        total = time.perf_counter() - t
        rows = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    off_scores = []
    for n in needs:
        top3 = [p["isced_f"] for p in rows[n["id"]]["programmes"][:3]]
        hit = n["isced_f"] in top3
        for g in (n["lang"], "all"):
            s = per[g]
            s[0] += 1
            s[1] += hit
            if n["isced_f"] in taught:
                s[2] += 1
                s[3] += hit
        if n["isced_f"] not in taught:
            off_scores.append((n["id"], n["isced_f"], rows[n["id"]]["programmes"][0]["score"]))
    print(
        f"\nRecommendations for {len(needs)} stated needs of {DEV.name}; the host teaches "
        f"{len(taught)} fields ({' '.join(sorted(taught))})"
    )
    print(f"{'':6} {'top-3 in field, all':>22} {'… where the host teaches it':>30}")
    for g in ["all", "ru", "kk", "uz", "en", "zh"]:
        s = per.get(g)
        if not s:
            continue
        print(
            f"{g:6} {s[1] / s[0]:>16.2f} ({s[1]}/{s[0]}) "
            f"{(s[3] / s[2] if s[2] else float('nan')):>22.2f} ({s[3]}/{s[2]})"
        )
    print("Needs outside the host's fields, and their best score:")
    for nid, field, score in off_scores:
        print(f"  {nid} field {field}: best score {score:.3f}")
    print(
        f"\nWhole command: start-up {start:.2f} s; {len(needs)} needs in {total:.2f} s "
        f"({(total - start) / len(needs) * 1000:.1f} ms a need after start-up)"
    )


if __name__ == "__main__":
    main()
    adaptability_bench()
