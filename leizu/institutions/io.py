"""Excel import and export of the institution directory.

The import (``leizu.core.imports``) is all-or-nothing: every row is read and checked outside
any transaction, and only when no row has an error are the new and changed institutions
written, with their audit entries, in one short transaction; one bad row saves nothing and is
reported by row, column and reason. It is idempotent: a row matches an existing institution by
its Leizu id, else by country + national identifier, else by country + full name, and a row
equal to what is stored changes nothing. Text cells are written and read through
``core.spreadsheets``: a name such as ``=HYPERLINK(…)`` is exported as text, and importing the
export gives the name back unchanged.
"""

import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from openpyxl import Workbook

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
from leizu.core.multilingual import Multilingual, language_codes
from leizu.core.reference import country_codes
from leizu.core.spreadsheets import append_safe_row
from leizu.core.text import normalise
from leizu.institutions import selectors, services
from leizu.institutions.models import IdentifierScheme, Institution, InstitutionKind

MULTILINGUAL_COLUMNS = ("name", "short_name", "city")
PLAIN_COLUMNS = ("national_id_scheme", "national_id", "schac_code", "erasmus_code", "website")


def _headers() -> list[str]:
    headers = ["id", "kind", "country"]
    for base in MULTILINGUAL_COLUMNS:
        headers += [f"{base}_{lang}" for lang in language_codes()]
    return headers + list(PLAIN_COLUMNS)


def institutions_export_xlsx(*, actor: Actor) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Institutions")
    append_safe_row(ws, _headers())
    for inst in selectors.institution_list(actor=actor).order_by("id").iterator(chunk_size=2000):
        row: list[Any] = [inst.pk, inst.kind, inst.country]
        for base in MULTILINGUAL_COLUMNS:
            value = getattr(inst, base) or {}
            row += [value.get(lang, "") for lang in language_codes()]
        row += [getattr(inst, name) for name in PLAIN_COLUMNS]
        append_safe_row(ws, row)
    out = io.BytesIO()
    wb.save(out)
    audit_record(actor=actor, action="institution.export", object_type="institutions.institution")
    return out.getvalue()


def _parse_row(values: dict[str, str], rownum: int, errors: list[RowError]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    kind = values.get("kind", "")
    if kind not in InstitutionKind.values:
        errors.append(
            RowError(
                rownum,
                "kind",
                _("Unknown kind “%(value)s”; use one of: %(choices)s")
                % {"value": kind, "choices": ", ".join(InstitutionKind.values)},
            )
        )
    data["kind"] = kind
    country = values.get("country", "").upper()
    if country not in country_codes():
        errors.append(
            RowError(
                rownum,
                "country",
                _("“%(value)s” is not a two-letter ISO country code.")
                % {"value": values.get("country", "")},
            )
        )
    data["country"] = country
    for base in MULTILINGUAL_COLUMNS:
        data[base] = Multilingual(
            {
                lang: values[f"{base}_{lang}"]
                for lang in language_codes()
                if values.get(f"{base}_{lang}")
            }
        )
    if data["name"].is_empty():
        errors.append(RowError(rownum, "name_en", _("The full name is missing in every language.")))
    scheme = values.get("national_id_scheme", "")
    if scheme and scheme not in IdentifierScheme.values:
        errors.append(
            RowError(
                rownum,
                "national_id_scheme",
                _("Unknown identifier type “%(value)s”; use one of: %(choices)s")
                % {"value": scheme, "choices": ", ".join(IdentifierScheme.values)},
            )
        )
    for name in PLAIN_COLUMNS:
        data[name] = values.get(name, "")
    return data


class _Matcher:
    """Finds the institution a row means, stored or new in this import, with indexes built
    once per import."""

    def __init__(self) -> None:
        self.by_national_id: dict[tuple[str, str, str], Any] = {}
        self.by_name: dict[tuple[str, str], Any] = {}
        self.stored: dict[int, Institution | None] = {}
        rows = Institution.objects.values_list(
            "id", "country", "national_id_scheme", "national_id", "name"
        )
        for pk, country, scheme, national_id, name in rows.iterator(chunk_size=2000):
            self.add(pk, country, scheme, national_id, Multilingual(name or {}))

    def add(self, key: Any, country: str, scheme: str, national_id: str, name: Any) -> None:
        """Index an institution by its id, or a new one by the object itself."""
        if national_id:
            self.by_national_id[(country, scheme, national_id)] = key
        for text in Multilingual(name or {}).all_texts():
            self.by_name.setdefault((country, normalise(text)), key)

    def find(
        self, row_id: str, data: dict[str, Any], rownum: int, errors: list[RowError]
    ) -> Institution | None:
        key: Any = None
        if row_id:
            pk = record_id(row_id)
            found = self._stored(pk) if pk is not None else None
            if found is None:
                errors.append(
                    RowError(rownum, "id", _("No institution has the id %(id)s.") % {"id": row_id})
                )
            return found
        if data["national_id"]:
            key = self.by_national_id.get(
                (data["country"], data["national_id_scheme"], data["national_id"])
            )
        if key is None:
            for text in data["name"].all_texts():
                key = self.by_name.get((data["country"], normalise(text)))
                if key:
                    break
        return self._stored(key) if isinstance(key, int) else key

    def _stored(self, pk: int) -> Institution | None:
        """The stored institution, loaded once: a second row for it changes the same object."""
        if pk not in self.stored:
            self.stored[pk] = Institution.objects.filter(pk=pk).first()
        return self.stored[pk]


def _header_errors(header: list[str]) -> list[RowError]:
    missing = missing_columns(header, ["kind", "country"])
    if missing or not any(h.startswith("name_") for h in header):
        return missing or missing_columns(header, ["name_en"])
    unknown = [h for h in header if h not in _headers()]
    if unknown:
        return [RowError(1, ", ".join(unknown), _("Unknown column."))]
    return []


def institutions_import_xlsx(
    *,
    by: Actor,
    file: Any,
    progress: Callable[[int, int], None] | None = None,
    then: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    matcher = _Matcher()

    def stage_row(row: Row, changes: ChangeSet) -> tuple[str | None, list[RowError]]:
        values = {k: str(v) for k, v in row.values.items()}
        errors: list[RowError] = []
        data = _parse_row(values, row.number, errors)
        existing = None if errors else matcher.find(values.get("id", ""), data, row.number, errors)
        if errors:
            return None, errors
        try:
            if existing is None:
                created = services.institution_stage_create(changes=changes, by=by, data=data)
                matcher.add(
                    created,
                    created.country,
                    created.national_id_scheme,
                    created.national_id,
                    created.name,
                )
                return "created", []
            changed = services.institution_stage_update(
                changes=changes, institution=existing, by=by, data=data
            )
            return ("updated" if changed else "unchanged"), []
        except (ServiceError, PermissionDenied) as exc:
            return None, refusal_errors(
                row.number, exc, lambda name: f"{name}_en" if name in MULTILINGUAL_COLUMNS else name
            )

    # The matcher finds a row's institution by national identifier, so the file cannot add a
    # second one with it; the database's unique constraint catches one added meanwhile.
    return import_workbook(
        file,
        by=by,
        header_errors=_header_errors,
        stage_row=stage_row,
        check_constraints=False,
        progress=progress,
        then=then,
    )
