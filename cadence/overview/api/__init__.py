"""The agency overview in the JSON API, mounted by the central API through ``OverviewConfig.api_router``:

* ``GET /workspaces/{ws}/overview``: the overview's rows, with the page's filters and sort (``sort``, ``dir``,
  ``client``, ``manager``, ``flag`` repeated), the same read model as the page (``queries.overview``);
* ``GET /workspaces/{ws}/capacity``: each team member's open work per week against their weekly capacity;
* ``PATCH /workspaces/{ws}/members/{member}/capacity``: a member's weekly capacity (owners and managers:
  ``members.capacity``; ``core.services.set_weekly_capacity``, audited).

``overview.view`` (owners and managers) reads the first two. Hours are decimal strings, amounts decimal strings in
the engagement's currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Query, Schema

from cadence import tenancy
from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare
from cadence.api.schemas import In
from cadence.core import services as core_services
from cadence.http import ApiRequest
from cadence.overview import queries
from cadence.overview.domain import table

router = Router(tags=["overview"])
VIEW = capability("overview.view")

SortIn = Literal["engagement", "client", "manager", "hours", "phase", "gate", "late", "approvals", "kpis", "budget",
                 "overdue", "meeting", "report"]
FlagIn = Literal["hours80", "hours100", "kpis", "overdue", "late", "approvals", "budget"]


class OverviewFilters(Schema):
    sort: SortIn = Field("client", description="The column to sort by.")
    dir: Literal["asc", "desc"] = Field("asc", description="Ascending or descending (rows without a value last).")
    client: UUID | None = Field(None, description="Only this client's engagements.")
    manager: Annotated[str, Field(max_length=40, pattern=r"^(none|[0-9a-fA-F-]{32,36})?$",
                                  description="Only the engagements this member manages (their member id), or "
                                              "\"none\": without a manager.")] = ""
    flag: list[FlagIn] = Field([], description="Needs attention: only the rows raising every flag given.")


class OverviewHoursOut(Schema):
    month: int
    start: dt.date
    end: dt.date
    available: Decimal
    logged: Decimal
    remaining: Decimal
    usage_percent: int
    level: str = Field(..., description="ok, warning (80 % or more), full (100 %) or over.")


class OverviewBudgetOut(Schema):
    month: dt.date
    planned: Decimal
    actual: Decimal | None = Field(..., description="null: nothing recorded for the month yet.")
    variance: Decimal = Field(..., description="planned − actual (negative: over budget).")


class OverviewMeetingOut(Schema):
    title: str
    starts_at: dt.datetime


class OverviewReportOut(Schema):
    month: dt.date
    sent_at: dt.datetime


class OverviewRowOut(Schema):
    engagement: UUID
    name: str
    client: UUID
    client_name: str
    manager: UUID | None = Field(..., description="The manager's member id.")
    manager_name: str
    currency: str
    hours: OverviewHoursOut | None = Field(..., description="This month's hours (null before the start).")
    phase: str
    phase_status: str
    next_gate: str
    gate_date: dt.date | None
    late_phases: list[str]
    plan_waiting: bool = Field(..., description="A plan version waits for the client's approval.")
    posts_waiting: int
    waiting_since: dt.datetime | None
    waiting_days: int | None
    kpis_off_track: int
    kpis_at_risk: int
    budget: OverviewBudgetOut | None = Field(..., description="This month's budget, every category.")
    overdue_tasks: int
    next_meeting: OverviewMeetingOut | None
    last_report: OverviewReportOut | None
    flags: list[str]


class OverviewOut(Schema):
    total: int = Field(..., description="Active engagements before the filters.")
    rows: list[OverviewRowOut]


class CapacityWeekOut(Schema):
    start: dt.date = Field(..., description="The week's Monday.")
    hours: Decimal
    over: bool = Field(..., description="More hours than the weekly capacity.")


class CapacityPersonOut(Schema):
    member: UUID
    name: str
    role: str
    weekly_capacity: int
    weeks: list[CapacityWeekOut]
    later: Decimal = Field(..., description="Hours due after the last week shown.")
    no_due_date: Decimal
    overdue: Decimal
    open_tasks: int
    unestimated_tasks: int


class TeamCapacityOut(Schema):
    today: dt.date
    people: list[CapacityPersonOut]


class CapacityIn(In):
    weekly_capacity: int = Field(..., ge=0, le=168, description="Hours a week, 0 to 168.")


class MemberCapacityOut(Schema):
    member: UUID
    weekly_capacity: int


def _row(r: queries.Row) -> dict[str, Any]:
    h, b = r.hours, r.budget
    return {
        "engagement": r.uuid, "name": r.name, "client": r.client_uuid, "client_name": r.client_name,
        "manager": r.manager_uuid or None, "manager_name": r.manager_name, "currency": r.currency,
        "hours": None if h is None else {"month": h.index, "start": h.start, "end": h.end, "available": h.available,
                                         "logged": h.logged, "remaining": h.remaining,
                                         "usage_percent": h.usage_percent, "level": h.level},
        "phase": r.phase_name, "phase_status": r.phase_status, "next_gate": r.gate_name, "gate_date": r.gate_date,
        "late_phases": list(r.late), "plan_waiting": r.plan_waiting, "posts_waiting": r.posts_waiting,
        "waiting_since": r.waiting_since, "waiting_days": r.waiting_days, "kpis_off_track": r.kpis_off,
        "kpis_at_risk": r.kpis_at_risk,
        "budget": None if b is None else {"month": b.month, "planned": b.planned, "actual": b.actual,
                                          "variance": b.variance},
        "overdue_tasks": r.overdue,
        "next_meeting": None if r.meeting is None else {"title": r.meeting.title, "starts_at": r.meeting.starts_at},
        "last_report": None if r.report is None else {"month": r.report.month, "sent_at": r.report.sent_at},
        "flags": sorted(r.flags),
    }


@router.get("/workspaces/{workspace}/overview", response={200: OverviewOut, **READ_ERRORS},
            summary="Every active engagement at once, filtered and sorted as the overview page",
            openapi_extra=declare(VIEW))
def overview_get(request: ApiRequest, workspace: WorkspaceSlug, filters: Query[OverviewFilters]) -> dict[str, Any]:
    query = table.parse({"sort": filters.sort, "dir": filters.dir, "client": str(filters.client or ""),
                         "manager": filters.manager}, filters.flag)
    view = queries.overview(request.membership, query)
    return {"total": view.total, "rows": [_row(r) for r in view.rows]}


@router.get("/workspaces/{workspace}/capacity", response={200: TeamCapacityOut, **READ_ERRORS},
            summary="The team's open work per week against each person's weekly capacity",
            openapi_extra=declare(VIEW))
def capacity_get(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, Any]:
    view = queries.team_capacity(request.membership)
    return {"today": view.today, "people": [{
        "member": p.uuid, "name": p.name, "role": p.role, "weekly_capacity": p.capacity,
        "weeks": [{"start": c.start, "hours": c.hours, "over": c.over} for c in p.load.cells],
        "later": p.load.load.later, "no_due_date": p.load.load.no_due, "overdue": p.load.load.overdue,
        "open_tasks": p.load.load.cards, "unestimated_tasks": p.load.load.unestimated} for p in view.people]}


@router.patch("/workspaces/{workspace}/members/{uuid:member}/capacity", response={200: MemberCapacityOut, **WRITE_ERRORS},
              summary="Change a team member's weekly capacity", openapi_extra=declare(capability("members.capacity")))
def member_capacity(request: ApiRequest, workspace: WorkspaceSlug, member: UUID, payload: CapacityIn) -> dict[str, Any]:
    target = tenancy.get_member(request.membership, member)
    core_services.set_weekly_capacity(actor=request.auth, member=target, hours=payload.weekly_capacity)
    return {"member": target.uuid, "weekly_capacity": target.weekly_capacity}
