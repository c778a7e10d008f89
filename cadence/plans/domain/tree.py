"""The goal tree as plain data (seeds 002, 003, 004), as the app layer hands it to the rules.

Objective (department, its own tasks, why social media serves them, horizon, three target levels)
-> SMM tasks (4-8, each SMART) -> one KPI per task, and actions (channel, rank by expected impact)
-> 2-5 tracked metrics per action. Every record has a stable ``uid`` so findings can point at it.
Blank texts are empty strings, not None; a number or a date not given yet is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cadence.plans.domain.metrics import Direction


@dataclass(frozen=True)
class Kpi:
    metric_key: str  # a key of ``metrics.METRICS``, ``manual``, or "" when not chosen yet
    unit: str = ""  # "%", "s", a currency code ("EUR") for money, free text for manual metrics
    baseline: Decimal | None = None
    target: Decimal | None = None
    due: dt.date | None = None
    baseline_date: dt.date | None = None  # when the baseline was measured; else the horizon's start
    direction: Direction | None = None  # only for manual metrics: which way is better


@dataclass(frozen=True)
class TrackedMetric:
    uid: str
    name: str
    metric_key: str = ""  # optional link to a key of ``metrics.METRICS``


@dataclass(frozen=True)
class Action:
    uid: str
    title: str
    channel: str
    rank: int | None  # 1 = the highest expected impact on the task
    metrics: tuple[TrackedMetric, ...] = ()


@dataclass(frozen=True)
class SmmTask:
    uid: str
    title: str
    department_task: str | None  # uid of the department task it serves
    kpi: Kpi | None
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class DepartmentTask:
    uid: str
    text: str


@dataclass(frozen=True)
class Objective:
    uid: str
    department: str  # who: marketing, sales, customer service, HR, ...
    department_tasks: tuple[DepartmentTask, ...] = ()
    smm_goal: str = ""  # why social media serves the department's tasks
    horizon_start: dt.date | None = None
    horizon_end: dt.date | None = None  # inclusive
    acceptable: Decimal | None = None
    optimal: Decimal | None = None
    best: Decimal | None = None
    direction: Direction = Direction.UP  # a DOWN objective has acceptable >= optimal >= best
    tasks: tuple[SmmTask, ...] = ()
