"""File screens, included under ``w/<slug:workspace>/`` (every view gets ``workspace``)."""

from django.urls import path

from cadence.files import views

app_name = "files"

urlpatterns = [
    path("e/<uuid:engagement>/files/", views.file_list, name="file-list"),
    path("e/<uuid:engagement>/files/<uuid:file>/", views.file_download, name="file-download"),
    path("e/<uuid:engagement>/files/<uuid:file>/preview/", views.file_preview, name="file-preview"),
    path("e/<uuid:engagement>/files/<uuid:file>/delete/", views.file_delete, name="file-delete"),
]
