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
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
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
from leizu.core.imports import (
    ChangeSet,
    ImportResult,
    Row,
    RowError,
    record_id,
    refusal_errors,
)
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
# checks, the parties with their conditions, the chain). A different value there is an error.
FIXED_COLUMNS = (
    "drafted_by_id",
    "stage",
    "party_ids",
    "parent_id",
    "terminated_on",
    "origin_visit_id",
)
# Stages a file may give a new agreement. A signed or terminated one claims every party's
# act, which the agreement's page records through approvals: from a file only the platform
# operator records it (``manage.py import_agreements``, migrating an office's register).
OPEN_STAGES = (AgreementStage.DRAFT, AgreementStage.NEGOTIATION)
MAX_PARTIES = 30
FIRST_YEAR, LAST_YEAR = 1950, 2200


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
    file twice creates each agreement once; an unmatched row records a new agreement with the
    institutions of ``party_ids`` as its parties (signed or terminated: the operator only)."""
    rows = _RegisterRows(by)

    def stage_row(row: Row, changes: ChangeSet) -> tuple[str | None, list[RowError]]:
        values = {k: v for k, v in row.values.items() if k not in DERIVED_COLUMNS}
        errors: list[RowError] = []
        parsed = _parse_register_row(values, row.number, errors)
        if parsed is None:
            return None, errors
        agreement = rows.find(values, parsed, row.number, errors)
        if errors:
            return None, errors
        try:
            if agreement is None:
                return _stage_new(by, changes, parsed, row.number)
            errors = _fixed_column_errors(agreement, parsed, row.number)
            if errors:
                return None, errors
            changed = services.agreement_stage_update(
                changes=changes, agreement=agreement, by=by, data=parsed.data
            )
            drafter = next(
                p for p in agreement.parties.all() if p.institution_id == agreement.drafted_by_id
            )
            changed = (
                services.party_stage_update(
                    changes=changes, party=drafter, by=by, data={"reference": parsed.reference}
                )
                or changed
            )
            return ("updated" if changed else "unchanged"), []
        except (ServiceError, PermissionDenied) as exc:
            return None, refusal_errors(row.number, exc, lambda name: _COLUMN_OF.get(name, name))

    return import_workbook(
        file,
        by=by,
        header_errors=_register_header_errors,
        stage_row=stage_row,
        progress=progress,
        then=then,
    )


# A model field's errors under the column that gave its value.
_COLUMN_OF = {
    "title": "title_en",
    "parent": "parent_id",
    "drafted_by": "drafted_by_id",
    "origin_visit": "origin_visit_id",
    "parties": "party_ids",
}


@dataclass
class _Parsed:
    """A row as read: the agreement's terms (``data``) and the ids it names, unresolved."""

    data: dict[str, Any]
    reference: str
    drafter_id: int | None
    party_ids: list[int]
    parent_id: int | None
    origin_visit_id: int | None
    cells: dict[str, str]  # the id cells as written, for messages


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
        self, values: dict[str, Any], parsed: _Parsed, rownum: int, errors: list[RowError]
    ) -> Agreement | None:
        row_id = str(values.get("id", "") or "").strip()
        agreement: Agreement | None = None
        if row_id:
            pk = record_id(row_id)
            if pk is not None:
                agreement = self.visible.prefetch_related("parties").filter(pk=pk).first()
            if agreement is None:
                errors.append(
                    RowError(rownum, "id", _("No agreement has the id %(id)s.") % {"id": row_id})
                )
                return None
        elif parsed.drafter_id is not None:
            agreement = (
                self.visible.prefetch_related("parties")
                .filter(
                    drafted_by_id=parsed.drafter_id,
                    parties__institution_id=parsed.drafter_id,
                    parties__reference=parsed.reference,
                )
                .first()
            )
        key = agreement.pk if agreement is not None else (parsed.drafter_id, parsed.reference)
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
    values: dict[str, Any], rownum: int, errors: list[RowError]
) -> _Parsed | None:
    def error(column: str, message: str) -> None:
        errors.append(RowError(rownum, column, message))

    def text(column: str) -> str:
        return str(values.get(column, "") or "").strip()

    def an_id(column: str, value: str, kind: str) -> int | None:
        if not value:
            return None
        pk = record_id(value)
        if pk is None:
            error(column, _(kind) % {"id": value})
        return pk

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
    if data["terminated_on"] and data["stage"] != AgreementStage.TERMINATED:
        error("terminated_on", _("Only a terminated agreement has a day of termination."))
    data["title"] = Multilingual(
        {code: text(f"title_{code}") for code in TITLE_LANGUAGES if text(f"title_{code}")}
    )
    if not data["title"]:
        error("title_en", _("Give the title in at least one language."))
    reference = " ".join(text("reference").split())
    if not reference and not text("id"):
        # The key that finds a new row's agreement again when the file is imported twice.
        error("reference", _("Give the drafting institution's reference number of the agreement."))
    elif len(reference) > 60:
        error("reference", _("At most %(limit)s characters.") % {"limit": 60})
    no_institution = gettext_noop("No institution has the id %(id)s.")
    drafter_id = an_id("drafted_by_id", text("drafted_by_id"), no_institution)
    if drafter_id is None and not errors:
        error("drafted_by_id", _("Required."))
    cells = [c.strip() for c in text("party_ids").replace(";", ",").split(",") if c.strip()]
    if len(cells) > MAX_PARTIES:
        error("party_ids", _("At most %(limit)s parties.") % {"limit": MAX_PARTIES})
        cells = []
    party_ids = [pk for c in cells if (pk := an_id("party_ids", c, no_institution)) is not None]
    no_agreement = gettext_noop("No agreement has the id %(id)s.")
    parent_id = an_id("parent_id", text("parent_id"), no_agreement)
    no_visit = gettext_noop("No visit has the id %(id)s.")
    origin_visit_id = an_id("origin_visit_id", text("origin_visit_id"), no_visit)
    if errors:
        return None
    return _Parsed(
        data=data,
        reference=reference,
        drafter_id=drafter_id,
        party_ids=party_ids,
        parent_id=parent_id,
        origin_visit_id=origin_visit_id,
        cells={c: text(c) for c in ("drafted_by_id", "parent_id", "origin_visit_id")},
    )


