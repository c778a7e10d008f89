"""The weekly timesheet of the caller (or, for managers, of a teammate): read it, save it at once.

``PUT`` saves every given cell in one transaction through the same services as single entries; when
any cell is refused nothing is saved and the 400 answer lists each refusal (``refusals``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query

from cadence import tenancy
from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare, member, unknown
from cadence.api.schemas import ErrorOut
from cadence.core import clock
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.engagements import queries
from cadence.engagements import timesheet_queries as tq
from cadence.engagements.access import get_engagement, get_phase
from cadence.engagements.api.schemas_hours import WeekIn, WeekOut, WeekSavedOut
from cadence.engagements.domain.timesheet import iso_week, parse_week
from cadence.engagements.timesheet_services import WeekCell, save_week
from cadence.http import ApiRequest

router = Router(tags=["timesheet"])

W = "/workspaces/{workspace}/timesheet"


def _monday(text: str | None) -> dt.date:
    try:
        return parse_week(text, clock.localdate())
    except ValueError:
        raise DomainError(_("“%(week)s” is not a week; write it like %(example)s.") % {
            "week": text, "example": iso_week(parse_week(None, clock.localdate()))}, field="week") from None


def _person(membership: Membership, user: UUID | None) -> Any:
    if user is None or user == membership.user.uuid:
        return membership.user
    tenancy.require(membership, "time.manage")
    try:
        other = tenancy.get_teammate(membership, user)
    except Http404:
        raise unknown("user") from None
    if other.role == Role.CLIENT:
        raise unknown("user")
    return other.user


def week_out(data: tq.WeekData) -> dict[str, Any]:
    return {
        "week": iso_week(data.monday), "start": data.days[0], "end": data.days[-1], "user": data.person,
        "days": data.days,
        "rows": [{"engagement": r.engagement.uuid, "engagement_name": r.engagement.name,
                  "client_name": r.engagement.client.name, "phase": r.phase.key,
                  "phase_name": queries.display_name(r.phase, fallback=r.engagement.language), "hours": r.hours, "total": r.total} for r in data.rows],
        "engagements": [{"engagement": g.engagement.uuid, "total": g.total, "month": g.month,
                         "available": g.available, "logged": g.logged, "remaining": g.remaining}
                        for g in data.groups],
        "day_totals": data.day_totals, "total": data.total,
    }


WeekQuery = Annotated[str | None, Query(pattern=r"^[0-9]{4}-W[0-9]{2}$", description="An ISO week, e.g. 2026-W48.")]


@router.get(W, response={200: WeekOut, 400: ErrorOut, **READ_ERRORS},
            summary="A week's timesheet (yours, or a teammate's)",
            openapi_extra=declare(capability("time.log")))
def week_get(request: ApiRequest, workspace: WorkspaceSlug, week: WeekQuery = None,
             user: UUID | None = None) -> dict[str, Any]:
    """``week`` is an ISO week (``2026-W48``; this week when left out); ``user`` a teammate's id (managers)."""
    membership = member(request, workspace)
    monday = _monday(week)
    return week_out(tq.week_data(membership, _person(membership, user), monday))


@router.put(W, response={200: WeekSavedOut, **WRITE_ERRORS}, summary="Save a week's timesheet at once",
            openapi_extra=declare(capability("time.log")))
def week_put(request: ApiRequest, workspace: WorkspaceSlug, payload: WeekIn) -> dict[str, Any]:
    membership = member(request, workspace)
    monday = _monday(payload.week)
    person = _person(membership, payload.user)
    cells = []
    for row in payload.rows:
        if len(row.hours) != 7:
            raise DomainError(_("Each row needs seven days of hours, Monday to Sunday."), field="rows")
        try:
            engagement = get_engagement(membership, row.engagement)
        except Http404:
            raise unknown("engagement") from None
        try:
            phase = get_phase(engagement, row.phase)
        except Http404:
            raise unknown("phase") from None
        cells += [WeekCell(engagement, phase, monday + dt.timedelta(days=i), text)
                  for i, text in enumerate(row.hours) if text is not None]
    saved = save_week(actor=request.auth, membership=membership, person=person, cells=cells)
    data = tq.week_data(membership, person, monday)
    return {"created": saved.created, "updated": saved.updated, "deleted": saved.deleted,
            "levels": [{"engagement": e.uuid, "month": k, "level": level.value}
                       for (e, k), level in saved.levels.items()],
            "week": week_out(data)}
