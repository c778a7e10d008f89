"""The roadmap's part of the board app, registered with core from ``BoardConfig.ready()``: its capabilities,
audit labels, the ``initiative`` URL object, the "Roadmap" button of the engagement page, and its demo.

Lookups: ``get_initiative(engagement, uuid)`` finds an initiative of an engagement the caller already got
through ``cadence.engagements.access.get_engagement`` (another engagement's, another workspace's and a
missing one are the same 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadence import tenancy
from cadence.board.models import Initiative, InitiativeDependency, Task
from cadence.core.models import Membership, Workspace
from cadence.core.registry import Link
from cadence.engagements import queries as engagement_queries
from cadence.engagements.access import get_engagement, visible_engagements

ACTION_LABELS: dict[str, Any] = {
    "board.initiative.created": gettext_lazy("added an initiative to the roadmap"),
    "board.initiative.updated": gettext_lazy("changed an initiative of the roadmap"),
    "board.initiative.deleted": gettext_lazy("deleted an initiative of the roadmap"),
    "board.initiative.shifted": gettext_lazy("moved an initiative after the one it depends on"),
    "board.dependency.added": gettext_lazy("made an initiative depend on another"),
    "board.dependency.removed": gettext_lazy("removed a dependency between initiatives"),
}
FIELD_LABELS: dict[str, Any] = {
    "deadline": gettext_lazy("deadline"), "objective": gettext_lazy("objective it serves"),
    "predecessor": gettext_lazy("depends on"), "successor": gettext_lazy("followed by"),
    "from_plan": gettext_lazy("imported from the marketing plan"), "budget": gettext_lazy("budget"),
    "owner": gettext_lazy("owner"), "start": gettext_lazy("start"), "status": gettext_lazy("status"),
}


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role

    # roadmap.view: the whole team and the client's approver and viewer (read-only); roadmap.edit: managers.
    editors = {"roadmap.view", "roadmap.edit"}
    registry.grant({Role.OWNER: editors, Role.MANAGER: editors, Role.SPECIALIST: {"roadmap.view"}},
                   client_roles={ClientRole.APPROVER: {"roadmap.view"}, ClientRole.VIEWER: {"roadmap.view"}})
    registry.audit_labels(ACTION_LABELS, FIELD_LABELS)
    registry.url_object("initiative", resolve_initiative)
    registry.engagement_link(engagement_link)
    registry.demo("roadmap", build_demo, delete_demo, order=310)


# --- lookups --------------------------------------------------------------------------------------

def get_initiative(engagement: Any, initiative_uuid: Any) -> Initiative:
    """An initiative of ``engagement``: 404 for another engagement's, another workspace's or a missing one."""
    try:
        return Initiative.objects.select_related("owner", "engagement").get(
            workspace_id=engagement.workspace_id, engagement=engagement, uuid=tenancy.public_id(initiative_uuid))
    except Initiative.DoesNotExist:
        raise Http404 from None


def resolve_initiative(membership: Membership, params: Mapping[str, Any]) -> Initiative:
    return get_initiative(get_engagement(membership, params["engagement"]), params["initiative"])


def engagement_link(membership: Membership, engagement: Any) -> Link | None:
    """The "Roadmap" button on the engagement page, for whoever may read the roadmap (team and client)."""
    if not tenancy.can(membership, "roadmap.view", client=engagement.client):
        return None
    return Link(str(_("Roadmap")), reverse("board:roadmap", args=[membership.workspace.slug, engagement.uuid]))


# --- the demo -------------------------------------------------------------------------------------

# Per language: (title, start in days from the engagement's start, length in days, status, budget, the
# titles it depends on, words of the board's card titles that belong to it). Demo data, not UI text.
DemoInitiative = tuple[str, int, int, str, int | None, tuple[str, ...], tuple[str, ...]]
DEMO: dict[str, list[DemoInitiative]] = {
    "ro": [
        ("Audit și plan de marketing", 0, 30, "done", 1500, (), ("analiza", "concuren", "planul", "publicul", "audit")),
        ("Identitate vizuală și șabloane", 31, 40, "active", 4000, ("Audit și plan de marketing",),
         ("brand", "șablon", "fotografii", "video", "tonul", "site")),
        ("Conturi profesionale și securitate", 31, 21, "active", 500, ("Audit și plan de marketing",),
         ("conturi", "e-mail", "autentificare")),
        ("Lansarea campaniilor publicitare", 75, 45, "planned", 12000,
         ("Identitate vizuală și șabloane", "Conturi profesionale și securitate"), ("campaniilor", "reclame", "postări")),
        ("Optimizare și raport lunar", 121, 90, "planned", 3000, ("Lansarea campaniilor publicitare",),
         ("raport", "kpi", "optimiz")),
    ],
    "ru": [
        ("Аудит и маркетинговый план", 0, 30, "done", 150000, (), ("аудит и", "маркетинговый план", "конкурент")),
        ("Фирменный стиль и шаблоны", 31, 35, "active", 400000, ("Аудит и маркетинговый план",),
         ("шаблон", "бренд", "фото", "стил")),
        ("Запуск рекламных кампаний", 70, 40, "planned", 1200000, ("Фирменный стиль и шаблоны",),
         ("запуск",)),
        ("Оптимизация и отчётность", 111, 240, "planned", None, ("Запуск рекламных кампаний",),
         ("оптимизац", "креатив", "лендинг", "a/b", "ремаркетинг", "отчёт", "kpi")),
    ],
    "en": [
        ("Audit and marketing plan", 0, 30, "active", 1500, (), ("audit", "plan", "competitor")),
        ("Brand book and templates", 31, 35, "planned", 4000, ("Audit and marketing plan",),
         ("brand", "template", "photo")),
        ("Launch of the ad campaigns", 70, 40, "planned", 10000, ("Brand book and templates",), ("campaign", "ads")),
    ],
}


def delete_demo(workspace: Workspace) -> None:
    """Before the demo workspace is deleted: the initiatives and their dependencies (tasks keep theirs: null)."""
    InitiativeDependency.objects.filter(workspace=workspace).delete()
    Initiative.objects.filter(workspace=workspace).delete()


def _link_tasks(manager: Any, membership: Membership, engagement: Any, by_words: list[tuple[Initiative, tuple[str, ...]]]
                ) -> int:
    """Cards of the board's demo whose titles name an initiative's words join it (through the board's own
    service). Returns how many."""
    tasks = list(Task.objects.filter(engagement=engagement, initiative__isnull=True).order_by("id"))
    matches = []
    for task in tasks:
        title = task.title.lower()
        found = next((i for i, words in by_words if any(w in title for w in words)), None)
        if found is not None:
            matches.append((task, found))
    if not matches:
        return 0
    from cadence.board import services as board_services  # type: ignore[attr-defined, unused-ignore]

    for task, initiative in matches:
        board_services.update_task(actor=manager, membership=membership, task=task, initiative=initiative)
    return len(matches)


def _demo_status(start: dt.date, deadline: dt.date, today: dt.date, usual: str) -> str:
    """Where the engagement is today: finished work is done, except work that ended in the last three weeks
    and was "active" in the plan (still open: the roadmap shows it late); current work is active."""
    if deadline < today:
        return "active" if usual == "active" and (today - deadline).days <= 21 else "done"
    return "active" if start <= today else "planned"


def build_demo(demo: Any) -> str:
    """3 to 5 initiatives per demo engagement, in its language, with dependencies; the board's demo cards whose
    titles belong to one are linked to it. Through the services, as a manager would do it."""
    from cadence.board import initiative_services as services

    manager = demo.users["manager"]
    membership = demo.memberships[manager.pk]
    count = linked = 0
    for engagement in visible_engagements(membership).filter(archived=False).order_by("start_date", "id"):
        if Initiative.objects.filter(engagement=engagement).exists():
            continue
        made: dict[str, Initiative] = {}
        words: list[tuple[Initiative, tuple[str, ...]]] = []
        today = engagement_queries.engagement_today(engagement)
        for title, offset, days, status, budget, after, keys in DEMO.get(engagement.language, DEMO["en"]):
            start = engagement.start_date + dt.timedelta(days=offset)
            status = _demo_status(start, start + dt.timedelta(days=days), today, status)
            initiative = services.create_initiative(
                actor=manager, membership=membership, engagement=engagement, title=title, start=start,
                deadline=start + dt.timedelta(days=days), status=status, owner=manager,
                budget=Decimal(budget) if budget is not None else None)
            for name in after:
                services.add_dependency(actor=manager, membership=membership, predecessor=made[name],
                                        successor=initiative)
            made[title] = initiative
            words.append((initiative, keys))
            count += 1
        linked += _link_tasks(manager, membership, engagement, words)
    return f"{count} roadmap initiatives ({linked} cards linked)"
