"""Streaming JSONL classification: ``python -m leizu.talent.engine IN.jsonl OUT.jsonl``
(a corpus of many files on Dask: ``--input PATTERN --output DIR --dask ADDRESS``, ``scaleout``).

Input lines ``{"id", "title", "text", "lang"?}``, output lines ``{"id", "lang", "occupations",
"fields", "skills", "evidence", ...}`` in the input order. Memory stays flat in the number of
postings: lines are read in chunks, at most ``2 × workers`` chunks are in flight, and results
are written as soon as the chunk they belong to is next in order.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any

import orjson

from .classifier import Classifier, get_classifier

CHUNK_LINES = 500


def _loads(line: str) -> Any:
    """One input line. orjson is several times faster than json on long texts; json settles
    what orjson reads differently (numbers beyond 64 bits become floats there, and it refuses
    NaN and lone surrogates), so an id comes back exactly as it was written."""
    try:
        post = orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)
    if isinstance(post, dict) and isinstance(post.get("id"), float):
        return json.loads(line)
    return post


def _dumps(record: dict[str, Any]) -> str:
    try:
        return orjson.dumps(record).decode()
    except TypeError:  # what orjson cannot write (an integer beyond 64 bits, a lone surrogate)
        return json.dumps(record, ensure_ascii=False)


def _classify_lines(lines: list[str], classifier: Classifier | None = None) -> list[str]:
    """Classify a chunk of JSONL lines into output lines (runs inside a worker)."""
    clf = classifier or get_classifier()
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            post = _loads(line)
        except json.JSONDecodeError as exc:
            out.append(json.dumps({"id": None, "error": f"invalid JSON: {exc}"}))
            continue
        if not isinstance(post, dict):
            out.append(json.dumps({"id": None, "error": "a line must be a JSON object"}))
            continue
        lang = post.get("lang")
        res = clf.classify(
            str(post.get("title") or ""),
            str(post.get("text") or ""),
            lang if isinstance(lang, str) and lang else None,
        )
        out.append(_dumps({"id": post.get("id"), **res}))
    return out


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _warm_worker() -> None:
    get_classifier()


def classify_stream(
    src: IO[str], dst: IO[str], workers: int = 1, chunk_lines: int = CHUNK_LINES
) -> int:
    """Classify every JSONL line of ``src`` into ``dst``; returns the number of records written.

    With ``workers > 1`` chunks go to a process pool. On Linux the pool forks after the
    classifier is built here, so workers share its indexes instead of rebuilding them.
    """
    written = 0
    if workers <= 1:
        clf = get_classifier()
        for chunk in _chunks(src, chunk_lines):
            for out in _classify_lines(chunk, clf):
                dst.write(out + "\n")
                written += 1
        return written

    get_classifier()  # build before forking
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    pending: deque[Future[list[str]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_worker) as ex:
        for chunk in _chunks(src, chunk_lines):
            pending.append(ex.submit(_classify_lines, chunk))
            # Bounded window: never read far ahead of what has been written.
            while len(pending) >= 2 * workers:
                written += _drain(pending.popleft(), dst)
        while pending:
            written += _drain(pending.popleft(), dst)
    return written


def _drain(fut: Future[list[str]], dst: IO[str]) -> int:
    lines = fut.result()
    for out in lines:
        dst.write(out + "\n")
    return len(lines)


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Classify job postings (JSONL) to ISCO-08 and ISCED-F 2013: IN.jsonl OUT.jsonl, or "
            "a corpus of many files with --input PATTERN --output DIR [--dask ADDRESS|local]."
        ),
    )
    p.add_argument("input", nargs="?", help="input JSONL file ('-' for standard input)")
    p.add_argument("output", nargs="?", help="output JSONL file ('-' for standard output)")
    p.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    p.add_argument(
        "--input",
        dest="inputs",
        action="append",
        metavar="PATTERN",
        help="input files (a glob pattern; may be given more than once): one part file each "
        "block of --blocksize bytes in --output",
    )
    p.add_argument("--output", dest="output_dir", metavar="DIR", help="directory of the parts")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="a Dask scheduler's address (tcp://host:8786), or 'local' for a local cluster of "
        "--workers processes; without it the parts are classified in this process",
    )
    p.add_argument("--blocksize", type=int, default=None, help="bytes a part reads (16 MiB)")
    return p


def run(input_path: str, output_path: str, workers: int = 1) -> int:
    """Open the files (or standard streams for '-') and classify; returns records written."""
    src: IO[str] = sys.stdin if input_path == "-" else open(input_path, encoding="utf-8")  # noqa: SIM115
    try:
        dst: IO[str] = (
            sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")  # noqa: SIM115
        )
        try:
            return classify_stream(src, dst, workers=max(1, workers))
        finally:
            if dst is not sys.stdout:
                dst.close()
    finally:
        if src is not sys.stdin:
            src.close()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser("python -m leizu.talent.engine")
    args = parser.parse_args(argv)
    if args.inputs:
        from .scaleout import BLOCKSIZE, classify_partitions

        if args.input or args.output or not args.output_dir:
            parser.error("with --input, give --output DIR and no positional files")
        try:
            n = classify_partitions(
                args.inputs,
                args.output_dir,
                dask=args.dask,
                workers=max(2, args.workers) if args.dask == "local" else args.workers,
                blocksize=args.blocksize or BLOCKSIZE,
            )
        except FileNotFoundError as exc:
            parser.error(str(exc))
    else:
        if not (args.input and args.output) or args.dask or args.output_dir:
            parser.error("give IN.jsonl OUT.jsonl, or --input PATTERN --output DIR")
        n = run(args.input, args.output, args.workers)
    print(f"classified {n} postings", file=sys.stderr)
    return 0
