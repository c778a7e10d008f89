"""The workspace's process templates (listed under the workspace, tagged ``workspaces``)."""


from django.db.models import QuerySet
from ninja.pagination import paginate

from cadence.api.params import Pagination, WorkspaceSlug
from cadence.api.routers import READ_ERRORS, Router, capability, declare, member
from cadence.engagements.api.schemas import TemplateOut
from cadence.engagements.models import ProcessTemplate
from cadence.http import ApiRequest

router = Router(tags=["workspaces"])


@router.get("/workspaces/{workspace}/templates", response={200: list[TemplateOut], **READ_ERRORS},
            summary="Process templates (agency team only)",
            openapi_extra=declare(capability("templates.view")))
@paginate(Pagination)
def template_list(request: ApiRequest, workspace: WorkspaceSlug) -> QuerySet[ProcessTemplate]:
    membership = member(request, workspace)
    # Templates are the agency's way of working: client users do not see them (templates.view).
    return membership.workspace.templates.prefetch_related("phases", "gates").order_by("-builtin", "name", "id")
