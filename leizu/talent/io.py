"""Import of demand evidence (vacancy postings, survey rows) from CSV, XLSX or JSONL, on the
import machinery of ``leizu.core.imports``, as a resumable background job (``core.jobs``).

The job's stages, each recorded on its ``ImportJob`` row and each safe to run again:
1. **checking**: the file is read once, outside any transaction; every row is mapped and
   checked, its errors listed by row, column and reason in the uploader's language; progress
   and the lease are written as it goes;
2. **saving**: only when no row has an error, the file is read again and its rows written.
   Postings go into their table in short transactions of a few thousand rows, hidden from
   every reader until the import is published (``Posting.objects`` leaves out the postings of
   unpublished imports); survey rows, which other apps read, are staged in a temporary table.
   Publishing is one short transaction: the import's status and counts (and the survey rows'
   ``INSERT … SELECT``). A worker that dies while saving leaves hidden postings that the next
   run counts once (their unique content hash); a failed import removes them;
3. **classifying** (postings): the postings the import added are classified in chunks, each
   written in its own short transaction; a chunk picks up where the last one stopped.
Small files run before large ones (``LEIZU_IMPORT_SMALL_BYTES``; see ``queue_next``), and a
large import's classification goes chunk by chunk, so one institution's big file does not hold
back another's small one.

Idempotent: each row has a content hash (normalised title + text + employer + country + date for
a posting) unique within the importing institution's evidence, so a row it already holds, or
repeated in the file, is counted as already recorded and added once only. A posting only another
institution holds is added (the import says nothing of other institutions' evidence); the figures
count it once all the same (``PostingQuerySet.counted_once``). Graduate supply has its own small
Excel import (``supply_import_xlsx``), matching rows by field, country, region and year.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from leizu.core import jobs
from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.errors import ServiceError
from leizu.core.imports import (
    ChangeSet,
    ErrorList,
    HiddenRows,
    ImportRefused,
    ImportResult,
    Row,
    RowError,
    StagedRows,
    delete_in_batches,
    open_table,
    sniff_format,
)
from leizu.core.imports.direct import import_workbook, missing_columns
from leizu.core.links import NOT_A_WEB_URL, web_url
from leizu.core.reference import country_codes
from leizu.core.spreadsheets import append_safe_row
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

logger = logging.getLogger(__name__)

KEEP_ERRORS = 200
CLASSIFY_CHUNK = 5000
READING = [ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING]
RUNNING = [*READING, ImportStatus.CLASSIFYING]

# The target fields as the import's pages and messages name them.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "text": gettext_lazy("Text"),
    "employer": gettext_lazy("Employer"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "date": gettext_lazy("Date"),
    "language": gettext_lazy("Language"),
    "source": gettext_lazy("Source"),
    "url": gettext_lazy("Link"),
    "openings": gettext_lazy("Openings"),
    "occupation": gettext_lazy("Occupation"),
    "isco08": gettext_lazy("Occupation code (ISCO-08)"),
    "isced_f": gettext_lazy("Field of education (ISCED-F)"),
    "headcount": gettext_lazy("Headcount"),
    "horizon_year": gettext_lazy("Needed by (year)"),
    "level": gettext_lazy("Level (ISCED 2011)"),
    "reliability": gettext_lazy("Reliability"),
}


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


def field_label(name: str) -> str:
    """A target field's label, for pages and messages; never its name in the code."""
    return str(FIELD_LABELS.get(name, _("another field")))


def fields_for(kind: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    return POSTING_FIELDS if kind == ImportKind.POSTINGS else SURVEY_FIELDS


# --- the upload -------------------------------------------------------------------------------


def import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "talent-imports"


def store_upload(upload: Any) -> tuple[str, str, int, list[str]]:
    """Check an upload by its content and keep it under a generated name.

    Returns (path relative to MEDIA_ROOT, format, size, the file's columns); ServiceError when
    refused, and then nothing is kept."""
    size = upload.size or 0
    limit = settings.LEIZU_IMPORT_MAX_BYTES
    if size > limit:
        raise ServiceError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            fields={"file": [_("The file is too large.")]},
        )
    upload.seek(0)
    fmt = sniff_format(upload.read(65536))
    upload.seek(0)
    if fmt is None:
        raise ServiceError(
            _("This file is not CSV or JSON lines text in UTF-8, nor an Excel workbook (.xlsx)."),
            fields={"file": [_("Upload a .csv, .jsonl or .xlsx file.")]},
        )
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    path = directory / name
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        columns = read_columns(path, fmt)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return f"talent-imports/{name}", fmt, size, columns


