"""Another programme catalogue, or another edition, from a workbook: one code a row, all or
nothing, through core's import machinery (``core.imports.direct``).

Columns (first row): ``country`` (ISO 3166-1), ``classifier`` (a short code, e.g. ``kz-tvet``),
``edition``, ``code``, at least one of ``name_zh`` ``name_en`` ``name_ru`` ``name_kk``
``name_uz``; optional ``catalogue_name_en`` (and the other languages), ``parent_code`` (a code
of the same catalogue in an earlier row or already stored), ``kind`` (category, class or
programme; a row without a parent is a category, others programmes), ``level``, ``added_in``,
``isced_f``, ``isced_confidence`` (high, medium, low), ``status`` (verified, single-source,
conflict, unverified), ``sources``. A row whose code is stored changes it, or nothing when it
is as stored: the same file twice changes nothing. A new catalogue belongs to the importer's
institution, which alone (with operators) changes it later; the shipped one only operators do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.errors import ServiceError
from leizu.core.imports.direct import import_workbook, missing_columns
from leizu.core.imports.rows import ImportResult, Row, RowError, refusal_errors
from leizu.core.imports.writing import ChangeSet
from leizu.core.reference import country_codes
from leizu.core.text import search_document
from leizu.programmes import access
from leizu.programmes.models import (
    Catalogue,
    CatalogueEntry,
    Confidence,
    EntryKind,
    EntryStatus,
)
from leizu.talent.codes import isced_detailed_codes

REQUIRED = ("country", "classifier", "edition", "code")
LANGS = {"zh": "zh-hans", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz"}
_COLUMN_OF = {"name": "name_en", "edition": "added_in", "parent": "parent_code"}
LIMITS = {"classifier": 40, "edition": 40, "code": 20, "level": 40, "added_in": 20, "sources": 200}


def _header_errors(columns: list[str]) -> list[RowError]:
    errors = missing_columns(columns, REQUIRED)
    if not errors and not any(f"name_{k}" in columns for k in LANGS):
        errors.append(RowError(1, "name_en", _("Required column is missing from the first row.")))
    return errors


class _Catalogues:
    """The catalogues a file names, read once each, and those it creates."""

    def __init__(self, by: Actor) -> None:
        self.by = by
        self.found: dict[tuple[str, str, str], Catalogue] = {}
        self.entries: dict[int, dict[str, CatalogueEntry]] = {}

    def get(
        self, key: tuple[str, str, str], names: dict[str, str], changes: ChangeSet
    ) -> Catalogue:
        catalogue = self.found.get(key)
        if catalogue is not None:
            return catalogue
        country, classifier, edition = key
        catalogue = Catalogue.objects.filter(
            country=country, classifier=classifier, edition=edition
        ).first()
        if catalogue is None:
            own = access.editor_institution_ids(self.by)
            catalogue = Catalogue(
                country=country,
                classifier=classifier,
                edition=edition,
                name=names or {"en": f"{classifier} {edition}"},
                institution_id=own[0] if own else None,
            )
            changes.create(
                catalogue,
                action="programmes.catalogue.create",
                institution_id=catalogue.institution_id,
            )
            self.entries[id(catalogue)] = {}
        elif not access.can_change_catalogue(self.by, catalogue):
            raise PermissionDenied
        else:
            self.entries[id(catalogue)] = {e.code: e for e in catalogue.entries.all()}
        self.found[key] = catalogue
        return catalogue


def _clean(row: Row, errors: list[RowError]) -> dict[str, Any] | None:
    v = {k: ("" if val is None else str(val).strip()) for k, val in row.values.items()}
    n = row.number
    for column in REQUIRED:
        if not v.get(column):
            errors.append(RowError(n, column, _("This field is required.")))
    for column, limit in LIMITS.items():
        if len(v.get(column, "")) > limit:
            errors.append(RowError(n, column, _("At most %(n)s characters.") % {"n": limit}))
    country = v.get("country", "").upper()
    if country and country not in country_codes():
        errors.append(RowError(n, "country", _("Not a country code of ISO 3166-1.")))
    names = {lang: v[f"name_{k}"] for k, lang in LANGS.items() if v.get(f"name_{k}")}
    if not names:
        errors.append(RowError(n, "name_en", _("Give the name in at least one language.")))
    if any(len(t) > 500 for t in names.values()):
        errors.append(RowError(n, "name_en", _("At most %(n)s characters.") % {"n": 500}))
    kind = v.get("kind") or ("programme" if v.get("parent_code") else "category")
    if kind not in EntryKind.values:
        errors.append(RowError(n, "kind", _("Choose category, class or programme.")))
    isced = v.get("isced_f", "")
    if isced and isced not in isced_detailed_codes():
        errors.append(RowError(n, "isced_f", _("Choose a detailed field of ISCED-F 2013.")))
    confidence = v.get("isced_confidence", "")
    if confidence and confidence not in Confidence.values:
        errors.append(RowError(n, "isced_confidence", _("Choose high, medium or low.")))
    status = v.get("status") or EntryStatus.UNVERIFIED
    if status not in EntryStatus.values:
        errors.append(
            RowError(n, "status", _("Choose verified, single-source, conflict or unverified."))
        )
    if errors:
        return None
    return {
        "key": (country, v["classifier"], v["edition"]),
        "catalogue_name": {
            lang: v[f"catalogue_name_{k}"]
            for k, lang in LANGS.items()
            if v.get(f"catalogue_name_{k}")
        },
        "code": v["code"],
        "parent_code": v.get("parent_code", ""),
        "values": {
            "kind": kind,
            "level": v.get("level", ""),
            "name": names,
            "edition": v.get("added_in", ""),
            "status": status,
            "sources": v.get("sources", ""),
            "isced_f": isced,
            "isced_confidence": confidence,
        },
    }


def catalogue_import_xlsx(
    *,
    by: Actor,
    file: Any,
    progress: Callable[[int, int], None] | None = None,
    then: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    if not access.can_import_catalogues(by):
        raise PermissionDenied
    catalogues = _Catalogues(by)
    order = {"n": 0}

    def stage_row(row: Row, changes: ChangeSet) -> tuple[str | None, list[RowError]]:
        try:
            return _stage(row, changes)
        except ServiceError as exc:
            return None, refusal_errors(row.number, exc, lambda name: _COLUMN_OF.get(name, name))

    def _stage(row: Row, changes: ChangeSet) -> tuple[str | None, list[RowError]]:
        errors: list[RowError] = []
        parsed = _clean(row, errors)
        if parsed is None:
            return None, errors
        try:
            catalogue = catalogues.get(parsed["key"], parsed["catalogue_name"], changes)
        except PermissionDenied:
            message = _("This catalogue is kept by another institution: only it changes it.")
            return None, [RowError(row.number, "classifier", message)]
        entries = catalogues.entries[id(catalogue)]
        values = dict(parsed["values"])
        parent = None
        if parsed["parent_code"]:
            parent = entries.get(parsed["parent_code"])
            if parent is None:
                message = _("No earlier row or stored code has this code.")
                return None, [RowError(row.number, "parent_code", message)]
        values["parent"] = parent
        order["n"] += 1
        values["order"] = order["n"]
        values["search_text"] = search_document(parsed["code"], *values["name"].values())
        entry = entries.get(parsed["code"])
        if entry is None:
            entry = CatalogueEntry(catalogue=catalogue, code=parsed["code"], **values)
            changes.create(
                entry,
                action="programmes.catalogue_entry.create",
                institution_id=catalogue.institution_id,
            )
            entries[parsed["code"]] = entry
            return "created", []
        if entry.pk is None:
            message = _("This code is in the file twice.")
            return None, [RowError(row.number, "code", message)]
        values.pop("order")  # a stored code keeps its place unless its row moves it
        changed = changes.update(
            entry,
            values,
            action="programmes.catalogue_entry.update",
            institution_id=catalogue.institution_id,
        )
        return ("updated" if changed else "unchanged"), []

    return import_workbook(
        file,
        by=by,
        header_errors=_header_errors,
        stage_row=stage_row,
        check_constraints=False,
        progress=progress,
        then=then,
    )
