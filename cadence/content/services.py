"""Writes to the content calendar: posts (create, change, move, approve, send back, delete), the engagement's
calendar settings and its posting-frequency plan.

Keyword-only ``actor`` and ``membership``; one transaction each; a ``DomainError`` with a translated message
(and ``code``/``field``) when a rule refuses; an audit entry in the engagement's history for every change.
The workflow and the networks' limits are pure rules (``domain/workflow.py``, ``domain/captions.py``); the gate
rule is the engagements app's (``engagements.services.require_gate_passed``), never a copy.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.accounts.models import User
from cadence.board import access as board_access
from cadence.content.domain import captions, workflow
from cadence.content.domain.captions import HashtagError, Problem
from cadence.content.domain.channels import Status
from cadence.content.models import (
    ChannelChoice,
    ContentSettings,
    FormatChoice,
    FrequencyPlan,
    Post,
    PostMedia,
    PostReview,
    ReviewDecision,
    StatusChoice,
)
from cadence.content.queries import objective_titles
from cadence.core import audit, clock, events, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership
from cadence.engagements import queries as engagement_queries
from cadence.engagements import services as engagement_services
from cadence.engagements.access import get_phase
from cadence.files.access import get_file

# Models of other apps, reached through this app's own relations (apps meet through access, queries and
# services only, never another app's models module).
Engagement: Any = Post._meta.get_field("engagement").related_model
UtmLink: Any = Post._meta.get_field("link").related_model

TITLE_MAX = 200
CAPTION_MAX = 63206  # the longest any network takes (Facebook); each network's own limit is checked on top
COMMENT_MAX = 5000
MEDIA_MAX = 35  # files any post may carry (TikTok's carousel); each network's own limit is checked on top
PER_WEEK_MAX = 50
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 12, 31, 23, 59, tzinfo=dt.UTC)


@dataclass(frozen=True)
class PostData:
    """What a post is made of, as the form, the API and the CSV import give it (every field; an update replaces
    them all). ``publish_at`` is aware; ``status`` only on create (idea or draft, default draft)."""

    channel: str
    format: str
    title: str = ""
    caption: str = ""
    hashtags: list[str] = field(default_factory=list)
    publish_at: dt.datetime | None = None
    link_uuid: uuid_module.UUID | None = None
    objective_uid: uuid_module.UUID | None = None
    initiative_uuid: uuid_module.UUID | None = None
    phase_key: str | None = None
    paid: bool = False
    assignee_id: int | None = None
    media_uuids: list[uuid_module.UUID] = field(default_factory=list)
    status: str | None = None


# --- messages ------------------------------------------------------------------------------------------

def _channel_label(value: Any) -> str:
    try:
        return str(ChannelChoice(value).label)
    except ValueError:
        return str(value)


def _format_label(value: Any) -> str:
    try:
        return str(FormatChoice(value).label)
    except ValueError:
        return str(value)


def problem_message(problem: Problem) -> str:
    """The translated sentence of a ``captions.check`` problem (also used by the form)."""
    p = problem.params
    channel = _channel_label(p.get("channel", ""))
    if problem.code == "format_not_allowed":
        return _("%(channel)s does not take the format “%(format)s”.") % {"channel": channel,
                                                                         "format": _format_label(p["format"])}
    if problem.code == "caption_too_long":
        return (_("The caption with its hashtags is %(length)s characters long; %(channel)s takes at most %(max)s. "
                  "Shorten it by %(over)s.")
                % {"length": p["length"], "channel": channel, "max": p["max"], "over": p["over"]})
    if problem.code == "too_many_hashtags":
        return _("%(channel)s takes at most %(max)s hashtags; this post has %(count)s.") % {
            "channel": channel, "max": p["max"], "count": p["count"]}
    if problem.code == "too_many_media":
        return _("%(channel)s takes at most %(max)s files in a post; this post has %(count)s.") % {
            "channel": channel, "max": p["max"], "count": p["count"]}
    return _("Choose one of the offered values.")


_PROBLEM_FIELDS = {"format_not_allowed": "format", "caption_too_long": "caption", "too_many_hashtags": "hashtags",
                   "too_many_media": "media", "channel_unknown": "channel"}


def hashtag_message(error: HashtagError) -> str:
    if error.code == "hashtag_too_long":
        return _("The hashtag “%(tag)s” is too long: at most %(max)s characters.") % {
            "tag": error.tag[:40], "max": captions.HASHTAG_MAX}
    return _("“%(tag)s” is not a hashtag: use letters, digits and underscores only, without spaces.") % {
        "tag": error.tag[:40]}


_MOVE_MESSAGES = {
    "same_status": lambda: _("The post already has this status."),
    "published_final": lambda: _("A published post is final; it cannot change its status."),
    "unpublish_needs_manage": lambda: _("Only an owner or a manager can take a published post back to scheduled."),
    "use_approve": lambda: _("A post is approved by approving it, not by moving it."),
    "not_approved": lambda: _("The client must approve this version of the post before it is scheduled."),
    "not_scheduled": lambda: _("Only a scheduled post can be marked as published."),
}


# --- input ---------------------------------------------------------------------------------------------

def _require(membership: Membership, capability: str, engagement: Any) -> None:
    if membership.workspace_id != engagement.workspace_id or not tenancy.can(membership, capability,
                                                                               client=engagement.client):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def _hashtags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInput(_("This value must be a list."), code="invalid_type", field="hashtags")
    if not all(isinstance(tag, str) for tag in value):
        raise InvalidInput(_("This value must be text."), code="invalid_type", field="hashtags")
    try:
        tags = captions.clean_hashtags(list(value))
    except HashtagError as error:
        # the API schema cannot state what a hashtag may hold (Unicode letters): a rule, answered 400
        raise DomainError(hashtag_message(error), code=error.code, field="hashtags") from None
    if len(tags) > captions.HASHTAGS_MAX:
        raise InvalidInput(_("A post carries at most %(max)s hashtags.") % {"max": captions.HASHTAGS_MAX},
                           code="too_many", field="hashtags")
    return tags


def _publish_at(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(_("Enter a valid date and time."), code="invalid_datetime", field="publish_at")
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(_("Dates must lie between %(min)s and %(max)s.")
                           % {"min": validation.MIN_DATE.isoformat(), "max": validation.MAX_DATE.isoformat()},
                           code="out_of_range", field="publish_at")
    return value.astimezone(dt.UTC).replace(second=0, microsecond=0)


def _uuid(value: Any, field_name: str) -> uuid_module.UUID | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, uuid_module.UUID) else uuid_module.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(_("That is not a valid reference."), code="invalid", field=field_name) from None


def _link(engagement: Any, value: Any) -> Any:
    ref = _uuid(value, "link")
    if ref is None:
        return None
    link = UtmLink.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement, uuid=ref).first()
    if link is None:
        raise DomainError(_("That link is not in this engagement's library."), code="not_found", field="link")
    return link


def _objective(engagement: Any, value: Any) -> uuid_module.UUID | None:
    ref = _uuid(value, "objective_uid")
    if ref is None:
        return None
    if str(ref) not in objective_titles(engagement):
        raise DomainError(_("That objective is not in this engagement's marketing plan."), code="not_found",
                          field="objective_uid")
    return ref


def _initiative(engagement: Any, value: Any) -> Any:
    ref = _uuid(value, "initiative")
    if ref is None:
        return None
    try:
        return board_access.get_initiative(engagement, ref)
    except Http404:
        raise DomainError(_("That initiative is not part of this engagement."), code="not_found",
                          field="initiative") from None


def _phase(engagement: Any, key: Any) -> Any:
    if key is None or key == "":
        return None
    if not isinstance(key, str) or len(key) > 64:
        raise InvalidInput(_("That is not a valid reference."), code="invalid", field="phase")
    try:
        return get_phase(engagement, key)
    except Http404:
        raise DomainError(_("That phase is not part of this engagement."), code="not_found", field="phase") from None


def _assignee(engagement: Any, value: Any) -> User | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("That is not a valid reference."), code="invalid", field="assignee")
    member = (Membership.objects.filter(workspace_id=engagement.workspace_id, user_id=value)
              .exclude(role="client").select_related("user").first())
    if member is None:
        raise DomainError(_("That person is not on the agency's team."), code="not_team", field="assignee")
    return member.user


def _media(engagement: Any, values: Any) -> list[Any]:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise InvalidInput(_("This value must be a list."), code="invalid_type", field="media")
    refs = [_uuid(v, "media") for v in values]
    if len(refs) > MEDIA_MAX:
        raise InvalidInput(_("A post carries at most %(max)s files.") % {"max": MEDIA_MAX}, code="too_many",
                           field="media")
    if len(set(refs)) != len(refs):
        raise InvalidInput(_("The same file is chosen twice."), code="duplicate", field="media")
    out = []
    for ref in refs:
        try:
            out.append(get_file(engagement, ref))
        except Http404:
            raise DomainError(_("That file is not one of this engagement's files."), code="not_found",
                              field="media") from None
    return out


@dataclass
class _Clean:
    channel: str
    format: str
    title: str
    caption: str
    hashtags: list[str]
    publish_at: dt.datetime | None
    link: Any
    objective_uid: uuid_module.UUID | None
    initiative: Any
    phase: Any
    paid: bool
    assignee: User | None
    media: list[Any]


def _clean(engagement: Any, data: PostData) -> _Clean:
    if not isinstance(data, PostData):
        raise InvalidInput(_("Choose one of the offered values."), code="invalid", field=None)
    if not isinstance(data.paid, bool):
        raise InvalidInput(_("Choose one of the offered values."), code="invalid_choice", field="paid")
    phase = _phase(engagement, data.phase_key)
    publish_at = _publish_at(data.publish_at)
    return _Clean(
        channel=validation.clean_choice(data.channel, field="channel", choices=ChannelChoice.choices),
        format=validation.clean_choice(data.format, field="format", choices=FormatChoice.choices),
        title=validation.clean_text(data.title, field="title", max_length=TITLE_MAX, multiline=False),
        caption=validation.clean_text(data.caption, field="caption", max_length=CAPTION_MAX),
        hashtags=_hashtags(data.hashtags), publish_at=publish_at, link=_link(engagement, data.link_uuid),
        objective_uid=_objective(engagement, data.objective_uid),
        initiative=_initiative(engagement, data.initiative_uuid),
        phase=phase if phase is not None or not data.paid else _phase_on(engagement, publish_at),
        paid=data.paid, assignee=_assignee(engagement, data.assignee_id), media=_media(engagement, data.media_uuids),
    )


# --- rules ---------------------------------------------------------------------------------------------

def zone_of(engagement: Any) -> dt.tzinfo:
    """The engagement's time zone (UTC when its name is unknown)."""
    try:
        return zoneinfo.ZoneInfo(engagement.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def publish_date(engagement: Any, when: dt.datetime) -> dt.date:
    """The day a post goes out, in the engagement's time zone."""
    return when.astimezone(zone_of(engagement)).date()


def _phase_on(engagement: Any, when: dt.datetime | None) -> Any:
    """The phase a paid post without one belongs to: the engagement's phase whose scheduled span contains the
    publish date (among several, one that waits for a gate: paid promotion is what gates hold back)."""
    if when is None:
        return None
    day = publish_date(engagement, when)
    spec = {p.key: p for p in engagement.template_spec().phases}
    containing = [p.key for p in engagement_queries.schedule_for(engagement).phases
                  if p.start is not None and p.start <= day and (p.end is None or day <= p.end)]
    if not containing:
        return None
    gated = [key for key in containing if key in spec and spec[key].requires_gates]
    return get_phase(engagement, (gated or containing)[0])


def _problems(post: Post, media_count: int) -> list[Problem]:
    return captions.check(post.channel, post.format, post.caption, list(post.hashtags), media_count)


def _require_ready(post: Post, engagement: Any, media_count: int) -> None:
    """A post in review or later: a publish time, a format its network takes, a caption within the limits and
    its phase's gate passed by the publish date."""
    if post.publish_at is None:
        raise DomainError(_("Choose the publish date and time before the post goes to review."),
                          code="publish_at_required", field="publish_at")
    problems = _problems(post, media_count)
    if problems:
        first = problems[0]
        raise DomainError(problem_message(first), code=first.code, field=_PROBLEM_FIELDS.get(first.code))
    if post.phase is not None:
        engagement_services.require_gate_passed(engagement, post.phase,
                                                on=publish_date(engagement, post.publish_at))


def get_settings(engagement: Any) -> ContentSettings:
    """The engagement's calendar settings (created with the defaults on first use)."""
    found, _created = ContentSettings.objects.get_or_create(
        engagement=engagement, defaults={"workspace_id": engagement.workspace_id})
    return found


def _approval_required(engagement: Any) -> bool:
    return bool(ContentSettings.objects.filter(engagement=engagement).values_list("approval_required", flat=True)
                .first() in (None, True))


def _snapshot(post: Post, media: Iterable[Any]) -> dict[str, Any]:
    return {"channel": post.channel, "format": post.format, "title": post.title, "caption": post.caption,
            "hashtags": list(post.hashtags), "publish_at": post.publish_at,
            "link": str(post.link.uuid) if post.link is not None else None, "objective_uid": post.objective_uid,
            "initiative": str(post.initiative.uuid) if post.initiative is not None else None,
            "phase": getattr(post.phase, "key", None), "paid": post.paid,
            "assignee": getattr(post.assignee, "email", None), "media": [str(f.uuid) for f in media]}


def _media_of(post: Post) -> list[Any]:
    return [m.file for m in PostMedia.objects.filter(post=post).select_related("file").order_by("position", "id")]


def _set_media(post: Post, files: list[Any]) -> None:
    PostMedia.objects.filter(post=post).delete()
    PostMedia.objects.bulk_create([PostMedia(workspace_id=post.workspace_id, post=post, file=f, position=i)
                                   for i, f in enumerate(files)])


def _apply(post: Post, clean: _Clean) -> None:
    for name in ("channel", "format", "title", "caption", "hashtags", "publish_at", "link", "objective_uid",
                 "initiative", "phase", "paid", "assignee"):
        setattr(post, name, getattr(clean, name))


def _locked(post: Post) -> Post:
    return (Post.objects.select_for_update(of=("self",))
            .select_related("engagement", "engagement__client", "engagement__workspace", "phase", "assignee",
                            "initiative", "link", "approved_by")
            .get(pk=post.pk))


def _check_revision(post: Post, expected: Any) -> None:
    if expected is None:
        return
    try:
        value = int(expected)
    except (TypeError, ValueError):
        raise InvalidInput(_("That is not a valid reference."), code="invalid", field="revision") from None
    if value != post.revision:
        raise DomainError(_("Someone else changed this post meanwhile. Reload it to see their changes, then make "
                            "yours again."), code="conflict", field="revision")


# --- posts ---------------------------------------------------------------------------------------------

@transaction.atomic
def create_post(*, actor: User, membership: Membership, engagement: Any, data: PostData) -> Post:
    """A new post, as an idea or a draft (``data.status``; draft by default)."""
    _require(membership, "content.edit", engagement)
    status = data.status or Status.DRAFT.value
    if status not in {s.value for s in workflow.CREATE_STATUSES}:
        raise InvalidInput(_("A new post starts as an idea or a draft."), code="invalid_choice", field="status")
    clean = _clean(engagement, data)
    post = Post(workspace_id=engagement.workspace_id, engagement=engagement, status=status, created_by=actor)
    _apply(post, clean)
    post.save()
    _set_media(post, clean.media)
    audit.record(workspace=engagement.workspace, actor=actor, action="post.created", obj=post, thread=engagement,
                 changes={**_snapshot(post, clean.media), "status": status})
    return post


@transaction.atomic
def update_post(*, actor: User, membership: Membership, post: Post, data: PostData,
                expected_revision: int | None = None) -> Post:
    """Replace a post's fields with ``data``. A stale ``expected_revision`` is refused (code ``conflict``).

    A change of what the client approves (``workflow.APPROVAL_FIELDS``) bumps the revision; an approved or
    scheduled post then goes back to review (audit ``post.sent_back``). A post in review or later must stay
    publishable (limits, gate); a published post's published content cannot change. ``data.status`` is
    ignored (statuses change through ``set_status``, ``approve`` and ``request_changes``)."""
    _require(membership, "content.edit", post.engagement)
    current = _locked(post)
    _check_revision(current, expected_revision)
    engagement = current.engagement
    clean = _clean(engagement, data)
    before_media = _media_of(current)
    before = _snapshot(current, before_media)
    _apply(current, clean)
    after = _snapshot(current, clean.media)
    diff = audit.diff(before, after)
    if not diff:
        return current
    status = Status(current.status)
    if workflow.edit_refused(status, diff):
        raise DomainError(_("A published post is final: its caption, media, link, channel, format and time cannot "
                            "change any more."), code="published", field=sorted(workflow.relevant_changes(diff))[0])
    relevant = workflow.relevant_changes(diff)
    sent_back = workflow.sends_back(status, diff)
    if sent_back:
        current.status = Status.IN_REVIEW.value
    if status not in workflow.EARLY and (relevant or {"phase", "paid"} & set(diff)):
        _require_ready(current, engagement, len(clean.media))
    if relevant:
        current.revision += 1
    current.save()
    if "media" in diff:
        _set_media(current, clean.media)
    audit.record(workspace=engagement.workspace, actor=actor, action="post.updated", obj=current,
                 thread=engagement, changes={**diff, **({"revision": current.revision} if relevant else {})})
    if sent_back:
        audit.record(workspace=engagement.workspace, actor=actor, action="post.sent_back", obj=current,
                     thread=engagement, changes={"status": [status.value, current.status],
                                                 "revision": current.revision,
                                                 "fields": sorted(relevant)})
        if _approval_required(engagement):
            _emit("post.review_requested", current, actor, audience=("approvers",))
    return current


def _media_count(post: Post) -> int:
    return PostMedia.objects.filter(post=post).count()


@transaction.atomic
def set_status(*, actor: User, membership: Membership, post: Post, status: str) -> Post:
    """Move a post to ``status`` (every move except approving and requesting changes, which are decisions).

    Leaving draft needs a publishable post and its phase's gate passed by the publish date; scheduling needs
    the client's approval of the current revision when the engagement requires it; published is final except
    that an owner or a manager may take it back to scheduled."""
    _require(membership, "content.edit", post.engagement)
    dst = Status(validation.clean_choice(status, field="status", choices=StatusChoice.choices))
    current = _locked(post)
    engagement = current.engagement
    src = Status(current.status)
    try:
        workflow.check_move(src, dst, approval_required=_approval_required(engagement),
                            approved_current=current.approved_revision == current.revision,
                            can_manage=tenancy.can(membership, "content.manage", client=engagement.client))
    except workflow.MoveRefused as refused:
        raise DomainError(_MOVE_MESSAGES[refused.code](), code=refused.code, field="status") from None
    if workflow.needs_ready(src, dst):
        _require_ready(current, engagement, _media_count(current))
    current.status = dst.value
    if dst is Status.PUBLISHED:
        current.published_at = clock.now()
    elif src is Status.PUBLISHED:
        current.published_at = None
    current.save()
    audit.record(workspace=engagement.workspace, actor=actor, action="post.status_changed", obj=current,
                 thread=engagement, changes={"status": [src.value, dst.value]})
    if dst is Status.IN_REVIEW and src is not Status.IN_REVIEW and _approval_required(engagement):
        _emit("post.review_requested", current, actor, audience=("approvers",))
    elif dst is Status.SCHEDULED and src is not Status.SCHEDULED:
        _emit("post.scheduled", current, actor)
    return current


def _emit(kind: str, post: Post, actor: Any, *, recipients: tuple[Any, ...] = (),
          audience: tuple[str, ...] = ()) -> None:
    """Tell who must know (``cadence.core.events``: the notifications, the webhooks) once the write commits."""
    from django.urls import reverse

    engagement = post.engagement
    data = {"status": post.status, "revision": post.revision,
            "publish_at": post.publish_at.isoformat() if post.publish_at else None,
            "url": reverse("content:post-detail", args=[engagement.workspace.slug, engagement.uuid, post.uuid])}
    events.emit(kind, workspace=post.workspace_id, engagement=engagement, actor=actor, subject=post,
                subject_title=_post_title(post), data=data, recipients=recipients, audience=audience)


def _post_title(post: Post) -> str:
    text = " ".join(str(getattr(post, "title", "") or getattr(post, "caption", "") or "").split())
    return text[:80] + ("…" if len(text) > 80 else "")


def _decider(membership: Membership, engagement: Any) -> None:
    """The client's approver decides when the client's approval is required, otherwise an owner or a manager
    (both hold ``content.decide``; the other one is refused by the engagement's setting, not by their role)."""
    if membership.workspace_id != engagement.workspace_id or not tenancy.can(membership, "content.decide",
                                                                               client=engagement.client):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")
    required = _approval_required(engagement)
    allowed = workflow.may_approve(
        approval_required=required,
        client_approver=membership.is_client and tenancy.can(membership, "content.approve", client=engagement.client),
        can_manage=tenancy.can(membership, "content.manage", client=engagement.client))
    if not allowed:
        if required:
            raise DomainError(_("The client's approver decides on the posts of this engagement."),
                              code="not_decider")
        raise DomainError(_("The client's approval is not required for this engagement: an owner or a manager "
                            "decides on its posts."), code="not_decider")


def _decidable(current: Post) -> None:
    if current.status not in {s.value for s in workflow.REVIEWABLE}:
        raise DomainError(_("Only a post in review can be approved or sent back."), code="not_in_review",
                          field="status")


@transaction.atomic
def approve(*, actor: User, membership: Membership, post: Post, comment: str = "",
            expected_revision: int | None = None) -> Post:
    """Approve a post in review: its current revision becomes the approved one (``expected_revision``: the
    revision the approver looked at; a newer one is refused with ``conflict``)."""
    engagement = post.engagement
    _decider(membership, engagement)
    text = validation.clean_text(comment, field="comment", max_length=COMMENT_MAX)
    current = _locked(post)
    _check_revision(current, expected_revision)
    _decidable(current)
    src = current.status
    current.status = Status.APPROVED.value
    current.approved_revision = current.revision
    current.approved_by = actor
    current.approved_at = clock.now()
    current.save()
    PostReview.objects.create(workspace_id=current.workspace_id, post=current, reviewer=actor,
                              decision=ReviewDecision.APPROVED, comment=text, revision=current.revision)
    audit.record(workspace=engagement.workspace, actor=actor, action="post.approved", obj=current,
                 thread=engagement, changes={"status": [src, current.status], "revision": current.revision,
                                             **({"comment": text} if text else {})})
    _emit("post.approved", current, actor, recipients=tuple(u for u in (current.assignee_id,) if u),
          audience=("manager",))
    return current


@transaction.atomic
def request_changes(*, actor: User, membership: Membership, post: Post, comment: str,
                    expected_revision: int | None = None) -> Post:
    """Send a post in review back to draft with a comment saying what to change (the comment is required)."""
    engagement = post.engagement
    _decider(membership, engagement)
    text = validation.clean_text(comment, field="comment", max_length=COMMENT_MAX, required=True)
    current = _locked(post)
    _check_revision(current, expected_revision)
    _decidable(current)
    src = current.status
    current.status = Status.DRAFT.value
    current.approved_revision, current.approved_by, current.approved_at = None, None, None
    current.save()
    PostReview.objects.create(workspace_id=current.workspace_id, post=current, reviewer=actor,
                              decision=ReviewDecision.CHANGES_REQUESTED, comment=text, revision=current.revision)
    audit.record(workspace=engagement.workspace, actor=actor, action="post.changes_requested", obj=current,
                 thread=engagement, changes={"status": [src, current.status], "revision": current.revision,
                                             "comment": text})
    _emit("post.changes_requested", current, actor, recipients=tuple(u for u in (current.assignee_id,) if u),
          audience=("manager",))
    return current


@transaction.atomic
def delete_post(*, actor: User, membership: Membership, post: Post) -> None:
    """Delete a post; a published one only by an owner or a manager (it is the record of what went out)."""
    engagement = post.engagement
    _require(membership, "content.edit", engagement)
    current = _locked(post)
    if current.status == Status.PUBLISHED.value and not tenancy.can(membership, "content.manage",
                                                                    client=engagement.client):
        raise DomainError(_("Only an owner or a manager can delete a published post."), code="forbidden")
    audit.record(workspace=engagement.workspace, actor=actor, action="post.deleted", obj=current,
                 thread=engagement, changes={"title": current.title, "channel": current.channel,
                                             "status": current.status, "publish_at": current.publish_at})
    current.delete()


# --- settings and the frequency plan -------------------------------------------------------------------

@transaction.atomic
def update_settings(*, actor: User, membership: Membership, engagement: Any, approval_required: bool) -> ContentSettings:
    """Whether the client must approve posts before they are scheduled."""
    _require(membership, "content.manage", engagement)
    if not isinstance(approval_required, bool):
        raise InvalidInput(_("Choose one of the offered values."), code="invalid_choice", field="approval_required")
    found = get_settings(engagement)
    found = ContentSettings.objects.select_for_update().get(pk=found.pk)
    if found.approval_required != approval_required:
        audit.record(workspace=engagement.workspace, actor=actor, action="content.settings_updated", obj=engagement,
                     thread=engagement, changes={"approval_required": [found.approval_required, approval_required]})
        found.approval_required = approval_required
        found.save(update_fields=["approval_required"])
    return found


def _weekdays(values: Any) -> list[int]:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise InvalidInput(_("This value must be a list."), code="invalid_type", field="weekdays")
    out: set[int] = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            raise InvalidInput(_("Days of the week are numbered 0 (Monday) to 6 (Sunday)."), code="out_of_range",
                               field="weekdays")
        out.add(value)
    return sorted(out)


@transaction.atomic
def set_frequency(*, actor: User, membership: Membership, engagement: Any, channel: str, per_week: int | None,
                  weekdays: list[int]) -> FrequencyPlan | None:
    """How many posts a week a channel gets and on which preferred days; ``per_week`` None or 0 removes the
    channel from the plan (returns None)."""
    _require(membership, "content.manage", engagement)
    chan = validation.clean_choice(channel, field="channel", choices=ChannelChoice.choices)
    if per_week is not None and (isinstance(per_week, bool) or not isinstance(per_week, int)
                                 or not 0 <= per_week <= PER_WEEK_MAX):
        raise InvalidInput(_("Posts a week must be a whole number between 0 and %(max)s.") % {"max": PER_WEEK_MAX},
                           code="out_of_range", field="per_week")
    days = _weekdays(weekdays)
    found = FrequencyPlan.objects.select_for_update().filter(engagement=engagement, channel=chan).first()
    before = {"per_week": found.per_week, "weekdays": list(found.weekdays)} if found else {"per_week": None,
                                                                                          "weekdays": []}
    if not per_week:
        if found is not None:
            found.delete()
            audit.record(workspace=engagement.workspace, actor=actor, action="content.frequency_set", obj=engagement,
                         thread=engagement, changes={"channel": chan, "per_week": [before["per_week"], None]})
        return None
    if found is None:
        found = FrequencyPlan(workspace_id=engagement.workspace_id, engagement=engagement, channel=chan,
                              per_week=per_week, weekdays=days)
    else:
        found.per_week, found.weekdays = per_week, days
    diff = audit.diff(before, {"per_week": per_week, "weekdays": days})
    if diff:
        found.save()
        audit.record(workspace=engagement.workspace, actor=actor, action="content.frequency_set", obj=engagement,
                     thread=engagement, changes={"channel": chan, **diff})
    return found
