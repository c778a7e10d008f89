"""The KPIs' pure rules, with figures computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.kpis.domain import formulas, projection, status
from cadence.kpis.domain.formulas import FORMULAS, Aggregation, formula_for, value_of
from cadence.kpis.domain.projection import project
from cadence.kpis.domain.status import Status, evaluate, worsened
from cadence.plans.domain.metrics import METRICS

D = Decimal


def test_every_metric_key_has_a_formula_and_only_those():
    assert set(FORMULAS) | {"manual"} == set(METRICS)
    assert formula_for("manual") is None
    assert {"ads.roas", "ads.cost_per_result"} <= set(METRICS)


def test_ratios_are_ratios_of_sums():
    # CTR: Meta gives link clicks (40 of 2,000), Google only clicks (10 of 500): (40 + 10) / 2,500 x 100 = 2 %
    meta = {"impressions": D(2000), "link_clicks": D(40), "clicks": D(90), "spend": D("30")}
    google = {"impressions": D(500), "clicks": D(10), "spend": D("20")}
    assert value_of(FORMULAS["ads.ctr"], [meta, google]) == D(2)
    # CPC = 50 / 50 = 1; CPM = 50 / 2,500 x 1,000 = 20
    assert value_of(FORMULAS["ads.cpc"], [meta, google]) == D(1)
    assert value_of(FORMULAS["ads.cpm"], [meta, google]) == D(20)
    # no denominator: no value (never a division by zero)
    assert value_of(FORMULAS["ads.ctr"], [{"impressions": D(0), "clicks": D(0)}]) is None
    assert value_of(FORMULAS["ads.cpc"], [{"spend": D(5)}]) is None


def test_roas_cost_per_result_and_bounce_rate():
    row = {"spend": D(200), "conversion_value": D(900), "results": D(8), "conversions": D(5)}
    assert value_of(FORMULAS["ads.roas"], [row]) == D("4.5")
    assert value_of(FORMULAS["ads.cost_per_result"], [row]) == D(25)
    assert value_of(FORMULAS["ads.cost_per_conversion"], [row]) == D(40)
    ga = {"sessions": D(400), "engaged_sessions": D(260)}
    assert value_of(FORMULAS["ga4.engagement_rate"], [ga]) == D(65)
    assert value_of(FORMULAS["site.bounce_rate"], [ga]) == D(35)


def test_sums_averages_and_what_the_imports_cannot_fill():
    posts = [{"likes": D(10), "comments": D(2), "shares": D(1), "saves": D(3), "reach": D(400)},
             {"likes": D(20), "comments": D(4), "shares": None, "saves": D(0), "reach": D(600)}]
    assert value_of(FORMULAS["instagram.interactions"], posts) == D(40)
    assert value_of(FORMULAS["instagram.engagement_rate"], posts) == D(4)  # 40 / 1,000 x 100
    assert value_of(FORMULAS["ga4.sessions"], [{"sessions": D(310)}], aggregation=Aggregation.AVERAGE,
                    days=31) == D(10)
    assert value_of(FORMULAS["ga4.sessions"], [{"engaged_sessions": D(3)}]) is None  # not measured is not 0
    assert formulas.needs_entries("ga4.engagement_time") and formulas.needs_entries("instagram.followers")
    assert formulas.needs_entries("manual") and not formulas.needs_entries("ads.ctr")
    assert formulas.level_to_read(FORMULAS["instagram.reach"], {"post", "account"}) == "account"
    assert formulas.level_to_read(FORMULAS["instagram.reach"], {"post"}) == "post"


def test_entries_by_hand():
    values = [(dt.date(2027, 3, 1), D(10)), (dt.date(2027, 3, 20), D(30)), (dt.date(2027, 3, 10), D(20))]
    assert formulas.aggregate_entries(values, "sum") == D(60)
    assert formulas.aggregate_entries(values, "average") == D(20)
    assert formulas.aggregate_entries(values, "last") == D(30)
    assert formulas.aggregate_entries([], "last") is None


def test_periods():
    assert formulas.period_starts(dt.date(2027, 2, 14), 3) == [dt.date(2026, 12, 1), dt.date(2027, 1, 1),
                                                                dt.date(2027, 2, 1)]
    assert formulas.period_start(dt.date(2027, 3, 4), "week") == dt.date(2027, 3, 1)  # a Monday
    assert formulas.period_end(dt.date(2027, 2, 1)) == dt.date(2027, 2, 28)
    assert formulas.periods_between(dt.date(2026, 11, 30), dt.date(2027, 6, 1)) == 7


def test_a_perfect_line_has_no_range():
    p = project([(0, D(10)), (1, D(12)), (2, D(14)), (3, D(16))], 5)
    assert p is not None and p.value == D(20) and p.low == D(20) and p.high == D(20) and p.slope == D(2)


def test_least_squares_by_hand_three_points():
    # mean x 1, mean y 2, Sxx 2, Sxy 1: slope 0.5, intercept 1.5; SSE 1.5, s = 1.2247; at x = 4: 3.5
    # +/- t(1) 3.078 x 1.2247 x sqrt(1 + 1/3 + 9/2) = 9.1048
    p = project([(0, D(1)), (1, D(3)), (2, D(2))], 4)
    assert p is not None
    assert p.value == D("3.5") and p.slope == D("0.5") and p.points == 3
    assert p.low == D("-5.6048") and p.high == D("12.6048")


def test_least_squares_by_hand_five_points():
    # Sxx 10, Sxy 60: slope 6, intercept 100; SSE 70, s^2 = 70/3; at x = 7: 142 +/- 1.638 x 4.8305 x sqrt(3.7)
    p = project([(0, D(100)), (1, D(110)), (2, D(105)), (3, D(120)), (4, D(125))], 7)
    assert p is not None and p.value == D(142)
    assert p.low == D("126.7804") and p.high == D("157.2196")


def test_a_floor_bounds_the_projection_and_its_range():
    # the three-point line above reaches 3.5 at x = 4 with a range from -5.6048: a count stops at 0
    p = project([(0, D(1)), (1, D(3)), (2, D(2))], 4, floor=0)
    assert p is not None and p.low == D(0) and p.value == D("3.5") and p.high == D("12.6048")
    falling = project([(0, D(30)), (1, D(20)), (2, D(10))], 5, floor=0)
    assert falling is not None and falling.value == D(0) and falling.low == D(0)


def test_the_window_keeps_the_last_points_and_two_points_are_not_a_trend():
    old = [(float(i), D(1000)) for i in range(5)]
    recent = [(5.0, D(10)), (6.0, D(12)), (7.0, D(14))]
    p = project(old + recent, 8, window=3)
    assert p is not None and p.value == D(16)
    assert project([(0, D(1)), (1, D(2))], 5) is None
    assert projection.t90(50) == projection.T90_INFINITY


DUE = dt.date(2027, 6, 30)
TODAY = dt.date(2027, 3, 15)


def _p(value: str, low: str, high: str) -> projection.Projection:
    return projection.Projection(value=D(value), low=D(low), high=D(high), x=6, slope=D(0), points=5)


@pytest.mark.parametrize(("direction", "proj", "expected"), [
    ("up", ("1.7", "1.5", "1.9"), Status.ON_TRACK),
    ("up", ("1.4", "1.2", "1.65"), Status.AT_RISK),
    ("up", ("1.2", "1.0", "1.5"), Status.OFF_TRACK),
    ("down", ("1.5", "1.3", "1.7"), Status.ON_TRACK),  # a cost: lower is better
    ("down", ("1.8", "1.55", "2.0"), Status.AT_RISK),
    ("down", ("2.0", "1.8", "2.2"), Status.OFF_TRACK),
])
def test_status_from_the_projection(direction, proj, expected):
    ev = evaluate(direction=direction, acceptable=D("1.6"), optimal=D("1.8"), best=D(2), due=DUE, today=TODAY,
                  last=(dt.date(2027, 3, 1), D("1.3")), projection=_p(*proj), points=5)
    assert ev.status == expected
    assert ev.code == expected.value
    assert ev.params["acceptable"] == "1.6" and ev.params["due"] == "2027-06-30"
    assert D(str(ev.params["value"])) == D(proj[0])


def test_status_level_reached_and_due_passed():
    ev = evaluate(direction="up", acceptable=D("1.6"), optimal=D("1.8"), best=D(2), due=DUE, today=TODAY,
                  last=(dt.date(2027, 3, 1), D("1.3")), projection=_p("1.85", "1.7", "2.0"), points=5)
    assert ev.params["level"] == "optimal"
    after = dt.date(2027, 7, 2)
    met = evaluate(direction="up", acceptable=D("1.6"), due=DUE, today=after, last=(dt.date(2027, 6, 1), D("1.6")),
                   projection=None, points=2)
    assert (met.status, met.code, met.params["value"]) == (Status.ON_TRACK, "due_met", "1.6")
    missed = evaluate(direction="down", acceptable=D("1.6"), due=DUE, today=after,
                      last=(dt.date(2027, 6, 1), D("1.61")), projection=None, points=2)
    assert (missed.status, missed.code) == (Status.OFF_TRACK, "due_missed")


def test_no_data_says_why():
    kw = {"direction": "up", "today": TODAY, "projection": None, "points": 2}
    assert evaluate(acceptable=None, due=DUE, last=None, **kw).code == "no_levels"
    assert evaluate(acceptable=D(1), due=None, last=None, **kw).code == "no_due"
    assert evaluate(acceptable=D(1), due=DUE, last=None, **kw).code == "no_values"
    few = evaluate(acceptable=D(1), due=DUE, last=(TODAY, D(1)), **kw)
    assert (few.status, few.code, few.params["count"], few.params["needed"]) == (Status.NO_DATA, "too_few_points",
                                                                                   2, 3)


def test_worsened():
    assert worsened("on_track", "at_risk") and worsened("at_risk", "off_track") and worsened("on_track", "off_track")
    assert not worsened("off_track", "at_risk") and not worsened("at_risk", "at_risk")
    assert not worsened("no_data", "off_track") and not worsened("on_track", "no_data")


def test_progress():
    assert status.progress(D(100), D(200), D(150)) == D("0.5")
    assert status.progress(D("2.0"), D("1.5"), D("1.75")) == D("0.5")  # lower is better
    assert status.progress(None, D(1), D(1)) is None and status.progress(D(1), D(1), D(1)) is None
