"""Import of demand evidence (vacancy postings, survey rows) from CSV, XLSX or JSONL.

All or nothing, in two passes over the file so memory stays flat whatever its size:
1. every row is read, mapped and checked; progress is written to the ImportJob row as it goes
   (outside any transaction, so the page polling it sees it move); errors are listed by row,
   column and reason;
2. only when no row has an error, the rows are read again and written in one transaction, in
   batches of prepared inserts.
Idempotent: each row has a content hash (normalised title + text + employer + country + date for
a posting) unique within the importing institution's evidence, so a row it already holds, or
repeated in the file, is counted as already recorded and added once only. A posting only another
institution holds is added (the import says nothing of other institutions' evidence); the figures
count it once all the same (``PostingQuerySet.counted_once``). Graduate supply has its own small Excel import
(``supply_import_xlsx``), matching rows by field, country, region and year.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile, is_zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.errors import ServiceError
from leizu.core.links import NOT_A_WEB_URL, web_url
from leizu.core.reference import country_codes
from leizu.core.spreadsheets import append_safe_row, unquoted
from leizu.core.text import normalise
from leizu.talent.codes import isced_detailed_codes, isco_codes
from leizu.talent.models import (
    DEFAULT_RELIABILITY,
    ImportJob,
    ImportKind,
    ImportStatus,
    NeedKind,
    Posting,
    StatedNeed,
)
from leizu.talent.regions import region_find

WRITE_BATCH = 2000
PROGRESS_EVERY_SECONDS = 0.5
KEEP_ERRORS = 200
FORMATS = ("csv", "xlsx", "jsonl")

# Target fields of each kind of import: (name, required, words a file's column may use for it).
POSTING_FIELDS: list[tuple[str, bool, tuple[str, ...]]] = [
    (
        "title",
        True,
        ("title", "job_title", "position", "vacancy", "вакансия", "должность", "职位", "岗位"),
    ),
    ("text", False, ("text", "description", "body", "описание", "текст", "描述", "职位描述")),
    ("employer", False, ("employer", "company", "работодатель", "компания", "公司", "企业")),
    ("country", True, ("country", "страна", "国家")),
    ("region", False, ("region", "регион", "область", "地区", "省份")),
    ("date", True, ("date", "posted", "posted_on", "published", "published_at", "дата", "日期")),
    ("language", False, ("language", "lang", "язык", "语言")),
    ("source", False, ("source", "источник", "来源")),
    ("url", False, ("url", "link", "ссылка", "链接")),
    ("openings", False, ("openings", "vacancies", "count", "количество", "人数")),
]
SURVEY_FIELDS: list[tuple[str, bool, tuple[str, ...]]] = [
    ("occupation", True, ("occupation", "profession", "профессия", "职业")),
    ("isco08", False, ("isco08", "isco", "isco_code")),
    ("isced_f", False, ("isced_f", "isced", "field", "field_code")),
    ("headcount", True, ("headcount", "count", "number", "количество", "人数")),
    ("country", True, ("country", "страна", "国家")),
    ("region", False, ("region", "регион", "область", "地区")),
    ("horizon_year", False, ("horizon", "horizon_year", "year", "год", "年份")),
    ("employer", False, ("employer", "company", "respondent", "работодатель", "公司")),
    ("level", False, ("level", "isced_level", "уровень")),
    ("date", True, ("date", "survey_date", "дата", "日期")),
    ("language", False, ("language", "lang", "язык")),
    ("source", False, ("source", "источник")),
    ("reliability", False, ("reliability", "достоверность")),
]


def fields_for(kind: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    return POSTING_FIELDS if kind == ImportKind.POSTINGS else SURVEY_FIELDS


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- the upload -------------------------------------------------------------------------------


def import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "talent-imports"


def import_max_bytes() -> int:
    return int(getattr(settings, "LEIZU_IMPORT_MAX_BYTES", 200 * 1024 * 1024))


def sniff_format(head: bytes, name: str = "") -> str | None:
    """The file's format from its content: an XLSX workbook (a zip), JSON lines or CSV text."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if b"\x00" in head:
        return None
    text = head.removeprefix(b"\xef\xbb\xbf")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start < len(text) - 4:
            return None
        decoded = text[: exc.start].decode("utf-8")
    stripped = decoded.lstrip()
    if not stripped:
        return None
    if stripped.startswith("{"):
        return "jsonl"
    return "csv"


