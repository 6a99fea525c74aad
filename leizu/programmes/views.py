from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leizu.core.access import actor_for
from leizu.core.errors import ServiceError
from leizu.core.pages import form_page, workbook_upload_page
from leizu.core.reference import country_name, isced_levels, language_name
from leizu.institutions.selectors import institution_get
from leizu.programmes import access, selectors, services
from leizu.programmes.catalogues import LEVEL_ORDER, level_name
from leizu.programmes.forms import (
    LinkReviewForm,
    NewGroupForm,
    NewProgrammeForm,
    ProgrammeForm,
    YearForm,
)
from leizu.programmes.models import CatalogueEntry, Programme, ProgrammeYear
from leizu.programmes.recommend import host_programmes, recommend_for_need
from leizu.talent import access as talent_access
from leizu.talent.codes import field_label, isced_detailed_codes, isco_codes, isco_label

PAGE_SIZE = 100
NEEDS_SHOWN = 50  # a partner's latest stated needs on its "build together" page


def _levels(codes: list[str]) -> list[tuple[str, str]]:
    rank = {code: i for i, code in enumerate(LEVEL_ORDER)}
    return [(c, level_name(c)) for c in sorted(codes, key=lambda c: (rank.get(c, 99), c)) if c]


@login_required
def catalogues(request: HttpRequest) -> HttpResponse:
    rows = selectors.catalogue_list(actor=actor_for(request))
    return render(
        request,
        "programmes/catalogues.html",
        {
            "catalogues": [(c, country_name(c.country)) for c in rows],
            "can_import": access.can_import_catalogues(actor_for(request)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """Upload another catalogue or edition (.xlsx); the import runs as a background job."""
    return workbook_upload_page(
        request, actor_for(request), kind="catalogues", template="programmes/catalogue_import.html"
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


# Programmes -------------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    field = request.GET.get("field") or None
    institution = _int(request.GET.get("institution"))
    field = field if field in isced_detailed_codes() else None
    filters = {"institution": institution, "field": field}
    rows = selectors.programme_list(
        actor=actor, institution=institution, field=field
    ).prefetch_related("years")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    offering = selectors.offering_institutions(actor=actor)
    return render(
        request,
        "programmes/programmes.html",
        {
            "page": page,
            "rows": [(p, field_label(p.isced_f) if p.isced_f else "", _latest(p)) for p in page],
            "filters": filters,
            "institutions": offering,
            "fields": [(f, field_label(f)) for f in selectors.offered_fields(actor=actor)],
            "can_add": access.can_add_programmes(actor),
            "can_plan": talent_access.can_read(actor),
        },
    )


def _named_links(courses: list[Any]) -> list[Any]:
    """Each skill link of the courses' outcomes gets its skill's name in the reader's language."""
    from leizu.programmes.adaptability import skill_names

    names = skill_names(translation.get_language() or "en")
    for course in courses:
        for outcome in course.outcomes.all():
            for link in outcome.skills.all():
                link.skill_name = names.get(link.skill, link.skill)
    return courses


def _isced_level(code: str) -> str:
    for row in isced_levels():
        if code and row["code"] == code:
            return f"{code} {row['labels']}"
    return ""


def _latest(programme: Programme) -> ProgrammeYear | None:
    """The last year with graduates (the supply the talent gap compares with demand)."""
    years = [y for y in programme.years.all() if y.graduates is not None]
    return max(years, key=lambda y: y.year) if years else None


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    prog = selectors.programme_get(actor=actor, pk=pk)
    editable = access.can_edit_programmes_of(actor, prog.institution_id)
    return render(
        request,
        "programmes/programme.html",
        {
            "programme": prog,
            "field": field_label(prog.isced_f) if prog.isced_f else "",
            "level": level_name(prog.national_level) if prog.national_level else "",
            "isced_level": _isced_level(prog.isced_level),
            "languages": [language_name(c) for c in prog.languages],
            "occupations": [isco_label(c) for c in prog.occupations],
            "years": selectors.programme_years(programme=prog),
            "courses": _named_links(selectors.programme_courses(programme=prog)),
            "editable": editable,
            "year_form": YearForm(initial={"year": timezone.localdate().year})
            if editable
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not access.can_add_programmes(actor):
        raise PermissionDenied
    form = NewProgrammeForm(request.POST or None, actor=actor)

    def save() -> Programme:
        institution = form.cleaned_data["institution"]
        return services.programme_create(by=actor, institution=institution, data=form.changes())

    return form_page(
        request,
        form,
        save=save,
        success=_("The programme was added."),
        template="programmes/programme_form.html",
        title=_("Add a programme"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    prog = selectors.programme_for_edit(actor=actor, pk=pk)
    form = ProgrammeForm(
        request.POST or None, instance=prog, actor=actor, institution=prog.institution
    )

    def save() -> Programme:
        services.programme_update(
            programme=prog, by=actor, data=form.changes(), version=form.cleaned_data["version"]
        )
        return prog

    return form_page(
        request,
        form,
        save=save,
        success=_("The programme was saved."),
        template="programmes/programme_form.html",
        title=str(prog),
        programme=prog,
    )


@require_POST
@login_required
def programme_year(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    prog = selectors.programme_for_edit(actor=actor, pk=pk)
    form = YearForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(prog)
    try:
        services.programme_year_set(
            programme=prog,
            by=actor,
            year=form.cleaned_data["year"],
            intake=form.cleaned_data["intake"],
            graduates=form.cleaned_data["graduates"],
            version=form.cleaned_data["version"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The year was saved."))
    return redirect(prog)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not access.can_add_programmes(actor):
        raise PermissionDenied
    form = NewGroupForm(request.POST or None, actor=actor)

    def save() -> str:
        services.group_create(
            by=actor, institution=form.cleaned_data["institution"], data=form.changes()
        )
        return "programmes:list"

    return form_page(
        request,
        form,
        save=save,
        success=_("The programme group was added."),
        template="programmes/programme_form.html",
        title=_("Add a programme group"),
    )


# What we can build together ----------------------------------------------------------------------


@login_required
def together(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    from leizu.talent.access import can_read

    if not can_read(actor):
        raise Http404
    institutions = selectors.plannable_institutions(actor=actor)
    if len(institutions) == 1:
        return redirect("programmes:together_with", institutions[0].pk)
    return render(request, "programmes/together_choose.html", {"institutions": institutions})


@login_required
def together_with(request: HttpRequest, pk: int) -> HttpResponse:
    """What the host can build with a partner: each of its stated needs with the host's
    programmes that answer it, and its wish for programme construction from visits."""
    from leizu.talent.selectors import need_list
    from leizu.visits.models import CooperationInterest, InterestKind

    actor = actor_for(request)
    partner = institution_get(actor=actor, pk=pk)
    if not access.plans_with(actor, partner.pk):
        raise Http404
    language = translation.get_language() or "en"
    programmes = host_programmes()
    needs = list(need_list(actor=actor).filter(institution=partner)[:NEEDS_SHOWN])
    rows = [(n, *recommend_for_need(n, programmes, language, limit=3)) for n in needs]
    interests = (
        CooperationInterest.objects.filter(institution=partner, kind=InterestKind.PROGRAMME)
        .select_related("visit")
        .order_by("-id")
    )
    return render(
        request,
        "programmes/together.html",
        {
            "partner": partner,
            "rows": [
                (
                    n,
                    [(r, round(r.score * 100)) for r in recs],
                    field_label(n.isced_f) if n.isced_f else "",
                )
                for n, _reading, recs in rows
            ],
            "interests": interests,
            "has_programmes": bool(programmes),
        },
    )


@login_required
def together_explain(request: HttpRequest, need: int, programme: int) -> HttpResponse:
    """Why one programme answers one need: the need as the classifier read it, and each piece
    of evidence that made the score."""
    from leizu.talent.selectors import need_get

    actor = actor_for(request)
    stated = need_get(actor=actor, pk=need)
    if not access.plans_with(actor, stated.institution_id):
        raise Http404
    prog = selectors.programme_get(actor=actor, pk=programme)
    if not prog.institution.is_host:
        raise Http404
    language = translation.get_language() or "en"
    reading, recs = recommend_for_need(stated, [prog], language, limit=1)
    rec = recs[0]
    return render(
        request,
        "programmes/together_explain.html",
        {
            "need": stated,
            "programme": prog,
            "score": round(rec.score * 100),
            "reasons": rec.reasons,
            "fields": [
                (f["isced_f"], field_label(f["isced_f"]), round(f["score"] * 100))
                for f in reading["fields"][:3]
            ],
            "occupations": [
                (o["isco08"], isco_label(o["isco08"]), round(o["score"] * 100))
                for o in reading["occupations"][:3]
            ],
            "programme_field": field_label(prog.isced_f) if prog.isced_f else "",
            "programme_occupations": [isco_label(c) for c in prog.occupations],
        },
    )


# Adaptability -----------------------------------------------------------------------------------


@login_required
def adaptability(request: HttpRequest) -> HttpResponse:
    """Heatmap of an institution's programme groups × the occupations they prepare for."""
    from leizu.programmes.adaptability import heatmap

    actor = actor_for(request)
    with_groups = selectors.institutions_with_groups(actor=actor)
    chosen = _int(request.GET.get("institution"))
    institution = next((i for i in with_groups if i.pk == chosen), None) or (
        with_groups[0] if with_groups else None
    )
    groups = (
        list(selectors.group_list(actor=actor, institution=institution.pk)) if institution else []
    )
    result = heatmap(groups=groups)
    marker = "987654321"
    explain_url = reverse("programmes:adaptability_explain", args=[marker, "0000"])
    chart = {
        "groups": [str(g) for g in result.groups],
        "groupIds": [g.pk for g in result.groups],
        "occupations": [isco_label(o) for o in result.occupations],
        "codes": result.occupations,
        "values": result.values,
        "explainUrl": explain_url.replace(marker, "{group}").replace("0000", "{occupation}"),
        "labels": {"coverage": _("Coverage"), "noData": _("No programme group yet.")},
    }
    return render(
        request,
        "programmes/adaptability.html",
        {
            "institution": institution,
            "institutions": with_groups,
            "chart": chart,
            "rows": list(zip(result.groups, result.values, strict=True)),
            "occupations": [(o, isco_label(o)) for o in result.occupations],
        },
    )


@login_required
def adaptability_explain(request: HttpRequest, group: int, occupation: str) -> HttpResponse:
    from leizu.programmes.adaptability import group_explanation, skill_names
    from leizu.programmes.models import LearningOutcome

    actor = actor_for(request)
    found = selectors.group_get(actor=actor, pk=group)
    if occupation not in isco_codes():
        raise Http404
    result = group_explanation(group=found, occupation=occupation)
    names = skill_names(translation.get_language() or "en")
    outcome_ids = {i for _s, _w, ids in result["covered"] for i in ids}
    outcomes = {
        o.pk: o
        for o in LearningOutcome.objects.filter(pk__in=outcome_ids).select_related(
            "course__programme"
        )
    }
    total = sum(w for _s, w, _i in result["covered"]) + sum(w for _s, w in result["missing"])
    return render(
        request,
        "programmes/adaptability_explain.html",
        {
            "group": found,
            "occupation": isco_label(occupation),
            "percent": round(result["value"] * 100),
            "known": result["known"],
            "covered": [
                (
                    names.get(s, s),
                    round(w / total * 100) if total else 0,
                    [outcomes[i] for i in ids if i in outcomes][:3],
                )
                for s, w, ids in result["covered"]
            ],
            "missing": [
                (names.get(s, s), round(w / total * 100) if total else 0)
                for s, w in result["missing"]
            ],
        },
    )


@require_POST
@login_required
def link_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject a learning outcome's suggested skill."""
    actor = actor_for(request)
    link = selectors.outcome_skill_for_review(actor=actor, pk=pk)
    form = LinkReviewForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_skill_review(
                link=link,
                by=actor,
                status=form.cleaned_data["status"],
                version=form.cleaned_data["version"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Confirm or reject the link."))
    return redirect(link.outcome.course.programme)


@login_required
def programme_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme's profile as .docx, in the reader's language."""
    from leizu.programmes.documents import programme_docx

    actor = actor_for(request)
    prog = selectors.programme_get(actor=actor, pk=pk)
    language = translation.get_language() or "en"
    content = programme_docx(
        prog,
        selectors.programme_courses(programme=prog),
        list(selectors.programme_years(programme=prog)),
        language=language,
        user=request.user,
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="programme-{prog.pk}-{language}.docx"'
    return response
