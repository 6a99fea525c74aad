"""Reads of institutions, units and people, always scoped to an actor."""

from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from leizu.core.access import Actor, get_or_404
from leizu.core.search import contains_q
from leizu.core.text import search_terms
from leizu.core.timeline import events_for
from leizu.institutions.access import (
    can_edit_institution,
    editable_institutions_q,
    visible_institutions_q,
)
from leizu.institutions.models import Institution, OrgUnit, Person


def _search_q(model: Any, query: str | None) -> Q:
    return contains_q(model, "search_text", search_terms(query or ""))


def institution_list(
    *,
    actor: Actor,
    country: str | None = None,
    kind: str | None = None,
    query: str | None = None,
) -> QuerySet[Institution]:
    """The active institutions the actor sees, filtered, in the directory's order."""
    qs = Institution.objects.filter(visible_institutions_q(actor), is_active=True)
    if country:
        qs = qs.filter(country=country)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(_search_q(Institution, query))
    return qs.order_by("-is_host", "country", "id")


# What a row of the directory shows: its page reads no other column (no descriptions, no
# search text, no logo), and as values, not model instances, which it would only take apart.
_DIRECTORY_COLUMNS = ("id", "kind", "country", "city", "name", "is_host", "people_count")

# A row's number of people: a correlated count, so the database counts people only for the rows
# of the page shown; COUNT(*), which PostgreSQL answers from the index on institution_id alone
# (for COUNT("id") it read the rows of the people). Built once: annotate() resolves a copy of it
# for each query, and building it anew cost a third of the directory's selector.
_PEOPLE_COUNT = Coalesce(
    Subquery(
        Person.objects.filter(institution=OuterRef("pk"))
        .order_by()
        .values("institution")
        .annotate(n=Count("*"))
        .values("n")
    ),
    0,
)


def institution_directory(
    *,
    actor: Actor,
    country: str | None = None,
    kind: str | None = None,
    query: str | None = None,
) -> QuerySet[Institution, dict[str, Any]]:
    """The rows of the directory (``institution_list``) as dicts of what they show, with their
    number of people (``people_count``)."""
    return (
        institution_list(actor=actor, country=country, kind=kind, query=query)
        .annotate(people_count=_PEOPLE_COUNT)
        .values(*_DIRECTORY_COLUMNS)
    )


def institution_count_by_country(*, actor: Actor) -> list[dict[str, Any]]:
    """[{"country": "KZ", "n": 12}, …], most institutions first."""
    qs = Institution.objects.filter(visible_institutions_q(actor), is_active=True)
    return list(qs.order_by().values("country").annotate(n=Count("id")).order_by("-n", "country"))


def institution_countries(*, actor: Actor) -> list[str]:
    """Countries that occur among the institutions the actor sees (for the filter)."""
    visible = visible_institutions_q(actor)
    if not visible:
        return _active_countries()
    qs = Institution.objects.filter(visible, is_active=True)
    return list(qs.order_by("country").values_list("country", flat=True).distinct())


def _active_countries() -> list[str]:
    """The countries of all active institutions, in order, by a loose index scan.

    A DISTINCT reads every entry of the index on (country, is_active), ten thousand for a
    handful of countries; this seeks from each country to the next instead, one step per
    country. (SQLite skips ahead by itself only with ANALYZE statistics, which nothing here
    gathers.) Only for an actor who sees every institution: through a visibility filter each
    step could read many rows the actor does not see before finding the next country.
    """
    table = connection.ops.quote_name(Institution._meta.db_table)
    sql = f"""
        WITH RECURSIVE found(country) AS (
            SELECT MIN(country) FROM {table} WHERE is_active = %s
            UNION ALL
            SELECT (
                SELECT MIN(i.country) FROM {table} i
                WHERE i.is_active = %s AND i.country > found.country
            ) FROM found WHERE found.country IS NOT NULL
        )
        SELECT country FROM found WHERE country IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, True])
        return [row[0] for row in cursor.fetchall()]


def institution_get(*, actor: Actor, pk: Any) -> Institution:
    return get_or_404(
        Institution.objects.filter(visible_institutions_q(actor)).select_related("logo"), pk=pk
    )


def institution_get_for_edit(*, actor: Actor, pk: Any) -> Institution:
    """The institution if the actor may edit it; 404 if unseen; PermissionDenied if read-only."""
    institution = institution_get(actor=actor, pk=pk)
    _require_edit(actor, institution.pk)
    return institution


def _require_edit(actor: Actor, institution_id: int) -> None:
    from django.core.exceptions import PermissionDenied

    if not Institution.objects.filter(editable_institutions_q(actor), pk=institution_id).exists():
        raise PermissionDenied


def institution_profile(*, actor: Actor, pk: Any) -> dict[str, Any]:
    """An institution with its units (as a tree) and its people, in a fixed number of queries."""
    institution = institution_get(actor=actor, pk=pk)
    units = list(OrgUnit.objects.filter(institution=institution).order_by("id"))
    people = list(Person.objects.filter(institution=institution).select_related("unit"))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def walk(parent_id: int | None, depth: int) -> list[tuple[OrgUnit, int]]:
        rows = []
        for unit in children.get(parent_id, []):
            rows.append((unit, depth))
            rows.extend(walk(unit.pk, depth + 1))
        return rows

    return {
        "institution": institution,
        "unit_tree": walk(None, 0),
        "people": people,
        "can_edit": can_edit_institution(actor, institution.pk),
        "timeline": events_for(actor, institution.pk),
    }


def unit_get(*, actor: Actor, pk: Any) -> OrgUnit:
    return get_or_404(
        OrgUnit.objects.filter(visible_institutions_q(actor, "institution__")).select_related(
            "institution"
        ),
        pk=pk,
    )


def unit_get_for_edit(*, actor: Actor, pk: Any) -> OrgUnit:
    unit = unit_get(actor=actor, pk=pk)
    _require_edit(actor, unit.institution_id)
    return unit


def unit_list(*, actor: Actor, institution: Institution) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        visible_institutions_q(actor, "institution__"), institution=institution
    )


def person_list(
    *, actor: Actor, institution_id: int | None = None, query: str | None = None
) -> QuerySet[Person]:
    qs = Person.objects.filter(visible_institutions_q(actor, "institution__"))
    if institution_id:
        qs = qs.filter(institution_id=institution_id)
    if query:
        qs = qs.filter(_search_q(Person, query))
    return qs.select_related("institution", "unit")


def person_get(*, actor: Actor, pk: Any) -> Person:
    return get_or_404(person_list(actor=actor), pk=pk)


def person_get_for_edit(*, actor: Actor, pk: Any) -> Person:
    person = person_get(actor=actor, pk=pk)
    _require_edit(actor, person.institution_id)
    return person
