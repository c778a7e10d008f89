"""The demo's boards: the furniture shop mid-infrastructure (every column, In progress over its WIP limit,
checklists, labels, time on cards, a campaign card held by the "Materials ready" gate), the school's recurring
tasks with their current cards, the bakery's first tasks (a reset gives the same boards: tests/core/test_demo.py)."""

from __future__ import annotations

import pytest

from cadence.board import queries
from cadence.board.models import RecurringTask, Task
from cadence.core.models import Membership
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import display_name

pytestmark = pytest.mark.django_db


def boards():
    owner = Membership.objects.select_related("workspace").get(workspace__slug="demo", role="owner")
    engagements = {e.name: e for e in visible_engagements(owner)}
    return owner, {name: queries.board(owner, engagements[name]) for name in
                   ("Online shop growth", "Student acquisition", "Social media & local ads")}


def test_the_demo_boards(demo_build):
    owner, built = boards()
    furniture = built["Online shop growth"]
    columns = {c.column: c for c in furniture.columns}
    assert all(c.count for c in furniture.columns)  # a card in every column
    assert (columns["in_progress"].count, columns["in_progress"].wip_limit, columns["in_progress"].over_limit) == \
        (3, 2, True)
    cards = [card for c in furniture.columns for card in c.cards]
    assert any(card.checklist_total and card.checklist_done < card.checklist_total for card in cards)
    assert any(card.labels for card in cards) and sum(card.logged for card in cards) > 0
    blocked = [card for card in cards if card.gate_blocked]
    assert blocked and all(card.phase_key == "campaigns" for card in blocked)
    gate = furniture.engagement.gates.get(key="materials_ready")
    assert gate.passed_on is None
    assert {card.gate_blocked for card in blocked} == {display_name(gate, fallback="ro")}
    assert columns["review"].cards[0].reviewer_name
    assert furniture.capacity and furniture.capacity[0].planned > 0
    assert any("ă" in card.title or "ț" in card.title for card in cards)  # Romanian card titles

    school = built["Student acquisition"]
    titles = {card.title for c in school.columns for card in c.cards}
    assert "Еженедельный отчёт по рекламе" in titles
    assert RecurringTask.objects.filter(engagement__name="Student acquisition").count() == 3
    assert Task.objects.filter(recurrence__isnull=False).exists()
    # its first research cards, the planned cards of the capacity view and a meeting's action item (issue 12)
    assert sum(c.count for c in built["Social media & local ads"].columns) == 8
