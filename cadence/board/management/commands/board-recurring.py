"""``cadence board-recurring``: start the hourly creation of the board's due cards, or run it now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadence.board import tasks


class Command(BaseCommand):
    help = ("Create the cards that are due on the boards: each recurring task's occurrences (within its lead "
            "time) and the task templates of phases that have begun. Without --now, start the background chain "
            "that does it every hour (nothing when one is already pending). Running it twice creates nothing new.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Create the due cards in this process (for cron).")
        parser.add_argument("--today", help="The day to create them for (YYYY-MM-DD; default: each engagement's today).")

    def handle(self, *args: Any, now: bool = False, today: str | None = None, **options: Any) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be a date written YYYY-MM-DD.") from None
        if now or day is not None:
            recurring, templates = tasks.run_due(day)
            self.stdout.write(f"{recurring} cards from recurring tasks, {templates} from task templates created.")
            return
        outcome = tasks.start_chain()
        if outcome == "started":
            self.stdout.write("The hourly creation of due cards is queued for the task worker.")
        elif outcome == "pending":
            self.stdout.write("The hourly creation of due cards is already queued.")
        else:
            recurring, templates = tasks.run_due()
            self.stdout.write(f"{recurring} cards from recurring tasks, {templates} from task templates created. "
                              "The task backend cannot defer tasks: run `board-recurring --now` every hour.")
