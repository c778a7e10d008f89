"""Writes of the KPIs: create, change, delete; import them from the plan's goal tree; values entered by hand;
control points and their decisions (a decision can put a card on the board); the evaluation that stores each
KPI's status and alerts the engagement's manager when it worsens; alerts marked read.

Keyword-only ``actor`` and ``membership``; one transaction each; ``DomainError`` / ``InvalidInput`` with a
translated message; an audit entry (``kpis.*``) in the engagement's history. ``kpis.edit`` (owners, managers)
writes KPIs and control points; ``kpis.enter`` (the team) enters values by hand.

The evaluation (``evaluate_engagement``) runs after a KPI or a value changes, after an import is written or
undone (``cadence.metrics.services.facts_changed``, connected in ``apps.py``) and every day (``cadence
kpi-check`` and the worker's daily chain). A status that worsened (``domain.status.worsened``) creates one
``KpiAlert`` per person to alert (the engagement's manager, else the workspace's owners and managers) and emits
``kpi.status_worsened`` (``cadence.core.events``): the notifications tell the same people, by email as each chose
(in their language, with the reason), and mark their alerts emailed (``alerts_emailed``). Every status change
also emits ``kpi.status_changed`` (for the outgoing webhooks).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.board import services as board_services
from cadence.core import audit, events, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership, Role
from cadence.kpis import queries
from cadence.kpis.domain import formulas
from cadence.kpis.domain.status import worsened
from cadence.kpis.models import Aggregation, ControlPoint, Direction, Kpi, KpiAlert, KpiEntry, Status
from cadence.plans import queries as plan_queries

log = logging.getLogger(__name__)
Engagement = Any

VALUE_MAX = Decimal("99999999999999")  # 14 digits before the point (the columns hold 18 with 4 places)
NAME_MAX = 200
UNIT_MAX = 40
CAMPAIGN_MAX = 200
NOTE_MAX = 300
DECISION_MAX = 5000
KPI_FIELDS = ("name", "metric_key", "aggregation", "platform", "campaign_contains", "channel_group", "unit",
              "direction", "baseline", "baseline_date", "acceptable", "optimal", "best", "due")


# --- checks -----------------------------------------------------------------------------------------------

def _require(membership: Membership | None, capability: str, engagement: Engagement) -> None:
    if membership is None:
        return
    if engagement.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    tenancy.require(membership, capability)


def clean_value(value: Any, *, field: str, required: bool = False) -> Decimal | None:
    """A KPI value or level: empty is None; a number (a decimal comma is read as a point) with at most four
    places and at most 14 digits before the point, negative allowed."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if required:
            raise InvalidInput(_("This field cannot be empty."), code="required", field=field)
        return None
    if isinstance(value, bool | float):
        raise InvalidInput(_("Write the value as a number."), code="invalid_number", field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(" ", "")
                                                                    .replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(_("Write the value as a number."), code="invalid_number", field=field) from None
    if not number.is_finite():
        raise InvalidInput(_("Write the value as a number."), code="invalid_number", field=field)
    if abs(number) > VALUE_MAX:
        raise InvalidInput(_("A value can be at most %(max)s.") % {"max": "99 999 999 999 999"},
                           code="out_of_range", field=field)
    if number != number.quantize(Decimal("0.0001")):
        raise InvalidInput(_("A value has at most four digits after the decimal point."), code="invalid_number",
                           field=field)
    return number.quantize(Decimal("0.0001"))


def _clean_date(value: Any, *, field: str, required: bool = False) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise InvalidInput(_("This field cannot be empty."), code="required", field=field)
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(_("Enter a valid date."), code="invalid_date", field=field) from None
    return validation.clean_date(value, field=field)


def _clean_fields(fields: Mapping[str, Any], current: Kpi | None = None) -> dict[str, Any]:
    """The KPI's fields checked together (levels in the direction's order, filters that fit the metric)."""
    def given(name: str, default: Any = "") -> Any:
        if name in fields:
            return fields[name]
        return getattr(current, name) if current is not None else default

    out: dict[str, Any] = {}
    out["name"] = validation.clean_name(given("name"), field="name", max_length=NAME_MAX)
    key = str(given("metric_key") or "")
    metric = plan_queries.METRICS.get(key)
    if metric is None:
        raise InvalidInput(_("Choose one of the offered metrics."), code="invalid_choice", field="metric_key")
    out["metric_key"] = key
    out["aggregation"] = validation.clean_choice(given("aggregation", Aggregation.SUM) or Aggregation.SUM,
                                                 field="aggregation", choices=Aggregation.choices)
    formula = formulas.formula_for(key)
    platform = str(given("platform") or "")
    allowed = formula.platforms if formula is not None and formula.computed else ()
    if platform and platform not in allowed:
        raise DomainError(_("This metric is not imported from that platform."), code="invalid_choice",
                          field="platform")
    out["platform"] = platform
    out["campaign_contains"] = validation.clean_text(given("campaign_contains"), field="campaign_contains",
                                                     max_length=CAMPAIGN_MAX, multiline=False)
    group = str(given("channel_group") or "")
    if group:
        if group not in queries.channel_groups():
            raise InvalidInput(_("Choose one of the offered channel groups."), code="invalid_choice",
                               field="channel_group")
        if "ga4" not in allowed:
            raise DomainError(_("Only a metric of Google Analytics can be filtered by channel group."),
                              code="invalid_choice", field="channel_group")
    out["channel_group"] = group
    out["unit"] = validation.clean_text(given("unit"), field="unit", max_length=UNIT_MAX, multiline=False)
    if key == formulas.MANUAL and not out["unit"]:
        raise DomainError(_("A KPI entered by hand needs a unit (for example: leads)."), code="required",
                           field="unit")
    direction = given("direction") or (str(metric.direction) if metric.direction is not None else Direction.UP)
    out["direction"] = validation.clean_choice(direction, field="direction", choices=Direction.choices)
    for name in ("baseline", "acceptable", "optimal", "best"):
        out[name] = clean_value(given(name, None), field=name)
    out["baseline_date"] = _clean_date(given("baseline_date", None), field="baseline_date")
    out["due"] = _clean_date(given("due", None), field="due")
    levels = [(n, out[n]) for n in ("acceptable", "optimal", "best") if out[n] is not None]
    for (_a_name, a), (b_name, b) in zip(levels, levels[1:], strict=False):
        if (b < a) if out["direction"] == Direction.UP else (b > a):
            message = (_("When higher is better, each level must be at least the one before it (acceptable, "
                         "optimal, best).") if out["direction"] == Direction.UP else
                       _("When lower is better, each level must be at most the one before it (acceptable, "
                         "optimal, best)."))
            raise DomainError(message, code="level_order", field=b_name)
    if out["baseline_date"] and out["due"] and out["due"] < out["baseline_date"]:
        raise DomainError(_("The due date cannot be before the baseline's date."), code="invalid_date",
                           field="due")
    return out


def _record(actor: Any, action: str, kpi: Kpi, changes: Mapping[str, Any]) -> None:
    audit.record(workspace=kpi.engagement.workspace, actor=actor, action=action, obj=kpi, changes=changes,
                 thread=kpi.engagement)


# --- KPIs -------------------------------------------------------------------------------------------------

def create_kpi(*, actor: Any, membership: Membership | None, engagement: Engagement, plan_task_id: int | None = None,
               **fields: Any) -> Kpi:
    _require(membership, "kpis.edit", engagement)
    clean = _clean_fields(fields)
    with transaction.atomic():
        position = (Kpi.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)
                    .aggregate(m=Max("position"))["m"])
        kpi = Kpi.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                 plan_task_id=plan_task_id, created_by=_user(actor),
                                 position=0 if position is None else position + 1, **clean)
        kpi.engagement = engagement
        _record(actor, "kpis.kpi_created", kpi, audit.snapshot(kpi, KPI_FIELDS))
        evaluate_engagement(engagement)
    kpi.refresh_from_db()
    return kpi


