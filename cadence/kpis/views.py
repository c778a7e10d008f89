"""The KPIs' pages: the engagement's KPI list (cards with status and reason), a KPI's page (chart, months,
values entered by hand, control points and decisions), the KPI form (new, edit), "Import from the plan", and
the member's alerts.

``kpis.view`` reads (the team; the client's approver and viewer for their client, read-only); ``kpis.edit``
(owners, managers) writes KPIs and control points; ``kpis.enter`` (the team) enters values by hand. Views stay
thin: a form parses, a service writes, a ``DomainError`` becomes a form error or a message.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core import markdown as md
from cadence.core.errors import DomainError
from cadence.core.refusals import refuse, refuse_in_form
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.kpis import access, charts, queries, services
from cadence.kpis.domain import formulas
from cadence.kpis.forms import (
    PLATFORM_LABELS,
    ControlPointForm,
    DecisionForm,
    EntryForm,
    KpiForm,
    kpi_initial,
)
from cadence.kpis.models import Direction, Kpi

VIEW = tenancy.client_capability("kpis.view", via="engagement")
EDIT = "kpis.edit"
ENTER = "kpis.enter"


def _list_url(request: WorkspaceRequest, engagement: Any) -> str:
    return reverse("kpis:list", args=[request.workspace.slug, engagement.uuid])


def _kpi_url(request: WorkspaceRequest, kpi: Kpi) -> str:
    return reverse("kpis:kpi", args=[request.workspace.slug, kpi.engagement.uuid, kpi.uuid])


def _form_errors(request: WorkspaceRequest, form: django_forms.Form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _rights(request: WorkspaceRequest) -> dict[str, bool]:
    m = request.membership
    return {"can_edit": tenancy.can(m, EDIT), "can_enter": tenancy.can(m, ENTER)}


@tenancy.workspace_view(VIEW)
@require_GET
def kpi_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    today = queries.engagement_today(obj)
    cards = queries.kpi_cards(obj, first=today.replace(day=1), last=today, today=today)
    unread = 0 if request.membership.is_client else len(queries.unread_alerts(request.membership))
    return render(request, "kpis/list.html", {
        "engagement": obj, "cards": [(c, charts.sparkline_svg(c)) for c in cards], "today": today,
        "unread": unread, **_rights(request)})


@tenancy.workspace_view(VIEW)
@require_GET
def kpi_page(request: WorkspaceRequest, engagement: str, kpi: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    row = access.get_kpi(obj, kpi)
    today = queries.engagement_today(obj)
    card = next(c for c in queries.kpi_cards(obj, first=today.replace(day=1), last=today, today=today)
                if c.uuid == str(row.uuid))
    rights = _rights(request)
    points = queries.control_points_of(row)
    for p in points:
        p.decision_html = md.render(p.decision)  # type: ignore[attr-defined]
        p.task_url = (reverse("board:task-detail", args=[request.workspace.slug, obj.uuid, p.task.uuid])  # type: ignore[attr-defined]
                      if p.task is not None else "")
    progress = None if card.progress is None else formats.number_format(card.progress * 100, 0)
    return render(request, "kpis/kpi.html", {
        "engagement": obj, "kpi": row, "card": card, "chart": charts.kpi_chart_svg(card),
        "levels": {name: card.text(getattr(card, name)) for name in ("baseline", "acceptable", "optimal", "best")},
        "direction_label": Direction(card.direction).label, "progress": progress,
        "months": _months(card),
        "entries": [(e, card.text(e.value)) for e in queries.entries_of(row)] if card.manual else [],
        "platform": PLATFORM_LABELS.get(card.filters.get("platform", ""), ""),
        "points": points,
        "entry_form": EntryForm(initial={"day": today}) if card.manual and rights["can_enter"] else None,
        "point_form": ControlPointForm(initial={"review_on": today}) if rights["can_edit"] else None,
        "decision_form": DecisionForm(initial={"create_task": True}) if rights["can_edit"] else None,
        **rights})


def _months(card: queries.KpiCard) -> list[tuple[queries.SeriesPoint, str]]:
    """The card's months, newest first, from the first one with a value (all of them when none has)."""
    series = list(card.series)
    while len(series) > 1 and series[0].value is None:
        series.pop(0)
    return [(p, card.text(p.value)) for p in reversed(series)]


