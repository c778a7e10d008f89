"""``cadence refresh-schedules``: start the hourly refresh of the stored schedules, or run it now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadence.engagements import tasks


class Command(BaseCommand):
    help = ("Start the background chain that refreshes, every hour, the stored schedule of each engagement "
            "whose day has changed (nothing when one is already pending). With --now, refresh them here "
            "and now instead (for cron, e.g. hourly).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true",
                            help="Refresh the due schedules in this process; enqueue nothing.")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            self.stdout.write(f"{tasks.refresh_due()} schedules refreshed.")
            return
        outcome = tasks.start_chain()
        if outcome == "started":
            self.stdout.write("The hourly schedule refresh is queued for the task worker.")
        elif outcome == "pending":
            self.stdout.write("The hourly schedule refresh is already queued.")
        else:
            refreshed = tasks.refresh_due()
            self.stdout.write(f"{refreshed} schedules refreshed. The task backend cannot defer tasks: run "
                              "`refresh-schedules --now` every hour (e.g. from cron).")
