"""The imports' and metrics' screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.metrics import views

app_name = "metrics"

B = "e/<uuid:engagement>/imports/<uuid:batch>/"

urlpatterns = [
    path("e/<uuid:engagement>/imports/", views.imports, name="imports"),
    path(B, views.batch, name="batch"),
    path(B + "progress/", views.batch_progress, name="batch-progress"),
    path(B + "mapping/", views.batch_mapping, name="batch-mapping"),
    path(B + "confirm/", views.batch_confirm, name="batch-confirm"),
    path(B + "undo/", views.batch_undo, name="batch-undo"),
    path(B + "discard/", views.batch_discard, name="batch-discard"),
    path(B + "file/", views.batch_file, name="batch-file"),
    path(B + "problems.csv", views.batch_problems_csv, name="batch-problems"),
    path("e/<uuid:engagement>/metrics/", views.results, name="results"),
    path("import-mappings/", views.profiles, name="profiles"),
    path("import-mappings/<uuid:profile>/delete/", views.profile_delete, name="profile-delete"),
]
