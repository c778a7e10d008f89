"""The agency overview's read models: every active engagement in one table, and the team's capacity.

This app computes no figure of its own: each column is another app's read model, read for every engagement
at once through the batched functions those apps' ``queries`` offer, so the page reads a constant number of
queries whatever the number of engagements (``tests/overview/test_queries.py`` counts them with 5 and 100):

* hours used vs bought this month: ``engagements.queries.this_months`` (the month summaries; the same
  ``this_month`` row as the engagement page's meter and the hours page), its level marks 80 % and 100 %;
* the current phase, the next gate and the late phases: ``engagements.queries.stored_schedules`` (the
  stored schedule; one whose stored copy is not current is computed and stored as any reader does, which
  costs that engagement's own queries once: see the function) and ``names_of``;
* approvals waiting for the client: ``plans.queries.versions_waiting`` and ``content.queries.posts_waiting``;
* KPIs off track: ``kpis.queries.status_counts`` (the stored statuses);
* budget variance this month: ``budget.queries.month_variances`` (the budget's totals, ``domain.totals``);
* overdue cards: ``board.queries.overdue_counts``; the next meeting: ``meetings.queries.upcoming``;
  the last report sent: ``reports.queries.last_sent``.

The team's capacity spreads each person's open cards (``board.queries.open_work``) over the coming weeks
with ``domain.capacity`` against ``Membership.weekly_capacity``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from cadence.board import queries as board_queries
from cadence.budget import queries as budget_queries
from cadence.content import queries as content_queries
from cadence.core import clock
from cadence.core.models import Membership, Role
from cadence.engagements import access as engagement_access
from cadence.engagements import queries as engagement_queries
from cadence.kpis import queries as kpi_queries
from cadence.meetings import queries as meeting_queries
from cadence.overview.domain import capacity as rules
from cadence.overview.domain import table
from cadence.plans import queries as plan_queries
from cadence.reports import queries as report_queries

ZERO = Decimal(0)
PHASE_ORDER = ("in_progress", "awaiting", "waiting", "planned")


@dataclass(frozen=True)
class Meeting:
    title: str
    starts_at: dt.datetime  # in the engagement's zone
    url: str


@dataclass(frozen=True)
class Report:
    month: dt.date
    sent_at: dt.datetime


@dataclass(frozen=True)
class Row:
    engagement: Any
    uuid: str
    name: str
    client_uuid: str
    client_name: str
    manager_uuid: str  # the manager's membership uuid ("" without a manager)
    manager_name: str
    currency: str
    today: dt.date
    hours: engagement_queries.MonthRow | None  # this month's row (level: ok, warning 80 %, full 100 %, over)
    phase_name: str
    phase_status: str
    gate_name: str
    gate_date: dt.date | None
    late: tuple[str, ...]  # the late phases' names
    plan_waiting: bool
    posts_waiting: int
    waiting_since: dt.datetime | None
    waiting_days: int | None
    kpis_off: int
    kpis_at_risk: int
    budget: budget_queries.MonthVariance | None
    overdue: int
    meeting: Meeting | None
    report: Report | None
    flags: frozenset[str]

    @property
    def approvals(self) -> int:
        return int(self.plan_waiting) + self.posts_waiting

    @property
    def budget_text(self) -> dict[str, str]:
        """The budget's month in the engagement's currency: planned, actual and the variance (signed)."""
        if self.budget is None:
            return {}
        return {"planned": budget_queries.money(self.budget.planned, self.currency),
                "actual": budget_queries.money(self.budget.actual, self.currency),
                "variance": budget_queries.money(self.budget.variance, self.currency, signed=True)}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Overview:
    query: table.TableQuery
    rows: list[Row]
    total: int  # active engagements before the filters
    clients: list[Choice]
    managers: list[Choice]


def active_engagements(membership: Membership) -> QuerySet[Any]:
    """The engagements not archived that the member may see, with their client and manager."""
    return (engagement_access.visible_engagements(membership).filter(archived=False)
            .select_related("client", "manager").order_by("client__name", "name", "id"))


def _schedule_facts(schedule: Any, names: tuple[dict[str, str], dict[str, str]], today: dt.date
                    ) -> tuple[str, str, str, dt.date | None, tuple[str, ...]]:
    """The current phase (in progress or awaiting confirmation, else the next to start), the next gate not
    passed, and the late phases: not done and ending after their baseline or before today."""
    phase_names, gate_names = names
    phase = next((p for status in PHASE_ORDER for p in schedule.phases if p.status.value == status), None)
    gate = next((g for g in schedule.gates if g.status != "passed"), None)
    late = tuple(phase_names.get(p.key, p.name) for p in schedule.phases
                 if p.status.value != "done" and (p.end_shift > 0 or (p.end is not None and p.end < today)))
    return (phase_names.get(phase.key, phase.name) if phase else "", phase.status.value if phase else "",
            gate_names.get(gate.key, gate.name) if gate else "", gate.date if gate else None, late)


def _meeting_url(brief: meeting_queries.MeetingBrief) -> str:
    try:
        return reverse(brief.url_name, args=brief.url_args)
    except NoReverseMatch:
        return ""


def rows_of(engagements: Sequence[Any], managers: dict[int, str], now: dt.datetime) -> list[Row]:
    """One row per engagement; every column read for all of them at once."""
    ids = [e.pk for e in engagements]
    todays = {e.pk: engagement_queries.engagement_today(e) for e in engagements}
    hours = engagement_queries.this_months(engagements)
    schedules = engagement_queries.stored_schedules(engagements)
    names = engagement_queries.names_of(engagements)
    plans = plan_queries.versions_waiting(ids)
    posts = content_queries.posts_waiting(ids)
    kpis = kpi_queries.status_counts(ids)
    budgets = budget_queries.month_variances(engagements, {pk: day.replace(day=1) for pk, day in todays.items()})
    overdue = board_queries.overdue_counts(engagements)
    meetings = meeting_queries.upcoming(ids, now=now)
    reports = report_queries.last_sent(ids)
    rows = []
    for e in engagements:
        today = todays[e.pk]
        phase, phase_status, gate, gate_date, late = _schedule_facts(schedules[e.pk], names[e.pk], today)
        waiting = [t for t in (plans.get(e.pk), posts[e.pk].since if e.pk in posts else None) if t is not None]
        since = min(waiting) if waiting else None
        statuses = kpis.get(e.pk, {})
        upcoming = meetings.get(e.pk) or []
        brief = upcoming[0] if upcoming else None
        zone = meeting_queries.zone_of(e)
        sent = reports.get(e.pk)
        variance = budgets.get(e.pk)
        row = Row(
            engagement=e, uuid=str(e.uuid), name=e.name, client_uuid=str(e.client.uuid), client_name=e.client.name,
            manager_uuid=managers.get(e.manager_id or 0, ""),
            manager_name=e.manager.display_name if e.manager_id and e.manager else "", currency=e.currency,
            today=today, hours=hours.get(e.pk), phase_name=phase, phase_status=phase_status, gate_name=gate, gate_date=gate_date,
            late=late, plan_waiting=e.pk in plans, posts_waiting=posts[e.pk].count if e.pk in posts else 0,
            waiting_since=since, waiting_days=max(0, (now - since).days) if since else None,
            kpis_off=statuses.get("off_track", 0), kpis_at_risk=statuses.get("at_risk", 0), budget=variance,
            overdue=overdue.get(e.pk, 0),
            meeting=Meeting(brief.title, brief.starts_at.astimezone(zone), _meeting_url(brief)) if brief else None,
            report=Report(sent.month, sent.sent_at) if sent else None, flags=frozenset())
        rows.append(_flagged(row))
    return rows


def _flagged(row: Row) -> Row:
    flags = set()
    if row.hours is not None and row.hours.level in ("warning", "full", "over"):
        flags.add("hours80")
    if row.hours is not None and row.hours.level in ("full", "over"):
        flags.add("hours100")
    if row.kpis_off:
        flags.add("kpis")
    if row.overdue:
        flags.add("overdue")
    if row.late:
        flags.add("late")
    if row.approvals:
        flags.add("approvals")
    if row.budget is not None and row.budget.variance < 0:
        flags.add("budget")
    return _replace(row, flags=frozenset(flags))


def _replace(row: Row, **changes: Any) -> Row:
    import dataclasses

    return dataclasses.replace(row, **changes)


def sort_key(column: str) -> Any:
    """The value a column sorts by (None: no value, always last)."""
    keys: dict[str, Any] = {
        "engagement": lambda r: r.name.casefold(),
        "client": lambda r: r.client_name.casefold(),
        "manager": lambda r: r.manager_name.casefold() or None,
        "hours": lambda r: r.hours.usage_percent if r.hours else None,
        "phase": lambda r: r.phase_name.casefold() or None,
        "gate": lambda r: r.gate_date,
        "late": lambda r: len(r.late),
        "approvals": lambda r: (r.waiting_days or 0, r.approvals) if r.approvals else 0,
        "kpis": lambda r: (r.kpis_off, r.kpis_at_risk),
        "budget": lambda r: r.budget.variance if r.budget else None,
        "overdue": lambda r: r.overdue,
        "meeting": lambda r: r.meeting.starts_at if r.meeting else None,
        "report": lambda r: r.report.sent_at if r.report else None,
    }
    return keys[column]


def overview(membership: Membership, query: table.TableQuery, *, now: dt.datetime | None = None) -> Overview:
    """The table for ``query`` (filters, then the sort); the choices of its client and manager filters."""
    now = now or clock.now()
    engagements = list(active_engagements(membership))
    people = {m.user_id: m for m in Membership.objects.filter(workspace_id=membership.workspace_id)
              .exclude(role=Role.CLIENT).select_related("user")}
    managers = {uid: str(m.uuid) for uid, m in people.items()}
    rows = rows_of(engagements, managers, now)
    clients = sorted({(r.client_uuid, r.client_name) for r in rows}, key=lambda c: c[1].casefold())
    shown = [r for r in rows
             if (not query.client or r.client_uuid == query.client)
             and (not query.manager or r.manager_uuid == ("" if query.manager == table.NO_MANAGER else query.manager))
             and table.matches(r.flags, query.flags)]
    shown = table.ordered(shown, sort_key(query.sort), descending=query.descending,
                          tie=lambda r: (r.client_name.casefold(), r.name.casefold(), r.uuid))
    manager_choices = sorted({(str(people[e.manager_id].uuid), people[e.manager_id].user.display_name)
                              for e in engagements if e.manager_id in people}, key=lambda c: c[1].casefold())
    return Overview(query=query, rows=shown, total=len(rows), clients=[Choice(*c) for c in clients],
                    managers=[Choice(*c) for c in manager_choices])


# --- the team's capacity --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonRow:
    uuid: str
    name: str
    role: str
    role_label: str
    capacity: int
    load: rules.PersonLoad


@dataclass
class Capacity:
    today: dt.date
    starts: tuple[dt.date, ...]
    people: list[PersonRow]


def team_capacity(membership: Membership, *, today: dt.date | None = None) -> Capacity:
    """Each team member's open cards (of the active engagements the member may see) per week, the next six
    weeks from this one, plus "no due date" and "overdue", against their weekly capacity."""
    today = today or clock.localdate()
    engagements = {e.pk: e for e in active_engagements(membership)}
    work = board_queries.open_work(membership.workspace_id, list(engagements))
    calendars = {pk: engagement_queries.working_day_predicate(e) for pk, e in engagements.items()}
    by_person: dict[int, list[rules.Work]] = defaultdict(list)
    for item in work:
        by_person[item.assignee_id].append(
            rules.Work(item.estimate, item.logged, item.due, calendars[item.engagement_id]))
    team = (Membership.objects.filter(workspace_id=membership.workspace_id).exclude(role=Role.CLIENT)
            .select_related("user").order_by("user__full_name", "user__email"))
    people = [PersonRow(str(m.uuid), m.user.display_name, m.role, str(m.get_role_display()), m.weekly_capacity,
                        rules.person_load(m.weekly_capacity, rules.load(by_person.get(m.user_id, []), today)))
              for m in team]
    return Capacity(today=today, starts=rules.week_starts(today), people=people)
