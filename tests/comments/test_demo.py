"""The comments' part of the demo: threads with mentions on every kind, in each engagement's language, some
internal (a reset replaces them: tests/core/test_demo.py)."""

from __future__ import annotations

import pytest

from cadence.comments.models import Comment, Mention, Thread
from cadence.core.models import Workspace


@pytest.mark.django_db
def test_the_demo_has_threads_with_mentions_in_each_language(demo_build):
    assert "comment threads (" in demo_build.output, demo_build.output
    workspace = Workspace.objects.get(slug="demo")
    kinds = set(Thread.objects.filter(workspace=workspace).values_list("target_kind", flat=True))
    assert kinds == {"engagement", "task", "post", "kpi", "plan_section"}
    comments = Comment.objects.filter(workspace=workspace).select_related("thread__engagement")
    assert comments.filter(internal=True).exists() and Mention.objects.filter(workspace=workspace).exists()
    languages = {c.thread.engagement.language for c in comments}
    assert languages == {"ro", "ru"}
    assert any("Ziua Mamei" in c.body for c in comments) and any("каникулам" in c.body for c in comments)
    assert Thread.objects.filter(workspace=workspace, resolved_at__isnull=False).exists()
