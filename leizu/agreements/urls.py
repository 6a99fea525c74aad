from django.urls import path

from leizu.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.register_export, name="register_export"),
    path("import/", views.register_import, name="register_import"),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/stage/", views.stage, name="stage"),
    path("<int:pk>/conditions/new/", views.condition_create, name="condition_create"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("<int:pk>/document/<str:language>.docx", views.document_docx, name="document_docx"),
    path("<int:pk>/document/<str:language>/print/", views.document_print, name="document_print"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("conditions/<int:pk>/edit/", views.condition_edit, name="condition_edit"),
    path("conditions/<int:pk>/delete/", views.condition_delete, name="condition_delete"),
    path("versions/<int:pk>/file/", views.version_file, name="version_file"),
    path("versions/<int:pk>/approve/", views.approve, name="approve"),
    path("versions/<int:pk>/comments/new/", views.comment_create, name="comment_create"),
    path("versions/<int:pk>/links/new/", views.link_create, name="link_create"),
    path("links/<int:pk>/revoke/", views.link_revoke, name="link_revoke"),
    path("link/<str:token>/", views.link, name="link"),
    path("link/<str:token>/file/", views.link_file, name="link_file"),
]
