"""The engagement dashboard in the JSON API, mounted by the central API through ``DashboardConfig.api_router``:
the same figures as the page (``queries.dashboard``), for the same periods (``period``: month, last_month,
quarter, or custom with ``from`` and ``to``) and with the previous period beside each. ``dashboard.view`` reads
it (the team; the client's approver and viewer for their client). Amounts are decimal strings in the
engagement's currency; a period that cannot be shown is a 400 naming the problem in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Query, Schema

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, Router, client_capability, declare
from cadence.api.schemas import ErrorOut
from cadence.core.errors import DomainError
from cadence.dashboard import queries
from cadence.dashboard.domain import periods
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import ApiRequest

router = Router(tags=["dashboard"])
VIEW = client_capability("dashboard.view", via="engagement")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}/dashboard"
PeriodIn = Literal["month", "last_month", "quarter", "custom"]
DayText = Annotated[str, Field(max_length=40)]


class DashboardPeriodFilters(Schema):
    period: PeriodIn = Field("last_month", description="this month (to today), last month, this quarter (to today) or "
                                                  "custom (from .. to)")
    first: Annotated[DayText, Query(alias="from", description="custom: the first day (YYYY-MM-DD)")] = ""
    last: Annotated[DayText, Query(alias="to", description="custom: the last day (YYYY-MM-DD)")] = ""


class DashboardPeriodOut(Schema):
    kind: str
    first: dt.date
    last: dt.date


class DashboardFigureOut(Schema):
    current: Decimal
    previous: Decimal | None
    change: Decimal | None = Field(..., description="The change in percent from the previous period (null: nothing "
                                                    "to compare with).")


class DashboardKpiOut(Schema):
    id: UUID
    name: str
    metric_key: str
    unit: str
    status: str
    status_label: str
    reason: str
    month: dt.date | None = Field(..., description="The month the values are of: the one holding the period's last "
                                                   "day (KPIs are controlled by month); previous: the month before.")
    current: Decimal | None
    previous: Decimal | None
    change: Decimal | None


class DashboardPlatformSpendOut(Schema):
    platform: str
    label: str
    spend: DashboardFigureOut


class DashboardSpendOut(Schema):
    months: list[dt.date] = Field(..., description="The budget's months the period touches.")
    has_budget: bool
    planned: Decimal = Field(..., description="Advertising planned in those months.")
    available: Decimal | None = Field(..., description="Planned plus what earlier months carried over.")
    recorded: Decimal | None = Field(..., description="Advertising recorded in the budget (typed and imported).")
    used_percent: int | None
    imported: DashboardFigureOut = Field(..., description="The spend of the period's days in the imported data.")
    by_platform: list[DashboardPlatformSpendOut]


class DashboardChannelOut(Schema):
    channel: str = Field(..., description="GA4's default channel group (its English name); \"\" for the total.")
    label: str
    sessions: DashboardFigureOut
    engaged_sessions: DashboardFigureOut
    key_events: DashboardFigureOut
    revenue: DashboardFigureOut


class DashboardPostOut(Schema):
    platform: str
    item: str
    day: dt.date
    interactions: int
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    reach: int | None
    impressions: int | None
    caption: str
    permalink: str


class DashboardHoursOut(Schema):
    month: int
    start: dt.date
    end: dt.date
    contracted: Decimal
    available: Decimal
    logged: Decimal
    remaining: Decimal
    usage_percent: int
    level: str


class DashboardScheduleOut(Schema):
    phase: str
    phase_status: str
    phase_start: dt.date | None
    phase_end: dt.date | None
    next_gate: str
    gate_status: str
    gate_date: dt.date | None


class DashboardOut(Schema):
    period: DashboardPeriodOut
    previous: DashboardPeriodOut
    currency: str
    kpis: list[DashboardKpiOut]
    spend: DashboardSpendOut
    channels: list[DashboardChannelOut]
    channel_total: DashboardChannelOut | None
    top_posts: list[DashboardPostOut]
    hours: DashboardHoursOut | None = Field(..., description="This month's hours (null before the engagement starts).")
    schedule: DashboardScheduleOut


def _figure(f: queries.Figure) -> dict[str, Any]:
    return {"current": f.current, "previous": f.previous, "change": f.change}


def _channel(c: queries.ChannelView) -> dict[str, Any]:
    return {"channel": c.channel, "label": c.label, "sessions": _figure(c.sessions),
            "engaged_sessions": _figure(c.engaged_sessions), "key_events": _figure(c.key_events),
            "revenue": _figure(c.revenue)}


def _kpi(card: Any) -> dict[str, Any]:
    return {"id": card.uuid, "name": card.name, "metric_key": card.metric_key, "unit": card.unit,
            "status": card.status, "status_label": card.status_label, "reason": card.reason,
            "month": card.series[-1].start if card.series else None, "current": card.current,
            "previous": card.previous, "change": card.change}


def body(view: queries.DashboardView) -> dict[str, Any]:
    """The API's shape of the dashboard's view."""
    s, h, sch = view.spend, view.hours, view.schedule
    return {
        "period": {"kind": view.choice.current.kind, "first": view.first, "last": view.last},
        "previous": {"kind": "previous", "first": view.previous.first, "last": view.previous.last},
        "currency": view.currency,
        "kpis": [_kpi(t.card) for t in view.kpis],
        "spend": {"months": s.months, "has_budget": s.has_budget, "planned": s.planned, "available": s.available,
                  "recorded": s.recorded, "used_percent": s.used_percent, "imported": _figure(s.imported),
                  "by_platform": [{"platform": p.platform, "label": p.label, "spend": _figure(p.spend)}
                                  for p in s.by_platform]},
        "channels": [_channel(c) for c in view.channels],
        "channel_total": _channel(view.channel_total) if view.channel_total else None,
        "top_posts": [{"platform": p.platform, "item": p.item, "day": p.day, "interactions": p.interactions,
                       "likes": p.likes, "comments": p.comments, "shares": p.shares, "saves": p.saves,
                       "reach": p.reach, "impressions": p.impressions, "caption": p.caption,
                       "permalink": p.permalink} for p in view.posts],
        "hours": None if h is None else {
            "month": h.index, "start": h.start, "end": h.end, "contracted": h.contracted, "available": h.available,
            "logged": h.logged, "remaining": h.remaining, "usage_percent": h.usage_percent, "level": h.level},
        "schedule": {"phase": sch.phase_name, "phase_status": sch.phase_status, "phase_start": sch.phase_start,
                     "phase_end": sch.phase_end, "next_gate": sch.gate_name, "gate_status": sch.gate_status,
                     "gate_date": sch.gate_date},
    }


@router.get(E, response={200: DashboardOut, 400: ErrorOut, **READ_ERRORS},
            summary="The engagement's dashboard for a period, with the previous period beside it",
            openapi_extra=declare(VIEW))
def dashboard_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                  filters: Query[DashboardPeriodFilters]) -> dict[str, Any]:
    obj = get_engagement(request.membership, engagement)
    today = engagement_today(obj)
    try:
        choice = periods.choose(filters.period, today=today, start=filters.first, end=filters.last)
    except periods.PeriodError as exc:
        # the schema cannot state these (a custom period needs both days, in order, each a real date): a rule's
        # refusal, 400
        raise DomainError(queries.period_error(exc), code=exc.code, field=str(exc.params.get("field", "period"))
                          ) from None
    view = queries.dashboard(obj, first=choice.current.first, last=choice.current.last, today=today,
                             membership=request.membership, choice=choice, charts=False)
    return body(view)
