"""The one place that decides what a user may see and do.

Every view and API route gets its objects through these helpers. An object in another
workspace and an object that does not exist give the same 404; a role too weak inside
your own workspace gives 403.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from cadence.accounts.models import ApiToken
from cadence.core.models import (
    CLIENT_CAPABILITIES,
    Client,
    ClientAccess,
    Invitation,
    Membership,
    Role,
    Workspace,
)
from cadence.engagements.models import Engagement, EngagementGate, EngagementPhase, ProcessTemplate, TimeEntry


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
        return role is not None and capability in CLIENT_CAPABILITIES.get(role, frozenset())
    return False


def require(membership: Membership, capability: str, *, client: Client | None = None) -> None:
    if not can(membership, capability, client=client):
        raise PermissionDenied


def visible_clients(membership: Membership) -> QuerySet[Client]:
    qs = Client.objects.filter(workspace=membership.workspace)
    if membership.can("clients.view_all"):
        return qs
    return qs.filter(access__membership=membership)


def visible_engagements(membership: Membership) -> QuerySet[Engagement]:
    qs = Engagement.objects.filter(workspace=membership.workspace).select_related("client", "template")
    if membership.can("clients.view_all"):
        return qs
    return qs.filter(client__access__membership=membership)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_client(membership: Membership, client_uuid: Any) -> Client:
    try:
        return visible_clients(membership).get(uuid=_uuid(client_uuid))
    except Client.DoesNotExist:
        raise Http404 from None


def get_engagement(membership: Membership, engagement_uuid: Any) -> Engagement:
    try:
        return visible_engagements(membership).get(uuid=_uuid(engagement_uuid))
    except Engagement.DoesNotExist:
        raise Http404 from None


def get_template(membership: Membership, template_uuid: Any) -> ProcessTemplate:
    if membership.is_client:
        raise Http404
    try:
        return ProcessTemplate.objects.get(workspace=membership.workspace, uuid=_uuid(template_uuid))
    except ProcessTemplate.DoesNotExist:
        raise Http404 from None


def get_time_entry(
    membership: Membership, engagement: Engagement, entry_uuid: Any, *, include_deleted: bool = False
) -> TimeEntry:
    """A time entry of an engagement the caller got through ``get_engagement``; deleted ones only when asked
    (to restore them)."""
    qs = TimeEntry.all_objects.filter(engagement=engagement) if include_deleted else engagement.time_entries.all()
    try:
        return qs.select_related("phase", "user", "engagement").get(uuid=_uuid(entry_uuid))
    except TimeEntry.DoesNotExist:
        raise Http404 from None


def get_member(membership: Membership, member_uuid: Any) -> Membership:
    try:
        return Membership.objects.select_related("user").get(workspace=membership.workspace, uuid=_uuid(member_uuid))
    except Membership.DoesNotExist:
        raise Http404 from None


def get_phase(engagement: Engagement, key: str) -> EngagementPhase:
    """A phase of an engagement the caller already got through ``get_engagement``."""
    try:
        return engagement.phases.get(key=key)
    except EngagementPhase.DoesNotExist:
        raise Http404 from None


def get_gate(engagement: Engagement, key: str) -> EngagementGate:
    try:
        return engagement.gates.select_related("recorded_by").get(key=key)
    except EngagementGate.DoesNotExist:
        raise Http404 from None


def get_open_invitation(membership: Membership, invitation_uuid: Any) -> Invitation:
    try:
        return Invitation.objects.get(workspace=membership.workspace, uuid=_uuid(invitation_uuid),
                                      accepted_at=None, revoked_at=None)
    except Invitation.DoesNotExist:
        raise Http404 from None


def get_teammate(membership: Membership, user_uuid: Any) -> Membership:
    """A member of the caller's workspace, found by their user's public id."""
    try:
        return Membership.objects.select_related("user").get(workspace=membership.workspace,
                                                             user__uuid=_uuid(user_uuid))
    except Membership.DoesNotExist:
        raise Http404 from None


def get_api_token(user: Any, token_uuid: Any) -> ApiToken:
    """One of the user's own API tokens; anyone else's is a 404."""
    try:
        return ApiToken.objects.get(user=user, uuid=_uuid(token_uuid))
    except ApiToken.DoesNotExist:
        raise Http404 from None


def workspace_view(
    capability: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view whose URL has ``<slug:workspace>``.

    Anonymous users go to the login page; non-members get 404; members without the
    capability get 403. Sets ``request.workspace`` and ``request.membership``.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, workspace: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = get_membership(request.user, workspace)
            request.workspace = membership.workspace  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            if capability is not None:
                require(membership, capability)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


__all__ = [
    "Workspace", "can", "get_api_token", "get_client", "get_engagement", "get_gate", "get_member", "get_membership",
    "get_open_invitation", "get_phase", "get_teammate", "get_template", "get_time_entry", "memberships_for", "require", "visible_clients", "visible_engagements", "workspace_view",
]
