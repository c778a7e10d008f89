"""Read models of the board: an engagement's board, "my work" across engagements, a role's board, a card's
detail and the hours-aware capacity. Each screen reads in a constant number of queries, however many cards
it shows (``tests/board/test_queries.py`` counts them with 10 and with 200 cards).
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid as uuid_module
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.query import prefetch_related_objects
from django.utils.safestring import SafeString

from cadence.board import revisions
from cadence.board.domain.capacity import MonthCapacity, MonthHours, OpenWork, capacity
from cadence.board.domain.workflow import COLUMNS, Column, wip_exceeded
from cadence.board.models import (
    ChecklistItem,
    ColumnChoice,
    EngagementBoard,
    Label,
    RoleChoice,
    Task,
    TaskAttachment,
    TaskTime,
)
from cadence.core import audit, fragments, markdown
from cadence.core.models import Membership
from cadence.engagements import access as engagement_access
from cadence.engagements import queries as engagement_queries

DUE_FILTERS = ("", "overdue", "week")
ZERO = Decimal(0)


@dataclass(frozen=True)
class BoardFilters:
    assignee: int | None = None
    label: UUID | None = None
    phase: str | None = None  # a phase key
    role: str | None = None
    due: str = ""  # "", "overdue" or "week"

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> BoardFilters:
        """The filters of a query string (or any mapping); a value that is not one is ignored."""
        def one(name: str) -> str:
            value = params.get(name)
            if isinstance(value, list | tuple):
                value = value[-1] if value else None
            return value.strip() if isinstance(value, str) else ""

        assignee: int | None = None
        if one("assignee").isdigit() and len(one("assignee")) < 10:
            assignee = int(one("assignee"))
        label: UUID | None = None
        try:
            label = uuid_module.UUID(one("label")) if one("label") else None
        except ValueError:
            label = None
        phase = one("phase")
        phase_key = phase if phase and len(phase) <= 60 and phase.replace("-", "").replace("_", "").isalnum() \
            and phase.isascii() else None
        role = one("role") if one("role") in RoleChoice.values else None
        due = one("due") if one("due") in DUE_FILTERS else ""
        return cls(assignee=assignee, label=label, phase=phase_key, role=role, due=due)

    @property
    def active(self) -> bool:
        return any((self.assignee, self.label, self.phase, self.role, self.due))

    def as_query(self) -> dict[str, str]:
        """The filters as query-string values (for links that keep them)."""
        values = {"assignee": self.assignee, "label": self.label, "phase": self.phase, "role": self.role,
                  "due": self.due}
        return {k: str(v) for k, v in values.items() if v}


@dataclass(frozen=True)
class CardView:
    uuid: UUID
    title: str
    column: str
    position: int
    assignee_id: int | None
    assignee_name: str | None
    role: str
    role_label: str
    due: dt.date | None
    overdue: bool
    estimate: Decimal | None
    logged: Decimal
    checklist_done: int
    checklist_total: int
    labels: tuple[tuple[str, str], ...]
    phase_key: str | None
    phase_name: str | None
    initiative_uuid: UUID | None
    initiative_title: str | None
    attachments: int
    reviewer_name: str | None
    gate_blocked: str | None
    engagement_uuid: UUID
    engagement_name: str
    client_name: str
    revision: int = 1
    label_uuids: tuple[UUID, ...] = ()
    assignee_uuid: UUID | None = None  # the person's public id (the API names people by it)


@dataclass(frozen=True)
class ColumnView:
    column: str
    label: str
    cards: list[CardView]
    count: int
    wip_limit: int | None
    over_limit: bool


@dataclass(frozen=True)
class BoardView:
    engagement: Any  # None for "my work" and role boards
    columns: list[ColumnView]
    capacity: list[MonthCapacity]
    filters: BoardFilters
    labels: list[Label]
    assignees: list[tuple[int, str]]
    phases: list[tuple[str, str]]


@dataclass(frozen=True)
class ChecklistRow:
    id: int
    text: str
    done: bool


@dataclass(frozen=True)
class TimeRow:
    date: dt.date
    person: str
    hours: Decimal
    note: str


@dataclass(frozen=True)
class CardDetail:
    card: CardView
    description: str
    description_html: SafeString
    checklist: list[ChecklistRow]
    time_entries: list[TimeRow]
    attachments: list[Any]  # files.queries.FileRow
    history: list[Any]  # AuditEntry rows, newest first
    reviewer_id: int | None = None
    done_by_name: str | None = None
    done_at: dt.datetime | None = None
    recurring: bool = False
    phase_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# --- the card query ----------------------------------------------------------------------------------

def _cards(base: QuerySet[Task]) -> QuerySet[Task]:
    """Cards with everything a card shows, in one query: the people, phase, initiative, engagement and client
    joined; hours logged (live entries only), checklist counts, attachments and label ids as subqueries."""
    logged = (TaskTime.objects.filter(task=OuterRef("pk"), entry__deleted_at__isnull=True).order_by()
              .values("task").annotate(s=Sum("entry__hours")).values("s"))
    checklist = (ChecklistItem.objects.filter(task=OuterRef("pk")).order_by().values("task")
                 .annotate(n=Count("pk"), d=Count("pk", filter=Q(done=True))))
    attachments = (TaskAttachment.objects.filter(task=OuterRef("pk")).order_by().values("task")
                   .annotate(n=Count("pk")).values("n"))
    through = Task.labels.through
    label_ids = (through.objects.filter(task_id=OuterRef("pk")).order_by().values("task_id")
                 .annotate(ids=StringAgg(Cast("label_id", CharField()), delimiter=Value(",")))
                 .values("ids"))  # type: ignore[misc]
    return (base.select_related("assignee", "reviewer", "phase", "initiative", "engagement", "engagement__client")
            .annotate(logged_hours=Coalesce(Subquery(logged), Value(ZERO)),
                      checklist_total=Coalesce(Subquery(checklist.values("n"), output_field=IntegerField()), 0),
                      checklist_done=Coalesce(Subquery(checklist.values("d"), output_field=IntegerField()), 0),
                      attachment_count=Coalesce(Subquery(attachments, output_field=IntegerField()), 0),
                      label_ids=Subquery(label_ids, output_field=CharField()))
            .order_by("column", "position", "id"))


@dataclass(frozen=True)
class GateFact:
    """What a card needs of a gate: its name in the reader's language and the day it passed (None: not yet)."""

    name: str
    passed_on: dt.date | None


