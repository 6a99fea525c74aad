from django.urls import path

from leizu.visits import views

app_name = "visits"

# Parts of a visit share three views; each kind keeps its own URL names for the access matrix.
_PARTS = ["participant", "agenda", "statement", "need", "interest", "proposal", "action"]

urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_create, name="create"),
    path("actions/", views.board, name="board"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_edit, name="edit"),
    path("<int:pk>/status/", views.visit_status, name="status"),
    path("<int:pk>/attachments/new/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("approval-steps/<int:pk>/edit/", views.approval_edit, name="approval_edit"),
    path("<int:pk>/reports/draft/", views.reports_generate, name="reports_generate"),
    path("<int:pk>/report/<str:language>/", views.report, name="report"),
    path("<int:pk>/report/<str:language>/draft/", views.report_generate, name="report_generate"),
    path("<int:pk>/report/<str:language>/publish/", views.report_publish, name="report_publish"),
    path("<int:pk>/report/<str:language>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/report/<str:language>/print/", views.report_print, name="report_print"),
    path("<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<int:pk>/itinerary/", views.itinerary, name="itinerary"),
]
for _kind in _PARTS:
    urlpatterns += [
        path(f"<int:pk>/{_kind}s/new/", views.part_create, {"kind": _kind}, name=f"{_kind}_add"),
        path(f"{_kind}s/<int:pk>/edit/", views.part_edit, {"kind": _kind}, name=f"{_kind}_edit"),
        path(
            f"{_kind}s/<int:pk>/delete/",
            views.part_delete,
            {"kind": _kind},
            name=f"{_kind}_delete",
        ),
    ]
