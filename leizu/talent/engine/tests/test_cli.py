import io
import json

from leizu.talent.engine.cli import classify_stream, main

POSTINGS = [
    {"id": f"p{i}", "title": title, "text": text, **({"lang": lang} if lang else {})}
    for i, (title, text, lang) in enumerate(
        [
            ("Швея-мотористка", "Пошив одежды", "ru"),
            ("Tikuvchi", "Tikuv fabrikasiga", None),
            ("CNC operator", "Fanuc lathes", "en"),
            ("数控车工", "", None),
            ("Электромонтер", "", None),
            ("Дәнекерлеуші", "", "kk"),
        ]
        * 7
    )
]


def test_cli_streams_jsonl_in_order_with_two_workers(tmp_path):
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in POSTINGS))
    assert main([str(src), str(dst), "--workers", "2"]) == 0
    out = [json.loads(line) for line in dst.read_text().splitlines()]
    assert [o["id"] for o in out] == [p["id"] for p in POSTINGS]
    for o in out:
        assert {"id", "lang", "occupations", "fields", "skills", "evidence"} <= o.keys()


def test_parallel_output_equals_serial_output():
    text = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in POSTINGS)
    serial, parallel = io.StringIO(), io.StringIO()
    classify_stream(io.StringIO(text), serial, workers=1, chunk_lines=5)
    classify_stream(io.StringIO(text), parallel, workers=2, chunk_lines=5)
    assert serial.getvalue() == parallel.getvalue()


def test_bad_lines_are_reported_not_fatal():
    out = io.StringIO()
    src = '{"id": "a", "title": "Сварщик"}\nnot json\n\n[1, 2]\n{"id": "b", "lang": 5}\n'
    classify_stream(io.StringIO(src), out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0]["occupations"][0]["isco08"] == "7212"
    assert "error" in lines[1]
    assert "error" in lines[2]
    assert lines[3]["id"] == "b"
    assert lines[3]["occupations"] == []


def test_the_engine_imports_nothing_of_django():
    import subprocess
    import sys

    code = "import sys, leizu.talent.engine.cli; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def _corpus(tmp_path, files: int = 3):
    """Postings in several files, the second with a bad line and an empty one."""
    paths = []
    for n in range(files):
        lines = [json.dumps({**p, "id": f"{n}-{p['id']}"}, ensure_ascii=False) for p in POSTINGS]
        if n == 1:
            lines[3:3] = ["not json", ""]
        path = tmp_path / "in" / f"board-{n}.jsonl"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    single = tmp_path / "single.jsonl"
    joined = tmp_path / "joined.jsonl"
    joined.write_text("".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
    assert main([str(joined), str(single)]) == 0
    return str(tmp_path / "in" / "*.jsonl"), single.read_text(encoding="utf-8")


def _parts(out) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*.jsonl")))


def test_a_corpus_in_parts_equals_the_single_process_run(tmp_path):
    pattern, single = _corpus(tmp_path)
    out = tmp_path / "out"
    # Small blocks: each file splits into several parts, cut between lines.
    assert main(["--input", pattern, "--output", str(out), "--blocksize", "1000"]) == 0
    assert len(list(out.glob("part-*.jsonl"))) > 3
    assert _parts(out) == single


def test_a_corpus_classified_on_a_local_dask_cluster_of_two_workers_equals_the_single_run(
    tmp_path,
):
    from distributed import Client, LocalCluster

    from leizu.talent.engine.scaleout import classify_partitions

    pattern, single = _corpus(tmp_path)
    out = tmp_path / "out"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        n = classify_partitions([pattern], str(out), dask=cluster.scheduler_address, blocksize=1000)
        shares = client.run(_parts_classified)
    assert n == len(single.splitlines())
    assert _parts(out) == single
    # Both workers classified parts, and together all of them.
    assert len(shares) == 2 and all(shares.values())
    assert sum(shares.values()) == len(list(out.glob("part-*.jsonl")))


def _parts_classified() -> int:
    from leizu.talent.engine import scaleout

    return scaleout.parts_classified
