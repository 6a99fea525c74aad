"""Imports: how long they take and how long they keep SQLite's write lock from other clients.

    .venv/bin/python bench/imports.py [--rows 10000 100000] [--institutions 7000]
    .venv/bin/python bench/imports.py --refusals-only

Builds a separate SQLite database in bench/out/imports/ (migrated, with the demo world) and,
for each size, imports a vacancy CSV as the worker does (``talent.io.run_import``: read, check,
stage, publish), then the same file again (nothing added), and a file whose last row is wrong
(nothing saved). A probe thread is another client: every 2 ms it tries to take the write lock
without waiting, and the longest stretch it could not is printed as the **longest write-lock
hold**. The baseline, in the same run, is the same import inside one transaction, the shape the
imports had before (reading and checking while holding the lock). Then the institution Excel
import of the same kind (before/after), and how fast and in how much memory workbooks that
break a limit are refused (a zip bomb of 400 MB of text, a densely packed sheet, sheets of
200,000 and 2,000,000 rows over their caps, a zip bomb uploaded to the talent import), each
against unpacking the same sheet once without parsing it, in the same run. The test suite
checks the same refusals without a clock (nothing of the sheet read, memory bounded);
``--refusals-only`` runs only these, without a database.
Classification is a separate stage and is not timed here (see classifier.py).
"""

import argparse
import csv
import datetime
import io
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "imports"
DB = OUT / "leizu.sqlite3"
TRANSACTIONS: "LongestTransaction"


def prepare() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    env = {**os.environ, "LEIZU_DATA_DIR": str(OUT), "DATABASE_URL": f"sqlite:///{DB}"}
    env["LEIZU_DEMO"] = "1"
    for command in (["migrate", "-v", "0"], ["demo", "--quiet"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    setup_django()


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "LEIZU_DATA_DIR": str(OUT),
            "DATABASE_URL": f"sqlite:///{DB}",
            "DJANGO_SETTINGS_MODULE": "leizu.settings",
        }
    )
    import django

    django.setup()


