"""Reads of programmes: catalogues and their codes, always for an actor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from leizu.core.access import Actor, get_or_404
from leizu.core.text import search_terms
from leizu.institutions.models import Institution
from leizu.programmes import access
from leizu.programmes.models import (
    Catalogue,
    CatalogueEntry,
    Course,
    LearningOutcome,
    OutcomeSkill,
    Programme,
    ProgrammeGroup,
    ProgrammeYear,
)

SEARCH_LENGTH = 100


def _readable_catalogues(actor: Actor) -> QuerySet[Catalogue]:
    """Every catalogue, or none: catalogues are reference data read by every member."""
    return Catalogue.objects.all() if access.reads_catalogues(actor) else Catalogue.objects.none()


def catalogue_list(*, actor: Actor) -> QuerySet[Catalogue]:
    return (
        _readable_catalogues(actor)
        .annotate(programme_count=Count("entries", filter=Q(entries__kind="programme")))
        .order_by("country", "classifier", "-edition")
    )


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
    them) or a code or name containing the search text. ``catalogue`` is one the caller read
    through ``catalogue_get``."""
    if not access.reads_catalogues(actor):
        return CatalogueEntry.objects.none()
    entries = CatalogueEntry.objects.filter(catalogue=catalogue)
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
    ).filter(catalogue__in=_readable_catalogues(actor))
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


def programme_list(
    *,
    actor: Actor,
    institution: int | None = None,
    field: str | None = None,
    group: int | None = None,
) -> QuerySet[Programme]:
    """The programmes the actor reads, by institution and group, with what a list shows."""
    if not access.reads_programmes(actor):
        return Programme.objects.none()
    rows = Programme.objects.select_related("institution", "group", "catalogue_entry")
    if institution:
        rows = rows.filter(institution_id=institution)
    if field:
        rows = rows.filter(isced_f=field)
    if group:
        rows = rows.filter(group_id=group)
    return rows.order_by("institution_id", "group_id", "id")


def programme_get(*, actor: Actor, pk: int) -> Programme:
    return get_or_404(
        programme_list(actor=actor).select_related("catalogue_entry__catalogue"), pk=pk
    )


def programme_for_edit(*, actor: Actor, pk: int) -> Programme:
    """The programme if the actor may change it; 404 if unseen; PermissionDenied if read-only."""
    programme = programme_get(actor=actor, pk=pk)
    if not access.can_edit_programmes_of(actor, programme.institution_id):
        raise PermissionDenied
    return programme


def programme_years(*, programme: Programme) -> QuerySet[ProgrammeYear]:
    return programme.years.order_by("year")


def group_list(*, actor: Actor, institution: int | None = None) -> QuerySet[ProgrammeGroup]:
    if not access.reads_programmes(actor):
        return ProgrammeGroup.objects.none()
    rows = ProgrammeGroup.objects.select_related("institution")
    if institution:
        rows = rows.filter(institution_id=institution)
    return rows.order_by("institution_id", "id")


def group_get(*, actor: Actor, pk: int) -> ProgrammeGroup:
    return get_or_404(group_list(actor=actor), pk=pk)


def programme_codes(*, actor: Actor) -> QuerySet[CatalogueEntry]:
    """Programme codes of every catalogue the actor reads, for choosing a programme's code."""
    return (
        CatalogueEntry.objects.filter(kind="programme", catalogue__in=_readable_catalogues(actor))
        .select_related("catalogue")
        .order_by("catalogue_id", "order")
    )


def offering_institutions(*, actor: Actor) -> QuerySet[Institution]:
    """Institutions with at least one programme the actor reads (for the list's filter)."""
    return Institution.objects.filter(
        pk__in=programme_list(actor=actor).values("institution_id")
    ).order_by("id")


def offered_fields(*, actor: Actor) -> list[str]:
    return sorted(
        set(
            programme_list(actor=actor)
            .exclude(isced_f="")
            .order_by()
            .values_list("isced_f", flat=True)
            .distinct()
        )
    )


def programme_courses(*, programme: Programme) -> list[Course]:
    """A programme's courses with their outcomes and the outcomes' skill links (three queries)."""
    return list(
        programme.courses.order_by("order", "id").prefetch_related(
            Prefetch("outcomes", queryset=LearningOutcome.objects.order_by("order", "id")),
            Prefetch(
                "outcomes__skills",
                queryset=OutcomeSkill.objects.order_by("-score", "skill"),
            ),
        )
    )


def outcome_skill_for_review(*, actor: Actor, pk: int) -> OutcomeSkill:
    """A skill link of a programme the actor may change; 404 if unseen, PermissionDenied if
    the programme is another institution's."""
    link = get_or_404(
        OutcomeSkill.objects.filter(
            outcome__course__programme__in=programme_list(actor=actor)
        ).select_related("outcome__course__programme"),
        pk=pk,
    )
    if not access.can_edit_programmes_of(actor, link.outcome.course.programme.institution_id):
        raise PermissionDenied
    return link


def course_for_edit(*, actor: Actor, pk: int) -> Course:
    course = get_or_404(
        Course.objects.filter(programme__in=programme_list(actor=actor)).select_related(
            "programme"
        ),
        pk=pk,
    )
    if not access.can_edit_programmes_of(actor, course.programme.institution_id):
        raise PermissionDenied
    return course


def graduate_figures(
    *, year_from: int, year_to: int, country: str | None = None, field: str | None = None
) -> list[tuple[str, str, int, int]]:
    """Graduates of every institution's programmes by (field, country, year), for the talent
    figures: an aggregate that names no programme or institution (one grouped query)."""
    rows = ProgrammeYear.objects.filter(
        year__gte=year_from, year__lte=year_to, graduates__isnull=False
    ).exclude(programme__isced_f="")
    if country:
        rows = rows.filter(programme__institution__country=country)
    if field:
        rows = rows.filter(programme__isced_f__startswith=field)
    return [
        (r["programme__isced_f"], r["programme__institution__country"], r["year"], r["g"])
        for r in rows.values("programme__isced_f", "programme__institution__country", "year")
        .annotate(g=Sum("graduates"))
        .order_by()
    ]


def institutions_with_groups(*, actor: Actor) -> list[Institution]:
    """Institutions with programme groups the actor reads, the host first."""
    return list(
        Institution.objects.filter(
            pk__in=group_list(actor=actor).values("institution_id")
        ).order_by("-is_host", "id")
    )


def plannable_institutions(*, actor: Actor) -> list[Institution]:
    """Partners whose stated needs the actor sees (talent evidence), to plan with."""
    from leizu.talent.selectors import need_list

    ids = need_list(actor=actor).order_by().values("institution_id")
    return list(Institution.objects.filter(pk__in=ids, is_host=False).order_by("country", "id"))
