"""The demo's notifications: filled in below."""

from __future__ import annotations

from typing import Any


def build(demo: Any) -> str:
    return ""


def delete(workspace: Any) -> None:
    from cadence.notifications.models import Digest, DueReminder, Notification

    Notification.objects.filter(workspace=workspace).delete()
    Digest.objects.filter(workspace=workspace).delete()
    DueReminder.objects.filter(workspace=workspace).delete()
