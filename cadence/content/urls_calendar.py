"""Part of the content app's URLs (``content/urls.py`` joins them under the ``content`` namespace)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
