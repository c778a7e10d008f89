"""An engagement's files: list, upload (multipart, several at once: all or none), metadata, download and
delete. The same permissions as the pages: the team and the client's approver and viewer read; the team
uploads; owners and managers delete any file, the uploader their own."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from ninja import File as FileParam
from ninja import Form, Status
from ninja.files import UploadedFile as NinjaUploadedFile

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import (
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
    member,
)
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.files import access, queries, services
from cadence.files.api.schemas import FileOut
from cadence.files.queries import FileRow
from cadence.files.views import file_response
from cadence.http import ApiRequest

router = Router(tags=["files"])
VIEW = client_capability("files.view", via="engagement")
UPLOAD = capability("files.upload")
F = "/workspaces/{workspace}/engagements/{uuid:engagement}/files"


def _out(row: FileRow) -> dict[str, Any]:
    return {"uuid": row.uuid, "name": row.name, "description": row.description, "kind": row.kind,
            "content_type": row.content_type, "size": row.size, "sha256": row.sha256, "width": row.width,
            "height": row.height, "download_url": row.url, "preview_url": row.preview_url,
            "uploaded_at": row.uploaded_at, "uploaded_by": row.uploaded_by_name}


def _engagement(request: ApiRequest, workspace: str, engagement: UUID) -> tuple[Membership, Any]:
    membership = member(request, workspace)
    return membership, get_engagement(membership, engagement)


@router.get(F, response={200: list[FileOut], **READ_ERRORS}, summary="The engagement's files, newest first",
            openapi_extra=declare(VIEW))
def file_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    _m, obj = _engagement(request, workspace, engagement)
    return [_out(r) for r in queries.engagement_files(obj)]


@router.post(F, response={201: list[FileOut], **WRITE_ERRORS},
             summary="Upload files (multipart: one or more `files`, an optional `description`); all or none",
             openapi_extra=declare(UPLOAD))
def file_upload(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                files: Annotated[list[NinjaUploadedFile] | None, FileParam(None)] = None,
                description: Form[str] = "") -> Status[list[dict[str, Any]]]:
    """Each file is checked by its content (type on the allow-list, size, images decode); a refused file
    refuses the request (400, code ``files_refused`` or the file's own code) and ``refusals`` names each."""
    membership, obj = _engagement(request, workspace, engagement)
    uploads: list[UploadedFile[Any]] = list(files or [])
    stored = services.upload_many(actor=request.auth, membership=membership, engagement=obj, files=uploads,
                                  description=description)
    return Status(201, [_out(r) for r in queries.file_rows(stored)])


@router.get(F + "/{uuid:file}", response={200: FileOut, **READ_ERRORS}, summary="A file's facts",
            openapi_extra=declare(VIEW))
def file_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, file: UUID) -> dict[str, Any]:
    _m, obj = _engagement(request, workspace, engagement)
    return _out(queries.row_of(access.get_file(obj, file)))


@router.get(F + "/{uuid:file}/download", response={200: None, **READ_ERRORS},
            summary="The file's bytes (an attachment; raster images inline)", openapi_extra=declare(VIEW))
def file_download(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, file: UUID) -> HttpResponse:
    _m, obj = _engagement(request, workspace, engagement)
    return file_response(access.get_file(obj, file))


@router.delete(F + "/{uuid:file}", response={204: None, **WRITE_ERRORS},
               summary="Delete a file (owners and managers; or the person who uploaded it)",
               openapi_extra=declare(UPLOAD))
def file_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, file: UUID) -> Status[None]:
    membership, obj = _engagement(request, workspace, engagement)
    services.delete_file(actor=request.auth, membership=membership, file=access.get_file(obj, file))
    return Status(204, None)
