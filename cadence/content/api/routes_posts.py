"""The content calendar's posts in the API: the list (filters channel, status, objective, from/to dates), create,
read, change (with the revision), delete, the status move, the client's approval and request for changes, the
calendar's settings and the posting-frequency plan. The same permissions as the screens: ``content.view`` reads
(the team, and the client's approver and viewer, who see posts from review on and no internal fields),
``content.edit`` writes posts, ``content.manage`` the settings and the plan; ``content.decide`` (the client's
approver, owners and managers) the decisions, which the engagement's setting gives to the client's approver or,
when the client need not approve, to owners and managers (the other is refused with 400 ``not_decider``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, overload
from uuid import UUID

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from cadence import tenancy
from cadence.api.params import Pagination, WorkspaceSlug
from cadence.api.routers import (
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
    unknown,
)
from cadence.api.schemas import Date
from cadence.content import access, services
from cadence.content.api.schemas import (
    CalendarSettingsIn,
    CalendarSettingsOut,
    ChangesIn,
    ChannelKey,
    DecisionIn,
    FrequencyIn,
    FrequencyOut,
    PostDetailOut,
    PostIn,
    PostOut,
    PostPatch,
    StatusIn,
    StatusKey,
)
from cadence.content.domain import captions
from cadence.content.domain.channels import LIMITS, Channel
from cadence.content.models import (
    ChannelChoice,
    FormatChoice,
    FrequencyPlan,
    Post,
    PostMedia,
    PostReview,
    StatusChoice,
)
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.files import queries as file_queries
from cadence.http import ApiRequest

router = Router(tags=["content"])
VIEW = declare(client_capability("content.view", via="engagement"))
EDIT = declare(capability("content.edit"))
DECIDE = declare(client_capability("content.decide", via="engagement"))
MANAGE = declare(capability("content.manage"))
E = "/workspaces/{workspace}/engagements/{uuid:engagement}"
P = E + "/posts/{uuid:post}"


class PostFilters(Schema):
    channel: ChannelKey | None = None
    status: StatusKey | None = None
    objective: UUID | None = None
    start: Annotated[Date | None, Query(alias="from")] = None
    end: Annotated[Date | None, Query(alias="to")] = None


def _context(request: ApiRequest, engagement: UUID) -> tuple[Membership, Any]:
    membership: Membership = request.membership
    return membership, get_engagement(membership, engagement)


def _post(membership: Membership, engagement: Any, uuid: UUID) -> Post:
    return access.get_visible_post(membership, engagement, uuid)


def _with_media(qs: QuerySet[Post]) -> QuerySet[Post]:
    return qs.prefetch_related(Prefetch("media", queryset=PostMedia.objects.select_related(
        "file", "file__workspace", "file__engagement").order_by("position", "id")))


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _out(membership: Membership, engagement: Any, post: Post) -> dict[str, Any]:
    team = access.sees_drafts(membership)
    files = [m.file for m in post.media.all()]
    text = captions.compose(post.caption, list(post.hashtags))
    try:
        limit = captions.caption_limit(LIMITS[Channel(post.channel)], len(files))
    except ValueError:
        limit = None
    return {
        "id": post.uuid, "channel": post.channel, "channel_label": _label(ChannelChoice, post.channel),
        "format": post.format, "format_label": _label(FormatChoice, post.format), "title": post.title,
        "caption": post.caption, "hashtags": list(post.hashtags), "text": text, "length": len(text), "limit": limit,
        "publish_at": (post.publish_at.astimezone(services.zone_of(engagement))
                       if post.publish_at is not None else None),
        "status": post.status, "status_label": _label(StatusChoice, post.status), "revision": post.revision,
        "approved_revision": post.approved_revision,
        "approval_current": post.approved_revision is not None and post.approved_revision == post.revision,
        "link": {"id": post.link.uuid, "url": post.link.url} if post.link is not None else None,
        "objective": post.objective_uid, "initiative": post.initiative.uuid if post.initiative else None,
        "phase": post.phase.key if post.phase else None,
        "paid": post.paid if team else None,
        "assignee": post.assignee.uuid if team and post.assignee else None,
        "assignee_name": post.assignee.display_name if team and post.assignee else None,
        "media": [{"id": f.uuid, "name": f.name, "kind": f.kind, "preview_url": file_queries.preview_url(f)}
                  for f in files],
        "problems": [{"code": p.code, "message": services.problem_message(p)}
                     for p in captions.check(post.channel, post.format, post.caption, list(post.hashtags),
                                             len(files))],
    }


def _detail(membership: Membership, engagement: Any, post: Post) -> dict[str, Any]:
    # the post as the caller's write left it (a client's request for changes sends it back to draft: they still
    # get the answer to their own request; later reads of the draft are 404s for them)
    fresh = _with_media(Post.objects.filter(engagement=engagement).select_related(*access.POST_RELATED)).get(pk=post.pk)
    reviews = PostReview.objects.filter(post=fresh).select_related("reviewer").order_by("created_at", "id")
    return {**_out(membership, engagement, fresh),
            "reviews": [{"decision": r.decision, "comment": r.comment,
                         "reviewer_name": r.reviewer.display_name if r.reviewer else None, "revision": r.revision,
                         "created_at": r.created_at} for r in reviews]}


class _Rows(Sequence[dict[str, Any]]):
    """A page of posts as the API shows them (the paginator slices it; only that slice is read)."""

    def __init__(self, membership: Membership, engagement: Any, qs: QuerySet[Post]) -> None:
        self.membership, self.engagement, self.qs = membership, engagement, qs

    def __len__(self) -> int:
        return self.qs.count()

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [_out(self.membership, self.engagement, p) for p in self.qs[index]]
        return _out(self.membership, self.engagement, self.qs[index])


def _person(membership: Membership, uuid: UUID | None) -> int | None:
    if uuid is None:
        return None
    try:
        found = tenancy.get_teammate(membership, uuid)
    except Http404:
        raise unknown("assignee") from None
    if found.is_client:
        raise unknown("assignee")
    return int(found.user_id)


def _kept_phase(post: Post, given: set[str]) -> str | None:
    """The phase a change leaves in place: a paid post's phase follows a new publish time (the service finds the
    phase of the new date) unless the change names one."""
    if post.phase is None or (post.paid and "publish_at" in given):
        return None
    return str(post.phase.key)


def _local_bounds(engagement: Any, start: dt.date | None, end: dt.date | None) -> dict[str, dt.datetime]:
    zone = services.zone_of(engagement)
    bounds: dict[str, dt.datetime] = {}
    if start is not None:
        bounds["publish_at__gte"] = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    if end is not None:
        bounds["publish_at__lt"] = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return bounds


# --- posts ---------------------------------------------------------------------------------------------

@router.get(E + "/posts", response={200: list[PostOut], **READ_ERRORS},
            summary="The engagement's posts by publish time (filters: channel, status, objective, from, to)",
            openapi_extra=VIEW)
@paginate(Pagination)
def post_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
              filters: Query[PostFilters]) -> _Rows:
    """``from`` and ``to`` are days in the engagement's time zone (both included); posts without a publish time
    are listed last and left out when a date filter is given. Client users see posts from review on."""
    membership, obj = _context(request, engagement)
    qs = access.visible_posts(membership, obj)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.objective:
        qs = qs.filter(objective_uid=filters.objective)
    if filters.start and filters.end and filters.end < filters.start:
        qs = qs.none()
    qs = qs.filter(**_local_bounds(obj, filters.start, filters.end))
    return _Rows(membership, obj, _with_media(qs.order_by(F("publish_at").asc(nulls_last=True), "id")))


@router.post(E + "/posts", response={201: PostOut, **WRITE_ERRORS}, summary="Add a post (an idea or a draft)",
             openapi_extra=EDIT)
def post_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: PostIn) -> Status[Any]:
    membership, obj = _context(request, engagement)
    data = services.PostData(
        channel=payload.channel, format=payload.format, title=payload.title, caption=payload.caption,
        hashtags=list(payload.hashtags), publish_at=payload.publish_at, link_uuid=payload.link,
        objective_uid=payload.objective, initiative_uuid=payload.initiative, phase_key=payload.phase,
        paid=payload.paid, assignee_id=_person(membership, payload.assignee), media_uuids=list(payload.media),
        status=payload.status)
    post = services.create_post(actor=request.auth, membership=membership, engagement=obj, data=data)
    return Status(201, _detail(membership, obj, post))


@router.get(P, response={200: PostDetailOut, **READ_ERRORS}, summary="A post with its reviews", openapi_extra=VIEW)
def post_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, post: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    return _detail(membership, obj, _post(membership, obj, post))


@router.patch(P, response={200: PostDetailOut, **WRITE_ERRORS},
              summary="Change a post (send its revision); an approved or scheduled post goes back to review when "
                      "what the client approved changes", openapi_extra=EDIT)
def post_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, post: UUID,
                payload: PostPatch) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = _post(membership, obj, post)
    given = payload.model_fields_set - {"revision"}
    value = payload.model_dump()

    def pick(name: str, current: Any) -> Any:
        return value[name] if name in given else current

    for required in ("channel", "format", "title", "caption", "hashtags", "paid", "media"):
        if required in given and value[required] is None:
            given.discard(required)  # null means "unchanged" for the fields that cannot be empty
    media = [m.file.uuid for m in PostMedia.objects.filter(post=row).select_related("file").order_by("position",
                                                                                                     "id")]
    data = services.PostData(
        channel=pick("channel", row.channel), format=pick("format", row.format), title=pick("title", row.title),
        caption=pick("caption", row.caption), hashtags=list(pick("hashtags", row.hashtags)),
        publish_at=pick("publish_at", row.publish_at), link_uuid=pick("link", row.link.uuid if row.link else None),
        objective_uid=pick("objective", row.objective_uid),
        initiative_uuid=pick("initiative", row.initiative.uuid if row.initiative else None),
        phase_key=pick("phase", _kept_phase(row, given)),
        paid=pick("paid", row.paid),
        assignee_id=(_person(membership, value["assignee"]) if "assignee" in given else row.assignee_id),
        media_uuids=list(pick("media", media)))
    updated = services.update_post(actor=request.auth, membership=membership, post=row, data=data,
                                   expected_revision=payload.revision)
    return _detail(membership, obj, updated)


@router.delete(P, response={204: None, **WRITE_ERRORS}, summary="Delete a post (a published one: owners and managers)",
               openapi_extra=EDIT)
def post_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, post: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    services.delete_post(actor=request.auth, membership=membership, post=_post(membership, obj, post))
    return Status(204, None)


@router.post(P + "/status", response={200: PostDetailOut, **WRITE_ERRORS},
             summary="Move a post to another status (approval and changes requested have their own routes)",
             openapi_extra=EDIT)
def post_status(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, post: UUID,
                payload: StatusIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = services.set_status(actor=request.auth, membership=membership, post=_post(membership, obj, post),
                              status=payload.status)
    return _detail(membership, obj, row)


@router.post(P + "/approve", response={200: PostDetailOut, **WRITE_ERRORS},
             summary="Approve a post in review (the client's approver; a manager when the client need not approve)",
             openapi_extra=DECIDE)
def post_approve(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, post: UUID,
                 payload: DecisionIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = services.approve(actor=request.auth, membership=membership, post=_post(membership, obj, post),
                           comment=payload.comment, expected_revision=payload.revision)
    return _detail(membership, obj, row)


@router.post(P + "/request-changes", response={200: PostDetailOut, **WRITE_ERRORS},
             summary="Send a post in review back to draft with a comment (the same people as approving)",
             openapi_extra=DECIDE)
def post_request_changes(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, post: UUID,
                         payload: ChangesIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = services.request_changes(actor=request.auth, membership=membership, post=_post(membership, obj, post),
                                   comment=payload.comment, expected_revision=payload.revision)
    return _detail(membership, obj, row)


# --- settings and the frequency plan -------------------------------------------------------------------

@router.get(E + "/calendar/settings", response={200: CalendarSettingsOut, **READ_ERRORS},
            summary="The calendar's settings (whether the client approves posts)", openapi_extra=VIEW)
def settings_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    _m, obj = _context(request, engagement)
    return {"approval_required": services.get_settings(obj).approval_required}


@router.put(E + "/calendar/settings", response={200: CalendarSettingsOut, **WRITE_ERRORS},
            summary="Change the calendar's settings", openapi_extra=MANAGE)
def settings_put(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                 payload: CalendarSettingsIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    found = services.update_settings(actor=request.auth, membership=membership, engagement=obj,
                                     approval_required=payload.approval_required)
    return {"approval_required": found.approval_required}


def _plan(engagement: Any) -> dict[str, Any]:
    rows = FrequencyPlan.objects.filter(engagement=engagement).order_by("channel")
    return {"channels": [{"channel": r.channel, "per_week": r.per_week, "weekdays": list(r.weekdays)} for r in rows]}


@router.get(E + "/calendar/frequency", response={200: FrequencyOut, **READ_ERRORS},
            summary="The posting-frequency plan (posts a week per channel, preferred weekdays)", openapi_extra=VIEW)
def frequency_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    _m, obj = _context(request, engagement)
    return _plan(obj)


@router.put(E + "/calendar/frequency", response={200: FrequencyOut, **WRITE_ERRORS},
            summary="Replace the posting-frequency plan (channels left out are removed; all or nothing)",
            openapi_extra=MANAGE)
def frequency_put(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                  payload: FrequencyIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    given = [item.channel for item in payload.channels]
    if len(set(given)) != len(given):
        raise DomainError(_("Each channel can appear only once in the plan."), code="duplicate", field="channels")
    with transaction.atomic():
        for item in payload.channels:
            services.set_frequency(actor=request.auth, membership=membership, engagement=obj, channel=item.channel,
                                   per_week=item.per_week, weekdays=list(item.weekdays))
        for channel in FrequencyPlan.objects.filter(engagement=obj).exclude(channel__in=given).values_list(
                "channel", flat=True):
            services.set_frequency(actor=request.auth, membership=membership, engagement=obj, channel=channel,
                                   per_week=None, weekdays=[])
    return _plan(obj)