def update_kpi(*, actor: Any, membership: Membership | None, kpi: Kpi, **fields: Any) -> Kpi:
    engagement = kpi.engagement
    _require(membership, "kpis.edit", engagement)
    clean = _clean_fields(fields, kpi)
    with transaction.atomic():
        before = audit.snapshot(kpi, KPI_FIELDS)
        for name, value in clean.items():
            setattr(kpi, name, value)
        changes = audit.diff(before, audit.snapshot(kpi, KPI_FIELDS))
        if changes:
            kpi.revision += 1
            kpi.save()
            _record(actor, "kpis.kpi_updated", kpi, changes)
            evaluate_engagement(engagement)
    kpi.refresh_from_db()
    return kpi


def delete_kpi(*, actor: Any, membership: Membership | None, kpi: Kpi) -> None:
    engagement = kpi.engagement
    _require(membership, "kpis.edit", engagement)
    with transaction.atomic():
        _record(actor, "kpis.kpi_deleted", kpi, {"name": kpi.name, "metric_key": kpi.metric_key})
        kpi.delete()


def import_from_plan(engagement: Engagement, *, actor: Any, membership: Membership | None = None) -> dict[str, int]:
    """One KPI per SMM task of the plan that has a metric key: its name (the task's KPI name, else the metric's
    label), the task's baseline, target (the acceptable level, unless the objective's own levels are in the
    task's unit), due date and direction, the objective's optimal and best levels when in the same unit.
    Idempotent: a task already imported updates its KPI's fields from the plan and never creates a second one.
    Returns {"created": n, "updated": n, "unchanged": n}."""
    _require(membership, "kpis.edit", engagement)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {k.plan_task_id: k for k in Kpi.objects.filter(workspace_id=engagement.workspace_id,
                                                                  engagement=engagement, plan_task__isnull=False)}
        for task in plan_queries.task_kpis(engagement):
            if task.metric_key not in plan_queries.METRICS:
                continue
            with translation.override(engagement.language):  # a metric's label names the KPI in the client's words
                fields = _from_task(task)
            kpi = existing.get(task.task_id)
            given = fields if kpi is None else {**fields, "name": kpi.name}
            try:
                clean = _clean_fields(given, kpi)
            except DomainError:  # the objective's levels do not fit the task's direction: the target alone
                clean = _clean_fields({**given, "optimal": None, "best": None}, kpi)
            if kpi is None:
                position = (Kpi.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)
                            .aggregate(m=Max("position"))["m"])
                kpi = Kpi.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                         plan_task_id=task.task_id, created_by=_user(actor),
                                         position=0 if position is None else position + 1, **clean)
                kpi.engagement = engagement
                _record(actor, "kpis.kpi_imported", kpi, audit.snapshot(kpi, KPI_FIELDS))
                counts["created"] += 1
                continue
            before = audit.snapshot(kpi, KPI_FIELDS)
            for name, value in clean.items():
                setattr(kpi, name, value)
            changes = audit.diff(before, audit.snapshot(kpi, KPI_FIELDS))
            if changes:
                kpi.revision += 1
                kpi.save()
                kpi.engagement = engagement
                _record(actor, "kpis.kpi_imported", kpi, changes)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        evaluate_engagement(engagement)
    return counts


