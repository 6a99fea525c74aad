from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leizu.agreements import access, selectors, services
from leizu.agreements.documents import SECOND_LANGUAGES
from leizu.agreements.forms import (
    AgreementForm,
    ApprovalForm,
    CommentForm,
    ConditionForm,
    LinkAnswerForm,
    LinkForm,
    PartyForm,
    StageForm,
    VersionForm,
)
from leizu.agreements.models import STATE_STRENGTH, AgreementKind, AgreementState
from leizu.core.access import actor_for
from leizu.core.errors import ServiceError
from leizu.core.files import file_response
from leizu.core.pages import form_page, workbook_upload_page
from leizu.core.reference import country_name
from leizu.institutions.models import Person
from leizu.institutions.selectors import institution_list

PAGE_SIZE = 25


def _int(value: str | None, *, below: int = 2**31) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < below else None


@login_required
def register(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    filters: dict[str, Any] = {
        "partner": _int(request.GET.get("partner")),
        "country": (request.GET.get("country") or "")[:2].upper() or None,
        "kind": request.GET.get("kind")
        if request.GET.get("kind") in AgreementKind.values
        else None,
        "state": request.GET.get("state")
        if request.GET.get("state") in AgreementState.values
        else None,
        "expiring_within": _int(request.GET.get("expiring_within"), below=3661),
    }
    rows = selectors.agreement_register(actor=actor, today=timezone.localdate(), **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    countries_map = selectors.partner_map(rows=rows)
    for code, entry in countries_map.items():
        entry["name"] = country_name(code)
    partners = institution_list(actor=actor).order_by("country", "id")
    context = {
        "page": page,
        "filters": filters,
        "kinds": AgreementKind.choices,
        "states": AgreementState.choices,
        "partners": partners,
        "countries": sorted(
            {(i.country, country_name(i.country)) for i in partners if i.country},
            key=lambda c: c[1],
        ),
        "can_draft": access.can_draft(actor),
        "expiring_choices": [30, 60, 90, 180, 365],
        # The map: each partner country coloured by its strongest agreement.
        "partner_map": {
            "countries": countries_map,
            "states": [
                {"label": str(AgreementState(s).label), "strength": len(STATE_STRENGTH) - i}
                for i, s in enumerate(STATE_STRENGTH)
            ],
        },
        "can_set_reminders": bool(access.approver_institution_ids(actor)),
    }
    return render(request, "agreements/register.html", context)


def _origin(request: HttpRequest, actor: Any) -> dict[str, Any]:
    """The visit outcome a new agreement is drafted from (?proposal= or ?interest=, kept in
    the form's hidden fields), as the actor sees it."""
    from leizu.visits.selectors import item_get

    source = request.POST if request.method == "POST" else request.GET
    for kind, key in (("proposal", "origin_proposal"), ("interest", "origin_interest")):
        pk = _int(source.get(kind))
        if pk is not None:
            outcome = item_get(actor=actor, kind=kind, pk=pk)
            return {key: outcome, "origin_visit": outcome.visit, "kind": kind}
    return {}


def _prefill(origin: dict[str, Any]) -> dict[str, Any]:
    outcome = origin.get("origin_proposal") or origin.get("origin_interest")
    if outcome is None:
        return {}
    visit = outcome.visit
    institutions = [visit.host_id, *(p.institution_id for p in visit.parties.all())]
    text = outcome.text if origin["kind"] == "proposal" else outcome.description
    initial: dict[str, Any] = {"parties": institutions, "kind": AgreementKind.MOU}
    if text and any(text.values()):
        initial["title"] = {k: v[:200] for k, v in text.items() if v}
        initial["summary"] = text
    if origin["kind"] == "interest":
        initial["kind"] = AgreementKind.PROGRAMME
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    if not access.can_draft(actor):
        raise PermissionDenied
    origin = _origin(request, actor)
    form = AgreementForm(request.POST or None, actor=actor, initial=_prefill(origin))

    def save() -> Any:
        return services.agreement_create(
            by=actor,
            drafted_by=form.cleaned_data["drafted_by"],
            data={**form.changes(), **{k: v for k, v in origin.items() if k != "kind"}},
            parties=form.party_list(),
        )

    return form_page(
        request,
        form,
        template="agreements/form.html",
        title=_("Draft an agreement"),
        success=_("The agreement was drafted. Add its conditions and its text."),
        save=save,
        origin=origin,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.agreement_record(actor=actor_for(request), pk=pk, today=timezone.localdate())
    return render(
        request,
        "agreements/detail.html",
        {
            "record": record,
            "agreement": record.agreement,
            "approval_form": ApprovalForm(),
            # The second column of the bilingual document; Chinese is always the first.
            "document_languages": [
                (code, name) for code, name in settings.LANGUAGES if code in SECOND_LANGUAGES
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=pk)
    form = AgreementForm(request.POST or None, instance=agreement, actor=actor)

    def save() -> Any:
        services.agreement_update(
            agreement=agreement,
            by=actor,
            data=form.changes(),
            version=form.cleaned_data.get("version"),
            parties=form.party_list(),
        )
        return agreement

    return form_page(
        request,
        form,
        template="agreements/form.html",
        title=_("Edit agreement"),
        success=_("Your changes were saved."),
        save=save,
        agreement=agreement,
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    party = selectors.party_get(actor=actor, pk=pk)
    if not access.can_edit_party(actor, party):
        raise PermissionDenied
    form = PartyForm(request.POST or None, instance=party)

    def save() -> Any:
        services.party_update(
            party=party, by=actor, data=form.changes(), version=form.cleaned_data.get("version")
        )
        return party.agreement

    return form_page(
        request,
        form,
        template="agreements/part_form.html",
        title=_("Edit party"),
        success=_("Your changes were saved."),
        save=save,
        agreement=party.agreement,
    )


@login_required
@require_http_methods(["GET", "POST"])
def condition_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=pk)
    form = ConditionForm(request.POST or None, agreement=agreement)
    return form_page(
        request,
        form,
        template="agreements/part_form.html",
        title=_("Add a cooperation condition"),
        success=_("Saved."),
        save=lambda: (
            services.condition_create(agreement=agreement, by=actor, data=form.changes()).agreement
        ),
        agreement=agreement,
    )


@login_required
@require_http_methods(["GET", "POST"])
def condition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    condition = selectors.condition_get(actor=actor, pk=pk)
    agreement = condition.agreement
    if not access.can_edit_agreement(actor, agreement):
        raise PermissionDenied
    form = ConditionForm(request.POST or None, instance=condition, agreement=agreement)

    def save() -> Any:
        services.condition_update(
            condition=condition,
            by=actor,
            data=form.changes(),
            version=form.cleaned_data.get("version"),
        )
        return agreement

    return form_page(
        request,
        form,
        template="agreements/part_form.html",
        title=_("Edit cooperation condition"),
        success=_("Your changes were saved."),
        save=save,
        agreement=agreement,
        obj=condition,
    )


@require_POST
@login_required
def condition_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    condition = selectors.condition_get(actor=actor, pk=pk)
    agreement = condition.agreement
    try:
        services.condition_delete(condition=condition, by=actor)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Removed."))
    return redirect(agreement)


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    agreement = selectors.agreement_get_for_edit(actor=actor, pk=pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        template="agreements/part_form.html",
        title=_("Add a text version"),
        success=_("The new version was saved. The parties approve it next."),
        save=lambda: (
            services.version_create(
                agreement=agreement,
                by=actor,
                data=form.changes(),
                upload=form.cleaned_data.get("upload"),
            ).agreement
        ),
        agreement=agreement,
        upload=True,
    )


@login_required
def version_file(request: HttpRequest, pk: int) -> FileResponse:
    version = selectors.version_get(actor=actor_for(request), pk=pk)
    if version.file is None:
        raise Http404
    return file_response(version.file)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    version = selectors.version_get(actor=actor, pk=pk)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The approval could not be read. Reload the page and try again."))
        return redirect(version.agreement)
    party = selectors.party_get(actor=actor, pk=form.cleaned_data["party"])
    try:
        services.approval_create(
            version=version,
            party=party,
            by=actor,
            sha256=form.cleaned_data["sha256"],
            comment=form.cleaned_data["comment"],
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Approved on behalf of %(party)s.") % {"party": party})
    return redirect(version.agreement.get_absolute_url() + "#approval")


@require_POST
@login_required
def stage(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    agreement = selectors.agreement_get(actor=actor, pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect(agreement)
    try:
        services.agreement_stage_set(
            agreement=agreement,
            by=actor,
            stage=form.cleaned_data["stage"],
            version=form.cleaned_data["version"],
            terminated_on=form.cleaned_data.get("terminated_on"),
            reason=form.cleaned_data.get("reason"),
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your changes were saved."))
    return redirect(agreement)


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    version = selectors.version_get(actor=actor, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment."))
        return redirect(version.agreement.get_absolute_url() + "#approval")
    party = selectors.party_get(actor=actor, pk=form.cleaned_data["party"])
    try:
        services.comment_create(
            version=version, party=party, by=actor, text=form.cleaned_data["text"]
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    return redirect(version.agreement.get_absolute_url() + "#approval")


@require_POST
@login_required
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    version = selectors.version_get(actor=actor, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the recipient."))
        return redirect(version.agreement.get_absolute_url() + "#approval")
    party = selectors.party_get(actor=actor, pk=form.cleaned_data["party"])
    recipient = Person.objects.filter(
        pk=form.cleaned_data["recipient"], institution_id=party.institution_id
    ).first()
    try:
        link, _raw = services.approval_link_create(
            version=version,
            party=party,
            by=actor,
            recipient=recipient,
            language=form.cleaned_data["language"],
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("The link was sent to %(email)s.") % {"email": link.recipient_email}
        )
    return redirect(version.agreement.get_absolute_url() + "#approval")


@require_POST
@login_required
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request)
    link = selectors.link_get(actor=actor, pk=pk)
    services.approval_link_revoke(link=link, by=actor)
    messages.success(request, _("The link was withdrawn."))
    return redirect(link.version.agreement.get_absolute_url() + "#approval")


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """What the recipient of a link sees, without an account: one version, read-only, in the
    link's language, to approve or comment on once."""
    from django.utils import translation

    found = services.link_for_token(token)
    if found is None:
        raise Http404
    with translation.override(found.language):
        problem = services.link_problem(found)
        done = ""
        error = ""
        if request.method == "POST" and not problem:
            form = LinkAnswerForm(request.POST)
            try:
                if not form.is_valid():
                    raise ServiceError(_("Reload the page and try again."))
                if form.cleaned_data["answer"] == "approve":
                    services.approval_via_link(
                        link=found,
                        sha256=form.cleaned_data["sha256"],
                        comment=form.cleaned_data["text"],
                    )
                    done = "approved"
                else:
                    services.comment_via_link(link=found, text=form.cleaned_data["text"])
                    done = "commented"
            except ServiceError as exc:
                error = str(exc.message)
        record = selectors.link_record(link=found)
        response = render(
            request,
            "agreements/link.html",
            {
                "found": found,
                "record": record,
                "problem": problem,
                "done": done,
                "error": error,
                "token": token,
                "LANGUAGE_CODE": found.language,
            },
            status=410 if problem else 200,
        )
        response["Content-Language"] = found.language
        response["Cache-Control"] = "no-store"
        return response


def _document_language(language: str) -> str:
    if language not in SECOND_LANGUAGES:
        raise Http404
    return language


@login_required
def document_docx(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The bilingual agreement (Chinese and ``language``, side by side) as .docx."""
    from leizu.agreements.documents import agreement_docx

    language = _document_language(language)
    record = selectors.agreement_record(actor=actor_for(request), pk=pk, today=timezone.localdate())
    content = agreement_docx(record, language=language, user=request.user)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="agreement-{record.agreement.pk}-zh-{language}.docx"'
    )
    return response


@login_required
def document_print(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    from leizu.agreements.documents import bilingual_document

    language = _document_language(language)
    record = selectors.agreement_record(actor=actor_for(request), pk=pk, today=timezone.localdate())
    return render(
        request,
        "agreements/print.html",
        {"record": record, "doc": bilingual_document(record, language)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """An institution's admins and coordinators set when they are reminded."""
    from leizu.agreements.forms import ReminderSettingsForm
    from leizu.agreements.models import DEFAULT_LEAD_DAYS, ReminderSettings
    from leizu.agreements.reminders import reminder_settings_set

    actor = actor_for(request)
    own = access.approver_institution_ids(actor)
    if not own:
        raise PermissionDenied
    current = {
        s.institution_id: s.lead_days
        for s in ReminderSettings.objects.filter(institution_id__in=own)
    }
    first = own[0]
    initial = {
        "institution": first,
        "lead_days": ", ".join(str(d) for d in current.get(first) or DEFAULT_LEAD_DAYS),
    }
    form = ReminderSettingsForm(request.POST or None, actor=actor, initial=initial)
    return form_page(
        request,
        form,
        template="agreements/part_form.html",
        title=_("Agreement reminders"),
        success=_("Your changes were saved."),
        save=lambda: (
            reminder_settings_set(
                by=actor,
                institution=form.cleaned_data["institution"],
                lead_days=form.cleaned_data["lead_days"],
            )
            and "agreements:register"
        ),
        back_url=reverse("agreements:register"),
    )


@login_required
def register_export(request: HttpRequest) -> HttpResponse:
    from leizu.agreements.io import register_export_xlsx

    content = register_export_xlsx(actor=actor_for(request), today=timezone.localdate())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="leizu-agreements.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    """Upload a register (.xlsx shaped like the export); the import runs as a background job."""
    return workbook_upload_page(
        request, actor_for(request), kind="agreements", template="agreements/import.html"
    )


def link_file(request: HttpRequest, token: str) -> FileResponse:
    """The file of the version a link opens (a signed scan, a draft in Word), for its holder."""
    found = services.link_for_token(token)
    if found is None or services.link_problem(found) or found.version.file is None:
        raise Http404
    return file_response(found.version.file)
