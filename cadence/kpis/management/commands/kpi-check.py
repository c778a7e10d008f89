"""``cadence kpi-check``: start the daily evaluation of every engagement's KPIs, or run it now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadence.kpis import services, tasks


class Command(BaseCommand):
    help = ("Evaluate the KPIs of every engagement not archived (status, reason, alerts for a status that "
            "worsened, emailed once). Without --now, start the background chain that does it every day (nothing "
            "when one is already pending). Running it twice alerts nobody twice.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Evaluate in this process (for cron).")
        parser.add_argument("--today", help="The day to evaluate for (YYYY-MM-DD; default: each engagement's today).")

    def handle(self, *args: Any, now: bool = False, today: str | None = None, **options: Any) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be a date written YYYY-MM-DD.") from None
        if now or day is not None:
            alerts = services.evaluate_due(today=day)
            self.stdout.write(f"KPIs evaluated; {alerts} alerts created.")
            return
        outcome = tasks.start_chain()
        if outcome == "started":
            self.stdout.write("The daily KPI check is queued for the task worker.")
        elif outcome == "pending":
            self.stdout.write("The daily KPI check is already queued.")
        else:
            alerts = services.evaluate_due()
            self.stdout.write(f"KPIs evaluated; {alerts} alerts created. The task backend cannot defer tasks: run "
                              "`kpi-check --now` every day.")
