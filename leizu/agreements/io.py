"""The register of agreements in Excel: one agreement a row on the first sheet, its parties on
the second, its cooperation conditions on the third, for offices that keep their register in
spreadsheets. Text cells are written through ``core.spreadsheets``, so a title such as
``=HYPERLINK(…)`` is exported as text, never as a formula.

The import reads the first sheet (``register_import_xlsx``) through core's one import machinery:
every row checked before anything is written, then one short transaction, all or nothing."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from openpyxl import Workbook

from leizu.agreements import access, services
from leizu.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStage,
    ProgrammeType,
    RenewalKind,
)
from leizu.agreements.selectors import agreement_register
from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.errors import ServiceError
from leizu.core.imports import ChangeSet, ImportResult, Row, RowError, record_id
from leizu.core.imports.direct import import_workbook, missing_columns
from leizu.core.multilingual import Multilingual
from leizu.core.spreadsheets import append_safe_row
from leizu.institutions.access import visible_institutions_q
from leizu.institutions.models import Institution

AGREEMENT_COLUMNS = [
    "id",
    "kind",
    "programme_type",
    "parent_id",
    "drafted_by_id",
    "reference",
    "party_ids",
    *(f"title_{code}" for code in ("zh-hans", "en", "ru", "kk", "uz")),
    "valid_from",
    "valid_until",
    "ends_on",
    "renewal",
    "renewal_years",
    "denounce_days",
    "stage",
    "state",
    "terminated_on",
    "origin_visit_id",
]
PARTY_COLUMNS = ["agreement_id", "institution_id", "institution", "reference", "signed_on"]
CONDITION_COLUMNS = [
    "agreement_id",
    "kind",
    "sending_id",
    "receiving_id",
    "field_code",
    "isced_level",
    "places_per_year",
    "duration",
    "duration_unit",
    "language",
    "cefr_level",
    "first_year",
    "last_year",
]


def register_export_xlsx(*, actor: Actor, today: datetime.date) -> bytes:
    """The agreements ``actor`` sees, as they stand on ``today``."""
    rows = agreement_register(actor=actor, today=today)
    wb = Workbook(write_only=True)
    register = wb.create_sheet("Agreements")
    append_safe_row(register, AGREEMENT_COLUMNS)
    parties = wb.create_sheet("Parties")
    append_safe_row(parties, PARTY_COLUMNS)
    conditions = wb.create_sheet("Conditions")
    append_safe_row(conditions, CONDITION_COLUMNS)
    for row in sorted(rows, key=lambda r: r.agreement.pk):
        a = row.agreement
        title = a.title or {}
        append_safe_row(
            register,
            [
                a.pk,
                a.kind,
                a.programme_type,
                a.parent_id,
                a.drafted_by_id,
                _drafter_reference(a),
                ", ".join(str(p.institution_id) for p in a.parties.all()),
                *(title.get(code, "") for code in ("zh-hans", "en", "ru", "kk", "uz")),
                a.valid_from,
                a.valid_until,
                row.ends_on,
                a.renewal,
                a.renewal_years,
                a.denounce_days,
                a.stage,
                row.state,
                a.terminated_on,
                a.origin_visit_id,
            ],
        )
        for p in a.parties.all():
            append_safe_row(
                parties,
                [
                    a.pk,
                    p.institution_id,
                    p.institution.display_short_name(),
                    p.reference,
                    p.signed_on,
                ],
            )
        for c in a.conditions.all():
            append_safe_row(
                conditions, [a.pk, *(_value(c, name) for name in CONDITION_COLUMNS[1:])]
            )
    out = io.BytesIO()
    wb.save(out)
    audit_record(
        actor=actor,
        action="agreements.register.export",
        object_type="agreements.agreement",
        after={"rows": len(rows)},
    )
    return out.getvalue()


def _value(obj: Any, name: str) -> Any:
    return getattr(obj, name)


def _drafter_reference(agreement: Any) -> str:
    """The drafting institution's own reference number of the agreement (its register's)."""
    return next(
        (
            p.reference
            for p in agreement.parties.all()
            if p.institution_id == agreement.drafted_by_id
        ),
        "",
    )


# --- import ------------------------------------------------------------------------------------

TITLE_LANGUAGES = ("zh-hans", "en", "ru", "kk", "uz")
# Worked out from the rest (what the export shows the reader), so an import reads past them.
DERIVED_COLUMNS = frozenset({"ends_on", "state"})
# What the register does not change in a stored agreement: its page does (the stage with its
# checks, the parties with their conditions). A different value there is an error, not ignored.
MAX_PARTIES = 30
FIRST_YEAR, LAST_YEAR = 1950, 2200
FIXED_COLUMNS = ("drafted_by_id", "stage", "party_ids", "terminated_on", "origin_visit_id")


def register_import_xlsx(
    *,
    by: Actor,
    file: Any,
    progress: Callable[[int, int], None] | None = None,
    then: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import a register shaped like the export's first sheet, all or nothing.

    A row with an ``id`` is that agreement: its terms are updated, or nothing when they are
    as stored (an export imported again changes nothing). A row without one is matched by its
    drafting institution and that institution's ``reference`` number, so importing the same
    file twice creates each agreement once; an unmatched row records a new agreement, at the
    stage it has reached on paper, with the institutions of ``party_ids`` as its parties."""
    rows = _RegisterRows(by)

    def stage_row(row: Row, changes: ChangeSet) -> tuple[str | None, list[RowError]]:
        values = {k: v for k, v in row.values.items() if k not in DERIVED_COLUMNS}
        errors: list[RowError] = []
        parsed = _parse_register_row(by, values, row.number, errors)
        if errors or parsed is None:
            return None, errors
        data, parties, reference, drafted_by = parsed
        agreement = rows.find(values, drafted_by, reference, row.number, errors)
        if errors:
            return None, errors
        try:
            if agreement is None:
                services.agreement_stage_create(
                    changes=changes,
                    by=by,
                    drafted_by=drafted_by,
                    data=data,
                    parties=parties,
                    reference=reference,
                )
                return "created", []
            errors = _fixed_column_errors(agreement, data, parties, drafted_by, row.number)
            if errors:
                return None, errors
            changed = services.agreement_stage_update(
                changes=changes, agreement=agreement, by=by, data=data
            )
            drafter = next(
                p for p in agreement.parties.all() if p.institution_id == agreement.drafted_by_id
            )
            changed = (
                services.party_stage_update(
                    changes=changes, party=drafter, by=by, data={"reference": reference}
                )
                or changed
            )
            return ("updated" if changed else "unchanged"), []
        except ServiceError as exc:
            for name, messages in (exc.fields or {"": [str(exc.message)]}).items():
                column = _COLUMN_OF.get(name, name)
                errors += [RowError(row.number, column, m) for m in messages]
        except PermissionDenied:
            errors.append(RowError(row.number, "", _("You may not change this row.")))
        return None, errors

    return import_workbook(
        file,
        by=by,
        header_errors=_register_header_errors,
        stage_row=stage_row,
        progress=progress,
        then=then,
    )


