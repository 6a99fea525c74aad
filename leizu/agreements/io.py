"""The register of agreements in Excel: one agreement a row on the first sheet, its parties on
the second, its cooperation conditions on the third, for offices that keep their register in
spreadsheets. Text cells are written through ``core.spreadsheets``, so a title such as
``=HYPERLINK(…)`` is exported as text, never as a formula."""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

from leizu.agreements.selectors import agreement_register
from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.spreadsheets import append_safe_row

AGREEMENT_COLUMNS = [
    "id",
    "kind",
    "programme_type",
    "parent_id",
    "drafted_by_id",
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
