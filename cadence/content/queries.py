"""Read models of the content calendar's screens: the month grid, the week, the list, a post's page with
its preview per network, and the client approver's inbox. One query shape per screen; the number of
queries does not grow with the number of posts (``tests/content/test_queries.py``).

Client users see posts from ``in_review`` onward (never ideas or drafts) and no internal fields (the
author, paid-promotion notes); the team sees everything. Times are shown in the engagement's time zone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse

from cadence import tenancy
from cadence.content import access
from cadence.content.domain import workflow
from cadence.content.domain.channels import LIMITS, Channel, Format, Status
from cadence.content.domain.slots import Slot, Target, empty_slots
from cadence.content.models import (
    ChannelChoice,
    ContentSettings,
    FormatChoice,
    FrequencyPlan,
    Post,
    PostMedia,
    PostReview,
    StatusChoice,
)
from cadence.core import clock, registry
from cadence.core.models import Membership

Engagement = Any  # cadence.engagements' model: apps meet through access, queries and services only

# What a client user may see: the statuses from "in review" on (the workflow's rule).
CLIENT_STATUSES = access.CLIENT_STATUSES
STATUS_ORDER = [s.value for s in Status]
# A short mark per network for the chips (no images of the networks' logos).
CHANNEL_MARKS = {
    Channel.INSTAGRAM: "IG", Channel.FACEBOOK: "FB", Channel.TIKTOK: "TT", Channel.LINKEDIN: "in",
    Channel.YOUTUBE: "YT", Channel.X: "X", Channel.TELEGRAM: "TG", Channel.PINTEREST: "P",
    Channel.NEWSLETTER: "@", Channel.BLOG: "B",
}
SORTS = {"date": ("publish_at", "id"), "-date": ("-publish_at", "-id")}


def tz_of(engagement: Engagement) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(str(engagement.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_time(engagement: Engagement, moment: dt.datetime | None) -> dt.datetime | None:
    """The wall-clock time in the engagement's time zone, naive: templates show it as it is (Django's
    ``date`` filter would move an aware one to the reader's time zone)."""
    return moment.astimezone(tz_of(engagement)).replace(tzinfo=None) if moment is not None else None


def aware(engagement: Engagement, day: dt.date, time: dt.time) -> dt.datetime:
    """A date and a wall-clock time in the engagement's time zone, as an aware datetime in UTC."""
    return dt.datetime.combine(day, time, tzinfo=tz_of(engagement)).astimezone(dt.UTC)


def today(engagement: Engagement) -> dt.date:
    return clock.today_in(str(engagement.time_zone))


# --- filters ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    channel: str = ""
    status: str = ""
    objective: str = ""

    def query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in (("channel", self.channel), ("status", self.status),
                                            ("objective", self.objective)) if v})

    @property
    def active(self) -> bool:
        return bool(self.channel or self.status or self.objective)


def parse_filters(params: Mapping[str, Any], *, objectives: Mapping[str, str] | None = None,
                  client: bool = False) -> Filters:
    """The filters of a GET request; an unknown value is ignored (no filter), never an error."""
    channel = str(params.get("channel") or "")
    status = str(params.get("status") or "")
    objective = str(params.get("objective") or "")
    if channel not in ChannelChoice.values:
        channel = ""
    if status not in (CLIENT_STATUSES if client else StatusChoice.values):
        status = ""
    if objectives is None or objective not in objectives:
        objective = ""
    return Filters(channel, status, objective)


def parse_month(value: Any, default: dt.date) -> dt.date:
    """``2026-11`` -> 1 November 2026; anything else (or a year out of range) -> ``default``'s month."""
    try:
        year, month = (int(part) for part in str(value).split("-"))
        if 1900 <= year <= 2999:
            return dt.date(year, month, 1)
    except (TypeError, ValueError):
        pass
    return default.replace(day=1)


def parse_day(value: Any, default: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(value))
        if 1900 <= day.year <= 2999:
            return day
    except (TypeError, ValueError):
        pass
    return default


# --- posts a member may see ------------------------------------------------------------------------

def is_client(membership: Membership) -> bool:
    return bool(membership.is_client)


def visible_posts(membership: Membership, engagement: Engagement) -> QuerySet[Post]:
    """The engagement's posts the member may see (``access.visible_posts``: client users from review on)."""
    return access.visible_posts(membership, engagement)


