"""The meetings API: the same permissions as the pages, meetings one-off and recurring, agenda, decisions,
action items made into cards once, bad input worded."""
# ruff: noqa: F811 (the fixtures imported from tests.api are the tests' arguments)

from __future__ import annotations

import pytest
from django.db import transaction

from cadence.board.models import Task
from cadence.meetings import services
from cadence.meetings.models import ActionItem, Meeting
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.meetings.fixtures import NOW

pytestmark = pytest.mark.django_db
ROLES = ("owner", "manager", "specialist", "approver", "viewer")


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


@pytest.fixture
def meeting(engagement, manager, m, clock):
    clock.set(NOW)
    row = services.create_meeting(actor=manager, membership=m["manager"], engagement=engagement, title="Status",
                                  day="2026-12-03", time="10:00", invite=False)
    services.add_decision(actor=manager, membership=m["manager"], meeting=row, text="Go")
    services.add_agenda_item(actor=manager, membership=m["manager"], meeting=row, text="Budget")
    services.add_action_item(actor=manager, membership=m["manager"], meeting=row, text="Brief")
    return row


def base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/meetings"


def _rolled_back(do):
    with transaction.atomic():
        response = do()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("method", "path", "body", "ok", "who"), [
    ("GET", "", None, 200, "all"),
    ("GET", "/{m}", None, 200, "all"),
    ("GET", "/{m}/agenda", None, 200, "all"),
    ("GET", "/{m}/decisions", None, 200, "all"),
    ("GET", "/{m}/action-items", None, 200, "all"),
    ("GET", "/agenda-choices", None, 200, "team"),
    ("POST", "", {"title": "Kick-off", "day": "2026-12-10", "time": "09:30"}, 201, "team"),
    ("PATCH", "/{m}", {"title": "Status (moved)"}, 200, "team"),
    ("POST", "/{m}/cancel", None, 200, "team"),
    ("PUT", "/{m}/minutes", {"minutes": "**ok**"}, 200, "team"),
    ("POST", "/{m}/agenda", {"text": "Content"}, 201, "team"),
    ("POST", "/{m}/decisions", {"text": "Stop TikTok"}, 201, "team"),
    ("POST", "/{m}/action-items", {"text": "Photos"}, 201, "team"),
    ("POST", "/{m}/action-items/to-tasks", {}, 200, "team"),
])
def test_permissions_per_role(api, users, engagement, meeting, method, path, body, ok, who):
    path = path.replace("{m}", str(meeting.uuid))
    allowed = {"all": set(ROLES), "team": {"owner", "manager", "specialist"}}[who]
    for role in ROLES:
        want = ok if role in allowed else 403
        response = _rolled_back(lambda r=role: api(users[r]).request(method, base(engagement) + path, body))
        assert response.status_code == want, (role, response.content[:300])


def test_outsiders_get_404(api, outsider, engagement, meeting):
    assert api(outsider).get(base(engagement)).status_code == 404
    assert api(outsider).get(f"{base(engagement)}/{meeting.uuid}").status_code == 404
    assert api(None).get(base(engagement)).status_code == 401


def test_a_series_and_its_meeting(api, manager, approver, engagement, clock):
    clock.set(NOW)
    r = api(manager).post(base(engagement), {"title": "Status", "day": "2026-11-30", "time": "10:00",
                                             "frequency": "weekly", "interval": 2, "weekday": 1, "count": 4,
                                             "participants": [str(approver.uuid)]})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["series"] and body["starts_at"].startswith("2026-12-01T10:00:00+02:00")
    assert body["participants"] == [{"id": str(approver.uuid), "name": approver.display_name, "client": True}]
    assert Meeting.objects.filter(series__uuid=body["series"]).count() == 4


def test_action_items_to_tasks_once(api, manager, specialist, engagement, meeting):
    r = api(manager).post(f"{base(engagement)}/{meeting.uuid}/action-items",
                          {"text": "Draft", "owner": str(specialist.uuid), "due": "2026-12-10"})
    assert r.status_code == 201 and r.json()["owner"] == str(specialist.uuid)
    r = api(manager).post(f"{base(engagement)}/{meeting.uuid}/action-items/to-tasks", {})
    assert r.status_code == 200 and len(r.json()) == 2 and all(a["task"] for a in r.json())
    r = api(manager).post(f"{base(engagement)}/{meeting.uuid}/action-items/to-tasks", {})
    assert r.json() == [] and Task.objects.count() == 2
    assert ActionItem.objects.filter(task__isnull=True).count() == 0


@pytest.mark.parametrize("body", [
    {"title": "X", "day": "2026-02-30", "time": "10:00"},
    {"title": "X", "day": "2026-12-01", "time": "24:00"},
    {"title": "\u0000", "day": "2026-12-01", "time": "10:00"},
    {"title": "X", "day": "2026-12-01", "time": "10:00", "video_url": "ftp://x"},
    {"title": "X", "day": "2026-12-01", "time": "10:00", "frequency": "weekly"},
    {"title": "X", "day": "2026-12-01", "time": "10:00", "frequency": "weekly", "count": 99},
    {"title": "X", "day": "2026-12-01", "time": "10:00", "participants": ["6f1c2d3e-0000-4000-8000-000000000000"]},
])
def test_bad_input_is_a_worded_4xx(api, manager, engagement, body):
    r = api(manager).post(base(engagement), body)
    assert r.status_code in (400, 422), r.content
    assert r.json().get("detail") or r.json().get("errors") or r.json()


def test_a_series_without_its_number_of_meetings_is_a_400_and_creates_nothing(api, manager, engagement):
    """The schema lets ``count`` out (a one-off meeting has none): a series without it is refused by the rule
    (400), not as a bound of the schema (422)."""
    from cadence.meetings.models import Meeting

    before = Meeting.objects.count()
    r = api(manager).post(base(engagement), {"title": "X", "day": "2026-12-01", "time": "10:00",
                                             "frequency": "monthly"})
    assert r.status_code == 400 and r.json()["field"] == "count" and r.json()["code"] == "required"
    assert Meeting.objects.count() == before


def test_bad_agenda_ref_and_owner(api, manager, approver, engagement, meeting):
    r = api(manager).post(f"{base(engagement)}/{meeting.uuid}/agenda", {"ref": "kpi:nope"})
    assert r.status_code == 400
    r = api(manager).post(f"{base(engagement)}/{meeting.uuid}/action-items", {"text": "X", "owner": str(approver.uuid)})
    assert r.status_code == 400


@pytest.mark.parametrize("body", [
    {"title": "X", "day": "2026-12-01", "time": "10:00", "frequency": "weekly", "count": 4, "weekday": False},
    {"title": "X", "day": "2026-12-01", "time": "10:00", "duration_minutes": True},
    {"title": "X", "day": "2026-12-01", "time": "10:00", "video_url": "http://000000000000"},
])
def test_what_the_schema_refuses_is_a_422_and_creates_nothing(api, manager, engagement, body):
    """A boolean is not a number (pydantic would read false as 0), and a call address must be one Django's URL
    validator accepts (the pattern in the schema says which)."""
    from cadence.meetings.models import Meeting

    r = api(manager).post(base(engagement), body)
    assert r.status_code == 422, r.content
    assert not Meeting.objects.exists()
