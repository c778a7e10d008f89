"""The client portal: the landing, the inbox and its decisions, materials, isolation, query count, API."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from cadence import access as access_vocabulary
from cadence import tenancy
from cadence.core import registry
from cadence.core.models import AuditEntry, Role
from tests.files import samples
from tests.portal.fixtures import Page, make_engagement, membership_of, post

pytestmark = pytest.mark.django_db


def home(workspace) -> str:
    return f"/w/{workspace.slug}/"


def decide_post(workspace, engagement, row) -> str:
    return f"/w/{workspace.slug}/portal/e/{engagement.uuid}/posts/{row.uuid}/decide/"


def decide_plan(workspace, engagement, number) -> str:
    return f"/w/{workspace.slug}/portal/e/{engagement.uuid}/plan/v/{number}/decide/"


# --- the landing ---------------------------------------------------------------------------------------

def test_client_users_land_on_the_portal_and_the_team_on_the_dashboard(world, workspace, approver, viewer, owner,
                                                                       login):
    for user in (approver, viewer):
        response = login(Client(), user).get(home(workspace))
        assert response.status_code == 200
        assert [t.name for t in response.templates][0] == "portal/portal.html"
    response = login(Client(), owner).get(home(workspace))
    names = [t.name for t in response.templates]
    assert "core/dashboard.html" in names and "portal/portal.html" not in names
    # after sign-in: the home redirect goes to the workspace, which is the portal
    assert login(Client(), approver).get("/", follow=True).templates[0].name == "portal/portal.html"


def test_the_registry_landing_hook(workspace, approver, owner):
    assert registry.landing_view(membership_of(approver, workspace)) is not None
    assert registry.landing_view(membership_of(owner, workspace)) is None


def test_the_inbox_holds_the_plan_version_and_the_posts_oldest_first(world, workspace, engagement, approver, login):
    response = login(Client(), approver).get(home(workspace))
    view = response.context["view"]
    assert [(i.kind, i.number or i.title) for i in view.inbox] == [
        ("plan", 1), ("post", "Pâinea cu maia"), ("post", "Cornulețe")]
    assert view.inbox[0].waiting_days == 4  # submitted four days ago
    assert all(i.waiting_days >= 0 for i in view.inbox)
    assert all(i.can_decide for i in view.inbox)
    card = view.cards[0]
    assert card.brief.answered == 1 and card.brief.questions > 1
    assert card.latest_report is not None and card.latest_report.url.endswith(f"{world['delivery'].uuid}.pdf")
    assert card.waiting == 3
    assert card.next_meeting is not None and card.next_meeting.title == "Întâlnire lunară"
    assert view.timeline is not None and view.timeline.steps and view.timeline.gantt.chart


def test_nothing_internal_nor_hidden_reaches_the_portal(world, workspace, approver, viewer, login):
    for user in (approver, viewer):
        text = login(Client(), user).get(home(workspace)).content.decode()
        assert "Ciornă internă" not in text  # a draft
        assert "Mango" not in text  # a client this user has no access to
        assert "Budget" not in text and "Buget" not in text
        assert "Nota internă a echipei" not in text  # the team's internal comment on the ideas thread
        assert "Idee: o ofertă pentru Crăciun" in text  # the client's idea


# --- decisions from the inbox ------------------------------------------------------------------------

def test_the_approver_approves_a_post_and_requests_changes_on_another(world, workspace, engagement, approver,
                                                                      login):
    client = login(Client(), approver)
    first, second = world["first"], world["second"]
    ok = client.post(decide_post(workspace, engagement, first),
                     {"decision": "approve", "revision": first.revision}, follow=True)
    assert ok.status_code == 200
    first.refresh_from_db()
    assert first.status == "approved"
    refused = client.post(decide_post(workspace, engagement, second), {"decision": "changes", "comment": ""},
                          follow=True)
    second.refresh_from_db()
    assert second.status == "in_review" and any(m.level_tag == "error" for m in refused.context["messages"])
    client.post(decide_post(workspace, engagement, second), {"decision": "changes", "comment": "Mai scurt, vă rog."})
    second.refresh_from_db()
    assert second.status == "draft"
    actions = set(AuditEntry.objects.filter(actor=approver).values_list("action", flat=True))
    assert {"post.approved", "post.changes_requested"} <= actions
    view = client.get(home(workspace)).context["view"]
    assert [i.kind for i in view.inbox] == ["plan"]


def test_the_approver_decides_on_the_plan_version(world, workspace, engagement, approver, login):
    client = login(Client(), approver)
    missing = client.post(decide_plan(workspace, engagement, 1), {"decision": "changes", "comment": "More"},
                          follow=True)
    assert any("section" in str(m).lower() or m.level_tag == "error" for m in missing.context["messages"])
    client.post(decide_plan(workspace, engagement, 1),
                {"decision": "changes", "section": "situation", "comment": "Adăugați concurenții."})
    assert AuditEntry.objects.filter(action="plan.changes_requested", actor=approver).exists()
    assert not [i for i in client.get(home(workspace)).context["view"].inbox if i.kind == "plan"]


def test_the_approver_approves_the_plan_from_the_inbox(world, workspace, engagement, approver, login):
    client = login(Client(), approver)
    client.post(decide_plan(workspace, engagement, 1), {"decision": "approve"})
    assert AuditEntry.objects.filter(action="plan.approved", actor=approver).exists()


def test_the_viewer_reads_the_inbox_and_may_not_decide(world, workspace, engagement, viewer, login):
    client = login(Client(), viewer)
    response = client.get(home(workspace))
    view = response.context["view"]
    assert len(view.inbox) == 3 and not any(i.can_decide for i in view.inbox)
    assert "/decide/" not in response.content.decode() and "/materials/" not in response.content.decode()
    assert client.post(decide_post(workspace, engagement, world["first"]), {"decision": "approve"}).status_code == 403
    assert client.post(decide_plan(workspace, engagement, 1), {"decision": "approve"}).status_code == 403


def test_the_team_cannot_use_the_portal_forms(world, workspace, engagement, owner, login):
    client = login(Client(), owner)
    assert client.post(decide_post(workspace, engagement, world["first"]), {"decision": "approve"}).status_code == 403


# --- materials -------------------------------------------------------------------------------------------

def test_the_approver_sends_materials_with_the_files_checks(world, workspace, engagement, approver, viewer, login):
    from cadence.files.models import EngagementFile

    url = f"/w/{workspace.slug}/portal/e/{engagement.uuid}/materials/"
    client = login(Client(), approver)
    sent = client.post(url, {"files": [samples.upload("brand.png", samples.png())], "description": "Logo"},
                       follow=True)
    assert sent.status_code == 200
    row = EngagementFile.objects.get(name="brand.png")
    assert row.uploaded_by == approver and row.description == "Logo"
    assert AuditEntry.objects.filter(action="files.uploaded", actor=approver).exists()
    bad = client.post(url, {"files": [samples.upload("script.png", b"MZ\x90\x00 not an image")]}, follow=True)
    assert any(m.level_tag == "error" for m in bad.context["messages"])
    assert not EngagementFile.objects.filter(name="script.png").exists()
    assert login(Client(), viewer).post(url, {"files": [samples.upload("b.png", samples.png())]}).status_code == 403


# --- isolation: every link and form of the portal --------------------------------------------------

def _declared_for(path: str):
    match = resolve(path)
    declared = access_vocabulary.declaration_of(match.func)
    return match, declared


def _team_only(declared, method: str, membership, kwargs) -> bool:
    access = declared.for_method(method) if declared is not None else None
    if access is None:
        return True
    if access.kind == "capability":
        return not tenancy.can(membership, access.capability)
    return False


@pytest.mark.parametrize("who", ["approver", "viewer"])
def test_every_link_and_form_of_the_portal_answers_200(who, world, workspace, approver, viewer, login):
    user = {"approver": approver, "viewer": viewer}[who]
    membership = membership_of(user, workspace)
    assert membership.role == Role.CLIENT
    client = login(Client(), user)
    page = Page(client.get(home(workspace)).content.decode())
    checked: list[str] = []
    for href in sorted(set(page.links)):
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#") or not (parts.path or parts.query):
            continue
        path = parts.path or home(workspace)
        url = path + (f"?{parts.query}" if parts.query else "")
        match, declared = _declared_for(path)
        assert declared is not None or match.url_name.startswith(("account_", "mfa_", "openapi")), href
        if declared is not None and path.startswith("/w/"):
            assert not _team_only(declared, "GET", membership, match.kwargs), f"{href} is a team-only route"
        response = client.get(url, follow=True)  # the brand's "/" goes to the workspace, i.e. here
        assert response.status_code == 200, f"{who}: {href} answered {response.status_code}"
        assert all(urlsplit(hop).path.startswith(("/w/", "/accounts/")) for hop, _ in response.redirect_chain)
        checked.append(href)
    for form in page.forms:
        action = form["action"]
        assert action, form
        match, declared = _declared_for(urlsplit(action).path)
        if declared is not None and action.startswith("/w/"):
            assert not _team_only(declared, form["method"].upper(), membership, match.kwargs), action
        data = dict(form["fields"])
        if form["button"]:
            data[form["button"][0]] = form["button"][1]
        for name in form["files"]:
            data[name] = samples.upload("crawl.png", samples.png())
        with transaction.atomic():
            fresh = login(Client(), user)
            fresh.get(home(workspace))
            response = fresh.post(action, data, follow=True)
            for hop, status in response.redirect_chain:
                assert status in (301, 302, 303), (action, hop, status)
            assert response.status_code == 200, f"{who}: form {action} answered {response.status_code}"
            transaction.set_rollback(True)
        checked.append(action)
    names = {resolve(urlsplit(h).path).url_name for h in checked if urlsplit(h).path.startswith("/w/")}
    assert {"engagement-detail", "plan-brief", "delivery-pdf", "file-list", "meeting", "thread"} <= names, names
    if who == "approver":
        assert {"post-decide", "plan-decide", "materials-send"} <= names


# --- query count ---------------------------------------------------------------------------------------

def test_the_portal_query_count_is_the_same_with_1_and_5_engagements(world, workspace, client_obj, owner,
                                                                       specialist, approver, login):
    from tests.portal.fixtures import meeting, send_report, submit_plan

    client = login(Client(), approver)
    client.get(home(workspace))  # the timeline's drawing is cached after the first view

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(home(workspace)).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(4):
        eng = make_engagement(workspace, client_obj, owner, f"Extra {i}")
        submit_plan(eng, owner)
        post(eng, specialist, f"Extra post {i}")
        send_report(eng, owner)
        meeting(eng, owner, f"Extra meeting {i}")
    assert len(client.get(home(workspace)).context["view"].cards) == 5
    five = count()
    assert one == five, (one, five)


# --- the JSON API --------------------------------------------------------------------------------------

def test_the_api_summary(world, workspace, engagement, approver, viewer, owner):
    from cadence.core import services as core

    def get(user):
        _, raw = core.create_api_token(actor=user, name="t")
        return Client().get(f"/api/v1/workspaces/{workspace.slug}/portal", HTTP_AUTHORIZATION=f"Bearer {raw}")

    body = get(approver).json()
    assert [e["name"] for e in body["engagements"]] == [engagement.name]
    assert body["engagements"][0]["role"] == "approver" and body["engagements"][0]["latest_report"]["pdf"]
    assert body["engagements"][0]["next_meeting"]["title"] == "Întâlnire lunară"
    assert [i["kind"] for i in body["inbox"]] == ["plan", "post", "post"]
    assert all(i["can_decide"] for i in body["inbox"])
    assert not any(i["can_decide"] for i in get(viewer).json()["inbox"])
    assert get(owner).status_code == 403

