from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from leizu.core.access import actor_for
from leizu.core.multilingual import Multilingual
from leizu.core.schemas import ErrorOut, MultilingualText
from leizu.institutions import selectors, services
from leizu.institutions.models import IdentifierScheme, InstitutionKind, NameScript, UnitKind

router = Router(tags=["institutions"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class InstitutionOut(Schema):
    id: int
    kind: InstitutionKind
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    name: MultilingualText
    short_name: MultilingualText
    city: MultilingualText
    national_id_scheme: str
    national_id: str
    schac_code: str
    erasmus_code: str
    website: str
    description: MultilingualText
    is_host: bool
    version: int


class InstitutionIn(Schema):
    kind: InstitutionKind
    country: str = Field(min_length=2, max_length=2)
    name: MultilingualText
    short_name: MultilingualText = {}
    city: MultilingualText = {}
    national_id_scheme: IdentifierScheme | None = None
    national_id: str = ""
    schac_code: str = ""
    erasmus_code: str = ""
    website: str = ""
    description: MultilingualText = {}


class InstitutionPatch(Schema):
    version: int = Field(description="The version you read; a newer stored version is a 409")
    kind: InstitutionKind | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    name: MultilingualText | None = None
    short_name: MultilingualText | None = None
    city: MultilingualText | None = None
    national_id_scheme: IdentifierScheme | None = None
    national_id: str | None = None
    schac_code: str | None = None
    erasmus_code: str | None = None
    website: str | None = None
    description: MultilingualText | None = None


class InstitutionFilter(Schema):
    country: str | None = None
    kind: InstitutionKind | None = None
    q: str | None = Field(None, description="Search names in any script")


class UnitOut(Schema):
    id: int
    institution_id: int
    parent_id: int | None
    kind: UnitKind
    name: MultilingualText
    code: str
    description: MultilingualText
    version: int


class UnitIn(Schema):
    parent_id: int | None = None
    kind: UnitKind
    name: MultilingualText
    code: str = ""
    description: MultilingualText = {}


class UnitPatch(Schema):
    version: int
    parent_id: int | None = None
    kind: UnitKind | None = None
    name: MultilingualText | None = None
    code: str | None = None
    description: MultilingualText | None = None


class NameSpelling(Schema):
    script: NameScript
    family: str
    given: str = ""
    patronymic: str = ""


class PersonOut(Schema):
    id: int
    institution_id: int
    unit_id: int | None
    family_name: str
    given_name: str
    patronymic: str
    name_script: NameScript
    name_variants: list[NameSpelling]
    passport_family_name: str
    passport_given_name: str
    display_name: str
    position: MultilingualText
    title: MultilingualText
    languages: list[str]
    email: str
    phone: str
    messenger: str
    version: int

    @staticmethod
    def resolve_display_name(obj: Any) -> str:
        return obj.display_name()


class PersonIn(Schema):
    unit_id: int | None = None
    family_name: str = Field(min_length=1, max_length=100)
    given_name: str = ""
    patronymic: str = ""
    name_script: NameScript
    name_variants: list[NameSpelling] = []
    passport_family_name: str = ""
    passport_given_name: str = ""
    position: MultilingualText = {}
    title: MultilingualText = {}
    languages: list[str] = []
    email: str = ""
    phone: str = ""
    messenger: str = ""


class PersonPatch(Schema):
    version: int
    unit_id: int | None = None
    family_name: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    name_script: NameScript | None = None
    name_variants: list[NameSpelling] | None = None
    passport_family_name: str | None = None
    passport_given_name: str | None = None
    position: MultilingualText | None = None
    title: MultilingualText | None = None
    languages: list[str] | None = None
    email: str | None = None
    phone: str | None = None
    messenger: str | None = None


class PersonFilter(Schema):
    institution_id: int | None = None
    q: str | None = Field(None, description="Search names in any script")


def _data(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial, exclude={"version"})
    for key, value in list(data.items()):
        if key in ("name", "short_name", "city", "description", "position", "title"):
            data[key] = Multilingual(value or {})
        elif value is None and key not in ("unit_id", "parent_id"):
            data[key] = ""
    return data


def _resolve_unit(request: HttpRequest, data: dict[str, Any], key: str, target: str) -> None:
    if key in data:
        unit_id = data.pop(key)
        data[target] = selectors.unit_get(actor=actor_for(request), pk=unit_id) if unit_id else None


@router.get("/institutions", response=list[InstitutionOut], summary="List institutions")
@paginate(LimitOffsetPagination)
def institution_list(request: HttpRequest, filters: Query[InstitutionFilter]) -> Any:
    return selectors.institution_list(
        actor=actor_for(request), country=filters.country, kind=filters.kind, query=filters.q
    )


@router.post(
    "/institutions", response={201: InstitutionOut, **ERRORS}, summary="Create an institution"
)
def institution_create(request: HttpRequest, payload: InstitutionIn) -> Any:
    institution = services.institution_create(
        by=actor_for(request), data=_data(payload, partial=False)
    )
    return Status(201, institution)


@router.get(
    "/institutions/{institution_id}",
    response={200: InstitutionOut, 404: ErrorOut},
    summary="Read an institution",
)
def institution_get(request: HttpRequest, institution_id: int) -> Any:
    return selectors.institution_get(actor=actor_for(request), pk=institution_id)


@router.patch(
    "/institutions/{institution_id}",
    response={200: InstitutionOut, **ERRORS},
    summary="Change an institution",
)
def institution_update(request: HttpRequest, institution_id: int, payload: InstitutionPatch) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=institution_id)
    services.institution_update(
        institution=institution,
        by=actor,
        data=_data(payload, partial=True),
        version=payload.version,
    )
    return institution


@router.get(
    "/institutions/{institution_id}/units",
    response={200: list[UnitOut], 404: ErrorOut},
    summary="List an institution's units",
)
def unit_list(request: HttpRequest, institution_id: int) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get(actor=actor, pk=institution_id)
    return list(selectors.unit_list(actor=actor, institution=institution))


@router.post(
    "/institutions/{institution_id}/units",
    response={201: UnitOut, **ERRORS},
    summary="Add a unit to an institution",
)
def unit_create(request: HttpRequest, institution_id: int, payload: UnitIn) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=institution_id)
    data = _data(payload, partial=False)
    _resolve_unit(request, data, "parent_id", "parent")
    return Status(201, services.unit_create(by=actor, institution=institution, data=data))


