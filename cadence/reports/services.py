"""Writes of the monthly reports: a month's report (made with a draft narrative worded from its numbers), the
manager's narrative, the PDF, sending it to the client's users (by a manager or on schedule) with the exact
PDF kept in the archive, and the workspace's report settings (agency name, logo, send day, auto send).

Keyword-only ``actor``; one transaction per write; ``DomainError`` with a translated message when a rule
refuses; an audit entry on the engagement's history (``report.*``; the settings on the workspace's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadence import tenancy
from cadence.core import audit, clock, events, validation
from cadence.core.calendar_names import month_in_sentence
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership, Workspace
from cadence.engagements import queries as engagement_queries
from cadence.reports import queries
from cadence.reports.domain import logo as logo_rules
from cadence.reports.domain import narrative as facts_of
from cadence.reports.domain import schedule as rules
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings, ReportStatus, Trigger

log = logging.getLogger(__name__)
Engagement = Any
NARRATIVE_MAX = 20000
AGENCY_NAME_MAX = 160


def _require(membership: Membership | None, engagement: Engagement, capability: str = "reports.edit") -> None:
    if membership is None:
        return
    if engagement.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    if not tenancy.can(membership, capability):
        raise DomainError(_("Your role does not allow this."), code="forbidden")


def parse_month(value: Any, *, field: str = "month") -> dt.date:
    """A month from ``YYYY-MM`` (or a date): its first day."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.date.fromisoformat(text + "-01" if len(text) == 7 else text)
        except ValueError:
            raise InvalidInput(_("Enter a valid month (YYYY-MM)."), code="invalid_date", field=field) from None
    return validation.clean_date(value, field=field).replace(day=1)


# --- the draft narrative ------------------------------------------------------------------------

def _money(amount: Decimal, currency: str) -> str:
    from cadence.budget.queries import money

    return money(amount, currency)


def _hours(value: Decimal) -> str:
    return engagement_queries.hours_text(value)


def word(fact: facts_of.Fact, currency: str) -> str:
    """One fact of the draft as a sentence in the active language."""
    p = fact.params
    c = fact.code
    if c == "hours":
        return _("This month we used %(used)s of the %(available)s available.") % {
            "used": _hours(Decimal(p["used"])), "available": _hours(Decimal(p["available"]))}
    if c == "hours_over":
        return _("That is %(over)s more than the month had available.") % {"over": _hours(Decimal(p["over"]))}
    if c == "kpi_improved":
        return _("“%(name)s” improved compared with the previous month.") % {"name": p["name"]}
    if c == "kpi_worsened":
        return _("“%(name)s” worsened compared with the previous month; we are looking into why.") % {
            "name": p["name"]}
    if c == "kpi_on_track":
        total = int(p["total"])
        return ngettext("%(count)s of %(total)s KPI is on track.", "%(count)s of %(total)s KPIs are on track.",
                        total) % {"count": p["count"], "total": total}
    if c in ("spend", "spend_under", "spend_over"):
        values = {"spent": _money(Decimal(p["spent"]), currency), "available": _money(Decimal(p["available"]), currency),
                  "gap": _money(Decimal(p["gap"]), currency)}
        if c == "spend_under":
            return _("Advertising spend was %(spent)s, %(gap)s under the %(available)s available.") % values
        if c == "spend_over":
            return _("Advertising spend was %(spent)s, %(gap)s over the %(available)s available.") % values
        return _("Advertising spend was %(spent)s of the %(available)s available.") % values
    if c == "posts":
        count = int(p["count"])
        return ngettext("We published %(count)s post.", "We published %(count)s posts.", count) % {"count": count}
    if c == "posts_none":
        return _("No posts were published this month.")
    if c == "decisions":
        count = int(p["count"])
        return ngettext("We took %(count)s decision at the KPI reviews (listed below).",
                        "We took %(count)s decisions at the KPI reviews (listed below).", count) % {"count": count}
    if c == "next":
        if p.get("gate"):
            return _("Next we continue with “%(phase)s”; the next milestone is “%(gate)s”.") % {
                "phase": p["phase"], "gate": p["gate"]}
        return _("Next we continue with “%(phase)s”.") % {"phase": p["phase"]}
    return ""


