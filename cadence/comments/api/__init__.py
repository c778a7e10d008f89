"""Comment threads in the JSON API, mounted by the central API through ``CommentsConfig.api_router``: a
thread with its comments (read), a new comment, a comment changed by its author within the edit window, and a
thread resolved or reopened (the team). The same rules as the pages: the target is resolved for the caller
(``access.TARGETS``; 404 when they may not see it), client users never get an internal comment, and a mention
of someone who may not read the comment is refused (400, ``mention_not_reader``).

A thread is named by its target: ``threads/{kind}/{id}`` (``engagement``: the engagement's ideas, ``task``,
``post``, ``kpi``; the object's id) or ``threads/plan_section/{engagement id}/{section}``. Its ``id`` is
``null`` until the first comment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import MEMBER, READ_ERRORS, WRITE_ERRORS, Router, capability, declare
from cadence.api.schemas import In
from cadence.comments import access, queries, services
from cadence.comments.access import Target
from cadence.comments.domain import mentions
from cadence.core import validation as v
from cadence.http import ApiRequest

router = Router(tags=["comments"])
W = "/workspaces/{workspace}"
T = W + "/threads/{target_kind}/{uuid:target}"
P = W + "/threads/plan_section/{uuid:target}/{section}"

KindIn = Literal["engagement", "task", "post", "kpi"]
SectionIn = Literal["situation", "objectives", "strategy", "tactics", "action", "control"]
Body = Annotated[str, Field(min_length=1, max_length=mentions.BODY_MAX, pattern=v.REASON_PATTERN,
                            description="Markdown. A mention is written @[Name](user id).")]


class AuthorOut(Schema):
    id: UUID | None
    name: str


class CommentOut(Schema):
    id: UUID
    author: AuthorOut
    body: str = Field(..., description="The Markdown as written.")
    html: str = Field(..., description="The Markdown rendered and sanitised, mentions as span.mention.")
    internal: bool = Field(..., description="Team only (client users never get these).")
    mentions: list[UUID] = Field(..., description="The ids of the people mentioned.")
    created_at: dt.datetime
    edited_at: dt.datetime | None
    editable: bool = Field(..., description="The caller may still change it (its author, in the edit window).")


class ThreadOut(Schema):
    id: UUID | None = Field(..., description="null until the first comment.")
    target: str
    target_id: UUID
    section: str = Field(..., description="The plan section (plan_section threads), else empty.")
    title: str
    url: str = Field(..., description="The path of the object's page.")
    resolved: bool
    resolved_at: dt.datetime | None
    comments: list[CommentOut]


class CommentIn(In):
    body: Body
    internal: bool = Field(False, description="Team only: the client's people never see it.")


class CommentPatch(In):
    body: Body


class ResolveIn(In):
    resolved: bool = True


def _comment(c: queries.CommentView) -> dict[str, Any]:
    return {"id": c.uuid, "author": {"id": c.author_uuid, "name": c.author}, "body": c.body, "html": str(c.html),
            "internal": c.internal, "mentions": mentions.mentioned_ids(c.body), "created_at": c.created_at,
            "edited_at": c.edited_at, "editable": c.can_edit}


def _thread(request: ApiRequest, target: Target) -> dict[str, Any]:
    view = queries.thread_view(request.membership, target)
    thread = view.thread
    return {"id": thread.uuid if thread else None, "target": target.kind, "target_id": target.target_id,
            "section": target.key, "title": target.title, "url": target.url, "resolved": view.resolved,
            "resolved_at": thread.resolved_at if thread else None, "comments": [_comment(c) for c in view.comments]}


def _add(request: ApiRequest, target: Target, payload: CommentIn) -> Status[dict[str, Any]]:
    comment = services.add_comment(actor=request.auth, membership=request.membership, target=target,
                                   body=payload.body, internal=payload.internal)
    view = queries.thread_view(request.membership, target)
    return Status(201, _comment(next(c for c in view.comments if c.uuid == comment.uuid)))


@router.get(T, response={200: ThreadOut, **READ_ERRORS}, summary="A thread with the comments the caller may read",
            openapi_extra=declare(MEMBER))
def thread_get(request: ApiRequest, workspace: WorkspaceSlug, target_kind: KindIn, target: UUID) -> dict[str, Any]:
    return _thread(request, access.resolve(request.membership, target_kind, target))


@router.post(T + "/comments", response={201: CommentOut, **WRITE_ERRORS},
             summary="Add a comment (the thread is made on first use; a resolved one opens again)",
             openapi_extra=declare(MEMBER))
def comment_create(request: ApiRequest, workspace: WorkspaceSlug, target_kind: KindIn, target: UUID,
                   payload: CommentIn) -> Status[dict[str, Any]]:
    return _add(request, access.resolve(request.membership, target_kind, target), payload)


@router.get(P, response={200: ThreadOut, **READ_ERRORS}, summary="A plan section's thread",
            openapi_extra=declare(MEMBER))
def section_thread_get(request: ApiRequest, workspace: WorkspaceSlug, target: UUID,
                       section: SectionIn) -> dict[str, Any]:
    return _thread(request, access.resolve(request.membership, "plan_section", target, section))


@router.post(P + "/comments", response={201: CommentOut, **WRITE_ERRORS}, summary="Comment on a plan section",
             openapi_extra=declare(MEMBER))
def section_comment_create(request: ApiRequest, workspace: WorkspaceSlug, target: UUID, section: SectionIn,
                           payload: CommentIn) -> Status[dict[str, Any]]:
    return _add(request, access.resolve(request.membership, "plan_section", target, section), payload)


@router.patch(W + "/comments/{uuid:comment}", response={200: CommentOut, **WRITE_ERRORS},
              summary="Change a comment (its author, within the edit window)", openapi_extra=declare(MEMBER))
def comment_update(request: ApiRequest, workspace: WorkspaceSlug, comment: UUID,
                   payload: CommentPatch) -> dict[str, Any]:
    row, target = access.get_comment(request.membership, comment)
    services.edit_comment(actor=request.auth, membership=request.membership, comment=row, target=target,
                          body=payload.body)
    view = queries.thread_view(request.membership, target)
    return _comment(next(c for c in view.comments if c.uuid == row.uuid))


@router.post(W + "/threads/{uuid:thread}/resolve", response={200: ThreadOut, **WRITE_ERRORS},
             summary="Resolve a thread, or open it again (resolved: false)",
             openapi_extra=declare(capability("comments.resolve")))
def thread_resolve(request: ApiRequest, workspace: WorkspaceSlug, thread: UUID, payload: ResolveIn) -> dict[str, Any]:
    row, target = access.get_thread(request.membership, thread)
    services.set_resolved(actor=request.auth, membership=request.membership, thread=row, target=target,
                          resolved=payload.resolved)
    return _thread(request, target)
