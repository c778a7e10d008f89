"""The roadmap in the API: its initiatives (with progress, lateness and dependencies), their CRUD, the
dependencies, the shift of successors that start too early, and the import of the approved plan's
initiatives. The same permissions as the pages: ``roadmap.view`` reads (team and the client's approver and
viewer; client users get no budget), ``roadmap.edit`` writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.http import Http404
from ninja import Field, Schema, Status
from pydantic import Strict

from cadence import tenancy
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
from cadence.api.schemas import Date, In
from cadence.board import initiative_queries as queries
from cadence.board import initiative_services as services
from cadence.board.initiatives import get_initiative
from cadence.board.models import Initiative
from cadence.core import validation as v
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest

router = Router(tags=["roadmap"])
VIEW = client_capability("roadmap.view", via="engagement")
EDIT = capability("roadmap.edit")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}"
I = E + "/initiatives/{uuid:initiative}"  # noqa: E741

Title = Annotated[str, Field(min_length=1, max_length=services.TITLE_MAX, pattern=v.NAME_PATTERN)]
Budget = Annotated[float | None, Strict(), Field(ge=0, le=float(services.BUDGET_MAX), description=(
    "In the engagement's currency, at most two digits after the point."))]
Status_ = Annotated[str, Field(pattern="^(planned|active|done|cancelled)$",
                               description="planned, active, done or cancelled")]


class RefOut(Schema):
    id: UUID
    title: str


class InitiativeOut(Schema):
    id: UUID
    title: str
    description: str
    objective: UUID | None = Field(..., description="The plan Objective it serves (its uid).")
    objective_title: str
    owner: str = Field(..., description="The owner's name, empty when none.")
    start: dt.date
    deadline: dt.date
    status: str
    budget: Decimal | None = Field(..., description="Hidden (null) from client users.")
    progress: int = Field(..., description="Percent done, from its tasks (estimates, else count).")
    tasks: int
    tasks_done: int
    late: bool = Field(..., description="The deadline has passed and it is neither done nor cancelled.")
    depends_on: list[RefOut]
    followed_by: list[RefOut]


class RoadmapOut(Schema):
    today: dt.date
    late: int
    initiatives: list[InitiativeOut]


class InitiativeIn(In):
    title: Title
    start: Date
    deadline: Date
    description: Annotated[str, Field(max_length=services.DESCRIPTION_MAX, pattern=v.TEXT_PATTERN)] = ""
    objective: UUID | None = None
    owner: UUID | None = Field(None, description="A team member's user id.")
    status: Status_ = "planned"
    budget: Budget = None


class InitiativePatch(In):
    title: Title | None = None
    start: Date | None = None
    deadline: Date | None = None
    description: Annotated[str | None, Field(max_length=services.DESCRIPTION_MAX, pattern=v.TEXT_PATTERN)] = None
    objective: UUID | None = None
    owner: UUID | None = None
    status: Status_ | None = None
    budget: Budget = None


class ShiftOut(Schema):
    id: UUID
    title: str
    start: dt.date
    deadline: dt.date
    new_start: dt.date
    new_deadline: dt.date


class UpdatedOut(Schema):
    initiative: InitiativeOut
    conflicts: list[ShiftOut] = Field(..., description="Initiatives downstream that now start before their "
                                                        "predecessor ends, with the shift POST …/shift would make.")


class DependencyIn(In):
    predecessor: UUID = Field(..., description="The initiative this one starts after.")


class ImportedOut(Schema):
    created: int


def _context(request: ApiRequest, engagement: UUID) -> tuple[Membership, Any]:
    membership = request.membership
    return membership, get_engagement(membership, engagement)


def _out(row: queries.InitiativeRow) -> dict[str, Any]:
    return {"id": row.uuid, "title": row.title, "description": row.description, "objective": row.objective_uid,
            "objective_title": row.objective_title, "owner": row.owner_name, "start": row.start,
            "deadline": row.deadline, "status": row.status, "budget": row.budget, "progress": row.percent,
            "tasks": row.tasks, "tasks_done": row.tasks_done, "late": row.late,
            "depends_on": [{"id": p.uuid, "title": p.title} for p in row.predecessors],
            "followed_by": [{"id": s.uuid, "title": s.title} for s in row.successors]}


def _one(membership: Membership, engagement: Any, initiative: Initiative) -> dict[str, Any]:
    view = queries.roadmap(membership, engagement)
    return next(_out(r) for r in view.rows if r.uuid == initiative.uuid)


def _fields(membership: Membership, data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in ("objective", "owner")}
    if out.get("budget") is not None:
        out["budget"] = Decimal(str(out["budget"]))  # the number as written (1200.5, not its binary value)
    if "objective" in data:
        out["objective_uid"] = data["objective"]
    if "owner" in data:
        if data["owner"] is None:
            out["owner"] = None
        else:
            try:
                teammate = tenancy.get_teammate(membership, data["owner"])
            except Http404:
                raise unknown("owner") from None
            out["owner"] = teammate.user
    return out


def _initiative(engagement: Any, uid: Any, field: str) -> Initiative:
    try:
        return get_initiative(engagement, uid)
    except Http404:
        raise unknown(field) from None


@router.get(E + "/roadmap", response={200: RoadmapOut, **READ_ERRORS},
            summary="The roadmap: initiatives with progress, lateness and dependencies", openapi_extra=declare(VIEW))
def roadmap_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    view = queries.roadmap(membership, obj)
    return {"today": view.today, "late": view.late_count, "initiatives": [_out(r) for r in view.rows]}


@router.post(E + "/initiatives", response={201: InitiativeOut, **WRITE_ERRORS}, summary="Add an initiative",
             openapi_extra=declare(EDIT))
def initiative_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                      payload: InitiativeIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    fields = _fields(membership, payload.dict())
    row = services.create_initiative(actor=request.auth, membership=membership, engagement=obj, **fields)
    return Status(201, _one(membership, obj, row))


@router.get(I, response={200: InitiativeOut, **READ_ERRORS}, summary="One initiative", openapi_extra=declare(VIEW))
def initiative_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                   initiative: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    return _one(membership, obj, get_initiative(obj, initiative))


@router.patch(I, response={200: UpdatedOut, **WRITE_ERRORS},
              summary="Change an initiative (fields left out stay as they are)", openapi_extra=declare(EDIT))
def initiative_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, initiative: UUID,
                      payload: InitiativePatch) -> dict[str, Any]:
    """``conflicts``: the initiatives that now start before their predecessor ends (``POST …/shift`` moves them)."""
    membership, obj = _context(request, engagement)
    row = get_initiative(obj, initiative)
    data = payload.dict(exclude_unset=True)
    for name in ("title", "start", "deadline", "status", "description"):
        if name in data and data[name] is None:
            del data[name]  # null means "unchanged" for the fields that cannot be empty
    result = services.update_initiative(actor=request.auth, membership=membership, initiative=row,
                                        **_fields(membership, data))
    titles = dict(Initiative.objects.filter(pk__in=[s.key for s in result.conflicts]).values_list("pk", "title"))
    uuids = dict(Initiative.objects.filter(pk__in=[s.key for s in result.conflicts]).values_list("pk", "uuid"))
    return {"initiative": _one(membership, obj, result.initiative),
            "conflicts": [{"id": uuids[s.key], "title": titles[s.key], "start": s.start, "deadline": s.deadline,
                           "new_start": s.new_start, "new_deadline": s.new_deadline} for s in result.conflicts]}


@router.delete(I, response={204: None, **WRITE_ERRORS}, summary="Delete an initiative (its tasks stay)",
               openapi_extra=declare(EDIT))
def initiative_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                      initiative: UUID) -> Status[None]:
    membership, obj = _context(request, engagement)
    services.delete_initiative(actor=request.auth, membership=membership, initiative=get_initiative(obj, initiative))
    return Status(204, None)


@router.post(I + "/dependencies", response={201: InitiativeOut, **WRITE_ERRORS},
             summary="Make this initiative start after another one ends (a loop is refused)",
             openapi_extra=declare(EDIT))
def dependency_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, initiative: UUID,
                   payload: DependencyIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    successor = get_initiative(obj, initiative)
    predecessor = _initiative(obj, payload.predecessor, "predecessor")
    services.add_dependency(actor=request.auth, membership=membership, predecessor=predecessor, successor=successor)
    return Status(201, _one(membership, obj, successor))


@router.post(I + "/dependencies/remove", response={200: InitiativeOut, **WRITE_ERRORS},
             summary="Remove the dependency on another initiative", openapi_extra=declare(EDIT))
def dependency_remove(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, initiative: UUID,
                      payload: DependencyIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    successor = get_initiative(obj, initiative)
    predecessor = _initiative(obj, payload.predecessor, "predecessor")
    services.remove_dependency(actor=request.auth, membership=membership, predecessor=predecessor,
                               successor=successor)
    return _one(membership, obj, successor)


@router.post(I + "/shift", response={200: list[InitiativeOut], **WRITE_ERRORS},
             summary="Move the initiatives after this one that start before it ends (durations kept)",
             openapi_extra=declare(EDIT))
def initiative_shift(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                     initiative: UUID) -> list[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    moved = services.shift_successors(actor=request.auth, membership=membership,
                                      initiative=get_initiative(obj, initiative))
    keys = {m.uuid for m in moved}
    return [_out(r) for r in queries.roadmap(membership, obj).rows if r.uuid in keys]


@router.post(E + "/roadmap/import", response={200: ImportedOut, **WRITE_ERRORS},
             summary="Add the approved marketing plan's initiatives that are not on the roadmap yet",
             openapi_extra=declare(EDIT))
def roadmap_import(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    return {"created": services.import_from_plan(actor=request.auth, membership=membership, engagement=obj)}
