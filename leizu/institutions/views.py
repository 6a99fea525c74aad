import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leizu.core.access import actor_for
from leizu.core.errors import ServiceError
from leizu.core.files import file_response
from leizu.core.pages import form_error, form_page, workbook_upload_page
from leizu.core.paging import SEARCH_CAP, CappedPaginator
from leizu.core.reference import country_name
from leizu.institutions import access, selectors, services
from leizu.institutions.forms import (
    InstitutionForm,
    InstitutionQuickForm,
    OrgUnitForm,
    PersonForm,
)
from leizu.institutions.io import institutions_export_xlsx
from leizu.institutions.models import InstitutionKind

PAGE_SIZE = 25


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    country = request.GET.get("country") or None
    kind = request.GET.get("kind") or None
    query = request.GET.get("q", "").strip()
    qs = selectors.institution_directory(actor=actor, country=country, kind=kind, query=query)
    # A search counts its matches up to a thousand (the rest: narrow it); the directory all.
    paginator = CappedPaginator(qs, PAGE_SIZE, cap=SEARCH_CAP if query else None)
    page = paginator.get_page(request.GET.get("page"))
    rows = _directory_rows(page)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "rows":
        # The search box swaps only the rows: no filter form, so no list of countries to read.
        return render(request, "institutions/_directory_rows.html", {"page": page, "rows": rows})
    countries = [(c, country_name(c)) for c in selectors.institution_countries(actor=actor)]
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "country": country or "",
        "kind": kind or "",
        "countries": countries,
        "kinds": InstitutionKind.choices,
        "can_create": access.can_create_institution(actor),
    }
    return render(request, "institutions/directory.html", context)


def _directory_rows(page: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """What each row of a directory page shows, in the active language, as plain values.

    The row template only prints them: looked up and translated there, each row's link (a
    reverse), country (a CLDR lookup), kind label and names cost most of the page's time.
    """
    kind_labels = {value: str(label) for value, label in InstitutionKind.choices}
    country_names: dict[str, str] = {}
    # One reverse for the page: the profile's URL with a marker number in place of the pk.
    marker = "987654321"
    head, _, tail = reverse("institutions:detail", args=[marker]).rpartition(marker)
    rows = []
    for inst in page:
        code = inst["country"]
        if code not in country_names:
            country_names[code] = country_name(code) if code else ""
        rows.append(
            {
                "url": f"{head}{inst['id']}{tail}",
                "name": str(inst["name"]),
                "is_host": inst["is_host"],
                "kind": kind_labels.get(inst["kind"], inst["kind"]),
                "country": country_names[code],
                "city": str(inst["city"]),
                "people_count": inst["people_count"],
            }
        )
    return rows


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = selectors.institution_profile(actor=actor_for(request), pk=pk)
    return render(request, "institutions/detail.html", context)


@login_required
def logo(request: HttpRequest, pk: int) -> FileResponse:
    """The institution's logo, for those who see the institution."""
    institution = selectors.institution_get(actor=actor_for(request), pk=pk)
    if institution.logo is None:
        raise Http404
    return file_response(institution.logo)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not access.can_create_institution(actor):
        raise PermissionDenied
    form = InstitutionForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        template="institutions/form.html",
        title=_("New institution"),
        success=_("The institution was created."),
        save=lambda: services.institution_create(
            by=actor, data=form.changes(), logo=form.cleaned_data.get("logo_upload")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_quick(request: HttpRequest) -> HttpResponse:
    """A new institution from inside another form (a dialog loaded by htmx): the other form stays
    as it was typed, and the page adds the new institution to its lists (event
    ``leizu:institution-created``, see static/leizu.js)."""
    actor = actor_for(request)
    if not access.can_create_institution(actor):
        raise PermissionDenied
    form = InstitutionQuickForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_create(by=actor, data=form.changes())
        except ServiceError as exc:
            form_error(form, exc)
        else:
            response = render(
                request, "institutions/_quick_created.html", {"institution": institution}
            )
            event = {"id": institution.pk, "label": institution.display_short_name()}
            response["HX-Trigger"] = json.dumps({"leizu:institution-created": event})
            return response
    return render(request, "institutions/_quick_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=pk)
    form = InstitutionForm(request.POST or None, request.FILES or None, instance=institution)

    def save() -> Any:
        services.institution_update(
            institution=institution,
            by=actor,
            data=form.changes(),
            version=form.cleaned_data.get("version"),
            logo=form.cleaned_data.get("logo_upload"),
        )
        return institution

    return form_page(
        request,
        form,
        template="institutions/form.html",
        save=save,
        title=_("Edit institution"),
        institution=institution,
        success=_("Your changes were saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=pk)
    form = OrgUnitForm(request.POST or None, institution=institution)
    return form_page(
        request,
        form,
        template="institutions/form.html",
        title=_("New unit"),
        institution=institution,
        success=_("The unit was added."),
        save=lambda: (
            services.unit_create(by=actor, institution=institution, data=form.changes()).institution
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    unit = selectors.unit_get_for_edit(actor=actor, pk=pk)
    form = OrgUnitForm(request.POST or None, instance=unit, institution=unit.institution)

    def save() -> Any:
        services.unit_update(
            unit=unit, by=actor, data=form.changes(), version=form.cleaned_data.get("version")
        )
        return unit.institution

    return form_page(
        request,
        form,
        template="institutions/form.html",
        save=save,
        title=_("Edit unit"),
        institution=unit.institution,
        success=_("Your changes were saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    institution = selectors.institution_get_for_edit(actor=actor, pk=pk)
    form = PersonForm(request.POST or None, institution=institution)
    return form_page(
        request,
        form,
        template="institutions/person_form.html",
        title=_("New person"),
        institution=institution,
        success=_("The person was added."),
        save=lambda: (
            services.person_create(
                by=actor, institution=institution, data=form.changes()
            ).institution
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    person = selectors.person_get_for_edit(actor=actor, pk=pk)
    form = PersonForm(request.POST or None, instance=person, institution=person.institution)

    def save() -> Any:
        services.person_update(
            person=person,
            by=actor,
            data=form.changes(),
            version=form.cleaned_data.get("version"),
        )
        return person.institution

    # What readers of each interface language get, derived spellings marked (no query: the
    # person's institution is loaded with it).
    readers = [(code, label, person.name_for(code)) for code, label in settings.LANGUAGES]
    return form_page(
        request,
        form,
        save=save,
        template="institutions/person_form.html",
        title=_("Edit person"),
        institution=person.institution,
        readers=readers,
        success=_("Your changes were saved."),
    )


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    query = request.GET.get("q", "").strip()
    qs = selectors.person_list(actor=actor, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "institutions/people.html", {"page": page, "query": query})


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    content = institutions_export_xlsx(actor=actor)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="leizu-institutions.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_xlsx(request: HttpRequest) -> HttpResponse:
    return workbook_upload_page(
        request, actor_for(request), kind="institutions", template="institutions/import.html"
    )
