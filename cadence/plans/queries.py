"""Read models of the plan for its pages, the API and the exports.

The plan's content is one **document** (``domain/snapshot.py``'s format, schema version 1, described in the
shared design): the draft's document is built from the live rows (``live_document``), a submitted version's
is its frozen snapshot (``version_snapshot``). Everything a page shows is computed from a document:
``content_of`` turns it into the pure modules' ``PlanContent`` (with the goal tree of ``domain/tree.py``),
from which come the completeness meter, the 7-step view per objective and the SMART check per task; two
documents compare with ``diff_versions``.

The guided questions come from ``cadence/plans/questions.py`` (imported lazily: an empty mapping until it
exists).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from cadence.core import clock
from cadence.engagements import queries as engagement_queries
from cadence.plans.domain import snapshot as snapshots
from cadence.plans.domain import versions as version_rules
from cadence.plans.domain.completeness import (
    SECTIONS,
    Channel,
    Competitor,
    ControlRow,
    Initiative,
    Persona,
    PlanCompleteness,
    PlanContent,
    Positioning,
    Section,
    Swot,
    TeamRole,
    completeness,
)
from cadence.plans.domain.metrics import METRICS as METRICS  # re-exported for the KPIs
from cadence.plans.domain.metrics import Direction
from cadence.plans.domain.metrics import UnitKind as UnitKind  # re-exported for the KPIs
from cadence.plans.domain.seven_steps import SevenStepView, seven_steps
from cadence.plans.domain.smart import SmartResult, check_task
from cadence.plans.domain.tree import Action, DepartmentTask, Kpi, Objective, SmmTask, TrackedMetric
from cadence.plans.models import (
    Answer,
    BriefAnswer,
    ChangeRequest,
    Plan,
    PlanRow,
    PlanVersion,
    SectionChoice,
    StateChoice,
)
from cadence.plans.records import KINDS, RecordKind

Document = dict[str, Any]
# An engagement (``cadence.engagements``): apps reach each other only through their access, queries and
# services modules, so its model is not imported here.
Engagement = Any


# --- the questions (cadence/plans/questions.py, connected by the lead) ---------------------------------

def section_question_keys() -> dict[str, list[str]]:
    """section -> its guided question keys, in order ({} until ``questions.py`` exists)."""
    try:
        from cadence.plans import questions  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return {}
    mapping: Mapping[Any, Iterable[Any]] = getattr(questions, "SECTION_QUESTIONS", {})
    return {str(getattr(section, "value", section)): [q.key for q in items] for section, items in mapping.items()}


def brief_question_keys() -> list[str]:
    try:
        from cadence.plans import questions  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return []
    return [q.key for q in getattr(questions, "BRIEF_QUESTIONS", ())]


def section_choices() -> list[tuple[str, str]]:
    """(key, label in the active language) of the plan's sections, in order (the meetings' agenda offers them)."""
    from cadence.plans.models import SectionChoice

    return [(str(value), str(label)) for value, label in SectionChoice.choices]


# --- the live document ------------------------------------------------------------------------------

def open_version(plan: Plan) -> PlanVersion | None:
    """The version in draft or in review, if any."""
    return plan.versions.filter(state__in=[StateChoice.DRAFT, StateChoice.IN_REVIEW]).first()


def draft_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(state=StateChoice.DRAFT).first()


def live_rows(plan: Plan, kind: RecordKind) -> list[PlanRow]:
    return list(kind.model.objects.filter(workspace_id=plan.workspace_id, plan=plan).order_by("position", "id"))


def _value(kind: RecordKind, row: PlanRow, name: str, uids: Mapping[str, Mapping[int, str]]) -> Any:
    field = kind.field(name)
    if isinstance(field, models.ForeignKey):
        pk = getattr(row, field.attname)
        return uids[kind.target_kind(name)].get(pk) if pk is not None else None
    return getattr(row, name)


def record_of(kind: RecordKind, row: PlanRow, uids: Mapping[str, Mapping[int, str]]) -> dict[str, Any]:
    """A row as a record of the document: uid, position and every editable field (foreign keys as uids)."""
    out: dict[str, Any] = {"uid": str(row.uuid), "position": row.position}
    for name in kind.fields:
        out[name] = _value(kind, row, name, uids)
    return out


def live_records(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """kind -> the live records of the plan (one query per kind)."""
    rows = {name: live_rows(plan, kind) for name, kind in KINDS.items()}
    uids = {name: {row.pk: str(row.uuid) for row in kind_rows} for name, kind_rows in rows.items()}
    return {name: [record_of(KINDS[name], row, uids) for row in kind_rows] for name, kind_rows in rows.items()}


def brief_of(plan: Plan) -> dict[str, str]:
    return {a.key: a.text for a in BriefAnswer.objects.filter(workspace_id=plan.workspace_id, plan=plan)
            if a.text}


def _sections(plan: Plan) -> dict[str, Any]:
    records = live_records(plan)
    sections: dict[str, Any] = {s.value: {"answers": {}, "records": {}} for s in SECTIONS}
    for answer in Answer.objects.filter(workspace_id=plan.workspace_id, plan=plan):
        if answer.text and answer.section in sections:
            sections[answer.section]["answers"][answer.key] = answer.text
    for name, items in records.items():
        if items:
            sections[KINDS[name].section.value]["records"][name] = items
    return sections


def live_snapshot(plan: Plan, *, at: dt.datetime | None = None, by: str = "",
                  state: str | None = None) -> snapshots.Snapshot:
    """The plan's live content frozen as a snapshot (``submit`` stores this, with ``state="in_review"``)."""
    engagement = plan.engagement
    version = open_version(plan)
    facts: dict[str, Any] = {
        "engagement": str(engagement.uuid), "engagement_name": engagement.name,
        "client_name": engagement.client.name, "language": engagement.language,
        "version": version.number if version else None, "based_on": version.based_on if version else None,
        "state": state or (version.state if version else None),
        "frozen_at": (at or clock.now()).isoformat(), "frozen_by": by,
        "approved_at": None, "approved_by": None,
        "currency": engagement.currency, "brief": brief_of(plan),
        "questions": section_question_keys(), "stage_dates": section_dates(engagement),
    }
    return snapshots.freeze(facts, _sections(plan))


