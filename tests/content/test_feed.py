# ruff: noqa: F811 (fixtures imported from exchange_fixtures and tests.api are the tests' arguments)
"""The iCalendar feed: a secret revocable address (only its SHA-256 stored), the public .ics parsed back with
the icalendar library (times in the engagement's zone, stable UIDs, only posts in review or later, nothing
internal), 404 for unknown and revoked addresses, the rate limit, and the management page and API."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadence.content import feed
from cadence.content.models import ContentSettings
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.content.exchange_fixtures import TZ, at, m, post_in, today, users  # noqa: F401

pytestmark = pytest.mark.django_db


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def test_create_stores_only_the_hash_and_audits(owner, m, engagement):
    token = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    row = ContentSettings.objects.get(engagement=engagement)
    assert row.feed_token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in row.feed_token_hash
    assert len(token) >= 40
    assert AuditEntry.objects.filter(action="content.feed.created", thread=engagement.uuid).exists()


def test_only_managers_manage_the_feed(specialist, approver, m, engagement):
    for who in ("specialist", "approver", "viewer"):
        with pytest.raises(DomainError):
            feed.create_feed(actor=None, membership=m[who], engagement=engagement)
    assert not ContentSettings.objects.filter(engagement=engagement).exclude(feed_token_hash="").exists()


def test_feed_parses_back_with_times_in_the_zone(client, owner, m, engagement, post_in):
    scheduled = post_in("scheduled", title="Cozonac", publish_at=at(dt.date(2026, 11, 3), 10, 0))
    summer = post_in("approved", title="Vară", channel="facebook", publish_at=at(dt.date(2026, 10, 20), 18, 30))
    review = post_in("in_review", title="In review")
    post_in("draft", title="Secret draft")
    post_in("idea", title="Secret idea", publish_at=None)
    token = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    r = client.get(reverse("content:feed", args=[engagement.workspace.slug, token]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    assert cal["METHOD"] == "PUBLISH" and "Europe/Bucharest" in str(cal["X-WR-TIMEZONE"])
    assert any(c.name == "VTIMEZONE" for c in cal.walk())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"{p.uuid}@cadence" for p in (scheduled, summer, review)}
    winter = events[f"{scheduled.uuid}@cadence"]
    start = winter.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=2)  # EET in November
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)
    assert winter["DTSTART"].params["TZID"] == "Europe/Bucharest"
    assert str(winter["SUMMARY"]) == "[Instagram] Cozonac" and "#paine" in str(winter["DESCRIPTION"])
    # the post's page (the calendar helper's route): present once that route exists
    assert str(winter.get("URL", "")).endswith(f"/posts/{scheduled.uuid}/") or "URL" not in winter
    summer_start = events[f"{summer.uuid}@cadence"].decoded("DTSTART")
    assert summer_start.utcoffset() == dt.timedelta(hours=3)  # EEST in October
    assert summer_start.astimezone(dt.UTC) == dt.datetime(2026, 10, 20, 15, 30, tzinfo=dt.UTC)
    assert b"Secret" not in r.content
    # the UID is stable: the same feed again has the same events
    again = icalendar.Calendar.from_ical(client.get(reverse("content:feed", args=[engagement.workspace.slug,
                                                                                   token])).content)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)


def test_rotate_and_revoke(client, owner, m, engagement, post_in):
    post_in("scheduled")
    old = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    new = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    slug = engagement.workspace.slug
    assert client.get(reverse("content:feed", args=[slug, old])).status_code == 404
    assert client.get(reverse("content:feed", args=[slug, new])).status_code == 200
    assert AuditEntry.objects.filter(action="content.feed.rotated").exists()
    feed.revoke_feed(actor=owner, membership=m["owner"], engagement=engagement)
    assert client.get(reverse("content:feed", args=[slug, new])).status_code == 404
    with pytest.raises(DomainError):
        feed.revoke_feed(actor=owner, membership=m["owner"], engagement=engagement)


def test_unknown_token_other_workspace_and_garbage(client, owner, m, engagement, other_workspace):
    token = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    assert client.get(reverse("content:feed", args=[other_workspace.slug, token])).status_code == 404
    assert client.get(reverse("content:feed", args=["no-such-ws", token])).status_code == 404
    assert client.get(reverse("content:feed", args=[engagement.workspace.slug, "x" * 300])).status_code == 404
    assert client.get(f"/w/{engagement.workspace.slug}/feed/%00abc.ics").status_code == 404


def test_rate_limit(client, owner, m, engagement, settings):
    token = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    url = reverse("content:feed", args=[engagement.workspace.slug, token])
    for _ in range(60):
        assert client.get(url).status_code == 200
    r = client.get(url)
    assert r.status_code == 429 and int(r["Retry-After"]) > 0


def test_feed_query_count_is_constant(client, owner, m, engagement, post_in):
    post_in("scheduled")
    token = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    url = reverse("content:feed", args=[engagement.workspace.slug, token])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        post_in("approved", publish_at=at(dt.date(2026, 11, 4 + i)))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_manage_page_shows_the_address_once(client, login, owner, specialist, engagement):
    url = reverse("content:feed-manage", args=[engagement.workspace.slug, engagement.uuid])
    login(client, specialist)
    assert client.get(url).status_code == 403
    login(client, owner)
    assert client.get(url).status_code == 200
    r = client.post(url, {"action": "create"})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    token = re.search(r"/feed/([A-Za-z0-9_-]{40,})\.ics", r.content.decode())[1]
    assert client.get(reverse("content:feed", args=[engagement.workspace.slug, token])).status_code == 200
    assert token not in client.get(url).content.decode()  # not shown again
    assert client.post(url, {"action": "revoke"}).status_code == 302
    assert client.get(reverse("content:feed", args=[engagement.workspace.slug, token])).status_code == 404
    assert client.post(url, {"action": "nonsense"}).status_code == 200


def test_feed_api(api, owner, specialist, engagement):
    base = f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/calendar/feed"
    assert api(specialist).post(base).status_code == 403
    r = api(owner).post(base)
    assert r.status_code == 201 and r.json()["active"] is True and r.json()["url"].endswith(".ics")
    assert api(owner).get(base).json() == {"active": True, "created_at": r.json()["created_at"], "url": None}
    assert api(owner).delete(base).status_code == 204
    assert api(owner).get(base).json()["active"] is False
    again = api(owner).delete(base)
    assert again.status_code == 400 and again.json()["code"] == "no_feed"


def test_posts_older_than_a_year_stay_out(client, owner, m, engagement, post_in, clock):
    old = post_in("scheduled", title="Old", publish_at=at(dt.date(2026, 10, 20)))
    token = feed.create_feed(actor=owner, membership=m["owner"], engagement=engagement)
    clock.set(dt.date(2027, 11, 1))
    cal = icalendar.Calendar.from_ical(client.get(reverse("content:feed", args=[engagement.workspace.slug,
                                                                                 token])).content)
    assert f"{old.uuid}@cadence" not in {str(e["UID"]) for e in cal.walk("VEVENT")}
    clock.set(dt.date(2027, 10, 1))
    cal = icalendar.Calendar.from_ical(client.get(reverse("content:feed", args=[engagement.workspace.slug,
                                                                                 token])).content)
    assert f"{old.uuid}@cadence" in {str(e["UID"]) for e in cal.walk("VEVENT")}