@dataclass(frozen=True)
class PhaseFact:
    pk: int
    key: str
    order: int
    name: str
    requires_gates: tuple[str, ...]


@dataclass(frozen=True)
class EngagementFacts:
    """What an engagement's board reads of the engagement beyond its cards: the phases (names in the reader's
    language), the gates and the hours of the current and next contract month. All of it is behind the
    engagement's revision (every write of a phase, gate, term, override, month close or time entry bumps it), so
    it is kept in the cache under (engagement, revision, day, language) and read without a query."""

    phases: tuple[PhaseFact, ...]
    gates: Mapping[str, GateFact]
    month_hours: tuple[MonthHours, ...]


def _gate_facts(engagement: Any) -> dict[str, GateFact]:
    return {g.key: GateFact(engagement_queries.display_name(g, fallback=engagement.language), g.passed_on)
            for g in engagement.gates.all()}


def engagement_facts(engagement: Any, today: dt.date) -> EngagementFacts:
    """The board's facts of one engagement, from the cache when its revision and day have not changed."""
    def compute() -> EngagementFacts:
        prefetch_related_objects([engagement], "phases", "gates", "contract_terms", "overrides", "month_closes")
        phases = tuple(
            PhaseFact(p.pk, p.key, p.order, engagement_queries.display_name(p, fallback=engagement.language),
                      tuple(p.requires_gates or ()))
            for p in sorted(engagement.phases.all(), key=lambda p: (p.order, p.pk)))
        return EngagementFacts(phases=phases, gates=_gate_facts(engagement),
                               month_hours=tuple(_month_hours(engagement, today)))

    key = fragments.key("board-facts", engagement_queries.engine_version(), engagement.uuid, engagement.revision,
                        today.isoformat())
    return fragments.one(key, compute)