def job_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / job.file_path


def read_columns(path: Path, fmt: str) -> list[str]:
    """The columns the file offers (its header, or the keys of its first JSON lines);
    ``ImportRefused`` when the file breaks a limit or is no readable workbook."""
    with open_table(path, fmt) as table:
        return table.columns


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
        self.classifier: Any = None

    def guess_codes(self, data: dict[str, Any]) -> tuple[str, str]:
        """The classifier's ISCO-08 and ISCED-F codes for a survey row's occupation."""
        from leizu.talent.classification import best, classify, get_classifier

        self.classifier = self.classifier or get_classifier()
        isco, isced, _score = best(
            classify(data["occupation"], "", data["language"] or None, self.classifier)
        )
        return isco, isced

    def value(self, values: dict[str, Any], name: str) -> Any:
        column = self.mapping.get(name)
        raw = values.get(column, "") if column else ""
        if raw == "" or raw is None:
            return self.defaults.get(name, "")
        return raw

    def column(self, name: str) -> str:
        return self.mapping.get(name) or name

    def check(self, row: Row) -> tuple[dict[str, Any] | None, list[RowError]]:
        """The row's data for the write, or None and what is wrong with it."""
        if row.errors:
            return None, row.errors
        errors: list[RowError] = []
        data = self._common(row.number, row.values, errors)
        if self.kind == ImportKind.POSTINGS:
            self._posting(row.number, row.values, errors, data)
        else:
            self._survey(row.number, row.values, errors, data)
        return (None if errors else data), errors

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


def missing_required(job: ImportJob) -> list[str]:
    return [
        name
        for name, required, _w in fields_for(job.kind)
        if required and not job.mapping.get(name) and not job.defaults.get(name)
    ]


def run_import(job_id: Any) -> ImportJob:
    """Check every row, then write all of them or none (stages 1 and 2)."""
    return _run(job_id, READING, _check_and_save)[0]


def run_classification(job_id: Any, *, limit: int | None = None) -> ImportJob:
    """Classify (up to ``limit`` of) the postings the import added (stage 3)."""
    return _run(job_id, [ImportStatus.CLASSIFYING], lambda job: _classify(job, limit))[0]


def advance(job_id: Any) -> str:
    """Run the job's recorded stage (one chunk of a classification) unless a live task holds
    it, then queue what comes next. What both import tasks do."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status in READING:
        job, ran = _run(job_id, READING, _check_and_save)
    elif job.status == ImportStatus.CLASSIFYING:
        job, ran = _run(job_id, [ImportStatus.CLASSIFYING], lambda j: _classify(j, CLASSIFY_CHUNK))
    else:
        return str(job.status)
    if ran and job.status in RUNNING:
        queue_next(job)
    return str(job.status)


def queue_next(job: ImportJob) -> None:
    """Queue the task of the job's stage: small files first (a higher priority), so a large
    file waits its turn between the chunks of its work instead of making others wait."""
    from leizu.talent import tasks

    task = (
        tasks.classify_import if job.status == ImportStatus.CLASSIFYING else tasks.import_evidence
    )
    result = jobs.enqueue(task, str(job.pk), priority=jobs.priority_for_size(job.file_size))
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def _run(job_id: Any, stages: list[ImportStatus], stage: Any) -> tuple[ImportJob, bool]:
    """Run ``stage(job)`` holding the job's lease; (the job, whether it ran)."""
    if not jobs.claim(ImportJob, job_id, stages=stages):
        return ImportJob.objects.get(pk=job_id), False
    job = ImportJob.objects.get(pk=job_id)
    finished = False
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            if job.attempts > jobs.MAX_ATTEMPTS:
                _give_up(job)
            else:
                jobs.retry_when_locked(lambda: stage(job))
        finished = True
    finally:
        jobs.release(ImportJob, job_id, finished=finished)
    job.refresh_from_db()
    return job, True