def numbers_of(view: queries.ReportView) -> facts_of.Numbers:
    moves = []
    for line in view.kpis:
        card = line.card
        moves.append(facts_of.KpiMove(name=card.name, previous=card.previous, current=card.current,
                                      higher_is_better=card.direction != "down", on_track=card.status == "on_track"))
    # The contract month that began last in the calendar month (the same month when the contract starts on a 1st).
    row = view.hours[-1] if view.hours else None
    used = row.used if row is not None else None
    available = row.available if row is not None else None
    continuing = next((s for s in view.extra.get("phases_now", [])), "")
    return facts_of.Numbers(
        hours_used=used, hours_available=available, kpis=moves,
        ad_available=view.budget.ad_available if view.budget else None,
        ad_spent=view.budget.ad_spent if view.budget else None,
        posts=view.posts_published, channels=sum(1 for c in view.channels if c.published),
        current_phase=continuing, next_gate=view.extra.get("next_gate", ""), decisions=len(view.decisions))


def draft_text(view: queries.ReportView) -> str:
    """The draft narrative (Markdown) worded from the month's numbers, in the active language."""
    facts = facts_of.facts(numbers_of(view))
    groups: dict[str, list[str]] = {"hours": [], "kpi": [], "spend": [], "posts": [], "next": []}
    for f in facts:
        key = ("hours" if f.code.startswith("hours") else "kpi" if f.code.startswith("kpi")
               else "spend" if f.code.startswith("spend") else "next" if f.code in ("next", "decisions") else "posts")
        groups[key].append(word(f, view.currency))
    paragraphs = [" ".join(groups[k]) for k in ("hours", "spend", "posts") if groups[k]]
    kpis = groups["kpi"]
    text = "\n\n".join(paragraphs)
    if kpis:
        text += "\n\n" + "\n".join(f"- {s}" for s in kpis)
    if groups["next"]:
        text += "\n\n" + " ".join(groups["next"])
    return text.strip()


def draft_narrative(report: MonthlyReport) -> str:
    """The draft in the engagement's language (what the client reads)."""
    with translation.override(report.engagement.language):
        return draft_text(queries.report_view(report, charts=False))


# --- reports ------------------------------------------------------------------------------------

def _check_month(engagement: Engagement, month: dt.date) -> None:
    today = engagement_queries.engagement_today(engagement)
    if month < engagement.start_date.replace(day=1):
        raise DomainError(_("The engagement starts later than this month."), code="before_start", field="month")
    if month > today.replace(day=1):
        raise DomainError(_("A report can be made for the current month or an earlier one."), code="future",
                          field="month")


def get_or_create_report(engagement: Engagement, month: Any, *, actor: Any = None,
                         membership: Membership | None = None) -> MonthlyReport:
    """The engagement's report of ``month`` (any day of it), made with a draft narrative when new."""
    _require(membership, engagement)
    first = parse_month(month)
    existing = MonthlyReport.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement,
                                            month=first).first()
    if existing is not None:
        return existing
    _check_month(engagement, first)
    report = MonthlyReport(workspace_id=engagement.workspace_id, engagement=engagement, month=first,
                           updated_by=actor if getattr(actor, "is_authenticated", False) else None)
    report.narrative = draft_narrative(report)
    try:
        with transaction.atomic():
            report.save()
            audit.record(workspace=engagement.workspace, actor=actor, action="report.created", obj=report,
                         changes={"month": first.isoformat()}, thread=engagement)
    except IntegrityError:  # made at the same moment by another request
        return MonthlyReport.objects.get(workspace_id=engagement.workspace_id, engagement=engagement, month=first)
    return report


@transaction.atomic
def save_narrative(*, actor: Any, report: MonthlyReport, narrative: Any,
                   membership: Membership | None = None) -> MonthlyReport:
    _require(membership, report.engagement)
    text = validation.clean_text(narrative, field="narrative", max_length=NARRATIVE_MAX)
    row = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if row.narrative == text:
        return row
    before = row.narrative
    row.narrative, row.narrative_edited = text, True
    row.revision += 1
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    audit.record(workspace=row.engagement.workspace, actor=actor, action="report.narrative_saved", obj=row,
                 changes={"narrative": [before[:200], text[:200]]}, thread=row.engagement)
    return row


@transaction.atomic
def reset_narrative(*, actor: Any, report: MonthlyReport, membership: Membership | None = None) -> MonthlyReport:
    """Replace the narrative with a fresh draft from the current numbers."""
    _require(membership, report.engagement)
    row = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    row.narrative, row.narrative_edited = draft_narrative(row), False
    row.revision += 1
    row.save()
    audit.record(workspace=row.engagement.workspace, actor=actor, action="report.narrative_reset", obj=row,
                 changes={}, thread=row.engagement)
    return row


# --- the PDF and sending ----------------------------------------------------------------------------

def render_pdf(report: MonthlyReport) -> bytes:
    """The report as PDF bytes in the engagement's language (WeasyPrint; fetches nothing)."""
    from cadence.reports import document

    with translation.override(report.engagement.language):
        return document.pdf_of(document.html_of(queries.report_view(report)))


