from django.urls import path

from leizu.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("postings/", views.postings, name="postings"),
    path("postings/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("postings/<int:pk>/review/", views.posting_review, name="posting_review"),
    path("review/", views.review, name="review"),
    path("classify/", views.classify, name="classify"),
    path("imports/", views.imports, name="imports"),
    path("imports/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:pk>/progress/", views.import_progress, name="import_progress"),
    path("needs/", views.needs, name="needs"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("supply/", views.supply, name="supply"),
    path("supply/new/", views.supply_create, name="supply_create"),
    path("supply/<int:pk>/edit/", views.supply_edit, name="supply_edit"),
    path("supply/import/", views.supply_import, name="supply_import"),
    path("supply/export.xlsx", views.supply_export, name="supply_export"),
    path("taxonomy/", views.taxonomy, name="taxonomy"),
    path("taxonomy/aliases/<int:pk>/delete/", views.alias_delete, name="alias_delete"),
    path("taxonomy/skills/<int:pk>/delete/", views.skill_delete, name="skill_delete"),
]