def _gates_of(engagements: Iterable[Any]) -> dict[int, dict[str, GateFact]]:
    """engagement pk -> {gate key: GateFact} (the engagements' gates prefetched once)."""
    rows = [e for e in engagements if not hasattr(e, "_prefetched_objects_cache")
            or "gates" not in e._prefetched_objects_cache]
    if rows:
        prefetch_related_objects(rows, "gates")
    return {e.pk: _gate_facts(e) for e in engagements}


def _blocking_gate(requires_gates: Iterable[str], gates: Mapping[str, GateFact], today: dt.date) -> GateFact | None:
    """The first gate the phase requires that has not passed by today (for display: a move or time entry
    is checked by ``engagements.services.require_gate_passed``)."""
    for key in requires_gates or ():
        gate = gates.get(key)
        if gate is not None and (gate.passed_on is None or gate.passed_on > today):
            return gate
    return None


def _name(user: Any) -> str | None:
    return user.display_name if user is not None else None


def _card(task: Task, labels: Mapping[int, Label], gates: Mapping[int, Mapping[str, GateFact]],
          today: dt.date) -> CardView:
    """A card of a model row (my work, role boards, one card after a write): the same ``CardView`` as the
    engagement's board builds from plain rows, through ``_card_of_row``."""
    engagement = task.engagement
    phases: dict[int, PhaseFact] = {}
    if task.phase is not None:
        p = task.phase
        phases[p.pk] = PhaseFact(p.pk, p.key, p.order, engagement_queries.display_name(p, fallback=engagement.language),
                                 tuple(p.requires_gates or ()))
    assignee, reviewer, initiative = task.assignee, task.reviewer, task.initiative
    row = {
        "uuid": task.uuid, "title": task.title, "column": task.column, "position": task.position,
        "assignee_id": task.assignee_id, "role": task.role, "due": task.due, "estimate": task.estimate,
        "phase_id": task.phase_id, "revision": task.revision,
        "assignee__full_name": assignee.full_name if assignee is not None else None,
        "assignee__email": assignee.email if assignee is not None else None,
        "assignee__uuid": assignee.uuid if assignee is not None else None,
        "reviewer__full_name": reviewer.full_name if reviewer is not None else None,
        "reviewer__email": reviewer.email if reviewer is not None else None,
        "initiative__uuid": initiative.uuid if initiative is not None else None,
        "initiative__title": initiative.title if initiative is not None else None,
        "logged_hours": getattr(task, "logged_hours", ZERO), "checklist_total": getattr(task, "checklist_total", 0),
        "checklist_done": getattr(task, "checklist_done", 0), "attachment_count": getattr(task, "attachment_count", 0),
        "label_ids": getattr(task, "label_ids", None),
    }
    return _card_of_row(row, engagement, labels, gates.get(engagement.pk, {}), phases, today)


# The board of one engagement reads its cards as plain rows (no model instances: a board of 200 cards built
# 1 400 of them, half its time); the engagement, its phases and gates come from ``engagement_facts``.
_ROW_FIELDS = ("uuid", "title", "column", "position", "assignee_id", "role", "due", "estimate", "phase_id",
               "revision", "assignee__full_name", "assignee__email", "assignee__uuid", "reviewer__full_name",
               "reviewer__email", "initiative__uuid", "initiative__title", "logged_hours", "checklist_total",
               "checklist_done", "attachment_count", "label_ids")


def _person(full_name: str | None, email: str | None) -> str | None:
    """``User.display_name`` of a joined row (None when there is nobody)."""
    if email is None:
        return None
    return full_name or email.split("@")[0]


