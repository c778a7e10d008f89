"""The imports API: the same permissions as the pages, upload (multipart) -> preview with a problem ->
mapping -> confirm -> undo, the monthly totals, the column mappings, refusals (400, worded) that change
nothing and foreign ids (404)."""

from __future__ import annotations

import pytest
from django.test import Client

from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact
from tests.api import token_for
from tests.metrics.web_fixtures import upload

pytestmark = pytest.mark.django_db
RIGHT = {"date": "Zi", "campaign": "Campanie", "impressions": "Afișări", "clicks": "Clicuri", "spend": "Cheltuieli"}
WRONG = {"date": "Zi", "impressions": "Campanie", "clicks": "Clicuri", "spend": "Cheltuieli"}


def base(engagement) -> str:
    return f"/api/v1/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}"


def auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


def _post(client, path, body, headers):
    return client.post(path, body, content_type="application/json", **headers)


def _upload(engagement, headers, **kw):
    r = Client().post(base(engagement) + "/imports", {"file": upload(**kw)}, **headers)
    assert r.status_code == 201, r.content
    return r.json()


def test_upload_preview_problem_mapping_confirm_undo(engagement, specialist):
    c, h = Client(), auth(specialist)
    batch = _upload(engagement, h)
    assert batch["status"] == "needs_mapping" and batch["headers"][0] == "Zi"
    b = base(engagement) + f"/imports/{batch['id']}"

    r = _post(c, b + "/mapping", {"mapping": WRONG, "platform": "other", "level": "campaign"}, h)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["error_count"] > 0
    problem = next(p for p in body["problems"] if p["severity"] == "error")
    assert problem["line"] and problem["message"]
    r = _post(c, b + "/confirm", {}, h)
    assert r.status_code == 400 and r.json()["detail"]
    assert not MetricFact.objects.exists()

    r = _post(c, b + "/mapping", {"mapping": RIGHT, "platform": "other", "level": "campaign",
                                  "save_as": "Raport RO"}, h)
    assert r.status_code == 200 and r.json()["status"] == "ready" and r.json()["rows"] == 3
    spend = next(t for t in r.json()["totals"] if t["measure"] == "spend")
    assert spend["value"] in ("33.75", "33.750000", 33.75) or float(spend["value"]) == 33.75

    r = _post(c, b + "/confirm", {}, h)
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["rows_written"] == 3
    monthly = c.get(base(engagement) + "/metrics/monthly", {"first": "2026-10-01", "last": "2026-10-31"}, **h)
    assert monthly.status_code == 200
    row = monthly.json()[0]
    assert row["platform"] == "other" and row["month"] == "2026-10-01" and float(row["measures"]["spend"]) == 33.75

    listed = c.get(base(engagement) + "/imports", **h).json()
    assert [x["id"] for x in listed] == [batch["id"]]

    r = _post(c, b + "/undo", {}, h)
    assert r.status_code == 200 and r.json()["status"] == "undone" and not MetricFact.objects.exists()
    r = _post(c, b + "/undo", {}, h)
    assert r.status_code == 400


def test_roles(engagement, owner, manager, specialist, approver, viewer, outsider):
    batch = _upload(engagement, auth(manager))
    b = base(engagement) + f"/imports/{batch['id']}"
    c = Client()
    for user in (owner, manager, specialist):
        assert c.get(b, **auth(user)).status_code == 200
        assert c.get(base(engagement) + "/imports", **auth(user)).status_code == 200
    for user in (approver, viewer):
        h = auth(user)
        assert c.get(b, **h).status_code == 403
        assert c.get(base(engagement) + "/imports", **h).status_code == 403
        assert c.post(base(engagement) + "/imports", {"file": upload()}, **h).status_code == 403
        assert c.get(base(engagement) + "/metrics/monthly", {"first": "2026-10-01", "last": "2026-10-01"},
                     **h).status_code == 200
    h = auth(outsider)
    assert c.get(b, **h).status_code == 404
    assert c.get(base(engagement) + "/metrics/monthly", {"first": "2026-10-01", "last": "2026-10-01"},
                 **h).status_code == 404
    assert ImportBatch.objects.count() == 1


