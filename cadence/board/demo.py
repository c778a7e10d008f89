"""The board's part of ``cadence demo`` (registered in ``registration.py``), after the engagements' history:

* the furniture shop (Romanian), mid-infrastructure: cards in every column, "In progress" one over its WIP
  limit, checklists, labels, a card in review with its reviewer, time from the history linked to its cards,
  and a campaign card blocked by the "Materials ready" gate;
* the school (Russian), running optimisation: a weekly ads report, a monthly KPI import and a monthly review
  as recurring tasks (their current cards created), creatives and a landing page in review;
* the bakery (Romanian), two weeks in: its first research tasks.

Everything goes through the services, as the team would do it. Card texts are demo data in each engagement's
language (not UI text, so not in the catalogs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cadence.board import services
from cadence.board.models import Label, RecurringTask, Task, TaskTemplate, TaskTime
from cadence.core import clock
from cadence.core.demo import CLIENTS, DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements

LABELS = {"urgent": ("Urgent", "#dc2626"), "client": ("Client", "#d97706"), "media": ("Foto/Video", "#7c3aed")}


@dataclass(frozen=True)
class Card:
    title: str
    column: str
    phase: str
    who: str = "specialist"  # a demo person key
    role: str = ""
    estimate: int | None = None
    due_in: int | None = None  # days from today (negative: overdue)
    labels: tuple[str, ...] = ()
    checklist: tuple[tuple[str, bool], ...] = ()
    description: str = ""
    reviewer: str = ""
    time_entries: int = 0  # entries of the card's phase (from the history) linked to it


@dataclass(frozen=True)
class Rule:
    title: str
    kind: str
    phase: str
    who: str
    role: str
    estimate: int
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    lead_days: int = 0
    due_after_days: int = 0
    labels: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Board:
    client: str
    engagement: str
    wip: Mapping[str, int]
    cards: tuple[Card, ...]
    rules: tuple[Rule, ...] = ()


FURNITURE = Board("furniture", "Online shop growth", {"in_progress": 2, "review": 3}, (
    Card("Analiza afacerii și a concurenților", "done", "research", "manager", "strategist", 12,
         checklist=(("Statistici site și rețele sociale", True), ("Trei concurenți principali", True)),
         time_entries=3),
    Card("Planul de marketing pentru 3-6 luni", "done", "research", "manager", "strategist", 12, time_entries=2),
    Card("Conturi: nume profesionale, e-mail de firmă, autentificare în doi pași", "done", "infrastructure",
         "specialist", "account", 3, checklist=(("Nume profesionale pe fiecare rețea", True),
                                                 ("Adresă de e-mail de firmă", True),
                                                 ("Autentificare în doi pași pe fiecare cont", True)), time_entries=1),
    Card("Ghidul de brand (brand book)", "review", "infrastructure", "specialist", "designer", 6, due_in=2,
         labels=("client",), reviewer="manager", time_entries=2,
         checklist=(("Logo și variante", True), ("Paleta de culori", True), ("Fonturi", True)),
         description="Ghidul complet: logo, culori, fonturi, **exemple de postări**. Trimis clientului spre aprobare."),
    Card("Fotografii de produs pentru catalog", "in_progress", "infrastructure", "specialist", "video", 10, due_in=5,
         labels=("media",), time_entries=2,
         checklist=(("Colecția Codru (12 piese)", True), ("Colecția Nistru (8 piese)", False),
                    ("Retușare și export web", False))),
    Card("Șabloane pentru postări și stories", "in_progress", "infrastructure", "specialist2", "designer", 4,
         due_in=3, time_entries=1),
    Card("Modificări pe site: pagina colecției noi", "in_progress", "infrastructure", "specialist", "developer", 10,
         due_in=-1, labels=("urgent",), time_entries=1,
         description="Pagina colecției, filtre după material și **butonul de comandă** vizibil pe mobil."),
    Card("Video de prezentare a showroomului", "on_hold", "infrastructure", "specialist2", "video", 6,
         labels=("client", "media"), description="Așteptăm ziua de filmare confirmată de client."),
    Card("Tonul comunicării", "todo", "infrastructure", "manager", "copywriter", 3, due_in=7),
    Card("Feed de catalog pentru reclame", "todo", "infrastructure", "specialist2", "ads", 4, due_in=10),
    Card("Lansarea campaniilor Meta Ads și Google Ads", "backlog", "campaigns", "specialist2", "ads", 6),
    Card("Primele postări pe Facebook și Instagram", "backlog", "campaigns", "specialist", "community", 4),
))

SCHOOL = Board("school", "Student acquisition", {"in_progress": 3}, (
    Card("Оптимизация кампаний в Meta Ads: новые аудитории", "in_progress", "optimisation", "specialist2", "ads", 6,
         due_in=2, time_entries=2, checklist=(("Похожие аудитории 1%", True), ("Исключить текущих учеников", False))),
    Card("Новые креативы для TikTok", "review", "optimisation", "specialist", "designer", 5, due_in=1,
         reviewer="manager", labels=("media",), time_entries=1),
    Card("Лендинг зимнего курса", "review", "optimisation", "specialist", "developer", 8, due_in=3,
         reviewer="owner", labels=("urgent",), time_entries=1,
         description="Лендинг к **зимним каникулам**: программа, цены, форма записи."),
    Card("A/B-тест заголовков объявлений", "todo", "optimisation", "specialist2", "ads", 3, due_in=6),
    Card("Ремаркетинг для посетителей сайта", "backlog", "optimisation", "specialist2", "ads", 4),
    Card("Отчёт KPI за прошлый месяц", "done", "optimisation", "manager", "analyst", 4, time_entries=1),
), rules=(
    Rule("Еженедельный отчёт по рекламе", "weekly", "optimisation", "specialist2", "analyst", 2, weekdays=(0,),
         due_after_days=1),
    Rule("Ежемесячный импорт KPI", "monthly", "optimisation", "manager", "analyst", 1, month_day=1, lead_days=2),
    Rule("Ежемесячный обзор результатов с клиентом", "monthly", "optimisation", "manager", "account", 2,
         month_day=28, lead_days=5, due_after_days=2),
))

BAKERY = Board("bakery", "Social media & local ads", {}, (
    Card("Analiza afacerii și a concurenților", "in_progress", "research", "manager", "strategist", 12, due_in=4,
         time_entries=2, checklist=(("Cele trei magazine pe hartă", True), ("Brutăriile concurente din Cluj", False))),
    Card("Publicul-țintă și persona", "todo", "research", "manager", "strategist", 8, due_in=8),
    Card("Planul de marketing pentru 3-6 luni", "backlog", "research", "manager", "strategist", 12),
    Card("Conturi: nume profesionale, e-mail de firmă, autentificare în doi pași", "backlog", "infrastructure",
         "specialist", "account", 3),
))

BOARDS = (FURNITURE, SCHOOL, BAKERY)


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the board's rows."""
    TaskTime.objects.filter(workspace=workspace).delete()
    Task.objects.filter(workspace=workspace).delete()
    RecurringTask.objects.filter(workspace=workspace).delete()
    TaskTemplate.objects.filter(workspace=workspace).delete()
    Label.objects.filter(workspace=workspace).delete()


