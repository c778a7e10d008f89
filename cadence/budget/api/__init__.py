"""The budget in the JSON API, mounted by the central API through ``BudgetConfig.api_router``: the whole budget
(lines, cells, totals, the advertising rollover), its settings, lines (create, change, delete, reorder), planned
and actual amounts in bulk (all or nothing), the rollover alone and the Excel file. The same permissions as
the pages: ``budget.view`` reads (the team; the client's approver and viewer for their client),
``budget.edit`` writes (owners and managers). Amounts are decimal strings in the engagement's currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from ninja import Field, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import (
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
    unknown,
)
from cadence.api.schemas import Date, In, Name
from cadence.budget import excel, queries, services
from cadence.budget.access import get_line
from cadence.budget.models import BudgetLine
from cadence.core import validation as v
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import ApiRequest

router = Router(tags=["budget"])
VIEW = client_capability("budget.view", via="engagement")
EDIT = capability("budget.edit")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}/budget"
L = E + "/lines/{uuid:budget_line}"

# Money is written as a decimal string (never a binary float): "1250", "1250.5", "9999999999.99".
Amount = Annotated[str, Field(pattern=r"^[0-9]{1,10}(\.[0-9]{1,2})?$", examples=["1250.50"],
                              description="A decimal string from 0 to 9999999999.99, at most two decimals.")]
CategoryIn = Literal["software_tools", "advertising", "services", "digital_assets"]
ChannelIn = Literal["", "meta", "google_ads", "tiktok", "linkedin", "youtube", "telegram_ads", "yandex_direct", "other"]
Note = Annotated[str, Field(max_length=services.NOTE_MAX, pattern=v.LINE_PATTERN)]


class BudgetSettingsOut(Schema):
    first_month: dt.date
    months: int
    overspend_reduces_next: bool = Field(..., description="An overspend is taken from the next month's advertising.")
    currency: str = Field(..., description="The engagement's currency.")


class BudgetSettingsIn(In):
    first_month: Date = Field(..., description="Any day of the budget's first month.")
    months: Annotated[int, Field(ge=1, le=services.MONTHS_MAX)]
    overspend_reduces_next: bool = True


class CellOut(Schema):
    month: dt.date
    planned: Decimal | None
    actual: Decimal | None = Field(..., description="Manual plus imported; null when nothing is recorded.")
    manual: Decimal | None
    imported: Decimal | None
    note: str


class LineOut(Schema):
    id: UUID
    category: str
    channel: str
    name: str
    objective: UUID | None
    initiative: UUID | None
    position: int
    planned: Decimal
    actual: Decimal
    variance: Decimal
    cells: list[CellOut]


class LineIn(In):
    category: CategoryIn
    name: Name
    channel: ChannelIn = ""
    objective: UUID | None = Field(None, description="An objective of the engagement's marketing plan (its uid).")
    initiative: UUID | None = Field(None, description="An initiative of the engagement's roadmap.")


class LinePatch(In):
    category: CategoryIn | None = None
    name: Name | None = None
    channel: ChannelIn | None = None
    objective: UUID | None = None
    initiative: UUID | None = None


class OrderIn(In):
    order: list[UUID] = Field(..., description="Every line's id, once, in the new order.")


class CellIn(In):
    line: UUID
    period: Date = Field(..., description="Any day of the month.")
    planned: Amount | None = Field(None, description="Left out: unchanged; null: cleared.")
    actual: Amount | None = Field(None, description="The manual actual amount. Left out: unchanged; null: cleared.")
    note: Note | None = None


class CellsIn(In):
    cells: list[CellIn] = Field(..., max_length=5000)


class SavedOut(Schema):
    changed: int


class SumOut(Schema):
    planned: Decimal
    actual: Decimal
    variance: Decimal


class MonthSumOut(SumOut):
    month: dt.date


class CategorySumOut(SumOut):
    category: str
    label: str


class RolloverOut(Schema):
    month: dt.date
    planned: Decimal
    carried_in: Decimal
    available: Decimal
    actual: Decimal | None
    difference: Decimal | None = Field(..., description="available − actual: > 0 unspent, < 0 overspent.")
    carried_out: Decimal
    explanation: str


class BudgetOut(Schema):
    settings: BudgetSettingsOut
    months: list[dt.date]
    lines: list[LineOut]
    by_month: list[MonthSumOut]
    by_category: list[CategorySumOut]
    total: SumOut
    rollover: list[RolloverOut]


def _context(request: ApiRequest, engagement: UUID) -> tuple[Membership, Any]:
    membership = request.membership
    return membership, get_engagement(membership, engagement)


def _settings(view: queries.BudgetView) -> dict[str, Any]:
    s = view.settings
    return {"first_month": s.first_month, "months": s.months, "overspend_reduces_next": s.overspend_reduces_next,
            "currency": view.currency}


def _line(lv: queries.LineView) -> dict[str, Any]:
    line = lv.line
    return {"id": line.uuid, "category": line.category, "channel": line.channel, "name": line.name,
            "objective": line.objective_uid, "initiative": line.initiative.uuid if line.initiative else None,
            "position": line.position, "planned": lv.planned, "actual": lv.actual, "variance": lv.variance,
            "cells": [{"month": c.month, "planned": c.planned, "actual": c.actual, "manual": c.manual,
                       "imported": c.imported, "note": c.note} for c in lv.cells]}


def _sum(s: Any) -> dict[str, Any]:
    return {"planned": s.planned, "actual": s.actual, "variance": s.variance}


def _rollover(view: queries.BudgetView) -> list[dict[str, Any]]:
    return [{"month": r.row.month, "planned": r.row.planned, "carried_in": r.row.carried_in,
             "available": r.row.available, "actual": r.row.actual, "difference": r.row.difference,
             "carried_out": r.row.carried_out, "explanation": r.text} for r in view.rollover]


def _budget(view: queries.BudgetView) -> dict[str, Any]:
    return {"settings": _settings(view), "months": view.months, "lines": [_line(lv) for lv in view.lines],
            "by_month": [{"month": m, **_sum(view.totals.by_month[m])} for m in view.months],
            "by_category": [{"category": k, "label": label, **_sum(view.totals.by_category[k])}
                            for k, label in view.categories],
            "total": _sum(view.totals.total), "rollover": _rollover(view)}


def _one(membership: Membership, engagement: Any, line: BudgetLine) -> dict[str, Any]:
    view = queries.budget_view(membership, engagement)
    return next(_line(lv) for lv in view.lines if lv.line.pk == line.pk)


def _refs(engagement: Any, data: dict[str, Any]) -> dict[str, Any]:
    out = {k: val for k, val in data.items() if k not in ("objective", "initiative")}
    if "objective" in data:
        out["objective_uid"] = data["objective"]
    if "initiative" in data:
        if data["initiative"] is None:
            out["initiative"] = None
        else:
            try:
                out["initiative"] = queries.get_initiative(engagement, data["initiative"])
            except Http404:
                raise unknown("initiative") from None
    return out


@router.get(E, response={200: BudgetOut, **READ_ERRORS},
            summary="The budget: lines with their monthly cells, totals, variances and the advertising rollover",
            openapi_extra=declare(VIEW))
def budget_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    return _budget(queries.budget_view(membership, obj))


@router.get(E + "/rollover", response={200: list[RolloverOut], **READ_ERRORS},
            summary="The advertising rollover: each month's available amount and how it was computed",
            openapi_extra=declare(VIEW))
def rollover_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    return _rollover(queries.budget_view(membership, obj))


@router.get(E + "/export.xlsx", response={200: None, **READ_ERRORS},
            summary="The budget as an Excel workbook whose totals and rollover are formulas",
            openapi_extra=declare(VIEW))
def export_xlsx(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> HttpResponse:
    membership, obj = _context(request, engagement)
    response = HttpResponse(excel.workbook_bytes(queries.budget_view(membership, obj)),
                            content_type=excel.CONTENT_TYPE)
    name = f"{slugify(obj.name, allow_unicode=True) or 'engagement'}-budget-{engagement_today(obj).isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@router.put(E + "/settings", response={200: BudgetSettingsOut, **WRITE_ERRORS}, summary="Change the budget's settings",
            openapi_extra=declare(EDIT))
def settings_put(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                 payload: BudgetSettingsIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    services.update_settings(actor=request.auth, membership=membership, engagement=obj, **payload.dict())
    return _settings(queries.budget_view(membership, obj))


@router.post(E + "/lines", response={201: LineOut, **WRITE_ERRORS}, summary="Add a line",
             openapi_extra=declare(EDIT))
def line_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                payload: LineIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    line = services.create_line(actor=request.auth, membership=membership, engagement=obj,
                                **_refs(obj, payload.dict()))
    return Status(201, _one(membership, obj, line))


@router.put(E + "/lines/order", response={200: list[LineOut], **WRITE_ERRORS},
            summary="Put the lines in a new order", openapi_extra=declare(EDIT))
def lines_order(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                payload: OrderIn) -> list[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    services.reorder_lines(actor=request.auth, membership=membership, engagement=obj, order=payload.order)
    return [_line(lv) for lv in queries.budget_view(membership, obj).lines]


@router.get(L, response={200: LineOut, **READ_ERRORS}, summary="One line with its cells",
            openapi_extra=declare(VIEW))
def line_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, budget_line: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    return _one(membership, obj, get_line(obj, budget_line))


@router.patch(L, response={200: LineOut, **WRITE_ERRORS}, summary="Change a line (fields left out stay)",
              openapi_extra=declare(EDIT))
def line_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, budget_line: UUID,
                payload: LinePatch) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    line = get_line(obj, budget_line)
    data = payload.dict(exclude_unset=True)
    for required in ("category", "name"):
        if required in data and data[required] is None:
            data.pop(required)
    line = services.update_line(actor=request.auth, membership=membership, line=line, **_refs(obj, data))
    return _one(membership, obj, line)


@router.delete(L, response={204: None, **WRITE_ERRORS}, summary="Delete a line and its amounts",
               openapi_extra=declare(EDIT))
def line_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, budget_line: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    services.delete_line(actor=request.auth, membership=membership, line=get_line(obj, budget_line))
    return Status(204, None)


@router.put(E + "/amounts", response={200: SavedOut, **WRITE_ERRORS},
            summary="Planned and actual amounts of many cells, all or nothing (a refused cell is named)",
            openapi_extra=declare(EDIT))
def amounts_put(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: CellsIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    cells = []
    for cell in payload.cells:
        given = cell.model_fields_set
        cells.append(services.CellInput(
            cell.line, cell.period,
            planned=cell.planned if "planned" in given else services.UNSET,
            actual=cell.actual if "actual" in given else services.UNSET,
            note=cell.note if "note" in given else services.UNSET))
    return {"changed": services.save_cells(actor=request.auth, membership=membership, engagement=obj, cells=cells)}
