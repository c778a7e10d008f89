"""Builders for goal trees in the plans' pure tests (no database): a complete objective and its parts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from cadence.plans.domain.tree import Action, DepartmentTask, Kpi, Objective, SmmTask, TrackedMetric

D = Decimal
START = dt.date(2027, 1, 1)
END = dt.date(2027, 12, 31)


def kpi(**kw) -> Kpi:
    base = Kpi("instagram.followers", "", D(2000), D(2400), dt.date(2027, 4, 1))
    return replace(base, **kw)


def objective(**kw) -> Objective:
    base = Objective(
        uid="o1", department="marketing",
        department_tasks=(DepartmentTask("d1", "More online orders"), DepartmentTask("d2", "Loyal customers")),
        smm_goal="Build a community that orders online", horizon_start=START, horizon_end=END,
        acceptable=D(100), optimal=D(120), best=D(150),
    )
    return replace(base, **kw)


def action(uid: str, rank: int | None, n_metrics: int = 3, channel: str = "instagram") -> Action:
    return Action(uid, f"Action {uid}", channel, rank,
                  tuple(TrackedMetric(f"{uid}-m{i}", f"metric {i}") for i in range(n_metrics)))


def task(uid: str = "t1", **kw) -> SmmTask:
    base = SmmTask(uid, f"Task {uid}", "d1", kpi(), (action(f"{uid}a", 1), action(f"{uid}b", 2)))
    return replace(base, **kw)


def full_objective(n_tasks: int = 4, **kw) -> Objective:
    """An objective whose 7-step view is complete."""
    return objective(tasks=tuple(task(f"t{i}") for i in range(1, n_tasks + 1)), **kw)
