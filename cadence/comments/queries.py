"""Read models of the comments: a thread as a member reads it (``thread_context``, which pages embed with
``{% include "comments/_thread.html" %}``), the people a comment may mention, and comment counts.

A thread reads in a constant number of queries whatever its number of comments (the target's lookup, the
thread, its comments with their authors, the names of the people mentioned): ``tests/comments`` asserts it.
Client users never get an internal comment: not in the list, not in a count.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cadence.accounts.models import User
from cadence.comments import access
from cadence.comments.access import Reader, Target
from cadence.comments.domain import mentions
from cadence.comments.models import Comment, Thread
from cadence.core import markdown
from cadence.core.models import Membership

_HOLE = re.compile("\ue000(\\d+)\ue001")
_TAG = re.compile(r"(<[^>]*>)")
_PRIVATE = re.compile("[\ue000\ue001]")


def edit_window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "CADENCE_COMMENT_EDIT_MINUTES", 15)))


def render_body(body: str, names: dict[uuid.UUID, str]) -> SafeString:
    """The comment's Markdown as sanitised HTML (``core.markdown``), each mention of a person in ``names`` shown
    as ``@Name`` (their current name) in a ``span.mention``; a mention of anyone else stays plain text."""
    written: list[tuple[uuid.UUID, str]] = []

    def hole(uid: uuid.UUID, name: str) -> str:
        written.append((uid, name))
        return f"\ue000{len(written) - 1}\ue001"

    html = str(markdown.render(mentions.replace_mentions(_PRIVATE.sub("", body), hole)))

    def fill(m: re.Match[str]) -> str:
        uid, name = written[int(m[1])]
        if uid in names:
            return f'<span class="mention">@{escape(names[uid])}</span>'
        return str(escape("@" + name))

    # only in text, never inside a tag (a mention written in a link's target stays out of the attribute)
    parts = _TAG.split(html)
    out = "".join(part if part.startswith("<") else _HOLE.sub(fill, part) for part in parts)
    return mark_safe(_HOLE.sub("", out))  # noqa: S308 - markdown.render sanitised it; the spans are ours, escaped


def excerpt(body: str, names: dict[uuid.UUID, str] | None = None) -> str:
    return mentions.plain(body, names)


@dataclass
class CommentView:
    uuid: uuid.UUID
    author: str
    author_uuid: UUID | None
    created_at: dt.datetime
    edited_at: dt.datetime | None
    internal: bool
    html: SafeString
    body: str
    can_edit: bool
    edit_url: str

    @property
    def anchor(self) -> str:
        return f"comment-{self.uuid}"


@dataclass
class ThreadView:
    target: Target
    thread: Thread | None
    comments: list[CommentView]
    url: str  # the thread's own URL (the fragment; POST adds a comment)
    people_url: str
    resolve_url: str
    can_comment: bool
    can_internal: bool
    can_resolve: bool
    body: str = ""
    internal: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.thread is not None and self.thread.resolved_at is not None

    @property
    def count(self) -> int:
        return len(self.comments)

    @property
    def dom_id(self) -> str:
        return dom_id(self.target)


def dom_id(target: Target) -> str:
    """The thread's element id on a page (the htmx target of its forms)."""
    return f"thread-{target.kind}-{target.target_id}{'-' + target.key if target.key else ''}"


def visible_comments(membership: Membership, thread: Thread) -> list[Comment]:
    qs = Comment.objects.filter(workspace_id=thread.workspace_id, thread=thread).select_related("author")
    if membership.is_client:
        qs = qs.filter(internal=False)
    return list(qs.order_by("created_at", "id"))


def names_of(user_ids: Iterable[uuid.UUID], workspace_id: int) -> dict[uuid.UUID, str]:
    """The current names of the people mentioned who are still members of the workspace (one query)."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = (User.objects.filter(uuid__in=ids, memberships__workspace_id=workspace_id)
            .values_list("uuid", "full_name", "email"))
    return {u: (name or email.split("@")[0]) for u, name, email in rows}


def thread_view(membership: Membership, target: Target, *, now: dt.datetime | None = None) -> ThreadView:
    now = now or timezone.now()
    slug = str(membership.workspace.slug)
    thread = access.find_thread(target)
    rows = visible_comments(membership, thread) if thread is not None else []
    names = names_of((u for c in rows for u in mentions.mentioned_ids(c.body)), target.workspace_id)
    window = edit_window()
    views = [CommentView(
        uuid=c.uuid, author=c.author.display_name if c.author else "",
        author_uuid=c.author.uuid if c.author else None,
        created_at=c.created_at, edited_at=c.edited_at, internal=c.internal, html=render_body(c.body, names),
        body=c.body,
        can_edit=mentions.may_edit(is_author=c.author_id == membership.user_id, created_at=c.created_at, now=now,
                                   window=window) is None,
        edit_url=reverse("comments:comment-edit", args=[slug, c.uuid])) for c in rows]
    url = target.thread_url(slug)
    return ThreadView(
        target=target, thread=thread, comments=views, url=url, people_url=url + "people/",
        resolve_url=reverse("comments:thread-resolve", args=[slug, thread.uuid]) if thread is not None else "",
        can_comment=True, can_internal=not membership.is_client and target.client_visible,
        can_resolve=membership.can("comments.resolve") and thread is not None)


def thread_context(request: HttpRequest, membership: Membership, target_kind: str, target: Any) -> dict[str, Any]:
    """What ``comments/_thread.html`` needs, for a page that shows an object: ``target`` is the object (a task,
    a post, a KPI, the engagement; for ``"plan_section"`` the pair (engagement, section key)) or an
    ``access.Target``. Raises 404 when the member may not see it."""
    resolved = target if isinstance(target, Target) else access.target_of(membership, target_kind, target)
    return {"comments_thread": thread_view(membership, resolved)}


def mentionable(membership: Membership, target: Target, *, internal: bool = False, query: str = "",
                limit: int = 8) -> list[Reader]:
    """The people this member may mention in a comment on the target (who may read it), matching ``query``
    (the start of a word of the name), the member themself left out."""
    wanted = query.casefold().strip()
    out = []
    for r in access.readers(target, internal=internal):
        if r.user_id == membership.user_id:
            continue
        if wanted and not any(w.startswith(wanted) for w in r.name.casefold().split()) \
                and not r.name.casefold().startswith(wanted):
            continue
        out.append(r)
    return out[:limit]


def comment_counts(membership: Membership, kind: str, target_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Comments per target of one kind (internal ones left out for client users), in one query."""
    from django.db.models import Count, Q

    only = Q() if not membership.is_client else Q(comments__internal=False)
    rows = (Thread.objects.filter(workspace_id=membership.workspace_id, target_kind=kind, target_id__in=list(target_ids))
            .annotate(n=Count("comments", filter=only)).values_list("target_id", "n"))
    return dict(rows)


__all__ = ["CommentView", "ThreadView", "comment_counts", "dom_id", "edit_window", "excerpt", "mentionable", "names_of",
           "render_body", "thread_context", "thread_view", "visible_comments"]
