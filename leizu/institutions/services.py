"""Writes to institutions, units and people. Every change is validated, versioned and audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.errors import ServiceError
from leizu.core.imports import ChangeSet
from leizu.core.multilingual import Multilingual
from leizu.core.reference import country_names
from leizu.core.services import save_created, save_updated
from leizu.core.text import search_document
from leizu.institutions import access
from leizu.institutions.models import Institution, OrgUnit, Person
from leizu.institutions.positions import check_position_code

INSTITUTION_FIELDS = (
    "kind",
    "country",
    "city",
    "name",
    "short_name",
    "national_id_scheme",
    "national_id",
    "schac_code",
    "erasmus_code",
    "website",
    "description",
)
UNIT_FIELDS = ("parent", "kind", "name", "code", "description")
PERSON_FIELDS = (
    "unit",
    "family_name",
    "given_name",
    "patronymic",
    "name_script",
    "name_variants",
    "passport_family_name",
    "passport_given_name",
    "position_code",
    "position",
    "title",
    "languages",
    "email",
    "phone",
    "messenger",
)


def _pick(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ServiceError(
            _("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return dict(data)


def institution_search_text(institution: Institution) -> str:
    return search_document(
        *Multilingual(institution.name).all_texts(),
        *Multilingual(institution.short_name).all_texts(),
        *Multilingual(institution.city).all_texts(),
        *(country_names(institution.country).all_texts() if institution.country else []),
        institution.national_id,
        institution.schac_code,
        institution.erasmus_code,
    )


def person_search_text(person: Person) -> str:
    texts = []
    for s in person.spellings():
        texts.append(
            " ".join(p for p in (s.get("family"), s.get("given"), s.get("patronymic")) if p)
        )
    texts += Multilingual(person.position).all_texts()
    texts.append(person.email)
    return search_document(*texts)


def _require_network_manager(by: Actor) -> None:
    if not access.can_create_institution(by):
        raise PermissionDenied


def _require_edit(by: Actor, institution_id: int) -> None:
    if not access.can_edit_institution(by, institution_id):
        raise PermissionDenied


def _new_institution(by: Actor, data: dict[str, Any]) -> Institution:
    _require_network_manager(by)
    institution = Institution(**_pick(data, INSTITUTION_FIELDS))
    institution.search_text = institution_search_text(institution)
    return institution


def _institution_changes(institution: Institution, by: Actor, data: dict[str, Any]) -> dict:
    if institution.pk is not None:  # else a new one of the same import, already allowed
        _require_edit(by, institution.pk)
    data = _pick(data, INSTITUTION_FIELDS)
    probe = Institution(**{**{f: getattr(institution, f) for f in INSTITUTION_FIELDS}, **data})
    data["search_text"] = institution_search_text(probe)
    return data


@transaction.atomic
def institution_create(*, by: Actor, data: dict[str, Any], logo: Any = None) -> Institution:
    institution = _new_institution(by, data)
    save_created(institution, by=by, action="institution.create", institution_id=None)
    if logo:
        institution_set_logo(institution=institution, by=by, upload=logo)
    return institution


@transaction.atomic
def institution_update(
    *,
    institution: Institution,
    by: Actor,
    data: dict[str, Any],
    version: int | None,
    logo: Any = None,
) -> bool:
    """Apply ``data`` (and a new logo upload); False when nothing changed."""
    changed = save_updated(
        institution,
        by=by,
        action="institution.update",
        data=_institution_changes(institution, by, data),
        version=version,
        institution_id=institution.pk,
    )
    if logo:
        institution_set_logo(institution=institution, by=by, upload=logo)
        changed = True
    return changed


def institution_stage_create(*, changes: ChangeSet, by: Actor, data: dict[str, Any]) -> Institution:
    """A new institution of an import: checked now, written with the others by
    ``changes.write()``."""
    institution = _new_institution(by, data)
    changes.create(institution, action="institution.create", institution_id=None)
    return institution


def institution_stage_update(
    *, changes: ChangeSet, institution: Institution, by: Actor, data: dict[str, Any]
) -> bool:
    """A changed institution of an import (see ``institution_stage_create``); False when the
    row changes nothing. Its version is checked when the change set is written."""
    data = _institution_changes(institution, by, data)
    return changes.update(
        institution, data, action="institution.update", institution_id=institution.pk
    )


@transaction.atomic
def institution_set_logo(*, institution: Institution, by: Actor, upload: Any) -> None:
    from leizu.core.files import IMAGE_TYPES, stored_file_create, stored_file_delete

    _require_edit(by, institution.pk)
    previous = institution.logo
    stored = stored_file_create(
        upload=upload, by=by.user, institution_id=institution.pk, allowed=IMAGE_TYPES
    )
    save_updated(
        institution,
        by=by,
        action="institution.logo",
        data={"logo": stored},
        version=None,
        institution_id=institution.pk,
    )
    if previous is not None:
        stored_file_delete(stored=previous, by=by.user)


def _check_unit_parent(unit: OrgUnit) -> None:
    parent = unit.parent
    seen = {unit.pk}
    while parent is not None:
        if parent.institution_id != unit.institution_id:
            raise ServiceError(
                _("A unit can only be part of a unit of the same institution."),
                fields={"parent": [_("Choose a unit of the same institution.")]},
            )
        if parent.pk in seen:
            raise ServiceError(
                _("A unit cannot be part of itself."),
                fields={"parent": [_("This would make a loop.")]},
            )
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def unit_create(*, by: Actor, institution: Institution, data: dict[str, Any]) -> OrgUnit:
    _require_edit(by, institution.pk)
    unit = OrgUnit(institution=institution, **_pick(data, UNIT_FIELDS))
    _check_unit_parent(unit)
    save_created(unit, by=by, action="unit.create", institution_id=institution.pk)
    return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, by: Actor, data: dict[str, Any], version: int | None) -> bool:
    _require_edit(by, unit.institution_id)
    data = _pick(data, UNIT_FIELDS)
    old_parent = unit.parent
    if "parent" in data:
        unit.parent = data["parent"]
        try:
            _check_unit_parent(unit)
        finally:
            unit.parent = old_parent
    return save_updated(
        unit,
        by=by,
        action="unit.update",
        data=data,
        version=version,
        institution_id=unit.institution_id,
    )


def _clean_person_data(institution_id: int, data: dict[str, Any]) -> dict[str, Any]:
    unit = data.get("unit")
    if unit is not None and unit.institution_id != institution_id:
        raise ServiceError(
            _("The unit belongs to another institution."),
            fields={"unit": [_("Choose a unit of the person's institution.")]},
        )
    variants = data.get("name_variants")
    if variants is not None:
        cleaned = []
        for v in variants:
            if not isinstance(v, dict) or v.get("script") not in ("Latn", "Cyrl", "Hans"):
                raise ServiceError(
                    _("Each other spelling needs a script (Latn, Cyrl or Hans) and a family name."),
                    fields={"name_variants": [_("Check the other spellings.")]},
                )
            row = {
                k: str(v.get(k) or "").strip() for k in ("script", "family", "given", "patronymic")
            }
            if row["family"]:
                cleaned.append(row)
        data["name_variants"] = cleaned
    if data.get("email"):
        data["email"] = data["email"].strip().lower()
    check_position_code(data)
    return data


@transaction.atomic
def person_create(*, by: Actor, institution: Institution, data: dict[str, Any]) -> Person:
    _require_edit(by, institution.pk)
    data = _clean_person_data(institution.pk, _pick(data, PERSON_FIELDS))
    person = Person(institution=institution, **data)
    person.search_text = person_search_text(person)
    save_created(person, by=by, action="person.create", institution_id=institution.pk)
    return person


@transaction.atomic
def person_update(*, person: Person, by: Actor, data: dict[str, Any], version: int | None) -> bool:
    _require_edit(by, person.institution_id)
    data = _clean_person_data(person.institution_id, _pick(data, PERSON_FIELDS))
    probe = Person(**{**{f: getattr(person, f) for f in PERSON_FIELDS}, **data})
    data["search_text"] = person_search_text(probe)
    return save_updated(
        person,
        by=by,
        action="person.update",
        data=data,
        version=version,
        institution_id=person.institution_id,
    )
