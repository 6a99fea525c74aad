from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leizu.core.access import actor_for
from leizu.core.reference import country_name
from leizu.programmes import selectors
from leizu.programmes.catalogues import LEVEL_ORDER, level_name
from leizu.programmes.models import CatalogueEntry
from leizu.talent.codes import field_label, isced_detailed_codes

PAGE_SIZE = 100


def _levels(codes: list[str]) -> list[tuple[str, str]]:
    rank = {code: i for i, code in enumerate(LEVEL_ORDER)}
    return [(c, level_name(c)) for c in sorted(codes, key=lambda c: (rank.get(c, 99), c)) if c]


@login_required
def catalogues(request: HttpRequest) -> HttpResponse:
    rows = selectors.catalogue_list(actor=actor_for(request))
    return render(
        request,
        "programmes/catalogues.html",
        {"catalogues": [(c, country_name(c.country)) for c in rows]},
    )


@login_required
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    cat = selectors.catalogue_get(actor=actor, pk=pk)
    levels = _levels(selectors.catalogue_levels(catalogue=cat))
    fields = selectors.catalogue_fields(catalogue=cat)
    level = request.GET.get("level") or None
    field = request.GET.get("field") or None
    filters = {
        "level": level if level in dict(levels) else None,
        "field": field if field in isced_detailed_codes() else None,
        "q": (request.GET.get("q") or "")[: selectors.SEARCH_LENGTH],
    }
    entries = selectors.entry_list(
        actor=actor,
        catalogue=cat,
        level=filters["level"],
        field=filters["field"],
        search=filters["q"],
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/catalogue.html",
        {
            "catalogue": cat,
            "country": country_name(cat.country),
            "page": page,
            "rows": [
                (e, level_name(e.level), field_label(e.isced_f) if e.isced_f else "") for e in page
            ],
            "levels": levels,
            "fields": [(f, field_label(f)) for f in fields],
            "filters": filters,
        },
    )


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    code = selectors.entry_get(actor=actor_for(request), pk=pk)
    chain: list[CatalogueEntry] = []
    up = code.parent
    while up is not None and len(chain) < 5:
        chain.insert(0, up)
        up = up.parent
    return render(
        request,
        "programmes/entry.html",
        {
            "entry": code,
            "chain": chain,
            "level": level_name(code.level),
            "field": field_label(code.isced_f) if code.isced_f else "",
            "children": selectors.entry_children(entry=code),
            "source_count": len([k for k in code.sources.split(";") if k.strip()]),
            "country": country_name(code.catalogue.country),
        },
    )
