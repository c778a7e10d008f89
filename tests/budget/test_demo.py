"""The budget's part of the demo: every demo engagement gets a budget with an unspent month (carried over) and
an overspend, names in the engagement's language, through the services (audited)."""

from __future__ import annotations

import pytest

from cadence.budget import queries
from cadence.budget.models import BudgetLine
from cadence.core.models import AuditEntry
from cadence.engagements.models import Engagement


@pytest.mark.django_db
def test_the_demo_builds_a_budget_per_engagement_with_rollover_and_overspend(demo_build):
    assert "budgets (" in demo_build.output
    engagements = list(Engagement.objects.filter(workspace__slug="demo", archived=False))
    with_budget = [e for e in engagements if BudgetLine.objects.filter(engagement=e).exists()]
    assert with_budget
    for engagement in with_budget:
        view = queries.budget_view(None, engagement)
        assert len(view.months) >= 4
        rows = view.rollover
        assert any(r.row.unspent > 0 and r.row.carried_out > 0 for r in rows)
        assert any(r.row.overspent > 0 for r in rows)
        assert any(not r.row.has_actual for r in rows)  # the future shows what is planned
        assert {c for c, _ in view.categories} == {lv.line.category for lv in view.lines}
        names = " ".join(lv.line.name for lv in view.lines)
        if engagement.language == "ru":
            assert "Реклама" in names
        elif engagement.language == "ro":
            assert "Reclame" in names
    assert AuditEntry.objects.filter(action="budget.line_created").exists()
    assert BudgetLine.objects.filter(workspace__slug="demo").count() == 7 * len(with_budget)
