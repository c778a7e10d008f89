"""The SMART check of an SMM task (with its KPI) against its objective.

``check_task(task, objective)`` returns a ``SmartResult``: the findings (codes with parameters) and the
letters that fail. ``check_objective(objective)`` checks the objective alone (horizon, three levels).
Each code belongs to one letter (``LETTER_OF``):

S, specific
    ``no_title`` the task says nothing; ``unknown_metric`` the KPI's metric key is not in
    ``metrics.METRICS`` (``no_metric``: none chosen).
M, measurable
    ``no_kpi`` the task has no KPI; ``no_target`` / ``no_baseline`` no number to measure; ``no_unit``
    a money KPI without its currency or a manual KPI without a unit; ``unit_mismatch`` a unit that
    contradicts the metric (a percentage in something other than "%", seconds not in "s", money not in a
    three-letter currency code); ``no_direction`` a manual KPI that does not say whether up or down is
    better; ``target_not_beyond_baseline`` the target does not improve on the baseline in the metric's
    direction (for cost per click, lower is better); ``levels_missing`` / ``levels_out_of_order`` the
    objective's three levels are not all given or not acceptable <= optimal <= best (>= for an
    objective whose direction is down).
A, achievable
    ``value_out_of_range`` a negative count, amount or duration, or a percentage outside 0-100;
    ``growth_too_steep`` the target asks for more change than ``MAX_FACTOR_PER_YEAR`` allows (below).
R, relevant
    ``no_department_task`` the task serves none of the department's tasks;
    ``unknown_department_task`` it points at a task that is not the objective's.
T, time-bound
    ``no_due_date``; ``no_horizon`` the objective has no start or end; ``horizon_too_short`` under one
    year (seed 001: a business goal needs at least the company's year: the end, inclusive, is at least
    the day before the start's anniversary); ``due_after_horizon`` the KPI is due after the objective
    ends; ``due_before_start`` the KPI is due on or before its baseline date (or the horizon's start).

The growth rule (A): over the period from the baseline date (else the horizon's start) to the due date,
of ``days`` days, a metric may change at most by ``limit ** (days / 365)``, where ``limit`` is the
metric's growth class factor per year: audience (followers) 5-fold, volume (reach, sessions, clicks,
conversions) 10-fold, rates 3-fold, costs cut to a third. The change is ``target / baseline`` for a metric
that should go up and ``baseline / target`` for one that should go down, compounded, so 20 % more
followers in 3 months and twice the followers in 6 months pass while three times in 6 months does not.
A small audience may always grow to ``AUDIENCE_FLOOR`` (1,000) followers: from 80 followers, 1,000 in a
year is a normal start. A volume from zero is not checked (there is no ratio); a cost cut to zero is
flagged. Manual metrics have no growth rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from cadence.plans.domain.findings import Finding, date_text, number_text
from cadence.plans.domain.metrics import MANUAL, Direction, GrowthClass, UnitKind, get_metric
from cadence.plans.domain.tree import Kpi, Objective, SmmTask

LETTERS = ("S", "M", "A", "R", "T")

LETTER_OF: dict[str, str] = {
    "no_title": "S", "no_metric": "S", "unknown_metric": "S",
    "no_kpi": "M", "no_target": "M", "no_baseline": "M", "no_unit": "M", "unit_mismatch": "M",
    "no_direction": "M", "target_not_beyond_baseline": "M", "levels_missing": "M", "levels_out_of_order": "M",
    "value_out_of_range": "A", "growth_too_steep": "A",
    "no_department_task": "R", "unknown_department_task": "R",
    "no_due_date": "T", "no_horizon": "T", "horizon_too_short": "T", "due_after_horizon": "T",
    "due_before_start": "T",
}
CODES = frozenset(LETTER_OF)

# Most change a year (compounded) the SMART check accepts, by growth class (see the module docstring).
MAX_FACTOR_PER_YEAR: dict[GrowthClass, Decimal] = {
    GrowthClass.AUDIENCE: Decimal(5),
    GrowthClass.VOLUME: Decimal(10),
    GrowthClass.RATE: Decimal(3),
    GrowthClass.COST: Decimal(3),
}
AUDIENCE_FLOOR = Decimal(1000)
DAYS_PER_YEAR = Decimal(365)

_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class SmartResult:
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> tuple[str, ...]:
        """The letters that fail, in S-M-A-R-T order."""
        letters = {LETTER_OF[f.code] for f in self.findings}
        return tuple(x for x in LETTERS if x in letters)

    @property
    def ok(self) -> bool:
        return not self.findings

    def of_letter(self, letter: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if LETTER_OF[f.code] == letter)


def one_year_after(start: dt.date) -> dt.date:
    """The start's anniversary (29 February -> 1 March)."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return dt.date(start.year + 1, 3, 1)


