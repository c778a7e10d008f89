"""The comments' part of ``cadence demo`` (filled in below)."""

from __future__ import annotations

from cadence.comments.models import Thread
from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace


def build(demo: DemoWorkspace) -> str:
    return ""


def delete(workspace: Workspace) -> None:
    Thread.objects.filter(workspace=workspace).delete()
