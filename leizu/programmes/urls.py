from django.urls import path

from leizu.programmes import views

app_name = "programmes"
urlpatterns = [
    path("catalogues/", views.catalogues, name="catalogues"),
    path("catalogues/<int:pk>/", views.catalogue, name="catalogue"),
    path("codes/<int:pk>/", views.entry, name="entry"),
]
