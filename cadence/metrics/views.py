"""The imports' pages: the history with the upload form, a batch by its status (progress, preview, column
mapping, result, failure), the stored file, the problems as CSV, the results (monthly totals per platform)
and the workspace's column mappings.

``metrics.import`` (the team) uploads, previews, maps, confirms, undoes and sees the files and the history;
``metrics.view`` reads the results (the team, and the client's approver and viewer for their client);
``metrics.manage`` (owners and managers) deletes column mappings. Views stay thin: a form parses, a service
writes, a ``DomainError`` becomes a form error or a message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.refusals import refuse, refuse_in_form
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import WorkspaceRequest
from cadence.metrics import progress, queries, services
from cadence.metrics.access import get_batch, get_profile
from cadence.metrics.domain.facts import MEASURES
from cadence.metrics.forms import ConfirmForm, MappingForm, UploadForm, field_label, mapping_initial, totals
from cadence.metrics.models import ImportBatch, Status

VIEW = tenancy.client_capability("metrics.view", via="engagement")
IMPORT = "metrics.import"
MANAGE = "metrics.manage"
RUNNING = progress.RUNNING
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _batch_url(request: WorkspaceRequest, batch: ImportBatch) -> str:
    return reverse("metrics:batch", args=[request.workspace.slug, batch.engagement.uuid, batch.uuid])


def _imports_url(request: WorkspaceRequest, engagement: Any) -> str:
    return reverse("metrics:imports", args=[request.workspace.slug, engagement.uuid])


@tenancy.workspace_view(IMPORT)
@require_http_methods(["GET", "POST"])
def imports(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    form = UploadForm()
    if request.method == "POST":
        try:
            services.refuse_oversized_body(request.META.get("CONTENT_LENGTH"))
        except DomainError as exc:  # the body is never read
            form = UploadForm({}, None)
            form.is_valid()
            form.errors.clear()  # only the size is said, not "this field is required"
            refuse_in_form(form, exc)
        else:
            form = UploadForm(request.POST, request.FILES)
    if form.is_valid():  # False for the empty form and for a refused size
        upload = form.cleaned_data["file"]
        try:
            batch = services.upload(actor=request.user, membership=m, engagement=obj, stream=upload,
                                    file_name=upload.name or "", size=upload.size)
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            return redirect(_batch_url(request, batch))
    return render(request, "metrics/imports.html", {
        "engagement": obj, "form": form, "rows": queries.batches(obj),
        "can_manage": tenancy.can(m, MANAGE)}, status=400 if form.errors else 200)


def _mapping_form(batch: ImportBatch, view: queries.BatchView, data: Any = None) -> MappingForm | None:
    """The mapping step's form, filled with the mapping in force (this file's, else its profile's)."""
    if not view.headers:
        return None
    chosen: dict[str, Any] = dict(view.mapping or {})
    profile = batch.profile
    if not chosen and profile is not None:
        chosen = {"fields": profile.mapping, "platform": profile.platform, "level": profile.level,
                  "number_style": profile.number_style, "date_format": profile.date_format,
                  "currency": profile.currency}
    fields = {str(k): str(h) for k, h in (chosen.get("fields") or {}).items()}
    initial = mapping_initial(
        view.headers, fields, platform=chosen.get("platform") or batch.platform or "other",
        level=chosen.get("level") or "campaign", number_style=chosen.get("number_style") or "",
        date_format=chosen.get("date_format") or "", currency=chosen.get("currency") or "",
        save_as=profile.name if profile else "")
    return MappingForm(data, headers=view.headers, initial=initial)


def _columns(form: MappingForm, sample: list[list[str]]) -> list[tuple[Any, list[str]]]:
    """Each header's select with the first rows' cells of its column."""
    return [(field, [row[i] if i < len(row) else "" for row in sample[:5]])
            for i, field in enumerate(form.column_fields())]


def _batch_page(request: WorkspaceRequest, batch: ImportBatch, *, mapping_form: MappingForm | None = None,
                confirm_form: ConfirmForm | None = None, status: int = 200) -> HttpResponse:
    view = queries.batch_view(batch)
    show_mapping = mapping_form is not None or (
        batch.status in (Status.NEEDS_MAPPING, Status.READY, Status.FAILED)
        and (batch.status == Status.NEEDS_MAPPING or request.GET.get("mapping") == "1"))
    if show_mapping and mapping_form is None:
        mapping_form = _mapping_form(batch, view)
    return render(request, "metrics/batch.html", {
        "engagement": batch.engagement, "batch": batch, "view": view, "row": view.row,
        "running": batch.status in RUNNING, "progress": view.progress,
        "mapping_form": mapping_form if show_mapping else None,
        "columns": _columns(mapping_form, view.sample) if show_mapping and mapping_form else [],
        "sample_count": min(5, len(view.sample)),
        "confirm_form": confirm_form or ConfirmForm(),
        "totals": totals(view.row.totals),
        "has_preview": bool(batch.rows_total or view.row.totals) and batch.status not in RUNNING,
    }, status=status)


