"""Saving a weekly timesheet: every changed cell through the time-entry services, in one transaction.

A cell's value replaces the hours the person has on that phase that day (``timesheet.plan_cell``
decides which entries to create, change or delete). Every change goes through ``log_time``,
``update_time_entry`` or ``delete_time_entry``, so the rules and the audit trail are those of single
entries. When any cell is refused, nothing is saved, and every refusal names its row and day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence.accounts.models import User
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.engagements import queries, services
from cadence.engagements.domain.rollover import UsageLevel, usage_level
from cadence.engagements.domain.timesheet import (
    MAX_DAY_HOURS,
    Existing,
    OpKind,
    RowKey,
    parse_cell,
    plan_week,
)
from cadence.engagements.models import Engagement, EngagementPhase, TimeEntry
from cadence.engagements.schedule import month_index
from cadence.engagements.templatetags.cadence_tags import format_hours


@dataclass(frozen=True)
class WeekCell:
    """One cell as typed: the hours ``text`` of ``phase`` (of ``engagement``) on ``day``."""

    engagement: Engagement
    phase: EngagementPhase
    day: dt.date
    text: Any

    @property
    def row(self) -> RowKey:
        return RowKey(str(self.engagement.uuid), self.phase.key)


@dataclass(frozen=True)
class CellRefusal:
    row: RowKey | None  # None: the whole day (more than 24 h)
    day: dt.date
    message: str  # the reason, naming the row and the day


class WeekRefused(DomainError):
    """At least one cell was refused; nothing was saved."""

    def __init__(self, refusals: Sequence[CellRefusal]) -> None:
        super().__init__(" ".join(r.message for r in refusals), code="week_refused")
        self.refusals = list(refusals)

    def payload(self) -> dict[str, Any]:
        """Each refused cell: its engagement, phase and date (null for the whole day) and why."""
        return {"refusals": [{"engagement": r.row.engagement if r.row else None,
                              "phase": r.row.phase if r.row else None,
                              "date": r.day.isoformat(), "detail": r.message} for r in self.refusals]}


@dataclass
class WeekSaved:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    levels: dict[tuple[Engagement, int], UsageLevel] = field(default_factory=dict)  # months touched

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deleted


def row_label(engagement: Engagement, phase: EngagementPhase) -> str:
    return _("%(client)s · %(engagement)s: %(phase)s") % {
        "client": engagement.client.name, "engagement": engagement.name, "phase": queries.display_name(phase, fallback=engagement.language)}


def _refusal(cell: WeekCell, reason: str) -> CellRefusal:
    return CellRefusal(cell.row, cell.day, _("%(row)s, %(day)s: %(reason)s") % {
        "row": row_label(cell.engagement, cell.phase), "day": date_format(cell.day, "D j M"), "reason": reason})


def save_week(*, actor: User, membership: Membership, person: User, cells: Sequence[WeekCell]) -> WeekSaved:
    """Save the cells of a person's week; raises ``WeekRefused`` (nothing saved) when any cell is refused."""
    if person.pk != actor.pk and not membership.can("time.manage"):
        raise DomainError(_("Only a manager can log time for someone else."), code="forbidden")
    refusals: list[CellRefusal] = []
    values: dict[tuple[RowKey, dt.date], Decimal] = {}
    by_row: dict[RowKey, WeekCell] = {}
    for cell in cells:
        if cell.engagement.workspace_id != membership.workspace_id or cell.phase.engagement_id != cell.engagement.pk:
            raise DomainError(_("That phase is not part of this engagement."), field="phase")
        by_row[cell.row] = cell
        try:
            values[(cell.row, cell.day)] = parse_cell(cell.text)
        except ValueError:
            refusals.append(_refusal(cell, _("Hours must be a number.")))
    totals: dict[dt.date, Decimal] = defaultdict(Decimal)
    for (_row, day), value in values.items():
        totals[day] += value
    for day, total in sorted(totals.items()):
        if total > MAX_DAY_HOURS:
            refusals.append(CellRefusal(None, day, _("%(day)s: %(hours)s h in one day is more than 24 h.") % {
                "day": date_format(day, "D j M"), "hours": format_hours(total)}))
    if refusals:
        raise WeekRefused(refusals)

    entries: dict[int, TimeEntry] = {}
    existing: dict[tuple[RowKey, dt.date], list[Existing]] = defaultdict(list)
    if values:
        days = {day for _row, day in values}
        rows = (TimeEntry.objects.filter(workspace=membership.workspace, user=person, date__in=days,
                                         engagement__in={c.engagement.pk for c in by_row.values()})
                .select_related("engagement", "phase", "user").order_by("created_at", "id"))
        for e in rows:
            key = (RowKey(str(e.engagement.uuid), e.phase.key), e.date)
            if key in values:
                entries[e.pk] = e
                existing[key].append(Existing(e.pk, Decimal(e.hours)))

    saved = WeekSaved()
    with transaction.atomic():
        for planned in plan_week(values, existing):
            cell = by_row[planned.row]
            op = planned.op
            try:
                if op.kind == OpKind.CREATE:
                    services.log_time(
                        actor=actor, membership=membership, engagement=cell.engagement, phase=cell.phase,
                        date=planned.day, hours=op.hours, user=person)
                    saved.created += 1
                elif op.kind == OpKind.UPDATE:
                    assert op.entry_id is not None
                    services.update_time_entry(
                        actor=actor, membership=membership, entry=entries[op.entry_id], hours=op.hours)
                    saved.updated += 1
                else:
                    assert op.entry_id is not None
                    services.delete_time_entry(actor=actor, membership=membership, entry=entries[op.entry_id])
                    saved.deleted += 1
            except DomainError as e:
                if e.code == "forbidden":
                    raise
                refusals.append(_refusal(WeekCell(cell.engagement, cell.phase, planned.day, ""), e.message))
                continue
            saved.levels[(cell.engagement, month_index(cell.engagement.start_date, planned.day))] = UsageLevel.OK
        if refusals:
            raise WeekRefused(refusals)  # rolls every change back
        for engagement, k in list(saved.levels):  # each month touched, after all the changes
            month = queries.month_hours(engagement, upto=k)[k - 1]
            saved.levels[(engagement, k)] = usage_level(month.logged, month.available)
    return saved
