"""A KPI's status and the reason for it, as data (pure: no Django; the app words the reason).

* Due date passed: the last value against the acceptable level (``due_met`` on track, ``due_missed`` off
  track).
* Otherwise the projection to the due date (``projection.py``) against the acceptable level: the projected
  value reaches it -> on track (``on_track``); only the optimistic end of the 80 % range reaches it -> at risk
  (``at_risk``); not even that -> off track (``off_track``).
* No data, with the reason: no acceptable level (``no_levels``), no due date (``no_due``), no value yet
  (``no_values``), fewer points than the projection needs (``too_few_points``).

"Reaches" follows the direction: at or above the level when higher is better, at or below when lower is.
``worsened(old, new)``: on track -> at risk -> off track is worse; "no data" is no judgement, so a change from
or to it never counts as worsening (a new KPI's first evaluation alerts nobody).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from cadence.kpis.domain.projection import MIN_POINTS, Projection


class Status(StrEnum):
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


RANK = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.OFF_TRACK: 2}
UP, DOWN = "up", "down"


@dataclass(frozen=True)
class Evaluation:
    status: Status
    code: str
    params: dict[str, str | int] = field(default_factory=dict)


def reaches(value: Decimal, level: Decimal, direction: str) -> bool:
    return value <= level if direction == DOWN else value >= level


def best_level(value: Decimal, *, direction: str, acceptable: Decimal | None, optimal: Decimal | None,
               best: Decimal | None) -> str:
    """The highest of the three levels a value reaches ("" for none)."""
    for name, level in (("best", best), ("optimal", optimal), ("acceptable", acceptable)):
        if level is not None and reaches(value, level, direction):
            return name
    return ""


def _s(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)  # 1600, never 1.6E+3


def evaluate(*, direction: str, acceptable: Decimal | None, optimal: Decimal | None = None,
             best: Decimal | None = None, due: dt.date | None, today: dt.date,
             last: tuple[dt.date, Decimal] | None, projection: Projection | None, points: int) -> Evaluation:
    """The status of a KPI. ``last`` is its latest value and the day it is for; ``projection`` the value
    projected to the due date (None: too few points); ``points`` how many periods had a value."""
    if acceptable is None:
        return Evaluation(Status.NO_DATA, "no_levels")
    levels: dict[str, str | int] = {"acceptable": _s(acceptable)}
    if due is None:
        return Evaluation(Status.NO_DATA, "no_due", levels)
    base: dict[str, str | int] = {**levels, "due": due.isoformat()}
    if last is None:
        return Evaluation(Status.NO_DATA, "no_values", base)
    if today > due:
        params: dict[str, str | int] = {**base, "value": _s(last[1]), "on": last[0].isoformat(),
                                        "level": best_level(last[1], direction=direction, acceptable=acceptable,
                                                            optimal=optimal, best=best)}
        if reaches(last[1], acceptable, direction):
            return Evaluation(Status.ON_TRACK, "due_met", params)
        return Evaluation(Status.OFF_TRACK, "due_missed", params)
    if projection is None:
        return Evaluation(Status.NO_DATA, "too_few_points", {**base, "count": points, "needed": MIN_POINTS})
    params = {**base, "value": _s(projection.value), "low": _s(projection.low), "high": _s(projection.high),
              "level": best_level(projection.value, direction=direction, acceptable=acceptable, optimal=optimal,
                                  best=best)}
    optimistic = projection.low if direction == DOWN else projection.high
    if reaches(projection.value, acceptable, direction):
        return Evaluation(Status.ON_TRACK, "on_track", params)
    if reaches(optimistic, acceptable, direction):
        return Evaluation(Status.AT_RISK, "at_risk", params)
    return Evaluation(Status.OFF_TRACK, "off_track", params)


def worsened(old: str, new: str) -> bool:
    """Whether a status change is for the worse (on track -> at risk -> off track)."""
    if old not in RANK or new not in RANK:
        return False
    return RANK[Status(new)] > RANK[Status(old)]


def progress(baseline: Decimal | None, acceptable: Decimal | None, value: Decimal | None) -> Decimal | None:
    """The share (0 = at the baseline, 1 = at the acceptable level; beyond either end as it is) of the way
    from the baseline to the acceptable level; None without both ends or a value."""
    if baseline is None or acceptable is None or value is None or acceptable == baseline:
        return None
    return (value - baseline) / (acceptable - baseline)