def client_may_see(post: Post) -> bool:
    return post.status in CLIENT_STATUSES


def _filtered(qs: QuerySet[Post], filters: Filters) -> QuerySet[Post]:
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.objective:
        qs = qs.filter(objective_uid=tenancy.public_id(filters.objective))
    return qs


@dataclass(frozen=True)
class Chip:
    """A post as the calendar shows it."""

    uuid: str
    channel: str
    channel_label: str
    mark: str
    format_label: str
    status: str
    status_label: str
    time: str  # HH:MM in the engagement's time zone ("" for a post without a date)
    title: str
    url: str
    paid: bool


def post_url(workspace_slug: str, engagement: Engagement, post: Post) -> str:
    return reverse("content:post-detail", args=[workspace_slug, engagement.uuid, post.uuid])


def chip(workspace_slug: str, engagement: Engagement, post: Post) -> Chip:
    local = local_time(engagement, post.publish_at)
    return Chip(uuid=str(post.uuid), channel=post.channel, channel_label=str(ChannelChoice(post.channel).label)
                if post.channel in ChannelChoice.values else post.channel,
                mark=CHANNEL_MARKS.get(Channel(post.channel), "·") if post.channel in ChannelChoice.values else "·",
                format_label=str(FormatChoice(post.format).label) if post.format in FormatChoice.values else "",
                status=post.status, status_label=str(StatusChoice(post.status).label)
                if post.status in StatusChoice.values else post.status,
                time=local.strftime("%H:%M") if local else "", title=str(post)[:80],
                url=post_url(workspace_slug, engagement, post), paid=post.paid)


# --- month and week --------------------------------------------------------------------------------

@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    posts: list[Chip] = field(default_factory=list)
    slots: list[tuple[str, str]] = field(default_factory=list)  # (channel, label)


@dataclass
class MonthGrid:
    month: dt.date
    previous: dt.date
    next: dt.date
    weeks: list[list[Day]]
    unscheduled: list[Chip]
    count: int
    slots: int


def _grid_days(month: dt.date) -> list[dt.date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    start = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _posts_between(membership: Membership, engagement: Engagement, start: dt.date, end: dt.date) -> list[Post]:
    """The member's visible posts from ``start`` to ``end`` (inclusive, local days), one query."""
    since = aware(engagement, start, dt.time())
    until = aware(engagement, end + dt.timedelta(days=1), dt.time())
    return list(visible_posts(membership, engagement).filter(publish_at__gte=since, publish_at__lt=until)
                .order_by("publish_at", "id"))


def frequency_targets(engagement: Engagement) -> dict[str, Target]:
    return {row.channel: Target(row.per_week, tuple(int(d) for d in row.weekdays or [] if isinstance(d, int)))
            for row in FrequencyPlan.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)}


def _matches(post: Post, filters: Filters) -> bool:
    return ((not filters.channel or post.channel == filters.channel)
            and (not filters.status or post.status == filters.status)
            and (not filters.objective or str(post.objective_uid or "") == filters.objective))


def _slots(membership: Membership, engagement: Engagement, days: Sequence[dt.date], posts: Sequence[Post],
           filters: Filters) -> list[Slot]:
    """The frequency plan's empty slots (the team's only: client users do not plan posts)."""
    if is_client(membership):
        return []
    targets = frequency_targets(engagement)
    if filters.channel:
        targets = {k: v for k, v in targets.items() if k == filters.channel}
    if not targets:
        return []
    posted: dict[str, set[dt.date]] = defaultdict(set)
    for post in posts:
        local = local_time(engagement, post.publish_at)
        if local is not None:
            posted[post.channel].add(local.date())
    return empty_slots(targets, days, posted, not_before=today(engagement))


