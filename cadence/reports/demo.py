"""The monthly reports' part of ``cadence demo`` (order 450, after the KPIs the reports show).

The workspace's report settings carry the agency's name (no logo: the demo has no image of its own) and the
schedule (the 3rd working day, not automatic: the demo's reports are sent by their manager). Every engagement
that ran in the month before today's gets that month's report, reviewed and sent by its account manager
through ``services.send_report`` (so the archive holds the exact PDF, its SHA-256 and its recipients: the
client's users; the emails are kept in memory while the demo is built); the manager's narrative is the draft
the app pre-filled from the numbers with a paragraph of their own in the engagement's language (demo data,
not interface text). Every engagement has this month's report as a draft, for a newcomer to write and send.

Speed (the demo is built by many tests): the PDF handed to ``send_report`` is rendered from the report's HTML
exactly as ``services.render_pdf`` renders it, once per process for the same HTML (a rebuild on the same day
makes the same documents), and the charts in it come from ``core.charts``' in-process memo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

from django.utils import translation

from cadence.core.demo import NAME, DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import engagement_today
from cadence.reports import document, queries, services
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings, Trigger

# The manager's own paragraph, added to the pre-filled draft before sending (by the engagement's name).
NOTES: Mapping[str, str] = {
    "Online shop growth": (
        "## Ce urmează\n\n"
        "Luna aceasta ne concentrăm pe reclamele de catalog: înlocuim randările 3D cu fotografii reale din "
        "showroom, pentru că CTR-ul a rămas sub nivelul acceptabil. Concursul lunar pe Facebook revine din "
        "prima săptămână. Costul pe clic din Google Ads rămâne peste ținta convenită: mutăm o parte din bugetul "
        "Performance Max în campania de căutare pentru bucătării la comandă.\n\n"
        "Vă rugăm să ne confirmați până vineri lista produselor pentru ședința foto."
    ),
    "Student acquisition": (
        "## Что дальше\n\n"
        "В этом месяце обновляем рекламу Meta: CTR опустился ниже приемлемого уровня, поэтому карусель программ "
        "заменяем видео-отзывами учеников и делим аудиторию родителей по городам. Розыгрыш бесплатного "
        "интенсива возобновим перед зимними каникулами, чтобы вернуть рост подписчиков.\n\n"
        "Просим до пятницы согласовать расписание пробных уроков на декабрь."
    ),
    "Marketing plan 2027 (SOSTAC)": (
        "## Что дальше\n\n"
        "План на 2027 год передан вам на согласование. После утверждения раздела «Стратегия» начнём "
        "разработку тактики каналов и бюджета.\n\n"
        "Ждём ваших комментариев к разделу «Цели» до конца недели."
    ),
    "Social media & local ads": (
        "## Ce urmează\n\n"
        "Terminăm analiza concurenței și a publicului din Cluj-Napoca, apoi vă trimitem planul de marketing "
        "spre aprobare."
    ),
}


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the deliveries with their stored PDFs, the reports,
    the settings."""
    for delivery in ReportDelivery.objects.filter(workspace=workspace).exclude(pdf=""):
        delivery.pdf.delete(save=False)
    ReportDelivery.objects.filter(workspace=workspace).delete()
    MonthlyReport.objects.filter(workspace=workspace).delete()
    for settings in ReportSettings.objects.filter(workspace=workspace).exclude(logo=""):
        settings.logo.delete(save=False)
    ReportSettings.objects.filter(workspace=workspace).delete()


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# The PDFs this process rendered, by the SHA-256 of their HTML: the tests build the demo again and again on
# the same day, and the same report's HTML is then the same document (WeasyPrint takes a second a report).
_pdfs: dict[str, bytes] = {}


def pdf_of(report: MonthlyReport) -> bytes:
    """The report's PDF as ``services.render_pdf`` makes it (the same HTML, in the engagement's language),
    rendered once per process for the same HTML."""
    with translation.override(report.engagement.language):
        html = document.html_of(queries.report_view(report))
    key = hashlib.sha256(html.encode()).hexdigest()
    if key not in _pdfs:
        if len(_pdfs) >= 16:
            _pdfs.clear()
        _pdfs[key] = document.pdf_of(html)
    return _pdfs[key]


def build(demo: DemoWorkspace) -> str:
    owner = demo.users["owner"]
    owner_membership = demo.memberships[owner.pk]
    services.update_settings(actor=owner, membership=owner_membership, agency_name=NAME, auto_send=False,
                             send_on_working_day=3)
    sent = drafts = 0
    for engagement in (visible_engagements(owner_membership).filter(archived=False)
                       .select_related("manager").order_by("start_date", "id")):
        if MonthlyReport.objects.filter(engagement=engagement).exists():
            continue
        manager = engagement.manager or owner
        membership = demo.memberships[manager.pk]
        today = engagement_today(engagement)
        last_month = previous_month(today)
        if engagement.start_date < today.replace(day=1):
            report = services.get_or_create_report(engagement, last_month, actor=manager,
                                                   membership=membership)
            note = NOTES.get(engagement.name, "")
            narrative = f"{report.narrative.rstrip()}\n\n{note}" if note else report.narrative
            report = services.save_narrative(actor=manager, membership=membership, report=report,
                                             narrative=narrative)
            services.send_report(report, actor=manager, membership=membership, trigger=Trigger.MANUAL,
                                 pdf=pdf_of(report))
            sent += 1
        services.get_or_create_report(engagement, today.replace(day=1), actor=manager, membership=membership)
        drafts += 1
    return f"{sent} monthly reports sent (their PDFs in the archive), {drafts} drafts for this month"

