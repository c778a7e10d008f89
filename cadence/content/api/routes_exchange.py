"""Part of the content calendar's API (``content/api/__init__.py`` mounts it): the iCalendar feed's secret
address (``content.manage``: its state, create or rotate, revoke), the scheduler CSV export (the team:
``content.view``) and the CSV import (``content.manage``: a dry run, or the import itself with ``commit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare, member
from cadence.api.schemas import Date
from cadence.content import exchange, feed
from cadence.content import scheduler_csv as sc
from cadence.core import clock
from cadence.core.errors import DomainError, InvalidInput
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest

router = Router(tags=["content"])
VIEW = declare(capability("content.view"))
MANAGE = declare(capability("content.manage"))
C = "/workspaces/{workspace}/engagements/{uuid:engagement}/calendar"


class FeedOut(Schema):
    active: bool
    created_at: dt.datetime | None
    url: str | None = Field(None, description="The secret address: only in the answer that made it.")


class ExportQuery(Schema):
    format: Literal["hootsuite", "sprout", "buffer", "generic"] = "generic"
    start: Date | None = Field(None, description="First day (the engagement's time zone); default: this month's first.")
    end: Date | None = Field(None, description="Last day, at most a year after the first; default: this month's last.")


class RowOut(Schema):
    line: int
    channel: str
    format: str
    publish_at: dt.datetime
    title: str
    caption: str


class RowErrorOut(Schema):
    line: int
    field: str
    message: str


class ImportOut(Schema):
    valid: bool
    created: int = Field(..., description="Posts created (0 on a dry run).")
    rows: list[RowOut]
    errors: list[RowErrorOut]


IMPORT_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "The CSV file (at most 2 MB)."},
        "format": {"type": "string", "enum": [f.value for f in sc.ImportFormat], "default": "generic"},
        "channel": {"type": "string", "description": "The network of a Hootsuite file (its lines do not say)."},
        "commit": {"type": "boolean", "default": False,
                   "description": "false: a dry run; true: import every line as a draft, or nothing."},
    }}}}}}


def _engagement(request: ApiRequest, workspace: str, engagement: UUID) -> tuple[Any, Any]:
    membership = member(request, workspace)
    return membership, get_engagement(membership, engagement)


def _feed_out(engagement: Any, url: str | None = None) -> dict[str, Any]:
    active, created_at = feed.is_active(engagement)
    return {"active": active, "created_at": created_at, "url": url}


@router.get(C + "/feed", response={200: FeedOut, **READ_ERRORS}, summary="Whether the calendar feed is on",
            openapi_extra=MANAGE)
def feed_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    _membership, obj = _engagement(request, workspace, engagement)
    return _feed_out(obj)


@router.post(C + "/feed", response={201: FeedOut, **WRITE_ERRORS},
             summary="Make the feed's secret address (a new one replaces the old); shown only in this answer",
             openapi_extra=MANAGE)
def feed_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[Any]:
    membership, obj = _engagement(request, workspace, engagement)
    token = feed.create_feed(actor=request.auth, membership=membership, engagement=obj)
    return Status(201, _feed_out(obj, request.build_absolute_uri(feed.feed_path(membership.workspace.slug, token))))


@router.delete(C + "/feed", response={204: None, **WRITE_ERRORS}, summary="Revoke the feed's address",
               openapi_extra=MANAGE)
def feed_revoke(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[None]:
    membership, obj = _engagement(request, workspace, engagement)
    feed.revoke_feed(actor=request.auth, membership=membership, engagement=obj)
    return Status(204, None)


@router.get(C + "/export", response={200: None, **READ_ERRORS, 400: READ_ERRORS[422]},
            summary="The approved and scheduled posts of a range as a scheduler's CSV (400 lists what it refuses)",
            openapi_extra=VIEW)
def export(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
           query: Query[ExportQuery]) -> HttpResponse:
    membership, obj = _engagement(request, workspace, engagement)
    today = clock.today_in(obj.time_zone)
    start = query.start or today.replace(day=1)
    end = query.end or ((start.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
    result = exchange.export_posts(membership=membership, engagement=obj, fmt=query.format, start=start, end=end)
    response = HttpResponse(result.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@router.post(C + "/import", response={200: ImportOut, 201: ImportOut, **WRITE_ERRORS},
             summary="Check a CSV of posts (dry run) or import it (commit=true): every line or none",
             openapi_extra={**MANAGE, **IMPORT_BODY})
def import_posts(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[Any]:
    membership, obj = _engagement(request, workspace, engagement)
    try:
        upload = request.FILES.get("file")
        fmt = request.POST.get("format", "generic")
        channel = request.POST.get("channel", "")
        commit_text = request.POST.get("commit", "false")
    except MultiPartParserError:
        raise DomainError(_("The body is not a valid multipart form: send the file in the field “file”."),
                          code="invalid_multipart", field="file") from None
    if commit_text not in ("true", "false"):
        raise InvalidInput(_("Write true or false."), code="invalid_type", field="commit")
    commit = commit_text == "true"
    if upload is None:
        raise DomainError(_("Choose a CSV file."), code="required", field="file")
    if upload.size is not None and upload.size > sc.IMPORT_MAX_BYTES:
        raise DomainError(_("The file is larger than %(max)s MB.") % {"max": sc.IMPORT_MAX_BYTES // (1024 * 1024)},
                          code="too_large", field="file")
    data = upload.read()
    checked = exchange.check_import(membership=membership, engagement=obj, data=data, fmt=fmt, channel=channel)
    rows = [{"line": r.line, "channel": r.channel, "format": r.format, "publish_at": r.publish_at, "title": r.title,
             "caption": r.caption} for r in checked.rows]
    if commit:
        created = exchange.import_posts(actor=request.auth, membership=membership, engagement=obj, data=data,
                                        fmt=fmt, channel=channel)
        return Status(201, {"valid": True, "created": len(created), "errors": [], "rows": rows})
    return Status(200, {"valid": checked.valid, "created": 0, "rows": rows,
                        "errors": [{"line": e.line, "field": e.field, "message": e.message} for e in checked.errors]})