def month_grid(membership: Membership, engagement: Engagement, month: dt.date, filters: Filters) -> MonthGrid:
    """Weeks x 7 days (Monday first) around ``month`` in the engagement's time zone: each day's posts (the
    filters applied) and the frequency plan's empty slots; the team also gets the posts with no date."""
    slug = membership.workspace.slug
    days = _grid_days(month)
    posts = _posts_between(membership, engagement, days[0], days[-1])
    now = today(engagement)
    by_day: dict[dt.date, Day] = {d: Day(d, d.month == month.month, d == now) for d in days}
    shown = 0
    for post in posts:
        local = local_time(engagement, post.publish_at)
        if local is None or local.date() not in by_day or not _matches(post, filters):
            continue
        by_day[local.date()].posts.append(chip(slug, engagement, post))
        shown += 1
    slots = _slots(membership, engagement, days, posts, filters)
    for slot in slots:
        by_day[slot.day].slots.append((slot.channel, str(ChannelChoice(slot.channel).label)))
    unscheduled: list[Chip] = []
    if not is_client(membership):
        undated = _filtered(visible_posts(membership, engagement).filter(publish_at__isnull=True), filters)
        unscheduled = [chip(slug, engagement, p) for p in undated.order_by("created_at", "id")[:50]]
    previous = (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    weeks = [[by_day[d] for d in days[i:i + 7]] for i in range(0, len(days), 7)]
    return MonthGrid(month.replace(day=1), previous, following, weeks, unscheduled, shown, len(slots))


@dataclass
class WeekView:
    monday: dt.date
    previous: dt.date
    next: dt.date
    days: list[Day]
    count: int


def week_view(membership: Membership, engagement: Engagement, day: dt.date, filters: Filters) -> WeekView:
    """The 7 days (Monday to Sunday) around ``day``, each with its posts by time and its empty slots."""
    slug = membership.workspace.slug
    monday = day - dt.timedelta(days=day.weekday())
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    posts = _posts_between(membership, engagement, days[0], days[-1])
    now = today(engagement)
    by_day = {d: Day(d, True, d == now) for d in days}
    shown = 0
    for post in posts:
        local = local_time(engagement, post.publish_at)
        if local is None or local.date() not in by_day or not _matches(post, filters):
            continue
        by_day[local.date()].posts.append(chip(slug, engagement, post))
        shown += 1
    for slot in _slots(membership, engagement, days, posts, filters):
        by_day[slot.day].slots.append((slot.channel, str(ChannelChoice(slot.channel).label)))
    return WeekView(monday, monday - dt.timedelta(days=7), monday + dt.timedelta(days=7), list(by_day.values()),
                    shown)


# --- list ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListRow:
    chip: Chip
    when: dt.datetime | None  # local
    assignee: str  # "" for client users
    objective: str


def list_posts(membership: Membership, engagement: Engagement, filters: Filters, sort: str) -> QuerySet[Post]:
    """The list view's posts (filtered, sorted by date; posts without a date last); paginated by the view."""
    order = SORTS.get(sort, SORTS["date"])
    qs = _filtered(visible_posts(membership, engagement), filters).select_related("assignee")
    if order[0].startswith("-"):
        return qs.order_by(F("publish_at").desc(nulls_last=True), "-id")
    return qs.order_by(F("publish_at").asc(nulls_last=True), "id")


def list_rows(membership: Membership, engagement: Engagement, posts: Sequence[Post],
              objectives: Mapping[str, str]) -> list[ListRow]:
    slug = membership.workspace.slug
    client = is_client(membership)
    return [ListRow(chip(slug, engagement, p), local_time(engagement, p.publish_at),
                    "" if client or p.assignee is None else str(p.assignee.display_name),
                    objectives.get(str(p.objective_uid or ""), "")) for p in posts]


# --- a post ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MediaRow:
    uuid: str
    name: str
    is_image: bool
    is_video: bool
    preview_url: str | None
    url: str


@dataclass(frozen=True)
class ReviewRow:
    decision: str
    decision_label: str
    comment: str
    reviewer: str
    revision: int
    at: dt.datetime


@dataclass
class Preview:
    """What a network's card shows: the author line, the caption (cut where the network cuts it), the
    hashtags, the media and the link."""

    channel: str
    channel_label: str
    format: str
    format_label: str
    account: str
    caption: str
    caption_short: str
    truncated: bool
    hashtags: list[str]
    media: list[MediaRow]
    link: str
    title: str
    when: dt.datetime | None


# Where each network cuts a caption in the feed behind a "… more" (characters).
FOLD = {Channel.INSTAGRAM: 125, Channel.FACEBOOK: 480, Channel.LINKEDIN: 210, Channel.TIKTOK: 100,
        Channel.YOUTUBE: 160, Channel.PINTEREST: 100, Channel.X: 280, Channel.TELEGRAM: 1024,
        Channel.NEWSLETTER: 400, Channel.BLOG: 300}


@dataclass
class PostDetail:
    post: Post
    chip: Chip
    preview: Preview
    reviews: list[ReviewRow]
    when: dt.datetime | None
    objective: str
    initiative: str
    phase: str
    assignee: str
    approval_required: bool
    approved_current: bool


def media_rows(post: Post) -> list[MediaRow]:
    from cadence.files import queries as files_queries

    items = list(PostMedia.objects.filter(workspace_id=post.workspace_id, post=post).select_related("file")
                 .order_by("position", "id"))
    rows = files_queries.file_rows([m.file for m in items])
    return [MediaRow(str(r.uuid), r.name, r.is_image, r.content_type.startswith("video/"), r.preview_url, r.url)
            for r in rows]


def link_url(post: Post) -> str:
    return str(post.link.url) if post.link is not None else ""


def preview(engagement: Engagement, post: Post, media: list[MediaRow]) -> Preview:
    channel = Channel(post.channel) if post.channel in ChannelChoice.values else Channel.BLOG
    fold = FOLD.get(channel, 200)
    caption = post.caption or ""
    truncated = len(caption) > fold
    short = (caption[:fold].rstrip() + "…") if truncated else caption
    return Preview(channel=channel.value, channel_label=str(ChannelChoice(channel.value).label),
                   format=post.format, format_label=str(FormatChoice(post.format).label)
                   if post.format in FormatChoice.values else post.format,
                   account=str(engagement.client.name), caption=caption, caption_short=short, truncated=truncated,
                   hashtags=[str(h) for h in (post.hashtags or [])], media=media, link=link_url(post),
                   title=post.title, when=local_time(engagement, post.publish_at))


def reviews(engagement: Engagement, post: Post) -> list[ReviewRow]:
    rows = PostReview.objects.filter(workspace_id=post.workspace_id, post=post).select_related("reviewer")
    return [ReviewRow(r.decision, str(r.get_decision_display()), r.comment,
                      r.reviewer.display_name if r.reviewer is not None else "", r.revision,
                      local_time(engagement, r.created_at) or r.created_at)
            for r in rows.order_by("created_at", "id")]


def approval_required(engagement: Engagement) -> bool:
    row = ContentSettings.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).first()
    return True if row is None else bool(row.approval_required)


