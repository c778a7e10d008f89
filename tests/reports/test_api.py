"""The reports in the JSON API: the same permissions as the pages, client users see sent reports only."""

from __future__ import annotations

import pytest

from cadence.core import services as core_services
from cadence.reports import services
from cadence.reports.models import MonthlyReport, ReportDelivery
from tests.reports.fixtures import OCT

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        _token, raw = core_services.create_api_token(actor=user, name="test")
        kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
        return getattr(client, method)(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)
    return call


def base(e):
    return f"/workspaces/{e.workspace.slug}/engagements/{e.uuid}"


def test_prepare_write_send_and_read_back(api, report_data, manager, approver, outsider, m):
    r = api(manager, "post", base(report_data) + "/reports", {"period": "2026-10-01"})
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert api(approver, "get", base(report_data) + f"/reports/{rid}").status_code == 404  # a draft
    assert api(approver, "get", base(report_data) + "/reports").json() == []
    r = api(manager, "put", base(report_data) + f"/reports/{rid}/narrative", {"narrative": "Luna **bună**."})
    assert r.status_code == 200 and r.json()["narrative_edited"]
    r = api(manager, "post", base(report_data) + f"/reports/{rid}/send")
    assert r.status_code == 201 and len(r.json()["recipients"]) == 2
    did = r.json()["id"]
    detail = api(approver, "get", base(report_data) + f"/reports/{rid}").json()
    assert detail["status"] == "sent" and detail["budget"]["currency"] == "EUR" and detail["hours"]
    assert detail["channels"][0] == {"channel": "instagram", "published": 2, "planned": None}
    pdf = api(approver, "get", base(report_data) + f"/report-deliveries/{did}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api(outsider, "get", base(report_data) + "/reports").status_code == 404
    assert api(approver, "post", base(report_data) + f"/reports/{rid}/send").status_code == 403


@pytest.mark.parametrize("body", [{"period": "2026-13-01"}, {"period": "next"}, {"period": 20261001}, {}])
def test_bad_input_is_4xx(api, report_data, manager, body):
    r = api(manager, "post", base(report_data) + "/reports", body)
    assert 400 <= r.status_code < 500
    assert not MonthlyReport.objects.exists()


def test_a_future_month_is_400(api, report_data, manager):
    r = api(manager, "post", base(report_data) + "/reports", {"period": "2027-03-15"})
    assert r.status_code == 400 and r.json()["code"] == "future"


def test_settings(api, workspace, owner, manager):
    path = f"/workspaces/{workspace.slug}/report-settings"
    assert api(manager, "get", path).status_code == 403
    r = api(owner, "put", path, {"agency_name": "Nord", "send_on_working_day": 2, "auto_send": True})
    assert r.status_code == 200 and r.json() == {"agency_name": "Nord", "has_logo": False, "send_on_working_day": 2,
                                                 "auto_send": True}
    assert api(owner, "put", path, {"agency_name": "x", "send_on_working_day": 40}).status_code == 422


def test_a_sent_report_lists_its_delivery(api, report_data, manager, m, viewer):
    report = services.get_or_create_report(report_data, OCT)
    services.send_report(report, actor=manager, membership=m["manager"])
    rows = api(viewer, "get", base(report_data) + "/report-deliveries").json()
    assert len(rows) == 1 and rows[0]["pdf_sha256"] == ReportDelivery.objects.get().pdf_sha256