def _engagement(demo: DemoWorkspace, membership: Any, spec: Board) -> Any:
    return (visible_engagements(membership).filter(client__name=CLIENTS[spec.client]["name"], name=spec.engagement)
            .first())


def _link_time(task: Task, phase: Any, count: int, used: set[int]) -> None:
    entries = [e for e in phase.time_entries.order_by("date", "pk") if e.pk not in used][:count]
    for entry in entries:
        used.add(entry.pk)
        TaskTime.objects.create(workspace_id=task.workspace_id, task=task, entry=entry)


def _build_board(demo: DemoWorkspace, spec: Board, labels: Mapping[str, Label]) -> int:
    users = demo.users
    manager = users["manager"]
    membership = demo.memberships[manager.pk]
    engagement = _engagement(demo, membership, spec)
    if engagement is None:
        return 0
    phases = {p.key: p for p in engagement.phases.all()}
    today = clock.today_in(engagement.time_zone)
    used: set[int] = set(TaskTime.objects.filter(task__engagement=engagement).values_list("entry_id", flat=True))
    made = 0
    for card in spec.cards:
        task = services.create_task(
            actor=manager, membership=membership, engagement=engagement, title=card.title,
            description=card.description, assignee=users.get(card.who), role=card.role, estimate=card.estimate,
            due=today + dt.timedelta(days=card.due_in) if card.due_in is not None else None,
            phase=phases.get(card.phase), labels=[labels[k] for k in card.labels],
            checklist=[text for text, _done in card.checklist])
        for item, (_text, done) in zip(task.checklist.order_by("position"), card.checklist, strict=True):
            if done:
                services.set_checklist_item(actor=manager, membership=membership, item=item, done=True)
        _link_time(task, phases[card.phase], card.time_entries, used)
        if card.column != "backlog":
            # the way the team moved it: through To do, then on
            reviewer = users.get(card.reviewer) if card.reviewer else None
            who = users.get(card.who, manager)
            services.move_task(actor=who, membership=demo.memberships[who.pk], task=task, column=card.column,
                               reviewer=reviewer)
        made += 1
    # the limits after the cards: the board shows "In progress" over its limit, as it happens
    services.set_wip_limits(actor=manager, membership=membership, engagement=engagement, limits=dict(spec.wip))
    for rule in spec.rules:
        services.create_recurring(
            actor=manager, membership=membership, engagement=engagement, title=rule.title, kind=rule.kind,
            phase=phases.get(rule.phase), assignee=users.get(rule.who), role=rule.role, estimate=rule.estimate,
            weekdays=list(rule.weekdays), month_day=rule.month_day, lead_days=rule.lead_days,
            due_after_days=rule.due_after_days, starts_on=engagement.start_date)
    return made


def build(demo: DemoWorkspace) -> str:
    owner = demo.users["owner"]
    owner_membership = demo.memberships[owner.pk]
    labels = {key: services.create_label(actor=owner, membership=owner_membership, name=name, colour=colour)
              for key, (name, colour) in LABELS.items()}
    cards = sum(_build_board(demo, spec, labels) for spec in BOARDS)
    recurring = services.create_due_recurring(workspace=demo.workspace, today=None)
    cards += recurring
    return f"{cards} cards on {len(BOARDS)} boards ({recurring} from recurring tasks)"