def _give_up(job: ImportJob) -> None:
    message = _("The import stopped %(count)d times before it could finish; it was given up.") % {
        "count": job.attempts - 1
    }
    if job.status == ImportStatus.CLASSIFYING:
        # The postings are saved; the recurring sweep classifies what is left.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE, finished_at=timezone.now(), updated_at=timezone.now()
        )
    else:
        _fail(job, [RowError(0, "", message)], 1, job.processed_rows)


def _check_and_save(job: ImportJob) -> None:
    progress = jobs.Progress(ImportJob, job.pk)
    progress(status=ImportStatus.CHECKING, processed_rows=0)
    missing = missing_required(job)
    if missing:
        unmapped = [
            RowError(1, field_label(m), _("No column is chosen for this required field."))
            for m in missing
        ]
        _fail(job, unmapped, len(unmapped), 0)
        return
    checker = RowChecker(job.kind, job.mapping, job.defaults)
    errors = ErrorList(KEEP_ERRORS)
    total = valid = 0
    try:
        with open_table(job_path(job), job.file_format) as table:
            progress(force=True, total_rows=table.estimated_rows)
            for row in table.rows():
                total += 1
                data, row_errors = checker.check(row)
                errors.add(*row_errors)
                valid += data is not None
                if total % 500 == 0:
                    progress(processed_rows=total, total_rows=max(total, table.estimated_rows))
    except ImportRefused as exc:
        errors.add(RowError(exc.row or total + 1, "", str(exc.message)))
    except OSError:
        logger.exception("import %s: the stored file cannot be read", job.pk)
        errors.add(
            RowError(total + 1, "", _("The uploaded file can no longer be read; upload it again."))
        )
    if total == 0 and not errors:
        errors.add(RowError(1, "", _("The file has no rows.")))
    if errors:
        _fail(job, errors.kept, errors.count, total)
        return
    progress(status=ImportStatus.SAVING, processed_rows=total, total_rows=total)
    try:
        _save(job, checker, progress, total=total, valid=valid)
    except Exception as exc:
        if jobs.is_locked(exc):
            raise  # the stage runs again
        _fail(job, [RowError(0, "", _saving_failed(job, exc))], 1, total)


def _saving_failed(job: ImportJob, exc: Exception) -> str:
    """What the uploader reads when saving failed: a refusal of ours says why; anything else
    (the database's or a library's English text) is logged for the operator, not shown."""
    if isinstance(exc, ServiceError):
        return str(exc.message)
    logger.error("import %s: saving failed", job.pk, exc_info=exc)
    return _(
        "Saving failed because of an error on our side; it has been logged. Nothing was saved: "
        "start the import again later."
    )