class LockProbe(threading.Thread):
    """Another client trying to write every 2 ms without waiting."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.done = threading.Event()
        self.longest = 0.0

    def run(self) -> None:
        conn = sqlite3.connect(DB, timeout=0, isolation_level=None)
        blocked_since = None
        while not self.done.is_set():
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("COMMIT")
                if blocked_since is not None:
                    self.longest = max(self.longest, time.perf_counter() - blocked_since)
                    blocked_since = None
            except sqlite3.OperationalError:
                blocked_since = blocked_since or time.perf_counter()
            time.sleep(0.002)
        conn.close()


class LongestTransaction:
    """The longest outermost transaction of this process, timed from inside."""

    def __init__(self) -> None:
        from django.db import transaction

        self.longest = 0.0
        self.started = 0.0
        enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__
        probe = self

        def timed_enter(atomic):  # type: ignore[no-untyped-def]
            from django.db import connections

            if not connections[atomic.using or "default"].in_atomic_block:
                probe.started = time.perf_counter()
            return enter(atomic)

        def timed_exit(atomic, *exc):  # type: ignore[no-untyped-def]
            from django.db import connections

            try:
                return exit_(atomic, *exc)
            finally:
                if not connections[atomic.using or "default"].in_atomic_block:
                    probe.longest = max(probe.longest, time.perf_counter() - probe.started)

        transaction.Atomic.__enter__ = timed_enter  # type: ignore[method-assign]
        transaction.Atomic.__exit__ = timed_exit  # type: ignore[method-assign]


def measured(work):
    """(result, seconds, longest write-lock hold seen by another client, longest transaction)."""
    probe = LockProbe()
    probe.start()
    TRANSACTIONS.longest = 0.0
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    probe.done.set()
    probe.join()
    return result, elapsed, probe.longest, TRANSACTIONS.longest


def line(label: str, seconds: float, held: float, longest: float, outcome: str) -> None:
    print(
        f"  {label:30s} {seconds:6.2f} s  lock held {held:5.2f} s  "
        f"longest transaction {longest:5.2f} s  {outcome}"
    )


def vacancy_csv(path: Path, rows: int, *, salt: str, bad_last: bool = False) -> Path:
    day = datetime.date(2025, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Job title", "Description", "Company", "Country", "Region", "Published"])
        for i in range(rows):
            date = (day + datetime.timedelta(days=i % 300)).isoformat()
            if bad_last and i == rows - 1:
                date = "31.02.2025"
            writer.writerow(
                [
                    f"Швея-мотористка {salt} {i}",
                    "Пошив одежды на промышленных машинах; работа в смену",
                    f"ТОО «Тест {i % 50}»",
                    "KZ",
                    "KZ-ALA" if i % 2 else "Алматы",
                    date,
                ]
            )
    return path


def talent(rows: int) -> None:
    from django.core.files import File
    from django.db import transaction

    from leizu.accounts.models import User
    from leizu.core.access import actor_for_user
    from leizu.talent import io as talent_io
    from leizu.talent import services
    from leizu.talent.models import ImportJob

    analyst = actor_for_user(User.objects.get(email="analyst@leizu.demo"))

    def start(path: Path) -> ImportJob:
        with path.open("rb") as handle:
            job = services.import_create(by=analyst, upload=File(handle, name=path.name))
        return services.import_start(job=job, by=analyst)

    def run(job: ImportJob, *, one_transaction: bool = False) -> str:
        if one_transaction:
            with transaction.atomic():
                done = talent_io.run_import(job.pk)
        else:
            done = talent_io.run_import(job.pk)
        return f"{done.status}: {done.created_count} added, {done.duplicate_count} already there"

    print(f"\nVacancy CSV, {rows:,} rows", end="")
    cases = [
        ("baseline: in one transaction", "base", {"one_transaction": True}),
        ("import", "new", {}),
        ("same file again", "new", {}),
    ]
    for label, salt, options in cases:
        path = vacancy_csv(OUT / f"{salt}.csv", rows, salt=f"{salt}{rows}")
        size = path.stat().st_size
        job = start(path)
        outcome, *times = measured(lambda job=job, options=options: run(job, **options))
        if label == cases[0][0]:
            print(f" ({size / 1e6:.1f} MB)")
        line(label, *times, outcome)
    bad = vacancy_csv(OUT / "bad.csv", rows, salt=f"bad{rows}", bad_last=True)
    job = start(bad)
    outcome, *times = measured(lambda: run(job))
    line("last row wrong", *times, outcome)


def institutions(rows: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from openpyxl import Workbook

    from leizu.accounts.models import User
    from leizu.core.access import actor_for_user
    from leizu.institutions.io import institutions_import_xlsx

    coordinator = actor_for_user(User.objects.get(email="coordinator@leizu.demo"))

    def workbook(salt: str) -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Institutions")
        ws.append(["kind", "country", "name_en", "name_ru", "national_id_scheme", "national_id"])
        for i in range(rows):
            ws.append(
                [
                    "company",
                    "KZ",
                    f"Company {salt} {i} LLP",
                    f"ТОО «{salt} {i}»",
                    "kz_bin",
                    f"{salt}{i:08d}",
                ]
            )
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def run(data: bytes, *, one_transaction: bool = False) -> str:
        upload = SimpleUploadedFile("institutions.xlsx", data)
        if one_transaction:
            with transaction.atomic():
                result = institutions_import_xlsx(by=coordinator, file=upload)
        else:
            result = institutions_import_xlsx(by=coordinator, file=upload)
        return (
            f"{result.created} created, {result.unchanged} unchanged, {len(result.errors)} errors"
        )

    print(f"\nInstitutions workbook, {rows:,} rows")
    new = workbook("4")
    for label, data, options in [
        ("baseline: in one transaction", workbook("3"), {"one_transaction": True}),
        ("import", new, {}),
        ("same file again", new, {}),
    ]:
        outcome, *times = measured(lambda data=data, options=options: run(data, **options))
        line(label, *times, outcome)


class ReadCounted(io.BytesIO):
    """A file that remembers which of its bytes were read (as the suite's check does)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.spans: list[tuple[int, int]] = []

    def read(self, size: int | None = -1) -> bytes:
        start = self.tell()
        chunk = super().read(size)
        self.spans.append((start, start + len(chunk)))
        return chunk


def sheet_zip(chunks, *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr(
            "xl/workbook.xml",
            '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>",
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def numbered_rows(rows: int, step: int = 100_000):
    for start in range(1, rows + 1, step):
        yield b"".join(
            b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919 % 100_003)
            for i in range(start, min(start + step, rows + 1))
        )


def best_of(work, repeats: int) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process) of the fastest of ``repeats`` runs."""
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu, result))
    wall, cpu, result = min(runs, key=lambda run: run[0])
    return result, wall, cpu


def refusals(repeats: int) -> None:
    """Workbooks that break a limit, refused before they are parsed: how long the refusal
    takes, its peak of traced memory and how much of the packed sheet it read, against the
    baseline of unpacking the same sheet once without parsing it (the least any check that
    unpacks would cost), measured in the same run on the same file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from leizu.core.imports import ImportRefused, Limits, open_table
    from leizu.core.services import ServiceError
    from leizu.talent import io as talent_io

    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (1 << 20) + b"</t></is></c></row>"
    dense = b"<row><c><v>1</v></c></row>" * 100_000
    cases: list[tuple[str, bytes, dict[str, int]]] = [
        ("zip bomb (400 MB of text)", sheet_zip(cell for _ in range(400)), {}),
        ("dense sheet (100,000 rows)", sheet_zip([dense], level=1), {}),
        (
            "200,000 rows, cap 20,000",
            sheet_zip(numbered_rows(200_000), level=1),
            {"max_rows": 20_000},
        ),
        ("2,000,000 rows, cap 200,000", sheet_zip(numbered_rows(2_000_000)), {}),
    ]

    def refuse(data: bytes, limits: dict[str, int]):
        def work() -> tuple[str, ReadCounted]:
            handle = ReadCounted(data)
            try:
                with open_table(handle, "xlsx", limits=Limits.from_settings(**limits)):
                    return "read?!", handle
            except ImportRefused as exc:
                return str(exc.message), handle

        return work

    def unpack(data: bytes):
        def work() -> int:
            with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("xl/worksheets/sheet1.xml") as f:
                return sum(len(chunk) for chunk in iter(lambda: f.read(1 << 20), b""))

        return work

    def traced_peak(work) -> int:
        tracemalloc.start()
        try:
            work()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def size(n: float) -> str:
        return f"{n / 1e6:6.1f} MB" if n >= 1e5 else f"{n / 1e3:6.1f} KB"

    def seconds(wall: float, cpu: float) -> str:
        return f"{wall * 1000:8.1f} ms ({cpu * 1000:7.1f} cpu)"

    print(f"\nWorkbooks refused before they are parsed (fastest of {repeats} runs each)")
    print(
        f"  {'case':28s} {'file':>9s} {'unpacked':>9s}  {'refused in':^24s} {'peak':>8s}  "
        f"{'sheet read':>10s}  {'baseline: unpack it':^24s}"
    )
    for label, data, limits in cases:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("xl/worksheets/sheet1.xml")
        (message, handle), wall, cpu = best_of(refuse(data, limits), repeats)
        peak = traced_peak(refuse(data, limits))
        # The sheet's packed bytes start after its local header (30 bytes, name, extra field).
        name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 :][:4])
        start = info.header_offset + 30 + name_length + extra_length
        end = start + info.compress_size
        read = sum(max(0, min(b, end) - max(a, start)) for a, b in handle.spans)
        unpacked, base_wall, base_cpu = best_of(unpack(data), repeats)
        print(
            f"  {label:28s} {size(len(data))} {size(unpacked)}  {seconds(wall, cpu)} "
            f"{peak / 1e6:5.1f} MB  {read / max(info.compress_size, 1):10.1%}  "
            f"{seconds(base_wall, base_cpu)}  {message}"
        )

    # The talent import page's check of an upload (kept under MEDIA_ROOT only when accepted).
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<row>" * 4_000_000)
    data = bomb.getvalue()

    def upload() -> str:
        try:
            talent_io.store_upload(SimpleUploadedFile("board.xlsx", data))
        except ServiceError as exc:
            return str(exc.message)
        return "kept?!"

    message, wall, cpu = best_of(upload, repeats)
    unpacked, base_wall, base_cpu = best_of(unpack(data), repeats)
    print(
        f"  {'upload to talent imports':28s} {size(len(data))} {size(unpacked)}  "
        f"{seconds(wall, cpu)} {'':8s}  {'':10s}  {seconds(base_wall, base_cpu)}  {message}"
    )

    # For scale: a workbook of 20,000 rows (the suite's cap), accepted and read by openpyxl.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Vacancies")
    sheet.append(["title", "openings"])
    for i in range(20_000):
        sheet.append([f"Швея {i}", i * 7919 % 100_003])
    out = io.BytesIO()
    book.save(out)
    accepted = out.getvalue()

    def read_all() -> int:
        with open_table(io.BytesIO(accepted), "xlsx", limits=Limits.from_settings()) as table:
            return sum(1 for _row in table.rows())

    rows, wall, cpu = best_of(read_all, repeats)
    print(
        f"  reference: a workbook of {rows:,} rows ({size(len(accepted)).strip()}) accepted and "
        f"read to its end in {seconds(wall, cpu).strip()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--institutions", type=int, default=7000)
    parser.add_argument(
        "--refusals-only",
        action="store_true",
        help="only the workbooks refused before they are parsed (no database needed)",
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each refusal (fastest kept)"
    )
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    if args.refusals_only:
        setup_django()
    else:
        prepare()
        global TRANSACTIONS
        TRANSACTIONS = LongestTransaction()
        for rows in args.rows:
            talent(rows)
        institutions(args.institutions)
    refusals(args.repeats)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
