"""The read models kept with every write: hours per engagement month, and the schedule's revision.

- ``MonthSummary``: the live hours of each engagement month. ``TimeEntry.save`` calls ``entry_saved`` in
  the same transaction as the row it writes, so every service that logs, edits, deletes (``deleted_at``)
  or restores an entry (``log_time``, ``update_time_entry``, ``delete_time_entry``, ``restore_time_entry``
  and the weekly timesheet, which goes through them) keeps the month's hours. ``rebuild`` recomputes an
  engagement's rows from its entries: when its start date moves (every entry's month moves with it), in
  the data migration, and in ``cadence rebuild-summaries``. Erasing a live entry's row (not a service: only
  the cascade of a deleted engagement or workspace does it) is not followed; ``bulk_create`` neither, so
  a script that bulk-creates entries calls ``rebuild`` after.
- ``Engagement.revision``: bumped (``bump_revision``) in the same transaction by every write of what the
  schedule is computed from: time entries, phases, gates, contract terms, overrides, month closes and the
  engagement's own fields (the ``post_save``/``post_delete`` receivers below, connected in
  ``apps.EngagementsConfig.ready``, so no service can forget it). The stored schedule
  (``ScheduleSnapshot``) and the ETags of the Gantt and the API are only valid for one revision; each bump
  also asks for the stored schedule's refresh in the background once the transaction commits
  (``tasks.refresh_after_commit``: once per engagement and transaction).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from cadence.engagements import tasks
from cadence.engagements.models import Engagement, MonthSummary, TimeEntry
from cadence.engagements.schedule import month_index


def bump_revision(engagement: Engagement | int) -> int:
    """A new revision of the engagement's schedule inputs (in the caller's transaction); returns it. Its
    stored schedule is refreshed in the background after the commit."""
    pk = engagement if isinstance(engagement, int) else engagement.pk
    Engagement.objects.filter(pk=pk).update(revision=F("revision") + 1)
    tasks.refresh_after_commit(pk)
    revision = Engagement.objects.filter(pk=pk).values_list("revision", flat=True).first() or 0
    if isinstance(engagement, Engagement):
        engagement.revision = revision
    return int(revision)


def add_hours(engagement: Engagement, day: dt.date, hours: Decimal) -> None:
    """Add ``hours`` (negative: take them away) to the month ``day`` falls in."""
    hours = Decimal(hours)
    if not hours:
        return
    k = month_index(engagement.start_date, day)
    rows = MonthSummary.objects.filter(engagement=engagement, month_index=k)
    if rows.update(logged_hours=F("logged_hours") + hours):
        return
    try:
        with transaction.atomic():  # a savepoint: another writer may have created the row meanwhile
            MonthSummary.objects.create(workspace_id=engagement.workspace_id, engagement=engagement, month_index=k,
                                        logged_hours=hours)
    except IntegrityError:
        rows.update(logged_hours=F("logged_hours") + hours)


Counted = tuple[int, dt.date, Decimal, int] | None  # engagement, day, hours, phase of a live entry; None: not counted


def counted(entry: TimeEntry) -> Counted:
    """What a time entry counts in the read models: nothing once deleted."""
    if entry.deleted_at is not None or entry.engagement_id is None:
        return None
    day = dt.date.fromisoformat(entry.date) if isinstance(entry.date, str) else entry.date
    return (entry.engagement_id, day, Decimal(str(entry.hours)), entry.phase_id)


def counted_in_db(pk: int | None) -> Counted:
    if pk is None:  # never saved: it counts nothing yet
        return None
    row = TimeEntry.all_objects.filter(pk=pk).values_list("engagement_id", "date", "hours", "phase_id",
                                                          "deleted_at").first()
    if row is None or row[4] is not None:
        return None
    return (row[0], row[1], Decimal(str(row[2])), row[3])


def entry_saved(entry: TimeEntry, before: Counted) -> None:
    """A time entry was written (created, edited, deleted or restored): keep the months and the revision."""
    after = counted(entry)
    if after == before:
        return
    engagement = entry.engagement
    if before is not None:
        old = engagement if before[0] == engagement.pk else Engagement.objects.get(pk=before[0])
        add_hours(old, before[1], -before[2])
        if old is not engagement:
            bump_revision(old)
    if after is not None:
        add_hours(engagement, after[1], after[2])
    bump_revision(engagement)


def inputs_changed(sender: type, instance: object, raw: bool = False, **kwargs: object) -> None:
    """``post_save``/``post_delete`` of a schedule input (phase, gate, terms, override, month close)."""
    if raw:
        return
    engagement_id = getattr(instance, "engagement_id", None)
    if engagement_id is not None:
        bump_revision(int(engagement_id))


def engagement_saving(sender: type, instance: Engagement, raw: bool = False, **kwargs: object) -> None:
    """``pre_save`` of an engagement: remember the start date it has in the database."""
    if raw or instance.pk is None:
        return
    instance._start_before = (  # type: ignore[attr-defined]
        Engagement.objects.filter(pk=instance.pk).values_list("start_date", flat=True).first())


def engagement_saved(sender: type, instance: Engagement, created: bool, raw: bool = False, **kwargs: object) -> None:
    """``post_save`` of an engagement: a new revision; a moved start date moves every entry's month."""
    if raw or created:
        return
    before = getattr(instance, "_start_before", None)
    if before is not None and before != instance.start_date:
        rebuild(instance)
    bump_revision(instance)


def computed_months(engagement: Engagement) -> dict[int, Decimal]:
    """month -> live hours, summed from the entries themselves (what the summaries must equal)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for day, hours in (TimeEntry.objects.filter(engagement=engagement).values("date")
                       .annotate(total=Sum("hours")).values_list("date", "total")):
        totals[month_index(engagement.start_date, day)] += Decimal(hours)
    return {k: v for k, v in totals.items() if v}


def stored_months(engagement: Engagement) -> dict[int, Decimal]:
    return {k: Decimal(v) for k, v in MonthSummary.objects.filter(engagement=engagement)
            .values_list("month_index", "logged_hours") if v}


def differences(engagement: Engagement) -> dict[int, tuple[Decimal, Decimal]]:
    """month -> (stored, computed) for every month whose summary is wrong (empty when all agree)."""
    stored, computed = stored_months(engagement), computed_months(engagement)
    return {k: (stored.get(k, Decimal(0)), computed.get(k, Decimal(0)))
            for k in sorted(stored.keys() | computed.keys()) if stored.get(k, Decimal(0)) != computed.get(k, Decimal(0))}


@transaction.atomic
def rebuild(engagement: Engagement) -> None:
    """Recompute an engagement's month summaries from its live entries."""
    MonthSummary.objects.filter(engagement=engagement).delete()
    MonthSummary.objects.bulk_create(
        MonthSummary(workspace_id=engagement.workspace_id, engagement=engagement, month_index=k, logged_hours=v)
        for k, v in sorted(computed_months(engagement).items())
    )
