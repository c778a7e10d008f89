"""The SMART check of an SMM task with its KPI against its objective (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.plans.domain.metrics import Direction
from cadence.plans.domain.smart import (
    AUDIENCE_FLOOR,
    CODES,
    LETTER_OF,
    check_objective,
    check_task,
    one_year_after,
    task_findings,
)

from .builders import START, D, kpi, objective, task

LONG = objective(horizon_end=dt.date(2028, 6, 30))  # room for a KPI due a full year after the start
YEAR_LATER = dt.date(2028, 1, 1)  # 365 days after START


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_a_well_formed_task_passes_every_letter():
    result = check_task(task(), objective())
    assert result.ok and result.failed == () and result.findings == ()


def test_every_code_has_exactly_one_smart_letter():
    assert CODES == set(LETTER_OF)
    assert set(LETTER_OF.values()) == set("SMART")


# --- S ------------------------------------------------------------------------------------------------

def test_a_task_without_title_is_not_specific():
    result = check_task(task(title="  "), objective())
    assert codes(result) == ["no_title"] and result.failed == ("S",)


def test_the_kpi_must_name_a_listed_metric():
    assert codes(check_task(task(kpi=kpi(metric_key="")), objective())) == ["no_metric"]
    result = check_task(task(kpi=kpi(metric_key="instagram.likes_total")), objective())
    assert codes(result) == ["unknown_metric"] and result.findings[0].params == {"metric": "instagram.likes_total"}
    assert result.failed == ("S",)


# --- M ------------------------------------------------------------------------------------------------

def test_no_number_to_measure():
    assert codes(check_task(task(kpi=kpi(target=None)), objective())) == ["no_target"]
    assert codes(check_task(task(kpi=kpi(baseline=None)), objective())) == ["no_baseline"]
    result = check_task(task(kpi=None), objective())
    assert codes(result) == ["no_kpi", "no_due_date"] and result.failed == ("M", "T")


def test_money_needs_its_currency_and_manual_metrics_their_unit():
    cpc = kpi(metric_key="ads.cpc", baseline=D("0.50"), target=D("0.40"))
    assert codes(check_task(task(kpi=cpc), objective())) == ["no_unit"]
    result = check_task(task(kpi=kpi(metric_key="ads.cpc", unit="eur", baseline=D("0.5"), target=D("0.4"))),
                        objective())
    assert codes(result) == ["unit_mismatch"] and result.findings[0].params == {"unit": "eur", "expected": "currency"}
    assert check_task(task(kpi=kpi(metric_key="ads.cpc", unit="EUR", baseline=D("0.5"), target=D("0.4"))),
                      objective()).ok
    manual = kpi(metric_key="manual", unit="", direction=Direction.UP, baseline=D(10), target=D(20))
    assert codes(check_task(task(kpi=manual), objective())) == ["no_unit"]
    assert check_task(task(kpi=kpi(metric_key="manual", unit="orders by phone", direction=Direction.UP,
                                   baseline=D(10), target=D(20))), objective()).ok


def test_percentages_and_seconds_take_their_own_unit_or_none():
    ctr = kpi(metric_key="ads.ctr", baseline=D("1.2"), target=D("1.5"))
    assert check_task(task(kpi=ctr), objective()).ok
    assert check_task(task(kpi=kpi(metric_key="ads.ctr", unit="%", baseline=D("1.2"), target=D("1.5"))),
                      objective()).ok
    result = check_task(task(kpi=kpi(metric_key="ads.ctr", unit="clicks", baseline=D("1.2"), target=D("1.5"))),
                        objective())
    assert codes(result) == ["unit_mismatch"] and result.findings[0].params["expected"] == "%"
    seconds = kpi(metric_key="ga4.engagement_time", unit="min", baseline=D(40), target=D(50))
    assert codes(check_task(task(kpi=seconds), objective())) == ["unit_mismatch"]


def test_a_manual_kpi_must_say_which_way_is_better():
    result = check_task(task(kpi=kpi(metric_key="manual", unit="calls", baseline=D(50), target=D(30))), objective())
    assert codes(result) == ["no_direction"] and result.failed == ("M",)


@pytest.mark.parametrize(("key", "unit", "baseline", "target", "direction", "fails"), [
    ("instagram.followers", "", "2000", "2400", None, False),
    ("instagram.followers", "", "2000", "2000", None, True),  # not beyond: equal
    ("instagram.followers", "", "2000", "1900", None, True),
    ("ads.cpc", "EUR", "0.50", "0.40", None, False),  # cost per click should go down
    ("ads.cpc", "EUR", "0.50", "0.60", None, True),
    ("site.bounce_rate", "%", "60", "50", None, False),
    ("site.bounce_rate", "%", "60", "70", None, True),
    ("manual", "calls", "50", "40", Direction.DOWN, False),
    ("manual", "calls", "50", "60", Direction.DOWN, True),
    ("manual", "calls", "50", "60", Direction.UP, False),
])
def test_the_target_must_go_beyond_the_baseline_in_the_metric_s_direction(key, unit, baseline, target, direction,
                                                                          fails):
    k = kpi(metric_key=key, unit=unit, baseline=D(baseline), target=D(target), direction=direction)
    result = check_task(task(kpi=k), objective())
    assert ("target_not_beyond_baseline" in codes(result)) is fails
    if fails:
        assert result.failed == ("M",)
        f = result.findings[0]
        assert D(f.params["baseline"]) == D(baseline) and D(f.params["target"]) == D(target)
        assert "E" not in f.params["baseline"] + f.params["target"]


def test_the_metric_s_direction_wins_over_the_kpi_s():
    k = kpi(metric_key="ads.cpc", unit="EUR", baseline=D("0.5"), target=D("0.6"), direction=Direction.UP)
    assert "target_not_beyond_baseline" in codes(check_task(task(kpi=k), objective()))


def test_the_three_levels_must_all_be_given_and_in_order():
    result = check_task(task(), objective(optimal=None, best=None))
    assert codes(result) == ["levels_missing"] and result.findings[0].params == {"missing": "optimal,best"}
    result = check_objective(objective(acceptable=D(100), optimal=D(90), best=D(150)))
    assert codes(result) == ["levels_out_of_order"] and result.failed == ("M",)
    assert result.findings[0].params == {"acceptable": "100", "optimal": "90", "best": "150", "direction": "up"}
    assert codes(check_objective(objective(acceptable=D(100), optimal=D(150), best=D(140)))) == ["levels_out_of_order"]
    assert check_objective(objective(acceptable=D(100), optimal=D(100), best=D(100))).ok


def test_an_objective_that_should_go_down_orders_its_levels_downwards():
    down = dict(direction=Direction.DOWN)
    assert check_objective(objective(acceptable=D(150), optimal=D(120), best=D(100), **down)).ok
    assert codes(check_objective(objective(acceptable=D(100), optimal=D(120), best=D(150), **down))) == [
        "levels_out_of_order"]


# --- A ------------------------------------------------------------------------------------------------

def test_values_outside_their_unit_s_range_are_not_achievable():
    result = check_task(task(kpi=kpi(metric_key="ads.ctr", baseline=D(80), target=D(120))), objective())
    assert codes(result) == ["value_out_of_range"] and result.failed == ("A",)
    assert result.findings[0].params == {"field": "target", "value": "120", "unit": "percent"}
    result = check_task(task(kpi=kpi(baseline=D(-5), target=D(100))), objective())
    assert codes(result) == ["value_out_of_range"] and result.findings[0].params["field"] == "baseline"
    assert check_task(task(kpi=kpi(metric_key="ads.ctr", baseline=D(0), target=D(100))), objective()).ok
    manual = kpi(metric_key="manual", unit="net promoter score", direction=Direction.UP, baseline=D(-20), target=D(10))
    assert check_task(task(kpi=manual), objective()).ok


def test_twenty_percent_more_followers_in_three_months_and_double_in_six_pass():
    assert check_task(task(kpi=kpi(baseline=D(2000), target=D(2400), due=dt.date(2027, 4, 1))), objective()).ok
    assert check_task(task(kpi=kpi(baseline=D(2000), target=D(4000), due=dt.date(2027, 7, 1))), objective()).ok


def test_three_times_the_followers_in_six_months_is_too_steep():
    result = check_task(task(kpi=kpi(baseline=D(2000), target=D(6000), due=dt.date(2027, 7, 1))), objective())
    assert codes(result) == ["growth_too_steep"] and result.failed == ("A",)
    p = result.findings[0].params
    assert p["days"] == 181 and p["limit_per_year"] == "5" and p["growth"] == "audience" and p["direction"] == "up"
    assert Decimal(4400) < Decimal(str(p["accepted"])) < Decimal(4500)  # 2000 * 5 ** (181 / 365) ~ 4442


def test_five_fold_followers_in_a_year_is_the_limit():
    due = dict(due=YEAR_LATER)
    assert check_task(task(kpi=kpi(baseline=D(2000), target=D(10000), **due)), LONG).ok
    assert codes(check_task(task(kpi=kpi(baseline=D(2000), target=D(10001), **due)), LONG)) == ["growth_too_steep"]


def test_a_small_audience_may_always_reach_the_floor():
    assert AUDIENCE_FLOOR == 1000
    assert check_task(task(kpi=kpi(baseline=D(80), target=D(1000), due=END_OF_YEAR)), objective()).ok
    assert codes(check_task(task(kpi=kpi(baseline=D(80), target=D(1001), due=END_OF_YEAR)), objective())) == [
        "growth_too_steep"]
    assert check_task(task(kpi=kpi(baseline=D(0), target=D(900), due=END_OF_YEAR)), objective()).ok
    assert codes(check_task(task(kpi=kpi(baseline=D(0), target=D(5000), due=END_OF_YEAR)), objective())) == [
        "growth_too_steep"]


END_OF_YEAR = dt.date(2027, 12, 31)


def test_volumes_may_grow_ten_fold_a_year_and_are_not_checked_from_zero():
    sessions = dict(metric_key="ga4.sessions", due=YEAR_LATER)
    assert check_task(task(kpi=kpi(baseline=D(1000), target=D(10000), **sessions)), LONG).ok
    assert codes(check_task(task(kpi=kpi(baseline=D(1000), target=D(10001), **sessions)), LONG)) == [
        "growth_too_steep"]
    assert check_task(task(kpi=kpi(baseline=D(0), target=D(1000000), **sessions)), LONG).ok


def test_costs_may_fall_to_a_third_a_year_and_never_to_zero():
    cpc = dict(metric_key="ads.cpc", unit="EUR", due=YEAR_LATER)
    assert check_task(task(kpi=kpi(baseline=D("0.90"), target=D("0.30"), **cpc)), LONG).ok
    result = check_task(task(kpi=kpi(baseline=D("0.90"), target=D("0.29"), **cpc)), LONG)
    assert codes(result) == ["growth_too_steep"]
    assert result.findings[0].params["accepted"] == "0.3" and result.findings[0].params["direction"] == "down"
    assert codes(check_task(task(kpi=kpi(baseline=D("0.90"), target=D(0), **cpc)), LONG)) == ["growth_too_steep"]


def test_rates_may_triple_a_year():
    ctr = dict(metric_key="ads.ctr", due=YEAR_LATER)
    assert check_task(task(kpi=kpi(baseline=D(1), target=D(3), **ctr)), LONG).ok
    assert codes(check_task(task(kpi=kpi(baseline=D(1), target=D("3.1"), **ctr)), LONG)) == ["growth_too_steep"]


def test_growth_counts_from_the_baseline_date_when_given():
    k = kpi(baseline=D(2000), target=D(2400), due=dt.date(2027, 7, 1))
    assert check_task(task(kpi=k), objective()).ok  # 181 days from the horizon's start
    late = kpi(baseline=D(2000), target=D(2400), due=dt.date(2027, 7, 1), baseline_date=dt.date(2027, 6, 1))
    result = check_task(task(kpi=late), objective())
    assert codes(result) == ["growth_too_steep"] and result.findings[0].params["days"] == 30


def test_manual_metrics_have_no_growth_rule():
    k = kpi(metric_key="manual", unit="orders", direction=Direction.UP, baseline=D(1), target=D(1000000))
    assert check_task(task(kpi=k), objective()).ok


# --- R ------------------------------------------------------------------------------------------------

def test_a_task_must_serve_one_of_the_department_s_tasks():
    for missing in (None, "", "  "):
        result = check_task(task(department_task=missing), objective())
        assert codes(result) == ["no_department_task"] and result.failed == ("R",)
    result = check_task(task(department_task="d9"), objective())
    assert codes(result) == ["unknown_department_task"] and result.findings[0].params == {"department_task": "d9"}
    assert check_task(task(department_task="d2"), objective()).ok


# --- T ------------------------------------------------------------------------------------------------

def test_a_kpi_needs_a_due_date():
    result = check_task(task(kpi=kpi(due=None)), objective())
    assert codes(result) == ["no_due_date"] and result.failed == ("T",)


def test_the_objective_needs_a_horizon_of_at_least_one_year():
    assert codes(check_objective(objective(horizon_end=None))) == ["no_horizon"]
    assert codes(check_objective(objective(horizon_start=None))) == ["no_horizon"]
    result = check_objective(objective(horizon_end=dt.date(2027, 12, 30)))
    assert codes(result) == ["horizon_too_short"] and result.failed == ("T",)
    assert result.findings[0].params == {"start": "2027-01-01", "end": "2027-12-30", "days": 364}
    assert check_objective(objective(horizon_end=dt.date(2027, 12, 31))).ok
    assert codes(check_objective(objective(horizon_end=dt.date(2026, 12, 31)))) == ["horizon_too_short"]


def test_a_horizon_from_29_february():
    assert one_year_after(dt.date(2028, 2, 29)) == dt.date(2029, 3, 1)
    leap = dict(horizon_start=dt.date(2028, 2, 29))
    assert check_objective(objective(horizon_end=dt.date(2029, 2, 28), **leap)).ok
    assert codes(check_objective(objective(horizon_end=dt.date(2029, 2, 27), **leap))) == ["horizon_too_short"]


def test_the_kpi_is_due_within_the_objective_s_horizon():
    assert check_task(task(kpi=kpi(due=END_OF_YEAR)), objective()).ok
    result = check_task(task(kpi=kpi(due=dt.date(2028, 1, 1))), objective())
    assert codes(result) == ["due_after_horizon"]
    assert result.findings[0].params == {"due": "2028-01-01", "horizon_end": "2027-12-31"}


def test_the_kpi_is_due_after_its_start():
    result = check_task(task(kpi=kpi(due=START)), objective())
    assert codes(result) == ["due_before_start"] and result.failed == ("T",)
    result = check_task(task(kpi=kpi(due=dt.date(2027, 5, 1), baseline_date=dt.date(2027, 6, 1))), objective())
    assert codes(result) == ["due_before_start"] and result.findings[0].params["start"] == "2027-06-01"


# --- the result ---------------------------------------------------------------------------------------

def test_failed_letters_come_in_smart_order_and_the_objective_s_findings_first():
    bad = task(title="", department_task=None, kpi=kpi(due=None, target=None))
    result = check_task(bad, objective(horizon_end=None))
    assert result.failed == ("S", "M", "R", "T")
    assert codes(result)[0] == "no_horizon"
    assert [f.code for f in result.of_letter("T")] == ["no_horizon", "no_due_date"]
    assert "no_horizon" not in [f.code for f in task_findings(bad, objective(horizon_end=None))]


def test_decimal_parameters_are_exact_text():
    result = check_task(task(kpi=kpi(baseline=D("2000.00"), target=D("2E+3"))), objective())
    assert result.findings[0].params == {"baseline": "2000", "target": "2000", "direction": "up"}
