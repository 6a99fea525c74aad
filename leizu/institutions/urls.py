from django.urls import path

from leizu.institutions import views

app_name = "institutions"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("new/quick/", views.create_quick, name="create_quick"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_xlsx, name="import"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/logo/", views.logo, name="logo"),
    path("<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path("<int:pk>/people/new/", views.person_create, name="person_create"),
]
