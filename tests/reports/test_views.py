"""The reports' pages: who sees what (client users: sent reports only; outsiders: 404), preparing a month,
the narrative, sending, the PDFs and the settings with the logo."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadence.reports import services
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings, ReportStatus
from tests.files.samples import image
from tests.reports.fixtures import OCT
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db


def url(name, engagement, *args):
    return reverse(f"reports:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


@pytest.fixture
def draft(report_data):
    return services.get_or_create_report(report_data, OCT)


@pytest.fixture
def sent(report_data, manager, m):
    report = services.get_or_create_report(report_data, "2026-09")
    services.send_report(report, actor=manager, membership=m["manager"])
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("role", ["owner", "manager", "specialist"])
def test_the_team_sees_drafts_and_sent_reports(client, login, draft, sent, report_data, role, request):
    login(client, request.getfixturevalue(role))
    body = client.get(url("list", report_data)).content.decode()
    assert url("report", report_data, draft.uuid) in body and url("report", report_data, sent.uuid) in body
    r = client.get(url("report", report_data, draft.uuid))
    assert r.status_code == 200
    page = r.content.decode()
    assert "Reclame Meta" in page and 'id="hours"' in page
    editor = role in ("owner", "manager")
    assert (url("send", report_data, draft.uuid) in page) is editor
    assert (url("narrative", report_data, draft.uuid) in page) is editor
    assert ("approver@client.test" in page) is editor  # the recipients listed beside the button


@pytest.mark.parametrize("role", ["approver", "viewer"])
def test_client_users_see_sent_reports_only(client, login, draft, sent, report_data, role, request):
    login(client, request.getfixturevalue(role))
    body = client.get(url("list", report_data)).content.decode()
    assert url("report", report_data, sent.uuid) in body and url("report", report_data, draft.uuid) not in body
    assert client.get(url("report", report_data, draft.uuid)).status_code == 404
    assert client.get(url("report-pdf", report_data, draft.uuid)).status_code == 404
    r = client.get(url("report", report_data, sent.uuid))
    assert r.status_code == 200 and url("send", report_data, sent.uuid) not in r.content.decode()
    delivery = ReportDelivery.objects.get()
    with delivery.pdf.open("rb") as f:
        assert client.get(url("report-pdf", report_data, sent.uuid)).content == f.read()  # what was sent
    archive = client.get(url("archive", report_data)).content.decode()
    assert url("delivery-pdf", report_data, delivery.uuid) in archive
    assert client.post(url("send", report_data, sent.uuid)).status_code == 403
    assert client.post(url("report-open", report_data), {"month": "2026-10"}).status_code == 403


def test_outsiders_get_404(client, login, outsider, sent, report_data):
    login(client, outsider)
    delivery = ReportDelivery.objects.get()
    for address in (url("list", report_data), url("archive", report_data), url("report", report_data, sent.uuid),
                    url("report-pdf", report_data, sent.uuid), url("delivery-pdf", report_data, delivery.uuid)):
        assert client.get(address).status_code == 404, address
    assert client.post(url("send", report_data, sent.uuid)).status_code == 404


def test_another_engagements_report_is_404(client, login, owner, sent, report_data, workspace, other_client):
    import datetime as dt
    from decimal import Decimal

    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    other = eng.create_engagement(actor=owner, workspace=workspace, client=other_client,
                                  template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"),
                                  name="Other", start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="MD",
                                  time_zone="Europe/Chisinau", currency="MDL", language="ru")
    login(client, owner)
    assert client.get(url("report", other, sent.uuid)).status_code == 404


def test_wrong_methods(client, login, manager, draft, report_data):
    login(client, manager)
    assert client.get(url("send", report_data, draft.uuid)).status_code == 405
    assert client.get(url("report-open", report_data)).status_code == 405
    assert client.post(url("report", report_data, draft.uuid)).status_code == 405


def test_prepare_write_and_send_a_report(client, login, manager, report_data, django_capture_on_commit_callbacks):
    login(client, manager)
    r = client.post(url("report-open", report_data), {"month": "2026-10"})
    report = MonthlyReport.objects.get(month=OCT)
    assert r.status_code == 302 and r["Location"] == url("report", report_data, report.uuid)
    page = client.get(r["Location"]).content.decode()
    assert report.narrative.splitlines()[0] in page  # the editor pre-filled with the draft
    r = client.post(url("narrative", report_data, report.uuid), {"narrative": "Luna **bună**."}, follow=True)
    assert "<strong>bună</strong>" in r.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("send", report_data, report.uuid), follow=True)
    assert r.status_code == 200
    delivery = ReportDelivery.objects.get()
    assert url("delivery-pdf", report_data, delivery.uuid) in r.content.decode()
    assert len(mail.outbox) == 2 and mail.outbox[0].attachments[0][2] == "application/pdf"
    pdf = client.get(url("delivery-pdf", report_data, delivery.uuid))
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF") and "Luna bună." in pdf_text(content)
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT


@pytest.mark.parametrize("month", ["2027-05", "garbage", "2026-13", "9999-99", "\x00"])
def test_a_bad_month_is_a_message_not_a_500(client, login, manager, report_data, month):
    login(client, manager)
    r = client.post(url("report-open", report_data), {"month": month}, follow=True)
    assert r.status_code == 200 and not MonthlyReport.objects.exists()
    assert 'class="messages' in r.content.decode() or "error" in r.content.decode()


def test_a_huge_narrative_is_refused(client, login, manager, draft, report_data):
    login(client, manager)
    r = client.post(url("narrative", report_data, draft.uuid), {"narrative": "x" * 20001}, follow=True)
    assert r.status_code == 200
    draft.refresh_from_db()
    assert not draft.narrative_edited


def test_the_pdf_page(client, login, manager, draft, report_data):
    login(client, manager)
    r = client.get(url("report-pdf", report_data, draft.uuid))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_the_settings_page(client, login, owner, manager, workspace):
    address = reverse("reports:settings", args=[workspace.slug])
    login(client, manager)
    assert client.get(address).status_code == 403
    login(client, owner)
    assert client.get(address).status_code == 200
    r = client.post(address, {"agency_name": "Nord", "send_on_working_day": "4", "auto_send": "on",
                              "logo": SimpleUploadedFile("logo.jpg", image("JPEG"), "image/jpeg")}, follow=True)
    assert r.status_code == 200
    row = ReportSettings.objects.get()
    assert (row.agency_name, row.send_on_working_day, row.auto_send, row.logo_type) == ("Nord", 4, True, "image/jpeg")
    assert "data:image/jpeg;base64," in r.content.decode()
    r = client.post(address, {"agency_name": "Nord", "send_on_working_day": "4",
                              "logo": SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", "image/png")})
    assert r.status_code == 200 and "PNG, JPEG or WebP" in r.content.decode()
    r = client.post(address, {"agency_name": "Nord", "send_on_working_day": "99"})
    assert r.status_code == 200
    assert ReportSettings.objects.get().send_on_working_day == 4


def test_owners_reach_the_settings_from_the_reports(client, login, owner, manager, report_data):
    address = reverse("reports:settings", args=[report_data.workspace.slug])
    login(client, owner)
    assert address in client.get(url("list", report_data)).content.decode()
    login(client, manager)
    assert address not in client.get(url("list", report_data)).content.decode()


def test_the_engagement_page_links_the_reports(client, login, report_data, approver, manager):
    for user in (approver, manager):
        login(client, user)
        r = client.get(reverse("engagements:engagement-detail", args=[report_data.workspace.slug, report_data.uuid]))
        assert url("list", report_data) in r.content.decode()
