"""A KPI's trend projected to its due date, with a range (pure: no Django).

The method, ordinary least squares with an 80 % prediction interval:

1. The points are the KPI's values of its last ``window`` periods that have a value (default 6; a period
   still running is left out by the caller when its value is a sum that grows with the days). ``x`` is the
   period's index (months or weeks from the first point), ``y`` its value. Fewer than ``MIN_POINTS`` (3)
   points give no projection: a line through two points says nothing about how far the values scatter.
2. The line ``y = a + b x`` minimises the squared vertical distances: ``b = Sxy / Sxx``,
   ``a = mean(y) - b mean(x)``, with ``Sxx = sum((x - mean x)^2)``, ``Sxy = sum((x - mean x)(y - mean y))``.
3. The projection is the line's value at the due date's period ``x0``: ``y0 = a + b x0``.
4. The range is the 80 % prediction interval of a new value at ``x0``:
   ``y0 +/- t * s * sqrt(1 + 1/n + (x0 - mean x)^2 / Sxx)``, where ``s^2 = SSE / (n - 2)`` is the residual
   variance and ``t`` Student's 0.90 quantile with ``n - 2`` degrees of freedom (``T90`` below; 1.282, the
   normal quantile, beyond 30). The range widens with the scatter of the points and with the distance to the
   due date, and is exact under the usual assumptions (independent, normal residuals around a straight
   trend); it is a reading aid, not a promise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WINDOW = 6
MIN_POINTS = 3
# Student's t, 0.90 quantile (two-sided 80 %), by degrees of freedom
T90: dict[int, float] = {
    1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383, 10: 1.372,
    11: 1.363, 12: 1.356, 13: 1.350, 14: 1.345, 15: 1.341, 16: 1.337, 17: 1.333, 18: 1.330, 19: 1.328,
    20: 1.325, 21: 1.323, 22: 1.321, 23: 1.319, 24: 1.318, 25: 1.316, 26: 1.315, 27: 1.314, 28: 1.313,
    29: 1.311, 30: 1.310,
}
T90_INFINITY = 1.282
PLACES = Decimal("0.0001")


def t90(df: int) -> float:
    return T90.get(df, T90_INFINITY) if df >= 1 else math.inf


@dataclass(frozen=True)
class Fit:
    intercept: float
    slope: float  # per period
    n: int
    mean_x: float
    sxx: float
    s: float  # residual standard deviation


@dataclass(frozen=True)
class Projection:
    value: Decimal
    low: Decimal
    high: Decimal
    x: float  # the period index it is for
    slope: Decimal  # change per period
    points: int


def fit(points: Sequence[tuple[float, float]]) -> Fit | None:
    """The least-squares line through the points; None for fewer than ``MIN_POINTS`` or a single x."""
    n = len(points)
    if n < MIN_POINTS:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    sse = sum((y - (intercept + slope * x)) ** 2 for x, y in points)
    s = math.sqrt(sse / (n - 2))
    return Fit(intercept=intercept, slope=slope, n=n, mean_x=mean_x, sxx=sxx, s=s)


def _dec(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(PLACES)


def project(values: Sequence[tuple[float, Decimal]], at: float, *, window: int = WINDOW,
            floor: float | None = None) -> Projection | None:
    """The projection at period index ``at`` from (period index, value) points, oldest first; the last
    ``window`` points are used. None with fewer than ``MIN_POINTS``. ``floor`` (0 for counts, rates and money)
    bounds the value and the range from below: a count is never projected below zero."""
    recent = sorted(values, key=lambda p: p[0])[-window:] if window > 0 else list(values)
    points = [(float(x), float(y)) for x, y in recent]
    line = fit(points)
    if line is None:
        return None
    value = line.intercept + line.slope * at
    spread = t90(line.n - 2) * line.s * math.sqrt(1 + 1 / line.n + (at - line.mean_x) ** 2 / line.sxx)
    low, high = value - spread, value + spread
    if floor is not None:
        value, low, high = max(value, floor), max(low, floor), max(high, floor)
    return Projection(value=_dec(value), low=_dec(low), high=_dec(high), x=at, slope=_dec(line.slope),
                      points=line.n)