@tenancy.workspace_view(IMPORT)
@require_GET
def batch(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    obj = get_batch(get_engagement(request.membership, engagement), batch)
    return _batch_page(request, obj)


@tenancy.workspace_view(IMPORT)
@require_GET
def batch_progress(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    obj = get_batch(get_engagement(request.membership, engagement), batch)
    state = progress.current(obj)
    response = render(request, "metrics/_progress.html", {"engagement": obj.engagement, "batch": obj,
                                                          "progress": state})
    if not state["running"]:
        response["HX-Refresh"] = "true"
    return response


@tenancy.workspace_view(IMPORT)
@require_POST
def batch_mapping(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    m = request.membership
    obj = get_batch(get_engagement(m, engagement), batch)
    form = _mapping_form(obj, queries.batch_view(obj), request.POST)
    if form is None:
        messages.error(request, _("This file has no header row to map."))
        return redirect(_batch_url(request, obj))
    if form.is_valid():
        try:
            obj = services.apply_mapping(actor=request.user, membership=m, batch=obj, **form.values())
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            return redirect(_batch_url(request, obj))
    return _batch_page(request, obj, mapping_form=form, status=400)


@tenancy.workspace_view(IMPORT)
@require_POST
def batch_confirm(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    m = request.membership
    obj = get_batch(get_engagement(m, engagement), batch)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            obj = services.confirm(actor=request.user, membership=m, batch=obj,
                                   exchange_rate=form.cleaned_data.get("exchange_rate"))
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            if obj.status == Status.DONE:
                messages.success(request, _("The file is imported."))
            return redirect(_batch_url(request, obj))
    return _batch_page(request, obj, confirm_form=form, status=400)


@tenancy.workspace_view(IMPORT)
@require_POST
def batch_undo(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    m = request.membership
    obj = get_batch(get_engagement(m, engagement), batch)
    try:
        services.undo(actor=request.user, membership=m, batch=obj)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The import is undone: its rows are removed."))
    return redirect(_batch_url(request, obj))


@tenancy.workspace_view(IMPORT)
@require_POST
def batch_discard(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    m = request.membership
    eng = get_engagement(m, engagement)
    obj = get_batch(eng, batch)
    try:
        services.discard(actor=request.user, membership=m, batch=obj)
    except DomainError as exc:
        refuse(request, exc)
        return redirect(_batch_url(request, obj))
    messages.success(request, _("The file is discarded."))
    return redirect(_imports_url(request, eng))


@tenancy.workspace_view(IMPORT)
@require_GET
def batch_file(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    obj = get_batch(get_engagement(request.membership, engagement), batch)
    if not obj.file:
        raise Http404
    try:
        handle = obj.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=obj.file_name or "export",
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


def escape_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet never reads as a formula: one starting with = + - @ tab or CR gets a '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@tenancy.workspace_view(IMPORT)
@require_GET
def batch_problems_csv(request: WorkspaceRequest, engagement: str, batch: str) -> HttpResponse:
    obj = get_batch(get_engagement(request.membership, engagement), batch)
    view = queries.batch_view(obj)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Line"), _("Column"), _("Value"), _("Severity"), _("Problem")])
    for p in view.problems:
        writer.writerow([escape_cell(c) for c in (p.line or "", p.column, p.value, p.severity, p.message)])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    stem = (obj.file_name.rsplit(".", 1)[0] or "import")[:80]
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}-problems.csv")
    return response


def _month(value: str | None, default: dt.date) -> dt.date:
    year, _sep, month = (value or "").partition("-")
    if year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12 and 2000 <= int(year) <= 2100:
        return dt.date(int(year), int(month), 1)
    return default


def _tables(rows: list[Any]) -> list[dict[str, Any]]:
    """The monthly rows as one table per platform: its months down, the measures it has across."""
    by_platform: dict[str, list[Any]] = {}
    for row in rows:
        by_platform.setdefault(row.platform, []).append(row)
    tables = []
    for platform, months in by_platform.items():
        measures = [m for m in MEASURES if any(r.measures.get(m) is not None for r in months)]
        tables.append({"platform": platform, "platform_label": months[0].platform_label or platform,
                       "measures": [(m, field_label(m)) for m in measures],
                       "rows": [(r.month, [r.measures.get(m) for m in measures]) for r in months]})
    return tables


@tenancy.workspace_view(VIEW)
@require_GET
def results(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    today = engagement_today(obj).replace(day=1)
    default_first = (today - dt.timedelta(days=365)).replace(day=1)
    first = _month(request.GET.get("from"), default_first)
    last = _month(request.GET.get("to"), today)
    if last < first:
        first, last = last, first
    return render(request, "metrics/results.html", {
        "engagement": obj, "tables": _tables(queries.monthly_totals(obj, first=first, last=last)),
        "first": first, "last": last,
        "is_team": not request.membership.is_client and tenancy.can(request.membership, IMPORT)})


@tenancy.workspace_view(IMPORT)
@require_GET
def profiles(request: WorkspaceRequest) -> HttpResponse:
    rows = [(p, [(field_label(f), h) for f, h in p.mapping.items()]) for p in queries.profiles(request.workspace)]
    return render(request, "metrics/profiles.html", {"rows": rows, "can_manage": tenancy.can(request.membership, MANAGE)})


@tenancy.workspace_view(MANAGE)
@require_POST
def profile_delete(request: WorkspaceRequest, profile: str) -> HttpResponse:
    obj = get_profile(request.membership, profile)
    try:
        services.delete_profile(actor=request.user, membership=request.membership, profile=obj)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The column mapping “%(name)s” is deleted.") % {"name": obj.name})
    return redirect(reverse("metrics:profiles", args=[request.workspace.slug]))
