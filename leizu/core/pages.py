"""Small pieces every app's views share: a service's refusal on a form, the form page."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from leizu.core.errors import ServiceError


def form_error(form: Any, exc: ServiceError) -> None:
    """Put a service's refusal onto the form, next to the fields it names."""
    placed = False
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[], Any],
    success: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` and go to what it returns (object or URL name)."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save()
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(target)
    return render(request, template, {"form": form, **context})


def workbook_upload_page(
    request: HttpRequest, actor: Any, *, kind: str, template: str
) -> HttpResponse:
    """An "Import from Excel" page: the upload of a workbook of ``kind``, started as a background
    job (``core.imports.background``) whose page the browser goes to. Who may upload is the
    importer's rule; the template includes ``core/_workbook_upload_form.html``."""
    from django.core.exceptions import PermissionDenied

    from leizu.core.forms import WorkbookForm
    from leizu.core.imports import background

    if not background.importer_for(kind).may_import(actor):
        raise PermissionDenied
    form = WorkbookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = background.start(by=actor, kind=kind, upload=form.cleaned_data["file"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            return redirect(job)
    return render(request, template, {"form": form})