def store_upload(upload: Any) -> tuple[str, str, int]:
    """Check an upload by its content and keep it under a generated name.

    Returns (path relative to MEDIA_ROOT, format, size); ServiceError when refused."""
    size = upload.size or 0
    if size > import_max_bytes():
        raise ServiceError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": import_max_bytes() // (1024 * 1024)},
            fields={"file": [_("The file is too large.")]},
        )
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    fmt = sniff_format(head, upload.name or "")
    if fmt is None:
        raise ServiceError(
            _("This file is not CSV or JSON lines text in UTF-8, nor an Excel workbook (.xlsx)."),
            fields={"file": [_("Upload a .csv, .jsonl or .xlsx file.")]},
        )
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    path = directory / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    if fmt == "xlsx" and not is_zipfile(path):
        path.unlink()
        raise ServiceError(
            _("The workbook cannot be read."), fields={"file": [_("The workbook cannot be read.")]}
        )
    return f"talent-imports/{name}", fmt, size


def job_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / job.file_path


# --- reading ----------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_reader(handle: Any) -> Any:
    sample = handle.read(65536)
    handle.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(handle, dialect)


def read_rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (row number as the user counts it, {column: value}), streaming."""
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = _csv_reader(handle)
            header = [h.strip() for h in next(reader, [])]
            for rownum, raw in enumerate(reader, start=2):
                if not any(raw):
                    continue
                yield rownum, {h: v.strip() for h, v in zip(header, raw, strict=False) if h}
    elif fmt == "jsonl":
        with path.open(encoding="utf-8-sig") as handle:
            for rownum, line in enumerate(handle, start=1):
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    yield rownum, {"__error__": _("This line is not valid JSON.")}
                    continue
                if not isinstance(obj, dict):
                    yield rownum, {"__error__": _("This line is not a JSON object.")}
                    continue
                yield rownum, {str(k): _cell(v) for k, v in obj.items()}
    else:
        with path.open("rb") as handle:
            wb = load_workbook(handle, read_only=True, data_only=True)
            try:
                rows = wb.worksheets[0].iter_rows(values_only=True)
                header = [str(_cell(h)) for h in next(rows, ())]
                for rownum, raw in enumerate(rows, start=2):
                    values = {h: _cell(v) for h, v in zip(header, raw, strict=False) if h}
                    if any(v != "" for v in values.values()):
                        yield rownum, values
            finally:
                wb.close()


def estimate_rows(path: Path, fmt: str) -> int:
    """About how many rows the file has (line count, or the sheet's dimension), for progress."""
    if fmt == "xlsx":
        with path.open("rb") as handle:
            wb = load_workbook(handle, read_only=True)
            try:
                return max((wb.worksheets[0].max_row or 1) - 1, 0)
            finally:
                wb.close()
    lines = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return max(lines - (1 if fmt == "csv" else 0), 0)


def read_columns(path: Path, fmt: str) -> list[str]:
    """The columns the file offers: the header row, or the keys of the first JSON lines."""
    if fmt == "jsonl":
        seen: dict[str, None] = {}
        for n, (_rownum, values) in enumerate(read_rows(path, fmt)):
            seen.update(dict.fromkeys(k for k in values if k != "__error__"))
            if n >= 20:
                break
        return list(seen)
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [h.strip() for h in next(_csv_reader(handle), []) if h.strip()]
    with path.open("rb") as handle:
        wb = load_workbook(handle, read_only=True, data_only=True)
        try:
            first = next(wb.worksheets[0].iter_rows(values_only=True, max_row=1), ())
            return [str(_cell(h)) for h in first if _cell(h) != ""]
        finally:
            wb.close()


def guess_mapping(kind: str, columns: list[str]) -> dict[str, str]:
    """Target field → column, by the usual names of each field (case and spacing ignored)."""
    by_key = {normalise(c).replace(" ", "_"): c for c in columns}
    mapping = {}
    for name, _required, words in fields_for(kind):
        for word in (name, *words):
            column = by_key.get(normalise(word).replace(" ", "_"))
            if column:
                mapping[name] = column
                break
    return mapping


# --- checking one row -------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%Y", "%Y.%m.%d", "%Y年%m月%d日")


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    if "T" in text:
        text = text.split("T", 1)[0]
    elif " " in text:
        text = text.split(" ", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


class RowChecker:
    """Maps one row's columns onto the target fields and checks them."""

    def __init__(self, kind: str, mapping: dict[str, str], defaults: dict[str, Any]) -> None:
        self.kind = kind
        self.mapping = mapping
        self.defaults = defaults
        self.countries = frozenset(country_codes())
        self.isco = isco_codes()
        self.isced = isced_detailed_codes()
        self.today = timezone.localdate()

    def value(self, values: dict[str, Any], name: str) -> Any:
        column = self.mapping.get(name)
        raw = values.get(column, "") if column else ""
        if raw == "" or raw is None:
            return self.defaults.get(name, "")
        return raw

    def column(self, name: str) -> str:
        return self.mapping.get(name) or name

    def check(self, rownum: int, values: dict[str, Any], errors: list[RowError]) -> dict | None:
        if "__error__" in values:
            errors.append(RowError(rownum, "", values["__error__"]))
            return None
        before = len(errors)
        data = self._common(rownum, values, errors)
        if self.kind == ImportKind.POSTINGS:
            self._posting(rownum, values, errors, data)
        else:
            self._survey(rownum, values, errors, data)
        return data if len(errors) == before else None

    def _text(
        self, rownum: int, values: dict, errors: list, name: str, limit: int, required=False
    ) -> str:
        text = str(self.value(values, name) or "").strip()
        if required and not text:
            errors.append(RowError(rownum, self.column(name), _("This value is missing.")))
        elif len(text) > limit:
            errors.append(
                RowError(
                    rownum,
                    self.column(name),
                    _("Longer than %(limit)d characters.") % {"limit": limit},
                )
            )
        return text

    def _common(self, rownum: int, values: dict, errors: list[RowError]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        country = str(self.value(values, "country") or "").strip().upper()
        if country not in self.countries:
            errors.append(
                RowError(
                    rownum,
                    self.column("country"),
                    _("“%(value)s” is not a two-letter ISO country code.") % {"value": country},
                )
            )
        data["country"] = country
        region_raw = str(self.value(values, "region") or "").strip()
        region = ""
        if region_raw and country in self.countries:
            region = region_find(region_raw, country) or ""
            if not region:
                errors.append(
                    RowError(
                        rownum,
                        self.column("region"),
                        _(
                            "Unknown region “%(value)s” for this country; use an ISO 3166-2 code "
                            "such as KZ-ALA or the region's name."
                        )
                        % {"value": region_raw},
                    )
                )
        data["region"] = region
        day = parse_date(self.value(values, "date"))
        if day is None:
            errors.append(
                RowError(
                    rownum,
                    self.column("date"),
                    _("The date is missing or not a date (use YYYY-MM-DD)."),
                )
            )
        elif day > self.today + datetime.timedelta(days=1):
            errors.append(RowError(rownum, self.column("date"), _("The date is in the future.")))
        data["date"] = day
        data["language"] = self._text(rownum, values, errors, "language", 10).lower()
        data["source"] = self._text(rownum, values, errors, "source", 300)
        data["employer"] = self._text(rownum, values, errors, "employer", 300)
        return data

    def _posting(self, rownum: int, values: dict, errors: list, data: dict) -> None:
        data["title"] = self._text(rownum, values, errors, "title", 500, required=True)
        data["text"] = str(self.value(values, "text") or "").strip()
        data["url"] = self._text(rownum, values, errors, "url", 500)
        if data["url"] and not web_url(data["url"]):
            errors.append(RowError(rownum, self.column("url"), str(NOT_A_WEB_URL)))
        openings = str(self.value(values, "openings") or "1").strip()
        if not openings.isdigit() or not 1 <= int(openings) <= 10000:
            errors.append(
                RowError(
                    rownum, self.column("openings"), _("Enter a whole number from 1 to 10000.")
                )
            )
            openings = "1"
        data["openings"] = int(openings)

    def _survey(self, rownum: int, values: dict, errors: list, data: dict) -> None:
        data["occupation"] = self._text(rownum, values, errors, "occupation", 300, required=True)
        isco = str(self.value(values, "isco08") or "").strip()
        if isco and isco not in self.isco:
            errors.append(
                RowError(rownum, self.column("isco08"), _("Not an ISCO-08 unit group code."))
            )
        data["isco08"] = isco
        isced = str(self.value(values, "isced_f") or "").strip()
        if isced and isced not in self.isced:
            errors.append(
                RowError(
                    rownum,
                    self.column("isced_f"),
                    _("Not a detailed ISCED-F 2013 field code (four digits)."),
                )
            )
        data["isced_f"] = isced
        headcount = str(self.value(values, "headcount") or "").strip()
        if not headcount.isdigit() or not 1 <= int(headcount) <= 1_000_000:
            errors.append(
                RowError(
                    rownum,
                    self.column("headcount"),
                    _("Enter a whole number of people (1 or more)."),
                )
            )
            headcount = "0"
        data["headcount"] = int(headcount)
        horizon = str(self.value(values, "horizon_year") or "").strip()
        if horizon and not (horizon.isdigit() and 2000 <= int(horizon) <= 2100):
            errors.append(
                RowError(rownum, self.column("horizon_year"), _("Enter a year such as 2027."))
            )
        data["horizon_year"] = int(horizon) if horizon.isdigit() else None
        data["level"] = self._text(rownum, values, errors, "level", 2)
        reliability = str(self.value(values, "reliability") or "").strip().replace(",", ".")
        try:
            value = float(reliability) if reliability else DEFAULT_RELIABILITY[NeedKind.SURVEY]
            if not 0 <= value <= 1:
                raise ValueError
        except ValueError:
            errors.append(
                RowError(rownum, self.column("reliability"), _("Enter a number from 0 to 1."))
            )
            value = 0.0
        data["reliability"] = value


def content_hash(*parts: Any) -> str:
    text = "\x1f".join(normalise(str(p)) if isinstance(p, str) else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def posting_hash(data: dict[str, Any]) -> str:
    return content_hash(
        data["title"], data["text"], data["employer"], data["country"], data["date"].isoformat()
    )


def survey_hash(institution_id: int, data: dict[str, Any]) -> str:
    return content_hash(
        "survey",
        str(institution_id),
        data["occupation"],
        data["isco08"],
        data["isced_f"],
        data["employer"],
        data["country"],
        data["region"],
        str(data["headcount"]),
        str(data["horizon_year"] or ""),
        data["date"].isoformat(),
        data["source"],
    )


# --- running a job ----------------------------------------------------------------------------


class _Progress:
    """Writes the processed count to the job row at most twice a second."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, force: bool = False, **values: Any) -> None:
        now = time.monotonic()
        if force or now - self.last >= PROGRESS_EVERY_SECONDS or values.get("status"):
            self.last = now
            ImportJob.objects.filter(pk=self.job.pk).update(updated_at=timezone.now(), **values)


def _missing_required(job: ImportJob) -> list[str]:
    return [
        name
        for name, required, _w in fields_for(job.kind)
        if required and not job.mapping.get(name) and not job.defaults.get(name)
    ]


def run_import(job_id: Any) -> ImportJob:
    """Check every row, then write all of them or none. Runs as a task (see tasks.py)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.CHECKING):
        return job
    progress = _Progress(job)
    progress(status=ImportStatus.CHECKING, processed_rows=0)
    errors: list[RowError] = []
    error_count = 0
    valid = 0
    total = 0
    missing = _missing_required(job)
    if missing:
        errors = [
            RowError(1, m, _("No column is chosen for this required field.")) for m in missing
        ]
        return _fail(job, errors, len(errors), 0)
    checker = RowChecker(job.kind, job.mapping, job.defaults)
    path = job_path(job)
    try:
        job.total_rows = estimate_rows(path, job.file_format)
        progress(force=True, total_rows=job.total_rows)
        for rownum, values in read_rows(path, job.file_format):
            total += 1
            row_errors: list[RowError] = []
            if checker.check(rownum, values, row_errors) is None:
                error_count += len(row_errors)
                if len(errors) < KEEP_ERRORS:
                    errors.extend(row_errors[: KEEP_ERRORS - len(errors)])
            else:
                valid += 1
            if total % 500 == 0:
                progress(processed_rows=total, total_rows=max(total, job.total_rows))
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, csv.Error) as exc:
        errors.append(
            RowError(total + 1, "", _("The file cannot be read: %(reason)s") % {"reason": exc})
        )
        error_count += 1
    if total == 0 and not errors:
        errors.append(RowError(1, "", _("The file has no rows.")))
        error_count += 1
    if errors:
        return _fail(job, errors, error_count, total)

    progress(status=ImportStatus.SAVING, processed_rows=total, total_rows=total)
    try:
        with transaction.atomic():
            if job.kind == ImportKind.POSTINGS:
                created = _write_postings(job, checker, path)
            else:
                created = _write_survey(job, checker, path)
            audit_record(
                actor=job.created_by,
                action=f"talent.import.{job.kind}",
                obj=job,
                institution_id=job.institution_id,
                after={"rows": total, "added": created, "file": job.original_name},
            )
    except Exception as exc:  # the transaction is rolled back: nothing is written
        return _fail(
            job, [RowError(0, "", _("Saving failed: %(reason)s") % {"reason": exc})], 1, total
        )
    to_classify = created if job.kind == ImportKind.POSTINGS else 0
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CLASSIFYING if to_classify else ImportStatus.DONE,
        created_count=created,
        duplicate_count=valid - created,
        to_classify=to_classify,
        classified_rows=0,
        finished_at=None if to_classify else timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _fail(job: ImportJob, errors: list[RowError], count: int, total: int) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED,
        errors=[e.as_dict() for e in errors],
        error_count=count,
        total_rows=total,
        processed_rows=total,
        created_count=0,
        duplicate_count=0,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _checked_rows(checker: RowChecker, path: Path, fmt: str) -> Iterator[dict[str, Any]]:
    for rownum, values in read_rows(path, fmt):
        errors: list[RowError] = []
        data = checker.check(rownum, values, errors)
        if data is None:  # the file changed between the passes
            raise ServiceError(_("Row %(row)d changed while importing.") % {"row": rownum})
        yield data


class _InsertIgnoring:
    """Inserts rows of a model in batches, skipping rows that break a unique constraint.

    ``bulk_create`` would split a batch into statements of 999 parameters on SQLite and compile
    each, which makes a 100,000-row import several times slower. Instead: on SQLite one
    prepared ``INSERT OR IGNORE`` run with ``executemany``; on PostgreSQL the rows are copied
    (COPY) into a temporary table and moved with one ``INSERT … SELECT … ON CONFLICT DO
    NOTHING``. Values are prepared by the model's own fields, defaults included.
    """

    TEMP = "talent_import_rows"

    def __init__(self, model: Any) -> None:
        from django.db import connection

        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        self.columns = ", ".join(quote(f.column) for f in self.fields)
        self.table = quote(model._meta.db_table)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT OR IGNORE INTO {self.table} ({self.columns}) VALUES ({marks})"
        now = timezone.now()
        self.prepared = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value: Any = now
            else:
                value = f.get_default()  # "" for text columns without a default, else None
            self.prepared[f.attname] = self._prep(f, value)
        self.batch: list[list[Any]] = []
        self.constant: dict[str, Any] = {}
        if not self.sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.TEMP}")
                cursor.execute(
                    f"CREATE TEMP TABLE {self.TEMP} AS SELECT {self.columns} FROM {self.table} "
                    "WITH NO DATA"
                )

    def set_constant(self, **values: Any) -> None:
        """Values equal for every row, prepared once (the job's id, the institution…)."""
        by_name = {f.attname: f for f in self.fields}
        self.constant = {k: self._prep(by_name[k], v) for k, v in values.items()}

    def _prep(self, field: Any, value: Any) -> Any:
        return field.get_db_prep_save(value, self.connection)

    def add(self, values: dict[str, Any]) -> None:
        row = []
        for f in self.fields:
            name = f.attname
            if name in self.constant:
                row.append(self.constant[name])
            elif name in values:
                value = values[name]
                # Plain text and numbers need no preparing; dates and the rest do.
                row.append(value if isinstance(value, str | int) else self._prep(f, value))
            else:
                row.append(self.prepared[name])
        self.batch.append(row)
        if len(self.batch) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        with self.connection.cursor() as cursor:
            if self.sqlite:
                cursor.executemany(self.sql, self.batch)
            else:
                with cursor.cursor.copy(f"COPY {self.TEMP} ({self.columns}) FROM STDIN") as copy:
                    for row in self.batch:
                        copy.write_row(row)
        self.batch = []

    def finish(self) -> None:
        self.flush()
        if not self.sqlite:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {self.table} ({self.columns}) SELECT {self.columns} "
                    f"FROM {self.TEMP} ON CONFLICT DO NOTHING"
                )
                cursor.execute(f"DROP TABLE {self.TEMP}")