def post_detail(membership: Membership, engagement: Engagement, post: Post,
                objectives: Mapping[str, str] | None = None) -> PostDetail:
    client = is_client(membership)
    media = media_rows(post)
    phase = ""
    if post.phase is not None:
        from cadence.engagements import queries as engagement_queries

        phase = engagement_queries.display_name(post.phase, fallback=engagement.language)
    return PostDetail(
        post=post, chip=chip(membership.workspace.slug, engagement, post), preview=preview(engagement, post, media),
        reviews=reviews(engagement, post), when=local_time(engagement, post.publish_at),
        objective=(objectives or {}).get(str(post.objective_uid or ""), ""),
        initiative=post.initiative.title if post.initiative is not None else "", phase=phase,
        assignee="" if client or post.assignee is None else str(post.assignee.display_name),
        approval_required=approval_required(engagement),
        approved_current=post.approved_revision is not None and post.approved_revision == post.revision,
    )


def next_moves(post: Post, *, approval_required: bool, can_manage: bool) -> list[str]:
    """The statuses the post's page offers as buttons: the moves the workflow allows (``set_status``),
    forward first; approval is the decision's own buttons. The service still decides (gate, readiness)."""
    try:
        src = Status(post.status)
    except ValueError:
        return []
    approved_current = post.approved_revision is not None and post.approved_revision == post.revision
    order = [Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED, Status.DRAFT, Status.IDEA]
    moves: list[str] = []
    for dst in order:
        if dst is src or (dst is Status.PUBLISHED and src is not Status.SCHEDULED):
            continue
        if src is Status.PUBLISHED and dst is Status.SCHEDULED and not can_manage:
            continue
        try:
            workflow.check_move(src, dst, approval_required=approval_required, approved_current=approved_current,
                                can_manage=can_manage)
        except workflow.MoveRefused:
            continue
        if dst is Status.IN_REVIEW and src in (Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED):
            continue  # an approved post goes back to review by an edit, not a button
        moves.append(dst.value)
    return moves