def _objective_findings(obj: Objective) -> list[Finding]:
    out: list[Finding] = []
    levels = {"acceptable": obj.acceptable, "optimal": obj.optimal, "best": obj.best}
    missing = [name for name, value in levels.items() if value is None]
    if missing:
        out.append(Finding("levels_missing", {"missing": ",".join(missing)}))
    elif obj.acceptable is not None and obj.optimal is not None and obj.best is not None:
        up = obj.direction == Direction.UP
        ordered = (obj.acceptable <= obj.optimal <= obj.best) if up else (obj.acceptable >= obj.optimal >= obj.best)
        if not ordered:
            out.append(Finding("levels_out_of_order", {
                "acceptable": number_text(obj.acceptable), "optimal": number_text(obj.optimal),
                "best": number_text(obj.best), "direction": obj.direction.value}))
    if obj.horizon_start is None or obj.horizon_end is None:
        out.append(Finding("no_horizon"))
    elif obj.horizon_end < one_year_after(obj.horizon_start) - dt.timedelta(days=1):
        out.append(Finding("horizon_too_short", {
            "start": date_text(obj.horizon_start), "end": date_text(obj.horizon_end),
            "days": (obj.horizon_end - obj.horizon_start).days + 1}))
    return out


def check_objective(obj: Objective) -> SmartResult:
    """The objective alone: its three levels (M) and its horizon (T)."""
    return SmartResult(tuple(_objective_findings(obj)))


def _unit_findings(kpi: Kpi, unit: UnitKind) -> list[Finding]:
    text = kpi.unit.strip()
    if unit == UnitKind.CUSTOM or unit == UnitKind.MONEY:
        if not text:
            return [Finding("no_unit")]
        if unit == UnitKind.MONEY and not _CURRENCY.match(text):
            return [Finding("unit_mismatch", {"unit": text, "expected": "currency"})]
        return []
    expected = {UnitKind.PERCENT: "%", UnitKind.SECONDS: "s"}.get(unit)
    if text and expected is not None and text != expected:
        return [Finding("unit_mismatch", {"unit": text, "expected": expected})]
    return []


def _range_findings(kpi: Kpi, unit: UnitKind) -> list[Finding]:
    if unit == UnitKind.CUSTOM:
        return []
    out: list[Finding] = []
    for name, value in (("baseline", kpi.baseline), ("target", kpi.target)):
        if value is None:
            continue
        if value < 0 or (unit == UnitKind.PERCENT and value > 100):
            out.append(Finding("value_out_of_range", {"field": name, "value": number_text(value),
                                                      "unit": unit.value}))
    return out


