"""Monthly hours, usage levels and rollover of unused hours (pure, no Django)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cadence.engagements.domain.rollover import (
    WARNING_RATIO,
    EntryCheck,
    RolloverMode,
    RolloverRule,
    UsageLevel,
    check_entry,
    month_hours,
    usage_level,
)

H = Decimal


@pytest.mark.parametrize(("logged", "available", "level"), [
    ("0", "40", UsageLevel.OK),
    ("31.99", "40", UsageLevel.OK),
    ("32", "40", UsageLevel.WARNING),
    ("39.99", "40", UsageLevel.WARNING),
    ("40", "40", UsageLevel.FULL),
    ("40.01", "40", UsageLevel.OVER),
    ("0", "0", UsageLevel.OK),
    ("1", "0", UsageLevel.OVER),
])
def test_usage_level(logged, available, level):
    assert usage_level(H(logged), H(available)) == level
    assert WARNING_RATIO == H("0.8")


def test_no_rollover_unused_hours_expire():
    months = month_hours([H(40)] * 3, [H(30), H(40), H(10)], RolloverRule(), closed_months=2)
    assert [m.available for m in months] == [40, 40, 40]
    assert [m.carried_in for m in months] == [0, 0, 0]
    assert [m.carried_out for m in months] == [0, 0, 0]
    assert [m.unused for m in months] == [10, 0, 30]
    assert [m.level for m in months] == [UsageLevel.OK, UsageLevel.FULL, UsageLevel.OK]
    assert months[0].usage == H("0.75")
    assert [m.index for m in months] == [1, 2, 3]


def test_carry_up_to_the_cap_only_from_closed_months():
    rule = RolloverRule(mode=RolloverMode.CARRY, cap_hours=H(8))
    months = month_hours([H(40)] * 4, [H(30), H(35), H(20)], rule, closed_months=2)
    m1, m2, m3, m4 = months
    assert (m1.unused, m1.carried_out) == (10, 8)  # capped
    assert (m2.carried_in, m2.available, m2.unused, m2.carried_out) == (8, 48, 13, 8)
    assert (m3.carried_in, m3.available, m3.unused) == (8, 48, 28)
    assert m3.carried_out == 0  # month 3 is still open
    assert (m4.carried_in, m4.available, m4.logged) == (0, 40, 0)


def test_carry_never_more_than_unused_and_over_means_nothing_to_carry():
    rule = RolloverRule(mode=RolloverMode.CARRY, cap_hours=H(100))
    m1, m2 = month_hours([H(40), H(40)], [H(45), H(38)], rule, closed_months=2)
    assert m1.unused == 0 and m1.carried_out == 0 and m1.level == UsageLevel.OVER
    assert m2.carried_in == 0
    m1, m2 = month_hours([H(40), H(40)], [H(37)], rule, closed_months=1)
    assert m1.carried_out == 3 and m2.available == 43 and m2.logged == 0 and m2.usage == 0


def test_zero_available_month():
    (m,) = month_hours([H(0)], [H(0)], RolloverRule(), closed_months=0)
    assert m.usage == 0 and m.level == UsageLevel.OK


def test_more_logged_months_than_contracted_is_an_error():
    with pytest.raises(ValueError):
        month_hours([H(40)], [H(1), H(2)], RolloverRule(), closed_months=0)


def test_check_entry():
    (m,) = month_hours([H(40)], [H(30)], RolloverRule(), closed_months=0)
    assert check_entry(m, H(1)) == EntryCheck(level=UsageLevel.OK, logged_after=H(31), available=H(40),
                                              needs_override=False)  # 31 of 40 is below 80 %
    assert check_entry(m, H(2)).level == UsageLevel.WARNING
    c = check_entry(m, H(10))
    assert (c.level, c.logged_after, c.needs_override) == (UsageLevel.FULL, 40, False)
    c = check_entry(m, H("10.5"))
    assert (c.level, c.logged_after, c.available, c.needs_override) == (UsageLevel.OVER, H("40.5"), 40, True)


def test_percent_rounds_to_whole_percent_and_is_zero_on_nothing():
    from cadence.engagements.domain.rollover import percent

    assert percent(Decimal("32"), Decimal("40")) == 80
    assert percent(Decimal("39"), Decimal("48")) == 81
    assert percent(Decimal("42"), Decimal("40")) == 105
    assert percent(Decimal("5"), Decimal("0")) == 0