def may_decide(membership: Membership, engagement: Engagement, approval_required: bool) -> bool:
    """Whether the member approves or sends back this engagement's posts (the client's approver when the
    client's approval is required, otherwise an owner or a manager)."""
    client = engagement.client
    return workflow.may_approve(
        approval_required=approval_required,
        client_approver=bool(membership.is_client) and tenancy.can(membership, "content.approve", client=client),
        can_manage=tenancy.can(membership, "content.manage", client=client))


# --- the approvals inbox ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WaitingRow:
    chip: Chip
    engagement_name: str
    client_name: str
    engagement_uuid: str
    when: dt.datetime | None
    since: dt.datetime
    waiting_days: int


def approvals_inbox(membership: Membership) -> list[WaitingRow]:
    """The posts waiting for this member's decision, oldest first: for a client approver, the posts in
    review of their clients' engagements that need the client's approval; for a member with
    ``content.manage``, those of engagements where the client's approval is not required."""
    from cadence.core.models import ClientAccess, ClientRole

    ws = membership.workspace
    qs = Post.objects.filter(workspace=ws, status=Status.IN_REVIEW).select_related("engagement",
                                                                                    "engagement__client")
    required = ContentSettings.objects.filter(workspace=ws, approval_required=False).values("engagement_id")
    if is_client(membership):
        clients = ClientAccess.objects.filter(membership=membership, role=ClientRole.APPROVER).values("client_id")
        if "content.approve" not in registry.client_role_capabilities(ClientRole.APPROVER):
            return []
        qs = qs.filter(engagement__client_id__in=clients).exclude(engagement_id__in=required)
    elif tenancy.can(membership, "content.manage"):
        qs = qs.filter(engagement_id__in=required)
    else:
        return []
    now = clock.now()
    rows = []
    for post in qs.order_by("updated_at", "id")[:200]:
        eng = post.engagement
        rows.append(WaitingRow(chip(ws.slug, eng, post), str(eng.name), str(eng.client.name), str(eng.uuid),
                               local_time(eng, post.publish_at), local_time(eng, post.updated_at) or post.updated_at,
                               max(0, (now - post.updated_at).days)))
    return rows


@dataclass(frozen=True)
class ClientWaitingRow(WaitingRow):
    """A post of the client's inbox, with the revision its decision is about (``approve(expected_revision=)``)."""

    revision: int
    waiting_since: dt.datetime  # aware (``since`` is the engagement's local time, for display)


def waiting_for_client(workspace_slug: str, engagement_ids: Iterable[int]) -> list[ClientWaitingRow]:
    """The posts in review of these engagements that wait for their client's approval (the engagement's setting
    requires it), oldest first, whoever reads them (the client portal's inbox: the approver decides, the viewer
    reads). One query, whatever the number of engagements."""
    ids = list(engagement_ids)
    if not ids:
        return []
    not_required = ContentSettings.objects.filter(engagement_id__in=ids, approval_required=False).values(
        "engagement_id")
    qs = (Post.objects.filter(engagement_id__in=ids, status=Status.IN_REVIEW).exclude(engagement_id__in=not_required)
          .select_related("engagement", "engagement__client").order_by("updated_at", "id"))
    now = clock.now()
    rows = []
    for post in qs[:200]:
        eng = post.engagement
        rows.append(ClientWaitingRow(chip(workspace_slug, eng, post), str(eng.name), str(eng.client.name),
                                     str(eng.uuid), local_time(eng, post.publish_at),
                                     local_time(eng, post.updated_at) or post.updated_at,
                                     max(0, (now - post.updated_at).days), post.revision,
                                     post.updated_at))
    return rows


def posts_waiting_for_approval(engagement: Engagement) -> list[Post]:
    """An engagement's posts in review (waiting for an approval), oldest first (the meetings' agenda offers
    them)."""
    return list(Post.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement,
                                    status=Status.IN_REVIEW).order_by("updated_at", "id")[:100])


# --- the form's choices --------------------------------------------------------------------------

def channel_formats() -> dict[str, list[str]]:
    """channel -> its formats (for the form's format select and content.js)."""
    order = [f.value for f in Format]
    return {c.value: sorted((f.value for f in LIMITS[c].formats), key=order.index) for c in Channel}


def link_choices(engagement: Engagement) -> list[tuple[str, str]]:
    """The engagement's UTM links (the links library), newest first."""
    model: Any = Post._meta.get_field("link").related_model  # the links app's model, read through its manager
    rows = model.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).order_by("-id")
    out = []
    for row in rows:
        out.append((str(row.uuid), f"{row.name or row.campaign} · {row.source}/{row.medium}"))
    return out