def _from_task(task: Any) -> dict[str, Any]:
    metric = plan_queries.METRICS[task.metric_key]
    name = task.kpi_name or queries.metric_label(task.metric_key)
    same_unit = bool(task.objective_unit) and task.objective_unit.strip() == (task.unit or "").strip()
    direction = task.direction or (str(metric.direction) if metric.direction is not None else
                                   task.objective_direction or Direction.UP)
    acceptable = task.target
    optimal = best = None
    if same_unit and _levels_fit(task, direction):
        acceptable = task.acceptable if task.acceptable is not None else task.target
        optimal, best = task.optimal, task.best
    return {"name": name[:NAME_MAX], "metric_key": task.metric_key,
            "unit": (task.unit or "")[:UNIT_MAX] if metric.manual else "",
            "aggregation": Aggregation.LAST if metric.manual else Aggregation.SUM,
            "direction": direction, "baseline": task.baseline, "baseline_date": task.baseline_date,
            "acceptable": acceptable, "optimal": optimal, "best": best, "due": task.due or task.horizon_end}


def _levels_fit(task: Any, direction: str) -> bool:
    """Whether the objective's levels can be the task's KPI's: a same-named unit is not enough (an objective's
    turnover and a task's cost per lead are both in MDL), so its acceptable level must lie on the good side of
    the task's baseline (above it when higher is better, below when lower is)."""
    level, baseline = task.acceptable, task.baseline
    if level is None or baseline is None:
        return True
    return bool(level >= baseline) if direction == Direction.UP else bool(level <= baseline)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- values entered by hand -------------------------------------------------------------------------------

