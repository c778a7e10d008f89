"""This app's part of the audit trail: readable names of the actions it records and of the fields their
changes name. Every entry belongs to the engagement's history (``thread=engagement``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    "meetings.meeting_created": _("planned a meeting"),
    "meetings.series_created": _("planned a recurring meeting"),
    "meetings.meeting_updated": _("changed a meeting"),
    "meetings.meeting_cancelled": _("cancelled a meeting"),
    "meetings.series_cancelled": _("cancelled a recurring meeting"),
    "meetings.meeting_closed": _("closed a meeting and sent its minutes"),
    "meetings.minutes_saved": _("wrote a meeting's minutes"),
    "meetings.agenda_added": _("added an agenda item"),
    "meetings.agenda_deleted": _("removed an agenda item"),
    "meetings.decision_added": _("recorded a meeting's decision"),
    "meetings.decision_deleted": _("removed a meeting's decision"),
    "meetings.action_added": _("added an action item"),
    "meetings.action_updated": _("changed an action item"),
    "meetings.action_deleted": _("removed an action item"),
    "meetings.actions_to_tasks": _("turned action items into cards on the board"),
    "meetings.email_failed": _("could not send a meeting's email"),
}

FIELD_LABELS: dict[str, Any] = {
    "starts_at": _("starts at"), "duration_minutes": _("duration (minutes)"), "place": _("place"),
    "video_url": _("video link"), "participants": _("participants"), "minutes": _("minutes"),
    "frequency": _("repeats"), "interval": _("every"), "weekday": _("weekday"), "month_day": _("day of the month"),
    "count": _("number of meetings"), "owner": _("owner"), "due": _("due date"), "tasks": _("cards on the board"),
    "decision": _("decision"), "item": _("item"), "action": _("action"),
}
