"""The reports' services: the month's report with its draft, the narrative, the PDF, sending it (email with
the PDF, the archive with its SHA-256, the audit), the schedule and the settings."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from cadence.reports import queries, services
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings, ReportStatus, Trigger
from tests.files.samples import image
from tests.reports.fixtures import OCT
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_a_months_report_is_made_once_with_a_draft_from_the_numbers(report_data, manager, m):
    report = services.get_or_create_report(report_data, "2026-10", actor=manager, membership=m["manager"])
    assert report.month == OCT and report.status == ReportStatus.DRAFT and not report.narrative_edited
    assert "14" in report.narrative or "7" in report.narrative  # the hours
    assert "520,50" in report.narrative  # the spend, in the engagement's language's format (ro)
    assert services.get_or_create_report(report_data, dt.date(2026, 10, 15)).pk == report.pk
    assert AuditEntry.objects.filter(action="report.created").count() == 1


@pytest.mark.parametrize("month, code", [("2027-01", "future"), ("2026-08", "before_start")])
def test_a_month_outside_the_engagement_is_refused(report_data, month, code):
    with pytest.raises(DomainError) as e:
        services.get_or_create_report(report_data, month)
    assert e.value.code == code


@pytest.mark.parametrize("bad", ["2026-13", "next month", "2026-1O"])
def test_a_bad_month_is_a_worded_error(report_data, bad):
    with pytest.raises(DomainError) as e:
        services.get_or_create_report(report_data, bad)
    assert e.value.code == "invalid_date" and e.value.message


def test_only_editors_write(report_data, m):
    report = services.get_or_create_report(report_data, OCT)
    for role in ("specialist", "viewer"):
        with pytest.raises(DomainError) as e:
            services.save_narrative(actor=None, membership=m[role], report=report, narrative="x")
        assert e.value.code == "forbidden"


def test_the_narrative_is_saved_and_audited(report_data, manager, m):
    report = services.get_or_create_report(report_data, OCT)
    row = services.save_narrative(actor=manager, membership=m["manager"], report=report,
                                  narrative="**Luna** aceasta am lansat campania.")
    assert row.narrative_edited and row.revision == 2
    assert AuditEntry.objects.filter(action="report.narrative_saved").exists()
    with pytest.raises(DomainError):
        services.save_narrative(actor=manager, membership=m["manager"], report=report, narrative="bad\x00text")
    with pytest.raises(DomainError):
        services.save_narrative(actor=manager, membership=m["manager"], report=report, narrative="x" * 20001)
    row = services.reset_narrative(actor=manager, membership=m["manager"], report=row)
    assert not row.narrative_edited and "520,50" in row.narrative


def test_the_pdf_is_in_the_engagements_language_with_the_agency(report_data, manager, m, owner):
    services.update_settings(actor=owner, membership=m["owner"], agency_name="Agenția Nord", auto_send=False,
                             send_on_working_day=3,
                             logo=SimpleUploadedFile("logo.png", image("PNG", (120, 40)), "image/png"))
    report = services.get_or_create_report(report_data, OCT)
    report = services.save_narrative(actor=manager, membership=m["manager"], report=report,
                                     narrative="Am lansat **campania** de toamnă.")
    pdf = services.render_pdf(report)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Agenția Nord".upper() in text.upper()
    assert "Am lansat campania de toamnă." in text
    assert "Reclame Meta" in text and "520,50" in text  # money in the ro format
    assert "Instagram" in text
    assert "Lead-uri din CRM" in text and "Mutăm 20 % din buget pe Reels." in text  # the KPI and the decision

def test_the_same_figures_as_the_hours_page_and_the_budget(report_data):
    from cadence.budget import queries as budget_queries
    from cadence.engagements import queries as engagement_queries

    report = services.get_or_create_report(report_data, OCT)
    view = queries.report_view(report, charts=False)
    rows = {r.index: r for r in engagement_queries.month_rows(report_data)}
    for h in view.hours:
        assert (h.used, h.available, h.carried_in) == (rows[h.index].logged, rows[h.index].available,
                                                       rows[h.index].carried_in)
    budget = budget_queries.budget_view(None, report_data)
    assert view.budget is not None and view.budget.actual == budget.totals.by_month[OCT].actual
    assert view.budget.ad_available == budget.available(OCT)
    assert view.posts_published == 2


def test_sending_emails_the_pdf_and_archives_it(report_data, manager, m, approver, viewer,
                                                django_capture_on_commit_callbacks):
    report = services.get_or_create_report(report_data, OCT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.send_report(report, actor=manager, membership=m["manager"])
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.sent_at is not None
    assert delivery.trigger == Trigger.MANUAL and delivery.sent_by == manager and delivery.language == "ro"
    assert {p["email"] for p in delivery.recipients} == {approver.email, viewer.email}
    with delivery.pdf.open("rb") as f:
        stored = f.read()
    assert stored.startswith(b"%PDF") and hashlib.sha256(stored).hexdigest() == delivery.pdf_sha256
    assert delivery.pdf_size == len(stored)
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert "\n" not in message.subject and report_data.name in message.subject
    name, content, kind = message.attachments[0]
    assert name.endswith(".pdf") and kind == "application/pdf" and content == stored
    assert AuditEntry.objects.filter(action="report.sent").exists()


def _no_client_users():
    from cadence.core.models import ClientAccess

    ClientAccess.objects.all().delete()


def test_no_client_users_no_sending(report_data, manager, m):
    _no_client_users()
    report = services.get_or_create_report(report_data, OCT)
    with pytest.raises(DomainError) as e:
        services.send_report(report, actor=manager, membership=m["manager"])
    assert e.value.code == "no_recipients"
    assert not ReportDelivery.objects.exists()


def _auto(owner, m, day=3):
    services.update_settings(actor=owner, membership=m["owner"], agency_name="", auto_send=True,
                             send_on_working_day=day)


def test_the_schedule_sends_once_per_engagement_and_month(report_data, owner, m, approver,
                                                         django_capture_on_commit_callbacks):
    mail.outbox.clear()
    assert services.send_due_reports(today=dt.date(2026, 11, 20)) == []  # the schedule is off
    _auto(owner, m)
    assert services.send_due_reports(today=dt.date(2026, 11, 3)) == []  # the 2nd working day (1 Nov: Sunday)
    outcome = services.send_due_reports(today=dt.date(2026, 11, 20), dry_run=True)
    assert [(o[1], o[2]) for o in outcome] == [(OCT, "would send")] and not ReportDelivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.send_due_reports(today=dt.date(2026, 11, 4))  # the 3rd working day
    assert [(o[1], o[2]) for o in outcome] == [(OCT, "sent")]
    delivery = ReportDelivery.objects.get()
    assert delivery.trigger == Trigger.SCHEDULE and delivery.sent_by is None
    assert len(mail.outbox) == 2  # the approver and the viewer
    assert services.send_due_reports(today=dt.date(2026, 11, 6)) == []
    assert services.send_due_reports(today=dt.date(2026, 11, 4)) == []
    assert ReportDelivery.objects.count() == 1 and MonthlyReport.objects.get().status == ReportStatus.SENT


def test_the_schedule_skips_an_engagement_without_client_users(report_data, owner, m):
    _no_client_users()
    _auto(owner, m)
    outcome = services.send_due_reports(today=dt.date(2026, 11, 20))
    assert len(outcome) == 1 and outcome[0][2] != "sent"
    assert not ReportDelivery.objects.exists()


def test_settings_and_the_logo(owner, m, manager):
    row = services.update_settings(actor=owner, membership=m["owner"], agency_name="  Nord  ", auto_send=True,
                                   send_on_working_day="5",
                                   logo=SimpleUploadedFile("x.webp", image("WEBP"), "image/png"))
    assert (row.agency_name, row.auto_send, row.send_on_working_day, row.logo_type) == ("Nord", True, 5, "image/webp")
    assert queries.logo_data_uri(row).startswith("data:image/webp;base64,")
    assert AuditEntry.objects.filter(action="report.settings_updated").exists()
    for upload, code in ((SimpleUploadedFile("logo.png", b"GIF89a" + b"0" * 40, "image/png"), "invalid_type"),
                         (SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40, "image/png"), "invalid_image"),
                         (SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024), "image/png"),
                          "too_large")):
        with pytest.raises(DomainError) as e:
            services.update_settings(actor=owner, membership=m["owner"], agency_name="", auto_send=False,
                                     send_on_working_day=3, logo=upload)
        assert e.value.code == code
    for day in (0, 16, "x"):
        with pytest.raises(DomainError):
            services.update_settings(actor=owner, membership=m["owner"], agency_name="", auto_send=False,
                                     send_on_working_day=day)
    with pytest.raises(DomainError):
        services.update_settings(actor=owner, membership=m["owner"], agency_name="a\x07b", auto_send=False,
                                 send_on_working_day=3)
    with pytest.raises(DomainError) as e:
        services.update_settings(actor=manager, membership=m["manager"], agency_name="", auto_send=False,
                                 send_on_working_day=3)
    assert e.value.code == "forbidden"
    row = services.update_settings(actor=owner, membership=m["owner"], agency_name="", auto_send=False,
                                   send_on_working_day=3, remove_logo=True)
    assert not row.logo and ReportSettings.objects.count() == 1