def _form_values(form: KpiForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def kpi_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    form = KpiForm(request.POST or None, initial={"aggregation": "sum", "direction": ""})
    if request.method == "POST" and form.is_valid():
        try:
            row = services.create_kpi(actor=request.user, membership=m, engagement=obj, **_form_values(form))
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The KPI is added."))
            row.engagement = obj
            return redirect(_kpi_url(request, row))
    return render(request, "kpis/kpi_form.html", {"engagement": obj, "form": form, "kpi": None})


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def kpi_edit(request: WorkspaceRequest, engagement: str, kpi: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    form = KpiForm(request.POST or None, initial=kpi_initial(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_kpi(actor=request.user, membership=m, kpi=row, **_form_values(form))
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The KPI is saved."))
            return redirect(_kpi_url(request, row))
    return render(request, "kpis/kpi_form.html", {"engagement": obj, "form": form, "kpi": row})


@tenancy.workspace_view(EDIT)
@require_POST
def kpi_delete(request: WorkspaceRequest, engagement: str, kpi: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    try:
        services.delete_kpi(actor=request.user, membership=m, kpi=row)
    except DomainError as exc:
        refuse(request, exc)
        return redirect(_kpi_url(request, row))
    messages.success(request, _("The KPI is deleted."))
    return redirect(_list_url(request, obj))


@tenancy.workspace_view(EDIT)
@require_POST
def import_plan(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    try:
        counts = services.import_from_plan(obj, actor=request.user, membership=m)
    except DomainError as exc:
        refuse(request, exc)
        return redirect(_list_url(request, obj))
    if not any(counts.values()):
        messages.info(request, _("The plan has no SMM task with a KPI metric yet."))
    else:
        messages.success(request, ngettext(
            "%(created)s KPI imported from the plan; %(updated)s updated, %(unchanged)s unchanged.",
            "%(created)s KPIs imported from the plan; %(updated)s updated, %(unchanged)s unchanged.",
            counts["created"]) % counts)
    return redirect(_list_url(request, obj))


@tenancy.workspace_view(ENTER)
@require_POST
def entry_add(request: WorkspaceRequest, engagement: str, kpi: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    form = EntryForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_kpi_url(request, row), status=303)
    try:
        services.add_entry(actor=request.user, membership=m, kpi=row, **form.cleaned_data)
    except DomainError as exc:
        refuse(request, exc)
        return HttpResponse(status=400, content=exc.message) if request.headers.get("HX-Request") else \
            redirect(_kpi_url(request, row))
    messages.success(request, _("The value is saved."))
    return redirect(_kpi_url(request, row))


@tenancy.workspace_view(ENTER)
@require_POST
def entry_delete(request: WorkspaceRequest, engagement: str, kpi: str, kpi_entry: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    item = access.get_entry(row, kpi_entry)
    try:
        services.delete_entry(actor=request.user, membership=m, entry=item)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The value is deleted."))
    return redirect(_kpi_url(request, row))


@tenancy.workspace_view(EDIT)
@require_POST
def control_point_add(request: WorkspaceRequest, engagement: str, kpi: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    form = ControlPointForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_kpi_url(request, row))
    try:
        services.add_control_point(actor=request.user, membership=m, kpi=row, reviewer=request.user,
                                   **form.cleaned_data)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The review is planned."))
    return redirect(_kpi_url(request, row))


@tenancy.workspace_view(EDIT)
@require_POST
def decision_record(request: WorkspaceRequest, engagement: str, kpi: str, kpi_review: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    point = access.get_control_point(row, kpi_review)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_kpi_url(request, row))
    try:
        services.record_decision(actor=request.user, membership=m, point=point, **form.cleaned_data)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(_kpi_url(request, row))


@tenancy.workspace_view(EDIT)
@require_POST
def control_point_delete(request: WorkspaceRequest, engagement: str, kpi: str, kpi_review: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_kpi(obj, kpi)
    point = access.get_control_point(row, kpi_review)
    try:
        services.delete_control_point(actor=request.user, membership=m, point=point)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The review is deleted."))
    return redirect(_kpi_url(request, row))


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def alert_list(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "kpis/alerts.html", {"alerts": queries.alerts(request.membership)})


@tenancy.workspace_view(tenancy.MEMBER)
@require_POST
def alerts_read(request: WorkspaceRequest) -> HttpResponse:
    """Mark one alert read (the form's ``alert``: one of the member's own, else 404) or all of them."""
    one = request.POST.get("alert", "")
    if one:
        services.mark_alert_read(membership=request.membership, alert=access.get_alert(request.membership, one))
    else:
        services.mark_all_read(membership=request.membership)
    return redirect(reverse("kpis:alerts", args=[request.workspace.slug]))


NEEDS_ENTRIES = formulas.needs_entries
