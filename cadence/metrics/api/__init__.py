"""Imports and metrics in the JSON API, mounted by the central API through ``MetricsConfig.api_router``: the
engagement's imports (history, upload as multipart, the batch with its status, progress and preview, the
column mapping, confirm, undo, discard), the monthly totals per platform and the workspace's column mappings.
The same permissions as the pages: ``metrics.import`` (the team) for the imports and files,
``metrics.view`` (also the client's approver and viewer) for the monthly totals, ``metrics.manage`` (owners
and managers) to delete a column mapping. Amounts are decimal strings in the engagement's currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, BinaryIO, Literal, cast
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import AfterValidator

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, client_capability, declare
from cadence.api.schemas import Date, In
from cadence.core import validation as v
from cadence.core.errors import DomainError, InvalidInput
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import ApiRequest
from cadence.metrics import queries, services
from cadence.metrics.access import batches_of, get_batch, get_profile
from cadence.metrics.domain.reader import DATE_FORMATS, NUMBER_STYLES
from cadence.metrics.forms import SAVE_AS_MAX, totals
from cadence.metrics.models import ImportBatch

router = Router(tags=["imports"])
VIEW = client_capability("metrics.view", via="engagement")
IMPORT = capability("metrics.import")
MANAGE = capability("metrics.manage")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}"
B = E + "/imports/{uuid:batch}"

# Spelled out for the schema and the type checker; tests/metrics/test_api.py checks them against the domain.
FieldName = Literal[
    "date", "date_end", "account", "campaign", "ad_set", "ad", "item", "source", "medium", "currency",
    "impressions", "reach", "clicks", "link_clicks", "spend", "results", "conversions", "conversion_value",
    "sessions", "engaged_sessions", "followers", "likes", "comments", "shares", "saves", "video_views"]
PlatformIn = Literal["meta_ads", "google_ads", "ga4", "instagram", "facebook", "tiktok_ads", "linkedin_ads", "other"]
LevelIn = Literal["account", "campaign", "ad_set", "ad", "post", "source"]


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"Input should be one of {', '.join(repr(c) for c in choices)}.")
        return value
    return AfterValidator(check)


# The reader's own lists (they grow with it): checked here, listed in the schema.
NumberStyleIn = Annotated[str, _one_of(("", *NUMBER_STYLES)), Field(json_schema_extra={"enum": ["", *NUMBER_STYLES]})]
DateFormatIn = Annotated[str, _one_of(("", *DATE_FORMATS)), Field(json_schema_extra={"enum": ["", *DATE_FORMATS]})]
Header = Annotated[str, Field(max_length=255)]
Rate = Annotated[str, Field(pattern=r"^[0-9]{1,12}(\.[0-9]{1,6})?$", examples=["4.9750"],
                            description="How much one unit of the export's currency is in the engagement's "
                                        "currency: a decimal string above 0, at most six decimals.")]


class ImportProblemOut(Schema):
    line: int | None = Field(..., description="1-based line (CSV) or row (XLSX); null for the whole file.")
    column: str
    value: str
    severity: Literal["error", "notice"]
    code: str
    message: str = Field(..., description="The problem in a sentence, in the request's language.")


class ImportTotalOut(Schema):
    measure: str
    label: str
    value: Decimal


class ImportProgressOut(Schema):
    rows_read: int
    rows_written: int
    errors: int
    percent: int = Field(..., description="0-100 while a job runs; 100 when it is over.")


class ImportBatchOut(Schema):
    id: UUID
    file_name: str
    file_size: int
    sha256: str
    status: str
    status_label: str
    created_at: dt.datetime
    created_by: str | None
    platform: str
    variant: str
    profile: UUID | None = Field(..., description="The column mapping the file was read with, if any.")
    currency: str = Field(..., description="The export's currency; empty when it does not say (the engagement's).")
    exchange_rate: Decimal | None
    first_day: dt.date | None
    last_day: dt.date | None
    rows: int
    rows_written: int
    campaign_count: int
    totals: list[ImportTotalOut]
    problem_count: int
    error_count: int
    problems: list[ImportProblemOut] = Field(..., description="The first problems (at most 200).")
    already_imported: str | None = Field(..., description="Set when the same file was imported before.")
    budget: list[str] = Field(..., description="What the import did to the budget's advertising actuals.")
    headers: list[str] = Field(..., description="The file's header cells (for a column mapping).")
    error: str = Field(..., description="Why the job failed (status failed).")
    progress: ImportProgressOut


class ImportMappingIn(In):
    mapping: dict[FieldName, Header] = Field(..., description="Field (a measure or a dimension such as date, "
                                             "campaign) -> the header cell of the column that holds it.")
    platform: PlatformIn = "other"
    level: LevelIn = "campaign"
    number_style: NumberStyleIn = ""
    date_format: DateFormatIn = ""
    currency: Annotated[str, Field(pattern=r"^([A-Z]{3})?$")] = ""
    save_as: Annotated[str, Field(max_length=SAVE_AS_MAX, pattern=v.LINE_PATTERN)] = ""


class ImportConfirmIn(In):
    exchange_rate: Rate | None = Field(None, description="Required when the export's currency is not the engagement's.")


class MetricsMonthOut(Schema):
    platform: str
    month: dt.date
    measures: dict[str, Decimal | None]


class ImportProfileOut(Schema):
    id: UUID
    name: str
    platform: str
    level: str
    mapping: dict[str, str]
    number_style: str
    date_format: str
    currency: str
    updated_at: dt.datetime


def _batch(batch: ImportBatch) -> dict[str, Any]:
    view = queries.batch_view(batch)
    row, state = view.row, view.progress
    return {
        "id": batch.uuid, "file_name": row.file_name, "file_size": row.file_size, "sha256": row.sha256,
        "status": row.status, "status_label": row.status_label, "created_at": row.created_at,
        "created_by": row.created_by or None, "platform": row.platform, "variant": row.variant,
        "profile": batch.profile.uuid if batch.profile else None, "currency": row.currency,
        "exchange_rate": row.exchange_rate, "first_day": row.first_day, "last_day": row.last_day,
        "rows": row.rows, "rows_written": row.rows_written, "campaign_count": view.campaign_count,
        "totals": [{"measure": t["measure"], "label": t["label"], "value": t["value"]} for t in totals(row.totals)],
        "problem_count": view.problem_count, "error_count": view.error_count,
        "problems": [{"line": p.line, "column": p.column, "value": p.value, "severity": p.severity,
                      "code": p.code, "message": p.message} for p in view.problems],
        "already_imported": view.already_message or None, "budget": [n.message for n in view.budget],
        "headers": view.headers, "error": view.error,
        "progress": {"rows_read": int(state.get("rows_read") or 0), "rows_written": int(state.get("rows_written") or 0),
                     "errors": int(state.get("errors") or 0), "percent": int(state.get("percent") or 0)},
    }


def _refused(exc: DomainError) -> DomainError:
    """A rule's refusal of a well-formed request (a mapping without a date, a missing exchange rate) is a 400
    with its worded message: the schema states every bound of the input itself (422)."""
    return DomainError(exc.message, code=exc.code, field=exc.field)


def _context(request: ApiRequest, engagement: UUID) -> Any:
    return get_engagement(request.membership, engagement)


# The body is read by the route (not by ninja's File parameters), so that a malformed multipart body is a 400
# naming the problem rather than a parser error; the schema states it here.
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "One export file (CSV or XLSX), as the platform downloads it."}},
}}}}}


@router.get(E + "/imports", response={200: list[ImportBatchOut], **READ_ERRORS},
            summary="The engagement's imports, newest first", openapi_extra=declare(IMPORT))
def import_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    obj = _context(request, engagement)
    return [_batch(batch) for batch in batches_of(obj)]


@router.post(E + "/imports", response={201: ImportBatchOut, **WRITE_ERRORS},
             summary="Upload an export (multipart: `file`); it is read (or queued) and previewed, nothing written",
             openapi_extra={**declare(IMPORT), **UPLOAD_BODY})
def import_upload(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[dict[str, Any]]:
    obj = _context(request, engagement)
    services.refuse_oversized_body(request.META.get("CONTENT_LENGTH"))  # 400 before the body is read
    try:
        upload: UploadedFile[Any] | None = request.FILES.get("file")
    except MultiPartParserError:
        raise DomainError(_("The body is not a valid multipart form: send the file in the field “file”."),
                          code="invalid_multipart", field="file") from None
    if upload is None:
        raise DomainError(_("Send the export file in the field “file”."), code="no_file", field="file")
    try:
        batch = services.upload(actor=request.auth, membership=request.membership, engagement=obj,
                                stream=cast("BinaryIO", upload), file_name=upload.name or "", size=upload.size)
    except InvalidInput as exc:
        raise _refused(exc) from None
    return Status(201, _batch(batch))


@router.get(B, response={200: ImportBatchOut, **READ_ERRORS},
            summary="An import: its status, progress, preview (totals, worded problems) or result",
            openapi_extra=declare(IMPORT))
def import_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, batch: UUID) -> dict[str, Any]:
    return _batch(get_batch(_context(request, engagement), batch))


@router.delete(B, response={204: None, **WRITE_ERRORS},
               summary="Discard an import that was not written (with its stored file)", openapi_extra=declare(IMPORT))
def import_discard(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, batch: UUID) -> Status[None]:
    obj = get_batch(_context(request, engagement), batch)
    services.discard(actor=request.auth, membership=request.membership, batch=obj)
    return Status(204, None)


@router.post(B + "/mapping", response={200: ImportBatchOut, **WRITE_ERRORS},
             summary="Map the file's columns (saved as a column mapping when named) and read it again",
             openapi_extra=declare(IMPORT))
def import_mapping(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, batch: UUID,
                   payload: ImportMappingIn) -> dict[str, Any]:
    obj = get_batch(_context(request, engagement), batch)
    data = payload.dict()
    try:
        obj = services.apply_mapping(actor=request.auth, membership=request.membership, batch=obj,
                                     mapping={str(k): str(h) for k, h in data.pop("mapping").items()}, **data)
    except InvalidInput as exc:
        raise _refused(exc) from None
    return _batch(obj)


@router.post(B + "/confirm", response={200: ImportBatchOut, **WRITE_ERRORS},
             summary="Write a previewed import (one transaction; queued for a large file)",
             openapi_extra=declare(IMPORT))
def import_confirm(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, batch: UUID,
                   payload: ImportConfirmIn) -> dict[str, Any]:
    obj = get_batch(_context(request, engagement), batch)
    rate = Decimal(payload.exchange_rate) if payload.exchange_rate is not None else None
    try:
        obj = services.confirm(actor=request.auth, membership=request.membership, batch=obj, exchange_rate=rate)
    except InvalidInput as exc:
        raise _refused(exc) from None
    return _batch(obj)


@router.post(B + "/undo", response={200: ImportBatchOut, **WRITE_ERRORS},
             summary="Undo an import: remove exactly the rows it wrote", openapi_extra=declare(IMPORT))
def import_undo(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, batch: UUID) -> dict[str, Any]:
    obj = get_batch(_context(request, engagement), batch)
    return _batch(services.undo(actor=request.auth, membership=request.membership, batch=obj))


@router.get(E + "/metrics/monthly", response={200: list[MetricsMonthOut], **READ_ERRORS},
            summary="Monthly totals per platform of the imported metrics", openapi_extra=declare(VIEW))
def metrics_monthly(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                    first: Annotated[Date | None, Query(description="Any day of the first month (default: a year "
                                                                    "before the last).")] = None,
                    last: Annotated[Date | None, Query(description="Any day of the last month (default: the "
                                                                   "engagement's current month).")] = None,
                    platform: Annotated[PlatformIn | None, Query()] = None) -> list[dict[str, Any]]:
    obj = _context(request, engagement)
    last_month = (last or engagement_today(obj)).replace(day=1)
    first_month = first.replace(day=1) if first else (last_month - dt.timedelta(days=360)).replace(day=1)
    if last_month < first_month:
        raise DomainError(_("The last month is before the first."), code="invalid", field="last")
    rows = queries.monthly_totals(obj, first=first_month, last=last_month, platform=platform)
    return [{"platform": r.platform, "month": r.month, "measures": dict(r.measures)} for r in rows]


@router.get("/workspaces/{workspace}/import-mappings", response={200: list[ImportProfileOut], **READ_ERRORS},
            summary="The workspace's column mappings", openapi_extra=declare(IMPORT))
def profile_list(request: ApiRequest, workspace: WorkspaceSlug) -> list[dict[str, Any]]:
    return [{"id": p.uuid, "name": p.name, "platform": p.platform, "level": p.level, "mapping": p.mapping,
             "number_style": p.number_style, "date_format": p.date_format, "currency": p.currency,
             "updated_at": p.updated_at} for p in queries.profiles(request.membership.workspace)]


@router.delete("/workspaces/{workspace}/import-mappings/{uuid:profile}", response={204: None, **WRITE_ERRORS},
               summary="Delete a column mapping", openapi_extra=declare(MANAGE))
def profile_delete(request: ApiRequest, workspace: WorkspaceSlug, profile: UUID) -> Status[None]:
    services.delete_profile(actor=request.auth, membership=request.membership,
                            profile=get_profile(request.membership, profile))
    return Status(204, None)
