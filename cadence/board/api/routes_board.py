"""The board of an engagement (columns and the hours-aware capacity), its WIP limits, "my work", a role's
board, and the workspace's labels."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Query, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare, member
from cadence.board import access, queries, services
from cadence.board.api import lookups as L
from cadence.board.api.routes_tasks import TaskFilters, filters_of
from cadence.board.api.schemas import BoardOut, LabelIn, LabelOut, RolePath, WipIn
from cadence.board.models import Label
from cadence.http import ApiRequest

router = Router(tags=["board"])
VIEW = declare(capability("board.view"))
MANAGE = declare(capability("board.manage"))


@router.get(L.E + "/board", response={200: BoardOut, **READ_ERRORS},
            summary="The engagement's board: six columns (filtered) and the capacity of this and next month",
            openapi_extra=VIEW)
def board(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
          filters: Query[TaskFilters]) -> dict[str, Any]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    return L.board_out(queries.board(membership, obj, filters_of(membership, filters)))


@router.put(L.E + "/board/wip-limits", response={200: BoardOut, **WRITE_ERRORS},
            summary="Set work-in-progress limits (exceeding one warns, never refuses)", openapi_extra=MANAGE)
def wip_limits(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: WipIn) -> dict[str, Any]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    limits = {name: getattr(payload, name) for name in payload.model_fields_set}
    services.set_wip_limits(actor=request.auth, membership=membership, engagement=obj, limits=limits)
    return L.board_out(queries.board(membership, obj))


@router.get(L.W + "/my-work", response={200: BoardOut, **READ_ERRORS},
            summary="The caller's cards across every engagement they may see", openapi_extra=VIEW)
def my_work(request: ApiRequest, workspace: WorkspaceSlug, filters: Query[TaskFilters]) -> dict[str, Any]:
    membership = member(request, workspace)
    return L.board_out(queries.my_work(membership, request.auth, filters_of(membership, filters)))


@router.get(L.W + "/role-boards/{role}", response={200: BoardOut, **READ_ERRORS},
            summary="The cards of one role (copywriter, designer, ...) across the engagements", openapi_extra=VIEW)
def role_board(request: ApiRequest, workspace: WorkspaceSlug, role: RolePath,
               filters: Query[TaskFilters]) -> dict[str, Any]:
    membership = member(request, workspace)
    return L.board_out(queries.role_board(membership, role, filters_of(membership, filters)))


@router.get(L.W + "/labels", response={200: list[LabelOut], **READ_ERRORS}, summary="The workspace's labels",
            openapi_extra=VIEW)
def label_list(request: ApiRequest, workspace: WorkspaceSlug) -> list[Label]:
    membership = member(request, workspace)
    return list(Label.objects.filter(workspace=membership.workspace).order_by("name"))


@router.post(L.W + "/labels", response={201: LabelOut, **WRITE_ERRORS}, summary="Create a label",
             openapi_extra=MANAGE)
def label_create(request: ApiRequest, workspace: WorkspaceSlug, payload: LabelIn) -> Status[Label]:
    membership = member(request, workspace)
    return Status(201, services.create_label(actor=request.auth, membership=membership, name=payload.name,
                                             colour=payload.colour))


@router.delete(L.W + "/labels/{uuid:label}", response={204: None, **WRITE_ERRORS},
               summary="Delete a label (cards lose it)", openapi_extra=MANAGE)
def label_delete(request: ApiRequest, workspace: WorkspaceSlug, label: UUID) -> Status[None]:
    membership = member(request, workspace)
    services.delete_label(actor=request.auth, membership=membership, label=access.get_label(membership, label))
    return Status(204, None)
