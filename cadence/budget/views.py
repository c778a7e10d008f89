"""The budget's pages: the budget (grid of lines × months with totals and variances, the advertising
rollover with how each month's available amount was computed, the charts), its settings, a line's form,
the month grid (every line's planned and actual amounts of one month, saved together) and the Excel file.

``budget.view`` reads (the team; the client's approver and viewer for their client, read-only);
``budget.edit`` writes (owners and managers). Views stay thin: a form parses, a service writes, a
``DomainError`` becomes a form error or a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.budget import charts, excel, queries, services
from cadence.budget.access import get_line
from cadence.budget.forms import LineForm, SettingsForm, line_initial
from cadence.budget.models import BudgetLine
from cadence.core.errors import DomainError
from cadence.core.refusals import refuse
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today
from cadence.http import WorkspaceRequest

VIEW = tenancy.client_capability("budget.view", via="engagement")
EDIT = "budget.edit"


def _budget_url(request: WorkspaceRequest, engagement: Any) -> str:
    return reverse("budget:budget", args=[request.workspace.slug, engagement.uuid])


def _apply(form: django_forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@tenancy.workspace_view(VIEW)
@require_GET
def budget(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    view = queries.budget_view(request.membership, obj)
    today = engagement_today(obj).replace(day=1)
    current = today if today in view.months else view.months[0]
    return render(request, "budget/budget.html", {
        "engagement": obj, "view": view, "current_month": queries.month_param(current),
        "months": [(m, queries.month_short(m), queries.month_param(m)) for m in view.months],
        "chart_months": charts.by_month_svg(view), "chart_categories": charts.by_category_svg(view),
    })


@tenancy.workspace_view(VIEW)
@require_GET
def export_xlsx(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    content = excel.workbook_bytes(queries.budget_view(request.membership, obj))
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    name = f"{slugify(obj.name, allow_unicode=True) or 'engagement'}-budget-{engagement_today(obj).isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def budget_settings(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    current = services.get_settings(obj)
    form = SettingsForm(request.POST or None, initial={
        "first_month": current.first_month, "months": current.months,
        "overspend_reduces_next": current.overspend_reduces_next})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(actor=request.user, membership=m, engagement=obj, **form.cleaned_data)
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from None
            _apply(form, exc)
        else:
            messages.success(request, _("The budget settings are saved."))
            return redirect(_budget_url(request, obj))
    return render(request, "budget/settings.html", {"engagement": obj, "form": form})


def _line_form(request: WorkspaceRequest, obj: Any, line: BudgetLine | None) -> LineForm:
    return LineForm(request.POST or None, objectives=queries.objective_titles(obj),
                    initiatives=queries.initiatives(obj), initial=line_initial(line) if line is not None else {})


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def line_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    form = _line_form(request, obj, None)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.create_line(actor=request.user, membership=m, engagement=obj, **form.values())
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from None
            _apply(form, exc)
        else:
            messages.success(request, _("The line “%(name)s” is added.") % {"name": line.name})
            return redirect(_budget_url(request, obj) + "#lines")
    return render(request, "budget/line_form.html", {"engagement": obj, "form": form, "line": None})


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def line_edit(request: WorkspaceRequest, engagement: str, budget_line: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    line = get_line(obj, budget_line)
    form = _line_form(request, obj, line)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_line(actor=request.user, membership=m, line=line, **form.values())
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from None
            _apply(form, exc)
        else:
            messages.success(request, _("The line is saved."))
            return redirect(_budget_url(request, obj) + "#lines")
    return render(request, "budget/line_form.html", {"engagement": obj, "form": form, "line": line})


@tenancy.workspace_view(EDIT)
@require_POST
def line_delete(request: WorkspaceRequest, engagement: str, budget_line: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    line = get_line(obj, budget_line)
    try:
        services.delete_line(actor=request.user, membership=m, line=line)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The line “%(name)s” and its amounts are deleted.") % {"name": line.name})
    return redirect(_budget_url(request, obj) + "#lines")


@tenancy.workspace_view(EDIT)
@require_POST
def line_move(request: WorkspaceRequest, engagement: str, budget_line: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    line = get_line(obj, budget_line)
    try:
        services.move_line(actor=request.user, membership=m, line=line, direction=request.POST.get("direction", ""))
    except DomainError as exc:
        refuse(request, exc)
    return redirect(_budget_url(request, obj) + "#lines")


def _month_of(request: WorkspaceRequest, months: list[dt.date]) -> dt.date:
    raw = request.POST.get("month") or request.GET.get("month") or ""
    try:
        month = services.first_of_month(raw) if raw else months[0]
    except DomainError:
        month = months[0]
    return month if month in months else months[0]


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def month_edit(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """Every line's planned and actual amounts of one month, saved together (one bad cell: nothing saved)."""
    m = request.membership
    obj = get_engagement(m, engagement)
    view = queries.budget_view(m, obj)
    month = _month_of(request, view.months)
    error: DomainError | None = None
    typed: dict[str, str] = {}
    posted_month: dt.date | None = None
    if request.method == "POST":
        try:
            posted_month = services.first_of_month(request.POST.get("month", ""))
        except DomainError:
            posted_month = None
        if posted_month not in view.months:  # never save a typed table into another month than the one shown
            error = DomainError(_("Choose a month of the budget."), code="outside_budget", field="month")
    if request.method == "POST" and error is None:
        cells = []
        for lv in view.lines:
            key = str(lv.uuid)
            names = {"planned": f"planned-{key}", "actual": f"actual-{key}", "note": f"note-{key}"}
            if names["planned"] not in request.POST and names["actual"] not in request.POST:
                continue
            values = {k: request.POST.get(n, "") for k, n in names.items()}
            typed.update({names[k]: v for k, v in values.items()})
            cells.append(services.CellInput(lv.line, month, planned=values["planned"], actual=values["actual"],
                                            note=values["note"]))
        try:
            changed = services.save_cells(actor=request.user, membership=m, engagement=obj, cells=cells)
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from None
            error = exc
        else:
            messages.success(request, _("%(month)s is saved.") % {"month": queries.month_label(month)}
                             if changed else _("Nothing changed."))
            return redirect(_budget_url(request, obj) + "#grid")
    rows = []
    for lv, cell in queries.month_cells(view, month):
        key = str(lv.uuid)
        rows.append({"line": lv.line, "key": key,
                     "planned": typed.get(f"planned-{key}", _plain(cell.planned)),
                     "actual": typed.get(f"actual-{key}", _plain(cell.manual)),
                     "imported": cell.imported, "note": typed.get(f"note-{key}", cell.manual_note),
                     "bad": error is not None and getattr(error, "line", "") == key})
    index = view.months.index(month)
    return render(request, "budget/month_form.html", {
        "engagement": obj, "view": view, "month": month, "month_param": queries.month_param(month),
        "month_label": queries.month_label(month), "rows": rows, "error": error,
        "previous": queries.month_param(view.months[index - 1]) if index > 0 else None,
        "next": queries.month_param(view.months[index + 1]) if index + 1 < len(view.months) else None,
    })


def _plain(value: Any) -> str:
    """An amount in an input: as typed back (no grouping; the service reads 1250.5 and 1250,5)."""
    return "" if value is None else str(value)
