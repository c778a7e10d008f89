"""An engagement's files: list, upload (multipart, several at once: all or none), metadata, download and
delete. The same permissions as the pages: the team and the client's approver and viewer read; the team
uploads; owners and managers delete any file, the uploader their own."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Status

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
from cadence.core import validation
from cadence.core.errors import DomainError
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


# The body is read by the route (not by ninja's File/Form parameters), so that a malformed multipart body is
# a 400 naming the problem rather than a parser error; the schema states it here.
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1,
                  "maxItems": services.FILES_PER_REQUEST,
                  "description": "One or more files (the same field repeated); their type is read from the content."},
        "description": {"type": "string", "maxLength": services.DESCRIPTION_MAX, "pattern": validation.LINE_PATTERN,
                        "description": "Optional: what these files are (one line)."},
    }}}}}}


@router.post(F, response={201: list[FileOut], **WRITE_ERRORS},
             summary="Upload files (multipart: one or more `files`, an optional `description`); all or none",
             openapi_extra={**declare(UPLOAD), **UPLOAD_BODY})
def file_upload(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[list[dict[str, Any]]]:
    """Each file is checked by its content (type on the allow-list, size, images decode); a refused file
    refuses the request (400, code ``files_refused`` or the file's own code) and ``refusals`` names each."""
    membership, obj = _engagement(request, workspace, engagement)
    try:
        uploads: list[UploadedFile[Any]] = request.FILES.getlist("files")
        description = request.POST.get("description", "")
    except MultiPartParserError:
        raise DomainError(_("The body is not a valid multipart form: send the files in the field “files”."),
                          code="invalid_multipart", field="files") from None
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
