"""The engagement's iCalendar feed: a secret, revocable address that Google Calendar and Outlook subscribe to.

Only the SHA-256 of the secret is stored (``ContentSettings.feed_token_hash``): the address is shown once,
right after it is created or rotated; rotating makes the old address stop working, revoking leaves none.
Creating, rotating and revoking need ``content.manage`` and are audited. ``render`` builds the feed through
the pure ``domain/ical.py``: posts with a publish time (from a year ago on) that are in review or later (never
ideas or drafts, never internal fields).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.content.domain import ical
from cadence.content.domain.captions import compose
from cadence.content.models import ChannelChoice, ContentSettings, Post
from cadence.core import audit, clock
from cadence.core.errors import DomainError
from cadence.core.models import Membership

FEED_STATUSES = ("in_review", "approved", "scheduled", "published")
TOKEN_BYTES = 32
HISTORY = dt.timedelta(days=366)  # a subscribed calendar keeps the year behind; older posts stay out of the file


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _require(membership: Membership, engagement: Any) -> None:
    if membership.workspace_id != engagement.workspace_id or not tenancy.can(membership, "content.manage"):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def _settings_locked(engagement: Any) -> ContentSettings:
    ContentSettings.objects.get_or_create(engagement=engagement, defaults={"workspace_id": engagement.workspace_id})
    return ContentSettings.objects.select_for_update().get(engagement=engagement)


def is_active(engagement: Any) -> tuple[bool, Any]:
    """Whether the engagement has a feed, and when its address was made."""
    row = ContentSettings.objects.filter(engagement=engagement).values("feed_token_hash", "feed_created_at").first()
    if not row or not row["feed_token_hash"]:
        return False, None
    return True, row["feed_created_at"]


@transaction.atomic
def create_feed(*, actor: Any, membership: Membership, engagement: Any) -> str:
    """A new secret address (the old one, if any, stops working); returns the secret, shown once."""
    _require(membership, engagement)
    row = _settings_locked(engagement)
    rotated = bool(row.feed_token_hash)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row.feed_token_hash = token_hash(token)
    row.feed_created_at = clock.now()
    row.save(update_fields=["feed_token_hash", "feed_created_at"])
    audit.record(workspace=membership.workspace, actor=actor,
                 action="content.feed.rotated" if rotated else "content.feed.created", obj=row, thread=engagement)
    return token


@transaction.atomic
def revoke_feed(*, actor: Any, membership: Membership, engagement: Any) -> None:
    _require(membership, engagement)
    row = _settings_locked(engagement)
    if not row.feed_token_hash:
        raise DomainError(_("This calendar has no feed address to revoke."), code="no_feed")
    row.feed_token_hash = ""
    row.feed_created_at = None
    row.save(update_fields=["feed_token_hash", "feed_created_at"])
    audit.record(workspace=membership.workspace, actor=actor, action="content.feed.revoked", obj=row,
                 thread=engagement)


def find(workspace: Any, token: str) -> Any | None:
    """The engagement whose feed has this secret, or None (unknown, revoked, another workspace's)."""
    if not token or len(token) > 200:
        return None
    row = (ContentSettings.objects.filter(workspace=workspace, feed_token_hash=token_hash(token))
           .select_related("engagement", "engagement__client").first())
    return row.engagement if row is not None else None


def feed_path(workspace_slug: str, token: str) -> str:
    return reverse("content:feed", args=[workspace_slug, token])


def _post_url(base_url: str, workspace_slug: str, engagement: Any, post: Post) -> str:
    try:
        return base_url + reverse("content:post-detail", args=[workspace_slug, engagement.uuid, post.uuid])
    except NoReverseMatch:  # the calendar's pages are another helper's
        return ""


def render(engagement: Any, *, workspace_slug: str, base_url: str) -> bytes:
    """The feed's bytes, in the engagement's language (the network names, the calendar's name)."""
    since = clock.now() - HISTORY
    posts = (Post.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement,
                                 status__in=FEED_STATUSES, publish_at__gte=since)
             .select_related("link").order_by("publish_at", "id"))
    with translation.override(engagement.language or "en"):
        events = []
        for post in posts:
            assert post.publish_at is not None
            channel = str(ChannelChoice(post.channel).label) if post.channel in ChannelChoice.values else post.channel
            title = post.title or (post.caption.splitlines()[0][:80] if post.caption.strip() else _("Post"))
            text = compose(post.caption, list(post.hashtags or []))
            if post.link is not None:
                text = f"{text}\n\n{post.link.url}" if text else post.link.url
            events.append(ical.FeedEvent(
                uid=f"{post.uuid}@cadence", start=post.publish_at, summary=f"[{channel}] {title}",
                description=text, url=_post_url(base_url, workspace_slug, engagement, post), status=post.status,
                updated=post.updated_at))
        name = _("%(client)s · %(engagement)s: content calendar") % {"client": engagement.client.name,
                                                                     "engagement": engagement.name}
    zoneinfo.ZoneInfo(engagement.time_zone)  # a bad zone fails here, not half-way through the text
    return ical.build(name=name, time_zone=engagement.time_zone, events=events, now=clock.now())
