"""The programmes API: catalogues and their codes. Access follows ``programmes/access.py``
through the selectors."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from leizu.core.access import actor_for
from leizu.core.schemas import READ_ERRORS, Pages
from leizu.programmes import selectors
from leizu.programmes.schemas import (
    ProgrammeCatalogueCodeFilter,
    ProgrammeCatalogueCodeOut,
    ProgrammeCatalogueOut,
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