def initiative_choices(engagement: Engagement) -> list[tuple[str, str]]:
    """The engagement's roadmap initiatives (by start)."""
    model: Any = Post._meta.get_field("initiative").related_model  # the board's, read through its manager
    rows = model.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).order_by("start", "id")
    return [(str(row.uuid), str(row.title)) for row in rows]


def objective_titles(engagement: Engagement, *, live: bool = True) -> dict[str, str]:
    """The objectives of the engagement's marketing plan a post may serve (uuid -> title): those of the
    approved version and, for the team (``live``), the draft's (``plans.queries.objective_titles``)."""
    from cadence.plans import queries as plan_queries

    return plan_queries.objective_titles(engagement, live=live)


def frequency_rows(engagement: Engagement) -> dict[str, FrequencyPlan]:
    return {row.channel: row for row in FrequencyPlan.objects.filter(workspace_id=engagement.workspace_id,
                                                                     engagement=engagement)}


def settings_of(engagement: Engagement) -> ContentSettings | None:
    return ContentSettings.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).first()


@dataclass(frozen=True)
class ChannelCount:
    """Posts published on one channel in a period, beside what the posting-frequency plan asks for."""

    channel: str
    label: str
    published: int
    planned: int | None  # from the frequency plan (per week x the period's weeks); None without a plan


def published_by_channel(engagement: Engagement, *, first: dt.date, last: dt.date) -> list[ChannelCount]:
    """Posts published from ``first`` to ``last`` (days in the engagement's time zone) per channel, for the
    monthly report: one query for the posts, one for the frequency plan."""
    start, end = aware(engagement, first, dt.time.min), aware(engagement, last + dt.timedelta(days=1), dt.time.min)
    counts: dict[str, int] = defaultdict(int)
    rows = (Post.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement,
                                status=StatusChoice.PUBLISHED, publish_at__gte=start, publish_at__lt=end)
            .values_list("channel", flat=True))
    for channel in rows:
        counts[channel] += 1
    plans = frequency_rows(engagement)
    days = (last - first).days + 1
    labels = dict(ChannelChoice.choices)
    out = []
    for channel in [c for c in ChannelChoice.values if c in counts or c in plans]:
        plan = plans.get(channel)
        planned = round(plan.per_week * days / 7) if plan is not None else None
        out.append(ChannelCount(channel, str(labels.get(channel, channel)), counts.get(channel, 0), planned))
    return out


__all__ = [
    "CLIENT_STATUSES", "Chip", "Day", "Filters", "MonthGrid", "PostDetail", "WaitingRow", "WeekView",
    "ChannelCount", "ClientWaitingRow", "approvals_inbox", "waiting_for_client", "published_by_channel", "aware", "client_may_see", "list_posts", "list_rows", "local_time", "month_grid",
    "may_decide", "next_moves", "parse_day", "parse_filters", "parse_month", "post_detail", "visible_posts", "week_view",
]


# --- many engagements at once (the agency overview) ----------------------------------------------------

@dataclass(frozen=True)
class PostsWaiting:
    count: int
    since: dt.datetime  # the longest-waiting post's last change (as the approvals inbox counts it)


def posts_waiting(engagement_ids: Iterable[int]) -> dict[int, PostsWaiting]:
    """Engagement pk -> its posts in review that wait for the client's approval (the engagement requires it,
    as ``approvals_inbox`` reads it for client approvers); engagements with none are left out. Two queries."""
    ids = list(engagement_ids)
    not_required = ContentSettings.objects.filter(engagement_id__in=ids, approval_required=False).values(
        "engagement_id")
    rows = (Post.objects.filter(engagement_id__in=ids, status=Status.IN_REVIEW)
            .exclude(engagement_id__in=not_required).values_list("engagement_id", "updated_at"))
    counts: dict[int, int] = defaultdict(int)
    oldest: dict[int, dt.datetime] = {}
    for engagement_id, updated in rows:
        counts[engagement_id] += 1
        if engagement_id not in oldest or updated < oldest[engagement_id]:
            oldest[engagement_id] = updated
    return {pk: PostsWaiting(n, oldest[pk]) for pk, n in counts.items()}