def _write_postings(job: ImportJob, checker: RowChecker, path: Path) -> int:
    insert = _InsertIgnoring(Posting)
    insert.set_constant(institution_id=job.institution_id, import_job_id=job.pk)
    fallback_source = job.original_name[:300]
    for data in _checked_rows(checker, path, job.file_format):
        insert.add(
            {
                "source": data["source"] or fallback_source,
                "country": data["country"],
                "region": data["region"],
                "language": data["language"],
                "title": data["title"],
                "text": data["text"],
                "employer": data["employer"],
                "posted_on": data["date"],
                "openings": data["openings"],
                "url": data["url"],
                "content_hash": posting_hash(data),
            }
        )
    insert.finish()
    return Posting.objects.filter(import_job_id=job.pk).count()


def _write_survey(job: ImportJob, checker: RowChecker, path: Path) -> int:
    from leizu.talent.classification import best, classify, get_classifier

    clf = None
    batch: list[StatedNeed] = []
    for data in _checked_rows(checker, path, job.file_format):
        isco, isced = data["isco08"], data["isced_f"]
        if not isco or not isced:
            clf = clf or get_classifier()
            guess_isco, guess_isced, _score = best(
                classify(data["occupation"], "", data["language"] or None, clf)
            )
            isco, isced = isco or guess_isco, isced or guess_isced
        batch.append(
            StatedNeed(
                kind=NeedKind.SURVEY,
                institution_id=job.institution_id,
                import_job_id=job.pk,
                source=data["source"] or job.original_name[:300],
                country=data["country"],
                region=data["region"],
                language=data["language"],
                occupation=data["occupation"],
                isco08=isco,
                isced_f=isced,
                employer=data["employer"],
                headcount=data["headcount"],
                level=data["level"],
                horizon_year=data["horizon_year"],
                stated_on=data["date"],
                reliability=data["reliability"],
                content_hash=survey_hash(job.institution_id, data),
                created_by_id=job.created_by_id,
            )
        )
        if len(batch) >= WRITE_BATCH:
            StatedNeed.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        StatedNeed.objects.bulk_create(batch, ignore_conflicts=True)
    return StatedNeed.objects.filter(import_job_id=job.pk).count()


