"""The tenancy core: the one place that decides what a user may see and do.

It knows workspaces, memberships, clients, members, invitations and API tokens, and no capability app:
each app's lookups live in its own ``access.py`` (``cadence/engagements/access.py``) on top of these, and
the URL parameters it resolves are registered with core (``cadence/core/registry.py``). An object in
another workspace and an object that does not exist give the same 404; a role too weak inside your own
workspace gives 403.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed

from cadence.access import (
    MEMBER,
    SIGNED_IN,
    Access,
    Declaration,
    MethodAccess,
    anyone,
    as_declaration,
    by_method,
    capability,
    client_capability,
)
from cadence.accounts.models import ApiToken
from cadence.core import registry
from cadence.core.models import (
    Client,
    ClientAccess,
    Invitation,
    Membership,
    Role,
    Workspace,
)
from cadence.core.scoping import scope

if TYPE_CHECKING:
    from cadence.http import WorkspaceRequest


def get_membership(user: Any, workspace_slug: str) -> Membership:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        return Membership.objects.select_related("workspace", "user").get(
            workspace__slug=workspace_slug, user=user
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def memberships_for(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")


def client_roles(membership: Membership) -> dict[int, str]:
    """client id -> client role for a client user (cached on the membership)."""
    cached = getattr(membership, "_client_roles", None)
    if cached is None:
        cached = dict(ClientAccess.objects.filter(membership=membership).values_list("client_id", "role"))
        membership._client_roles = cached  # type: ignore[attr-defined]
    return cached


def can(membership: Membership, capability: str, *, client: Client | None = None) -> bool:
    if membership.can(capability):
        return True
    if client is not None and membership.role == Role.CLIENT:
        role = client_roles(membership).get(client.pk)
        return role is not None and capability in registry.client_role_capabilities(role)
    return False


def require(membership: Membership, capability: str, *, client: Client | None = None) -> None:
    if not can(membership, capability, client=client):
        raise PermissionDenied


def visible_clients(membership: Membership) -> QuerySet[Client]:
    qs = Client.objects.filter(workspace=membership.workspace)
    if membership.can("clients.view_all"):
        return qs
    return qs.filter(access__membership=membership)


def public_id(value: Any) -> uuid.UUID:
    """A UUID from a URL or API parameter; anything else is a 404 (as an object that does not exist)."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_client(membership: Membership, client_uuid: Any) -> Client:
    try:
        return visible_clients(membership).get(uuid=public_id(client_uuid))
    except Client.DoesNotExist:
        raise Http404 from None


def get_member(membership: Membership, member_uuid: Any) -> Membership:
    try:
        return Membership.objects.select_related("user").get(workspace=membership.workspace, uuid=public_id(member_uuid))
    except Membership.DoesNotExist:
        raise Http404 from None


def get_open_invitation(membership: Membership, invitation_uuid: Any) -> Invitation:
    try:
        return Invitation.objects.get(workspace=membership.workspace, uuid=public_id(invitation_uuid),
                                      accepted_at=None, revoked_at=None)
    except Invitation.DoesNotExist:
        raise Http404 from None


def get_teammate(membership: Membership, user_uuid: Any) -> Membership:
    """A member of the caller's workspace, found by their user's public id."""
    try:
        return Membership.objects.select_related("user").get(workspace=membership.workspace,
                                                             user__uuid=public_id(user_uuid))
    except Membership.DoesNotExist:
        raise Http404 from None


def get_api_token(user: Any, token_uuid: Any) -> ApiToken:
    """One of the user's own API tokens; anyone else's is a 404."""
    try:
        return ApiToken.objects.get(user=user, uuid=public_id(token_uuid))
    except ApiToken.DoesNotExist:
        raise Http404 from None


def _refuse(membership: Membership, params: Mapping[str, Any]) -> None:
    """Refuse with 403 -- unless an object named in the URL is one the member cannot see: then 404, so that
    a refusal never confirms that someone else's object exists. Apps resolve their own parameters
    (``registry.url_object``)."""
    if "client" in params:
        get_client(membership, params["client"])
    for param, url_object in registry.url_objects().items():
        if param in params:
            url_object.resolve(membership, params)
    if "member" in params:
        get_member(membership, params["member"])
    if "invitation" in params:
        get_open_invitation(membership, params["invitation"])
    raise PermissionDenied


