"""The API's ``Router``, which every app's router uses. Every object comes through ``cadence.tenancy``.

Every route declares its access with ``openapi_extra=declare(...)`` (``cadence/access.py``): the
``Router`` below enforces that declaration through ``tenancy.enforce`` (the same check as the UI's
``workspace_view``) before the route's body runs, and the OpenAPI schema documents it as
``x-cadence-access``.
"""


import functools
import inspect
from collections.abc import Callable
from typing import Any

import ninja
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.access import (
    MEMBER,
    OPENAPI_KEY,
    SIGNED_IN,
    Access,
    capability,
    client_capability,
    openapi,
    parse,
)

# Error bodies every route may answer with (shown in the OpenAPI schema).
from cadence.api.schemas import ErrorOut
from cadence.core import scoping
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.core.validation import has_control_chars
from cadence.http import ApiRequest

__all__ = ["MEMBER", "SIGNED_IN", "Router", "capability", "client_capability", "declare", "member", "unknown"]

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 413: ErrorOut}


def declare(access: Access) -> dict[str, Any]:
    """``openapi_extra=`` of a route: the access it needs, enforced by ``Router`` and shown in the schema."""
    if access.kind == "public":
        raise ImproperlyConfigured("the API has no public routes: every request authenticates")
    return openapi(access)


def _guard(view: Callable[..., Any], access: Access) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(request: ApiRequest, *args: Any, **kwargs: Any) -> Any:  # authenticated by ninja before
        if access.in_workspace:
            membership = member(request, kwargs["workspace"])
            request.membership = membership
            # The workspace's scope until the response is written (ninja serialises after the route returns).
            scoping.enter_for_request(membership.workspace)
            tenancy.enforce(membership, access, kwargs)
        return view(request, *args, **kwargs)

    wrapper.access = access  # type: ignore[attr-defined]
    # ninja resolves string annotations in the wrapper's module: hand it the view's resolved signature.
    wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    return wrapper


class Router(ninja.Router):
    """A ninja router whose routes enforce the access they declare in ``openapi_extra=declare(...)``.

    A route without a declaration is still served (its body decides), but the access matrix
    (tests/test_access_matrix.py) fails and names it.
    """

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable[..., Any],
                          **kwargs: Any) -> None:
        extra = kwargs.get("openapi_extra") or {}
        if OPENAPI_KEY in extra:
            declared = parse(extra[OPENAPI_KEY])
            if not isinstance(declared, Access):
                raise ImproperlyConfigured(f"{path}: an API operation declares one access, not {declared}")
            view_func = _guard(view_func, declared)
        super().add_api_operation(path, methods, view_func, **kwargs)


def member(request: ApiRequest, workspace: str) -> Membership:
    """The caller's membership of the workspace in the URL (its slug); 404 for anyone else."""
    if has_control_chars(workspace):  # never send a NUL to the database (PostgreSQL refuses it)
        raise Http404
    known: Membership | None = getattr(request, "membership", None)  # found by the route's access check
    if known is not None and known.workspace.slug == workspace:
        return known
    return tenancy.get_membership(request.auth, workspace)


def unknown(field: str) -> DomainError:
    """A reference in the request body that the caller cannot see (or that does not exist)."""
    return DomainError(_("There is no such item, or you cannot see it."), code="not_found", field=field)
