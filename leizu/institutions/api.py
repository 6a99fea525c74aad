from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from leizu.core.access import actor_for
from leizu.core.multilingual import Multilingual
from leizu.core.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    CountryCode,
    Id,
    MultilingualLine,
    MultilingualParagraphs,
    MultilingualText,
    Pages,
    Text,
    Version,
    unchanged,
)
from leizu.institutions import selectors, services
from leizu.institutions.models import IdentifierScheme, InstitutionKind, NameScript, UnitKind

router = Router(tags=["institutions"])
LanguageCodeList = Annotated[list[Annotated[str, Text(10, min_length=2)]], Field(max_length=20)]


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
    country: CountryCode
    name: MultilingualLine
    short_name: MultilingualLine = {}
    city: MultilingualLine = {}
    national_id_scheme: IdentifierScheme | None = None
    national_id: Annotated[str, Text(40)] = ""
    schac_code: Annotated[str, Text(100)] = ""
    erasmus_code: Annotated[str, Text(40)] = ""
    website: Annotated[str, Text(200)] = ""
    description: MultilingualParagraphs = {}


class InstitutionPatch(Schema):
    version: Version
    kind: InstitutionKind = unchanged()
    country: CountryCode = unchanged()
    name: MultilingualLine = unchanged()
    short_name: MultilingualLine = unchanged()
    city: MultilingualLine = unchanged()
    national_id_scheme: IdentifierScheme | None = None
    national_id: Annotated[str, Text(40)] = unchanged()
    schac_code: Annotated[str, Text(100)] = unchanged()
    erasmus_code: Annotated[str, Text(40)] = unchanged()
    website: Annotated[str, Text(200)] = unchanged()
    description: MultilingualParagraphs = unchanged()


class InstitutionFilter(Schema):
    country: CountryCode | None = None
    kind: InstitutionKind | None = None
    q: Annotated[str, Text(200)] | None = Field(None, description="Search names in any script")


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
    parent_id: Id | None = None
    kind: UnitKind
    name: MultilingualLine
    code: Annotated[str, Text(40)] = ""
    description: MultilingualParagraphs = {}


class UnitPatch(Schema):
    version: Version
    parent_id: Id | None = None
    kind: UnitKind = unchanged()
    name: MultilingualLine = unchanged()
    code: Annotated[str, Text(40)] = unchanged()
    description: MultilingualParagraphs = unchanged()


class NameSpelling(Schema):
    script: NameScript
    family: Annotated[str, Text(100)]
    given: Annotated[str, Text(100)] = ""
    patronymic: Annotated[str, Text(100)] = ""


class NameSpellingOut(Schema):
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
    name_variants: list[NameSpellingOut]
    passport_family_name: str
    passport_given_name: str
    display_name: str
    position_code: str = Field(description="A code of the positions vocabulary, or empty")
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
    unit_id: Id | None = None
    family_name: Annotated[str, Text(100, min_length=1)]
    given_name: Annotated[str, Text(100)] = ""
    patronymic: Annotated[str, Text(100)] = ""
    name_script: NameScript
    name_variants: Annotated[list[NameSpelling], Field(max_length=10)] = []
    passport_family_name: Annotated[str, Text(100)] = ""
    passport_given_name: Annotated[str, Text(100)] = ""
    position_code: Annotated[str, Text(40)] = Field(
        "", description="A code of the positions vocabulary"
    )
    position: MultilingualLine = {}
    title: MultilingualLine = {}
    languages: LanguageCodeList = []
    email: Annotated[str, Text(254)] = ""
    phone: Annotated[str, Text(40)] = ""
    messenger: Annotated[str, Text(100)] = ""


class PersonPatch(Schema):
    version: Version
    unit_id: Id | None = None
    family_name: Annotated[str, Text(100, min_length=1)] = unchanged()
    given_name: Annotated[str, Text(100)] = unchanged()
    patronymic: Annotated[str, Text(100)] = unchanged()
    name_script: NameScript = unchanged()
    name_variants: Annotated[list[NameSpelling], Field(max_length=10)] = unchanged()
    passport_family_name: Annotated[str, Text(100)] = unchanged()
    passport_given_name: Annotated[str, Text(100)] = unchanged()
    position_code: Annotated[str, Text(40)] = unchanged()
    position: MultilingualLine = unchanged()
    title: MultilingualLine = unchanged()
    languages: LanguageCodeList = unchanged()
    email: Annotated[str, Text(254)] = unchanged()
    phone: Annotated[str, Text(40)] = unchanged()
    messenger: Annotated[str, Text(100)] = unchanged()


