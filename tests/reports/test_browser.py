"""The monthly report in a browser, a manager's errand: prepare October's report, edit the draft summary,
send it to the client (the delivery in the archive, the email with the PDF in the outbox), then the client's
viewer reads it. No Content-Security-Policy violation. Screenshots: /tmp/cadence-report-{en,ro,ru}.png and
/tmp/cadence-report-client.png (``.venv/bin/python -m pytest -q tests/reports/test_browser.py``)."""
# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.core import mail

from tests.browser.conftest import _fast_hasher, chromium, page, sign_in  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_writes_and_sends_the_report(page, sign_in, manager, viewer, report_data, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    e = report_data
    sign_in(page, manager.email, PASSWORD)
    page.goto(f"/w/{e.workspace.slug}/e/{e.uuid}/reports/")
    page.select_option("select[name=month]", "2026-10")
    page.click("text=Prepare the report")
    page.wait_for_load_state()
    assert "Lead-uri din CRM" in page.content() and "Reclame Meta" in page.content()
    draft = page.input_value("textarea[name=narrative]")
    assert "520,50" in draft
    page.fill("textarea[name=narrative]", "Am lansat **campania** de toamnă.\n\n" + draft)
    page.click("text=Save the summary")
    page.wait_for_load_state()
    assert "<strong>campania</strong>" in page.content()
    for language in ("ro", "ru", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
        page.reload()
        page.screenshot(path=f"/tmp/cadence-report-{language}.png", full_page=True)
    mail.outbox.clear()
    page.click("#send button[type=submit]")
    page.wait_for_load_state()
    assert "Archive of sent reports" in page.content() and viewer.email in page.content()
    assert len(mail.outbox) == 2 and mail.outbox[0].attachments[0][2] == "application/pdf"

    page.context.clear_cookies()
    sign_in(page, viewer.email, PASSWORD)
    page.goto(f"/w/{e.workspace.slug}/e/{e.uuid}/reports/")
    page.click("text=October 2026")
    page.wait_for_load_state()
    assert "Am lansat" in page.content() and "Send to the client" not in page.content()
    page.screenshot(path="/tmp/cadence-report-client.png", full_page=True)
