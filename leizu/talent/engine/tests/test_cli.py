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