class PersonFilter(Schema):
    institution_id: Id | None = None
    q: Annotated[str, Text(200)] | None = Field(None, description="Search names in any script")


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


@router.get(
    "/institutions",
    response={200: list[InstitutionOut], **READ_ERRORS},
    summary="List institutions",
)
@paginate(Pages)
def institution_list(request: HttpRequest, filters: Query[InstitutionFilter]) -> Any:
    return selectors.institution_list(
        actor=actor_for(request), country=filters.country, kind=filters.kind, query=filters.q
    )


@router.post(
    "/institutions", response={201: InstitutionOut, **WRITE_ERRORS}, summary="Create an institution"
)
def institution_create(request: HttpRequest, payload: InstitutionIn) -> Any:
    institution = services.institution_create(
        by=actor_for(request), data=_data(payload, partial=False)
    )
    return Status(201, institution)


@router.get(
    "/institutions/{institution_id}",
    response={200: InstitutionOut, **READ_ERRORS},
    summary="Read an institution",
)
def institution_get(request: HttpRequest, institution_id: int) -> Any:
    return selectors.institution_get(actor=actor_for(request), pk=institution_id)


@router.patch(
    "/institutions/{institution_id}",
    response={200: InstitutionOut, **WRITE_ERRORS},
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
    response={200: list[UnitOut], **READ_ERRORS},
    summary="List an institution's units",
)
def unit_list(request: HttpRequest, institution_id: int) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get(actor=actor, pk=institution_id)
    return list(selectors.unit_list(actor=actor, institution=institution))


@router.post(
    "/institutions/{institution_id}/units",
    response={201: UnitOut, **WRITE_ERRORS},
    summary="Add a unit to an institution",
)
def unit_create(request: HttpRequest, institution_id: int, payload: UnitIn) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=institution_id)
    data = _data(payload, partial=False)
    _resolve_unit(request, data, "parent_id", "parent")
    return Status(201, services.unit_create(by=actor, institution=institution, data=data))


@router.get("/units/{unit_id}", response={200: UnitOut, **READ_ERRORS}, summary="Read a unit")
def unit_get(request: HttpRequest, unit_id: int) -> Any:
    return selectors.unit_get(actor=actor_for(request), pk=unit_id)


@router.patch("/units/{unit_id}", response={200: UnitOut, **WRITE_ERRORS}, summary="Change a unit")
def unit_update(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Any:
    actor = actor_for(request)
    unit = selectors.unit_get_for_edit(actor=actor, pk=unit_id)
    data = _data(payload, partial=True)
    _resolve_unit(request, data, "parent_id", "parent")
    services.unit_update(unit=unit, by=actor, data=data, version=payload.version)
    return unit


@router.get("/people", response={200: list[PersonOut], **READ_ERRORS}, summary="List people")
@paginate(Pages)
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    return selectors.person_list(
        actor=actor_for(request), institution_id=filters.institution_id, query=filters.q
    )


@router.post(
    "/institutions/{institution_id}/people",
    response={201: PersonOut, **WRITE_ERRORS},
    summary="Add a person to an institution",
)
def person_create(request: HttpRequest, institution_id: int, payload: PersonIn) -> Any:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=institution_id)
    data = _data(payload, partial=False)
    _resolve_unit(request, data, "unit_id", "unit")
    return Status(201, services.person_create(by=actor, institution=institution, data=data))


@router.get(
    "/people/{person_id}", response={200: PersonOut, **READ_ERRORS}, summary="Read a person"
)
def person_get(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_get(actor=actor_for(request), pk=person_id)


@router.patch(
    "/people/{person_id}", response={200: PersonOut, **WRITE_ERRORS}, summary="Change a person"
)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch) -> Any:
    actor = actor_for(request)
    person = selectors.person_get_for_edit(actor=actor, pk=person_id)
    data = _data(payload, partial=True)
    _resolve_unit(request, data, "unit_id", "unit")
    if "name_variants" in data:
        data["name_variants"] = [dict(v) for v in data["name_variants"] or []]
    services.person_update(person=person, by=actor, data=data, version=payload.version)
    return person
