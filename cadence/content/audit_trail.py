"""This app's part of the audit trail, registered with core in ``registration.py``: readable names of the
actions it records and of the fields their changes name. Every entry belongs to the engagement's history
(``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "post.created": _("added a post to the content calendar"),
    "post.updated": _("changed a post"),
    "post.status_changed": _("moved a post to another status"),
    "post.approved": _("approved a post"),
    "post.changes_requested": _("asked for changes to a post"),
    "post.sent_back": _("sent a post back to review after a change"),
    "post.deleted": _("deleted a post"),
    "content.settings_updated": _("changed the content calendar's settings"),
    "content.frequency_set": _("changed the posting frequency plan"),
}

FIELD_LABELS: dict[str, Any] = {
    "channel": _("channel"), "format": _("format"), "caption": _("caption"), "hashtags": _("hashtags"),
    "publish_at": _("publish date and time"), "link": _("link"), "media": _("media"),
    "paid": _("paid promotion"), "approval_required": _("client approval required"),
    "per_week": _("posts a week"), "revision": _("version"), "comment": _("comment"),
    "fields": _("changed fields"),
}


# The feed's address and the CSV import (``content/feed.py``, ``content/exchange.py``).
EXCHANGE_ACTION_LABELS: dict[str, Any] = {
    "content.feed.created": _("made the calendar feed’s address"),
    "content.feed.rotated": _("replaced the calendar feed’s address"),
    "content.feed.revoked": _("revoked the calendar feed’s address"),
    "content.imported": _("imported posts from a CSV file"),
}
POSTS_LABEL = _("posts")
