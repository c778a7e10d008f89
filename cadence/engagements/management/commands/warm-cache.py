"""``cadence warm-cache``: store every engagement's schedule and render its fragments, before the web starts."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadence.core.models import Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.engagements import queries, warm
from cadence.engagements.models import Engagement


class Command(BaseCommand):
    help = ("Store the schedule of every engagement that is not archived and render what its readers see "
            "first (the dashboard row, the engagement page as a manager sees it, the timeline SVG), in each "
            "language its workspace's team uses: the production start runs it before the web workers take "
            "requests, so that the first ones after a deployment do not render them all at once.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", help="Only this workspace (its slug).")

    def handle(self, *args: Any, workspace: str | None = None, **options: Any) -> None:
        started = time.perf_counter()
        with scopes_disabled():  # across workspaces: each one is then warmed in its own scope
            workspaces = list(Workspace.objects.filter(slug=workspace) if workspace else Workspace.objects.all())
        count = 0
        for ws in workspaces:
            with scope(workspace=ws):
                engagements = list(Engagement.objects.filter(workspace=ws, archived=False)
                                   .select_related("client", "template").order_by("pk"))
                for engagement in engagements:
                    queries.store_schedule(engagement)
                count += warm.warm(engagements, ws, warm.languages_of(ws))
        self.stdout.write(f"{count} engagements rendered in {time.perf_counter() - started:.1f} s.")
