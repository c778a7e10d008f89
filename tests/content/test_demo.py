"""The content calendar's part of the demo: a month of posts per engagement in every status, in the
engagement's language, a frequency plan, a review with a comment and a post sent back after an edit."""

from __future__ import annotations

import re

import pytest

from cadence.content.domain import captions
from cadence.content.models import FrequencyPlan, Post, PostMedia, PostReview
from cadence.core.models import AuditEntry
from cadence.engagements.models import Engagement

pytestmark = pytest.mark.django_db
STATUSES = {"idea", "draft", "in_review", "approved", "scheduled", "published"}


def test_the_demo_calendars(demo_build):
    found = re.search(r"(\d+) posts on (\d+) content calendars", demo_build.output)
    assert found is not None, demo_build.output
    assert int(found[1]) == Post.objects.count() and int(found[2]) == Engagement.objects.count() >= 3
    for engagement in Engagement.objects.all():
        posts = list(Post.objects.filter(engagement=engagement))
        assert {p.status for p in posts} == STATUSES, engagement.name
        assert len(posts) >= 10
        spread = sorted(p.publish_at for p in posts if p.publish_at)
        assert (spread[-1] - spread[0]).days >= 28  # a month of posts
        # every post that left draft is publishable on its network
        for post in posts:
            if post.status not in ("idea", "draft"):
                assert captions.check(post.channel, post.format, post.caption, post.hashtags,
                                      PostMedia.objects.filter(post=post).count()) == [], post.title
        texts = " ".join(p.caption for p in posts)
        if engagement.language == "ru":
            assert re.search(r"[а-яё]", texts) and not re.search(r"[ăîâșț]", texts)
        else:
            assert re.search(r"[ăîâșț]", texts) and not re.search(r"[а-яё]", texts)
        assert sorted(FrequencyPlan.objects.filter(engagement=engagement).values_list("channel", "per_week")) == [
            ("facebook", 2), ("instagram", 3), ("tiktok", 2)]
        changes = PostReview.objects.get(post__engagement=engagement, decision="changes_requested")
        assert changes.comment and changes.post.status == "draft"
        assert changes.reviewer.memberships.get().is_client
        sent_back = AuditEntry.objects.get(action="post.sent_back", thread=engagement.uuid)
        post = Post.objects.get(uuid=sent_back.object_id)
        assert post.status == "in_review" and post.revision == 2 and post.approved_revision == 1
        assert PostMedia.objects.filter(post__engagement=engagement).exists()
        scheduled = Post.objects.filter(engagement=engagement, status__in=("scheduled", "published"))
        assert all(p.approved_revision == p.revision for p in scheduled)


def test_the_admin_shows_the_demo_posts(demo_build, client):
    from django.contrib import admin
    from django.urls import reverse

    from cadence.accounts.models import User

    staff = User.objects.create_superuser("staff@cadence.test", "pw-Cadence-2026")
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    for model in (m for m in admin.site._registry if m._meta.app_label == "content"):
        meta = model._meta
        assert client.get(reverse(f"admin:content_{meta.model_name}_changelist")).status_code == 200, meta.label
        obj = model._default_manager.first()
        assert obj is not None, meta.label
        assert client.get(reverse(f"admin:content_{meta.model_name}_change", args=[obj.pk])).status_code == 200
