"""Read models of the roadmap: its initiatives with their progress (from their tasks), lateness and
dependencies; the Gantt (the engagement's timeline with the initiatives below it, drawn by the engagements'
one renderer); and what the marketing plan offers (its objectives, its approved initiatives).

A constant number of queries whatever the number of initiatives or tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.board.domain import roadmap as rules
from cadence.board.models import Initiative, InitiativeDependency, InitiativeStatusChoice, Task
from cadence.core.models import Membership
from cadence.engagements import queries as engagement_queries
from cadence.plans import access as plan_access
from cadence.plans import queries as plan_queries

Engagement = Any  # cadence.engagements' model: apps reach each other only through queries, services, access


@dataclass(frozen=True)
class Ref:
    uuid: UUID
    title: str


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    uuid: UUID
    title: str
    description: str
    objective_uid: UUID | None
    objective_title: str
    owner_name: str
    start: dt.date
    deadline: dt.date
    status: str
    status_label: str
    budget: Decimal | None  # None for client users: the budget is the team's
    progress: Decimal  # 0 to 1
    percent: int
    tasks: int
    tasks_done: int
    late: bool
    predecessors: tuple[Ref, ...]
    successors: tuple[Ref, ...]
    starts_too_early: tuple[Ref, ...]  # predecessors that end on or after its start


@dataclass(frozen=True)
class RoadmapView:
    engagement: Engagement
    rows: list[InitiativeRow]
    today: dt.date
    can_edit: bool
    show_budget: bool
    objectives: dict[str, str]  # objective uuid -> title (the plan's)
    late_count: int


@dataclass(frozen=True)
class PlanInitiative:
    """An initiative of the approved marketing plan (its 90-day action plan)."""

    uid: UUID
    title: str
    owner: str
    start: dt.date | None
    end: dt.date | None
    budget: Decimal | None
    objective: UUID | None


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        return None
    return number if number is not None and number.is_finite() else None


def _approved_records(engagement: Engagement) -> dict[str, list[Any]] | None:
    plan = plan_access.find_plan(engagement)
    version = plan_queries.approved_version(plan) if plan is not None else None
    if version is None:
        return None
    return plan_queries.document_records(plan_queries.version_snapshot(version))


def objective_titles(engagement: Engagement) -> dict[str, str]:
    """The objectives of the engagement's marketing plan an initiative or a card may serve (uuid -> title):
    the live ones (the draft) and those of the approved version (``plans.queries.objective_titles``)."""
    return plan_queries.objective_titles(engagement)


def plan_initiatives(engagement: Engagement) -> list[PlanInitiative] | None:
    """The approved plan's initiatives, in the plan's order; None when no version is approved."""
    records = _approved_records(engagement)
    if records is None:
        return None
    out = []
    for row in records.get("initiative", []):
        uid = _uuid(row.get("uid"))
        if uid is None:
            continue
        out.append(PlanInitiative(uid=uid, title=str(row.get("title") or ""), owner=str(row.get("owner") or ""),
                                  start=_date(row.get("start")), end=_date(row.get("end")),
                                  budget=_number(row.get("budget")), objective=_uuid(row.get("objective"))))
    return out


def roadmap(membership: Membership, engagement: Engagement) -> RoadmapView:
    """The roadmap of an engagement the caller got through ``get_engagement``."""
    today = engagement_queries.engagement_today(engagement)
    initiatives = list(Initiative.objects.filter(engagement=engagement).select_related("owner"))
    by_pk = {i.pk: i for i in initiatives}
    figures = {r["initiative"]: r for r in Task.objects.filter(initiative__in=initiatives).values("initiative").annotate(
        n=Count("id"), n_done=Count("id", filter=Q(column="done")), hours=Sum("estimate"),
        hours_done=Sum("estimate", filter=Q(column="done")))}
    preds: dict[int, list[int]] = defaultdict(list)
    succs: dict[int, list[int]] = defaultdict(list)
    for p, s in InitiativeDependency.objects.filter(successor__engagement=engagement).values_list(
            "predecessor_id", "successor_id"):
        if p in by_pk and s in by_pk:
            preds[s].append(p)
            succs[p].append(s)
    objectives = objective_titles(engagement) if initiatives else {}
    show_budget = not membership.is_client
    labels = dict(InitiativeStatusChoice.choices)
    def ref(pk: int) -> Ref:
        return Ref(by_pk[pk].uuid, by_pk[pk].title)

    rows = []
    for i in initiatives:
        f: dict[str, Any] = dict(figures.get(i.pk, {}))
        share = rules.progress(f.get("hours_done") or Decimal(0), f.get("hours") or Decimal(0),
                               f.get("n_done") or 0, f.get("n") or 0)
        if i.status == InitiativeStatusChoice.DONE and not f.get("n"):
            share = Decimal(1)  # done without tasks: the whole bar
        rows.append(InitiativeRow(
            initiative=i, uuid=i.uuid, title=i.title, description=i.description, objective_uid=i.objective_uid,
            objective_title=objectives.get(str(i.objective_uid), "") if i.objective_uid else "",
            owner_name=i.owner.display_name if i.owner else "", start=i.start, deadline=i.deadline,
            status=i.status, status_label=str(labels.get(i.status, i.status)),
            budget=i.budget if show_budget else None, progress=share,
            percent=int((share * 100).to_integral_value()), tasks=f.get("n") or 0, tasks_done=f.get("n_done") or 0,
            late=rules.is_late(i.deadline, today, i.status),
            predecessors=tuple(ref(p) for p in preds[i.pk]), successors=tuple(ref(s) for s in succs[i.pk]),
            starts_too_early=tuple(ref(p) for p in preds[i.pk] if by_pk[p].deadline >= i.start),
        ))
    return RoadmapView(engagement=engagement, rows=rows, today=today,
                       can_edit=tenancy.can(membership, "roadmap.edit"), show_budget=show_budget,
                       objectives=objectives, late_count=sum(r.late for r in rows))


def _detail(row: InitiativeRow) -> str:
    return _("%(start)s – %(deadline)s, %(status)s, %(percent)s%% done") % {
        "start": date_format(row.start, "SHORT_DATE_FORMAT"), "deadline": date_format(row.deadline, "SHORT_DATE_FORMAT"),
        "status": row.status_label, "percent": row.percent}


def gantt_rows(view: RoadmapView) -> list[engagement_queries.GanttRow]:
    """The initiatives as rows of the engagements' Gantt."""
    return [engagement_queries.GanttRow(
        key=str(r.uuid), name=r.title, start=r.start, end=r.deadline, status=r.status, progress=float(r.progress),
        late=r.late, after=tuple(str(p.uuid) for p in r.predecessors), detail=_detail(r)) for r in view.rows]


