"""The overview's part of ``cadence demo`` (order 900: after every app whose figures the overview reads).

The overview has no rows of its own: its table shows what the other apps' demos created (the hours logged,
the schedules, the plan in review, the posts waiting, the KPIs, the budgets, the cards, the meetings and the
reports). This part sets the weekly capacity of the demo's team as an agency would (the owner, who mostly
sells, 20 hours; a part-time specialist, 30) through ``core.services.set_weekly_capacity``, and adds the larger
cards a team plans ahead (estimated, due in the coming weeks, one without a due date) through
``board.services.create_task``, so that the team's capacity shows loaded weeks, a week over capacity and free
ones. Card titles are demo data in the engagement's language, not interface text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cadence.board import services as board_services
from cadence.core import services as core_services
from cadence.core.demo import DemoWorkspace
from cadence.core.models import Role, Workspace
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import engagement_today

# Hours a week by person key (the others keep the default 40 hours).
CAPACITY = {"owner": 20, "specialist": 30}


@dataclass(frozen=True)
class Planned:
    client: str  # the demo client's key (its first engagement that is not archived)
    title: str
    who: str  # person key
    estimate: int
    due_in: int | None  # days from the engagement's today; None: no due date


CARDS = (
    Planned("furniture", "Video de prezentare a colecției de iarnă", "specialist", 24, 6),
    Planned("furniture", "Carusel cu promoțiile din ianuarie", "specialist", 12, 9),
    Planned("furniture", "Strategia de conținut pentru 2027", "manager", 20, 20),
    Planned("furniture", "Audit SEO al magazinului online", "manager", 8, None),
    Planned("school", "Настройка ремаркетинга на сайт", "specialist2", 16, 12),
    Planned("school", "Сквозная аналитика: отчёт для клиента", "specialist2", 10, 26),
    Planned("school", "Контент-план на январь", "specialist", 14, 16),
    Planned("bakery", "Propunere pentru campania de Paște", "owner", 6, 3),
    Planned("bakery", "Ședință foto pentru meniul de primăvară", "specialist", 9, 33),
)


def build(demo: DemoWorkspace) -> str:
    owner = demo.users["owner"]
    changed = 0
    for key, hours in CAPACITY.items():
        user = demo.users.get(key)
        member = demo.memberships.get(user.pk) if user is not None else None
        if member is None or member.role == Role.CLIENT or member.weekly_capacity == hours:
            continue
        core_services.set_weekly_capacity(actor=owner, member=member, hours=hours)
        changed += 1
    membership = demo.memberships[owner.pk]
    added = 0
    for card in CARDS:
        client = demo.clients.get(card.client)
        engagement = (visible_engagements(membership).filter(client=client, archived=False)
                      .order_by("start_date", "id").first()) if client is not None else None
        if engagement is None:
            continue
        from cadence.board import queries as board_queries

        if board_queries.task_titled(engagement, card.title):
            continue
        today = engagement_today(engagement)
        board_services.create_task(
            actor=owner, membership=membership, engagement=engagement, title=card.title, column="todo",
            assignee=demo.users[card.who], estimate=card.estimate,
            due=today + dt.timedelta(days=card.due_in) if card.due_in is not None else None)
        added += 1
    return f"{changed} weekly capacities set, {added} planned cards"


def delete(workspace: Workspace) -> None:
    """Nothing of its own to delete (the capacities go with the memberships, the cards with the boards)."""


