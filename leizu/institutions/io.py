"""Excel import and export of the institution directory.

The import is all-or-nothing: every row is checked and applied inside one transaction, and one
bad row rolls everything back and is reported by row, column and reason. It is idempotent: a row
matches an existing institution by its Leizu id, else by country + national identifier, else by
country + full name, and a row equal to what is stored changes nothing. Text cells are written
and read through ``core.spreadsheets``: a name such as ``=HYPERLINK(…)`` is exported as text, and
importing the export gives the name back unchanged.
"""

import io
from dataclasses import dataclass, field
from typing import Any
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from leizu.core.access import Actor
from leizu.core.audit import audit_record
from leizu.core.errors import ServiceError
from leizu.core.multilingual import Multilingual, language_codes
from leizu.core.reference import country_codes
from leizu.core.spreadsheets import append_safe_row, unquoted
from leizu.core.text import normalise
from leizu.institutions import selectors, services
from leizu.institutions.models import IdentifierScheme, Institution, InstitutionKind

MULTILINGUAL_COLUMNS = ("name", "short_name", "city")
PLAIN_COLUMNS = ("national_id_scheme", "national_id", "schac_code", "erasmus_code", "website")
MAX_ROWS = 20000


def _headers() -> list[str]:
    headers = ["id", "kind", "country"]
    for base in MULTILINGUAL_COLUMNS:
        headers += [f"{base}_{lang}" for lang in language_codes()]
    return headers + list(PLAIN_COLUMNS)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unquoted(str(value).strip())


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
    """Finds the stored institution a row means, with indexes built once per import."""

    def __init__(self) -> None:
        self.by_national_id: dict[tuple[str, str, str], int] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        rows = Institution.objects.values_list(
            "id", "country", "national_id_scheme", "national_id", "name"
        )
        for pk, country, scheme, national_id, name in rows.iterator(chunk_size=2000):
            self.add(pk, country, scheme, national_id, Multilingual(name or {}))

    def add(self, pk: int, country: str, scheme: str, national_id: str, name: Multilingual) -> None:
        if national_id:
            self.by_national_id[(country, scheme, national_id)] = pk
        for text in name.all_texts():
            self.by_name.setdefault((country, normalise(text)), pk)

    def find(
        self, row_id: str, data: dict[str, Any], rownum: int, errors: list[RowError]
    ) -> Institution | None:
        pk: int | None = None
        if row_id:
            pk = int(row_id) if row_id.isdigit() else None
            found = Institution.objects.filter(pk=pk).first() if pk else None
            if found is None:
                errors.append(
                    RowError(rownum, "id", _("No institution has the id %(id)s.") % {"id": row_id})
                )
            return found
        if data["national_id"]:
            pk = self.by_national_id.get(
                (data["country"], data["national_id_scheme"], data["national_id"])
            )
        if pk is None:
            for text in data["name"].all_texts():
                pk = self.by_name.get((data["country"], normalise(text)))
                if pk:
                    break
        return Institution.objects.get(pk=pk) if pk else None


def institutions_import_xlsx(*, by: Actor, file: Any) -> ImportResult:
    result = ImportResult()
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        result.errors.append(RowError(0, "", _("The file is not an Excel workbook (.xlsx).")))
        return result
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_cell(h) for h in next(rows, ())]
    missing = [h for h in ("kind", "country") if h not in header]
    if missing or not any(h.startswith("name_") for h in header):
        result.errors.append(
            RowError(
                1,
                ", ".join(missing or ["name_en"]),
                _("Required column is missing from the first row."),
            )
        )
        return result
    unknown = [h for h in header if h and h not in _headers()]
    if unknown:
        result.errors.append(RowError(1, ", ".join(unknown), _("Unknown column.")))
        return result

    with transaction.atomic():
        matcher = _Matcher()
        for rownum, raw in enumerate(rows, start=2):
            if rownum > MAX_ROWS + 1:
                result.errors.append(RowError(rownum, "", _("Too many rows.")))
                break
            values = {h: _cell(v) for h, v in zip(header, raw, strict=False) if h}
            if not any(values.values()):
                continue
            row_errors: list[RowError] = []
            data = _parse_row(values, rownum, row_errors)
            existing = (
                None if row_errors else matcher.find(values.get("id", ""), data, rownum, row_errors)
            )
            if not row_errors:
                try:
                    if existing is None:
                        created = services.institution_create(by=by, data=data)
                        matcher.add(
                            created.pk,
                            created.country,
                            created.national_id_scheme,
                            created.national_id,
                            created.name,
                        )
                        result.created += 1
                    elif services.institution_update(
                        institution=existing, by=by, data=data, version=None
                    ):
                        result.updated += 1
                    else:
                        result.unchanged += 1
                except ServiceError as exc:
                    for name, messages in (exc.fields or {"": [str(exc.message)]}).items():
                        column = f"{name}_en" if name in MULTILINGUAL_COLUMNS else name
                        row_errors += [RowError(rownum, column, m) for m in messages]
                except PermissionDenied:
                    row_errors.append(RowError(rownum, "", _("You may not change this row.")))
            result.errors += row_errors
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
    return result
