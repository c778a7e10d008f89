"""The content calendar's writes: posts, status moves (readiness, gate, approval), the client's decisions, the
edit after approval that sends a post back, deletions, settings and the frequency plan. Every write leaves an
audit entry in the engagement's history; a refused write changes nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from cadence.content import access, services
from cadence.content.models import ContentSettings, FrequencyPlan, Post, PostMedia, PostReview
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from tests.content.posts_fixtures import *  # noqa: F403
from tests.content.posts_fixtures import TODAY, actions, at, data

pytestmark = pytest.mark.django_db
D = dt.date


def move(users, m, post, status, who="specialist"):
    return services.set_status(actor=users[who], membership=m[who], post=post, status=status)


def refused(fn, **kw):
    with pytest.raises(DomainError) as e:
        fn(**kw)
    return e.value


# --- create and update ------------------------------------------------------------------------------

def test_create_a_draft_with_hashtags_media_and_audit(today, make_post, engagement, image):
    first, second = image("a.jpg"), image("b.jpg")
    post = make_post(hashtags=["#Paine", "paine", "#cluj"], media_uuids=[second.uuid, first.uuid],
                     publish_at=dt.datetime(2026, 10, 20, 7, 30, 45, tzinfo=dt.UTC))
    post.refresh_from_db()
    assert post.status == "draft" and post.revision == 1 and post.hashtags == ["Paine", "cluj"]
    assert post.publish_at == dt.datetime(2026, 10, 20, 7, 30, tzinfo=dt.UTC)  # stored in UTC, to the minute
    assert list(PostMedia.objects.filter(post=post).values_list("file__name", flat=True)) == ["b.jpg", "a.jpg"]
    entry = AuditEntry.objects.get(action="post.created")
    assert entry.thread == engagement.uuid and entry.changes["status"] == "draft"
    assert entry.changes["media"] == [str(second.uuid), str(first.uuid)]


def test_an_idea_needs_no_date_and_nothing_else_is_a_starting_status(today, make_post):
    assert make_post(status="idea", publish_at=None, caption="").status == "idea"
    for status in ("in_review", "approved", "scheduled", "published", "nonsense"):
        assert refused(make_post, status=status).field == "status"
    assert Post.objects.count() == 1


@pytest.mark.parametrize(("kw", "field"), [
    ({"channel": "myspace"}, "channel"), ({"format": "hologram"}, "format"),
    ({"title": "x" * 201}, "title"), ({"title": "a\nb"}, "title"),
    ({"caption": "hidden\u202etext"}, "caption"), ({"caption": "x" * 63207}, "caption"),
    ({"hashtags": ["#spring-sale"]}, "hashtags"), ({"hashtags": "spring"}, "hashtags"),
    ({"hashtags": [1]}, "hashtags"), ({"hashtags": [f"t{i}" for i in range(61)]}, "hashtags"),
    ({"publish_at": dt.datetime(2026, 10, 20, 10)}, "publish_at"), ({"publish_at": "2026-10-20"}, "publish_at"),
    ({"publish_at": dt.datetime(1999, 12, 31, tzinfo=dt.UTC)}, "publish_at"),
    ({"publish_at": dt.datetime(2101, 1, 2, tzinfo=dt.UTC)}, "publish_at"),
    ({"link_uuid": uuid.uuid4()}, "link"), ({"link_uuid": "not-a-uuid"}, "link"),
    ({"objective_uid": uuid.uuid4()}, "objective_uid"), ({"initiative_uuid": uuid.uuid4()}, "initiative"),
    ({"phase_key": "nowhere"}, "phase"), ({"phase_key": 7}, "phase"),
    ({"assignee_id": 10**12}, "assignee"), ({"assignee_id": "1"}, "assignee"), ({"paid": "yes"}, "paid"),
    ({"media_uuids": [uuid.uuid4()]}, "media"), ({"media_uuids": "x"}, "media"),
    ({"media_uuids": [uuid.uuid4() for _ in range(36)]}, "media"),
])
def test_bad_input_is_refused_and_changes_nothing(today, make_post, engagement, kw, field):
    error = refused(make_post, **kw)
    assert error.field == field and error.message
    assert not Post.objects.exists() and not actions(engagement)


def test_foreign_people_files_initiatives_and_phases_are_refused(today, make_post, engagement, approver, outsider,
                                                                 image, workspace, owner, client_obj):
    from cadence.board import initiative_services
    from cadence.engagements import services as es
    from cadence.engagements.models import ProcessTemplate

    assert refused(make_post, assignee_id=approver.pk).code == "not_team"
    assert refused(make_post, assignee_id=outsider.pk).code == "not_team"
    other = es.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, name="Other",
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), start_date=D(2026, 9, 7),
        monthly_hours=10, country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    theirs = image("theirs.jpg", of=other)
    assert refused(make_post, media_uuids=[theirs.uuid]).code == "not_found"
    mine = image()
    assert refused(make_post, media_uuids=[mine.uuid, mine.uuid]).code == "duplicate"
    initiative = initiative_services.create_initiative(
        actor=owner, membership=membership_of(owner, workspace), engagement=other, title="Theirs",  # noqa: F405
        start=D(2026, 10, 1), deadline=D(2026, 10, 30))
    assert refused(make_post, initiative_uuid=initiative.uuid).code == "not_found"
    assert not Post.objects.exists()


def test_links_initiatives_objectives_and_phases_of_the_engagement(today, make_post, engagement, owner, workspace,
                                                                   specialist):
    from cadence.board import initiative_services
    from cadence.links.models import UtmLink

    fields = {f.name for f in UtmLink._meta.get_fields()}
    link_kw = {k: v for k, v in {"url": "https://example.com/?utm_source=instagram", "name": "Spring",
                                 "destination": "https://example.com/", "source": "instagram", "medium": "social",
                                 "campaign": "spring"}.items() if k in fields}
    link = UtmLink.objects.create(workspace=workspace, engagement=engagement, **link_kw)
    initiative = initiative_services.create_initiative(
        actor=owner, membership=membership_of(owner, workspace), engagement=engagement, title="Shop photos",  # noqa: F405
        start=D(2026, 10, 1), deadline=D(2026, 10, 30))
    post = make_post(link_uuid=link.uuid, initiative_uuid=initiative.uuid, phase_key="research",
                     assignee_id=specialist.pk)
    assert (post.link, post.initiative, post.phase.key, post.assignee) == (link, initiative, "research", specialist)


def test_an_objective_must_be_one_of_the_plan(today, make_post, engagement, owner, manager, specialist, approver,
                                              workspace):
    from cadence.engagements import services as eng
    from cadence.plans import services as plans

    mm = membership_of(manager, workspace)  # noqa: F405
    eng.log_time(actor=specialist, membership=membership_of(specialist, workspace), engagement=engagement,  # noqa: F405
                 phase=engagement.phases.get(key="research"), date=D(2026, 9, 8), hours=3, note="research")
    plan = plans.ensure_plan(actor=owner, engagement=engagement)
    objective = plans.create_record(actor=manager, membership=mm, plan=plan, kind="objective",
                                    data={"title": "More online orders", "department": "sales"})
    assert make_post(objective_uid=objective.uuid).objective_uid == objective.uuid
    assert refused(make_post, objective_uid=uuid.uuid4()).code == "not_found"


@pytest.mark.parametrize("who", ["approver", "viewer"])
def test_client_users_cannot_write_posts(today, make_post, who, users, m):
    assert refused(make_post, who=who).code == "forbidden"
    post = make_post()
    assert refused(services.update_post, actor=users[who], membership=m[who], post=post, data=data()).code == \
        "forbidden"
    assert refused(move, users=users, m=m, post=post, status="in_review", who=who).code == "forbidden"
    assert refused(services.delete_post, actor=users[who], membership=m[who], post=post).code == "forbidden"


def test_another_workspace_cannot_write(today, make_post, engagement, outsider, other_workspace):
    outsider_m = membership_of(outsider, other_workspace)  # noqa: F405
    assert refused(services.create_post, actor=outsider, membership=outsider_m, engagement=engagement,
                   data=data()).code == "forbidden"


def test_update_replaces_fields_with_revision_and_conflict(today, make_post, users, m, engagement, image):
    post = make_post()
    post = services.update_post(actor=users["specialist"], membership=m["specialist"], post=post,
                                data=data(caption="Nouă", media_uuids=[image().uuid]), expected_revision=1)
    assert post.revision == 2 and post.caption == "Nouă" and PostMedia.objects.filter(post=post).count() == 1
    error = refused(services.update_post, actor=users["owner"], membership=m["owner"], post=post,
                    data=data(caption="Stale"), expected_revision=1)
    assert error.code == "conflict"
    # an internal field does not bump the revision; an unchanged save records nothing
    post = services.update_post(actor=users["owner"], membership=m["owner"], post=post,
                                data=data(caption="Nouă", media_uuids=list(PostMedia.objects.filter(post=post)
                                                                           .values_list("file__uuid", flat=True)),
                                          title="Alt titlu"), expected_revision=2)
    assert post.revision == 2 and post.title == "Alt titlu"
    before = len(actions(engagement))
    services.update_post(actor=users["owner"], membership=m["owner"], post=post,
                         data=data(caption="Nouă", title="Alt titlu", media_uuids=list(
                             PostMedia.objects.filter(post=post).values_list("file__uuid", flat=True))))
    assert len(actions(engagement)) == before
    assert Post.objects.get(pk=post.pk).caption == "Nouă"


def test_a_refused_update_changes_nothing(today, make_post, users, m, engagement):
    post = make_post()
    count = len(actions(engagement))
    refused(services.update_post, actor=users["specialist"], membership=m["specialist"], post=post,
            data=data(caption="Changed", media_uuids=[uuid.uuid4()]))
    post.refresh_from_db()
    assert post.caption.startswith("Pâinea") and post.revision == 1 and len(actions(engagement)) == count


# --- leaving draft ----------------------------------------------------------------------------------

def test_leaving_draft_needs_a_publish_time_and_a_valid_post(today, make_post, users, m, engagement):
    cases = [({"publish_at": None}, "publish_at_required", "publish_at"),
             ({"channel": "youtube", "format": "image"}, "format_not_allowed", "format"),
             ({"channel": "x", "format": "text", "caption": "x" * 281, "hashtags": []}, "caption_too_long", "caption"),
             ({"hashtags": [f"t{i}" for i in range(31)]}, "too_many_hashtags", "hashtags")]
    for kw, code, field in cases:
        post = make_post(**kw)
        error = refused(move, users=users, m=m, post=post, status="in_review")
        assert (error.code, error.field) == (code, field)
        assert Post.objects.get(pk=post.pk).status == "draft"
    assert "post.status_changed" not in actions(engagement)
    x = make_post(channel="x", format="text", caption="x" * 281, hashtags=[])
    message = refused(move, users=users, m=m, post=x, status="in_review").message
    assert "281" in message and "280" in message


def test_telegram_media_shortens_the_caption(today, make_post, users, m, image):
    post = make_post(channel="telegram", format="image", caption="т" * 1100, hashtags=[], media_uuids=[image().uuid])
    error = refused(move, users=users, m=m, post=post, status="in_review")
    assert error.code == "caption_too_long" and "1024" in error.message
    text = make_post(channel="telegram", format="text", caption="т" * 1100, hashtags=[])
    assert move(users, m, text, "in_review").status == "in_review"


def test_too_many_files_for_the_network(today, make_post, users, m, image):
    post = make_post(channel="x", format="image", caption="Hi", hashtags=[],
                     media_uuids=[image(f"{i}.jpg").uuid for i in range(5)])
    assert refused(move, users=users, m=m, post=post, status="in_review").code == "too_many_media"


def test_an_in_review_post_must_stay_publishable(today, in_review, users, m):
    post = in_review()
    error = refused(services.update_post, actor=users["specialist"], membership=m["specialist"], post=post,
                    data=data(hashtags=[f"t{i}" for i in range(31)]))
    assert error.code == "too_many_hashtags"
    assert refused(services.update_post, actor=users["specialist"], membership=m["specialist"], post=post,
                   data=data(publish_at=None)).code == "publish_at_required"
    assert refused(services.update_post, actor=users["specialist"], membership=m["specialist"], post=post,
                   data=data(phase_key="infrastructure")).code == "gate_closed"
    post.refresh_from_db()
    assert post.revision == 1 and post.hashtags == ["paine", "cluj"] and post.phase is None
    # a change the network does not see needs no new check
    assert services.update_post(actor=users["specialist"], membership=m["specialist"], post=post,
                                data=data(title="Alt titlu")).title == "Alt titlu"


def test_the_gate_of_the_posts_phase_refuses_with_its_name(today, make_post, users, m, pass_gate, engagement):
    post = make_post(phase_key="infrastructure", publish_at=at(D(2026, 10, 20)))
    error = refused(move, users=users, m=m, post=post, status="in_review")
    assert error.code == "gate_closed" and error.field == "phase"
    gate_name = engagement.gates.get(key="plan_approved")
    from cadence.engagements.queries import display_name

    assert display_name(gate_name, fallback="en") in error.message
    assert Post.objects.get(pk=post.pk).status == "draft"
    pass_gate("plan_approved", on=D(2026, 10, 1))
    # passed on 1 October: a post published before it is still refused, one after it goes to review
    early = make_post(phase_key="infrastructure", publish_at=at(D(2026, 9, 30)))
    assert refused(move, users=users, m=m, post=early, status="in_review").code == "gate_closed"
    assert move(users, m, post, "in_review").status == "in_review"


def test_a_paid_post_takes_the_phase_of_its_date(today, make_post, users, m, pass_gate):
    # the engagement's schedule: research until 3 November, then infrastructure, campaigns from 23 November
    research = make_post(paid=True, publish_at=at(D(2026, 10, 20)))
    assert research.phase.key == "research"
    assert move(users, m, research, "in_review").status == "in_review"
    campaign = make_post(paid=True, publish_at=at(D(2026, 11, 26)))
    assert campaign.phase.key == "campaigns"
    assert refused(move, users=users, m=m, post=campaign, status="in_review").code == "gate_closed"
    unpaid = make_post(publish_at=at(D(2026, 11, 26)))
    assert unpaid.phase is None and move(users, m, unpaid, "in_review").status == "in_review"
    # an explicit phase wins
    assert make_post(paid=True, phase_key="research", publish_at=at(D(2026, 11, 26))).phase.key == "research"


# --- approval ---------------------------------------------------------------------------------------

def test_the_client_approves_and_the_team_schedules_and_publishes(today, in_review, users, m, engagement, clock):
    post = in_review()
    post = services.approve(actor=users["approver"], membership=m["approver"], post=post, comment="Frumos!")
    assert post.status == "approved" and post.approved_revision == post.revision == 1
    assert post.approved_by == users["approver"] and post.approved_at is not None
    review = PostReview.objects.get(post=post)
    assert (review.decision, review.comment, review.revision, review.reviewer) == ("approved", "Frumos!", 1,
                                                                                   users["approver"])
    post = move(users, m, post, "scheduled")
    post = move(users, m, post, "published")
    assert post.status == "published" and post.published_at == clock.now()
    assert actions(engagement) == ["post.created", "post.status_changed", "post.approved", "post.status_changed",
                                   "post.status_changed"]


@pytest.mark.parametrize(("who", "code"), [("owner", "not_decider"), ("manager", "not_decider"),
                                           ("specialist", "forbidden"), ("viewer", "forbidden")])
def test_only_the_client_approver_decides_when_approval_is_required(today, in_review, users, m, who, code):
    post = in_review()
    assert refused(services.approve, actor=users[who], membership=m[who], post=post).code == code
    assert refused(services.request_changes, actor=users[who], membership=m[who], post=post,
                   comment="No").code == code
    assert Post.objects.get(pk=post.pk).status == "in_review" and not PostReview.objects.exists()


def test_an_approver_of_another_client_cannot_decide(today, in_review, workspace, other_client):
    from cadence.core.models import ClientAccess, ClientRole, Membership, Role
    from tests.conftest import make_user

    user = make_user("approver@other.test")
    membership = Membership.objects.create(workspace=workspace, user=user, role=Role.CLIENT)
    ClientAccess.objects.create(workspace=workspace, membership=membership, client=other_client,
                                role=ClientRole.APPROVER)
    assert refused(services.approve, actor=user, membership=membership, post=in_review()).code == "forbidden"


def test_approved_only_through_approval_and_scheduling_needs_it(today, make_post, in_review, users, m):
    post = in_review()
    assert refused(move, users=users, m=m, post=post, status="approved", who="manager").code == "use_approve"
    assert refused(move, users=users, m=m, post=post, status="scheduled", who="manager").code == "not_approved"
    draft = make_post()
    assert refused(move, users=users, m=m, post=draft, status="scheduled").code == "not_approved"
    assert refused(move, users=users, m=m, post=draft, status="published").code == "not_scheduled"
    assert refused(move, users=users, m=m, post=draft, status="draft").code == "same_status"
    assert refused(move, users=users, m=m, post=draft, status="bogus").field == "status"


def test_only_a_post_in_review_is_decided(today, make_post, approved, users, m):
    draft = make_post()
    assert refused(services.approve, actor=users["approver"], membership=m["approver"],
                   post=draft).code == "not_in_review"
    post = approved()
    assert refused(services.approve, actor=users["approver"], membership=m["approver"],
                   post=post).code == "not_in_review"


def test_approve_with_a_stale_revision_is_a_conflict(today, in_review, users, m):
    post = in_review()
    assert refused(services.approve, actor=users["approver"], membership=m["approver"], post=post,
                   expected_revision=0).code == "conflict"
    assert services.approve(actor=users["approver"], membership=m["approver"], post=post,
                            expected_revision=1).status == "approved"


def test_request_changes_needs_a_comment_and_sends_to_draft(today, in_review, users, m, engagement):
    post = in_review()
    for comment in ("", "   ", "x" * 5001, "a\x00b"):
        refused(services.request_changes, actor=users["approver"], membership=m["approver"], post=post,
                comment=comment)
    assert Post.objects.get(pk=post.pk).status == "in_review" and not PostReview.objects.exists()
    post = services.request_changes(actor=users["approver"], membership=m["approver"], post=post,
                                    comment="Fără fața brutarului, vă rog.")
    assert post.status == "draft" and post.approved_revision is None
    review = PostReview.objects.get(post=post)
    assert review.decision == "changes_requested" and review.comment == "Fără fața brutarului, vă rog."
    entry = AuditEntry.objects.get(action="post.changes_requested")
    assert entry.changes["comment"] == "Fără fața brutarului, vă rog." and entry.changes["status"] == [
        "in_review", "draft"]
    # back to review and approved this time
    post = move(users, m, post, "in_review")
    assert services.approve(actor=users["approver"], membership=m["approver"], post=post).status == "approved"


# --- the edit after approval ------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["approved", "scheduled"])
def test_an_edit_of_approved_content_sends_the_post_back(today, approved, users, m, engagement, status):
    post = approved()
    if status == "scheduled":
        post = move(users, m, post, "scheduled")
    post = services.update_post(actor=users["specialist"], membership=m["specialist"], post=post,
                                data=data(caption="O altă descriere"), expected_revision=1)
    assert post.status == "in_review" and post.revision == 2 and post.approved_revision == 1
    sent = AuditEntry.objects.get(action="post.sent_back")
    assert sent.changes == {"status": [status, "in_review"], "revision": 2, "fields": ["caption"]}
    assert not PostReview.objects.exclude(decision="approved").exists()  # no review: the team's own change
    # the old approval does not schedule it
    assert refused(move, users=users, m=m, post=post, status="scheduled", who="manager").code == "not_approved"
    post = services.approve(actor=users["approver"], membership=m["approver"], post=post)
    assert post.approved_revision == 2 and move(users, m, post, "scheduled").status == "scheduled"


def test_an_edit_of_internal_fields_keeps_the_approval(today, approved, users, m, engagement):
    post = approved()
    post = services.update_post(actor=users["specialist"], membership=m["specialist"], post=post,
                                data=data(title="Alt titlu interne", assignee_id=users["specialist"].pk))
    assert post.status == "approved" and post.revision == 1
    assert "post.sent_back" not in actions(engagement)


def test_a_published_post_is_final(today, approved, users, m):
    post = move(users, m, move(users, m, approved(), "scheduled"), "published")
    error = refused(services.update_post, actor=users["manager"], membership=m["manager"], post=post,
                    data=data(caption="Changed"))
    assert error.code == "published"
    assert services.update_post(actor=users["manager"], membership=m["manager"], post=post,
                                data=data(title="Arhivă")).title == "Arhivă"
    assert refused(move, users=users, m=m, post=post, status="draft", who="manager").code == "published_final"
    assert refused(move, users=users, m=m, post=post, status="scheduled").code == "unpublish_needs_manage"
    post = move(users, m, post, "scheduled", who="manager")
    assert post.status == "scheduled" and post.published_at is None


# --- approval not required --------------------------------------------------------------------------

def test_without_client_approval_a_manager_decides(today, in_review, make_post, users, m, engagement):
    assert services.get_settings(engagement).approval_required is True
    assert refused(services.update_settings, actor=users["specialist"], membership=m["specialist"],
                   engagement=engagement, approval_required=False).code == "forbidden"
    assert refused(services.update_settings, actor=users["manager"], membership=m["manager"],
                   engagement=engagement, approval_required="no").field == "approval_required"
    services.update_settings(actor=users["manager"], membership=m["manager"], engagement=engagement,
                             approval_required=False)
    assert ContentSettings.objects.get(engagement=engagement).approval_required is False
    post = in_review()
    error = refused(services.approve, actor=users["approver"], membership=m["approver"], post=post)
    assert error.code == "not_decider" and "not required" in error.message
    assert refused(services.approve, actor=users["specialist"], membership=m["specialist"], post=post).code == \
        "forbidden"
    assert services.approve(actor=users["manager"], membership=m["manager"], post=post).status == "approved"
    # the team may also schedule straight from draft (the post must still be ready)
    assert move(users, m, make_post(), "scheduled").status == "scheduled"
    assert refused(move, users=users, m=m, post=make_post(publish_at=None), status="scheduled").code == \
        "publish_at_required"
    entries = AuditEntry.objects.filter(action="content.settings_updated")
    assert [e.changes for e in entries] == [{"approval_required": [True, False]}]
    services.update_settings(actor=users["manager"], membership=m["manager"], engagement=engagement,
                             approval_required=False)
    assert entries.count() == 1  # unchanged: no entry


# --- delete -----------------------------------------------------------------------------------------

def test_delete_a_post_and_published_ones_only_by_managers(today, make_post, approved, users, m, engagement):
    post = make_post()
    services.delete_post(actor=users["specialist"], membership=m["specialist"], post=post)
    assert not Post.objects.filter(pk=post.pk).exists()
    assert AuditEntry.objects.get(action="post.deleted").changes["status"] == "draft"
    published = move(users, m, move(users, m, approved(), "scheduled"), "published")
    assert refused(services.delete_post, actor=users["specialist"], membership=m["specialist"],
                   post=published).code == "forbidden"
    services.delete_post(actor=users["manager"], membership=m["manager"], post=published)
    assert not Post.objects.exists() and not PostReview.objects.exists()


# --- frequency plan ---------------------------------------------------------------------------------

def test_the_frequency_plan(today, users, m, engagement):
    def freq(per_week, weekdays=(), channel="instagram", who="manager"):
        return services.set_frequency(actor=users[who], membership=m[who], engagement=engagement, channel=channel,
                                      per_week=per_week, weekdays=list(weekdays))

    plan = freq(3, [4, 0, 2, 2])
    assert (plan.per_week, plan.weekdays) == (3, [0, 2, 4])
    assert freq(5, [0, 2, 4]).per_week == 5 and FrequencyPlan.objects.count() == 1
    freq(5, [0, 2, 4])  # unchanged: no entry
    assert actions(engagement) == ["content.frequency_set", "content.frequency_set"]
    for per_week, weekdays, channel, field in [(-1, (), "instagram", "per_week"), (51, (), "instagram", "per_week"),
                                               (True, (), "instagram", "per_week"), ("3", (), "instagram", "per_week"),
                                               (2, (7,), "instagram", "weekdays"), (2, ("1",), "instagram", "weekdays"),
                                               (2, (), "myspace", "channel")]:
        error = refused(freq, per_week=per_week, weekdays=weekdays, channel=channel)
        assert error.field == field
    assert refused(freq, per_week=2, who="specialist").code == "forbidden"
    assert refused(freq, per_week=2, who="approver").code == "forbidden"
    assert freq(0) is None and not FrequencyPlan.objects.exists()
    assert freq(None) is None
    assert actions(engagement)[-1] == "content.frequency_set" and len(actions(engagement)) == 3
    assert AuditEntry.objects.filter(action="content.frequency_set").order_by("id").last().changes == {
        "channel": "instagram", "per_week": [5, None]}


# --- access -----------------------------------------------------------------------------------------

def test_lookups_and_what_clients_see(today, make_post, in_review, m, engagement, workspace, owner, client_obj):
    from django.http import Http404

    from cadence.engagements import services as es
    from cadence.engagements.models import ProcessTemplate

    draft, review = make_post(), in_review()
    assert access.get_post(engagement, draft.uuid) == draft
    other = es.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, name="Other",
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), start_date=D(2026, 9, 7),
        monthly_hours=10, country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    for bad in (uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            access.get_post(engagement, bad)
    with pytest.raises(Http404):
        access.get_post(other, draft.uuid)
    assert set(access.visible_posts(m["specialist"], engagement)) == {draft, review}
    for who in ("approver", "viewer"):
        assert list(access.visible_posts(m[who], engagement)) == [review]
        with pytest.raises(Http404):
            access.get_visible_post(m[who], engagement, draft.uuid)
        assert access.resolve_post(m[who], {"engagement": engagement.uuid, "post": review.uuid}) == review
    assert access.resolve_post(m["specialist"], {"engagement": engagement.uuid, "post": draft.uuid}) == draft


def test_the_post_day_is_in_the_engagements_time_zone(today, engagement):
    late = dt.datetime(2026, 10, 19, 22, 30, tzinfo=dt.UTC)  # 01:30 on the 20th in Bucharest
    assert services.publish_date(engagement, late) == D(2026, 10, 20)
    assert TODAY == D(2026, 10, 14)


def test_problem_messages_are_translated(today):
    from django.utils import translation

    from cadence.content.domain.captions import Problem

    with translation.override("en"):
        text = services.problem_message(Problem("too_many_hashtags", {"channel": "x", "count": 11, "max": 10}))
    assert text == "X takes at most 10 hashtags; this post has 11."
