"""Control in a browser, on the demo workspace: the furniture shop's manager opens the engagement's dashboard
(KPI cards with their status and reason), picks last month and then a custom period with its ends swapped
(the worded error), opens this month's report, writes the summary and sends it to the client: the delivery is
listed in the archive with the exact PDF, and the email with the PDF attached is in the outbox. Then the
school's client approver reads their dashboard and the sent report, read-only, in Russian.

Screenshots: /tmp/cadence-control-*.png (regenerate with
``.venv/bin/python -m pytest -q -p no:randomly tests/browser/test_control.py``)."""

from __future__ import annotations

import hashlib

import pytest
from django.core import mail
from django.core.management import call_command

from cadence.engagements.models import Engagement
from cadence.reports.models import ReportDelivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/cadence-control-{name}.png", full_page=True)


def test_dashboard_narrative_and_sending_the_report(page, sign_in, chromium, live_server) -> None:
    from cadence.core.demo import DOMAIN, PASSWORD

    call_command("demo", force=True, verbosity=0)  # tests run with DEBUG off
    furniture = Engagement.objects.get(workspace__slug="demo", name="Online shop growth")
    sign_in(page, f"manager@{DOMAIN}", PASSWORD)

    # --- the dashboard, from the engagement page ---
    page.goto(f"/w/demo/e/{furniture.uuid}/")
    page.locator(f"main a[href$='/e/{furniture.uuid}/dashboard/']").first.click()  # the engagement's button
    page.wait_for_load_state()
    cards = page.locator("#kpis article.dash-kpi")
    assert cards.count() >= 5
    at_risk = page.locator("#kpis article.status-at_risk").first
    assert at_risk.is_visible() and "At risk" in at_risk.inner_text()
    assert page.locator("#kpis article.status-on_track").count() and page.locator("#kpis article.status-off_track").count()
    assert page.locator("#kpis article .dash-spark svg").count() >= 3  # the sparklines, drawn on the server
    _shot(page, "dashboard-month")

    # the period picker swaps the body over htmx: last month has the imports (channels, posts)
    page.select_option("select[name=period]", "last_month")
    with page.expect_response(lambda r: "period=last_month" in r.url):
        page.locator("form.dash-picker button[type=submit]").click()
    page.wait_for_selector("#channels table")
    assert "period=last_month" in page.url
    assert page.locator("#channels tbody tr").count() >= 3
    assert page.locator("#posts li").count() >= 1
    _shot(page, "dashboard-last-month")

    # a custom period whose ends are swapped is answered in words, not with a blank page
    page.select_option("select[name=period]", "custom")
    page.fill("input[name=from]", "2026-10-31")
    page.fill("input[name=to]", "2026-10-01")
    page.locator("form.dash-picker button[type=submit]").click()
    page.wait_for_selector("#dashboard-body [role=alert]")

    # --- this month's report: the summary, then sending it ---
    page.goto(f"/w/demo/e/{furniture.uuid}/")
    page.locator(f"main a[href$='/e/{furniture.uuid}/reports/']").first.click()
    page.wait_for_load_state()
    assert page.locator("tbody tr").count() == 2  # last month's, sent; this month's draft
    page.locator("tbody tr").filter(has=page.locator(".badge-planned")).locator("a").first.click()
    page.wait_for_load_state()
    editor = page.locator("textarea[name=narrative]")
    draft = editor.input_value()
    assert draft.strip()  # pre-filled from the numbers
    summary = draft.rstrip() + "\n\n## Ce urmează\n\nLansăm campania de Crăciun pe **8 decembrie**."
    editor.fill(summary)
    page.get_by_role("button", name="Save the summary").click()
    page.wait_for_load_state()
    assert "Written by the team." in page.locator("#summary-editor").inner_text()
    assert page.locator("textarea[name=narrative]").input_value().replace("\r\n", "\n") == summary
    assert "Lansăm campania de Crăciun" in page.locator(".report-doc").inner_text()
    assert "approver.furniture@demo.cadence.test" in page.locator("#send .recipients").inner_text()
    _shot(page, "report-draft")
    mail.outbox.clear()
    page.locator("#send button[type=submit]").click()
    page.wait_for_load_state()

    # the archive lists the delivery with the exact PDF that went out
    assert "/reports/archive/" in page.url
    delivery = ReportDelivery.objects.filter(report__engagement=furniture).order_by("-sent_at").first()
    assert delivery is not None and delivery.report.month == delivery.report.month.replace(day=1)
    row = page.locator(f"#delivery-{delivery.uuid}")
    assert "approver.furniture@demo.cadence.test" in row.inner_text() and "Andrei Rusu" in row.inner_text()
    assert page.locator("tbody tr").count() == 2  # last month's (the demo's) and this one
    pdf = page.request.get(row.get_by_role("link", name="Download").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert hashlib.sha256(pdf.body()).hexdigest() == delivery.pdf_sha256
    assert delivery.pdf_sha256[:16] in row.inner_text()
    _shot(page, "archive")

    # the email went to the client's approver, in Romanian, with that PDF attached
    sent = [m for m in mail.outbox if "approver.furniture@demo.cadence.test" in m.to]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    attachments = [a for a in sent[0].attachments if a.mimetype == "application/pdf"]
    assert len(attachments) == 1 and attachments[0].content == pdf.body()

    # --- the school's approver: the same dashboard, read-only, in Russian; the sent report ---
    school = Engagement.objects.get(workspace__slug="demo", name="Student acquisition")
    client = chromium.new_context(base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        other = client.new_page()
        sign_in(other, f"approver.school@{DOMAIN}", PASSWORD)
        other.goto(f"/w/demo/e/{school.uuid}/dashboard/?period=last_month")
        assert other.locator("html").get_attribute("lang") == "ru"
        assert other.locator("#kpis article.dash-kpi").count() >= 4
        assert other.locator("#dashboard-body form").count() == 0  # nothing to change
        other.screenshot(path="/tmp/cadence-control-client-dashboard.png", full_page=True)
        other.goto(f"/w/demo/e/{school.uuid}/reports/")
        assert other.locator("tbody tr").count() == 1  # the sent report only, never a draft
        other.locator("tbody tr a").first.click()
        other.wait_for_load_state()
        assert other.locator("textarea[name=narrative]").count() == 0 and other.locator("#send").count() == 0
        other.screenshot(path="/tmp/cadence-control-client-report.png", full_page=True)
    finally:
        client.close()
