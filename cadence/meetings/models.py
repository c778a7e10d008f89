"""Meetings of an engagement (seed 003: regular meetings with the client, discussing the plan and progress).

* ``MeetingSeries``: the rule of a recurring meeting (every N weeks on a weekday, or monthly on a day) and its
  iCalendar identity (``uid``, ``sequence``): calendars hold the series as one event with an RRULE.
* ``Meeting``: one meeting, a one-off or an occurrence of a series (``series`` and ``original_start``: the
  occurrence's RECURRENCE-ID). ``starts_at`` is aware (stored in UTC, shown and entered in the engagement's
  zone). ``sequence`` is the iCalendar SEQUENCE of its last invitation, update or cancellation.
* ``AgendaItem``: free text, or a link to a plan section, a KPI or a post (``ref_kind``/``ref_uuid`` and the
  title it had when chosen).
* ``Decision`` and ``ActionItem`` (owner, due date, and the board card it became: ``task``, once).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core.scoping import WorkspaceScopedManager


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every few weeks on a weekday")
    MONTHLY = "monthly", _("Every few months on a day of the month")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class RefKind(models.TextChoices):
    TEXT = "", _("Free text")
    PLAN_SECTION = "plan_section", _("Plan section")
    KPI = "kpi", _("KPI off track")
    POST = "post", _("Post waiting for approval")


class MeetingSeries(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("repeats"), max_length=8, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("every"), default=1)
    weekday = models.PositiveSmallIntegerField(_("weekday"), default=0)
    month_day = models.PositiveSmallIntegerField(_("day of the month"), default=1)
    count = models.PositiveSmallIntegerField(_("number of meetings"))
    # what the series' invitation (the RRULE's event) says; an occurrence changed on its own keeps its own
    title = models.CharField(_("title"), max_length=200)
    first_start = models.DateTimeField(_("first meeting"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="meetings")
    original_start = models.DateTimeField(null=True, blank=True, editable=False)  # RECURRENCE-ID
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                          verbose_name=_("participants"))
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED,
                              editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["engagement", "starts_at"], name="meetings_engagement_start")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    text = models.CharField(_("item"), max_length=500, blank=True)
    ref_kind = models.CharField(_("linked to"), max_length=20, choices=RefKind.choices, blank=True)
    ref_uuid = models.UUIDField(null=True, blank=True)
    ref_key = models.CharField(max_length=60, blank=True)  # a plan section's key
    ref_title = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.text or self.ref_title


class Decision(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision"), max_length=1000)
    position = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text


class ActionItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    due = models.DateField(_("due date"), null=True, blank=True)
    task = models.ForeignKey("board.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             editable=False, verbose_name=_("task on the board"))
    position = models.PositiveIntegerField(default=0)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text
