"""Clients of a workspace. Client users see only the clients they have access to."""


from uuid import UUID

from django.db.models import QuerySet
from ninja import Status
from ninja.pagination import paginate

from cadence import tenancy
from cadence.api.params import Pagination, WorkspaceSlug
from cadence.api.routers import MEMBER, READ_ERRORS, WRITE_ERRORS, Router, capability, declare, member
from cadence.api.schemas import ClientIn, ClientOut, ClientPatch
from cadence.core import services
from cadence.core.models import Client
from cadence.http import ApiRequest

router = Router(tags=["clients"])


@router.get("/workspaces/{workspace}/clients", response={200: list[ClientOut], **READ_ERRORS}, summary="Clients",
            openapi_extra=declare(MEMBER))
@paginate(Pagination)
def client_list(request: ApiRequest, workspace: WorkspaceSlug) -> QuerySet[Client]:
    return tenancy.visible_clients(member(request, workspace)).order_by("name", "id")


@router.post("/workspaces/{workspace}/clients", response={201: ClientOut, **WRITE_ERRORS}, summary="Add a client",
             openapi_extra=declare(capability("clients.manage")))
def client_create(request: ApiRequest, workspace: WorkspaceSlug, payload: ClientIn) -> Status[Client]:
    membership = member(request, workspace)
    client = services.create_client(actor=request.auth, workspace=membership.workspace,
                                    **payload.dict())
    return Status(201, client)


@router.get("/workspaces/{workspace}/clients/{uuid:client}", response={200: ClientOut, **READ_ERRORS},
            summary="A client", openapi_extra=declare(MEMBER))
def client_detail(request: ApiRequest, workspace: WorkspaceSlug, client: UUID) -> Client:
    return tenancy.get_client(member(request, workspace), client)


@router.patch("/workspaces/{workspace}/clients/{uuid:client}", response={200: ClientOut, **WRITE_ERRORS},
              summary="Change a client", openapi_extra=declare(capability("clients.manage")))
def client_update(request: ApiRequest, workspace: WorkspaceSlug, client: UUID, payload: ClientPatch) -> Client:
    membership = member(request, workspace)
    obj = tenancy.get_client(membership, client)
    return services.update_client(actor=request.auth, client=obj,
                                  **payload.dict(exclude_unset=True, exclude_none=True))