def live_document(plan: Plan, *, at: dt.datetime | None = None, by: str = "") -> Document:
    """The draft's document: what ``submit`` would freeze now."""
    return live_snapshot(plan, at=at, by=by).document


def content_is_empty(plan: Plan) -> bool:
    """Whether the plan has no answers and no records yet (a template may be applied)."""
    if Answer.objects.filter(workspace_id=plan.workspace_id, plan=plan).exclude(text="").exists():
        return False
    return not any(k.model.objects.filter(workspace_id=plan.workspace_id, plan=plan).exists() for k in KINDS.values())


# --- versions -------------------------------------------------------------------------------------

def versions_of(plan: Plan) -> list[PlanVersion]:
    """Every version, oldest first, with who submitted and approved it and its change requests."""
    return list(plan.versions.select_related("created_by", "submitted_by", "decided_by")
                .prefetch_related("change_requests__author").order_by("number"))


def domain_versions(versions: Iterable[PlanVersion]) -> tuple[version_rules.Version, ...]:
    return tuple(
        version_rules.Version(v.number, version_rules.State(v.state), v.based_on,
                              tuple(c.comment for c in v.change_requests.all()))
        for v in versions)


def client_version(plan: Plan) -> PlanVersion | None:
    """The version client users read: the latest one in review or approved (never a draft)."""
    versions = versions_of(plan)
    shown = version_rules.client_visible(domain_versions(versions))
    return next((v for v in versions if shown is not None and v.number == shown.number), None)


