"""``cadence send-digests``: start the daily run of the notifications (tasks due tomorrow, each person's digest
of the previous day), or run it now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadence.notifications import services, tasks


class Command(BaseCommand):
    help = ("Tell assignees about the open tasks due tomorrow and email each person the digest of the previous "
            "day's notifications (those set to the daily digest). Without --now, start the background chain that "
            "does it every day (nothing when one is already pending). Running it twice sends nothing twice.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process (for cron).")
        parser.add_argument("--today", help="The day to run as (YYYY-MM-DD): digests of the day before, tasks due "
                                            "the day after.")

    def handle(self, *args: Any, now: bool = False, today: str | None = None, **options: Any) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be a date written YYYY-MM-DD.") from None
        if now or day is not None:
            self._report(services.daily(today=day))
            return
        outcome = tasks.start_chain()
        if outcome == "started":
            self.stdout.write("The daily notifications run is queued for the task worker.")
        elif outcome == "pending":
            self.stdout.write("The daily notifications run is already queued.")
        else:
            self._report(services.daily())
            self.stdout.write("The task backend cannot defer tasks: run `send-digests --now` every day.")

    def _report(self, totals: dict[str, int]) -> None:
        self.stdout.write(f"{totals['reminders']} tasks due tomorrow told; {totals['digests']} digests queued.")
