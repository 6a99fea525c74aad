from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from leizu.core.access import actor_for
from leizu.core.home import panels_for
from leizu.core.imports.background import importer_for
from leizu.core.selectors import audit_list, workbook_import_get


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    actor = actor_for(request)
    return render(request, "core/home.html", {"panels": panels_for(actor)})


def about(request: HttpRequest) -> HttpResponse:
    """A static page: what Leizu is, its languages and the components it ships."""
    return render(request, "core/about.html")


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database}, status=status
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_list(actor=actor_for(request)), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})


@login_required
def import_job(request: HttpRequest, pk: str) -> HttpResponse:
    """A workbook import: its progress while it runs, then what it saved or why not."""
    job = workbook_import_get(actor=actor_for(request), pk=pk)
    return render(request, "core/import_job.html", {"job": job, "importer": importer_for(job.kind)})


@login_required
def import_job_progress(request: HttpRequest, pk: str) -> HttpResponse:
    job = workbook_import_get(actor=actor_for(request), pk=pk)
    return render(
        request, "core/_import_job_progress.html", {"job": job, "importer": importer_for(job.kind)}
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language and remember it for the signed-in user."""
    from leizu.accounts.services import user_set_language

    language = request.POST.get("language", "")
    response = django_set_language(request)
    if request.user.is_authenticated and response.status_code in (200, 302):
        user_set_language(user=request.user, language=language)
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
