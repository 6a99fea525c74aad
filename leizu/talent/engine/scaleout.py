"""A corpus too large for one machine, classified on Dask.

``python -m leizu.talent.engine --input 'postings/*.jsonl' --output out/ --dask ADDRESS``
(or ``--dask local`` for a cluster of ``--workers`` processes on this machine) reads the input
files in newline-aligned blocks of ``--blocksize`` bytes (Dask's ``read_text``), classifies
each block on a worker and writes it to ``out/part-NNNNN.jsonl``. The parts, read in order, are
line for line what the single-process run writes for the same files in the same (sorted)
order: the classification of a line depends on that line alone. Without ``--dask`` the same
partitions are classified one after the other in this process.

Every worker builds the classifier once (``get_classifier`` is cached per process) and holds
one block at a time, so memory stays flat in the size of the corpus. On a real cluster the input
and output paths must be on storage every worker reads and writes (a shared file system); the
workers run in an environment with Leizu installed.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .cli import _classify_lines

BLOCKSIZE = 16 * 1024 * 1024
# Parts this process has classified (a worker's share, as its logs and the tests see it).
parts_classified = 0


def input_files(patterns: list[str]) -> list[str]:
    """The files the patterns name, each once, in sorted order (the order of the parts)."""
    found: set[str] = set()
    for pattern in patterns:
        matches = glob.glob(pattern)
        if not matches:
            raise FileNotFoundError(f"no input file matches {pattern}")
        found.update(os.path.abspath(m) for m in matches if os.path.isfile(m))
    return sorted(found)


def part_name(number: int) -> str:
    return f"part-{number:05d}.jsonl"


def _classify_part(lines: list[str], path: str) -> int:
    """Classify one block of lines into its part file; how many records it wrote."""
    global parts_classified
    out = _classify_lines(lines)
    tmp = f"{path}.partial"
    with open(tmp, "w", encoding="utf-8") as dst:
        for line in out:
            dst.write(line + "\n")
    os.replace(tmp, path)  # a part is there whole or not at all
    parts_classified += 1
    return len(out)


def classify_partitions(
    inputs: list[str],
    output_dir: str,
    *,
    dask: str | None = None,
    workers: int = 2,
    blocksize: int = BLOCKSIZE,
) -> int:
    """Classify the files ``inputs`` into part files in ``output_dir``; returns the records
    written. ``dask``: a scheduler's address, ``"local"`` for a local cluster of ``workers``
    processes, or None to run the partitions here."""
    import dask as dask_core
    import dask.bag as db

    files = input_files(inputs)
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    for stale in Path(output_dir).glob("part-*.jsonl"):
        stale.unlink()  # parts of an earlier run would mix with these
    blocks = db.read_text(files, blocksize=blocksize, encoding="utf-8").to_delayed()
    tasks = [
        dask_core.delayed(_classify_part)(block, os.path.join(output_dir, part_name(i)))
        for i, block in enumerate(blocks)
    ]
    if dask is None:
        counts = dask_core.compute(*tasks, scheduler="synchronous")
    else:
        with _client(dask, workers) as client:
            counts = client.gather(client.compute(tasks))
    return int(sum(counts))


@contextmanager
def _client(address: str, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if address == "local":
        with (
            LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(address) as client:
            yield client
