"""The campaign links' screens, included under ``w/<slug:workspace>/``."""

from django.urls import path

from cadence.links import views

app_name = "links"

urlpatterns = [
    path("e/<uuid:engagement>/links/", views.library, name="library"),
    path("e/<uuid:engagement>/links/preview/", views.preview, name="preview"),
    path("e/<uuid:engagement>/links/export.csv", views.export_csv, name="export"),
    path("e/<uuid:engagement>/links/<uuid:link>/edit/", views.link_edit, name="link-edit"),
    path("e/<uuid:engagement>/links/<uuid:link>/delete/", views.link_delete, name="link-delete"),
    path("links/rule/", views.rule, name="rule"),
]