def _card_of_row(row: Mapping[str, Any], engagement: Any, labels: Mapping[int, Label],
                 gates: Mapping[str, GateFact], phases: Mapping[int, PhaseFact], today: dt.date) -> CardView:
    """``_card`` of a plain row of ``_cards(...).values(*_ROW_FIELDS)``: the same card, field for field."""
    ids = [int(i) for i in (row["label_ids"] or "").split(",") if i]
    card_labels = sorted((labels[i] for i in ids if i in labels), key=lambda label: label.name.lower())
    phase = phases.get(row["phase_id"]) if row["phase_id"] is not None else None
    open_card = row["column"] != Column.DONE.value
    gate = None
    if phase is not None and open_card:
        found = _blocking_gate(phase.requires_gates, gates, today)
        if found is not None:
            gate = found.name
    due = row["due"]
    return CardView(
        uuid=row["uuid"], title=row["title"], column=row["column"], position=row["position"],
        assignee_id=row["assignee_id"], assignee_name=_person(row["assignee__full_name"], row["assignee__email"]),
        role=row["role"], role_label=str(RoleChoice(row["role"]).label) if row["role"] else "", due=due,
        overdue=open_card and due is not None and due < today, estimate=row["estimate"],
        logged=Decimal(row["logged_hours"] or ZERO),
        checklist_done=row["checklist_done"], checklist_total=row["checklist_total"],
        labels=tuple((label.name, label.colour) for label in card_labels),
        phase_key=phase.key if phase is not None else None, phase_name=phase.name if phase is not None else None,
        initiative_uuid=row["initiative__uuid"], initiative_title=row["initiative__title"],
        attachments=row["attachment_count"],
        reviewer_name=_person(row["reviewer__full_name"], row["reviewer__email"]), gate_blocked=gate,
        engagement_uuid=engagement.uuid, engagement_name=engagement.name, client_name=engagement.client.name,
        revision=row["revision"], label_uuids=tuple(label.uuid for label in card_labels),
        assignee_uuid=row["assignee__uuid"],
    )


def _matches(card: CardView, filters: BoardFilters, today: dt.date) -> bool:
    if filters.assignee is not None and card.assignee_id != filters.assignee:
        return False
    if filters.label is not None and filters.label not in card.label_uuids:
        return False
    if filters.phase is not None and card.phase_key != filters.phase:
        return False
    if filters.role is not None and card.role != filters.role:
        return False
    if filters.due == "overdue" and not card.overdue:
        return False
    if filters.due == "week":
        monday = today - dt.timedelta(days=today.weekday())
        if card.column == Column.DONE.value or card.due is None or not monday <= card.due <= monday + dt.timedelta(days=6):
            return False
    return True


def _columns(cards: list[CardView], limits: Mapping[str, Any]) -> list[ColumnView]:
    by_column: dict[str, list[CardView]] = {c.value: [] for c in COLUMNS}
    for card in cards:
        by_column.setdefault(card.column, []).append(card)
    out = []
    for column in COLUMNS:
        limit = limits.get(column.value)
        limit = limit if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else None
        rows = by_column[column.value]
        out.append(ColumnView(column=column.value, label=str(ColumnChoice(column.value).label), cards=rows,
                              count=len(rows), wip_limit=limit, over_limit=wip_exceeded(len(rows), limit)))
    return out


def _workspace_labels(membership: Membership) -> list[Label]:
    return list(Label.objects.filter(workspace_id=membership.workspace_id).order_by("name"))


def _team(membership: Membership) -> list[tuple[int, str]]:
    rows = (Membership.objects.filter(workspace_id=membership.workspace_id).exclude(role="client")
            .select_related("user"))
    return sorted(((m.user_id, m.user.display_name) for m in rows), key=lambda pair: pair[1].lower())


# --- capacity ----------------------------------------------------------------------------------------

def _month_hours(engagement: Any, today: dt.date) -> list[MonthHours]:
    current = engagement_queries.current_month(engagement, today)
    if current < 1:
        return []
    rows = engagement_queries.month_rows(engagement, today=today, months=current + 1)
    return [MonthHours(month=r.index, first=r.start, last=r.end, available=r.available, logged=r.logged)
            for r in rows[current - 1:]]


def capacity_of(engagement: Any, work: Iterable[OpenWork], today: dt.date) -> list[MonthCapacity]:
    return capacity(list(work), list(engagement_facts(engagement, today).month_hours), today)


def capacity_for(engagement: Any, today: dt.date | None = None) -> list[MonthCapacity]:
    """The current and next contract month: the open cards' remaining estimates against the hours left."""
    today = today or engagement_queries.engagement_today(engagement)
    rows = _cards(Task.objects.filter(engagement=engagement).exclude(column=Column.DONE.value))
    work = [OpenWork(t.estimate, Decimal(t.logged_hours or ZERO), t.due) for t in rows]  # type: ignore[attr-defined]
    return capacity_of(engagement, work, today)


# --- the screens -------------------------------------------------------------------------------------

def board_row(engagement: Any) -> EngagementBoard:
    """The engagement's board row (its work-in-progress limits and its revision; created when missing)."""
    return revisions.ensure_board(engagement)


