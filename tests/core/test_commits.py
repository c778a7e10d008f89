"""core.commits.once_after_commit: once per key and transaction, after the commit, and a savepoint that rolls
back gives its key back."""

import pytest
from django.db import transaction

from cadence.core import commits

pytestmark = pytest.mark.django_db


def test_once_per_key_and_only_after_the_commit(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        commits.once_after_commit(("x", 1), lambda: ran.append("x1"))
        commits.once_after_commit(("x", 1), lambda: ran.append("x1 again"))
        commits.once_after_commit(("x", 2), lambda: ran.append("x2"))
        assert ran == []
    assert ran == ["x1", "x2"]


def test_a_rolled_back_savepoint_gives_its_key_back(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            commits.once_after_commit("k", lambda: ran.append("rolled back"))
            raise RuntimeError
        commits.once_after_commit("k", lambda: ran.append("kept"))
        commits.once_after_commit("k", lambda: ran.append("twice"))
    assert ran == ["kept"]
