from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from leizu.core.access import actor_for
from leizu.core.errors import EditConflict, ServiceError
from leizu.core.files import file_response
from leizu.core.pages import form_error
from leizu.core.redirects import safe_next
from leizu.core.related import offers_for, related_to
from leizu.institutions.access import can_create_institution, can_see_institution
from leizu.visits import access, checklist, documents, forms, selectors, services
from leizu.visits.models import (
    REPORT_LANGUAGES,
    ActionStatus,
    ReportStatus,
    VisitDirection,
    VisitStatus,
)

PAGE_SIZE = 25


def _is_fragment(request: HttpRequest, target: str) -> bool:
    return bool(request.headers.get("HX-Request")) and request.headers.get("HX-Target") == target


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    status = request.GET.get("status") or None
    direction = request.GET.get("direction") or None
    qs = selectors.visit_list(actor=actor, status=status, direction=direction)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status or "",
        "direction": direction or "",
        "statuses": VisitStatus.choices,
        "directions": VisitDirection.choices,
        "can_create": access.can_create_visit(actor),
        "sees_visits": actor.is_operator or bool(actor.roles() & access.VISIT_READ_ROLES),
    }
    template = "visits/_list_rows.html" if _is_fragment(request, "rows") else "visits/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not access.can_create_visit(actor):
        raise PermissionDenied
    form = forms.VisitForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(by=actor, data=form.changes(), **form.parties())
        except PermissionDenied:
            form.add_error("host", _("You may record visits hosted by your own institution only."))
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The visit was recorded. Now add its participants."))
            return redirect(visit)
    return render(request, "visits/form.html", _form_context(actor, form, _("New visit")))


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    record = selectors.visit_record(actor=actor, pk=pk)
    today = timezone.localdate()
    # What one may start from a wish or a proposal (later apps: "Draft an agreement").
    for outcome in [*record.interests, *record.proposals]:
        outcome.offers = offers_for(actor, outcome)  # type: ignore[attr-defined]
    context = {
        "record": record,
        "visit": record.visit,
        "today": today,
        "statuses": [(s, VisitStatus(s).label) for s in record.visit.allowed_statuses(today)]
        if record.can_edit
        else [],
        "report_rows": [(code, record.reports.get(code)) for code in REPORT_LANGUAGES],
        "can_contribute": bool(record.contribution_ids),
        # A party's profile is linked only for who may open it; the others read the name.
        "related": related_to(actor, record.visit),
        "linked_institution_ids": {
            i.pk for i in record.institutions() if can_see_institution(actor, i)
        },
    }
    return render(request, "visits/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=pk)
    form = forms.VisitForm(request.POST or None, instance=visit, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(
                visit=visit,
                by=actor,
                data=form.changes(),
                version=form.cleaned_data.get("version"),
                **form.parties(),
            )
        except PermissionDenied:
            form.add_error(None, _("With these parties you could no longer edit the visit."))
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(visit)
    return render(
        request, "visits/form.html", _form_context(actor, form, _("Edit visit"), visit=visit)
    )


def _form_context(actor: Any, form: Any, title: Any, **context: Any) -> dict[str, Any]:
    # A missing institution is created in a dialog, without leaving the form.
    return {
        "form": form,
        "title": title,
        "can_create_institution": can_create_institution(actor),
        **context,
    }


def _posted_version(request: HttpRequest) -> int:
    """The version a one-button form was based on; a post without it is refused as a conflict
    (the page it came from was not this one, or is out of date)."""
    raw = request.POST.get("version", "")
    if not raw.isdigit() or len(raw) > 9:
        raise EditConflict()
    return int(raw)


@require_POST
@login_required
def visit_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=pk)
    try:
        services.visit_set_status(
            visit=visit,
            by=actor,
            status=request.POST.get("status", ""),
            version=_posted_version(request),
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The status is now: %s") % visit.get_status_display())
    return redirect(visit)


# Parts of a visit: participants, agenda, minutes, outcomes, actions ----------------------------


def _participant_create(visit: Any, by: Any, form: Any) -> Any:
    if form.is_group():
        return services.participant_add_group(
            visit=visit,
            by=by,
            institution=form.cleaned_data["new_institution"],
            data={**form.changes(), **form.group_data()},
        )
    new = form.new_person()
    if new is None:
        return services.participant_add(
            visit=visit, by=by, person=form.cleaned_data["person"], data=form.changes()
        )
    return services.participant_add_new_person(
        visit=visit,
        by=by,
        institution=form.cleaned_data["new_institution"],
        person_data=new,
        data=form.changes(),
    )


@dataclass(frozen=True)
class Part:
    form: type
    create: Callable[[Any, Any, Any], Any]
    update: Callable[[Any, Any, Any], bool]
    delete: Callable[[Any, Any], None]
    anchor: str
    title_new: Any
    title_edit: Any
    # Each party records its own institution's rows (see visits/access.py).
    contribution: bool = False


def _version(form: Any) -> Any:
    return form.cleaned_data.get("version")


PARTS: dict[str, Part] = {
    "participant": Part(
        form=forms.ParticipantForm,
        create=_participant_create,
        update=lambda obj, by, form: services.participant_update(
            participant=obj, by=by, data=form.changes(), version=_version(form)
        ),
        delete=lambda obj, by: services.participant_remove(participant=obj, by=by),
        anchor="participants",
        title_new=gettext_lazy("Add a participant"),
        title_edit=gettext_lazy("Edit participant"),
        contribution=True,
    ),
    "agenda": Part(
        form=forms.AgendaItemForm,
        create=lambda visit, by, form: services.agenda_item_create(
            visit=visit, by=by, data=form.changes(), participants=form.participant_list()
        ),
        update=lambda obj, by, form: services.agenda_item_update(
            item=obj,
            by=by,
            data=form.changes(),
            version=_version(form),
            participants=form.participant_list(),
        ),
        delete=lambda obj, by: services.agenda_item_delete(item=obj, by=by),
        anchor="agenda",
        title_new=gettext_lazy("Add an agenda item"),
        title_edit=gettext_lazy("Edit agenda item"),
    ),
    "statement": Part(
        form=forms.StatementForm,
        create=lambda visit, by, form: services.statement_create(
            visit=visit, by=by, data={**form.changes(), "order": form.changes().get("order") or 0}
        ),
        update=lambda obj, by, form: services.statement_update(
            statement=obj,
            by=by,
            data={**form.changes(), "order": form.changes().get("order") or obj.order},
            version=_version(form),
        ),
        delete=lambda obj, by: services.statement_delete(statement=obj, by=by),
        anchor="minutes",
        title_new=gettext_lazy("Add a statement"),
        title_edit=gettext_lazy("Edit statement"),
        contribution=True,
    ),
    "need": Part(
        form=forms.NeedForm,
        create=lambda visit, by, form: services.needs_create(
            visit=visit, by=by, data=form.changes(), field_codes=form.cleaned_data["field_codes"]
        ),
        update=lambda obj, by, form: services.need_update(
            need=obj, by=by, data=form.changes(), version=_version(form)
        ),
        delete=lambda obj, by: services.need_delete(need=obj, by=by),
        anchor="outcomes",
        title_new=gettext_lazy("Add a stated talent need"),
        title_edit=gettext_lazy("Edit stated talent need"),
        contribution=True,
    ),
    "interest": Part(
        form=forms.InterestForm,
        create=lambda visit, by, form: services.interests_create(
            visit=visit, by=by, data=form.changes(), kinds=form.cleaned_data["kinds"]
        ),
        update=lambda obj, by, form: services.interest_update(
            interest=obj, by=by, data=form.changes(), version=_version(form)
        ),
        delete=lambda obj, by: services.interest_delete(interest=obj, by=by),
        anchor="outcomes",
        title_new=gettext_lazy("Add a cooperation interest"),
        title_edit=gettext_lazy("Edit cooperation interest"),
        contribution=True,
    ),
    "proposal": Part(
        form=forms.ProposalForm,
        create=lambda visit, by, form: services.proposal_create(
            visit=visit, by=by, data=form.changes()
        ),
        update=lambda obj, by, form: services.proposal_update(
            proposal=obj, by=by, data=form.changes(), version=_version(form)
        ),
        delete=lambda obj, by: services.proposal_delete(proposal=obj, by=by),
        anchor="outcomes",
        title_new=gettext_lazy("Add a proposal"),
        title_edit=gettext_lazy("Edit proposal"),
        contribution=True,
    ),
    "action": Part(
        form=forms.ActionForm,
        create=lambda visit, by, form: services.action_create(
            visit=visit, by=by, data=form.changes()
        ),
        update=lambda obj, by, form: services.action_update(
            action=obj, by=by, data=form.changes(), version=_version(form)
        ),
        delete=lambda obj, by: services.action_delete(action=obj, by=by),
        anchor="actions",
        title_new=gettext_lazy("Add a follow-up action"),
        title_edit=gettext_lazy("Edit follow-up action"),
    ),
}


def _part_form(part: Part, request: HttpRequest, visit: Any, actor: Any, **kwargs: Any) -> Any:
    data = request.POST if request.method == "POST" else None
    if part.contribution or part.form is forms.ActionForm:
        ids = (
            access.contribution_institution_ids(actor, visit)
            if part.contribution
            else visit.party_ids()
        )
        return part.form(data, visit=visit, institution_ids=ids, **kwargs)
    return part.form(data, visit=visit, actor=actor, **kwargs)


def _require_part_access(part: Part, actor: Any, visit: Any, obj: Any = None) -> None:
    """Seen but not writable is a 403 (the visit was already found through the selector)."""
    if not part.contribution:
        if not access.can_edit_visit(actor, visit):
            raise PermissionDenied
        return
    allowed = access.contribution_institution_ids(actor, visit)
    if not allowed:
        raise PermissionDenied
    if obj is not None and obj.institution_id not in allowed:
        raise PermissionDenied


def _part_page(
    request: HttpRequest, form: Any, visit: Any, title: Any, obj: Any = None, kind: str = ""
) -> HttpResponse:
    return render(
        request,
        "visits/part_form.html",
        {"form": form, "visit": visit, "title": title, "obj": obj, "kind": kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def part_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    actor = actor_for(request)
    part = PARTS[kind]
    visit = selectors.visit_get(actor=actor, pk=pk)
    _require_part_access(part, actor, visit)
    with timezone.override(visit.tzinfo()):
        form = _part_form(part, request, visit, actor)
        if request.method == "POST" and form.is_valid():
            try:
                part.create(visit, actor, form)
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                if "save_and_add" in request.POST:
                    return redirect(request.path)
                return redirect(visit.get_absolute_url() + "#" + part.anchor)
        return _part_page(request, form, visit, part.title_new, kind=kind)


@login_required
@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    actor = actor_for(request)
    part = PARTS[kind]
    obj = selectors.item_get(actor=actor, kind=kind, pk=pk)
    visit = obj.visit
    _require_part_access(part, actor, visit, obj)
    form_class = forms.ParticipantEditForm if kind == "participant" else None
    with timezone.override(visit.tzinfo()):
        data = request.POST if request.method == "POST" else None
        if form_class is not None:
            form = form_class(data, instance=obj, visit=visit, actor=actor)
        else:
            form = _part_form(part, request, visit, actor, instance=obj)
        if request.method == "POST" and form.is_valid():
            try:
                part.update(obj, actor, form)
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(visit.get_absolute_url() + "#" + part.anchor)
        return _part_page(request, form, visit, part.title_edit, obj=obj, kind=kind)


@require_POST
@login_required
def part_delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    actor = actor_for(request)
    part = PARTS[kind]
    obj = selectors.item_get(actor=actor, kind=kind, pk=pk)
    visit = obj.visit
    _require_part_access(part, actor, visit, obj)
    try:
        part.delete(obj, actor)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Removed."))
    return redirect(visit.get_absolute_url() + "#" + part.anchor)


@login_required
@require_http_methods(["GET", "POST"])
def approval_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    step = selectors.item_get(actor=actor, kind="approval", pk=pk)
    visit = step.visit
    if not access.can_edit_visit(actor, visit):
        raise PermissionDenied
    form = forms.ApprovalStepForm(request.POST or None, instance=step, visit=visit, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_step_update(
                step=step, by=actor, data=form.changes(), version=_version(form)
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(visit.get_absolute_url() + "#approval")
    return _part_page(request, form, visit, step.get_kind_display(), obj=step, kind="approval")


# Attachments -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=pk)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                visit=visit,
                by=actor,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ServiceError as exc:
            form.add_error("file", str(exc.message))
        else:
            messages.success(request, _("The file was added."))
            return redirect(visit.get_absolute_url() + "#attachments")
    return render(
        request,
        "visits/part_form.html",
        {"form": form, "visit": visit, "title": _("Add a photo or document"), "upload": True},
    )


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The file of an attachment, for everybody who sees the visit."""
    item = selectors.item_get(actor=actor_for(request), kind="attachment", pk=pk)
    return file_response(item.file)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    item = selectors.item_get(actor=actor, kind="attachment", pk=pk)
    if not access.can_edit_visit(actor, item.visit):
        raise PermissionDenied
    services.attachment_remove(attachment=item, by=actor)
    messages.success(request, _("Removed."))
    return redirect(item.visit.get_absolute_url() + "#attachments")


# The action board -----------------------------------------------------------------------------


@login_required
def board(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    scope = request.GET.get("scope") or "mine"
    if scope not in selectors.BOARD_SCOPES:
        scope = "mine"
    today = timezone.localdate()
    qs = selectors.action_board(actor=actor, scope=scope, today=today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "scope": scope,
        "today": today,
        "scopes": [
            ("mine", _("Mine")),
            ("office", _("My institution's")),
            ("overdue", _("Overdue")),
            ("all", _("All open")),
        ],
        "statuses": ActionStatus.choices,
    }
    template = "visits/_board_rows.html" if _is_fragment(request, "rows") else "visits/board.html"
    return render(request, template, context)


@require_POST
@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action's status from the board (htmx swaps the row) or the visit page."""
    actor = actor_for(request)
    action = selectors.item_get(actor=actor, kind="action", pk=pk)
    if not access.can_update_action_status(actor, action):
        raise PermissionDenied
    error = ""
    try:
        services.action_update(
            action=action,
            by=actor,
            data={"status": request.POST.get("status", "")},
            version=_posted_version(request),
        )
    except ServiceError as exc:
        error = str(exc.message)
        action.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(
            request,
            "visits/_board_row.html",
            {
                "action": action,
                "today": timezone.localdate(),
                "statuses": ActionStatus.choices,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(safe_next(request, action.visit.get_absolute_url() + "#actions"))


# Reports and documents --------------------------------------------------------------------------


def _language(language: str) -> str:
    if language not in REPORT_LANGUAGES:
        raise Http404
    return language


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Read the report; editors also draft, edit and publish it here."""
    actor = actor_for(request)
    language = _language(language)
    visit = selectors.visit_get(actor=actor, pk=pk)
    can_edit = access.can_edit_visit(actor, visit)
    current = selectors.report_get(actor=actor, visit=visit, language=language)
    if request.method == "POST" and (not can_edit or current is None):
        raise PermissionDenied
    form = (
        forms.ReportForm(request.POST or None, instance=current) if can_edit and current else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.report_update(
                report=current,  # type: ignore[arg-type]
                by=actor,
                data=form.changes(),
                version=_version(form),  # type: ignore[arg-type]
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(request.path)
    published = current is not None and current.status == ReportStatus.PUBLISHED
    gaps = (
        checklist.report_gaps(selectors.visit_record(actor=actor, pk=visit.pk), language, actor)
        if can_edit and not published
        else []
    )
    return render(
        request,
        "visits/report.html",
        {
            "visit": visit,
            "language": language,
            "report": current,
            "form": form,
            "can_edit": can_edit,
            "report_languages": REPORT_LANGUAGES,
            "published": published,
            "gaps": gaps,
        },
    )


@require_POST
@login_required
def reports_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the report in every language not yet published, in one step."""
    actor = actor_for(request)
    visit = selectors.visit_get_for_edit(actor=actor, pk=pk)
    drafted = services.reports_generate_unpublished(visit=visit, by=actor)
    if drafted:
        messages.success(
            request,
            _("The report was drafted from the record in every language not yet published."),
        )
    else:
        messages.info(request, _("The report is published in every language."))
    first = drafted[0].language if drafted else REPORT_LANGUAGES[0]
    return redirect("visits:report", pk=visit.pk, language=first)


@require_POST
@login_required
def report_generate(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    actor = actor_for(request)
    language = _language(language)
    visit = selectors.visit_get_for_edit(actor=actor, pk=pk)
    try:
        services.report_generate(visit=visit, by=actor, language=language)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report was drafted from the record. Check and edit it."))
    return redirect("visits:report", pk=visit.pk, language=language)


@require_POST
@login_required
def report_publish(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    actor = actor_for(request)
    language = _language(language)
    visit = selectors.visit_get_for_edit(actor=actor, pk=pk)
    current = selectors.report_get(actor=actor, visit=visit, language=language)
    if current is None:
        raise Http404
    try:
        with transaction.atomic():
            services.report_publish(report=current, by=actor, version=_posted_version(request))
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The report is published."))
    return redirect("visits:report", pk=visit.pk, language=language)


def _readable_report(request: HttpRequest, pk: int, language: str) -> Any:
    actor = actor_for(request)
    visit = selectors.visit_get(actor=actor, pk=pk)
    current = selectors.report_get(actor=actor, visit=visit, language=_language(language))
    if current is None:
        raise Http404
    return visit, current


@login_required
def report_docx(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    visit, current = _readable_report(request, pk, language)
    response = HttpResponse(
        documents.report_docx(current, user=actor_for(request).user),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"leizu-visit-{visit.pk}-report-{current.language}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_print(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    visit, current = _readable_report(request, pk, language)
    heading = documents.report_heading(current)
    return render(
        request,
        "visits/report_print.html",
        {"visit": visit, "report": current, "heading": heading},
    )


@login_required
def agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.visit_record(actor=actor_for(request), pk=pk)
    response = HttpResponse(
        documents.agenda_ics(record), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="leizu-visit-{pk}.ics"'
    return response


@login_required
def itinerary(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable itinerary: the agenda day by day and the delegation in protocol order."""
    record = selectors.visit_record(actor=actor_for(request), pk=pk)
    return render(
        request,
        "visits/itinerary.html",
        {"record": record, "visit": record.visit, "days": documents.agenda_by_day(record)},
    )
