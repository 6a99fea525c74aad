from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leizu.core.access import actor_for
from leizu.core.errors import ServiceError
from leizu.core.pages import form_error, form_page, workbook_upload_page
from leizu.core.redirects import safe_next
from leizu.core.reference import country_name, language_name
from leizu.institutions.models import Institution
from leizu.talent import access, classification, figures, selectors, services
from leizu.talent.codes import field_choices, field_label, isco_label
from leizu.talent.forms import (
    COOPERATION_COUNTRIES,
    AliasForm,
    ClassifyForm,
    MappingForm,
    NeedForm,
    ReviewForm,
    SkillForm,
    SupplyForm,
    UploadForm,
)
from leizu.talent.io import field_label as import_field_label
from leizu.talent.io import supply_export_xlsx
from leizu.talent.models import ImportStatus, NeedKind
from leizu.talent.regions import region_choices, region_name

PAGE_SIZE = 50


def _reader(request: HttpRequest) -> Any:
    actor = actor_for(request)
    access.require_read(actor)
    return actor


def _filter_context(f: figures.Filters) -> dict[str, Any]:
    return {
        "f": f,
        "country_choices": [(c, country_name(c)) for c in COOPERATION_COUNTRIES],
        "region_choices": region_choices([f.country] if f.country else COOPERATION_COUNTRIES),
        "field_choices": field_choices(),
        "year_choices": list(range(f.year_to - 6, f.year_to + 2)),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    f = figures.filters_from(request.GET)
    data = figures.gap_figures(actor=actor, filters=f)
    postings_url = reverse("talent:postings")
    for row in data["fields"]:
        row["url"] = f"{postings_url}?{urlencode(f.query(field=row['key']))}"
    for row in data["countries"]:
        row["url"] = f"{postings_url}?{urlencode(f.query(country=row['key']))}"
    for row in data["regions"]:
        row["url"] = (
            f"{postings_url}?{urlencode(f.query(country=row['key'][:2], region=row['key']))}"
        )
    for row in data["occupations"]:
        row["url"] = f"{postings_url}?{urlencode(f.query(occupation=row['key']))}"
    chart = {
        "fields": [
            {k: r[k] for k in ("key", "label", "demand", "supply", "postings", "needs", "url")}
            for r in data["fields"][:12]
        ],
        "countries": [
            {k: r[k] for k in ("key", "label", "demand", "supply", "url")}
            for r in data["countries"]
        ],
        "map": data["map"],
        "regionNames": {code: region_name(code) for code, _label in region_choices()},
        "trend": data["trend"],
        "postingsUrl": postings_url,
        "query": f.query(),
        "labels": {
            "demand": _("Demand"),
            "supply": _("Supply (graduates)"),
            "postings": _("Postings"),
            "total": _("All fields"),
            "noData": _("No figures for these filters."),
        },
    }
    context = {
        **_filter_context(f),
        **data,
        "chart": chart,
        "can_import": access.can_import(actor),
        "can_edit_supply": access.can_edit_supply(actor),
        "sees_all": access.sees_all_evidence(actor),
    }
    return render(request, "talent/dashboard.html", context)


@login_required
def postings(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    f = figures.filters_from(request.GET)
    query = request.GET.get("q", "").strip()
    qs = selectors.posting_list(
        actor=actor,
        country=f.country or None,
        region=f.region or None,
        field=request.GET.get("field") or None,
        occupation=f.occupation or None,
        date_from=f.date_from,
        date_to=f.date_to,
        query=query or None,
        import_id=request.GET.get("import") or None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **_filter_context(f),
        "page": page,
        "query": query,
        "import_id": request.GET.get("import", ""),
        "field_code": request.GET.get("field", ""),
        "field_name": field_label(request.GET.get("field", "")) if request.GET.get("field") else "",
        "occupation_name": isco_label(f.occupation) if f.occupation else "",
        "sees_all": access.sees_all_evidence(actor),
        "dashboard_query": urlencode(f.query()),
    }
    template = (
        "talent/_posting_rows.html"
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "rows"
        else "talent/postings.html"
    )
    return render(request, template, context)


@login_required
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    posting = selectors.posting_get(actor=actor, pk=pk)
    can_review = access.can_review(actor, posting)
    form = (
        ReviewForm(initial={"isco08": posting.isco08, "isced_f": posting.isced_f})
        if can_review
        else None
    )
    return render(
        request,
        "talent/posting_detail.html",
        {
            "posting": posting,
            "result": classification.for_page(posting.classification or {}),
            "region_label": region_name(posting.region) if posting.region else "",
            "occupation_label": isco_label(posting.isco08) if posting.isco08 else "",
            "field_label": field_label(posting.isced_f) if posting.isced_f else "",
            "machine_label": isco_label(posting.machine_isco08) if posting.machine_isco08 else "",
            "language_label": language_name(posting.language.split("-")[0])
            if posting.language
            else "",
            "form": form,
            "can_review": can_review,
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@require_POST
def posting_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    posting = selectors.posting_get_for_review(actor=actor, pk=pk)
    if request.POST.get("confirm"):
        try:
            services.posting_confirm(posting=posting, by=actor)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
            return redirect(posting)
        messages.success(request, _("The classification was confirmed."))
    else:
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an occupation and a field."))
            return redirect(posting)
        try:
            services.posting_review(
                posting=posting,
                by=actor,
                isco08=form.cleaned_data["isco08"],
                isced_f=form.cleaned_data["isced_f"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.message))
            return redirect(posting)
        messages.success(request, _("Your correction was saved; it wins over the classifier."))
    return redirect(safe_next(request, posting.get_absolute_url()))


@login_required
def review(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    page = Paginator(selectors.review_queue(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "talent/review.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def classify(request: HttpRequest) -> HttpResponse:
    _reader(request)
    form = ClassifyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = classification.for_page(
            classification.classify(
                form.cleaned_data["title"],
                form.cleaned_data["text"],
                form.cleaned_data["language"] or None,
            )
        )
    template = (
        "talent/_classify_result.html"
        if request.headers.get("HX-Request")
        else "talent/classify.html"
    )
    return render(request, template, {"form": form, "result": result})


# --- imports ----------------------------------------------------------------------------------


def _editor_institutions(actor: Any) -> list[Institution]:
    ids = access.editor_institution_ids(actor)
    if not ids and actor.is_operator:
        return list(Institution.objects.filter(is_host=True).order_by("id"))
    return list(Institution.objects.filter(pk__in=ids).order_by("id"))


@login_required
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    can_import = access.can_import(actor)
    form = UploadForm(
        request.POST or None, request.FILES or None, institutions=_editor_institutions(actor)
    )
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            institution = form.cleaned_data.get("institution")
            try:
                job = services.import_create(
                    by=actor,
                    upload=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    institution_id=institution.pk if institution else None,
                    defaults=form.defaults(),
                )
            except ServiceError as exc:
                form_error(form, exc)
            else:
                return redirect(job)
    jobs = Paginator(selectors.import_list(actor=actor), 25).get_page(request.GET.get("page"))
    return render(
        request, "talent/imports.html", {"form": form, "page": jobs, "can_import": can_import}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    actor = _reader(request)
    job = selectors.import_get(actor=actor, pk=pk)
    form = None
    if job.status == ImportStatus.DRAFT:
        form = MappingForm(
            request.POST or None,
            kind=job.kind,
            columns=services.import_columns(job),
            mapping=job.mapping,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.import_start(job=job, by=actor, mapping=form.mapping())
            except ServiceError as exc:
                form_error(form, exc)
            else:
                return redirect(job)
    elif request.method == "POST":
        return redirect(job)
    return render(
        request,
        "talent/import_detail.html",
        {"job": job, "form": form, "defaults": _defaults_for_page(job.defaults)},
    )


def _defaults_for_page(defaults: dict[str, Any]) -> list[tuple[str, str]]:
    """An import's values for rows without one, by the fields' labels, codes by their names."""
    shown = []
    for name, value in (defaults or {}).items():
        text = str(value)
        if name == "country":
            text = country_name(text)
        elif name == "language":
            text = language_name(text)
        elif name == "region":
            text = region_name(text)
        shown.append((import_field_label(name), text))
    return shown


@login_required
def import_progress(request: HttpRequest, pk: str) -> HttpResponse:
    actor = _reader(request)
    job = selectors.import_get(actor=actor, pk=pk)
    return render(request, "talent/_import_progress.html", {"job": job})


# --- stated needs -----------------------------------------------------------------------------


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    qs = selectors.need_list(actor=actor, kind=request.GET.get("kind") or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for need in page:
        # Survey rows change by importing again, stated needs on their edit page.
        need.can_edit = (  # type: ignore[attr-defined]
            need.kind == NeedKind.STATEMENT and access.can_edit_evidence(actor, need)
        )
    return render(
        request,
        "talent/needs.html",
        {
            "page": page,
            "can_state": access.can_import(actor),
            "kind": request.GET.get("kind", ""),
            "visit_needs": _visit_needs(actor),
        },
    )


def _visit_needs(actor: Any) -> list[Any]:
    qs = selectors.visit_needs(actor=actor)
    return list(qs[:50]) if hasattr(qs, "filter") else []


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    if not access.can_import(actor):
        raise PermissionDenied
    form = NeedForm(request.POST or None, institutions=_editor_institutions(actor))

    def save() -> str:
        institution = form.cleaned_data.get("institution")
        services.need_create(
            by=actor, data=form.changes(), institution_id=institution.pk if institution else None
        )
        return "talent:needs"

    return form_page(
        request,
        form,
        save=save,
        template="talent/form.html",
        success=_("The need was recorded."),
        title=_("State a talent need"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    need = selectors.need_get_for_edit(actor=actor, pk=pk)
    form = NeedForm(request.POST or None, instance=need)

    def save() -> str:
        services.need_update(
            need=need, by=actor, data=form.changes(), version=form.cleaned_data.get("version")
        )
        return "talent:needs"

    return form_page(
        request,
        form,
        save=save,
        template="talent/form.html",
        success=_("Your changes were saved."),
        title=_("Edit a talent need"),
    )


# --- supply -----------------------------------------------------------------------------------


@login_required
def supply(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    qs = selectors.supply_list(actor=actor, country=request.GET.get("country") or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/supply.html",
        {"page": page, "can_edit": access.can_edit_supply(actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def supply_create(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    if not access.can_edit_supply(actor):
        raise PermissionDenied
    form = SupplyForm(request.POST or None)

    def save() -> str:
        services.supply_create(by=actor, data=form.changes())
        return "talent:supply"

    return form_page(
        request,
        form,
        save=save,
        template="talent/form.html",
        success=_("The graduates were recorded."),
        title=_("Add graduates"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def supply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    row = selectors.supply_get_for_edit(actor=actor, pk=pk)
    form = SupplyForm(request.POST or None, instance=row)

    def save() -> str:
        services.supply_update(
            supply=row, by=actor, data=form.changes(), version=form.cleaned_data.get("version")
        )
        return "talent:supply"

    return form_page(
        request,
        form,
        save=save,
        template="talent/form.html",
        success=_("Your changes were saved."),
        title=_("Edit graduates"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def supply_import(request: HttpRequest) -> HttpResponse:
    return workbook_upload_page(
        request, _reader(request), kind="graduate_supply", template="talent/supply_import.html"
    )


@login_required
def supply_export(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    response = HttpResponse(
        supply_export_xlsx(actor=actor),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="leizu-graduates.xlsx"'
    return response


# --- taxonomy extensions ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def taxonomy(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    can_add = access.can_import(actor)
    which = request.POST.get("which")
    alias_form = AliasForm(request.POST if which == "alias" else None, prefix="alias")
    skill_form = SkillForm(request.POST if which == "skill" else None, prefix="skill")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form = alias_form if which == "alias" else skill_form
        if form.is_valid():
            try:
                if which == "alias":
                    services.alias_create(by=actor, data=dict(form.cleaned_data))
                else:
                    services.skill_create(by=actor, data=dict(form.cleaned_data))
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Added. The classifier uses it from now on."))
                return redirect("talent:taxonomy")
    aliases = list(selectors.alias_list(actor=actor)[:500])
    skills = list(selectors.skill_list(actor=actor)[:500])
    for obj in aliases + skills:
        obj.can_change = access.can_change_extension(actor, obj)  # type: ignore[union-attr]
    return render(
        request,
        "talent/taxonomy.html",
        {
            "aliases": aliases,
            "skills": skills,
            "alias_form": alias_form,
            "skill_form": skill_form,
            "can_add": can_add,
            "reclassifying": selectors.reclassification_pending(actor=actor),
        },
    )


@login_required
@require_POST
def alias_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    services.extension_delete(obj=selectors.alias_get_for_edit(actor=actor, pk=pk), by=actor)
    messages.success(request, _("Removed."))
    return redirect("talent:taxonomy")


@login_required
@require_POST
def skill_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    services.extension_delete(obj=selectors.skill_get_for_edit(actor=actor, pk=pk), by=actor)
    messages.success(request, _("Removed."))
    return redirect("talent:taxonomy")