@router.get("/units/{unit_id}", response={200: UnitOut, 404: ErrorOut}, summary="Read a unit")
def unit_get(request: HttpRequest, unit_id: int) -> Any:
    return selectors.unit_get(actor=actor_for(request), pk=unit_id)


@router.patch("/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="Change a unit")
def unit_update(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Any:
    actor = actor_for(request)
    unit = selectors.unit_get_for_edit(actor=actor, pk=unit_id)
    data = _data(payload, partial=True)
    _resolve_unit(request, data, "parent_id", "parent")
    services.unit_update(unit=unit, by=actor, data=data, version=payload.version)
    return unit


@router.get("/people", response=list[PersonOut], summary="List people")
@paginate(LimitOffsetPagination)
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    return selectors.person_list(
        actor=actor_for(request), institution_id=filters.institution_id, query=filters.q
    )


@router.post(
    "/institutions/{institution_id}/people",
    response={201: PersonOut, **ERRORS},
    summary="Add a person to an institution",
)
def person_create(request: HttpRequest, institution_id: int, payload: PersonIn) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=institution_id)
    data = _data(payload, partial=False)
    _resolve_unit(request, data, "unit_id", "unit")
    return Status(201, services.person_create(by=actor, institution=institution, data=data))


@router.get(
    "/people/{person_id}", response={200: PersonOut, 404: ErrorOut}, summary="Read a person"
)
def person_get(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_get(actor=actor_for(request), pk=person_id)


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS}, summary="Change a person")
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch) -> Any:
    actor = actor_for(request)
    person = selectors.person_get_for_edit(actor=actor, pk=person_id)
    data = _data(payload, partial=True)
    _resolve_unit(request, data, "unit_id", "unit")
    if "name_variants" in data:
        data["name_variants"] = [dict(v) for v in data["name_variants"] or []]
    services.person_update(person=person, by=actor, data=data, version=payload.version)
    return person