# A model field's errors under the column that gave its value.
_COLUMN_OF = {"title": "title_en", "parent": "parent_id", "drafted_by": "drafted_by_id"}


def _register_header_errors(header: list[str]) -> list[RowError]:
    missing = missing_columns(header, ["id", "kind", "drafted_by_id", "reference", "party_ids"])
    if missing:
        return missing
    unknown = [h for h in header if h not in AGREEMENT_COLUMNS]
    if unknown:
        return [RowError(1, ", ".join(unknown), _("Unknown column."))]
    return []


class _RegisterRows:
    """The agreements rows mean: by id among those the importer sees, or by the drafter's
    reference number; each found once per import, so two rows cannot mean one agreement."""

    def __init__(self, by: Actor) -> None:
        self.visible = Agreement.objects.filter(access.visible_agreements_q(by))
        self.seen: dict[Any, int] = {}

    def find(
        self,
        values: dict[str, Any],
        drafted_by: Institution,
        reference: str,
        rownum: int,
        errors: list[RowError],
    ) -> Agreement | None:
        row_id = str(values.get("id", ""))
        agreement: Agreement | None = None
        if row_id:
            pk = record_id(row_id)
            agreement = (
                self.visible.prefetch_related("parties").filter(pk=pk).first()
                if pk is not None
                else None
            )
            if agreement is None:
                errors.append(
                    RowError(rownum, "id", _("No agreement has the id %(id)s.") % {"id": row_id})
                )
                return None
        else:
            agreement = (
                self.visible.prefetch_related("parties")
                .filter(
                    drafted_by=drafted_by,
                    parties__institution=drafted_by,
                    parties__reference=reference,
                )
                .first()
            )
        key = agreement.pk if agreement is not None else (drafted_by.pk, reference)
        if key in self.seen:
            errors.append(
                RowError(
                    rownum,
                    "id" if row_id else "reference",
                    _("Row %(row)s is this agreement already.") % {"row": self.seen[key]},
                )
            )
            return None
        self.seen[key] = rownum
        return agreement


