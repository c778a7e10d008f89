"""File screens, included under ``w/<slug:workspace>/``."""

from django.urls import URLPattern

app_name = "files"

urlpatterns: list[URLPattern] = []
