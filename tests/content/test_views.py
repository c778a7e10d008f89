"""The calendar's pages: every page for the roles that may see it (in English, Romanian and Russian),
outsiders 404, weak roles 403, wrong methods 405, client users never reach a draft, another engagement's
post is a 404, the post form (time zone, formats, bad input changes nothing), approval and "send back",
the settings and the frequency plan, the navigation and the engagement page's button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cadence.content.models import ContentSettings, FrequencyPlan, Post, PostReview
from tests.content.cal_fixtures import post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(dt.date(2026, 11, 2))


def url(name, engagement, *args):
    return reverse(f"content:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


@pytest.fixture
def posts(engagement):
    return {
        "draft": post(engagement, day=dt.date(2026, 11, 4), status="draft", title="Draft post"),
        "idea": post(engagement, status="idea", title="Idea post"),
        "review": post(engagement, day=dt.date(2026, 11, 5), status="in_review", title="Review post",
                       caption="Our autumn menu is here. " * 10, hashtags=["autumn", "brunch"]),
        "scheduled": post(engagement, day=dt.date(2026, 11, 6), status="scheduled", title="Scheduled post",
                          channel="linkedin", fmt="text"),
    }


@pytest.fixture
def other_engagement(workspace, other_client, owner):
    from decimal import Decimal

    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    return services.create_engagement(
        actor=owner, workspace=workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Other retainer",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")


# --- who sees what ------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["calendar", "calendar-week", "calendar-list"])
@pytest.mark.parametrize("lang", ["en", "ro", "ru"])
def test_the_calendar_pages_render_for_every_role(client, login, engagement, posts, owner, manager, specialist,
                                                  approver, viewer, page, lang):
    client.cookies["django_language"] = lang
    for user in (owner, manager, specialist, approver, viewer):
        login(client, user)
        response = client.get(url(page, engagement) + "?month=2026-11&day=2026-11-04")
        assert response.status_code == 200, (user.email, page)
        text = response.content.decode()
        assert f'lang="{lang}"' in text
        assert "Review post" in text
        if user in (approver, viewer):
            assert "Draft post" not in text and "Idea post" not in text
        elif page != "calendar-week":
            assert "Draft post" in text


def test_the_month_shows_chips_slots_and_keeps_filters(client, login, engagement, posts, manager, approver):
    FrequencyPlan.objects.create(workspace=engagement.workspace, engagement=engagement, channel="instagram",
                                 per_week=2, weekdays=[1, 3])
    login(client, manager)
    text = client.get(url("calendar", engagement) + "?month=2026-11&channel=instagram").content.decode()
    assert "Scheduled post" not in text  # LinkedIn, filtered out
    assert "Review post" in text
    # the week of 2 November has its two Instagram posts; the week of 9 November has none
    assert "+ Instagram" in text and "?day=2026-11-10&amp;channel=instagram" in text
    assert "?day=2026-11-03&amp;channel=instagram" not in text
    assert "month=2026-10&amp;channel=instagram" in text  # previous month keeps the filter
    assert url("calendar-week", engagement) + "?channel=instagram" in text  # so does the week view
    login(client, approver)
    text = client.get(url("calendar", engagement) + "?month=2026-11").content.decode()
    assert "+ Instagram" not in text
    assert url("post-new", engagement) not in text


def test_outsiders_get_404_and_anonymous_users_the_login(client, login, engagement, posts, outsider):
    for name, args in (("calendar", ()), ("post-detail", (posts["review"].uuid,)), ("post-new", ()),
                       ("calendar-settings", ())):
        client.logout()
        response = client.get(url(name, engagement, *args))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        login(client, outsider)
        assert client.get(url(name, engagement, *args)).status_code == 404


def test_weak_roles_get_403(client, login, engagement, posts, specialist, approver, viewer):
    review = posts["review"].uuid
    login(client, specialist)
    assert client.get(url("calendar-settings", engagement)).status_code == 403
    assert client.get(url("calendar-frequency", engagement)).status_code == 403
    assert client.post(url("post-approve", engagement, review)).status_code == 403
    login(client, viewer)
    assert client.get(url("post-new", engagement)).status_code == 403
    assert client.post(url("post-approve", engagement, review)).status_code == 403
    assert client.post(url("post-request-changes", engagement, review), {"comment": "x"}).status_code == 403
    login(client, approver)
    assert client.get(url("post-edit", engagement, review)).status_code == 403
    assert client.post(url("post-delete", engagement, review)).status_code == 403
    assert client.post(url("post-status", engagement, review), {"status": "draft"}).status_code == 403
    assert Post.objects.get(uuid=review).status == "in_review"


def test_wrong_methods_get_405(client, login, engagement, posts, manager, approver):
    login(client, manager)
    review = posts["review"].uuid
    assert client.post(url("calendar", engagement)).status_code == 405
    assert client.post(url("post-detail", engagement, review)).status_code == 405
    assert client.get(url("post-status", engagement, review)).status_code == 405
    assert client.get(url("post-delete", engagement, review)).status_code == 405
    login(client, approver)
    assert client.get(url("post-approve", engagement, review)).status_code == 405
    assert client.get(url("post-request-changes", engagement, review)).status_code == 405
    assert client.post(reverse("content:approvals", args=[engagement.workspace.slug])).status_code == 405


def test_client_users_never_reach_a_draft_or_an_idea(client, login, engagement, posts, approver, viewer):
    for user in (approver, viewer):
        login(client, user)
        for key in ("draft", "idea"):
            assert client.get(url("post-detail", engagement, posts[key].uuid)).status_code == 404
        assert client.get(url("post-detail", engagement, posts["review"].uuid)).status_code == 200


def test_another_engagements_post_is_a_404(client, login, engagement, other_engagement, manager, approver):
    theirs = post(other_engagement, day=dt.date(2026, 11, 4), status="in_review", title="Theirs")
    for user in (manager, approver):
        login(client, user)
        for name in ("post-detail", "post-edit"):
            assert client.get(url(name, engagement, theirs.uuid)).status_code == 404
        bad = url("post-detail", engagement, theirs.uuid).replace(str(theirs.uuid), "not-a-uuid")
        assert client.get(bad).status_code == 404
    login(client, approver)  # the approver has no access to the other client: the engagement itself is a 404
    assert client.get(url("calendar", other_engagement)).status_code == 404
    assert client.post(url("post-approve", engagement, theirs.uuid)).status_code == 404
    assert Post.objects.get(pk=theirs.pk).status == "in_review"


# --- the post form ------------------------------------------------------------------------------

def form_data(**over):
    data = {"channel": "instagram", "format": "image", "title": "Pumpkin latte", "publish_date": "2026-11-12",
            "publish_time": "18:30", "caption": "Pumpkin latte is back 🎃", "hashtags": "#autumn latte",
            "link": "", "objective": "", "initiative": "", "phase": "", "assignee": "",
            "status": "draft"}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_a_new_post_is_saved_in_the_engagements_time_zone(client, login, engagement, specialist):
    login(client, specialist)
    page = client.get(url("post-new", engagement) + "?day=2026-11-12&channel=linkedin")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="content-limits"' in text and 'value="2026-11-12"' in text
    assert '<option value="linkedin" selected>' in text
    response = client.post(url("post-new", engagement), form_data())
    assert response.status_code == 302
    created = Post.objects.get(engagement=engagement, title="Pumpkin latte")
    assert created.publish_at == dt.datetime(2026, 11, 12, 16, 30, tzinfo=dt.UTC)  # 18:30 EET (UTC+2)
    assert created.hashtags == ["autumn", "latte"]
    assert response["Location"] == url("post-detail", engagement, created.uuid)


@pytest.mark.parametrize(("over", "field"), [
    ({"format": "article"}, "format"),                 # Instagram takes no articles
    ({"channel": "myspace"}, "channel"),
    ({"publish_date": "2026-02-30"}, "publish_date"),
    ({"publish_date": "", "publish_time": "10:00"}, "publish_date"),
    ({"publish_time": "25:99"}, "publish_time"),
    ({"caption": "bad\x07bell"}, "caption"),
    ({"title": "a\x00b"}, "title"),
    ({"media_files": ["00000000-0000-0000-0000-000000000000"]}, "media_files"),
    ({"link": "00000000-0000-0000-0000-000000000000"}, "link"),
    ({"assignee": "not-a-member"}, "assignee"),
    ({"status": "published"}, "status"),
    ({"hashtags": "#fine not!a-tag"}, "hashtags"),
    ({"hashtags": "#" + "a" * 200}, "hashtags"),
])
def test_bad_input_is_refused_on_its_field_and_saves_nothing(client, login, engagement, manager, over, field):
    login(client, manager)
    response = client.post(url("post-new", engagement), form_data(**over))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Post.objects.filter(engagement=engagement).exists()


def test_the_edit_form_round_trips(client, login, engagement, posts, manager):
    login(client, manager)
    draft = posts["draft"]
    page = client.get(url("post-edit", engagement, draft.uuid))
    form = page.context["form"]
    assert form.initial["publish_time"] == dt.time(10, 0) and form.initial["publish_date"] == dt.date(2026, 11, 4)
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["caption"] = "A new caption"
    response = client.post(url("post-edit", engagement, draft.uuid), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    draft.refresh_from_db()
    assert draft.caption == "A new caption"


# --- review -------------------------------------------------------------------------------------

def test_the_approver_sees_the_decision_forms_and_the_viewer_does_not(client, login, engagement, posts, approver,
                                                                       viewer, manager):
    review = posts["review"].uuid
    login(client, approver)
    text = client.get(url("post-detail", engagement, review)).content.decode()
    assert url("post-approve", engagement, review) in text and url("post-request-changes", engagement, review) in text
    assert "pv-instagram" in text and "#autumn" in text
    for user in (viewer, manager):
        login(client, user)
        text = client.get(url("post-detail", engagement, review)).content.decode()
        assert url("post-approve", engagement, review) not in text


def test_send_back_needs_a_comment(client, login, engagement, posts, approver):
    login(client, approver)
    review = posts["review"]
    response = client.post(url("post-request-changes", engagement, review.uuid), {"comment": "   "})
    assert response.status_code == 400
    assert "comment" in response.context["changes_form"].errors
    review.refresh_from_db()
    assert review.status == "in_review" and not PostReview.objects.filter(post=review).exists()


def test_the_approver_approves_and_sends_back(client, login, engagement, posts, approver, manager):
    login(client, approver)
    review = posts["review"]
    response = client.post(url("post-approve", engagement, review.uuid), {"comment": "Lovely"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "approved"
    other = post(engagement, day=dt.date(2026, 11, 7), status="in_review", title="Second")
    client.post(url("post-request-changes", engagement, other.uuid), {"comment": "Use the new logo, please."})
    other.refresh_from_db()
    assert other.status == "draft"
    login(client, manager)
    text = client.get(url("post-detail", engagement, other.uuid)).content.decode()
    assert "Use the new logo, please." in text


# --- set-up -------------------------------------------------------------------------------------

def test_settings_toggle_approval(client, login, engagement, manager):
    login(client, manager)
    assert client.get(url("calendar-settings", engagement)).status_code == 200
    response = client.post(url("calendar-settings", engagement), {})
    assert response.status_code == 302
    assert ContentSettings.objects.get(engagement=engagement).approval_required is False
    client.post(url("calendar-settings", engagement), {"approval_required": "on"})
    assert ContentSettings.objects.get(engagement=engagement).approval_required is True


def test_the_frequency_plan(client, login, engagement, manager):
    login(client, manager)
    assert client.get(url("calendar-frequency", engagement)).status_code == 200
    response = client.post(url("calendar-frequency", engagement), {"instagram-per_week": "3",
                                                                   "instagram-days": ["0", "2", "4"],
                                                                   "linkedin-per_week": "1"})
    assert response.status_code == 302
    rows = {r.channel: (r.per_week, r.weekdays) for r in FrequencyPlan.objects.filter(engagement=engagement)}
    assert rows == {"instagram": (3, [0, 2, 4]), "linkedin": (1, [])}
    # bad input changes nothing
    for bad in ({"instagram-per_week": "999"}, {"instagram-per_week": "-1"}, {"instagram-days": ["9"]},
                {"instagram-per_week": "1e9"}):
        response = client.post(url("calendar-frequency", engagement), {"instagram-per_week": "3", **bad})
        assert response.status_code == 200
        assert {r.channel: (r.per_week, r.weekdays)
                for r in FrequencyPlan.objects.filter(engagement=engagement)} == rows
    client.post(url("calendar-frequency", engagement), {"instagram-per_week": "0", "linkedin-per_week": "1"})
    assert list(FrequencyPlan.objects.filter(engagement=engagement).values_list("channel", flat=True)) == ["linkedin"]


# --- navigation ---------------------------------------------------------------------------------

def test_approvals_nav_only_for_client_approvers(client, login, engagement, owner, manager, specialist, approver,
                                                 viewer):
    inbox = reverse("content:approvals", args=[engagement.workspace.slug])
    dashboard = reverse("core:dashboard", args=[engagement.workspace.slug])
    for user, shown in ((owner, False), (manager, False), (specialist, False), (approver, True), (viewer, False)):
        login(client, user)
        text = client.get(dashboard).content.decode()
        assert (f'href="{inbox}"' in text) is shown, user.email


def test_the_inbox_lists_what_waits(client, login, engagement, posts, approver):
    login(client, approver)
    text = client.get(reverse("content:approvals", args=[engagement.workspace.slug])).content.decode()
    assert "Review post" in text and "Scheduled post" not in text and "Draft post" not in text


def test_the_engagement_page_links_the_calendar(client, login, engagement, owner, specialist, approver, viewer):
    page = reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid])
    for user in (owner, specialist, approver, viewer):
        login(client, user)
        assert url("calendar", engagement) in client.get(page).content.decode(), user.email


def test_without_client_approval_a_manager_decides_and_the_approver_is_refused(client, login, engagement, posts,
                                                                                manager, approver, specialist):
    ContentSettings.objects.create(workspace=engagement.workspace, engagement=engagement, approval_required=False)
    review = posts["review"]
    login(client, approver)
    page = client.get(url("post-detail", engagement, review.uuid)).content.decode()
    assert url("post-approve", engagement, review.uuid) not in page
    response = client.post(url("post-approve", engagement, review.uuid), follow=True)
    assert "an owner or a manager decides" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "in_review"
    login(client, specialist)
    assert url("post-approve", engagement, review.uuid) not in client.get(
        url("post-detail", engagement, review.uuid)).content.decode()
    login(client, manager)
    page = client.get(url("post-detail", engagement, review.uuid)).content.decode()
    assert url("post-approve", engagement, review.uuid) in page
    client.post(url("post-approve", engagement, review.uuid), {"revision": str(review.revision)})
    review.refresh_from_db()
    assert review.status == "approved" and review.approved_by == manager


def test_a_stale_decision_is_refused(client, login, engagement, posts, approver):
    login(client, approver)
    review = posts["review"]
    response = client.post(url("post-approve", engagement, review.uuid), {"revision": str(review.revision + 1)},
                           follow=True)
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.status == "in_review"


def test_the_status_buttons_follow_the_workflow(client, login, engagement, posts, manager):
    login(client, manager)
    statuses = {"draft": ["in_review", "idea"], "review": ["draft", "idea"], "scheduled": ["published", "draft", "idea"]}
    for key, expected_moves in statuses.items():
        response = client.get(url("post-detail", engagement, posts[key].uuid))
        assert [value for value, _label in response.context["moves"]] == expected_moves, key
    # a move the workflow refuses (scheduling a post the client has not approved) is a message, not an error
    response = client.post(url("post-status", engagement, posts["review"].uuid), {"status": "scheduled"}, follow=True)
    assert response.status_code == 200
    posts["review"].refresh_from_db()
    assert posts["review"].status == "in_review"
    response = client.post(url("post-status", engagement, posts["review"].uuid), {"status": "bogus"}, follow=True)
    assert response.status_code == 200


# --- media and query counts -------------------------------------------------------------------------

@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def test_media_are_picked_with_thumbnails_and_previewed(client, login, engagement, manager, approver, _media):
    from cadence.files import services as files
    from tests.content.cal_fixtures import m_of
    from tests.files.samples import png, upload

    logo = files.upload(actor=manager, membership=m_of(manager, engagement), engagement=engagement,
                        uploaded=upload("logo.png", png()))
    shop = files.upload(actor=manager, membership=m_of(manager, engagement), engagement=engagement,
                        uploaded=upload("shop.png", png((40, 40))))
    login(client, manager)
    page = client.get(url("post-new", engagement)).content.decode()
    assert f'value="{logo.uuid}"' in page and f'value="{shop.uuid}"' in page
    assert page.count('class="media-option"') == 2 and "<img src=" in page
    client.post(url("post-new", engagement), form_data(format="carousel", media_files=[str(shop.uuid), str(logo.uuid)],
                                                       status="draft"))
    created = Post.objects.get(engagement=engagement, title="Pumpkin latte")
    assert {m.file_id for m in created.media.all()} == {logo.pk, shop.pk}
    Post.objects.filter(pk=created.pk).update(status="in_review")
    login(client, approver)
    text = client.get(url("post-detail", engagement, created.uuid)).content.decode()
    assert text.count('<img src="/w/') >= 2 and "pv-count" in text  # the carousel's "1/2"


def test_the_month_page_costs_the_same_with_10_and_200_posts(client, login, engagement, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FrequencyPlan.objects.create(workspace=engagement.workspace, engagement=engagement, channel="instagram",
                                 per_week=3, weekdays=[0, 2, 4])
    login(client, manager)

    def make(n):
        for i in range(n):
            post(engagement, day=dt.date(2026, 11, 1) + dt.timedelta(days=i % 30), hour=8 + i % 12,
                 status=("draft", "in_review", "idea")[i % 3], title=f"Post {i}")

    def count(page):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(page, engagement) + "?month=2026-11&day=2026-11-04").status_code == 200
        return len(ctx.captured_queries)

    make(10)
    few = {page: count(page) for page in ("calendar", "calendar-week", "calendar-list")}
    make(190)
    many = {page: count(page) for page in ("calendar", "calendar-week", "calendar-list")}
    assert few == many


def test_a_services_refusal_shows_on_its_field(client, login, engagement, posts, manager):
    login(client, manager)
    review = posts["review"]
    page = client.get(url("post-edit", engagement, review.uuid))
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in ((n, form.initial.get(n)) for n in form.fields)}
    data["caption"] = "x" * 2300  # Instagram takes 2 200 characters with the hashtags
    response = client.post(url("post-edit", engagement, review.uuid), data)
    assert response.status_code == 200
    assert "caption" in response.context["form"].errors, response.context["form"].errors
    review.refresh_from_db()
    assert review.caption.startswith("Our autumn menu")
    data["caption"], data["publish_date"] = "Fine", "2101-01-01"  # beyond the services' latest date
    response = client.post(url("post-edit", engagement, review.uuid), data)
    assert response.status_code == 200 and "publish_date" in response.context["form"].errors


def test_a_nav_capability_granted_by_a_client_role_reaches_that_client_user_only(workspace, approver, viewer,
                                                                                  manager, other_client):
    from cadence.core import registry
    from cadence.core.models import ClientAccess, ClientRole, Membership

    def names(user):
        return [i.url_name for i in registry.nav_items(Membership.objects.get(workspace=workspace, user=user))]

    assert "content:approvals" in names(approver)
    assert "content:approvals" not in names(viewer) and "content:approvals" not in names(manager)
    # an approver of one client and viewer of another still approves
    ClientAccess.objects.create(workspace=workspace, membership=Membership.objects.get(user=viewer),
                                client=other_client, role=ClientRole.APPROVER)
    assert "content:approvals" in names(viewer)


def test_the_list_pages_and_sorts(client, login, engagement, manager):
    for i in range(30):
        post(engagement, day=dt.date(2026, 11, 1) + dt.timedelta(days=i), title=f"List post {i:02d}")
    login(client, manager)
    first = client.get(url("calendar-list", engagement) + "?channel=instagram")
    assert [r.chip.title for r in first.context["rows"]][:2] == ["List post 00", "List post 01"]
    assert len(first.context["rows"]) == 25 and "page=2&amp;channel=instagram" in first.content.decode()
    second = client.get(url("calendar-list", engagement) + "?page=2&channel=instagram")
    assert len(second.context["rows"]) == 5
    newest = client.get(url("calendar-list", engagement) + "?sort=-date")
    assert newest.context["rows"][0].chip.title == "List post 29"
    assert client.get(url("calendar-list", engagement) + "?page=999&sort=bogus").status_code == 200


def test_client_users_never_see_the_draft_plans_objectives(client, login, engagement, posts, owner, manager,
                                                           approver):
    from cadence.plans import services as plans
    from tests.content.cal_fixtures import m_of

    plan = plans.ensure_plan(actor=owner, engagement=engagement)
    objective = plans.create_record(actor=owner, membership=m_of(owner, engagement), plan=plan, kind="objective",
                                    data={"title": "Draft objective Zephyr", "department": "sales", "best": "150.5"})
    Post.objects.filter(pk=posts["review"].pk).update(objective_uid=objective.uuid)
    login(client, manager)
    assert "Draft objective Zephyr" in client.get(url("calendar", engagement)).content.decode()
    login(client, approver)
    assert "Draft objective Zephyr" not in client.get(url("calendar", engagement)).content.decode()
    assert "Draft objective Zephyr" not in client.get(url("post-detail", engagement,
                                                          posts["review"].uuid)).content.decode()