def _parse_register_row(
    by: Actor, values: dict[str, Any], rownum: int, errors: list[RowError]
) -> tuple[dict[str, Any], list[Institution], str, Institution] | None:
    def error(column: str, message: str) -> None:
        errors.append(RowError(rownum, column, message))

    def text(column: str) -> str:
        return str(values.get(column, "") or "").strip()

    data: dict[str, Any] = {}
    for column, choices in (
        ("kind", AgreementKind),
        ("programme_type", ProgrammeType),
        ("renewal", RenewalKind),
        ("stage", AgreementStage),
    ):
        value = text(column)
        if value and value not in choices.values:
            error(
                column,
                _("Unknown value “%(value)s”; use one of: %(choices)s")
                % {"value": value, "choices": ", ".join(choices.values)},
            )
        data[column] = value
    if not data["kind"]:
        error("kind", _("Required."))
    if not data["renewal"]:
        data["renewal"] = RenewalKind.NONE
    for column in ("renewal_years", "denounce_days"):
        value = text(column)
        number = record_id(value)
        if value and (number is None or number > 1000):
            error(column, _("Enter a whole number between 0 and 1000."))
        data[column] = number if number is not None and number <= 1000 else None
    for column in ("valid_from", "valid_until", "terminated_on"):
        data[column] = _date(values.get(column), column, error)
    data["title"] = Multilingual(
        {code: text(f"title_{code}") for code in TITLE_LANGUAGES if text(f"title_{code}")}
    )
    if not data["title"]:
        error("title_en", _("Give the title in at least one language."))
    reference = text("reference")
    if not reference and not text("id"):
        # The key that finds a new row's agreement again when the file is imported twice.
        error("reference", _("Give the drafting institution's reference number of the agreement."))
    elif len(reference) > 60:
        error("reference", _("At most %(limit)s characters.") % {"limit": 60})
    visible = Institution.objects.filter(visible_institutions_q(by))
    drafted_by = _institution(visible, text("drafted_by_id"), "drafted_by_id", error)
    parties = []
    ids = [part.strip() for part in text("party_ids").replace(";", ",").split(",") if part.strip()]
    if len(ids) > MAX_PARTIES:
        error("party_ids", _("At most %(limit)s parties.") % {"limit": MAX_PARTIES})
        ids = []
    for part in ids:
        found = _institution(visible, part, "party_ids", error)
        if found is not None:
            parties.append(found)
    parent_id = text("parent_id")
    data["parent"] = None
    if parent_id:
        parent_pk = record_id(parent_id)
        data["parent"] = (
            Agreement.objects.filter(access.visible_agreements_q(by), pk=parent_pk).first()
            if parent_pk is not None
            else None
        )
        if data["parent"] is None:
            error("parent_id", _("No agreement has the id %(id)s.") % {"id": parent_id})
    data["origin_visit_id"] = text("origin_visit_id")
    data["origin_visit"] = None
    if data["origin_visit_id"]:
        data["origin_visit"] = _visit(by, data["origin_visit_id"])
        if data["origin_visit"] is None:
            error(
                "origin_visit_id",
                _("No visit has the id %(id)s.") % {"id": data["origin_visit_id"]},
            )
    if errors or drafted_by is None:
        return None
    return data, parties, reference, drafted_by


def _visit(by: Actor, value: str) -> Any:
    from leizu.visits.access import visible_visits_q
    from leizu.visits.models import Visit

    pk = record_id(value)
    return Visit.objects.filter(visible_visits_q(by), pk=pk).first() if pk is not None else None


def _institution(visible: Any, value: str, column: str, error: Any) -> Institution | None:
    pk = record_id(value)
    found = visible.filter(pk=pk).first() if pk is not None else None
    if found is None:
        error(column, _("No institution has the id %(id)s.") % {"id": value or "—"})
    return found


def _date(value: Any, column: str, error: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            error(column, _("Enter a date as YYYY-MM-DD."))
            return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        error(
            column,
            _("Enter a date between the years %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
        return None
    return day


def _fixed_column_errors(
    agreement: Agreement,
    data: dict[str, Any],
    parties: list[Institution],
    drafted_by: Institution,
    rownum: int,
) -> list[RowError]:
    """A stored agreement's drafter, stage, parties, termination and origin as the row gives
    them: the same, or an error that says where they are changed."""
    stored_parties = {p.institution_id for p in agreement.parties.all()}
    differs = {
        "drafted_by_id": drafted_by.pk != agreement.drafted_by_id,
        "stage": bool(data["stage"]) and data["stage"] != agreement.stage,
        "party_ids": {i.pk for i in parties} | {drafted_by.pk} != stored_parties,
        "terminated_on": data["terminated_on"] != agreement.terminated_on,
        "origin_visit_id": data["origin_visit_id"] != str(agreement.origin_visit_id or ""),
    }
    message = _("An import does not change this: change it on the agreement's page.")
    return [RowError(rownum, column, message) for column in FIXED_COLUMNS if differs[column]]
