from django.urls import path

from leizu.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programmes, name="list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme, name="programme"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/profile.docx", views.programme_docx_view, name="programme_docx"),
    path("<int:pk>/years/", views.programme_year, name="programme_year"),
    path("groups/new/", views.group_create, name="group_create"),
    path("together/", views.together, name="together"),
    path("together/<int:pk>/", views.together_with, name="together_with"),
    path(
        "together/needs/<int:need>/<int:programme>/",
        views.together_explain,
        name="together_explain",
    ),
    path("adaptability/", views.adaptability, name="adaptability"),
    path(
        "adaptability/<int:group>/<str:occupation>/",
        views.adaptability_explain,
        name="adaptability_explain",
    ),
    path("links/<int:pk>/review/", views.link_review, name="link_review"),
    path("catalogues/", views.catalogues, name="catalogues"),
    path("catalogues/import/", views.catalogue_import, name="catalogue_import"),
    path("catalogues/<int:pk>/", views.catalogue, name="catalogue"),
    path("codes/<int:pk>/", views.entry, name="entry"),
]
