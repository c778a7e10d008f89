"""Screens of this app, included under ``w/<slug:workspace>/``."""

from django.urls import path  # noqa: F401

app_name = "links"

urlpatterns: list = []  # type: ignore[type-arg]
