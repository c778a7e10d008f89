"""The thread's pages: the htmx fragment and its own page, adding, the mention list, editing, resolving, and
the lazy thread on the objects' pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadence.comments import access, services
from cadence.comments.models import Comment
from tests.comments.conftest import membership_of

HX = {"HTTP_HX_REQUEST": "true"}


def thread_url(kind, obj_uuid, key=""):
    if key:
        return reverse("comments:thread-part", args=["agency-one", kind, obj_uuid, key])
    return reverse("comments:thread", args=["agency-one", kind, obj_uuid])


def as_user(login, user) -> Client:
    return login(Client(), user)


@pytest.mark.django_db
def test_the_team_comments_with_htmx(login, specialist, manager, engagement, task):
    c = as_user(login, specialist)
    url = thread_url("task", task.uuid)
    r = c.get(url, **HX)
    assert r.status_code == 200 and "No comments yet." in r.text and "<html" not in r.text
    r = c.post(url, {"body": f"@[Mihai Manager]({manager.uuid}) please review"}, **HX)
    assert r.status_code == 200
    assert '<span class="mention">@Mihai Manager</span> please review' in r.text
    comment = Comment.objects.get()
    assert f'id="comment-{comment.uuid}"' in r.text


@pytest.mark.django_db
def test_a_plain_post_redirects_to_the_comment_and_the_page_stands_alone(login, owner, engagement):
    c = as_user(login, owner)
    url = thread_url("engagement", engagement.uuid)
    r = c.post(url, {"body": "An idea"})
    comment = Comment.objects.get()
    assert r.status_code == 302 and r["Location"] == f"{url}#comment-{comment.uuid}"
    page = c.get(url)
    assert page.status_code == 200 and "<html" in page.text and "An idea" in page.text


@pytest.mark.django_db
def test_a_refused_mention_is_said_in_the_fragment(login, specialist, approver, task):
    c = as_user(login, specialist)
    r = c.post(thread_url("task", task.uuid), {"body": f"@[Ana Approver]({approver.uuid}) hi"}, **HX)
    assert r.status_code == 200 and "cannot see this, so they cannot be mentioned here" in r.text
    assert "hi</textarea>" in r.text and not Comment.objects.exists()


@pytest.mark.django_db
def test_the_mention_list_offers_only_readers(login, specialist, approver, manager, engagement, task):
    c = as_user(login, specialist)
    r = c.get(thread_url("task", task.uuid) + "people/", {"body": "hello @"})
    assert "Mihai Manager" in r.text and "Olga Owner" in r.text and "Ana Approver" not in r.text
    assert "Sofia Specialist" not in r.text  # not oneself
    assert f'data-mention="@[Mihai Manager]({manager.uuid}) "' in r.text
    r = c.get(thread_url("engagement", engagement.uuid) + "people/", {"body": "hello @an"})
    assert "Ana Approver" in r.text and "Mihai Manager" not in r.text
    r = c.get(thread_url("engagement", engagement.uuid) + "people/", {"body": "hello @an", "internal": "1"})
    assert "Ana Approver" not in r.text
    r = c.get(thread_url("engagement", engagement.uuid) + "people/", {"body": "no mention typed"})
    assert r.text.strip() == ""


@pytest.mark.django_db
def test_client_users_never_see_internal_comments_nor_the_internal_box(login, owner, approver, engagement):
    om = membership_of(engagement.workspace, owner)
    t = access.target_of(om, "engagement", engagement)
    services.add_comment(actor=owner, membership=om, target=t, body="For the client")
    services.add_comment(actor=owner, membership=om, target=t, body="Margin is thin here", internal=True)
    team = as_user(login, owner).get(thread_url("engagement", engagement.uuid), **HX).text
    assert "Margin is thin here" in team and "Internal (team only)" in team and 'name="internal"' in team
    client = as_user(login, approver).get(thread_url("engagement", engagement.uuid), **HX).text
    assert "For the client" in client and "Margin is thin" not in client and 'name="internal"' not in client
    assert "Internal (team only)" not in client
    internal = Comment.objects.get(internal=True)
    r = as_user(login, approver).get(reverse("comments:comment-edit", args=["agency-one", internal.uuid]))
    assert r.status_code == 404


@pytest.mark.django_db
def test_client_users_get_404_for_what_they_may_not_see(login, approver, task, draft_post, post, kpi, plan,
                                                        engagement):
    c = as_user(login, approver)
    assert c.get(thread_url("task", task.uuid), **HX).status_code == 404
    assert c.get(thread_url("post", draft_post.uuid), **HX).status_code == 404
    assert c.post(thread_url("post", draft_post.uuid), {"body": "x"}, **HX).status_code == 404
    assert c.get(thread_url("plan_section", engagement.uuid, "strategy"), **HX).status_code == 404
    assert c.get(thread_url("post", post.uuid), **HX).status_code == 200
    assert c.get(thread_url("kpi", kpi.uuid), **HX).status_code == 200


@pytest.mark.django_db
def test_the_author_edits_with_htmx_and_others_cannot(login, owner, manager, engagement):
    om = membership_of(engagement.workspace, owner)
    t = access.target_of(om, "engagement", engagement)
    comment = services.add_comment(actor=owner, membership=om, target=t, body="Typo hree")
    url = reverse("comments:comment-edit", args=["agency-one", comment.uuid])
    c = as_user(login, owner)
    assert "Typo hree</textarea>" in c.get(url, **HX).text
    r = c.post(url, {"body": "Typo here"}, **HX)
    assert r.status_code == 200 and r["HX-Retarget"].startswith("#thread-engagement-") and "(edited)" in r.text
    other = as_user(login, manager)
    assert other.get(url).status_code == 302
    r = other.post(url, {"body": "mine now"})
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo here"


@pytest.mark.django_db
def test_resolve_and_reopen(login, owner, approver, engagement):
    om = membership_of(engagement.workspace, owner)
    comment = services.add_comment(actor=owner, membership=om, target=access.target_of(om, "engagement", engagement),
                                   body="Done?")
    url = reverse("comments:thread-resolve", args=["agency-one", comment.thread.uuid])
    assert as_user(login, approver).post(url, {"resolved": "1"}).status_code == 403
    r = as_user(login, owner).post(url, {"resolved": "1"}, **HX)
    assert "Reopen the thread" in r.text and "Resolved by Olga Owner" in r.text
    r = as_user(login, owner).post(url, {"resolved": "0"}, **HX)
    assert "Resolve the thread" in r.text


@pytest.mark.django_db
def test_the_objects_pages_load_their_thread_lazily(login, owner, engagement, task, post, kpi, submitted_plan):
    c = as_user(login, owner)
    pages = [
        (reverse("board:task-detail", args=["agency-one", engagement.uuid, task.uuid]), thread_url("task", task.uuid)),
        (reverse("content:post-detail", args=["agency-one", engagement.uuid, post.uuid]),
         thread_url("post", post.uuid)),
        (reverse("kpis:kpi", args=["agency-one", engagement.uuid, kpi.uuid]), thread_url("kpi", kpi.uuid)),
        (reverse("plans:plan-section", args=["agency-one", engagement.uuid, "situation"]),
         thread_url("plan_section", engagement.uuid, "situation")),
    ]
    for page, fragment in pages:
        r = c.get(page)
        assert r.status_code == 200, page
        assert f'hx-get="{fragment}" hx-trigger="load"' in r.text, page
        assert c.get(fragment, **HX).status_code == 200