def _client_via(membership: Membership, via: str, ref: Any) -> Client:
    """The client of the object a client capability is checked against (a 404 when it is not visible)."""
    if via == "client":
        return get_client(membership, ref)
    url_object = registry.url_objects().get(via)
    if url_object is None or url_object.client_of is None:
        raise ImproperlyConfigured(f"client_capability(via={via!r}): no app resolves the client of {via!r}")
    return url_object.client_of(url_object.resolve(membership, {via: ref}))


def enforce(membership: Membership, access: Access, params: Mapping[str, Any]) -> None:
    """Check a workspace declaration for a member (``params``: the URL's parameters).

    A role too weak gets 403, but an object in the URL the member cannot see is a 404 first (another
    workspace's, a client's they have no access to). A client capability is checked against the client of
    the object named by ``access.via``.
    """
    if access.kind == "member":
        return
    if access.kind == "capability":
        if not can(membership, access.capability):
            _refuse(membership, params)
        return
    if access.kind == "client_capability":
        if membership.can(access.capability):
            return
        ref = params.get(access.via)
        if ref is None:
            _refuse(membership, params)
        client = _client_via(membership, access.via, ref)
        if not can(membership, access.capability, client=client):
            _refuse(membership, params)
        return
    raise ImproperlyConfigured(f"{access} is not a workspace declaration")


def _not_allowed(declaration: Declaration) -> HttpResponse:
    methods = list(declaration.methods) if isinstance(declaration, MethodAccess) else []
    return HttpResponseNotAllowed(methods)


def workspace_view(
    declaration: str | Declaration | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view whose URL has ``<slug:workspace>``, declaring and enforcing its access.

    ``workspace_view("time.log")`` (a role capability), ``workspace_view(MEMBER)`` (any member; the
    default), ``workspace_view(client_capability("client.approve"))`` or ``workspace_view(by_method(...))``.
    Anonymous users go to the login page; non-members get 404; members the declaration refuses get 403
    (404 for an object they cannot see). Sets ``request.workspace`` and ``request.membership`` and runs the
    view in the workspace's scope (workspace-owned rows of other workspaces never come back); the
    declaration is on the view as ``view.access`` for the access matrix.
    """
    declared = as_declaration(declaration)
    if not declared.in_workspace:
        raise ImproperlyConfigured(f"workspace_view({declared}): use @signed_in or @public(...) outside a workspace")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, workspace: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = declared.for_method(request.method or "GET")
            if access is None:
                return _not_allowed(declared)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = get_membership(request.user, workspace)
            ws_request = cast("WorkspaceRequest", request)  # what the view's annotation promises, set here
            ws_request.workspace = membership.workspace
            ws_request.membership = membership
            with scope(workspace=membership.workspace):  # the tenancy backstop (cadence/core/scoping.py)
                enforce(membership, access, kwargs)
                return view(request, *args, **kwargs)

        wrapper.access = declared  # type: ignore[attr-defined]
        return wrapper

    return decorator


def declared(declaration: Declaration) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Declare and enforce the access of a view outside any workspace: ``SIGNED_IN`` (anonymous users go to
    the login page), ``anyone("reason")``, or ``by_method(...)`` of those."""
    accesses = list(declaration.methods.values()) if isinstance(declaration, MethodAccess) else [declaration]
    if any(a.in_workspace for a in accesses):
        raise ImproperlyConfigured(f"{declaration}: a workspace route is declared with workspace_view(...)")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access = declaration.for_method(request.method or "GET")
            if access is None:
                return _not_allowed(declaration)
            if access.kind == "signed_in" and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapper.access = declaration  # type: ignore[attr-defined]
        return wrapper

    return decorator


# Any signed-in user (no workspace): anonymous users go to the login page.
signed_in = declared(SIGNED_IN)


def public(reason: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Anyone may open the view, signed in or not; the reason is part of the declaration."""
    return declared(anyone(reason))


__all__ = [
    "MEMBER", "SIGNED_IN", "Access", "anyone", "by_method", "capability", "client_capability", "declared", "enforce",
    "public", "signed_in",
    "Workspace", "can", "get_api_token", "get_client", "get_member", "get_membership", "get_open_invitation",
    "get_teammate", "memberships_for", "public_id", "require", "visible_clients", "workspace_view",
]