def run_classification(job_id: Any) -> ImportJob:
    """Classify the postings an import added, in batches, with progress on the job row."""
    from leizu.talent.classification import classify_pending

    job = ImportJob.objects.get(pk=job_id)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(classified_rows=done, updated_at=timezone.now())

    classify_pending(import_id=job.pk, progress=progress)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        classified_rows=job.to_classify,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


# --- graduate supply (Excel) -------------------------------------------------------------------

SUPPLY_HEADERS = ["isced_f", "country", "region", "year", "graduates", "source"]


def supply_export_xlsx(*, actor: Actor) -> bytes:
    from leizu.talent.selectors import supply_list

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Graduates")
    append_safe_row(ws, SUPPLY_HEADERS)
    for row in supply_list(actor=actor).values_list(*SUPPLY_HEADERS).iterator(chunk_size=2000):
        append_safe_row(ws, row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def supply_import_xlsx(*, by: Actor, file: Any) -> ImportResult:
    """All or nothing; a row matches a stored one by field, country, region and year. Text
    quoted by the export (``core.spreadsheets``) is read back as it was stored."""
    from leizu.talent.services import supply_save

    result = ImportResult()
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        result.errors.append(RowError(0, "", _("The file is not an Excel workbook (.xlsx).")))
        return result
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [str(_cell(h)) for h in next(rows, ())]
    missing = [h for h in SUPPLY_HEADERS[:5] if h not in header]
    if missing:
        result.errors.append(
            RowError(1, ", ".join(missing), _("Required column is missing from the first row."))
        )
        return result
    countries = frozenset(country_codes())
    fields = isced_detailed_codes()
    with transaction.atomic():
        for rownum, raw in enumerate(rows, start=2):
            values = {h: unquoted(_cell(v)) for h, v in zip(header, raw, strict=False) if h}
            if not any(v != "" for v in values.values()):
                continue
            errors: list[RowError] = []
            isced = str(values.get("isced_f", ""))
            if isced not in fields:
                errors.append(
                    RowError(
                        rownum,
                        "isced_f",
                        _("Not a detailed ISCED-F 2013 field code (four digits)."),
                    )
                )
            country = str(values.get("country", "")).upper()
            if country not in countries:
                errors.append(
                    RowError(
                        rownum,
                        "country",
                        _("“%(value)s” is not a two-letter ISO country code.") % {"value": country},
                    )
                )
            region = ""
            if values.get("region"):
                region = region_find(str(values["region"]), country) or ""
                if not region:
                    errors.append(
                        RowError(
                            rownum,
                            "region",
                            _(
                                "Unknown region “%(value)s” for this country; use an ISO 3166-2 "
                                "code such as KZ-ALA or the region's name."
                            )
                            % {"value": values["region"]},
                        )
                    )
            year, graduates = str(values.get("year", "")), str(values.get("graduates", ""))
            if not (year.isdigit() and 2000 <= int(year) <= 2100):
                errors.append(RowError(rownum, "year", _("Enter a year such as 2027.")))
            if not graduates.isdigit():
                errors.append(
                    RowError(rownum, "graduates", _("Enter a whole number of graduates."))
                )
            if not errors:
                try:
                    outcome = supply_save(
                        by=by,
                        data={
                            "isced_f": isced,
                            "country": country,
                            "region": region,
                            "year": int(year),
                            "graduates": int(graduates),
                            "source": str(values.get("source", ""))[:300],
                        },
                    )
                except ServiceError as exc:
                    errors.append(RowError(rownum, "", str(exc.message)))
                else:
                    setattr(result, outcome, getattr(result, outcome) + 1)
            result.errors += errors
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
    wb.close()
    return result
