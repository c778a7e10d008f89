"""One way to split long lists into pages (activity, history, clients, the dashboard)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50


def page_of[T](request: HttpRequest, items: Sequence[T] | QuerySet[Any, T], per_page: int = PER_PAGE) -> Page[T]:
    """The page ``?page=`` asks for; a missing, invalid or too-large number gives the first or last page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def page_query(request: HttpRequest) -> str:
    """The request's other query parameters (filters), to keep them in the page links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
