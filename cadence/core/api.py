"""Core's part of the JSON API: the workspaces the caller belongs to, and the workspace's clients.

Mounted by the central API (``cadence/api/api.py``) through ``CoreConfig.api_router``. Client users
see only the clients they have access to.
"""

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.db.models import QuerySet
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from cadence import tenancy
from cadence.api.params import Pagination, WorkspaceSlug
from cadence.api.routers import (
    MEMBER,
    READ_ERRORS,
    SIGNED_IN,
    WRITE_ERRORS,
    Router,
    capability,
    declare,
    member,
)
from cadence.api.schemas import Country, In, Language, Name, Notes, Website
from cadence.core import services
from cadence.core.models import Client, Membership
from cadence.http import ApiRequest

# --- schemas ----------------------------------------------------------------------------------


class WorkspaceOut(Schema):
    id: UUID
    slug: str
    name: str
    role: str = Field(..., description="owner, manager, specialist or client")


class ClientOut(Schema):
    id: UUID
    name: str
    country: str
    language: str
    currency: str
    website: str
    notes: str
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj: Client) -> UUID:
        return obj.uuid


# A client's usual currency, or empty for the country's usual one.
ClientCurrency = Annotated[str, Field(pattern=r"^([A-Z]{3})?$", description="ISO 4217 code, or empty.")]


class ClientIn(In):
    name: Name
    country: Country = "RO"
    language: Language = "ro"
    currency: ClientCurrency = ""
    website: Website = ""
    notes: Notes = ""


class ClientPatch(In):
    """Only the fields sent change."""

    name: Name | None = None
    country: Country | None = None
    language: Language | None = None
    currency: ClientCurrency | None = None
    website: Website | None = None
    notes: Notes | None = None


# --- workspaces -------------------------------------------------------------------------------

workspaces = Router(tags=["workspaces"])


def _workspace_out(membership: Membership) -> dict[str, object]:
    ws = membership.workspace
    return {"id": ws.uuid, "slug": ws.slug, "name": ws.name, "role": membership.role}


@workspaces.get("/workspaces", response={200: list[WorkspaceOut], **READ_ERRORS}, summary="Your workspaces",
                openapi_extra=declare(SIGNED_IN))
def workspace_list(request: ApiRequest) -> list[dict[str, object]]:
    return [_workspace_out(m) for m in tenancy.memberships_for(request.auth)]


@workspaces.get("/workspaces/{workspace}", response={200: WorkspaceOut, **READ_ERRORS}, summary="A workspace",
                openapi_extra=declare(MEMBER))
def workspace_detail(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, object]:
    return _workspace_out(member(request, workspace))


# --- clients ----------------------------------------------------------------------------------

clients = Router(tags=["clients"])


@clients.get("/workspaces/{workspace}/clients", response={200: list[ClientOut], **READ_ERRORS}, summary="Clients",
             openapi_extra=declare(MEMBER))
@paginate(Pagination)
def client_list(request: ApiRequest, workspace: WorkspaceSlug) -> QuerySet[Client]:
    return tenancy.visible_clients(member(request, workspace)).order_by("name", "id")


@clients.post("/workspaces/{workspace}/clients", response={201: ClientOut, **WRITE_ERRORS}, summary="Add a client",
              openapi_extra=declare(capability("clients.manage")))
def client_create(request: ApiRequest, workspace: WorkspaceSlug, payload: ClientIn) -> Status[Client]:
    membership = member(request, workspace)
    client = services.create_client(actor=request.auth, workspace=membership.workspace,
                                    **payload.dict())
    return Status(201, client)


@clients.get("/workspaces/{workspace}/clients/{uuid:client}", response={200: ClientOut, **READ_ERRORS},
             summary="A client", openapi_extra=declare(MEMBER))
def client_detail(request: ApiRequest, workspace: WorkspaceSlug, client: UUID) -> Client:
    return tenancy.get_client(member(request, workspace), client)


@clients.patch("/workspaces/{workspace}/clients/{uuid:client}", response={200: ClientOut, **WRITE_ERRORS},
               summary="Change a client", openapi_extra=declare(capability("clients.manage")))
def client_update(request: ApiRequest, workspace: WorkspaceSlug, client: UUID, payload: ClientPatch) -> Client:
    membership = member(request, workspace)
    obj = tenancy.get_client(membership, client)
    return services.update_client(actor=request.auth, client=obj,
                                  **payload.dict(exclude_unset=True, exclude_none=True))


# What the central API mounts (``CoreConfig.api_router``).
router = Router()
router.add_router("", workspaces)
router.add_router("", clients)
