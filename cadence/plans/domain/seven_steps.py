"""Seed 004's 7-step view of an objective ("who, why, what, how") and what is incomplete at each step.

The steps, in the seed's order:

1. ``who``: the department that uses social media;
2. ``department_tasks``: that department's own tasks;
3. ``smm_goals``: why social media serves them (and the objective's SMART findings: levels, horizon);
4. ``smm_tasks``: 4 to 8 tasks (``MIN_TASKS``/``MAX_TASKS``), each SMART and serving a department task;
5. ``kpis``: one KPI per task;
6. ``actions``: actions per task, each on a channel, ranked by expected impact (ranks 1, 2, ... given,
   none missing, none twice within a task; gaps are allowed: they only order);
7. ``metrics``: 2 to 5 tracked metrics per action (``MIN_METRICS``/``MAX_METRICS``).

A step with nothing in it yet reports one ``step_empty`` finding instead of its detailed ones; a step is
complete when it has no findings. Parameters name the records by uid (``task``, ``action``,
``department_task``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from cadence.plans.domain.findings import Finding
from cadence.plans.domain.smart import LETTER_OF, LETTERS, check_objective, task_findings
from cadence.plans.domain.tree import Objective

MIN_TASKS, MAX_TASKS = 4, 8
MIN_METRICS, MAX_METRICS = 2, 5


class Step(StrEnum):
    WHO = "who"
    DEPARTMENT_TASKS = "department_tasks"
    SMM_GOALS = "smm_goals"
    SMM_TASKS = "smm_tasks"
    KPIS = "kpis"
    ACTIONS = "actions"
    METRICS = "metrics"


STEPS = tuple(Step)

CODES = frozenset({
    "step_empty", "blank_department_task", "objective_not_smart", "too_few_tasks", "too_many_tasks",
    "task_not_smart", "task_without_kpi", "task_without_actions", "action_without_channel",
    "action_rank_missing", "action_rank_duplicate", "action_rank_invalid", "too_few_metrics",
    "too_many_metrics", "metric_without_name",
})


@dataclass(frozen=True)
class StepStatus:
    step: Step
    number: int  # 1..7
    findings: tuple[Finding, ...]

    @property
    def complete(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class SevenStepView:
    objective: str  # uid
    steps: tuple[StepStatus, ...]

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.steps)

    @property
    def next_step(self) -> StepStatus | None:
        """The first incomplete step: where the guided view opens."""
        return next((s for s in self.steps if not s.complete), None)

    def status(self, step: Step) -> StepStatus:
        return self.steps[STEPS.index(step)]


def _who(obj: Objective) -> list[Finding]:
    return [] if obj.department.strip() else [Finding("step_empty")]


def _department_tasks(obj: Objective) -> list[Finding]:
    texts = [d for d in obj.department_tasks if d.text.strip()]
    if not texts:
        return [Finding("step_empty")]
    return [Finding("blank_department_task", {"department_task": d.uid})
            for d in obj.department_tasks if not d.text.strip()]


def _smm_goals(obj: Objective) -> list[Finding]:
    if not obj.smm_goal.strip():
        return [Finding("step_empty")]
    smart = check_objective(obj)
    if smart.ok:
        return []
    return [Finding("objective_not_smart", {"letters": "".join(smart.failed),
                                            "codes": ",".join(f.code for f in smart.findings)})]


def _smm_tasks(obj: Objective) -> list[Finding]:
    n = len(obj.tasks)
    if n == 0:
        return [Finding("step_empty")]
    out: list[Finding] = []
    if n < MIN_TASKS:
        out.append(Finding("too_few_tasks", {"count": n, "min": MIN_TASKS}))
    if n > MAX_TASKS:
        out.append(Finding("too_many_tasks", {"count": n, "max": MAX_TASKS}))
    for task in obj.tasks:
        found = task_findings(task, obj)
        if found:
            letters = {LETTER_OF[f.code] for f in found}
            out.append(Finding("task_not_smart", {
                "task": task.uid, "letters": "".join(x for x in LETTERS if x in letters),
                "codes": ",".join(f.code for f in found)}))
    return out


def _kpis(obj: Objective) -> list[Finding]:
    if not any(t.kpi is not None for t in obj.tasks):
        return [Finding("step_empty")]
    return [Finding("task_without_kpi", {"task": t.uid}) for t in obj.tasks if t.kpi is None]


def _actions(obj: Objective) -> list[Finding]:
    if not any(t.actions for t in obj.tasks):
        return [Finding("step_empty")]
    out: list[Finding] = []
    for task in obj.tasks:
        if not task.actions:
            out.append(Finding("task_without_actions", {"task": task.uid}))
            continue
        for action in task.actions:
            if not action.channel.strip():
                out.append(Finding("action_without_channel", {"task": task.uid, "action": action.uid}))
            if action.rank is None:
                out.append(Finding("action_rank_missing", {"task": task.uid, "action": action.uid}))
            elif action.rank < 1:
                out.append(Finding("action_rank_invalid", {"task": task.uid, "action": action.uid,
                                                           "rank": action.rank}))
        counts = Counter(a.rank for a in task.actions if a.rank is not None and a.rank >= 1)
        for rank, times in sorted(counts.items()):
            if times > 1:
                out.append(Finding("action_rank_duplicate", {"task": task.uid, "rank": rank, "count": times}))
    return out


def _metrics(obj: Objective) -> list[Finding]:
    actions = [(t, a) for t in obj.tasks for a in t.actions]
    if not any(a.metrics for _t, a in actions):
        return [Finding("step_empty")]
    out: list[Finding] = []
    for task, action in actions:
        n = len(action.metrics)
        where = {"task": task.uid, "action": action.uid}
        if n < MIN_METRICS:
            out.append(Finding("too_few_metrics", {**where, "count": n, "min": MIN_METRICS}))
        if n > MAX_METRICS:
            out.append(Finding("too_many_metrics", {**where, "count": n, "max": MAX_METRICS}))
        out += [Finding("metric_without_name", {**where, "metric": m.uid}) for m in action.metrics
                if not m.name.strip()]
    return out


_RULES = (_who, _department_tasks, _smm_goals, _smm_tasks, _kpis, _actions, _metrics)


def seven_steps(obj: Objective) -> SevenStepView:
    """Walk the objective's goal tree in seed 004's order and list what is incomplete at each step."""
    return SevenStepView(obj.uid, tuple(
        StepStatus(step, number, tuple(rule(obj)))
        for number, (step, rule) in enumerate(zip(STEPS, _RULES, strict=True), start=1)
    ))