def board(membership: Membership, engagement: Any, filters: BoardFilters | None = None,
          row: EngagementBoard | None = None) -> BoardView:
    """An engagement's board: its six columns (filtered), the capacity of the current and next month (of
    every open card, whatever the filters), the labels, people and phases the filters offer. ``row``: the
    board's row when the caller has read it."""
    filters = filters or BoardFilters()
    today = engagement_queries.engagement_today(engagement)
    facts = engagement_facts(engagement, today)
    board_row = row if row is not None else EngagementBoard.objects.filter(engagement=engagement).first()
    labels = _workspace_labels(membership)
    by_id = {label.pk: label for label in labels}
    phases = {p.pk: p for p in facts.phases}
    rows = _cards(Task.objects.filter(engagement=engagement)).values(*_ROW_FIELDS)
    cards = [_card_of_row(row, engagement, by_id, facts.gates, phases, today) for row in rows]
    work = [OpenWork(c.estimate, c.logged, c.due) for c in cards if c.column != Column.DONE.value]
    return BoardView(
        engagement=engagement,
        columns=_columns([c for c in cards if _matches(c, filters, today)], board_row.wip_limits if board_row else {}),
        capacity=capacity(work, list(facts.month_hours), today), filters=filters, labels=labels,
        assignees=_team(membership), phases=[(p.key, p.name) for p in facts.phases],
    )


def _across(membership: Membership, base: Q, filters: BoardFilters) -> BoardView:
    visible = engagement_access.visible_engagements(membership).filter(archived=False).values("pk")
    tasks = list(_cards(Task.objects.filter(base, workspace_id=membership.workspace_id, engagement__in=visible)))
    engagements = {t.engagement_id: t.engagement for t in tasks}
    gates = _gates_of(list(engagements.values()))
    labels = _workspace_labels(membership)
    by_id = {label.pk: label for label in labels}
    today_of: dict[int, dt.date] = {}
    cards = []
    for t in tasks:
        t.engagement = engagements[t.engagement_id]
        if t.engagement_id not in today_of:
            today_of[t.engagement_id] = engagement_queries.engagement_today(t.engagement)
        card = _card(t, by_id, gates, today_of[t.engagement_id])
        if _matches(card, filters, today_of[t.engagement_id]):
            cards.append(card)
    cards.sort(key=lambda c: (c.due is None, c.due or dt.date.max, c.engagement_name, c.position))
    phases = sorted({(c.phase_key, c.phase_name or "") for c in cards if c.phase_key}, key=lambda p: p[1])
    return BoardView(engagement=None, columns=_columns(cards, {}), capacity=[], filters=filters, labels=labels,
                     assignees=_team(membership), phases=[(k, n) for k, n in phases if k])


def my_work(membership: Membership, user: Any, filters: BoardFilters | None = None) -> BoardView:
    """One person's cards across every engagement the member may see (not archived), soonest due first."""
    return _across(membership, Q(assignee=user), filters or BoardFilters())


def role_board(membership: Membership, role: str, filters: BoardFilters | None = None) -> BoardView:
    """The cards of one role (copywriter, designer, ...) across every engagement the member may see."""
    return _across(membership, Q(role=role), filters or BoardFilters())


def card_view(membership: Membership, task: Task) -> CardView:
    """One card as the board shows it (after a write: the fragment that replaces it)."""
    engagement = task.engagement
    row = _cards(Task.objects.filter(pk=task.pk)).get()
    row.engagement = engagement
    labels = {label.pk: label for label in Label.objects.filter(workspace_id=task.workspace_id)}
    return _card(row, labels, _gates_of([engagement]), engagement_queries.engagement_today(engagement))


