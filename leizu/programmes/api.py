"""The programmes API: catalogues and their codes, the programmes institutions offer with
their yearly intake and graduates, and programme groups. Access follows ``programmes/access.py``
through the selectors."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from leizu.core.access import Actor, actor_for
from leizu.core.errors import ServiceError
from leizu.core.schemas import READ_ERRORS, WRITE_ERRORS, Id, Pages, Year
from leizu.institutions import selectors as institution_selectors
from leizu.institutions.models import Institution
from leizu.programmes import access, selectors, services
from leizu.programmes.models import Programme
from leizu.programmes.schemas import (
    ProgrammeCatalogueCodeFilter,
    ProgrammeCatalogueCodeOut,
    ProgrammeCatalogueOut,
    ProgrammeCourseIn,
    ProgrammeCourseOut,
    ProgrammeCoverageOut,
    ProgrammeFilter,
    ProgrammeGroupIn,
    ProgrammeGroupOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammeOutcomeIn,
    ProgrammeOutcomeOut,
    ProgrammePatch,
    ProgrammeSkillLinkOut,
    ProgrammeSkillReviewIn,
    ProgrammeYearIn,
    ProgrammeYearOut,
)

router = Router(tags=["programmes"])


@router.get(
    "/programmes/catalogues",
    response={200: list[ProgrammeCatalogueOut], **READ_ERRORS},
    summary="List the programme catalogues (national classifiers and their editions)",
)
@paginate(Pages)
def catalogue_list(request: HttpRequest) -> Any:
    return selectors.catalogue_list(actor=actor_for(request))


@router.get(
    "/programmes/catalogues/{catalogue_id}",
    response={200: ProgrammeCatalogueOut, **READ_ERRORS},
    summary="Read a programme catalogue",
)
def catalogue_get(request: HttpRequest, catalogue_id: int) -> Any:
    return selectors.catalogue_get(actor=actor_for(request), pk=catalogue_id)


@router.get(
    "/programmes/catalogues/{catalogue_id}/codes",
    response={200: list[ProgrammeCatalogueCodeOut], **READ_ERRORS},
    summary="List a catalogue's codes in catalogue order: categories, classes, programmes",
)
@paginate(Pages)
def catalogue_code_list(
    request: HttpRequest, catalogue_id: int, filters: Query[ProgrammeCatalogueCodeFilter]
) -> Any:
    actor = actor_for(request)
    catalogue = selectors.catalogue_get(actor=actor, pk=catalogue_id)
    return selectors.entry_list(
        actor=actor,
        catalogue=catalogue,
        level=filters.level,
        field=filters.field,
        search=filters.q,
    )


@router.get(
    "/programmes/codes/{code_id}",
    response={200: ProgrammeCatalogueCodeOut, **READ_ERRORS},
    summary="Read one catalogue code with its field of education and the basis of that field",
)
def catalogue_code_get(request: HttpRequest, code_id: int) -> Any:
    return selectors.entry_get(actor=actor_for(request), pk=code_id)


# Programmes ------------------------------------------------------------------------------------


def _institution(actor: Actor, pk: int | None) -> Institution:
    """The institution named, or the actor's own one whose programmes it edits."""
    if pk is None:
        own = access.editor_institution_ids(actor)
        if not own:
            if actor.is_operator:
                message = _("This field is required.")
                raise ServiceError(message, fields={"institution_id": [message]})
            raise PermissionDenied
        pk = own[0]
    return institution_selectors.institution_get(actor=actor, pk=pk)


def _programme_data(actor: Actor, payload: ProgrammeIn | ProgrammePatch, partial: bool) -> dict:
    data = payload.dict(
        exclude_unset=partial,
        exclude={"version", "institution_id", "group_id", "catalogue_code_id"},
    )
    given = payload.model_fields_set
    if not partial or "group_id" in given:
        data["group"] = (
            selectors.group_get(actor=actor, pk=payload.group_id) if payload.group_id else None
        )
    if not partial or "catalogue_code_id" in given:
        data["catalogue_entry"] = (
            selectors.entry_get(actor=actor, pk=payload.catalogue_code_id)
            if payload.catalogue_code_id
            else None
        )
    for key in ("eqf_level", "duration_years", "credits"):
        if partial and key not in given:
            data.pop(key, None)
    return data


