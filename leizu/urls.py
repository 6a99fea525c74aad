from django.contrib import admin
from django.urls import include, path

from leizu.api import api
from leizu.core import views as core_views

urlpatterns = [
    path("", include("leizu.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("leizu.accounts.urls")),
    path("institutions/", include("leizu.institutions.urls")),
    path("visits/", include("leizu.visits.urls")),
    path("talent/", include("leizu.talent.urls")),
    path("agreements/", include("leizu.agreements.urls")),
    path("programmes/", include("leizu.programmes.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "leizu.core.views.permission_denied"
handler404 = "leizu.core.views.page_not_found"
handler500 = "leizu.core.views.server_error"
