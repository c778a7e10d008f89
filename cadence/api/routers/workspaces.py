"""Workspaces the caller belongs to, and the workspace's process templates."""


from django.db.models import QuerySet
from ninja.pagination import paginate

from cadence import tenancy
from cadence.api.params import Pagination, WorkspaceSlug
from cadence.api.routers import MEMBER, READ_ERRORS, SIGNED_IN, Router, capability, declare, member
from cadence.api.schemas import TemplateOut, WorkspaceOut
from cadence.core.models import Membership
from cadence.engagements.models import ProcessTemplate
from cadence.http import ApiRequest

router = Router(tags=["workspaces"])


def _workspace_out(membership: Membership) -> dict[str, object]:
    ws = membership.workspace
    return {"id": ws.uuid, "slug": ws.slug, "name": ws.name, "role": membership.role}


@router.get("/workspaces", response={200: list[WorkspaceOut], **READ_ERRORS}, summary="Your workspaces",
            openapi_extra=declare(SIGNED_IN))
def workspace_list(request: ApiRequest) -> list[dict[str, object]]:
    return [_workspace_out(m) for m in tenancy.memberships_for(request.auth)]


@router.get("/workspaces/{workspace}", response={200: WorkspaceOut, **READ_ERRORS}, summary="A workspace",
            openapi_extra=declare(MEMBER))
def workspace_detail(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, object]:
    return _workspace_out(member(request, workspace))


@router.get("/workspaces/{workspace}/templates", response={200: list[TemplateOut], **READ_ERRORS},
            summary="Process templates (agency team only)",
            openapi_extra=declare(capability("templates.view")))
@paginate(Pagination)
def template_list(request: ApiRequest, workspace: WorkspaceSlug) -> QuerySet[ProcessTemplate]:
    membership = member(request, workspace)
    # Templates are the agency's way of working: client users do not see them (templates.view).
    return membership.workspace.templates.prefetch_related("phases", "gates").order_by("-builtin", "name", "id")
