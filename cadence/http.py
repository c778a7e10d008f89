"""The request types views and API routes annotate ``request`` with: what our middleware and decorators
promise to have set on it, so mypy checks ``request.workspace`` instead of every view ignoring it.

They are annotations only: Django still hands every view a plain ``HttpRequest`` (a ``WSGIRequest``),
and nothing here is ever instantiated.

* ``Request`` -- any request through our middleware: ``request.htmx`` (django-htmx's middleware).
* ``SignedInRequest`` -- a view behind ``tenancy.signed_in`` (or ``workspace_view``): ``request.user``
  is a ``User``, never the anonymous user.
* ``WorkspaceRequest`` -- a view behind ``tenancy.workspace_view``: ``request.workspace`` and
  ``request.membership`` (the signed-in user's membership of the URL's workspace).
* ``ApiRequest`` -- an API route (``cadence/api``): ``request.auth`` is the authenticated ``User`` (token or
  session; ninja refuses the request before the route otherwise), and ``request.membership`` is set by
  the router's access check on workspace routes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from cadence.accounts.models import User
    from cadence.core.models import Membership, Workspace


class Request(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(Request):
    user: User


class WorkspaceRequest(SignedInRequest):
    workspace: Workspace
    membership: Membership


class ApiRequest(HttpRequest):
    auth: User
    membership: Membership