def sent_pdf(report: MonthlyReport) -> bytes | None:
    """The exact PDF of the report's last sending (None when it was never sent or the file is gone)."""
    delivery = report.deliveries.order_by("-sent_at", "-id").first()
    if delivery is None:
        return None
    try:
        with delivery.pdf.open("rb") as f:
            content: bytes = f.read()
    except (OSError, ValueError):
        return None
    return content


def subject_of(report: MonthlyReport, agency: str) -> str:
    with translation.override(report.engagement.language):
        text = _("%(agency)s: monthly report for %(month)s, %(engagement)s") % {
            "agency": agency, "month": month_in_sentence(report.month), "engagement": report.engagement.name}
    return " ".join(text.split())[:300]


def file_name(report: MonthlyReport) -> str:
    from django.utils.text import slugify

    return f"{slugify(report.engagement.name) or 'report'}-{report.month:%Y-%m}.pdf"


def send_report(report: MonthlyReport, *, actor: Any, membership: Membership | None = None,
                trigger: str = Trigger.MANUAL, pdf: bytes | None = None) -> ReportDelivery:
    """Send the report to the client's users (the PDF attached, in the engagement's language) and keep the
    exact PDF with its SHA-256 in the archive. The email goes out from a task once this commits."""
    engagement = report.engagement
    _require(membership, engagement)
    people = queries.recipients(engagement)
    if not people:
        raise DomainError(_("The client has no users to send the report to: invite the client's people first."),
                          code="no_recipients")
    content = pdf if pdf is not None else render_pdf(report)
    digest = hashlib.sha256(content).hexdigest()
    settings = queries.settings_of(engagement.workspace_id)
    agency = settings.agency_name if settings and settings.agency_name else engagement.workspace.name
    with transaction.atomic():
        row = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if trigger == Trigger.SCHEDULE and row.deliveries.exists():
            raise DomainError(_("This report has been sent already."), code="already_sent")
        delivery = ReportDelivery(workspace_id=row.workspace_id, report=row, trigger=trigger,
                                  sent_by=actor if getattr(actor, "is_authenticated", False) else None,
                                  recipients=people, language=engagement.language,
                                  subject=subject_of(row, agency), pdf_sha256=digest, pdf_size=len(content))
        delivery.pdf.save(file_name(row), ContentFile(content), save=False)
        delivery.save()
        first = row.sent_at is None
        row.status = ReportStatus.SENT
        if first:
            row.sent_at = clock.now()
        row.save(update_fields=["status", "sent_at", "updated_at"])
        audit.record(workspace=engagement.workspace, actor=actor, action="report.sent", obj=row,
                     changes={"month": row.month.isoformat(), "trigger": trigger,
                              "recipients": [p["email"] for p in people], "sha256": digest},
                     thread=engagement)
        from django.urls import reverse

        events.emit("report.sent", workspace=engagement.workspace_id, engagement=engagement, actor=actor, subject=row,
                    subject_title=str(engagement.name), audience=("manager",),
                    data={"month": row.month.isoformat()[:7], "trigger": trigger, "delivery": str(delivery.uuid),
                          "recipients": len(people),
                          "url": reverse("reports:report", args=[engagement.workspace.slug, engagement.uuid, row.uuid])})
        from cadence.reports import tasks

        delivery_id = delivery.pk
        transaction.on_commit(lambda: tasks.enqueue_delivery_email(delivery_id))
    return delivery


def _due_engagements(today: dt.date | None) -> list[tuple[Any, dt.date]]:
    """(engagement, month) of every engagement whose workspace sends on schedule and whose previous month's
    report is due (its send day has come) and not sent yet."""
    out: list[tuple[Any, dt.date]] = []
    settings_by_ws = {s.workspace_id: s for s in ReportSettings.objects.filter(auto_send=True)}
    if not settings_by_ws:
        return out
    for engagement in engagement_queries.running_engagements(settings_by_ws):
        n = settings_by_ws[engagement.workspace_id].send_on_working_day
        day = today or engagement_queries.engagement_today(engagement)
        month = rules.due_month(day, n, engagement_queries.working_day_predicate(engagement))
        if month is None or not rules.covered(month, engagement.start_date, engagement_queries.contract_end(engagement)):
            continue
        sent = ReportDelivery.objects.filter(workspace_id=engagement.workspace_id, report__engagement=engagement,
                                             report__month=month).exists()
        if not sent:
            out.append((engagement, month))
    return out