def add_entry(*, actor: Any, membership: Membership | None, kpi: Kpi, day: Any, value: Any,
              note: Any = "") -> KpiEntry:
    """A value entered by hand for a day (a second one for the same day replaces it)."""
    engagement = kpi.engagement
    _require(membership, "kpis.enter", engagement)
    if not formulas.needs_entries(kpi.metric_key):
        raise DomainError(_("This KPI is computed from the imported data; values cannot be entered by hand."),
                          code="computed", field="value")
    clean_day = _clean_date(day, field="day", required=True)
    assert clean_day is not None
    number = clean_value(value, field="value", required=True)
    assert number is not None
    text = validation.clean_text(note, field="note", max_length=NOTE_MAX, multiline=False)
    with transaction.atomic():
        entry, created = KpiEntry.objects.update_or_create(
            workspace_id=kpi.workspace_id, kpi=kpi, day=clean_day,
            defaults={"value": number, "note": text, "created_by": _user(actor)})
        _record(actor, "kpis.entry_added" if created else "kpis.entry_updated", kpi,
                {"day": clean_day, "value": number, "note": text})
        evaluate_engagement(engagement)
    return entry


def delete_entry(*, actor: Any, membership: Membership | None, entry: KpiEntry) -> None:
    kpi = entry.kpi
    _require(membership, "kpis.enter", kpi.engagement)
    with transaction.atomic():
        _record(actor, "kpis.entry_deleted", kpi, {"day": entry.day, "value": entry.value})
        entry.delete()
        evaluate_engagement(kpi.engagement)


# --- control points ---------------------------------------------------------------------------------------

def add_control_point(*, actor: Any, membership: Membership | None, kpi: Kpi, review_on: Any,
                      reviewer: Any = None) -> ControlPoint:
    engagement = kpi.engagement
    _require(membership, "kpis.edit", engagement)
    day = _clean_date(review_on, field="review_on", required=True)
    assert day is not None
    if reviewer is not None and not Membership.objects.filter(workspace_id=kpi.workspace_id, user=reviewer).exclude(
            role=Role.CLIENT).exists():
        raise DomainError(_("Choose a member of the team."), code="invalid_choice", field="reviewer")
    with transaction.atomic():
        point = ControlPoint.objects.create(workspace_id=kpi.workspace_id, kpi=kpi, review_on=day, reviewer=reviewer)
        _record(actor, "kpis.control_point_added", kpi, {"review_on": day,
                                                         "reviewer": reviewer.email if reviewer else None})
    return point


def record_decision(*, actor: Any, membership: Membership, point: ControlPoint, decision: Any,
                    create_task: bool = True, task_title: Any = "") -> ControlPoint:
    """What was decided at a control point (Markdown), with the KPI's status and current value at that moment;
    ``create_task`` puts a card with the decision on the engagement's board (``board.services``)."""
    kpi = point.kpi
    engagement = kpi.engagement
    _require(membership, "kpis.edit", engagement)
    text = validation.clean_text(decision, field="decision", max_length=DECISION_MAX, required=True)
    title = validation.clean_text(task_title, field="task_title", max_length=200, multiline=False)
    with transaction.atomic():
        today = queries.engagement_today(engagement)
        computed = queries.evaluate_all(engagement, [kpi], today=today)[kpi.pk]
        current = next((p.value for p in reversed(computed.series) if p.value is not None), None)
        point.decision, point.decided_at, point.decided_by = text, timezone.now(), _user(actor)
        point.value, point.status = current, kpi.status
        if create_task and point.task_id is None:
            point.task = board_services.create_task(
                actor=actor, membership=membership, engagement=engagement,
                title=title or (_("KPI %(name)s: act on the control decision") % {"name": kpi.name})[:200],
                description=text)
        point.save()
        _record(actor, "kpis.decision_recorded", kpi, {"review_on": point.review_on, "decision": text,
                                                       "task": point.task.title if point.task else None})
    return point


def delete_control_point(*, actor: Any, membership: Membership | None, point: ControlPoint) -> None:
    kpi = point.kpi
    _require(membership, "kpis.edit", kpi.engagement)
    with transaction.atomic():
        _record(actor, "kpis.control_point_deleted", kpi, {"review_on": point.review_on})
        point.delete()


# --- evaluation and alerts --------------------------------------------------------------------------------

def recipients(engagement: Engagement) -> list[Any]:
    """Who is alerted: the engagement's manager (a member of its workspace), else its owners and managers."""
    members = Membership.objects.filter(workspace_id=engagement.workspace_id).select_related("user")
    if engagement.manager_id is not None:
        found = [m.user for m in members.filter(user_id=engagement.manager_id).exclude(role=Role.CLIENT)]
        if found:
            return found
    return [m.user for m in members.filter(role__in=[Role.OWNER, Role.MANAGER]).order_by("pk")]