def card_detail(membership: Membership, task: Task) -> CardDetail:
    """A card with its rendered description, checklist, time entries, attachments and history."""
    # the files app's read side, looked up when a card is opened
    file_queries = importlib.import_module("cadence.files.queries")
    card = card_view(membership, task)
    items = [ChecklistRow(i.pk, i.text, i.done) for i in ChecklistItem.objects.filter(task=task).order_by("position", "id")]
    links = (TaskTime.objects.filter(task=task, entry__deleted_at__isnull=True).select_related("entry__user")
             .order_by("-entry__date", "-entry__created_at"))
    times = [TimeRow(link.entry.date, link.entry.user.display_name, Decimal(link.entry.hours), link.entry.note)
             for link in links]
    attached = [a.file for a in TaskAttachment.objects.filter(task=task).select_related("file__uploaded_by")]
    history = list(audit.history(task.workspace_id, task.engagement).filter(object_id=str(task.uuid))
                   .select_related("actor")[:50])
    return CardDetail(card=card, description=task.description, description_html=markdown.render(task.description),
                      checklist=items, time_entries=times, attachments=file_queries.file_rows(attached),
                      history=history, reviewer_id=task.reviewer_id, done_by_name=_name(task.done_by),
                      done_at=task.done_at, recurring=task.recurrence_id is not None, phase_id=task.phase_id)


__all__ = ["BoardFilters", "BoardView", "CardDetail", "CardView", "ColumnView", "board", "capacity_for",
           "board_row", "card_detail", "card_view", "my_work", "role_board"]


# --- many engagements at once (the agency overview) ----------------------------------------------------

def overdue_counts(engagements: Iterable[Any]) -> dict[int, int]:
    """Engagement pk -> its open cards whose due date has passed (the board's "overdue": not done, due before
    the engagement's today); engagements with none are left out. One query for all of them."""
    today_of = {e.pk: engagement_queries.engagement_today(e) for e in engagements}
    if not today_of:
        return {}
    out: dict[int, int] = {}
    rows = (Task.objects.filter(engagement_id__in=list(today_of), due__lt=max(today_of.values()))
            .exclude(column=Column.DONE.value).order_by().values_list("engagement_id", "due").annotate(n=Count("pk")))
    for engagement_id, due, n in rows:
        if due < today_of[engagement_id]:
            out[engagement_id] = out.get(engagement_id, 0) + n
    return out


@dataclass(frozen=True)
class AssignedWork:
    """An open card of one person: its estimate (None: not estimated), the hours logged on it (live entries)
    and its due date."""

    assignee_id: int
    engagement_id: int
    estimate: Decimal | None
    logged: Decimal
    due: dt.date | None


def open_work(workspace_id: int, engagement_ids: Iterable[int]) -> list[AssignedWork]:
    """The open cards (not done) with an assignee of these engagements, with the hours logged on each, in one
    query (for the team's capacity)."""
    logged = (TaskTime.objects.filter(task=OuterRef("pk"), entry__deleted_at__isnull=True).order_by()
              .values("task").annotate(s=Sum("entry__hours")).values("s"))
    rows = (Task.objects.filter(workspace_id=workspace_id, engagement_id__in=list(engagement_ids),
                                assignee__isnull=False).exclude(column=Column.DONE.value)
            .annotate(logged_hours=Coalesce(Subquery(logged), Value(ZERO)))
            .values_list("assignee_id", "engagement_id", "estimate", "logged_hours", "due"))
    return [AssignedWork(a, e, est, Decimal(spent or ZERO), due) for a, e, est, spent, due in rows]


def task_titled(engagement: Any, title: str) -> bool:
    """Whether the engagement's board has a card with this title (the demo adds its cards once)."""
    return Task.objects.filter(engagement=engagement, title=title).exists()

# --- tasks due on a day (the notifications' daily "due tomorrow") -------------------------------------------

@dataclass(frozen=True)
class DueTask:
    uuid: str
    title: str
    engagement_id: int
    assignee_id: int | None
    url: str


def open_tasks_due(workspace: Any, day: dt.date) -> list[DueTask]:
    """The workspace's tasks not done, due on ``day``, of engagements not archived (one query)."""
    from django.urls import reverse

    rows = (Task.objects.filter(workspace=workspace, due=day, engagement__archived=False)
            .exclude(column=Column.DONE.value)
            .values("uuid", "title", "engagement_id", "engagement__uuid", "assignee_id").order_by("pk"))
    return [DueTask(uuid=str(r["uuid"]), title=r["title"], engagement_id=r["engagement_id"],
                    assignee_id=r["assignee_id"],
                    url=reverse("board:task-detail", args=[workspace.slug, r["engagement__uuid"], r["uuid"]]))
            for r in rows]