def open_change_requests(plan: Plan) -> dict[str, list[ChangeRequest]]:
    """section -> the client's change requests the team has not answered yet (resubmitting answers them),
    oldest first: what each section shows the team."""
    out: dict[str, list[ChangeRequest]] = {}
    rows = (ChangeRequest.objects.filter(workspace_id=plan.workspace_id, version__plan=plan, resolved_at=None)
            .select_related("author", "version").order_by("created_at", "id"))
    for row in rows:
        out.setdefault(row.section, []).append(row)
    return out


def approved_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(state=StateChoice.APPROVED).first()


def stored_snapshot(version: PlanVersion) -> snapshots.Snapshot:
    """A frozen version's snapshot, its hash checked (a draft has none: ``ValueError``)."""
    if not version.snapshot:
        raise ValueError(f"version {version.number} has no snapshot (a draft)")
    return snapshots.load(version.snapshot, sha256=version.sha256)


def version_snapshot(version: PlanVersion) -> Document:
    """A version's document: the frozen one (with its approval facts from the version row), or the live one
    for a draft (also for a version sent back for changes: its content is the live rows again)."""
    if version.state == StateChoice.DRAFT or not version.snapshot:
        return live_document(version.plan)
    document = stored_snapshot(version).document
    if version.decided_at is not None:
        document["plan"]["approved_at"] = version.decided_at.isoformat()
        document["plan"]["approved_by"] = version.decided_by.display_name if version.decided_by else ""
    return document


def _snapshot_for(version: PlanVersion) -> snapshots.Snapshot:
    if version.state == StateChoice.DRAFT or not version.snapshot:
        return live_snapshot(version.plan)
    return stored_snapshot(version)


def diff_versions(a: PlanVersion, b: PlanVersion) -> snapshots.SnapshotDiff:
    """What changed from version ``a`` to version ``b``, section by section and record by record."""
    return snapshots.diff(_snapshot_for(a), _snapshot_for(b))


# --- the engagement's stage dates -------------------------------------------------------------------

