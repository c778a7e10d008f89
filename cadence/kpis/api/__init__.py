"""The KPIs in the JSON API, mounted by the central API through ``KpisConfig.api_router``: KPIs (list, one,
create, change, delete) with their monthly values, status and reason (worded in the request's language),
values entered by hand, control points and their decisions, the member's alerts, and a re-evaluation. The same
permissions as the pages: ``kpis.view`` reads (the team; the client's approver and viewer for their client),
``kpis.edit`` writes KPIs and control points (owners, managers), ``kpis.enter`` enters values (the team).
Values and levels are decimal strings in the KPI's unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import (
    MEMBER,
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
)
from cadence.api.schemas import Date, In
from cadence.core import validation as v
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest
from cadence.kpis import access, queries, services
from cadence.kpis.models import ControlPoint, Kpi
from cadence.plans import queries as plan_queries

router = Router(tags=["kpis"])
VIEW = client_capability("kpis.view", via="engagement")
EDIT = capability("kpis.edit")
ENTER = capability("kpis.enter")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}/kpis"
K = E + "/{uuid:kpi}"

Value = Annotated[str, Field(pattern=r"^-?[0-9]{1,14}([.,][0-9]{1,4})?$", examples=["1.6"],
                             description="A decimal string, at most 14 digits before the point and 4 after.")]
Line = Annotated[str, Field(max_length=200, pattern=v.LINE_PATTERN)]
Unit = Annotated[str, Field(max_length=services.UNIT_MAX, pattern=v.LINE_PATTERN)]
KpiName = Annotated[str, Field(min_length=1, max_length=services.NAME_MAX, pattern=v.NAME_PATTERN)]
AggregationIn = Literal["sum", "average", "last"]
MetricIn = Annotated[str, Field(json_schema_extra={"enum": list(plan_queries.METRICS)},
                                pattern="^(" + "|".join(k.replace(".", r"\.") for k in plan_queries.METRICS) + ")$",
                                description="A metric key (or \"manual\": values entered by hand).")]
PlatformIn = Literal["", "meta_ads", "google_ads", "tiktok_ads", "linkedin_ads", "ga4", "instagram", "facebook"]
ChannelGroupIn = Annotated[str, Field(pattern="^(|" + "|".join(g.replace("-", r"\-")
                                                               for g in queries.channel_groups()) + ")$",
                                      description="A GA4 default channel group, or \"\" for all.")]
DecisionText = Annotated[str, Field(min_length=1, max_length=services.DECISION_MAX, pattern=v.REASON_PATTERN,
                                    description="Markdown.")]
DirectionIn = Literal["up", "down"]


class KpiPointOut(Schema):
    month: dt.date
    value: Decimal | None


class KpiProjectionOut(Schema):
    value: Decimal
    low: Decimal = Field(..., description="The 80 % range's low end.")
    high: Decimal
    on: dt.date


class KpiOut(Schema):
    id: UUID
    name: str
    metric: str
    metric_label: str
    unit: str
    aggregation: str
    direction: str
    platform: str
    campaign_contains: str
    channel_group: str
    baseline: Decimal | None
    acceptable: Decimal | None
    optimal: Decimal | None
    best: Decimal | None
    due: dt.date | None
    manual: bool = Field(..., description="Filled by values entered by hand.")
    source: str = Field(..., description='"plan" (imported from an SMM task of the plan) or "direct".')
    current: Decimal | None
    previous: Decimal | None
    progress: Decimal | None = Field(..., description="Share of the way from the baseline to the acceptable level.")
    values: list[KpiPointOut]
    projection: KpiProjectionOut | None
    status: str
    status_label: str
    status_code: str
    reason: str


class KpiIn(In):
    name: KpiName
    metric: MetricIn
    aggregation: AggregationIn = "sum"
    direction: DirectionIn | None = Field(None, description="Default: the metric's.")
    platform: PlatformIn = ""
    campaign_contains: Line = ""
    channel_group: ChannelGroupIn = ""
    unit: Unit = ""
    baseline: Value | None = None
    baseline_date: Date | None = None
    acceptable: Value | None = None
    optimal: Value | None = None
    best: Value | None = None
    due: Date | None = None


class KpiPatch(In):
    name: KpiName | None = None
    metric: MetricIn | None = None
    aggregation: AggregationIn | None = None
    direction: DirectionIn | None = None
    platform: PlatformIn | None = None
    campaign_contains: Line | None = None
    channel_group: ChannelGroupIn | None = None
    unit: Unit | None = None
    baseline: Value | None = None
    baseline_date: Date | None = None
    acceptable: Value | None = None
    optimal: Value | None = None
    best: Value | None = None
    due: Date | None = None


class KpiEntryOut(Schema):
    id: UUID
    day: dt.date
    value: Decimal
    note: str


class KpiEntryIn(In):
    day: Date
    value: Value
    note: Annotated[str, Field(max_length=services.NOTE_MAX, pattern=v.LINE_PATTERN)] = ""


class KpiReviewOut(Schema):
    id: UUID
    review_on: dt.date
    decision: str = Field(..., description="Markdown.")
    decided_at: dt.datetime | None
    value: Decimal | None
    status: str
    task: UUID | None = Field(..., description="The board card the decision created.")


class KpiReviewIn(In):
    review_on: Date


class KpiDecisionIn(In):
    decision: DecisionText
    create_task: bool = True
    task_title: Line = ""


class KpiAlertOut(Schema):
    id: UUID
    kpi: UUID
    kpi_name: str
    engagement: UUID
    old_status: str
    new_status: str
    reason: str
    created_at: dt.datetime
    read: bool


class KpiEvaluatedOut(Schema):
    alerts: int


class KpiImportedOut(Schema):
    created: int
    updated: int
    unchanged: int


def _context(request: ApiRequest, engagement: UUID) -> tuple[Membership, Any]:
    membership = request.membership
    return membership, get_engagement(membership, engagement)


def _card(card: queries.KpiCard, kpi: Kpi) -> dict[str, Any]:
    p = card.projection
    return {"id": card.uuid, "name": card.name, "metric": card.metric_key, "metric_label": card.metric_label,
            "unit": card.unit, "aggregation": card.aggregation, "direction": card.direction,
            "platform": kpi.platform, "campaign_contains": kpi.campaign_contains, "channel_group": kpi.channel_group,
            "baseline": card.baseline, "acceptable": card.acceptable, "optimal": card.optimal, "best": card.best,
            "due": card.due, "manual": card.manual, "source": card.source, "current": card.current,
            "previous": card.previous, "progress": card.progress,
            "values": [{"month": s.start, "value": s.value} for s in card.series],
            "projection": None if p is None else {"value": p.value, "low": p.low, "high": p.high, "on": p.on},
            "status": card.status, "status_label": card.status_label, "status_code": card.status_code,
            "reason": card.reason}


def _cards(engagement: Any) -> list[dict[str, Any]]:
    today = queries.engagement_today(engagement)
    kpis = {str(k.uuid): k for k in queries.kpi_list(engagement)}
    return [_card(c, kpis[c.uuid]) for c in queries.kpi_cards(engagement, first=today.replace(day=1), last=today,
                                                                today=today)]


def _one(engagement: Any, kpi: Kpi) -> dict[str, Any]:
    return next(c for c in _cards(engagement) if c["id"] == str(kpi.uuid))


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "metric" in out:
        out["metric_key"] = out.pop("metric")
    return out


def _review(point: ControlPoint) -> dict[str, Any]:
    return {"id": point.uuid, "review_on": point.review_on, "decision": point.decision,
            "decided_at": point.decided_at, "value": point.value, "status": point.status,
            "task": point.task.uuid if point.task is not None else None}


@router.get(E, response={200: list[KpiOut], **READ_ERRORS},
            summary="The engagement's KPIs with their monthly values, projection, status and reason",
            openapi_extra=declare(VIEW))
def kpi_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    _membership, obj = _context(request, engagement)
    return _cards(obj)


@router.post(E, response={201: KpiOut, **WRITE_ERRORS}, summary="Add a KPI", openapi_extra=declare(EDIT))
def kpi_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: KpiIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    data = _fields(payload.dict())
    if data.get("direction") is None:
        data.pop("direction", None)
    kpi = services.create_kpi(actor=request.auth, membership=membership, engagement=obj, **data)
    return Status(201, _one(obj, kpi))


@router.post(E + "/import-plan", response={200: KpiImportedOut, **WRITE_ERRORS},
             summary="Import a KPI for each SMM task of the plan that has a metric (idempotent)",
             openapi_extra=declare(EDIT))
def kpi_import(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, int]:
    membership, obj = _context(request, engagement)
    return services.import_from_plan(obj, actor=request.auth, membership=membership)


@router.post(E + "/evaluate", response={200: KpiEvaluatedOut, **WRITE_ERRORS},
             summary="Evaluate the KPIs now (statuses, reasons, alerts for a status that worsened)",
             openapi_extra=declare(EDIT))
def kpi_evaluate(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, int]:
    _membership, obj = _context(request, engagement)
    return {"alerts": len(services.evaluate_engagement(obj))}


@router.get(K, response={200: KpiOut, **READ_ERRORS}, summary="One KPI", openapi_extra=declare(VIEW))
def kpi_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID) -> dict[str, Any]:
    _membership, obj = _context(request, engagement)
    return _one(obj, access.get_kpi(obj, kpi))


@router.patch(K, response={200: KpiOut, **WRITE_ERRORS}, summary="Change a KPI (fields left out stay)",
              openapi_extra=declare(EDIT))
def kpi_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID,
               payload: KpiPatch) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = access.get_kpi(obj, kpi)
    data = _fields(payload.dict(exclude_unset=True))
    for required in ("name", "metric_key", "aggregation", "direction"):
        if required in data and data[required] is None:
            data.pop(required)
    services.update_kpi(actor=request.auth, membership=membership, kpi=row, **data)
    return _one(obj, row)


@router.delete(K, response={204: None, **WRITE_ERRORS}, summary="Delete a KPI with its values and reviews",
               openapi_extra=declare(EDIT))
def kpi_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    services.delete_kpi(actor=request.auth, membership=membership, kpi=access.get_kpi(obj, kpi))
    return Status(204, None)


@router.get(K + "/entries", response={200: list[KpiEntryOut], **READ_ERRORS},
            summary="The values entered by hand, newest first", openapi_extra=declare(VIEW))
def entry_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID) -> list[dict[str, Any]]:
    _membership, obj = _context(request, engagement)
    return [{"id": e.uuid, "day": e.day, "value": e.value, "note": e.note}
            for e in queries.entries_of(access.get_kpi(obj, kpi))]


@router.post(K + "/entries", response={201: KpiEntryOut, **WRITE_ERRORS},
             summary="Enter a value by hand (a second value on the same day replaces it)",
             openapi_extra=declare(ENTER))
def entry_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID,
              payload: KpiEntryIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    entry = services.add_entry(actor=request.auth, membership=membership, kpi=access.get_kpi(obj, kpi),
                               **payload.dict())
    return Status(201, {"id": entry.uuid, "day": entry.day, "value": entry.value, "note": entry.note})


@router.delete(K + "/entries/{uuid:kpi_entry}", response={204: None, **WRITE_ERRORS},
               summary="Delete a value entered by hand", openapi_extra=declare(ENTER))
def entry_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID,
                 kpi_entry: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    row = access.get_kpi(obj, kpi)
    services.delete_entry(actor=request.auth, membership=membership, entry=access.get_entry(row, kpi_entry))
    return Status(204, None)


@router.get(K + "/reviews", response={200: list[KpiReviewOut], **READ_ERRORS},
            summary="The KPI's control points and their decisions", openapi_extra=declare(VIEW))
def review_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID) -> list[dict[str, Any]]:
    _membership, obj = _context(request, engagement)
    return [_review(p) for p in queries.control_points_of(access.get_kpi(obj, kpi))]


@router.post(K + "/reviews", response={201: KpiReviewOut, **WRITE_ERRORS}, summary="Plan a control point",
             openapi_extra=declare(EDIT))
def review_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID,
               payload: KpiReviewIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    point = services.add_control_point(actor=request.auth, membership=membership, kpi=access.get_kpi(obj, kpi),
                                       review_on=payload.review_on, reviewer=request.auth)
    return Status(201, _review(point))


@router.post(K + "/reviews/{uuid:kpi_review}/decision", response={200: KpiReviewOut, **WRITE_ERRORS},
             summary="Record a control point's decision (optionally a card on the board)",
             openapi_extra=declare(EDIT))
def review_decide(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID, kpi_review: UUID,
                  payload: KpiDecisionIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    point = access.get_control_point(access.get_kpi(obj, kpi), kpi_review)
    point = services.record_decision(actor=request.auth, membership=membership, point=point, **payload.dict())
    return _review(point)


@router.delete(K + "/reviews/{uuid:kpi_review}", response={204: None, **WRITE_ERRORS},
               summary="Delete a control point", openapi_extra=declare(EDIT))
def review_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, kpi: UUID,
                  kpi_review: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    point = access.get_control_point(access.get_kpi(obj, kpi), kpi_review)
    services.delete_control_point(actor=request.auth, membership=membership, point=point)
    return Status(204, None)


@router.get("/workspaces/{workspace}/kpi-alerts", response={200: list[KpiAlertOut], **READ_ERRORS},
            summary="Your KPI alerts, newest first", openapi_extra=declare(MEMBER))
def alert_list(request: ApiRequest, workspace: WorkspaceSlug, unread: bool = False) -> list[dict[str, Any]]:
    rows = queries.unread_alerts(request.membership) if unread else queries.alerts(request.membership)
    return [{"id": a.uuid, "kpi": a.kpi_uuid, "kpi_name": a.kpi, "engagement": a.engagement_uuid,
             "old_status": a.old_status, "new_status": a.new_status, "reason": a.reason,
             "created_at": a.created_at, "read": a.read} for a in rows]


@router.post("/workspaces/{workspace}/kpi-alerts/read", response={200: KpiEvaluatedOut, **WRITE_ERRORS},
             summary="Mark all your KPI alerts read", openapi_extra=declare(MEMBER))
def alerts_read(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, int]:
    return {"alerts": services.mark_all_read(membership=request.membership)}