def _save(
    job: ImportJob, checker: RowChecker, progress: jobs.Progress, *, total: int, valid: int
) -> None:
    """Read the checked file again and write its rows, then publish them with the outcome in
    one short transaction. Postings are written in short batches, hidden until their import is
    published (``Posting.objects``); survey rows, read by other apps too, are staged in a
    temporary table and inserted in that transaction."""
    constant: dict[str, Any] = {"institution_id": job.institution_id, "import_job_id": job.pk}
    writer: HiddenRows | StagedRows
    if job.kind == ImportKind.POSTINGS:
        writer = HiddenRows(Posting, constant=constant)
    else:
        constant.update(kind=NeedKind.SURVEY, created_by_id=job.created_by_id)
        writer = StagedRows(StatedNeed, constant=constant)
    with writer, open_table(job_path(job), job.file_format) as table:
        for row in table.rows():
            data, _errors = checker.check(row)
            if data is None:
                raise ServiceError(_("Row %(row)d changed while importing.") % {"row": row.number})
            writer.add(_values(job, checker, data))
            progress()  # the heartbeat
        writer.flush()
        model = Posting if job.kind == ImportKind.POSTINGS else StatedNeed
        with transaction.atomic():
            writer.publish(order_by="content_hash")
            created = model._base_manager.filter(import_job_id=job.pk).count()
            audit_record(
                actor=job.created_by,
                action=f"talent.import.{job.kind}",
                obj=job,
                institution_id=job.institution_id,
                after={"rows": total, "added": created, "file": job.original_name},
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


def _fail(job: ImportJob, errors: list[RowError], count: int, total: int) -> None:
    """Nothing saved: the import fails, and the postings it had written (hidden) go."""
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
    delete_in_batches(Posting._base_manager.filter(import_job_id=job.pk))


def _values(job: ImportJob, checker: RowChecker, data: dict[str, Any]) -> dict[str, Any]:
    """A checked row as the columns of its table."""
    source = data["source"] or job.original_name[:300]
    if job.kind == ImportKind.POSTINGS:
        return {
            "source": source,
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
    isco, isced = data["isco08"], data["isced_f"]
    if not isco or not isced:
        guess_isco, guess_isced = checker.guess_codes(data)
        isco, isced = isco or guess_isco, isced or guess_isced
    return {
        "source": source,
        "country": data["country"],
        "region": data["region"],
        "language": data["language"],
        "occupation": data["occupation"],
        "isco08": isco,
        "isced_f": isced,
        "employer": data["employer"],
        "headcount": data["headcount"],
        "level": data["level"],
        "horizon_year": data["horizon_year"],
        "stated_on": data["date"],
        "reliability": data["reliability"],
        "content_hash": survey_hash(job.institution_id, data),
    }


def _classify(job: ImportJob, limit: int | None) -> None:
    from leizu.talent.classification import classify_pending

    progress = jobs.Progress(ImportJob, job.pk)
    left = Posting.objects.filter(import_job_id=job.pk, classified_at__isnull=True).count()
    done_before = max(job.to_classify - left, 0)
    progress(force=True, classified_rows=done_before)
    classify_pending(
        import_id=job.pk,
        limit=limit,
        progress=lambda n: progress(classified_rows=done_before + n),
    )
    if not Posting.objects.filter(import_job_id=job.pk, classified_at__isnull=True).exists():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            classified_rows=job.to_classify,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


# --- recovery ---------------------------------------------------------------------------------


def imports_recover() -> int:
    """Queue again the imports nothing works on any more (their worker died, or their task
    was lost); each goes on from its recorded stage. Returns how many."""
    from leizu.talent import tasks

    recovered = 0
    for job in ImportJob.objects.filter(status__in=RUNNING).order_by("created_at"):
        task = (
            tasks.classify_import
            if job.status == ImportStatus.CLASSIFYING
            else tasks.import_evidence
        )
        if jobs.is_stale(job, jobs.task_state(task, job.task_id)):
            jobs.forget_lost_task(job.task_id)
            queue_next(job)
            recovered += 1
    return recovered


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


def supply_import_xlsx(
    *,
    by: Actor,
    file: Any,
    progress: Callable[[int, int], None] | None = None,
    then: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """All or nothing; a row matches a stored one by field, country, region and year."""
    from leizu.talent.models import GraduateSupply
    from leizu.talent.services import supply_stage

    countries = frozenset(country_codes())
    fields = isced_detailed_codes()
    cells: dict[tuple[str, str, str, int], GraduateSupply] = {
        (s.isced_f, s.country, s.region, s.year): s for s in GraduateSupply.objects.all()
    }

    def stage_row(row: Row, changes: ChangeSet) -> tuple[str | None, list[RowError]]:
        rownum, values = row.number, row.values
        errors: list[RowError] = []
        isced = str(values.get("isced_f", ""))
        if isced not in fields:
            errors.append(
                RowError(
                    rownum, "isced_f", _("Not a detailed ISCED-F 2013 field code (four digits).")
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
            errors.append(RowError(rownum, "graduates", _("Enter a whole number of graduates.")))
        if errors:
            return None, errors
        data = {
            "isced_f": isced,
            "country": country,
            "region": region,
            "year": int(year),
            "graduates": int(graduates),
            "source": str(values.get("source", ""))[:300],
        }
        key = (isced, country, region, int(year))
        try:
            supply, outcome = supply_stage(changes=changes, by=by, data=data, stored=cells.get(key))
        except ServiceError as exc:
            return None, [RowError(rownum, "", str(exc.message))]
        cells[key] = supply
        return outcome, []

    return import_workbook(
        file,
        by=by,
        header_errors=lambda columns: missing_columns(columns, SUPPLY_HEADERS[:5]),
        stage_row=stage_row,
        progress=progress,
        then=then,
    )
