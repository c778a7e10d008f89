from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Files go to a fresh directory per test (local disk; tests/files/test_s3.py switches to S3)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    yield


@pytest.fixture
def membership_of(workspace):
    from cadence.core.models import Membership

    def _get(user):
        return Membership.objects.get(workspace=workspace, user=user)

    return _get
