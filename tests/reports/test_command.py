"""``cadence send-reports``: dry run, a date, idempotent per engagement and month; the worker's chain."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cadence.reports import services, tasks
from cadence.reports.models import ReportDelivery

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("send-reports", *args, stdout=out)
    return out.getvalue()


def test_send_reports_is_idempotent(report_data, owner, m, django_capture_on_commit_callbacks):
    services.update_settings(actor=owner, membership=m["owner"], agency_name="", auto_send=True, send_on_working_day=3)
    out = run("--dry-run", "--date", "2026-11-20")
    assert "2026-10: would send" in out and "1 reports would be sent." in out
    assert not ReportDelivery.objects.exists()
    assert "0 reports sent." in run("--date", "2026-11-03")  # before the 3rd working day
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--date", "2026-11-20")
    assert "2026-10: sent" in out and "1 reports sent." in out
    assert "0 reports sent." in run("--date", "2026-11-21")
    assert "0 reports sent." in run("--date", "2026-11-20")
    assert ReportDelivery.objects.count() == 1


def test_a_bad_date_is_a_command_error(db):
    with pytest.raises(CommandError):
        run("--date", "20-11-2026")


def test_the_worker_runs_it_and_queues_the_next_run(report_data, owner, m, settings):
    services.update_settings(actor=owner, membership=m["owner"], agency_name="", auto_send=True, send_on_working_day=3)
    assert "cannot defer" in run("--queue")  # the tests' immediate backend
    result = tasks.send_due.enqueue()  # the tests' backend runs it at once: today is 20 Nov, October is due
    assert result.return_value == 1
    assert ReportDelivery.objects.count() == 1
