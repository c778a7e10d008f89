"""The content calendar's pages, split by feature.

* ``calendar``: the month (the default), the week and the list, with the same filters kept across them.
* ``posts``: a post's page (preview per network, status moves, reviews), new and edit, status, approve and
  send back, delete.
* ``setup``: the calendar's settings (client approval) and the frequency plan.
* ``approvals``: the client approver's inbox across engagements.

Views stay thin: a form parses, a service of ``cadence.content.services`` writes, a ``DomainError``
becomes a form error or a message; reads come from ``cadence.content.queries``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from cadence import tenancy
from cadence.content import access
from cadence.content.models import Post
from cadence.core.errors import DomainError
from cadence.http import WorkspaceRequest

# content.view reaches the client's approver and viewer for their client's engagements.
VIEW = tenancy.client_capability("content.view", via="engagement")
# content.decide: the client's approver and owners and managers; which of them decides is the engagement's
# setting (the service refuses the other with a message).
DECIDE = tenancy.client_capability("content.decide", via="engagement")
EDIT = "content.edit"
MANAGE = "content.manage"


def get_post(request: WorkspaceRequest, engagement: Any, post_uuid: Any) -> Post:
    """A post of the engagement the member may see (a client user never sees an idea or a draft: 404)."""
    return access.get_visible_post(request.membership, engagement, post_uuid)


def calendar_url(request: WorkspaceRequest, engagement: Any, view: str = "calendar") -> str:
    return reverse(f"content:{view}", args=[request.workspace.slug, engagement.uuid])


def post_url(request: WorkspaceRequest, engagement: Any, post: Post) -> str:
    return reverse("content:post-detail", args=[request.workspace.slug, engagement.uuid, post.uuid])


# The services' error fields that the post form names differently.
FORM_FIELDS = {"publish_at": "publish_date", "media": "media_files", "objective_uid": "objective"}


def form_field(error: DomainError) -> DomainError:
    """The error with its field as the post form names it."""
    if error.field in FORM_FIELDS:
        error.field = FORM_FIELDS[error.field]
    return error


def refuse(request: WorkspaceRequest, error: DomainError) -> None:
    """A service's refusal as a message; a role too weak for it is a 403."""
    if error.code == "forbidden":
        raise PermissionDenied from None
    messages.error(request, error.message)


def safe_next(request: WorkspaceRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def back(request: WorkspaceRequest, default: str) -> HttpResponse:
    return redirect(safe_next(request, default))


def can(request: WorkspaceRequest, engagement: Any, capability: str) -> bool:
    return tenancy.can(request.membership, capability, client=engagement.client)