def evaluate_engagement(engagement: Engagement, *, today: dt.date | None = None) -> list[KpiAlert]:
    """Evaluate every KPI of the engagement for ``today`` (its own today by default) and store each status and
    reason; for each that worsened, one alert per person to alert and a ``kpi.status_worsened`` event (the
    notifications email it after the commit). Returns the alerts created."""
    today = today or queries.engagement_today(engagement)
    kpis = queries.kpi_list(engagement)
    if not kpis:
        return []
    created: list[KpiAlert] = []
    with transaction.atomic():
        results = queries.evaluate_all(engagement, kpis, today=today)
        people: list[Any] | None = None
        now = timezone.now()
        for kpi in kpis:
            evaluation = results[kpi.pk].evaluation
            new_status, code, params = str(evaluation.status), evaluation.code, dict(evaluation.params)
            changed = kpi.status != new_status
            if changed or kpi.status_code != code or kpi.status_params != params:
                old = kpi.status
                Kpi.objects.filter(pk=kpi.pk).update(status=new_status, status_code=code, status_params=params,
                                                     evaluated_at=now,
                                                     **({"status_changed_at": now} if changed else {}))
                if changed:
                    _emit_status(engagement, kpi, "kpi.status_changed", old, new_status, code, params)
                if worsened(old, new_status):
                    if people is None:
                        people = recipients(engagement)
                    for user in people:
                        created.append(KpiAlert.objects.create(
                            workspace_id=kpi.workspace_id, kpi=kpi, user=user, old_status=old,
                            new_status=new_status, status_code=code, status_params=params))
                    audit.record(workspace=engagement.workspace, actor=None, action="kpis.status_worsened",
                                 obj=kpi, thread=engagement, changes={"status": [old, new_status]})
                    # the manager is told by the notifications (in the app, and by email as they chose)
                    _emit_status(engagement, kpi, "kpi.status_worsened", old, new_status, code, params,
                                 audience=("manager",))
            else:
                Kpi.objects.filter(pk=kpi.pk).update(evaluated_at=now)
    return created


def _emit_status(engagement: Engagement, kpi: Kpi, kind: str, old: str, new: str, code: str,
                 params: Mapping[str, Any], *, audience: tuple[str, ...] = ()) -> None:
    from django.urls import reverse

    words = {**params, **queries.reason_params(kpi, str(engagement.currency or "")), **params}
    words.update(name=kpi.name)
    events.emit(kind, workspace=engagement.workspace_id, engagement=engagement, subject=kpi, subject_title=kpi.name,
                audience=audience,
                data={"kpi": str(kpi.uuid), "name": kpi.name, "old": old, "new": new, "code": code,
                      "params": _json_safe(words),
                      "url": reverse("kpis:kpi", args=[engagement.workspace.slug, engagement.uuid, kpi.uuid])})


def _json_safe(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool) or v is None else str(v) for k, v in values.items()}


def alerts_emailed(*, kpi_uuid: str, user_id: int) -> int:
    """The notifications emailed a worsening of this KPI to this person: their alerts of it are emailed."""
    return KpiAlert.objects.filter(kpi__uuid=kpi_uuid, user_id=user_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now())


def evaluate_due(*, today: dt.date | None = None) -> int:
    """The daily run: evaluate every engagement not archived that has KPIs (each in its workspace's scope and
    its own transaction); returns how many alerts were created."""
    from cadence.core.models import Workspace
    from cadence.core.scoping import scope

    total = 0
    for ws in Workspace.objects.order_by("pk"):
        with scope(workspace=ws):
            engagements = {k.engagement_id: k.engagement for k in Kpi.objects.filter(
                workspace=ws, engagement__archived=False).select_related("engagement", "engagement__workspace")}
            for _pk, engagement in sorted(engagements.items()):
                try:
                    total += len(evaluate_engagement(engagement, today=today))
                except Exception:
                    log.exception("evaluating the KPIs of engagement %s failed", engagement.pk)
    return total


def mark_alert_read(*, membership: Membership, alert: KpiAlert) -> KpiAlert:
    if alert.user_id != membership.user_id or alert.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert


def mark_all_read(*, membership: Membership) -> int:
    return KpiAlert.objects.filter(workspace_id=membership.workspace_id, user_id=membership.user_id,
                                   read_at__isnull=True).update(read_at=timezone.now())


STATUS_VALUES = Status.values
