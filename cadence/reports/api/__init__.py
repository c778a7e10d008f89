"""The monthly reports in the JSON API, mounted by the central API through ``ReportsConfig.api_router``: an
engagement's reports (the client's users see the sent ones only), a report's figures and narrative, preparing a
month's report, saving its narrative, sending it, its PDF, the archive of deliveries with the exact PDFs, and
the workspace's report settings. The same permissions as the pages: ``reports.view`` reads, ``reports.edit``
writes, ``reports.settings`` (owners) the settings. The logo is uploaded on the settings page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, client_capability, declare
from cadence.api.schemas import Date, In
from cadence.core import validation as v
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest
from cadence.reports import queries, services
from cadence.reports.access import get_delivery, get_report
from cadence.reports.domain import schedule as rules
from cadence.reports.models import MonthlyReport, ReportDelivery

router = Router(tags=["reports"])
VIEW = client_capability("reports.view", via="engagement")
EDIT = capability("reports.edit")
SETTINGS = capability("reports.settings")
E = "/workspaces/{workspace}/engagements/{uuid:engagement}"
R = E + "/reports/{uuid:report}"


class ReportRecipientOut(Schema):
    email: str
    name: str
    language: str


class ReportDeliveryOut(Schema):
    id: UUID
    report: UUID
    month: dt.date
    trigger: str = Field(..., description="manual (sent by a manager) or schedule.")
    sent_at: dt.datetime
    sent_by: str | None
    recipients: list[ReportRecipientOut]
    language: str
    subject: str
    pdf_sha256: str
    pdf_size: int


class ReportOut(Schema):
    id: UUID
    month: dt.date
    status: str = Field(..., description="draft or sent.")
    narrative: str = Field(..., description="Markdown.")
    narrative_edited: bool = Field(..., description="False while the narrative is the app's draft.")
    sent_at: dt.datetime | None


class ReportHoursOut(Schema):
    month: int = Field(..., description="The contract month (1-based).")
    start: dt.date
    end: dt.date
    contracted: Decimal
    carried_in: Decimal
    available: Decimal
    used: Decimal
    carried_out: Decimal | None


class ReportKpiOut(Schema):
    name: str
    status: str
    reason: str
    current: Decimal | None
    previous: Decimal | None
    unit: str


class ReportBudgetOut(Schema):
    currency: str
    planned: Decimal
    actual: Decimal
    advertising_available: Decimal | None
    advertising_spent: Decimal | None
    rollover: str


class ReportChannelOut(Schema):
    channel: str
    published: int
    planned: int | None


class ReportMovedOut(Schema):
    phase: str
    headline: str
    reasons: list[str]


class ReportDetailOut(ReportOut):
    hours: list[ReportHoursOut]
    moved: list[ReportMovedOut]
    kpis: list[ReportKpiOut]
    budget: ReportBudgetOut | None
    channels: list[ReportChannelOut]
    next_steps: list[str]
    deliveries: list[ReportDeliveryOut]


class ReportOpenIn(In):
    period: Date = Field(..., description="Any day of the report's month.")


class ReportNarrativeIn(In):
    narrative: Annotated[str, Field(max_length=services.NARRATIVE_MAX, pattern=v.TEXT_PATTERN)]


class ReportSettingsOut(Schema):
    agency_name: str
    has_logo: bool
    send_on_working_day: int
    auto_send: bool


class ReportSettingsIn(In):
    agency_name: Annotated[str, Field(max_length=services.AGENCY_NAME_MAX, pattern=v.LINE_PATTERN)] = ""
    send_on_working_day: Annotated[int, Field(ge=rules.SEND_DAY_MIN, le=rules.SEND_DAY_MAX)] = 3
    auto_send: bool = False


def _context(request: ApiRequest, engagement: UUID) -> tuple[Membership, Any]:
    membership = request.membership
    return membership, get_engagement(membership, engagement)


def _report(r: MonthlyReport) -> dict[str, Any]:
    return {"id": r.uuid, "month": r.month, "status": r.status, "narrative": r.narrative,
            "narrative_edited": r.narrative_edited, "sent_at": r.sent_at}


def _delivery(d: ReportDelivery) -> dict[str, Any]:
    return {"id": d.uuid, "report": d.report.uuid, "month": d.report.month, "trigger": d.trigger,
            "sent_at": d.sent_at, "sent_by": d.sent_by.display_name if d.sent_by else None,
            "recipients": [{"email": p.get("email", ""), "name": p.get("name", ""), "language": p.get("language", "")}
                           for p in d.recipients],
            "language": d.language, "subject": d.subject, "pdf_sha256": d.pdf_sha256, "pdf_size": d.pdf_size}


def _detail(membership: Membership, engagement: Any, r: MonthlyReport) -> dict[str, Any]:
    view = queries.report_view(r, charts=False)
    b = view.budget
    return {
        **_report(r),
        "hours": [{"month": h.index, "start": h.start, "end": h.end, "contracted": h.contracted,
                   "carried_in": h.carried_in, "available": h.available, "used": h.used, "carried_out": h.carried_out}
                  for h in view.hours],
        "moved": [{"phase": m.name, "headline": m.headline, "reasons": list(m.sentences)} for m in view.moved],
        "kpis": [{"name": k.card.name, "status": k.card.status, "reason": k.card.reason,
                  "current": k.card.current, "previous": k.card.previous, "unit": k.card.unit}
                 for k in view.kpis],
        "budget": None if b is None else {"currency": b.currency, "planned": b.planned, "actual": b.actual,
                                          "advertising_available": b.ad_available, "advertising_spent": b.ad_spent,
                                          "rollover": b.rollover},
        "channels": [{"channel": c.channel, "published": c.published, "planned": c.planned} for c in view.channels],
        "next_steps": [s.text for s in view.next_steps],
        "deliveries": [_delivery(d) for d in queries.deliveries(membership, engagement) if d.report_id == r.pk],
    }


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@router.get(E + "/reports", response={200: list[ReportOut], **READ_ERRORS},
            summary="The engagement's monthly reports, newest first (client users: the sent ones)",
            openapi_extra=declare(VIEW))
def report_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    return [_report(r) for r in queries.visible_reports(membership, obj)]


@router.post(E + "/reports", response={201: ReportOut, **WRITE_ERRORS},
             summary="Prepare the report of a month (or get it when it exists): its narrative is a draft from the numbers",
             openapi_extra=declare(EDIT))
def report_open(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                payload: ReportOpenIn) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    report = services.get_or_create_report(obj, payload.period, actor=request.auth, membership=membership)
    return Status(201, _report(report))


@router.get(R, response={200: ReportDetailOut, **READ_ERRORS},
            summary="A report with its month's figures: hours, dates that moved, KPIs, budget, content, next steps",
            openapi_extra=declare(VIEW))
def report_get(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, report: UUID) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    return _detail(membership, obj, get_report(membership, obj, report))


@router.put(R + "/narrative", response={200: ReportOut, **WRITE_ERRORS}, summary="Save the report's narrative",
            openapi_extra=declare(EDIT))
def narrative_put(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, report: UUID,
                  payload: ReportNarrativeIn) -> dict[str, Any]:
    membership, obj = _context(request, engagement)
    row = services.save_narrative(actor=request.auth, membership=membership, report=get_report(membership, obj, report),
                                  narrative=payload.narrative)
    return _report(row)


@router.post(R + "/send", response={201: ReportDeliveryOut, **WRITE_ERRORS},
             summary="Send the report to the client's users (the PDF attached); the PDF is archived",
             openapi_extra=declare(EDIT))
def send(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, report: UUID) -> Status[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    delivery = services.send_report(get_report(membership, obj, report), actor=request.auth, membership=membership)
    return Status(201, _delivery(delivery))


@router.get(R + "/pdf", response={200: None, **READ_ERRORS},
            summary="The report as PDF in the engagement's language (client users: the PDF last sent to them)", openapi_extra=declare(VIEW))
def report_pdf(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, report: UUID) -> HttpResponse:
    membership, obj = _context(request, engagement)
    row = get_report(membership, obj, report)
    content = services.sent_pdf(row) if membership.is_client else None
    return _pdf(content or services.render_pdf(row), services.file_name(row))


@router.get(E + "/report-deliveries", response={200: list[ReportDeliveryOut], **READ_ERRORS},
            summary="The archive: every sending of the engagement's reports", openapi_extra=declare(VIEW))
def deliveries(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    membership, obj = _context(request, engagement)
    return [_delivery(d) for d in queries.deliveries(membership, obj)]


@router.get(E + "/report-deliveries/{uuid:delivery}/pdf", response={200: None, **READ_ERRORS},
            summary="The exact PDF that was sent", openapi_extra=declare(VIEW))
def delivery_pdf(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, delivery: UUID) -> HttpResponse:
    membership, obj = _context(request, engagement)
    row = get_delivery(membership, obj, delivery)
    with row.pdf.open("rb") as f:
        content = f.read()
    return _pdf(content, (row.pdf.name or "report.pdf").rsplit("/", 1)[-1])


def _settings(request: ApiRequest) -> dict[str, Any]:
    s = services.get_settings(request.membership.workspace)
    return {"agency_name": s.agency_name, "has_logo": bool(s.logo), "send_on_working_day": s.send_on_working_day,
            "auto_send": s.auto_send}


@router.get("/workspaces/{workspace}/report-settings", response={200: ReportSettingsOut, **READ_ERRORS},
            summary="The workspace's report settings", openapi_extra=declare(SETTINGS))
def settings_get(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, Any]:
    return _settings(request)


@router.put("/workspaces/{workspace}/report-settings", response={200: ReportSettingsOut, **WRITE_ERRORS},
            summary="Change the agency name, the send day and whether reports go out on schedule",
            openapi_extra=declare(SETTINGS))
def settings_put(request: ApiRequest, workspace: WorkspaceSlug, payload: ReportSettingsIn) -> dict[str, Any]:
    services.update_settings(actor=request.auth, membership=request.membership, agency_name=payload.agency_name,
                             auto_send=payload.auto_send, send_on_working_day=payload.send_on_working_day)
    return _settings(request)
