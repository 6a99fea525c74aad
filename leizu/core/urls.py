from django.urls import path

from leizu.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("audit/", views.audit_log, name="audit_log"),
    path("language/", views.set_language, name="set_language"),
    path("imports/<uuid:pk>/", views.import_job, name="import_job"),
    path("imports/<uuid:pk>/progress/", views.import_job_progress, name="import_job_progress"),
]
