"""``cadence send-reports``: send the monthly reports that are due, or start the worker's hourly run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadence.reports import tasks


class Command(BaseCommand):
    help = ("Send each engagement's report of the previous month to the client's users, on the working day of the "
            "month set in the workspace's report settings (when it sends on schedule). A report that was sent is "
            "never sent again, so running it twice sends nothing new. --queue starts the task worker's hourly run "
            "instead.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD; default: each engagement's today).")
        parser.add_argument("--queue", action="store_true",
                            help="Start the hourly run in the task worker (nothing when it is queued already).")

    def handle(self, *args: Any, dry_run: bool = False, date: str | None = None, queue: bool = False,
               **options: Any) -> None:
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError("--date must be a date written YYYY-MM-DD.") from None
        if queue:
            outcome = tasks.start_chain()
            self.stdout.write({"started": "The hourly sending of due reports is queued for the task worker.",
                               "pending": "The hourly sending of due reports is already queued."}.get(
                outcome, "The task backend cannot defer tasks: run `cadence send-reports` every hour."))
            return
        results = tasks.run_due(day, dry_run=dry_run)
        for engagement, month, outcome in results:
            self.stdout.write(f"{engagement.workspace.slug}/{engagement.name} {month:%Y-%m}: {outcome}")
        sent = sum(1 for *_r, o in results if o == "sent")
        if dry_run:
            self.stdout.write(f"{len(results)} reports would be sent.")
        else:
            self.stdout.write(f"{sent} reports sent.")