def test_bad_input_is_refused_and_changes_nothing(engagement, manager):
    c, h = Client(), auth(manager)
    r = c.post(base(engagement) + "/imports", {}, **h)
    assert r.status_code == 400 and r.json()["field"] == "file"
    r = c.post(base(engagement) + "/imports", b"--x\r\nnope", content_type="multipart/form-data; boundary=\x7f\x7f",
               **h)
    assert r.status_code == 400
    assert not ImportBatch.objects.exists()
    batch = _upload(engagement, h)
    b = base(engagement) + f"/imports/{batch['id']}"
    # no date: refused by the service, worded (400); an unknown field: 422 (the schema's bound)
    r = _post(c, b + "/mapping", {"mapping": {"spend": "Cheltuieli"}, "platform": "other"}, h)
    assert r.status_code == 400 and r.json()["field"] == "date" and r.json()["detail"], r.content
    r = _post(c, b + "/mapping", {"mapping": {"nope": "Zi"}}, h)
    assert r.status_code == 422
    r = _post(c, b + "/confirm", {"exchange_rate": "-1"}, h)
    assert r.status_code == 422
    assert ImportBatch.objects.get().status == "needs_mapping" and not MappingProfile.objects.exists()
    r = c.get(base(engagement) + "/metrics/monthly", {"first": "2026-10-01", "last": "2026-09-01"}, **h)
    assert r.status_code == 400


def test_foreign_ids_are_404(engagement, manager, outsider, other_workspace):
    batch = _upload(engagement, auth(manager))
    ImportBatch.objects.filter(uuid=batch["id"])  # exists
    c = Client()
    # another engagement's id under ours, and ours under another workspace's slug
    from uuid import uuid4

    assert c.get(base(engagement) + f"/imports/{uuid4()}", **auth(manager)).status_code == 404
    foreign = f"/api/v1/workspaces/{other_workspace.slug}/engagements/{engagement.uuid}/imports/{batch['id']}"
    assert c.get(foreign, **auth(outsider)).status_code == 404
    assert c.delete(base(engagement) + f"/imports/{batch['id']}", **auth(outsider)).status_code == 404
    assert ImportBatch.objects.filter(uuid=batch["id"]).exists()


def test_discard_and_profiles(engagement, manager, specialist):
    c, h = Client(), auth(manager)
    batch = _upload(engagement, h)
    b = base(engagement) + f"/imports/{batch['id']}"
    _post(c, b + "/mapping", {"mapping": RIGHT, "platform": "other", "level": "campaign", "save_as": "RO"}, h)
    profiles = c.get(f"/api/v1/workspaces/{engagement.workspace.slug}/import-mappings", **h).json()
    assert [p["name"] for p in profiles] == ["RO"] and profiles[0]["mapping"]["spend"] == "Cheltuieli"
    p = f"/api/v1/workspaces/{engagement.workspace.slug}/import-mappings/{profiles[0]['id']}"
    assert c.delete(p, **auth(specialist)).status_code == 403
    assert c.delete(p, **h).status_code == 204 and not MappingProfile.objects.exists()
    assert c.delete(b, **h).status_code == 204 and not ImportBatch.objects.exists()


def test_the_schema_literals_are_the_domain_s():
    from typing import get_args

    from cadence.metrics import api
    from cadence.metrics.domain.facts import DIMENSIONS, MEASURES
    from cadence.metrics.domain.reader import DATE_FORMATS, NUMBER_STYLES
    from cadence.metrics.models import Level, Platform

    assert get_args(api.FieldName) == DIMENSIONS + MEASURES
    assert list(get_args(api.PlatformIn)) == list(Platform.values)
    assert list(get_args(api.LevelIn)) == list(Level.values)
    schema = api.ImportMappingIn.model_json_schema()["properties"]
    assert schema["number_style"]["enum"] == ["", *NUMBER_STYLES]
    assert schema["date_format"]["enum"] == ["", *DATE_FORMATS]
    with pytest.raises(ValueError):
        api.ImportMappingIn(mapping={"date": "Zi"}, date_format="%Q")
