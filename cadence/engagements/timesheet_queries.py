"""Read side of the weekly timesheet: a person's week as rows (engagement + phase) and day cells."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cadence.accounts.models import User
from cadence.core.models import Membership
from cadence.engagements import queries
from cadence.engagements.access import visible_engagements
from cadence.engagements.domain.timesheet import RowKey, week_days
from cadence.engagements.models import Engagement, EngagementPhase, TimeEntry
from cadence.engagements.schedule import month_index

ZERO = Decimal(0)


@dataclass
class WeekRow:
    key: RowKey
    engagement: Engagement
    phase: EngagementPhase
    hours: list[Decimal]  # Monday .. Sunday, as saved
    total: Decimal = ZERO

    @property
    def value(self) -> str:
        return f"{self.key.engagement}:{self.key.phase}"


@dataclass
class EngagementGroup:
    engagement: Engagement
    rows: list[WeekRow] = field(default_factory=list)
    total: Decimal = ZERO
    month: int = 0  # the engagement month the remaining hours are for
    available: Decimal = ZERO  # contracted + carried in + overrides
    logged: Decimal = ZERO
    remaining: Decimal = ZERO


@dataclass
class WeekData:
    person: User
    monday: dt.date
    days: list[dt.date]
    groups: list[EngagementGroup]
    day_totals: list[Decimal]
    total: Decimal
    choices: list[tuple[str, list[tuple[str, str]]]]  # for "add a row": engagement -> ("uuid:phase-key", phase)

    @property
    def rows(self) -> list[WeekRow]:
        return [r for g in self.groups for r in g.rows]


def row_value(key: RowKey) -> str:
    return f"{key.engagement}:{key.phase}"


def parse_row(value: str) -> RowKey | None:
    engagement, sep, phase = (value or "").partition(":")
    if not sep or not engagement or not phase:
        return None
    return RowKey(engagement.strip(), phase.strip())


def loggable_engagements(membership: Membership, sunday: dt.date) -> list[Engagement]:
    """Engagements the member can log time to in a week ending on ``sunday``: visible, running, started."""
    return list(visible_engagements(membership).filter(archived=False, start_date__lte=sunday)
                .prefetch_related("phases", "contract_terms", "overrides", "month_closes")
                .order_by("client__name", "name"))


def person_entries(membership: Membership, person: User, first: dt.date, last: dt.date) -> list[TimeEntry]:
    engagements = visible_engagements(membership)
    return list(TimeEntry.objects.filter(workspace=membership.workspace, user=person, date__gte=first, date__lte=last,
                                         engagement__in=engagements).select_related("engagement", "phase"))


def rows_worked(membership: Membership, person: User, monday: dt.date) -> list[RowKey]:
    """The rows a person has hours on in the week starting ``monday`` (for "copy last week's rows")."""
    entries = person_entries(membership, person, monday, monday + dt.timedelta(days=6))
    return sorted({RowKey(str(e.engagement.uuid), e.phase.key) for e in entries})


def remaining_hours(engagement: Engagement, day: dt.date) -> tuple[int, Decimal, Decimal]:
    """(month, available hours, logged hours) of the engagement month of ``day`` (the month's one set of
    figures: the available hours include the extra hours approved)."""
    day = max(min(day, queries.engagement_today(engagement)), engagement.start_date)
    k = month_index(engagement.start_date, day)
    month = queries.month_hours(engagement, upto=k)[k - 1]
    return k, month.available, month.logged


def week_data(
    membership: Membership, person: User, monday: dt.date, *, extra_rows: Iterable[RowKey] = (),
) -> WeekData:
    days = week_days(monday)
    engagements = loggable_engagements(membership, days[-1])
    by_uuid = {str(e.uuid): e for e in engagements}
    hours: dict[RowKey, list[Decimal]] = defaultdict(lambda: [ZERO] * 7)
    phases: dict[RowKey, EngagementPhase] = {}
    for e in person_entries(membership, person, days[0], days[-1]):
        key = RowKey(str(e.engagement.uuid), e.phase.key)
        by_uuid.setdefault(key.engagement, e.engagement)
        phases[key] = e.phase
        hours[key][(e.date - monday).days] += Decimal(e.hours)
    for key in extra_rows:
        eng = by_uuid.get(key.engagement)
        phase = next((p for p in eng.phases.all() if p.key == key.phase), None) if eng else None
        if phase is not None and key not in phases:
            phases[key] = phase
            hours[key]  # noqa: B018 -- an empty row
    groups: dict[str, EngagementGroup] = {}
    for key in sorted(phases, key=lambda k: (by_uuid[k.engagement].client.name, by_uuid[k.engagement].name,
                                             k.engagement, phases[k].order)):
        eng = by_uuid[key.engagement]
        group = groups.get(key.engagement)
        if group is None:
            group = groups[key.engagement] = EngagementGroup(engagement=eng)
        row = WeekRow(key=key, engagement=eng, phase=phases[key], hours=hours[key], total=sum(hours[key], ZERO))
        group.rows.append(row)
        group.total += row.total
    for group in groups.values():
        group.month, group.available, group.logged = remaining_hours(group.engagement, days[-1])
        group.remaining = max(group.available - group.logged, ZERO)
    day_totals = [sum((r.hours[i] for g in groups.values() for r in g.rows), ZERO) for i in range(7)]
    choices = [
        (f"{e.client.name} · {e.name}", [(row_value(RowKey(str(e.uuid), p.key)), queries.display_name(p, fallback=e.language))
                                         for p in e.phases.all() if RowKey(str(e.uuid), p.key) not in phases])
        for e in engagements
    ]
    choices = [(label, options) for label, options in choices if options]
    return WeekData(person=person, monday=monday, days=days, groups=list(groups.values()), day_totals=day_totals,
                    total=sum(day_totals, ZERO), choices=choices)


def cell_values(
    data: WeekData, typed: Mapping[tuple[RowKey, int], str], fmt: Callable[[Decimal], str],
) -> dict[tuple[RowKey, int], str]:
    """What each cell shows: what was typed (after a refusal or adding a row), else the saved hours."""
    out: dict[tuple[RowKey, int], str] = {}
    for row in data.rows:
        for i, h in enumerate(row.hours):
            out[(row.key, i)] = typed.get((row.key, i), fmt(h) if h else "")
    return out