def roadmap_gantt(view: RoadmapView, *, language: str | None = None) -> Any:
    """The page's chart (``ScreenGantt``): the timeline with the initiatives below it."""
    return engagement_queries.roadmap_gantt(view.engagement, gantt_rows(view), language=language)


def roadmap_svg(membership: Membership, engagement: Engagement, *, language: str | None = None) -> str:
    """The downloadable roadmap (one SVG document), in ``language`` (the engagement's by default)."""
    from django.utils import translation

    with translation.override(language or engagement.language):
        view = roadmap(membership, engagement)
        return engagement_queries.roadmap_svg(engagement, gantt_rows(view), language=language or engagement.language)


def conflict_rows(view: RoadmapView, initiative: Initiative) -> list[InitiativeRow]:
    """The rows downstream of ``initiative`` that start before their predecessor ends (the shift warning)."""
    spans = {r.uuid: rules.Span(r.start, r.deadline) for r in view.rows}
    edges = [(p.uuid, r.uuid) for r in view.rows for p in r.predecessors]
    keys = {s.key for s in rules.shift_plan(spans, edges, root=initiative.uuid)}
    return [r for r in view.rows if r.uuid in keys]


def sorted_choices(view: RoadmapView, exclude: Sequence[UUID] = ()) -> list[tuple[str, str]]:
    return [(str(r.uuid), r.title) for r in view.rows if r.uuid not in exclude]
