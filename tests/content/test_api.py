# ruff: noqa: F811 (the fixtures imported from tests.api and posts_fixtures are the tests' arguments)
"""The posts API: the same permissions as the screens (team, client approver and viewer, outsiders), client users
see no drafts and no internal fields, foreign ids are 404s, bounds are 422s, rule refusals 400s with a code, and
the list's query count stays constant as the calendar grows."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.content import services
from cadence.content.models import FrequencyPlan, Post, PostReview
from cadence.core.models import AuditEntry
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.content.posts_fixtures import at, data, image, m, make_post, users  # noqa: F401

pytestmark = pytest.mark.django_db
D = dt.date


def base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}"


def body(**kw):
    out = {"channel": "instagram", "format": "image", "title": "Pâinea cu maia",
           "caption": "Pâinea noastră cu maia, caldă în fiecare dimineață.", "hashtags": ["#paine", "cluj"],
           "publish_at": "2026-12-01T10:00:00+02:00"}
    out.update(kw)
    return out


def test_a_post_from_draft_to_scheduled_and_back(api, users, engagement, image):
    me, client, boss = api(users["specialist"]), api(users["approver"]), api(users["manager"])
    photo = image()
    r = me.post(base(engagement) + "/posts", body(media=[str(photo.uuid)], assignee=str(users["specialist"].uuid)))
    assert r.status_code == 201, r.json()
    post = r.json()
    assert (post["status"], post["revision"], post["hashtags"], post["media"][0]["id"]) == (
        "draft", 1, ["paine", "cluj"], str(photo.uuid))
    assert post["publish_at"] == "2026-12-01T10:00:00+02:00" and post["problems"] == []
    assert post["text"].endswith("\n\n#paine #cluj") and post["length"] == len(post["text"]) and post["limit"] == 2200
    assert post["assignee_name"] == "Sofia Specialist" and post["paid"] is False
    url = base(engagement) + f"/posts/{post['id']}"
    assert me.patch(url, {"revision": 1, "caption": "Pâine caldă."}).json()["revision"] == 2
    stale = me.patch(url, {"revision": 1, "caption": "Stale"})
    assert (stale.status_code, stale.json()["code"], stale.json()["field"]) == (400, "conflict", "revision")
    assert me.post(url + "/status", {"status": "scheduled"}).json()["code"] == "not_approved"
    assert me.post(url + "/status", {"status": "in_review"}).json()["status"] == "in_review"
    approved = client.post(url + "/approve", {"comment": "Frumos", "revision": 2})
    assert approved.status_code == 200 and approved.json()["approval_current"] is True
    assert boss.post(url + "/status", {"status": "scheduled"}).json()["status"] == "scheduled"
    # an edit of approved content: back to review, and the client sees it again
    sent = me.patch(url, {"hashtags": ["paine", "cluj", "brutarie"]}).json()
    assert (sent["status"], sent["revision"], sent["approval_current"]) == ("in_review", 3, False)
    back = client.post(url + "/request-changes", {"comment": "Fără hashtagul nou, vă rog."})
    assert back.status_code == 200 and back.json()["status"] == "draft"
    assert [r["decision"] for r in back.json()["reviews"]] == ["approved", "changes_requested"]
    assert back.json()["reviews"][1]["reviewer_name"] == "Ana Approver"
    assert me.delete(url).status_code == 204 and not Post.objects.exists()
    assert set(AuditEntry.objects.filter(action__startswith="post.").values_list("action", flat=True)) == {
        "post.created", "post.updated", "post.status_changed", "post.approved", "post.sent_back",
        "post.changes_requested", "post.deleted"}


ROLES = ("owner", "manager", "specialist", "approver", "viewer")


def test_permissions_per_role(api, users, m, engagement, make_post, outsider):
    post = make_post()
    services.set_status(actor=users["specialist"], membership=m["specialist"], post=post, status="in_review")
    url = base(engagement) + f"/posts/{post.uuid}"
    team_writes = {"owner": 200, "manager": 200, "specialist": 200, "approver": 403, "viewer": 403}
    managers = {"owner": 200, "manager": 200, "specialist": 403, "approver": 403, "viewer": 403}
    expected = [
        ("GET", "/posts", None, dict.fromkeys(ROLES, 200)),
        ("GET", f"/posts/{post.uuid}", None, dict.fromkeys(ROLES, 200)),
        ("POST", "/posts", body(), {**team_writes, "owner": 201, "manager": 201, "specialist": 201}),
        ("PATCH", f"/posts/{post.uuid}", {"title": "T"}, team_writes),
        ("POST", f"/posts/{post.uuid}/status", {"status": "draft"}, team_writes),
        ("GET", "/calendar/settings", None, dict.fromkeys(ROLES, 200)),
        ("PUT", "/calendar/settings", {"approval_required": True}, managers),
        ("GET", "/calendar/frequency", None, dict.fromkeys(ROLES, 200)),
        ("PUT", "/calendar/frequency", {"channels": []}, managers),
    ]
    for method, path, payload, outcomes in expected:
        for role, status in outcomes.items():
            r = api(users[role]).request(method, base(engagement) + path, payload)
            assert r.status_code == status, (method, path, role, r.status_code, r.content[:200])
            if path.endswith("/status") and status == 200:  # back to review for the next role
                services.set_status(actor=users["specialist"], membership=m["specialist"],
                                    post=Post.objects.get(pk=post.pk), status="in_review")
    # an outsider, another workspace's member: the engagement does not exist for them
    for path in ("/posts", f"/posts/{post.uuid}", "/calendar/settings", "/calendar/frequency"):
        assert api(outsider).get(base(engagement) + path).status_code == 404
    assert api(outsider).post(url + "/approve", {}).status_code == 404
    assert api(outsider).post(base(engagement) + "/posts", body()).status_code == 404
    assert api(None).get(base(engagement) + "/posts").status_code == 401


def test_who_decides(api, users, m, engagement, make_post):
    post = make_post()
    services.set_status(actor=users["specialist"], membership=m["specialist"], post=post, status="in_review")
    url = base(engagement) + f"/posts/{post.uuid}"
    for role, status, code in (("owner", 400, "not_decider"), ("manager", 400, "not_decider"),
                               ("specialist", 403, "forbidden"), ("viewer", 403, "forbidden")):
        r = api(users[role]).post(url + "/approve", {})
        assert (r.status_code, r.json()["code"]) == (status, code), role
        assert api(users[role]).post(url + "/request-changes", {"comment": "No"}).status_code == status
    assert api(users["approver"]).post(url + "/request-changes", {"comment": ""}).status_code == 422
    assert api(users["approver"]).post(url + "/request-changes", {"comment": "   "}).status_code == 422
    assert api(users["approver"]).post(url + "/approve", {"revision": 7}).json()["code"] == "conflict"
    assert not PostReview.objects.exists()
    # without the client's approval, a manager decides
    assert api(users["manager"]).request("PUT", base(engagement) + "/calendar/settings",
                                         {"approval_required": False}).json() == {"approval_required": False}
    assert api(users["approver"]).post(url + "/approve", {}).json()["code"] == "not_decider"
    assert api(users["manager"]).post(url + "/approve", {}).json()["status"] == "approved"


def test_clients_see_no_drafts_and_no_internal_fields(api, users, m, engagement, make_post):
    draft = make_post(title="Draft", paid=True, assignee_id=users["specialist"].pk)
    review = make_post(title="Review", paid=True, assignee_id=users["specialist"].pk)
    services.set_status(actor=users["specialist"], membership=m["specialist"], post=review, status="in_review")
    for role in ("approver", "viewer"):
        client = api(users[role])
        listed = client.get(base(engagement) + "/posts").json()
        assert [p["title"] for p in listed["items"]] == ["Review"] and listed["count"] == 1
        assert (listed["items"][0]["paid"], listed["items"][0]["assignee"], listed["items"][0]["assignee_name"]) == (
            None, None, None)
        assert client.get(base(engagement) + f"/posts/{draft.uuid}").status_code == 404
        assert client.get(base(engagement) + "/posts", {"status": "draft"}).json()["count"] == 0
    team = api(users["specialist"]).get(base(engagement) + "/posts").json()
    assert team["count"] == 2 and team["items"][0]["paid"] is True and team["items"][0]["assignee_name"]


def test_foreign_ids_are_404_and_foreign_references_400(api, users, engagement, workspace, owner, client_obj,
                                                        make_post, image):
    from cadence.engagements import services as es
    from cadence.engagements.models import ProcessTemplate

    other = es.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, name="Other",
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), start_date=D(2026, 9, 7),
        monthly_hours=10, country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    post = make_post()
    me = api(users["specialist"])
    assert me.get(base(engagement) + f"/posts/{post.uuid}").status_code == 200
    assert me.get(base(engagement) + f"/posts/{uuid.uuid4()}").status_code == 404
    assert me.get(base(other) + f"/posts/{post.uuid}").status_code == 404
    assert me.patch(base(other) + f"/posts/{post.uuid}", {"title": "x"}).status_code == 404
    assert me.post(base(other) + f"/posts/{post.uuid}/status", {"status": "idea"}).status_code == 404
    assert me.delete(base(other) + f"/posts/{post.uuid}").status_code == 404
    assert me.get(base(engagement) + "/posts/not-a-uuid").status_code == 404
    theirs = image("theirs.jpg", of=other)
    r = me.post(base(engagement) + "/posts", body(media=[str(theirs.uuid)]))
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (400, "not_found", "media")
    r = me.post(base(engagement) + "/posts", body(assignee=str(users["approver"].uuid)))
    assert (r.status_code, r.json()["field"]) == (400, "assignee")
    r = me.post(base(engagement) + "/posts", body(link=str(uuid.uuid4())))
    assert (r.status_code, r.json()["field"]) == (400, "link")
    r = me.post(base(engagement) + "/posts", body(phase="nowhere"))
    assert (r.status_code, r.json()["field"]) == (400, "phase")
    assert Post.objects.count() == 1


@pytest.mark.parametrize("payload", [
    body(caption="x" * 63207), body(hashtags=[f"t{i}" for i in range(61)]),
    body(publish_at="2026-12-01T10:00:00"), body(publish_at="tomorrow"), body(channel="myspace"),
    body(format="hologram"), body(status="approved"), body(title="a\nb"), body(caption="a\x00b"),
    body(paid="yes"), body(media=["not-a-uuid"]), body(publish_at="1999-12-31T10:00:00+00:00"),
])
def test_bad_bodies_are_refused_and_change_nothing(api, users, engagement, payload):
    r = api(users["specialist"]).post(base(engagement) + "/posts", payload)
    assert r.status_code == 422, r.json()
    assert r.json()["detail"] and not Post.objects.exists()


def test_a_hashtag_the_schema_allows_but_no_network_takes_is_a_rule_refusal(api, users, engagement):
    # the schema cannot say which (Unicode) letters a hashtag holds: a 400 naming the field, nothing saved
    r = api(users["specialist"]).post(base(engagement) + "/posts", body(hashtags=["#spring-sale"]))
    assert (r.status_code, r.json()["field"], r.json()["code"]) == (400, "hashtags", "hashtag_invalid"), r.json()
    assert not Post.objects.exists()


def test_a_body_that_is_not_an_object_and_bad_queries(api, users, engagement):
    me = api(users["specialist"])
    assert me.request("POST", base(engagement) + "/posts", [1, 2]).status_code == 422
    for query in ({"limit": 501}, {"offset": -1}, {"from": "2026-13-01"}, {"channel": "myspace"},
                  {"status": "gone"}, {"objective": "x"}):
        assert me.get(base(engagement) + "/posts", query).status_code == 422, query


def test_the_rules_refuse_with_their_code(api, users, engagement):
    me = api(users["specialist"])
    post = me.post(base(engagement) + "/posts", body(channel="x", format="text", caption="x" * 281,
                                                     hashtags=[])).json()
    assert [p["code"] for p in post["problems"]] == ["caption_too_long"] and "281" in post["problems"][0]["message"]
    r = me.post(base(engagement) + f"/posts/{post['id']}/status", {"status": "in_review"})
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (400, "caption_too_long", "caption")
    gated = me.post(base(engagement) + "/posts", body(phase="infrastructure")).json()
    assert gated["phase"] == "infrastructure"
    r = me.post(base(engagement) + f"/posts/{gated['id']}/status", {"status": "in_review"})
    assert (r.status_code, r.json()["code"]) == (400, "gate_closed")
    assert Post.objects.filter(status="draft").count() == 2


def test_filters(api, users, m, engagement, make_post):
    make_post(title="late night", publish_at=dt.datetime(2026, 10, 19, 21, 30, tzinfo=dt.UTC))  # 20 Oct 00:30 local
    make_post(title="facebook", channel="facebook", publish_at=at(D(2026, 10, 22)))
    make_post(title="idea", status="idea", publish_at=None)
    me = api(users["specialist"])

    def titles(**query):
        r = me.get(base(engagement) + "/posts", query)
        assert r.status_code == 200, r.json()
        return [p["title"] for p in r.json()["items"]]

    assert titles() == ["late night", "facebook", "idea"]
    assert titles(**{"from": "2026-10-20", "to": "2026-10-20"}) == ["late night"]
    assert titles(**{"from": "2026-10-21"}) == ["facebook"]
    assert titles(**{"to": "2026-10-19"}) == []
    assert titles(**{"from": "2026-10-25", "to": "2026-10-01"}) == []
    assert titles(channel="facebook") == ["facebook"]
    assert titles(status="idea") == ["idea"]
    assert titles(objective=str(uuid.uuid4())) == []
    assert me.get(base(engagement) + "/posts", {"limit": 1, "offset": 1}).json()["items"][0]["title"] == "facebook"


def test_the_frequency_plan_is_replaced_whole(api, users, engagement):
    boss = api(users["manager"])
    url = base(engagement) + "/calendar/frequency"
    r = boss.request("PUT", url, {"channels": [{"channel": "instagram", "per_week": 3, "weekdays": [4, 0, 2]},
                                               {"channel": "tiktok", "per_week": 5}]})
    assert r.status_code == 200, r.json()
    assert r.json() == {"channels": [{"channel": "instagram", "per_week": 3, "weekdays": [0, 2, 4]},
                                     {"channel": "tiktok", "per_week": 5, "weekdays": []}]}
    r = boss.request("PUT", url, {"channels": [{"channel": "tiktok", "per_week": 2}]})
    assert [c["channel"] for c in r.json()["channels"]] == ["tiktok"]
    for bad in ({"channels": [{"channel": "tiktok", "per_week": 51}]},
                {"channels": [{"channel": "tiktok", "per_week": 2, "weekdays": [7]}]},
                {"channels": [{"channel": "tiktok", "per_week": "2"}]},
                {"channels": "tiktok"}):
        assert boss.request("PUT", url, bad).status_code == 422, bad
    # a channel twice is well-formed JSON the schema allows: a rule's refusal (400), nothing changed
    twice = {"channels": [{"channel": "tiktok", "per_week": 2}, {"channel": "tiktok", "per_week": 3}]}
    r = boss.request("PUT", url, twice)
    assert (r.status_code, r.json()["code"]) == (400, "duplicate")
    # JSON Schema's integers include 3.0
    r = boss.request("PUT", url, {"channels": [{"channel": "tiktok", "per_week": 2.0, "weekdays": [1.0]}]})
    assert r.status_code == 200 and r.json()["channels"] == [{"channel": "tiktok", "per_week": 2, "weekdays": [1]}]
    assert list(FrequencyPlan.objects.values_list("channel", "per_week")) == [("tiktok", 2)]
    assert api(users["viewer"]).get(url).json() == {"channels": [{"channel": "tiktok", "per_week": 2,
                                                                  "weekdays": [1]}]}


def test_the_list_query_count_is_constant(api, users, m, engagement, image):
    me = api(users["specialist"])
    photo = image()

    def fill(n):
        for i in range(n):
            services.create_post(actor=users["specialist"], membership=m["specialist"], engagement=engagement,
                                 data=data(title=f"Post {i}", media_uuids=[photo.uuid] if i % 2 else [],
                                           assignee_id=users["specialist"].pk))

    def queries_for_list():
        with CaptureQueriesContext(connection) as ctx:
            r = me.get(base(engagement) + "/posts", {"limit": 500})
        assert r.status_code == 200
        return len(ctx.captured_queries), r.json()["count"]

    me.get(base(engagement) + "/posts")  # the token's first use of the day is recorded once
    fill(10)
    small = queries_for_list()
    fill(40)
    large = queries_for_list()
    assert (small[1], large[1]) == (10, 50)
    assert small[0] == large[0], (small, large)