def send_due_reports(*, today: dt.date | None = None, dry_run: bool = False,
                     say: Callable[[str], None] | None = None) -> list[tuple[Any, dt.date, str]]:
    """Send every report that is due (idempotent per engagement and month: a month with a delivery is never
    sent again by the schedule). Returns (engagement, month, outcome) per engagement considered: "sent",
    "would send" (dry run), or the refusal's message. Runs in each engagement's workspace's scope."""
    from cadence.core.scoping import scope, scopes_disabled

    with scopes_disabled():
        due = _due_engagements(today)
    out: list[tuple[Any, dt.date, str]] = []
    for engagement, month in due:
        if dry_run:
            out.append((engagement, month, "would send"))
            continue
        with scope(workspace=engagement.workspace):
            try:
                report = get_or_create_report(engagement, month)
                send_report(report, actor=None, trigger=Trigger.SCHEDULE)
            except DomainError as exc:
                out.append((engagement, month, exc.message))
                continue
            except Exception as exc:  # one engagement's failure never stops the others
                log.exception("the report of %s for %s could not be sent", engagement.pk, month)
                out.append((engagement, month, f"{type(exc).__name__}: {exc}"))
                continue
        out.append((engagement, month, "sent"))
    if say is not None:
        for engagement, month, outcome in out:
            say(f"{engagement.name} ({month:%Y-%m}): {outcome}")
    return out


# --- settings -------------------------------------------------------------------------------------

def get_settings(workspace: Workspace) -> ReportSettings:
    row = ReportSettings.objects.filter(workspace=workspace).first()
    return row if row is not None else ReportSettings(workspace=workspace)


SETTINGS_FIELDS = ("agency_name", "auto_send", "send_on_working_day", "logo_type")


def read_logo(uploaded: UploadedFile[Any]) -> tuple[bytes, str]:
    """The upload's bytes and type read from its content: PNG, JPEG or WebP, at most 1 MB, and a picture
    Pillow can open."""
    if uploaded.size is not None and uploaded.size > logo_rules.MAX_BYTES:
        raise InvalidInput(_("The logo is too large: at most 1 MB."), code="too_large", field="logo")
    data = uploaded.read(logo_rules.MAX_BYTES + 1)
    if len(data) > logo_rules.MAX_BYTES:
        raise InvalidInput(_("The logo is too large: at most 1 MB."), code="too_large", field="logo")
    kind = logo_rules.sniff(data[:16])
    if kind is None:
        raise InvalidInput(_("The logo must be a PNG, JPEG or WebP image."), code="invalid_type", field="logo")
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except Exception:
        raise InvalidInput(_("The logo is not a readable image."), code="invalid_image", field="logo") from None
    if width > 4000 or height > 4000:
        raise InvalidInput(_("The logo can be at most 4000 × 4000 pixels."), code="too_large", field="logo")
    return data, kind


@transaction.atomic
def update_settings(*, actor: Any, membership: Membership, agency_name: Any, auto_send: bool,
                    send_on_working_day: Any, logo: UploadedFile[Any] | None = None,
                    remove_logo: bool = False) -> ReportSettings:
    if not tenancy.can(membership, "reports.settings"):
        raise DomainError(_("Your role does not allow this."), code="forbidden")
    workspace = membership.workspace
    name = validation.clean_text(agency_name or "", field="agency_name", max_length=AGENCY_NAME_MAX,
                                 multiline=False)
    try:
        day = int(send_on_working_day)
    except (TypeError, ValueError):
        raise InvalidInput(_("The send day must be a whole number."), code="invalid_number",
                           field="send_on_working_day") from None
    if not rules.SEND_DAY_MIN <= day <= rules.SEND_DAY_MAX:
        raise InvalidInput(_("The send day is a working day from %(min)s to %(max)s.") % {
            "min": rules.SEND_DAY_MIN, "max": rules.SEND_DAY_MAX}, code="out_of_range", field="send_on_working_day")
    data = read_logo(logo) if logo is not None else None
    row = ReportSettings.objects.select_for_update().filter(workspace=workspace).first()
    before = audit.snapshot(row, SETTINGS_FIELDS) if row is not None else {}
    if row is None:
        row = ReportSettings(workspace=workspace)
    row.agency_name, row.auto_send, row.send_on_working_day = name, bool(auto_send), day
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    if data is not None:
        content, kind = data
        row.logo.save("logo", ContentFile(content), save=False)
        row.logo_type = kind
    elif remove_logo and row.logo:
        row.logo = ""
        row.logo_type = ""
    row.save()
    changes = audit.diff(before, audit.snapshot(row, SETTINGS_FIELDS))
    if data is not None:
        changes["logo"] = [None, kind]
    if changes:
        audit.record(workspace=workspace, actor=actor, action="report.settings_updated", obj=row, changes=changes)
    return row