def _programme(actor: Actor, pk: int) -> Programme:
    return selectors.programme_get(actor=actor, pk=pk)


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **READ_ERRORS},
    summary="List the programmes institutions offer, with their yearly intake and graduates",
)
@paginate(Pages)
def programme_list(request: HttpRequest, filters: Query[ProgrammeFilter]) -> Any:
    return selectors.programme_list(
        actor=actor_for(request),
        institution=filters.institution,
        field=filters.field,
        group=filters.group,
    ).prefetch_related("years")


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **WRITE_ERRORS},
    summary="Add a programme your institution offers",
)
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Any:
    actor = actor_for(request)
    institution = _institution(actor, payload.institution_id)
    programme = services.programme_create(
        by=actor, institution=institution, data=_programme_data(actor, payload, partial=False)
    )
    return Status(201, _programme(actor, programme.pk))


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **READ_ERRORS},
    summary="Read a programme",
)
def programme_get(request: HttpRequest, programme_id: int) -> Any:
    return _programme(actor_for(request), programme_id)


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    summary="Change a programme of your institution",
)
def programme_update(request: HttpRequest, programme_id: int, payload: ProgrammePatch) -> Any:
    actor = actor_for(request)
    programme = selectors.programme_for_edit(actor=actor, pk=programme_id)
    services.programme_update(
        programme=programme,
        by=actor,
        data=_programme_data(actor, payload, partial=True),
        version=payload.version,
    )
    return _programme(actor, programme.pk)


@router.put(
    "/programmes/{programme_id}/years/{year}",
    response={200: ProgrammeYearOut, **WRITE_ERRORS},
    summary="Record a year's intake and graduates (a recorded year: with its version)",
)
def programme_year_set(
    request: HttpRequest, programme_id: int, year: Year, payload: ProgrammeYearIn
) -> Any:
    actor = actor_for(request)
    programme = selectors.programme_for_edit(actor=actor, pk=programme_id)
    return services.programme_year_set(
        programme=programme,
        by=actor,
        year=year,
        intake=payload.intake,
        graduates=payload.graduates,
        version=payload.version,
    )


@router.get(
    "/programme-groups",
    response={200: list[ProgrammeGroupOut], **READ_ERRORS},
    summary="List programme groups (professional clusters)",
)
@paginate(Pages)
def group_list(request: HttpRequest, institution: Id | None = None) -> Any:
    return selectors.group_list(actor=actor_for(request), institution=institution)


@router.post(
    "/programme-groups",
    response={201: ProgrammeGroupOut, **WRITE_ERRORS},
    summary="Add a programme group (professional cluster) of your institution",
)
def group_create(request: HttpRequest, payload: ProgrammeGroupIn) -> Any:
    actor = actor_for(request)
    institution = _institution(actor, payload.institution_id)
    group = services.group_create(
        by=actor, institution=institution, data=payload.dict(exclude={"institution_id"})
    )
    return Status(201, group)


# Courses, learning outcomes and their skills; adaptability --------------------------------------


@router.get(
    "/programmes/{programme_id}/courses",
    response={200: list[ProgrammeCourseOut], **READ_ERRORS},
    summary="A programme's courses with their learning outcomes and the outcomes' skills",
)
def course_list(request: HttpRequest, programme_id: int) -> Any:
    programme = _programme(actor_for(request), programme_id)
    return selectors.programme_courses(programme=programme)


@router.post(
    "/programmes/{programme_id}/courses",
    response={201: ProgrammeCourseOut, **WRITE_ERRORS},
    summary="Add a course to a programme of your institution",
)
def course_create(request: HttpRequest, programme_id: int, payload: ProgrammeCourseIn) -> Any:
    actor = actor_for(request)
    programme = selectors.programme_for_edit(actor=actor, pk=programme_id)
    return Status(201, services.course_create(by=actor, programme=programme, data=payload.dict()))


@router.post(
    "/programme-courses/{course_id}/outcomes",
    response={201: ProgrammeOutcomeOut, **WRITE_ERRORS},
    summary="Add a learning outcome to a course; the skills it names are suggested at once",
)
def outcome_create(request: HttpRequest, course_id: int, payload: ProgrammeOutcomeIn) -> Any:
    actor = actor_for(request)
    course = selectors.course_for_edit(actor=actor, pk=course_id)
    return Status(201, services.outcome_create(by=actor, course=course, data=payload.dict()))


@router.post(
    "/programme-skill-links/{link_id}/review",
    response={200: ProgrammeSkillLinkOut, **WRITE_ERRORS},
    summary="Confirm or reject a skill suggested for a learning outcome",
)
def link_review(request: HttpRequest, link_id: int, payload: ProgrammeSkillReviewIn) -> Any:
    actor = actor_for(request)
    link = selectors.outcome_skill_for_review(actor=actor, pk=link_id)
    return services.outcome_skill_review(
        link=link, by=actor, status=payload.status, version=payload.version
    )


@router.get(
    "/programme-groups/{group_id}/adaptability",
    response={200: list[ProgrammeCoverageOut], **READ_ERRORS},
    summary="How much of each occupation's skill profile the group covers, best first",
)
def group_adaptability(request: HttpRequest, group_id: int) -> Any:
    from leizu.programmes.adaptability import coverage_by_occupation

    group = selectors.group_get(actor=actor_for(request), pk=group_id)
    return [{"occupation": o, "coverage": v} for o, v in coverage_by_occupation(group=group)]
