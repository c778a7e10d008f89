"""The demo workspace: built through the services, with the stories the README tells."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from cadence.core.models import AuditEntry
from cadence.engagements import queries
from cadence.engagements.models import Engagement, TimeEntry
from cadence.metrics.models import ImportBatch, MetricFact


@pytest.mark.django_db
def test_the_demo_has_a_phase_completed_below_its_estimate_and_one_awaiting_confirmation(demo_build):
    output = demo_build.output
    # core builds the people and clients, the apps' registered parts the rest (engagements, then the marketing
    # plans, the boards, the roadmaps, the files): one summary line
    entries = TimeEntry.objects.filter(workspace__slug="demo")
    summary = re.search(r"Built the demo workspace “Demo Agency”: 3 clients, (\d+) engagements, (\d+) time entries "
                        r"\(([\d.]+) h\), 2 marketing plans \(approved, in review\), \d+ cards on 3 boards "
                        r"\(\d+ from recurring tasks\), \d+ roadmap initiatives \(\d+ cards linked\), \d+ files "
                        r"\(\d+ attached to cards\)[^\n]*\n", output)
    assert summary is not None, output
    # --- budget (issue 9) ---
    assert re.search(r", \d+ budgets \(\d+ lines, \d+ months each\), ", output), output
    # --- end budget (issue 9) ---
    # --- imports (issue 10): after the budget it feeds (order 430) ---
    assert re.search(r", 20 imports \(\d+ metric rows, 1 through a column mapping, 1 waiting in the preview\)[,.]",
                     output), output
    # --- end imports (issue 10) ---
    # --- control (issue 11): the KPIs on the imports (440), then the monthly reports that show them (450) ---
    assert re.search(r", \d+ KPIs \(\d+ from the plans; [1-9]\d* on track, [1-9]\d* at risk, [1-9]\d* off track; "
                     r"\d+ entered by hand, 2 control decisions, 2 alerts\), (?:[^\n]*?, )?[1-9]\d* monthly reports sent \(their "
                     r"PDFs in the archive\), 4 drafts for this month[,.]", output), output
    # --- end control (issue 11) ---
    assert (int(summary[1]), int(summary[2])) == (Engagement.objects.count(), entries.count())
    assert Decimal(summary[3]) == entries.aggregate(s=Sum("hours"))["s"]
    assert "owner@demo.cadence.test" in output
    school = Engagement.objects.get(name="Student acquisition")
    research = school.phases.get(key="research")
    assert research.completed_on is not None
    result = queries.schedule_for(school).phase("research")
    assert result.status == "done" and result.logged_hours == Decimal("30.50")
    assert result.unused_hours == Decimal("1.50") and result.end == research.completed_on
    completed = AuditEntry.objects.get(action="phase.completed", thread=school.uuid, object_repr=str(research))
    assert Decimal(str(completed.changes["unused_hours"])) == Decimal("1.5")

    furniture = queries.schedule_for(Engagement.objects.get(name="Online shop growth"))
    assert [p.key for p in furniture.awaiting_confirmation] == ["research"]
    assert furniture.phase("research").end < furniture.phase("infrastructure").start
    # the plan approval names who approved it on the client's side
    gate = school.gates.get(key="plan_approved")
    assert gate.client_approvable and gate.approved_by.startswith("Айгерим Садыкова")


@pytest.mark.demo_reset(rebuilds=True)
@pytest.mark.django_db
def test_reset_deletes_each_apps_part_and_builds_it_again(demo_build, no_scope):
    """``manage.py demo --reset`` as a developer runs it (no workspace scope entered): every app's part is deleted,
    stored files included, and built again; the month summaries it leaves are right."""
    from cadence.board.models import Task
    from cadence.budget.models import BudgetLine
    from cadence.comments.models import Thread
    from cadence.core.scoping import scopes_disabled
    from cadence.reports.models import ReportDelivery

    def stored_files() -> set[str]:
        return ({b.file.name for b in ImportBatch.objects.filter(workspace__slug="demo")}
                | {d.pdf.name for d in ReportDelivery.objects.filter(workspace__slug="demo")})

    with scopes_disabled():
        first = set(Engagement.objects.values_list("uuid", flat=True))
        threads = set(Thread.objects.values_list("uuid", flat=True))
        tasks, lines = Task.objects.count(), BudgetLine.objects.count()
        old_files = stored_files()
    out = StringIO()
    call_command("demo", force=True, reset=True, stdout=out)
    assert "Built the demo workspace" in out.getvalue()
    summaries = StringIO()
    call_command("rebuild-summaries", "--check", stdout=summaries)
    assert "0 with wrong month summaries" in summaries.getvalue()
    with scopes_disabled():
        again = set(Engagement.objects.values_list("uuid", flat=True))
        assert len(again) == len(first) and not again & first
        # --- imports (issue 10): the old imports went (their facts with them), the new demo made its own ---
        batches = ImportBatch.objects.filter(workspace__slug="demo")
        assert batches.count() == 21 and set(batches.values_list("engagement__uuid", flat=True)) <= again
        assert MetricFact.objects.count() == MetricFact.objects.filter(engagement__uuid__in=again).count() > 0
        # the same boards and budgets, new comment threads
        assert (Task.objects.count(), BudgetLine.objects.count()) == (tasks, lines)
        new_threads = set(Thread.objects.values_list("uuid", flat=True))
        assert new_threads and not threads & new_threads
        # the stored files of the old imports and reports are gone, the new ones are there
        new_files = stored_files()
        assert old_files and new_files and not old_files & new_files
        assert not any((demo_build.media / name).exists() for name in old_files)
        assert all((demo_build.media / name).exists() for name in new_files)