def _growth_finding(kpi: Kpi, growth: GrowthClass, direction: Direction, start: dt.date | None) -> Finding | None:
    limit = MAX_FACTOR_PER_YEAR.get(growth)
    if limit is None or kpi.baseline is None or kpi.target is None or kpi.due is None or start is None:
        return None
    days = (kpi.due - start).days
    if days <= 0 or kpi.baseline < 0 or kpi.target < 0:
        return None
    allowed = limit ** (Decimal(days) / DAYS_PER_YEAR)
    if direction == Direction.UP:
        if kpi.target <= kpi.baseline:
            return None
        most = kpi.baseline * allowed
        if growth == GrowthClass.AUDIENCE:
            most = max(most, AUDIENCE_FLOOR)
        if kpi.baseline == 0 and growth != GrowthClass.AUDIENCE:
            return None
        steep = kpi.target > most
    else:
        if kpi.target >= kpi.baseline:
            return None
        most = kpi.baseline / allowed  # the lowest target accepted
        steep = kpi.target < most
    if not steep:
        return None
    return Finding("growth_too_steep", {
        "baseline": number_text(kpi.baseline), "target": number_text(kpi.target), "days": days,
        "limit_per_year": number_text(limit), "growth": growth.value, "direction": direction.value,
        "accepted": number_text(most.quantize(Decimal("0.01"))),
    })


def _kpi_findings(kpi: Kpi, obj: Objective) -> list[Finding]:
    out: list[Finding] = []
    key = kpi.metric_key.strip()
    metric = get_metric(key) if key else None
    if not key:
        out.append(Finding("no_metric"))
    elif metric is None:
        out.append(Finding("unknown_metric", {"metric": key}))
    if kpi.target is None:
        out.append(Finding("no_target"))
    if kpi.baseline is None:
        out.append(Finding("no_baseline"))
    unit = metric.unit if metric is not None else UnitKind.CUSTOM
    if metric is not None:
        out += _unit_findings(kpi, unit)
    direction = metric.direction if metric is not None and metric.direction is not None else kpi.direction
    if metric is not None and metric.key == MANUAL and kpi.direction is None:
        out.append(Finding("no_direction"))
    if direction is not None and kpi.baseline is not None and kpi.target is not None:
        not_beyond = kpi.target <= kpi.baseline if direction == Direction.UP else kpi.target >= kpi.baseline
        if not_beyond:
            out.append(Finding("target_not_beyond_baseline", {
                "baseline": number_text(kpi.baseline), "target": number_text(kpi.target),
                "direction": direction.value}))
    if metric is not None:
        out += _range_findings(kpi, unit)
    start = kpi.baseline_date or obj.horizon_start
    if kpi.due is None:
        out.append(Finding("no_due_date"))
    else:
        if obj.horizon_end is not None and kpi.due > obj.horizon_end:
            out.append(Finding("due_after_horizon", {"due": date_text(kpi.due),
                                                     "horizon_end": date_text(obj.horizon_end)}))
        if start is not None and kpi.due <= start:
            out.append(Finding("due_before_start", {"due": date_text(kpi.due), "start": date_text(start)}))
    if metric is not None and direction is not None and not any(f.code == "value_out_of_range" for f in out):
        steep = _growth_finding(kpi, metric.growth, direction, start)
        if steep is not None:
            out.append(steep)
    return out


def task_findings(task: SmmTask, obj: Objective) -> tuple[Finding, ...]:
    """What fails in the task and its KPI, without the objective's own findings."""
    out: list[Finding] = []
    if not task.title.strip():
        out.append(Finding("no_title"))
    if task.kpi is None:
        out += [Finding("no_kpi"), Finding("no_due_date")]
    else:
        out += _kpi_findings(task.kpi, obj)
    if task.department_task is None or not task.department_task.strip():
        out.append(Finding("no_department_task"))
    elif task.department_task not in {d.uid for d in obj.department_tasks}:
        out.append(Finding("unknown_department_task", {"department_task": task.department_task}))
    return tuple(out)


def check_task(task: SmmTask, obj: Objective) -> SmartResult:
    """The task, its KPI and its objective: every SMART finding, the objective's first."""
    return SmartResult(tuple(_objective_findings(obj)) + task_findings(task, obj))
