"""Reads of programmes: catalogues and their codes, always for an actor."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from leizu.core.access import Actor, get_or_404
from leizu.core.text import search_terms
from leizu.programmes import access
from leizu.programmes.models import Catalogue, CatalogueEntry

SEARCH_LENGTH = 100


def catalogue_list(*, actor: Actor) -> QuerySet[Catalogue]:
    if not access.reads_catalogues(actor):
        return Catalogue.objects.none()
    return Catalogue.objects.annotate(
        programme_count=Count("entries", filter=Q(entries__kind="programme"))
    ).order_by("country", "classifier", "-edition")


def catalogue_get(*, actor: Actor, pk: int) -> Catalogue:
    return get_or_404(catalogue_list(actor=actor), pk=pk)


def entry_list(
    *,
    actor: Actor,
    catalogue: Catalogue,
    level: str | None = None,
    field: str | None = None,
    search: str | None = None,
) -> QuerySet[CatalogueEntry]:
    """A catalogue's codes in catalogue order (a category, its classes, their programmes),
    narrowed to a level, an ISCED-F field (programmes of it and the classes and categories above
    them) or a code or name containing the search text."""
    entries = CatalogueEntry.objects.filter(catalogue=catalogue_get(actor=actor, pk=catalogue.pk))
    if level:
        entries = entries.filter(level=level)
    if field:
        hits = entries.filter(kind="programme", isced_f=field)
        entries = entries.filter(
            Q(pk__in=hits.values("pk"))
            | Q(pk__in=hits.values("parent_id"))
            | Q(pk__in=hits.values("parent__parent_id"))
        )
    terms = search_terms((search or "")[:SEARCH_LENGTH])
    if terms:
        found = Q()
        for term in terms:
            found |= Q(search_text__contains=term)
        entries = entries.filter(found)
    return entries.order_by("order", "code")


def entry_get(*, actor: Actor, pk: int) -> CatalogueEntry:
    queryset = CatalogueEntry.objects.select_related(
        "catalogue", "parent", "parent__parent"
    ).filter(catalogue__in=catalogue_list(actor=actor).values("pk"))
    return get_or_404(queryset, pk=pk)


def entry_children(*, entry: CatalogueEntry) -> QuerySet[CatalogueEntry]:
    return entry.children.order_by("order", "code")


def catalogue_levels(*, catalogue: Catalogue) -> list[str]:
    return list(
        CatalogueEntry.objects.filter(catalogue=catalogue)
        .order_by()
        .values_list("level", flat=True)
        .distinct()
    )


def catalogue_fields(*, catalogue: Catalogue) -> list[str]:
    return sorted(
        set(
            CatalogueEntry.objects.filter(catalogue=catalogue, kind="programme")
            .exclude(isced_f="")
            .order_by()
            .values_list("isced_f", flat=True)
            .distinct()
        )
    )
