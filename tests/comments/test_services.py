"""Targets, readers, mentions, internal comments, the edit window and resolving (services, access, queries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from cadence.comments import access, queries, services
from cadence.comments.models import Comment, Mention, Thread
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from tests.comments.conftest import membership_of


def mention(user) -> str:
    return f"@[{user.full_name}]({user.uuid})"


def target(workspace, user, kind, obj):
    return access.target_of(membership_of(workspace, user), kind, obj)


# --- who sees what ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_team_sees_every_kind(workspace, owner, specialist, engagement, task, post, draft_post, kpi, plan):
    for kind, obj in [("engagement", engagement), ("task", task), ("post", post), ("post", draft_post),
                      ("kpi", kpi), ("plan_section", (engagement, "strategy"))]:
        t = target(workspace, specialist, kind, obj)
        assert t.engagement == engagement and t.url.startswith("/w/agency-one/e/")


@pytest.mark.django_db
def test_a_client_user_sees_only_what_their_client_may(workspace, approver, viewer, engagement, task, post,
                                                       draft_post, kpi, plan):
    for user in (approver, viewer):
        assert target(workspace, user, "engagement", engagement).client_visible
        assert target(workspace, user, "post", post).title == "Autumn menu"
        assert target(workspace, user, "kpi", kpi)
        for kind, obj in [("task", task), ("post", draft_post), ("plan_section", (engagement, "strategy"))]:
            with pytest.raises(Http404):  # no board; a draft; a plan with no version submitted
                target(workspace, user, kind, obj)


@pytest.mark.django_db
def test_a_client_user_reads_a_plan_section_once_the_plan_is_submitted(workspace, approver, engagement,
                                                                       submitted_plan):
    t = target(workspace, approver, "plan_section", (engagement, "situation"))
    assert t.key == "situation" and t.url.endswith("/plan/s/situation/")
    with pytest.raises(Http404):
        target(workspace, approver, "plan_section", (engagement, "nonsense"))


@pytest.mark.django_db
def test_another_workspace_or_client_is_a_404(workspace, other_workspace, outsider, approver, owner, engagement,
                                              other_client, task):
    with pytest.raises(Http404):
        access.resolve(membership_of(other_workspace, outsider), "engagement", engagement.uuid)
    with pytest.raises(Http404):
        access.resolve(membership_of(other_workspace, outsider), "task", task.uuid)
    with pytest.raises(Http404):
        access.resolve(membership_of(workspace, owner), "unknown", engagement.uuid)
    from tests.kpis.fixtures import m  # noqa: F401  (the KPI fixtures' module imports cleanly)


@pytest.mark.django_db
def test_the_readers_of_a_target(workspace, owner, manager, specialist, approver, viewer, engagement, task, post):
    names = lambda rs: {r.name for r in rs}  # noqa: E731
    ideas = target(workspace, owner, "engagement", engagement)
    assert names(access.readers(ideas)) == {"Olga Owner", "Mihai Manager", "Sofia Specialist", "Ana Approver",
                                            "Victor Viewer"}
    assert names(access.readers(ideas, internal=True)) == {"Olga Owner", "Mihai Manager", "Sofia Specialist"}
    assert names(access.readers(target(workspace, owner, "task", task))) == {"Olga Owner", "Mihai Manager",
                                                                           "Sofia Specialist"}


# --- mentions and events ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_mention_notifies_the_person_mentioned(workspace, specialist, manager, engagement, task, events_heard,
                                                 django_capture_on_commit_callbacks):
    t = target(workspace, specialist, "task", task)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(actor=specialist, membership=membership_of(workspace, specialist), target=t,
                                       body=f"{mention(manager)} can you **check** the budget?")
    assert [m.user for m in Mention.objects.filter(comment=comment)] == [manager]
    (event,) = [e for e in events_heard if e.kind == "comment.mentioned"]
    assert event.recipients == (manager.pk,) and event.actor_id == specialist.pk
    assert event.engagement_id == engagement.pk and event.subject_type == "comment"
    assert event.data["target"] == "task"
    assert event.data["url"] == f"/w/agency-one/e/{engagement.uuid}/tasks/{task.uuid}/#comment-{comment.uuid}"
    assert event.data["excerpt"] == "@Mihai Manager can you check the budget?"
    entry = AuditEntry.objects.get(action="comments.comment_added")
    assert entry.thread == engagement.uuid and entry.changes["mentions"] == ["Mihai Manager"]


@pytest.mark.django_db
def test_a_mention_of_someone_who_may_not_see_it_is_refused(workspace, specialist, approver, engagement, task,
                                                            events_heard):
    t = target(workspace, specialist, "task", task)
    with pytest.raises(DomainError) as exc:
        services.add_comment(actor=specialist, membership=membership_of(workspace, specialist), target=t,
                             body=f"{mention(approver)} look")
    assert exc.value.code == "mention_not_reader" and "@Ana Approver" in exc.value.message
    assert not Comment.objects.exists() and not Thread.objects.exists()


@pytest.mark.django_db
def test_an_internal_comment_cannot_mention_the_client(workspace, manager, approver, engagement):
    t = target(workspace, manager, "engagement", engagement)
    with pytest.raises(DomainError) as exc:
        services.add_comment(actor=manager, membership=membership_of(workspace, manager), target=t,
                             body=f"{mention(approver)} internal", internal=True)
    assert "team only" in exc.value.message
    services.add_comment(actor=manager, membership=membership_of(workspace, manager), target=t,
                         body=f"{mention(approver)} what do you think?")


@pytest.mark.django_db
def test_a_client_user_writes_no_internal_comment_and_mentions_only_readers(workspace, approver, viewer, owner,
                                                                            engagement, other_client):
    t = target(workspace, approver, "engagement", engagement)
    m = membership_of(workspace, approver)
    with pytest.raises(DomainError):
        services.add_comment(actor=approver, membership=m, target=t, body="psst", internal=True)
    from tests.conftest import _client_user

    stranger = _client_user(workspace, other_client, "other@client.test", "approver", "Other Person")
    with pytest.raises(DomainError):
        services.add_comment(actor=approver, membership=m, target=t, body=f"{mention(stranger)} hi")
    comment = services.add_comment(actor=approver, membership=m, target=t,
                                   body=f"An idea for {mention(owner)} and {mention(viewer)}")
    assert {x.user for x in comment.mentions.all()} == {owner, viewer}


@pytest.mark.django_db
def test_internal_comments_never_reach_client_users(workspace, owner, approver, engagement):
    t = target(workspace, owner, "engagement", engagement)
    om = membership_of(workspace, owner)
    services.add_comment(actor=owner, membership=om, target=t, body="Shared idea")
    services.add_comment(actor=owner, membership=om, target=t, body="Team-only note", internal=True)
    team = queries.thread_view(om, t)
    client = queries.thread_view(membership_of(workspace, approver), target(workspace, approver, "engagement",
                                                                            engagement))
    assert [c.body for c in team.comments] == ["Shared idea", "Team-only note"] and team.comments[1].internal
    assert [c.body for c in client.comments] == ["Shared idea"] and client.count == 1
    assert queries.comment_counts(membership_of(workspace, approver), "engagement", [engagement.uuid]) == {
        engagement.uuid: 1}
    assert queries.comment_counts(om, "engagement", [engagement.uuid]) == {engagement.uuid: 2}


@pytest.mark.django_db
def test_an_internal_flag_on_a_team_only_object_is_moot(workspace, owner, task):
    t = target(workspace, owner, "task", task)
    comment = services.add_comment(actor=owner, membership=membership_of(workspace, owner), target=t, body="x",
                                   internal=True)
    assert comment.internal is True  # nobody outside the team can read a card's thread: it is the team's


@pytest.mark.django_db
def test_what_the_team_wrote_on_a_draft_stays_the_teams_once_the_client_sees_the_post(
        workspace, owner, approver, draft_post):
    om = membership_of(workspace, owner)
    comment = services.add_comment(actor=owner, membership=om, target=target(workspace, owner, "post", draft_post),
                                   body="Too salesy, rewrite before the client sees it")
    assert comment.internal is True
    draft_post.status = "in_review"
    draft_post.save(update_fields=["status"])
    client_target = target(workspace, approver, "post", draft_post)
    assert queries.thread_view(membership_of(workspace, approver), client_target).comments == []
    services.add_comment(actor=owner, membership=om, target=target(workspace, owner, "post", draft_post),
                         body="Ready for your review")
    assert [c.body for c in queries.thread_view(membership_of(workspace, approver), client_target).comments] == [
        "Ready for your review"]


@pytest.mark.django_db
def test_the_body_is_sanitised_and_mentions_shown_by_current_name(workspace, owner, manager, engagement):
    t = target(workspace, owner, "engagement", engagement)
    om = membership_of(workspace, owner)
    services.add_comment(actor=owner, membership=om, target=t,
                         body=f"<script>alert(1)</script> [x](javascript:alert(1)) @[Old name]({manager.uuid}) "
                              f"[link](@[Evil]({manager.uuid}))")
    html = str(queries.thread_view(om, t).comments[0].html)
    assert "<script>" not in html and "href=\"javascript" not in html
    assert '<span class="mention">@Mihai Manager</span>' in html
    assert 'href="<span' not in html


@pytest.mark.django_db
def test_empty_and_too_long_bodies_are_refused(workspace, owner, engagement):
    t = target(workspace, owner, "engagement", engagement)
    om = membership_of(workspace, owner)
    for body in ("", "   ", "x" * 10_001):
        with pytest.raises(DomainError):
            services.add_comment(actor=owner, membership=om, target=t, body=body)


# --- edit window and resolving ---------------------------------------------------------------------

@pytest.mark.django_db
def test_only_the_author_edits_within_the_window(workspace, owner, manager, specialist, engagement, settings,
                                                 events_heard, django_capture_on_commit_callbacks):
    t = target(workspace, owner, "engagement", engagement)
    comment = services.add_comment(actor=owner, membership=membership_of(workspace, owner), target=t, body="v1")
    with pytest.raises(DomainError) as exc:
        services.edit_comment(actor=manager, membership=membership_of(workspace, manager), comment=comment,
                              target=t, body="hijack")
    assert exc.value.code == "not_author"
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_comment(actor=owner, membership=membership_of(workspace, owner), comment=comment, target=t,
                              body=f"v2 {mention(specialist)}")
    comment.refresh_from_db()
    assert comment.body.startswith("v2") and comment.edited_at is not None
    assert [e.recipients for e in events_heard if e.kind == "comment.mentioned"] == [(specialist.pk,)]
    assert AuditEntry.objects.filter(action="comments.comment_edited").exists()
    settings.CADENCE_COMMENT_EDIT_MINUTES = 15
    Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - dt.timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.edit_comment(actor=owner, membership=membership_of(workspace, owner), comment=comment, target=t,
                              body="v3")
    assert exc.value.code == "edit_window_over" and "15 minutes" in exc.value.message


@pytest.mark.django_db
def test_the_team_resolves_and_a_new_comment_reopens(workspace, owner, approver, engagement):
    t = target(workspace, owner, "engagement", engagement)
    om = membership_of(workspace, owner)
    comment = services.add_comment(actor=owner, membership=om, target=t, body="Question")
    thread = comment.thread
    services.set_resolved(actor=owner, membership=om, thread=thread, target=t, resolved=True)
    thread.refresh_from_db()
    assert thread.resolved_at is not None and thread.resolved_by == owner
    with pytest.raises(DomainError):
        services.set_resolved(actor=approver, membership=membership_of(workspace, approver), thread=thread, target=t,
                              resolved=False)
    services.add_comment(actor=approver, membership=membership_of(workspace, approver),
                         target=target(workspace, approver, "engagement", engagement), body="One more thing")
    thread.refresh_from_db()
    assert thread.resolved_at is None
    assert AuditEntry.objects.filter(action="comments.thread_resolved").count() == 1


# --- constant queries ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_thread_reads_in_the_same_queries_whatever_its_length(workspace, owner, manager, specialist, engagement,
                                                                task, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    om = membership_of(workspace, owner)
    t = target(workspace, owner, "task", task)

    def count() -> int:
        fresh = membership_of(workspace, owner)
        with CaptureQueriesContext(connection) as ctx:
            queries.thread_context(None, fresh, "task", task)  # type: ignore[arg-type]
        return len(ctx.captured_queries)

    services.add_comment(actor=owner, membership=om, target=t, body=f"first {mention(manager)}")
    one = count()
    for i in range(12):
        who = (manager, specialist)[i % 2]
        services.add_comment(actor=who, membership=membership_of(workspace, who), target=t,
                             body=f"reply {i} {mention(owner)} {mention(specialist if who == manager else manager)}")
    assert count() == one


# --- meetings (the meetings app's kind) -------------------------------------------------------------

@pytest.mark.django_db
def test_a_meeting_has_a_thread_the_client_reads(workspace, owner, approver, manager, engagement, clock):
    from cadence.meetings import services as meetings

    meeting = meetings.create_meeting(actor=manager, membership=membership_of(workspace, manager),
                                      engagement=engagement, title="Monthly review", day="2026-12-03", time="11:00",
                                      duration_minutes=60, participants=[manager.pk, approver.pk], invite=False)
    t = target(workspace, approver, "meeting", meeting)
    assert t.title == "Monthly review" and "/meetings/" in t.url
    services.add_comment(actor=approver, membership=membership_of(workspace, approver), target=t,
                         body=f"@[Mihai Manager]({manager.uuid}) can we add the budget to the agenda?")
    assert queries.thread_view(membership_of(workspace, owner), target(workspace, owner, "meeting", meeting)).count == 1
