"""The reports' part of the demo: last month's report of every engagement that ran then was sent by its account
manager through the services (the archive holds the exact PDF with its SHA-256, sent to the client's users in
the engagement's language, the narrative the draft plus the manager's paragraph), this month's is a draft, and
a reset removes the reports with their stored PDFs."""

from __future__ import annotations

import hashlib

import pytest

from cadence.core.models import Workspace
from cadence.engagements.models import Engagement
from cadence.engagements.queries import engagement_today
from cadence.reports import demo as rdemo
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings


@pytest.fixture
def media(demo_build):
    """The demo's files (not the empty directory tests/reports/fixtures.py gives the other tests)."""
    return demo_build.media


@pytest.mark.demo_reset  # deletes the stored PDFs
@pytest.mark.django_db
def test_the_demo_sends_last_months_reports_and_keeps_this_months_drafts(demo_build, media):
    tmp_path = media
    assert "monthly reports sent" in demo_build.output, demo_build.output
    workspace = Workspace.objects.get(slug="demo")
    assert ReportSettings.objects.get(workspace=workspace).agency_name == "Demo Agency"

    sent = 0
    for engagement in Engagement.objects.filter(workspace=workspace).select_related("manager", "client"):
        today = engagement_today(engagement)
        this_month = today.replace(day=1)
        draft = MonthlyReport.objects.get(engagement=engagement, month=this_month)
        assert draft.status == "draft" and draft.narrative and not draft.deliveries.exists()
        last = MonthlyReport.objects.filter(engagement=engagement, month=rdemo.previous_month(today)).first()
        if engagement.start_date >= this_month:  # the bakery started this month: nothing to report on yet
            assert last is None
            continue
        assert last is not None and last.status == "sent" and last.narrative_edited
        assert last.narrative.rstrip().endswith(rdemo.NOTES[engagement.name].rstrip())
        delivery = ReportDelivery.objects.get(report=last)
        assert delivery.sent_by_id == engagement.manager_id and delivery.language == engagement.language
        content = (tmp_path / delivery.pdf.name).read_bytes()
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == delivery.pdf_sha256
        emails = {r["email"] for r in delivery.recipients}
        assert emails and all(e.endswith("@demo.cadence.test") for e in emails)
        sent += 1
    assert sent >= 2

    files = [tmp_path / d.pdf.name for d in ReportDelivery.objects.filter(workspace=workspace)]
    rdemo.delete(workspace)
    assert not MonthlyReport.objects.filter(workspace=workspace).exists()
    assert not any(f.exists() for f in files)
