"""The comments' part of the demo: threads with mentions on every kind, in each engagement's language, some
internal; a reset removes them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cadence.comments.models import Comment, Mention, Thread
from cadence.core.models import Workspace


@pytest.mark.django_db
def test_the_demo_has_threads_with_mentions_in_each_language(settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("demo", force=True, stdout=out)
    assert "comment threads (" in out.getvalue(), out.getvalue()
    workspace = Workspace.objects.get(slug="demo")
    kinds = set(Thread.objects.filter(workspace=workspace).values_list("target_kind", flat=True))
    assert kinds == {"engagement", "task", "post", "kpi", "plan_section"}
    comments = Comment.objects.filter(workspace=workspace).select_related("thread__engagement")
    assert comments.filter(internal=True).exists() and Mention.objects.filter(workspace=workspace).exists()
    languages = {c.thread.engagement.language for c in comments}
    assert languages == {"ro", "ru"}
    assert any("Ziua Mamei" in c.body for c in comments) and any("каникулам" in c.body for c in comments)
    assert Thread.objects.filter(workspace=workspace, resolved_at__isnull=False).exists()
    before = set(Thread.objects.values_list("uuid", flat=True))
    call_command("demo", force=True, reset=True, stdout=StringIO())
    after = set(Thread.objects.values_list("uuid", flat=True))
    assert after and not before & after  # the reset removed the old threads, the new demo has its own