def _stage_new(
    by: Actor, changes: ChangeSet, parsed: _Parsed, rownum: int
) -> tuple[str | None, list[RowError]]:
    """A row no stored agreement answers to: every institution, parent and visit it names must
    be one the importer sees, and its stage one the importer may record."""
    from leizu.visits.access import visible_visits_q
    from leizu.visits.models import Visit

    errors: list[RowError] = []
    visible = {
        i.pk: i
        for i in Institution.objects.filter(
            visible_institutions_q(by), pk__in=[parsed.drafter_id, *parsed.party_ids]
        )
    }
    for column, pk in [("drafted_by_id", parsed.drafter_id)] + [
        ("party_ids", pk) for pk in parsed.party_ids
    ]:
        if pk not in visible:
            message = _("No institution has the id %(id)s.") % {"id": pk}
            errors.append(RowError(rownum, column, message))
    data = dict(parsed.data)
    data["parent"] = None
    if parsed.parent_id is not None:
        data["parent"] = Agreement.objects.filter(
            access.visible_agreements_q(by), pk=parsed.parent_id
        ).first()
        if data["parent"] is None:
            message = _("No agreement has the id %(id)s.") % {"id": parsed.parent_id}
            errors.append(RowError(rownum, "parent_id", message))
    if parsed.origin_visit_id is not None:
        data["origin_visit"] = Visit.objects.filter(
            visible_visits_q(by), pk=parsed.origin_visit_id
        ).first()
        if data["origin_visit"] is None:
            message = _("No visit has the id %(id)s.") % {"id": parsed.origin_visit_id}
            errors.append(RowError(rownum, "origin_visit_id", message))
    if data["stage"] and data["stage"] not in OPEN_STAGES and not by.is_operator:
        message = _(
            "A file records new agreements as drafts or in negotiation: the parties approve "
            "and sign them on the agreement's page."
        )
        errors.append(RowError(rownum, "stage", message))
    if errors:
        return None, errors
    services.agreement_stage_create(
        changes=changes,
        by=by,
        drafted_by=visible[parsed.drafter_id],  # type: ignore[index]
        data=data,
        parties=[visible[pk] for pk in parsed.party_ids],
        reference=parsed.reference,
    )
    return "created", []


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


def _fixed_column_errors(agreement: Agreement, parsed: _Parsed, rownum: int) -> list[RowError]:
    """A stored agreement's drafter, stage, parties, parent, termination and origin as the row
    gives them: the same, or an error that says where they are changed."""
    stored_parties = {p.institution_id for p in agreement.parties.all()}
    data = parsed.data
    differs = {
        "drafted_by_id": parsed.drafter_id != agreement.drafted_by_id,
        "stage": bool(data["stage"]) and data["stage"] != agreement.stage,
        "party_ids": {*parsed.party_ids, parsed.drafter_id} != stored_parties,
        "parent_id": parsed.parent_id != agreement.parent_id,
        "terminated_on": data["terminated_on"] != agreement.terminated_on,
        "origin_visit_id": parsed.origin_visit_id != agreement.origin_visit_id,
    }
    message = _("An import does not change this: change it on the agreement's page.")
    return [RowError(rownum, column, message) for column in FIXED_COLUMNS if differs[column]]
