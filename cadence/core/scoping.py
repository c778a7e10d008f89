"""The tenancy backstop (django-scopes): workspace-owned rows are read only inside a workspace's scope.

Every workspace-owned model's default manager is a ``WorkspaceScopedManager``: a query through it
outside a scope raises ``ScopeError``, and inside ``scope(workspace=w)`` it only ever returns ``w``'s
rows, even where a query forgot to filter. The scope is entered where a request's workspace is known
(``tenancy.workspace_view`` and the API's ``Router``); the few places that work across workspaces say so
with ``scopes_disabled()`` and a comment (migrations, management commands, the admin, sign-in and
invitation flows). ``RequestScopeMiddleware`` makes every request start with no scope at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import django_scopes
from django.db import models
from django.http import HttpRequest, HttpResponse
from django_scopes import ScopeError, get_scope
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import state

if TYPE_CHECKING:  # imported by the admin's AppConfig, before the models are ready
    from cadence.core.models import Workspace

__all__ = [
    "EngagementScopedManager", "RequestScopeMiddleware", "ScopeError", "WorkspaceScopedManager",
    "enter_for_request", "scope", "scopes_disabled",
]

_M = TypeVar("_M", bound=models.Model)


# django-scopes' context managers, typed (the library has no type information), so that a function they
# decorate keeps its signature to mypy. Both also work as decorators, as the library's do.

@contextmanager
def scope(**values: Any) -> Iterator[None]:
    """Inside it, scoped managers only return the rows of ``workspace=`` (django-scopes' ``scope``)."""
    with django_scopes.scope(**values):
        yield


@contextmanager
def scopes_disabled() -> Iterator[None]:
    """Inside it, scoped managers return every workspace's rows: say why wherever it is used."""
    with django_scopes.scopes_disabled():
        yield


class WorkspaceScopedManager(models.Manager[_M]):
    """django-scopes' ``ScopedManager(workspace=...)`` as a class mypy's Django plugin can read (the library
    builds its manager class at run time): outside a scope every query raises ``ScopeError`` (``none()``,
    ``using()`` and ``create()`` still work), with scopes disabled it is Django's manager, and inside
    ``scope(workspace=w)`` it keeps the rows whose ``workspace_path`` is ``w`` (or one of a list of them).

    The path is a class attribute, not an argument: Django builds the related managers (``client.engagements``)
    by subclassing the default manager's class and calling it with no arguments.
    """

    workspace_path: ClassVar[str] = "workspace"

    def get_queryset(self) -> models.QuerySet[_M]:
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if "workspace" not in current:
            disabled: models.QuerySet[_M] = DisabledQuerySet(self.model, using=self._db, missing_scopes={"workspace"})
            return disabled
        workspace = current["workspace"]
        queryset = super().get_queryset()
        if isinstance(workspace, list | tuple):
            return queryset.filter(**{f"{self.workspace_path}__in": workspace})
        if workspace is not None:
            return queryset.filter(**{self.workspace_path: workspace})
        return queryset

    def all(self) -> models.QuerySet[_M]:
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()  # raises ScopeError, as django-scopes' manager does
        return queryset


class EngagementScopedManager(WorkspaceScopedManager[_M]):
    """For rows that belong to a workspace through their engagement."""

    workspace_path: ClassVar[str] = "engagement__workspace"


class RequestScopeMiddleware:
    """Runs every request with no scope (so a view that forgot to enter one raises, in tests too, where the
    test data is built with scopes disabled), and ends whatever scope the request entered with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = state.set({})
        try:
            return self.get_response(request)
        finally:
            state.reset(token)


def enter_for_request(workspace: Workspace) -> None:
    """Enter ``workspace``'s scope until the end of the request (``RequestScopeMiddleware`` ends it).

    For the API: ninja turns a route's answer (querysets, related managers) into JSON after the route
    returns, so a ``with scope(...)`` around the route would end too early.
    """
    if getattr(workspace, "pk", None) is None:
        raise ValueError("a request's scope is a saved workspace")
    state.set({**get_scope(), "_enabled": True, "workspace": workspace})
