"""``cadence rebuild-summaries``: check (and by default repair) the hours kept per engagement month."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cadence.core.scoping import scopes_disabled
from cadence.engagements import readmodels
from cadence.engagements.models import Engagement


class Command(BaseCommand):
    help = ("Compare every engagement's month summaries with the sum of its live time entries and rebuild "
            "the ones that differ. With --check, only report them (exit status 1 when any differs).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Report differences; change nothing.")
        parser.add_argument("--workspace", help="Only the engagements of this workspace (its slug).")

    @scopes_disabled()  # checks the engagements of every workspace, across the tenancy backstop
    def handle(self, *args: Any, **options: Any) -> None:
        engagements = Engagement.objects.order_by("pk")
        if options["workspace"]:
            engagements = engagements.filter(workspace__slug=options["workspace"])
        wrong = 0
        for engagement in engagements.iterator():
            diff = readmodels.differences(engagement)
            if not diff:
                continue
            wrong += 1
            months = ", ".join(f"month {k}: {stored:.2f} h stored, {computed:.2f} h logged"
                               for k, (stored, computed) in diff.items())
            self.stdout.write(f"engagement {engagement.uuid}: {months}")
            if not options["check"]:
                readmodels.rebuild(engagement)
                readmodels.bump_revision(engagement)
        total = engagements.count()
        if options["check"]:
            self.stdout.write(f"{total} engagements checked, {wrong} with wrong month summaries.")
            if wrong:
                raise SystemExit(1)
        else:
            self.stdout.write(f"{total} engagements checked, {wrong} rebuilt.")
