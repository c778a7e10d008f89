"""Time entries of an engagement and managers' hour overrides.

Logging refuses what breaks a gate, passes the month's hours or lies in the future (400, with the
reason in the caller's language, nothing written); a successful entry comes back with the month's
usage level so a client can warn at 80 %.
"""


from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from ninja import Status
from ninja.pagination import paginate

from cadence import tenancy
from cadence.api.params import MonthQuery, Pagination, WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare, unknown
from cadence.engagements import services
from cadence.engagements.access import get_phase, get_time_entry
from cadence.engagements.api.lookups import E, engagement_for
from cadence.engagements.api.schemas import MonthCloseIn, MonthStateOut
from cadence.engagements.api.schemas_hours import (
    OverrideIn,
    OverrideOut,
    TimeEntryCreatedOut,
    TimeEntryIn,
    TimeEntryOut,
    TimeEntryPatch,
)
from cadence.engagements.models import HoursOverride, TimeEntry
from cadence.engagements.schedule import month_bounds, month_index
from cadence.http import ApiRequest

router = Router(tags=["time"])


@router.get(E + "/time-entries", response={200: list[TimeEntryOut], **READ_ERRORS},
            summary="Time entries (agency team only), newest first",
            openapi_extra=declare(capability("time.log")))
@paginate(Pagination)
def time_entry_list(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, month: MonthQuery = None,
    user: UUID | None = None,
) -> QuerySet[TimeEntry]:
    """``month`` is the engagement month (1 = the month the engagement starts); ``user`` a person's id."""
    membership, obj = engagement_for(request, workspace, engagement)
    qs = obj.time_entries.select_related("phase", "user")
    if month is not None:
        first, end = month_bounds(obj.start_date, month)
        qs = qs.filter(date__gte=first, date__lt=end)
    if user is not None:
        qs = qs.filter(user__uuid=user)
    return qs.order_by("-date", "-created_at", "-id")


@router.post(E + "/time-entries", response={201: TimeEntryCreatedOut, **WRITE_ERRORS}, summary="Log time",
             openapi_extra=declare(capability("time.log")))
def time_entry_create(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: TimeEntryIn
) -> Status[dict[str, object]]:
    membership, obj = engagement_for(request, workspace, engagement)
    try:
        phase = get_phase(obj, payload.phase)
    except Http404:
        raise unknown("phase") from None
    person = None
    if payload.user is not None:
        try:
            person = tenancy.get_teammate(membership, payload.user).user
        except Http404:
            raise unknown("user") from None
    entry, level = services.log_time(
        actor=request.auth, membership=membership, engagement=obj, phase=phase,
        date=payload.date, hours=payload.hours, note=payload.note, user=person, reason=payload.reason,
    )
    return Status(201, {"entry": entry, "month": month_index(obj.start_date, entry.date), "level": level.value})


@router.patch(E + "/time-entries/{uuid:entry}", response={200: TimeEntryCreatedOut, **WRITE_ERRORS},
              summary="Change a time entry (date, hours, phase, note)",
              openapi_extra=declare(capability("time.log")))
def time_entry_update(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, entry: UUID, payload: TimeEntryPatch
) -> dict[str, object]:
    """The same rules as logging; the author (or a manager) only. Fields left out stay as they are."""
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_time_entry(membership, obj, entry)
    changes: dict[str, Any] = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "phase" in changes:
        try:
            changes["phase"] = get_phase(obj, str(changes["phase"]))
        except Http404:
            raise unknown("phase") from None
    row, level = services.update_time_entry(actor=request.auth, membership=membership,
                                            entry=row, **changes)
    return {"entry": row, "month": month_index(obj.start_date, row.date), "level": level.value}


@router.delete(E + "/time-entries/{uuid:entry}", response={204: None, **WRITE_ERRORS},
               summary="Delete a time entry (it can be restored)",
               openapi_extra=declare(capability("time.log")))
def time_entry_delete(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, entry: UUID, reason: str = ""
) -> Status[None]:
    """``reason`` (a query parameter) is needed to delete a closed month's entry (managers only)."""
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_time_entry(membership, obj, entry)
    services.delete_time_entry(actor=request.auth, membership=membership, entry=row,
                               reason=reason)
    return Status(204, None)


@router.post(E + "/time-entries/{uuid:entry}/restore", response={200: TimeEntryCreatedOut, **WRITE_ERRORS},
             summary="Undo the deletion of a time entry", openapi_extra=declare(capability("time.log")))
def time_entry_restore(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, entry: UUID) -> dict[str, object]:
    """The month's hours are checked again: they may have been used up since the deletion."""
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_time_entry(membership, obj, entry, include_deleted=True)
    row, level = services.restore_time_entry(actor=request.auth, membership=membership,
                                             entry=row)
    return {"entry": row, "month": month_index(obj.start_date, row.date), "level": level.value}


@router.post(E + "/overrides", response={201: OverrideOut, **WRITE_ERRORS},
             summary="Allow extra hours in a month, with a reason",
             openapi_extra=declare(capability("time.override")))
def override_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: OverrideIn) -> Status[HoursOverride]:
    membership, obj = engagement_for(request, workspace, engagement)
    override = services.add_override(actor=request.auth, engagement=obj,
                                     month=payload.month, extra_hours=payload.extra_hours, reason=payload.reason)
    return Status(201, override)


@router.post(E + "/months/{month}/close", response={200: MonthStateOut, **WRITE_ERRORS},
             summary="Close a month's time entries (managers)",
             openapi_extra=declare(capability("time.manage")))
def month_close(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, month: int,
                payload: MonthCloseIn) -> dict[str, object]:
    membership, obj = engagement_for(request, workspace, engagement)
    row = services.close_month(actor=request.auth, engagement=obj, month=month, reason=payload.reason)
    return {"month": row.month_index, "closed": True}


@router.post(E + "/months/{month}/reopen", response={200: MonthStateOut, **WRITE_ERRORS},
             summary="Reopen a closed month's time entries, with a reason (managers)",
             openapi_extra=declare(capability("time.manage")))
def month_reopen(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, month: int,
                 payload: MonthCloseIn) -> dict[str, object]:
    membership, obj = engagement_for(request, workspace, engagement)
    row = services.reopen_month(actor=request.auth, engagement=obj, month=month, reason=payload.reason)
    return {"month": row.month_index, "closed": False}
