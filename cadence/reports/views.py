"""The reports' pages: an engagement's reports (months, status, sent when and to whom), a report (the month
in HTML, the narrative editor pre-filled with the draft, "Send to the client" with the recipients), its PDF,
the archive of what was sent (the exact PDFs) and the workspace's report settings.

``reports.view`` reads (the team; the client's approver and viewer for their client, SENT reports only: a
draft is a 404 for them); ``reports.edit`` writes (owners and managers); ``reports.settings``: owners.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.refusals import form_errors, refuse
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.reports import queries, services
from cadence.reports.access import get_delivery, get_report
from cadence.reports.forms import NarrativeForm, SettingsForm
from cadence.reports.models import MonthlyReport

VIEW = tenancy.client_capability("reports.view", via="engagement")
EDIT = "reports.edit"


def _report_url(request: WorkspaceRequest, report: MonthlyReport) -> str:
    return reverse("reports:report", args=[request.workspace.slug, report.engagement.uuid, report.uuid])


@tenancy.workspace_view(VIEW)
@require_GET
def report_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    reports = queries.visible_reports(m, obj)
    made = {r.month for r in reports}
    sent = {d.report_id: d for d in reversed(queries.deliveries(m, obj))}  # the last sending of each
    return render(request, "reports/list.html", {
        "engagement": obj, "rows": [(r, sent.get(r.pk)) for r in reports], "can_edit": queries.can_edit(m),
        "can_settings": tenancy.can(m, "reports.settings"),
        "months": [(queries.month_param(mo), queries.month_label(mo)) for mo in queries.available_months(obj)
                   if mo not in made],
    })


@tenancy.workspace_view(EDIT)
@require_POST
def report_open(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    try:
        report = services.get_or_create_report(obj, request.POST.get("month", ""), actor=request.user, membership=m)
    except DomainError as exc:
        refuse(request, exc)
        return redirect(reverse("reports:list", args=[request.workspace.slug, obj.uuid]))
    return redirect(_report_url(request, report))


@tenancy.workspace_view(VIEW)
@require_GET
def report_page(request: WorkspaceRequest, engagement: str, report: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_report(m, obj, report)
    can_edit = queries.can_edit(m)
    return render(request, "reports/report.html", {
        "engagement": obj, "report": row, "view": queries.report_view(row), "can_edit": can_edit,
        "form": NarrativeForm(initial={"narrative": row.narrative}) if can_edit else None,
        "recipients": queries.recipients(obj) if can_edit else [],
        "deliveries": [d for d in queries.deliveries(m, obj) if d.report_id == row.pk],
    })


@tenancy.workspace_view(VIEW)
@require_GET
def report_pdf(request: WorkspaceRequest, engagement: str, report: str) -> HttpResponse:
    """The report as PDF, in the engagement's language: the team gets it as it would go out now; a client user
    the PDF that was last sent to them (the archive's exact file)."""
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_report(m, obj, report)
    content = services.sent_pdf(row) if m.is_client else None
    response = HttpResponse(content or services.render_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, services.file_name(row)) or ""
    return response


@tenancy.workspace_view(EDIT)
@require_POST
def narrative(request: WorkspaceRequest, engagement: str, report: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_report(m, obj, report)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(_report_url(request, row))
    try:
        services.save_narrative(actor=request.user, membership=m, report=row, narrative=form.cleaned_data["narrative"])
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The summary is saved."))
    return redirect(_report_url(request, row) + "#summary-editor")


@tenancy.workspace_view(EDIT)
@require_POST
def narrative_reset(request: WorkspaceRequest, engagement: str, report: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_report(m, obj, report)
    try:
        services.reset_narrative(actor=request.user, membership=m, report=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The summary is a new draft from the numbers."))
    return redirect(_report_url(request, row) + "#summary-editor")


@tenancy.workspace_view(EDIT)
@require_POST
def send(request: WorkspaceRequest, engagement: str, report: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_report(m, obj, report)
    try:
        delivery = services.send_report(row, actor=request.user, membership=m)
    except DomainError as exc:
        refuse(request, exc)
        return redirect(_report_url(request, row))
    messages.success(request, _("The report is sent to %(people)s.") % {
        "people": ", ".join(p["email"] for p in delivery.recipients)})
    return redirect(reverse("reports:archive", args=[request.workspace.slug, obj.uuid]))


@tenancy.workspace_view(VIEW)
@require_GET
def archive(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    return render(request, "reports/archive.html", {"engagement": obj, "deliveries": queries.deliveries(m, obj)})


@tenancy.workspace_view(VIEW)
@require_GET
def delivery_pdf(request: WorkspaceRequest, engagement: str, delivery: str) -> Any:
    """The exact PDF that was sent."""
    m = request.membership
    obj = get_engagement(m, engagement)
    row = get_delivery(m, obj, delivery)
    try:
        handle = row.pdf.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    name = (row.pdf.name or "report.pdf").rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{row.report.month:%Y-%m}-{name}") or ""
    return response


@tenancy.workspace_view("reports.settings")
@require_http_methods(["GET", "POST"])
def report_settings(request: WorkspaceRequest) -> HttpResponse:
    m = request.membership
    current = services.get_settings(request.workspace)
    form = SettingsForm(request.POST or None, request.FILES or None, initial={
        "agency_name": current.agency_name, "send_on_working_day": current.send_on_working_day,
        "auto_send": current.auto_send})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_settings(actor=request.user, membership=m, agency_name=data["agency_name"],
                                     auto_send=data["auto_send"], send_on_working_day=data["send_on_working_day"],
                                     logo=data.get("logo"), remove_logo=data["remove_logo"])
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied from None
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The report settings are saved."))
            return redirect(reverse("reports:settings", args=[request.workspace.slug]))
    return render(request, "reports/settings.html", {"form": form, "current": current,
                                                     "logo": queries.logo_data_uri(current if current.pk else None)})