def section_dates(engagement: Engagement) -> dict[str, dict[str, str]]:
    """section -> {"start", "end"} from the engagement's timeline, when its phases are the SOSTAC stages (the
    built-in "Marketing plan (SOSTAC)" process template, or a copy of it: phases keyed by the sections)."""
    keys = {s.value for s in SECTIONS}
    schedule = engagement_queries.schedule_for(engagement)
    return {p.key: {"start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in schedule.phases if p.key in keys and p.start is not None and p.end is not None}


# --- the content for the pure modules ------------------------------------------------------------------

def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _ordered(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(rows, key=lambda r: (r.get("position") or 0, str(r.get("uid"))))


def document_records(document: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    """kind -> its records in the document (every section), in position order."""
    out: dict[str, list[Mapping[str, Any]]] = {}
    for section in document.get("sections", {}).values():
        for kind, rows in section.get("records", {}).items():
            out.setdefault(kind, []).extend(rows)
    return {kind: _ordered(rows) for kind, rows in out.items()}


def document_answers(document: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for section in document.get("sections", {}).values():
        out.update(section.get("answers", {}))
    return out


def _kpi(row: Mapping[str, Any]) -> Kpi | None:
    if not _text(row.get("metric_key")).strip():
        return None
    direction = row.get("direction") or None
    return Kpi(metric_key=_text(row.get("metric_key")).strip(), unit=_text(row.get("unit")),
               baseline=_decimal(row.get("baseline")), target=_decimal(row.get("target")), due=_date(row.get("due")),
               baseline_date=_date(row.get("baseline_date")),
               direction=Direction(direction) if direction in (Direction.UP, Direction.DOWN) else None)


def goal_tree(records: Mapping[str, Sequence[Mapping[str, Any]]]) -> tuple[Objective, ...]:
    """The objectives with their department tasks, SMM tasks (KPI), actions and tracked metrics."""
    def children(kind: str, parent_field: str, parent_uid: str) -> list[Mapping[str, Any]]:
        return [r for r in records.get(kind, ()) if r.get(parent_field) == parent_uid]

    objectives = []
    for o in records.get("objective", ()):
        tasks = []
        for t in children("smm_task", "objective", o["uid"]):
            actions = []
            for a in children("plan_action", "task", t["uid"]):
                metrics = tuple(TrackedMetric(m["uid"], _text(m.get("name")), _text(m.get("metric_key")))
                                for m in children("tracked_metric", "action", a["uid"]))
                rank = a.get("rank")
                actions.append(Action(a["uid"], _text(a.get("title")), _text(a.get("channel")),
                                      rank if isinstance(rank, int) else None, metrics))
            tasks.append(SmmTask(t["uid"], _text(t.get("title")), t.get("department_task") or None, _kpi(t),
                                 tuple(actions)))
        direction = o.get("direction")
        objectives.append(Objective(
            uid=o["uid"], department=_text(o.get("department")),
            department_tasks=tuple(DepartmentTask(d["uid"], _text(d.get("text")))
                                   for d in children("department_task", "objective", o["uid"])),
            smm_goal=_text(o.get("smm_goal")), horizon_start=_date(o.get("horizon_start")),
            horizon_end=_date(o.get("horizon_end")), acceptable=_decimal(o.get("acceptable")),
            optimal=_decimal(o.get("optimal")), best=_decimal(o.get("best")),
            direction=Direction.DOWN if direction == Direction.DOWN else Direction.UP, tasks=tuple(tasks)))
    return tuple(objectives)


def _joined(*parts: Any) -> str:
    return "\n".join(p for p in (_text(x).strip() for x in parts) if p)


def content_of(document: Mapping[str, Any]) -> PlanContent:
    """The document as the pure modules' ``PlanContent`` (the goal tree included)."""
    records = document_records(document)
    facts = document.get("plan", {})
    questions = {Section(k): tuple(v) for k, v in (facts.get("questions") or {}).items()
                 if k in {s.value for s in SECTIONS}}
    profile = next(iter(records.get("company_profile", ())), {})
    market = next(iter(records.get("target_market", ())), {})
    pos = next(iter(records.get("positioning", ())), None)
    swot_items = [r for r in records.get("swot_item", ()) if not r.get("competitor")]

    def quadrant(name: str) -> tuple[str, ...]:
        return tuple(_text(r.get("text")) for r in swot_items if r.get("quadrant") == name)

    countries = market.get("countries") or []
    return PlanContent(
        questions=questions,
        answers=document_answers(document),
        company_name=_text(profile.get("name")),
        mission=_text(profile.get("mission")),
        team_roles=tuple(TeamRole(r["uid"], _text(r.get("role")), _text(r.get("person")))
                         for r in records.get("team_role", ())),
        swot=Swot(quadrant("strengths"), quadrant("weaknesses"), quadrant("opportunities"), quadrant("threats")),
        competitors=tuple(Competitor(r["uid"], _text(r.get("name"))) for r in records.get("competitor", ())),
        objectives=goal_tree(records),
        markets=tuple(str(c) for c in countries if isinstance(c, str)),
        personas=tuple(Persona(r["uid"], _text(r.get("name")), bool(r.get("negative")))
                       for r in records.get("persona", ())),
        positioning=None if pos is None else Positioning(
            product=_joined(pos.get("materials"), pos.get("quality_proof"), pos.get("uniqueness"), pos.get("origin")),
            price=_text(pos.get("price")), distribution=_text(pos.get("distribution")),
            journey_steps=tuple(_text(r.get("description")) for r in records.get("journey_step", ()))),
        channels=tuple(Channel(r["uid"], _text(r.get("name")), _text(r.get("purpose")),
                               _decimal(r.get("budget_share"))) for r in records.get("channel", ())),
        initiatives=tuple(Initiative(r["uid"], _text(r.get("title")), _text(r.get("owner")), _date(r.get("start")),
                                     _date(r.get("end")), r.get("objective") or None)
                          for r in records.get("initiative", ())),
        control=tuple(ControlRow(r["uid"], _text(r.get("task")), _text(r.get("reviewer")),
                                 tuple(d for d in (_date(r.get("review_on")),) if d is not None))
                      for r in records.get("control_row", ())),
    )


def completeness_of(document: Mapping[str, Any]) -> PlanCompleteness:
    return completeness(content_of(document))


def seven_steps_of(document: Mapping[str, Any]) -> dict[str, SevenStepView]:
    """objective uid -> its 7-step view."""
    return {o.uid: seven_steps(o) for o in content_of(document).objectives}


def smart_of(document: Mapping[str, Any]) -> dict[str, SmartResult]:
    """SMM task uid -> its SMART check (against its objective)."""
    return {t.uid: check_task(t, o) for o in content_of(document).objectives for t in o.tasks}


@dataclass(frozen=True)
class PlanState:
    """What the plan's page and API show at the top: its versions, the open and approved ones, completeness."""

    plan: Plan
    versions: tuple[PlanVersion, ...]
    open: PlanVersion | None
    approved: PlanVersion | None
    client_visible: PlanVersion | None
    completeness: PlanCompleteness


def plan_state(plan: Plan, *, for_client: bool = False) -> PlanState:
    """The plan's versions and the completeness of what the reader sees (a client: the client-visible
    version, never the draft)."""
    versions = tuple(versions_of(plan))
    shown = version_rules.client_visible(domain_versions(versions))
    visible = next((v for v in versions if shown is not None and v.number == shown.number), None)
    open_one = next((v for v in versions if v.state in (StateChoice.DRAFT, StateChoice.IN_REVIEW)), None)
    approved = next((v for v in versions if v.state == StateChoice.APPROVED), None)
    if for_client:
        document = version_snapshot(visible) if visible is not None else {"plan": {}, "sections": {}}
        versions = tuple(v for v in versions if v.state != StateChoice.DRAFT)
    else:
        document = live_document(plan)
    return PlanState(plan, versions, open_one if not for_client or (open_one and open_one.state != StateChoice.DRAFT)
                     else None, approved, visible, completeness_of(document))


def objective_titles(engagement: Any, *, live: bool = True) -> dict[str, str]:
    """The objectives of the engagement's marketing plan that other work may serve (uuid -> title): those of
    the approved version and, when ``live`` (the team), the draft's; {} when it has no plan. The board's
    cards and initiatives, the calendar's posts and the budget's lines all offer and check these."""
    from cadence.plans import access as plan_access  # access reads the plan's rows; it imports no queries

    plan = plan_access.find_plan(engagement)
    if plan is None:
        return {}
    out: dict[str, str] = {}
    version = approved_version(plan)
    if version is not None:
        for row in document_records(version_snapshot(version)).get("objective", []):
            out[str(row.get("uid"))] = str(row.get("title") or "")
    if live:
        for obj in live_rows(plan, plan_access.get_kind("objective")):
            out[str(obj.uuid)] = str(getattr(obj, "title", ""))
    return out


# --- for the KPIs (issue 11): the metric keys and the plan's SMM tasks with a KPI -----------------------------



@dataclass(frozen=True)
class TaskKpi:
    """An SMM task of the live plan that has a KPI, with its objective's levels."""

    task_id: int
    title: str
    metric_key: str
    kpi_name: str
    unit: str
    baseline: Decimal | None
    baseline_date: dt.date | None
    target: Decimal | None
    due: dt.date | None
    direction: str  # "" = the metric's
    objective_title: str
    objective_direction: str
    objective_unit: str
    acceptable: Decimal | None
    optimal: Decimal | None
    best: Decimal | None
    horizon_end: dt.date | None


def task_kpis(engagement: Engagement) -> list[TaskKpi]:
    """The SMM tasks with a metric key of the engagement's plan (its live rows), in the plan's order."""
    from cadence.plans import access as plan_access
    from cadence.plans.models import SmmTask as SmmTaskRow

    plan = plan_access.find_plan(engagement)
    if plan is None:
        return []
    rows = (SmmTaskRow.objects.filter(plan=plan).exclude(metric_key="").select_related("objective")
            .order_by("objective__position", "objective__id", "position", "id"))
    return [TaskKpi(task_id=t.pk, title=t.title, metric_key=t.metric_key, kpi_name=t.kpi_name, unit=t.unit,
                    baseline=t.baseline, baseline_date=t.baseline_date, target=t.target, due=t.due,
                    direction=t.direction or "", objective_title=t.objective.title,
                    objective_direction=t.objective.direction, objective_unit=t.objective.level_unit,
                    acceptable=t.objective.acceptable, optimal=t.objective.optimal, best=t.objective.best,
                    horizon_end=t.objective.horizon_end)
            for t in rows]


def task_titles(task_ids: Iterable[int]) -> dict[int, str]:
    """SMM task id -> title (the KPI list names where an imported KPI came from)."""
    from cadence.plans.models import SmmTask as SmmTaskRow

    ids = [i for i in task_ids if i]
    if not ids:
        return {}
    return dict(SmmTaskRow.objects.filter(pk__in=ids).values_list("pk", "title"))


# --- for the client portal (batched over a client user's engagements) ----------------------------------

@dataclass(frozen=True)
class VersionInReview:
    """A plan version waiting for the client's decision."""

    engagement_id: int
    number: int
    submitted_at: dt.datetime | None


def versions_in_review(engagement_ids: Iterable[int]) -> list[VersionInReview]:
    """The plan versions in review of these engagements, the longest waiting first (one query)."""
    rows = (PlanVersion.objects.filter(plan__engagement_id__in=list(engagement_ids), state=StateChoice.IN_REVIEW)
            .values_list("plan__engagement_id", "number", "submitted_at").order_by("submitted_at", "id"))
    return [VersionInReview(eng_id, number, submitted) for eng_id, number, submitted in rows]


@dataclass(frozen=True)
class BriefProgress:
    """How much of an engagement's brief is answered (the client's approver answers it)."""

    engagement_id: int
    has_plan: bool
    answered: int
    questions: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.questions) if self.questions else 0


def brief_progress(engagement_ids: Iterable[int]) -> dict[int, BriefProgress]:
    """engagement id -> the answered brief questions of its plan (two queries, whatever the number)."""
    ids = list(engagement_ids)
    keys = set(brief_question_keys())
    with_plan = set(Plan.objects.filter(engagement_id__in=ids).values_list("engagement_id", flat=True))
    answered: dict[int, int] = {}
    rows = (BriefAnswer.objects.filter(plan__engagement_id__in=ids).exclude(text="")
            .values_list("plan__engagement_id", "key"))
    for eng_id, key in rows:
        if key in keys:
            answered[eng_id] = answered.get(eng_id, 0) + 1
    return {i: BriefProgress(i, i in with_plan, answered.get(i, 0), len(keys)) for i in ids}

# --- many engagements at once (the agency overview) ----------------------------------------------------

def versions_waiting(engagement_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """Engagement pk -> since when a version of its plan waits for the client's approval (the longest waiting);
    engagements with none are left out. One query for all of them (``versions_in_review``)."""
    out: dict[int, dt.datetime] = {}
    for version in versions_in_review(engagement_ids):
        if version.submitted_at is not None:
            out.setdefault(version.engagement_id, version.submitted_at)
    return out


def section_label(key: str) -> Any:
    """The readable name of a plan section by its key (``"strategy"``), or None for a key that is not one (for
    apps that name a section: the comments' threads)."""
    try:
        return SectionChoice(key).label
    except ValueError:
        return None
