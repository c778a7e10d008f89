"""Seed 004's 7-step view of an objective: what is incomplete at each step (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from cadence.plans.domain.seven_steps import (
    CODES,
    MAX_METRICS,
    MAX_TASKS,
    MIN_METRICS,
    MIN_TASKS,
    STEPS,
    Step,
    seven_steps,
)
from cadence.plans.domain.tree import Action, DepartmentTask, Objective, TrackedMetric

from .builders import action, full_objective, kpi, objective, task


def findings(view, step: Step) -> list[tuple[str, dict]]:
    return [(f.code, dict(f.params)) for f in view.status(step).findings]


def all_codes(view) -> set[str]:
    return {f.code for s in view.steps for f in s.findings}


def test_the_steps_follow_seed_004():
    assert [s.value for s in STEPS] == ["who", "department_tasks", "smm_goals", "smm_tasks", "kpis", "actions",
                                       "metrics"]
    view = seven_steps(full_objective())
    assert [s.number for s in view.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert (MIN_TASKS, MAX_TASKS, MIN_METRICS, MAX_METRICS) == (4, 8, 2, 5)


def test_a_complete_objective_has_nothing_to_do():
    view = seven_steps(full_objective())
    assert view.complete and view.next_step is None and view.objective == "o1"
    assert seven_steps(full_objective(8)).complete


def test_a_new_objective_is_empty_at_every_step_and_opens_at_the_first():
    view = seven_steps(Objective(uid="o2", department=""))
    assert [f.code for s in view.steps for f in s.findings] == ["step_empty"] * 7
    assert view.next_step is not None and view.next_step.step == Step.WHO and not view.complete


def test_who_and_the_department_tasks():
    view = seven_steps(full_objective(department=" "))
    assert findings(view, Step.WHO) == [("step_empty", {})]
    assert view.next_step.step == Step.WHO
    view = seven_steps(full_objective(department_tasks=(DepartmentTask("d1", "More orders"), DepartmentTask("d2", ""))))
    assert findings(view, Step.DEPARTMENT_TASKS) == [("blank_department_task", {"department_task": "d2"})]
    view = seven_steps(full_objective(department_tasks=(DepartmentTask("d1", " "),)))
    assert findings(view, Step.DEPARTMENT_TASKS) == [("step_empty", {})]


def test_the_smm_goal_and_the_objective_s_own_smart_findings():
    assert findings(seven_steps(full_objective(smm_goal="")), Step.SMM_GOALS) == [("step_empty", {})]
    view = seven_steps(full_objective(horizon_end=dt.date(2027, 6, 30)))
    assert findings(view, Step.SMM_GOALS) == [("objective_not_smart", {"letters": "T", "codes": "horizon_too_short"})]
    assert view.status(Step.SMM_TASKS).complete  # the objective's findings are not repeated for each task


@pytest.mark.parametrize(("n", "expected"), [
    (0, [("step_empty", {})]),
    (1, [("too_few_tasks", {"count": 1, "min": 4})]),
    (3, [("too_few_tasks", {"count": 3, "min": 4})]),
    (4, []),
    (8, []),
    (9, [("too_many_tasks", {"count": 9, "max": 8})]),
])
def test_four_to_eight_smm_tasks(n, expected):
    assert findings(seven_steps(full_objective(n)), Step.SMM_TASKS) == expected


def test_each_task_must_be_smart():
    tasks = (task("t1"), task("t2", department_task=None), task("t3", kpi=kpi(due=None, target=None)), task("t4"))
    view = seven_steps(objective(tasks=tasks))
    assert findings(view, Step.SMM_TASKS) == [
        ("task_not_smart", {"task": "t2", "letters": "R", "codes": "no_department_task"}),
        ("task_not_smart", {"task": "t3", "letters": "MT", "codes": "no_target,no_due_date"}),
    ]


def test_one_kpi_per_task():
    tasks = (task("t1"), task("t2", kpi=None), task("t3"), task("t4", kpi=None))
    view = seven_steps(objective(tasks=tasks))
    assert findings(view, Step.KPIS) == [("task_without_kpi", {"task": "t2"}), ("task_without_kpi", {"task": "t4"})]
    no_kpis = seven_steps(objective(tasks=tuple(task(f"t{i}", kpi=None) for i in range(4))))
    assert findings(no_kpis, Step.KPIS) == [("step_empty", {})]


def test_actions_on_a_channel_ranked_without_gaps_in_meaning():
    t1 = task("t1", actions=(action("a1", 1), action("a2", 3)))  # gaps only order: fine
    t2 = task("t2", actions=())
    t3 = task("t3", actions=(action("a3", 1, channel=" "), action("a4", None), action("a5", 0)))
    t4 = task("t4", actions=(action("a6", 2), action("a7", 2), action("a8", 2), action("a9", 1)))
    view = seven_steps(objective(tasks=(t1, t2, t3, t4)))
    assert findings(view, Step.ACTIONS) == [
        ("task_without_actions", {"task": "t2"}),
        ("action_without_channel", {"task": "t3", "action": "a3"}),
        ("action_rank_missing", {"task": "t3", "action": "a4"}),
        ("action_rank_invalid", {"task": "t3", "action": "a5", "rank": 0}),
        ("action_rank_duplicate", {"task": "t4", "rank": 2, "count": 3}),
    ]
    assert view.next_step.step == Step.ACTIONS


def test_the_same_rank_in_two_tasks_is_fine():
    view = seven_steps(objective(tasks=tuple(task(f"t{i}", actions=(action(f"a{i}", 1),)) for i in range(4))))
    assert "action_rank_duplicate" not in all_codes(view)


def test_no_action_anywhere_is_an_empty_step():
    view = seven_steps(objective(tasks=tuple(task(f"t{i}", actions=()) for i in range(4))))
    assert findings(view, Step.ACTIONS) == [("step_empty", {})]
    assert findings(view, Step.METRICS) == [("step_empty", {})]


@pytest.mark.parametrize(("n", "code"), [(1, "too_few_metrics"), (2, None), (5, None), (6, "too_many_metrics")])
def test_two_to_five_metrics_per_action(n, code):
    t1 = task("t1", actions=(action("a1", 1, n_metrics=n), action("a2", 2)))
    view = seven_steps(objective(tasks=(t1, task("t2"), task("t3"), task("t4"))))
    found = findings(view, Step.METRICS)
    if code is None:
        assert found == []
    else:
        bound = {"min": 2} if code == "too_few_metrics" else {"max": 5}
        assert found == [(code, {"task": "t1", "action": "a1", "count": n, **bound})]


def test_an_action_without_metrics_counts_and_blank_metric_names_are_listed():
    a1 = Action("a1", "Reels", "instagram", 1, ())
    a2 = Action("a2", "Stories", "instagram", 2, (TrackedMetric("m1", "reach"), TrackedMetric("m2", " ")))
    view = seven_steps(objective(tasks=(task("t1", actions=(a1, a2)), task("t2"), task("t3"), task("t4"))))
    assert findings(view, Step.METRICS) == [
        ("too_few_metrics", {"task": "t1", "action": "a1", "count": 0, "min": 2}),
        ("metric_without_name", {"task": "t1", "action": "a2", "metric": "m2"}),
    ]


def test_every_code_is_listed():
    messy = objective(
        department="", smm_goal="x", horizon_end=None,
        department_tasks=(DepartmentTask("d1", "x"), DepartmentTask("d2", "")),
        tasks=(task("t1", kpi=None, actions=(action("a1", None, 1, channel=""), action("a2", 0, 6),
                                             Action("a3", "", "fb", 1, (TrackedMetric("m", ""),)),
                                             action("a4", 1))),
               task("t2", actions=())),
    )
    view = seven_steps(messy)
    assert all_codes(view) <= CODES
    assert all_codes(view) | {"step_empty", "too_many_tasks"} == CODES
