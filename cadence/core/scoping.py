"""The tenancy backstop (django-scopes): workspace-owned rows are read only inside a workspace's scope.

Every workspace-owned model's default manager is ``ScopedManager(workspace=...)``: a query through it
outside a scope raises ``ScopeError``, and inside ``scope(workspace=w)`` it only ever returns ``w``'s
rows, even where a query forgot to filter. The scope is entered where a request's workspace is known
(``tenancy.workspace_view`` and the API's ``Router``); the few places that work across workspaces say so
with ``scopes_disabled()`` and a comment (migrations, management commands, the admin, sign-in and
invitation flows). ``RequestScopeMiddleware`` makes every request start with no scope at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django_scopes import ScopeError, get_scope, scope, scopes_disabled
from django_scopes.state import state

if TYPE_CHECKING:  # imported by the admin's AppConfig, before the models are ready
    from cadence.core.models import Workspace

__all__ = ["RequestScopeMiddleware", "ScopeError", "enter_for_request", "scope", "scopes_disabled"]


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
