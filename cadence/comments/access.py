"""This app's lookups: what a thread is about (its target), who may read it, and threads and comments as the
member may see them.

``TARGETS`` is the one table of what can be commented on: a kind ("task") and how to resolve it for a member
through its owning app's ``access`` / ``queries`` (never its models), what its page is, and who reads it: the
team with ``team_capability``, and the client's people with ``client_capability`` while the owning app shows it
to them (``client_visible``: never a draft or idea post, never a card, only a plan with a version submitted or
approved). An object the member may not see, another workspace's and a missing one give the same 404. A new
kind is one entry (``meeting``: the meetings app's, added when h/meetings merged h/comments).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.board import access as board_access
from cadence.comments.models import Comment, Thread
from cadence.content import access as content_access
from cadence.core import registry
from cadence.core.models import ClientAccess, Membership, Role
from cadence.engagements.access import get_engagement
from cadence.kpis import access as kpi_access
from cadence.meetings import access as meeting_access
from cadence.plans import access as plan_access
from cadence.plans import queries as plan_queries


@dataclass(frozen=True)
class Target:
    """An object a thread is about, resolved for one member (who may see it)."""

    kind: str
    obj: Any
    engagement: Any
    target_id: uuid.UUID
    key: str
    title: str
    url: str  # the object's page (a path)
    team_capability: str
    client_capability: str
    client_visible: bool  # client users with ``client_capability`` for its client may read it now

    @property
    def workspace_id(self) -> int:
        return int(self.engagement.workspace_id)

    def thread_url(self, slug: str) -> str:
        return thread_url(slug, self.kind, self.target_id, self.key)


@dataclass(frozen=True)
class TargetKind:
    """One row of ``TARGETS``: ``resolve(membership, target id, key)`` -> (object, engagement, title, url, client
    visible) or 404; ``ref(object)`` -> (target id, key) for a page that embeds the thread of its object."""

    resolve: Callable[[Membership, uuid.UUID, str], tuple[Any, Any, str, str, bool]]
    ref: Callable[[Any], tuple[uuid.UUID, str]]
    team_capability: str
    client_capability: str
    label: Callable[[], str]
    keyed: bool = False  # the target is a part of its object, named by a key (a plan section)


def _slug(m: Membership) -> str:
    return str(m.workspace.slug)


def _engagement(m: Membership, target_id: uuid.UUID, key: str) -> tuple[Any, Any, str, str, bool]:
    if key:
        raise Http404
    e = get_engagement(m, target_id)
    return e, e, str(e.name), reverse("engagements:engagement-detail", args=[_slug(m), e.uuid]), True


def _plan_section(m: Membership, target_id: uuid.UUID, key: str) -> tuple[Any, Any, str, str, bool]:
    label = plan_queries.section_label(key)
    if label is None:
        raise Http404
    e = get_engagement(m, target_id)
    plan = plan_access.find_plan(e)
    if plan is None:
        raise Http404
    shown = plan_queries.client_version(plan) is not None
    url = reverse("plans:plan-section", args=[_slug(m), e.uuid, key])
    return plan, e, _("%(section)s (marketing plan)") % {"section": label}, url, shown


def _task(m: Membership, target_id: uuid.UUID, key: str) -> tuple[Any, Any, str, str, bool]:
    if key:
        raise Http404
    task = board_access.find_task(m, target_id)
    e = task.engagement
    return task, e, str(task.title), reverse("board:task-detail", args=[_slug(m), e.uuid, task.uuid]), False


def _post(m: Membership, target_id: uuid.UUID, key: str) -> tuple[Any, Any, str, str, bool]:
    if key:
        raise Http404
    post = content_access.find_post(m, target_id)
    e = post.engagement
    url = reverse("content:post-detail", args=[_slug(m), e.uuid, post.uuid])
    return post, e, str(post.title), url, post.status in content_access.CLIENT_STATUSES


def _kpi(m: Membership, target_id: uuid.UUID, key: str) -> tuple[Any, Any, str, str, bool]:
    if key:
        raise Http404
    kpi = kpi_access.find_kpi(m, target_id)
    e = kpi.engagement
    return kpi, e, str(kpi.name), reverse("kpis:kpi", args=[_slug(m), e.uuid, kpi.uuid]), True


def _meeting(m: Membership, target_id: uuid.UUID, key: str) -> tuple[Any, Any, str, str, bool]:
    if key:
        raise Http404
    meeting = meeting_access.find_meeting(m, target_id)
    e = meeting.engagement
    return meeting, e, str(meeting.title), reverse("meetings:meeting", args=[_slug(m), e.uuid, meeting.uuid]), True


TARGETS: dict[str, TargetKind] = {
    "engagement": TargetKind(_engagement, lambda e: (e.uuid, ""), "", "client.view", lambda: _("Ideas")),
    "plan_section": TargetKind(_plan_section, lambda ref: (ref[0].uuid, str(ref[1])), "plans.view", "plans.view",
                               lambda: _("Plan section"), keyed=True),
    "task": TargetKind(_task, lambda t: (t.uuid, ""), "board.view", "board.view", lambda: _("Task")),
    "post": TargetKind(_post, lambda p: (p.uuid, ""), "content.view", "content.view", lambda: _("Post")),
    "kpi": TargetKind(_kpi, lambda k: (k.uuid, ""), "kpis.view", "kpis.view", lambda: _("KPI")),
    "meeting": TargetKind(_meeting, lambda mt: (mt.uuid, ""), "meetings.view", "meetings.view", lambda: _("Meeting")),
}
KEYLESS = tuple(k for k, spec in TARGETS.items() if not spec.keyed)


def target_kind(kind: str) -> TargetKind:
    spec = TARGETS.get(str(kind))
    if spec is None:
        raise Http404
    return spec


def resolve(membership: Membership, kind: str, target_id: Any, key: str = "") -> Target:
    """The target for this member: 404 when they may not see it (the owning app's rules, then who reads it)."""
    spec = target_kind(kind)
    ref = tenancy.public_id(target_id)
    obj, engagement, title, url, client_visible = spec.resolve(membership, ref, key or "")
    target = Target(kind=kind, obj=obj, engagement=engagement, target_id=ref, key=key or "", title=title, url=url,
                    team_capability=spec.team_capability, client_capability=spec.client_capability,
                    client_visible=client_visible)
    if not may_read(membership, target):
        raise Http404
    return target


def target_of(membership: Membership, kind: str, obj: Any) -> Target:
    """The target of an object a page already has (``plan_section``: the pair (engagement, section key))."""
    target_id, key = target_kind(kind).ref(obj)
    return resolve(membership, kind, target_id, key)


def may_read(membership: Membership, target: Target, *, internal: bool = False) -> bool:
    if not membership.is_client:
        return not target.team_capability or membership.can(target.team_capability)
    if internal or not target.client_visible:
        return False
    return tenancy.can(membership, target.client_capability, client=target.engagement.client)


@dataclass(frozen=True)
class Reader:
    """A person who may read a thread (for mentions): their user's id, public id and name."""

    user_id: int
    user_uuid: uuid.UUID
    name: str
    is_client: bool

    @property
    def token(self) -> str:
        """How a comment mentions them: ``@[Name](uuid)`` (brackets and line breaks left out of the name)."""
        name = "".join(ch for ch in self.name if ch not in "[]()\n\r") or "?"
        return f"@[{name}]({self.user_uuid})"


def readers(target: Target, *, internal: bool = False) -> list[Reader]:
    """Everyone who may read the target's thread (``internal``: an internal comment, the team only), by name.
    Two queries, whatever the workspace's size."""
    out: list[Reader] = []
    team = (Membership.objects.filter(workspace_id=target.workspace_id).exclude(role=Role.CLIENT)
            .select_related("user"))
    for m in team:
        if m.user.is_active and (not target.team_capability
                                 or target.team_capability in registry.role_capabilities(m.role)):
            out.append(Reader(m.user_id, m.user.uuid, m.user.display_name, False))
    if target.client_visible and not internal:
        access = (ClientAccess.objects.filter(workspace_id=target.workspace_id, client_id=target.engagement.client_id,
                                              membership__role=Role.CLIENT)
                  .select_related("membership__user"))
        for a in access:
            user = a.membership.user
            if user.is_active and target.client_capability in registry.client_role_capabilities(a.role):
                out.append(Reader(user.pk, user.uuid, user.display_name, True))
    return sorted(out, key=lambda r: (r.name.casefold(), r.user_id))


def find_thread(target: Target) -> Thread | None:
    return (Thread.objects.filter(workspace_id=target.workspace_id, target_kind=target.kind,
                                  target_id=target.target_id, target_key=target.key)
            .select_related("resolved_by").first())


def get_thread(membership: Membership, thread_uuid: Any) -> tuple[Thread, Target]:
    """A thread whose target the member may see (404 otherwise), with that target."""
    try:
        thread = Thread.objects.get(workspace_id=membership.workspace_id, uuid=tenancy.public_id(thread_uuid))
    except Thread.DoesNotExist:
        raise Http404 from None
    return thread, resolve(membership, thread.target_kind, thread.target_id, thread.target_key)


def get_comment(membership: Membership, comment_uuid: Any) -> tuple[Comment, Target]:
    """A comment the member may read (an internal one is a 404 for client users), with its thread's target."""
    try:
        comment = (Comment.objects.select_related("thread", "author")
                   .get(workspace_id=membership.workspace_id, uuid=tenancy.public_id(comment_uuid)))
    except Comment.DoesNotExist:
        raise Http404 from None
    thread = comment.thread
    target = resolve(membership, thread.target_kind, thread.target_id, thread.target_key)
    if comment.internal and membership.is_client:
        raise Http404
    return comment, target


def thread_url(slug: str, kind: str, target_id: Any, key: str = "") -> str:
    if target_kind(kind).keyed:
        return reverse("comments:thread-part", args=[slug, kind, target_id, key])
    return reverse("comments:thread", args=[slug, kind, target_id])


# URL parameters this app resolves when tenancy refuses a route (registered in registration.py): a thread or a
# comment the member cannot see is a 404 before any 403.

def resolve_target(membership: Membership, params: Mapping[str, Any]) -> Target:
    return resolve(membership, params["target_kind"], params["target"], params.get("target_key", ""))


def resolve_thread(membership: Membership, params: Mapping[str, Any]) -> Thread:
    return get_thread(membership, params["thread"])[0]


def resolve_comment(membership: Membership, params: Mapping[str, Any]) -> Comment:
    return get_comment(membership, params["comment"])[0]


__all__ = ["KEYLESS", "TARGETS", "Reader", "Target", "TargetKind", "find_thread", "get_comment", "get_thread",
           "may_read", "readers", "resolve", "target_kind", "target_of", "thread_url"]
