"""The frequency plan's empty slots (``cadence/content/domain/slots.py``): pure, no database."""

from __future__ import annotations

import datetime as dt

from cadence.content.domain.slots import Slot, Target, empty_slots, spread

MON = dt.date(2026, 11, 2)  # a Monday
WEEK = [MON + dt.timedelta(days=i) for i in range(7)]


def test_it_spreads_a_week_evenly_monday_first():
    assert spread(0) == []
    assert spread(1) == [0]
    assert spread(2) == [0, 3]
    assert spread(3) == [0, 2, 4]
    assert sorted(spread(7)) == list(range(7))
    assert sorted(spread(12)) == list(range(7))  # at most one a day


def test_it_puts_missing_posts_on_the_preferred_days_in_order():
    slots = empty_slots({"instagram": Target(3, (1, 3, 5))}, WEEK, {})
    assert slots == [Slot(WEEK[1], "instagram"), Slot(WEEK[3], "instagram"), Slot(WEEK[5], "instagram")]


def test_posts_of_the_week_fill_the_target_whatever_their_day():
    posted = {"instagram": [WEEK[0], WEEK[6]]}  # two posts, neither on a preferred day
    slots = empty_slots({"instagram": Target(3, (1, 3, 5))}, WEEK, posted)
    assert slots == [Slot(WEEK[1], "instagram")]


def test_a_day_with_a_post_gets_no_slot_and_the_next_day_in_order_takes_it():
    posted = {"instagram": [WEEK[1]]}
    slots = empty_slots({"instagram": Target(2, (1, 3))}, WEEK, posted)
    assert slots == [Slot(WEEK[3], "instagram")]


def test_without_preferred_days_it_spreads_them():
    slots = empty_slots({"linkedin": Target(2)}, WEEK, {})
    assert [s.day.weekday() for s in slots] == [0, 3]


def test_more_than_the_preferred_days_falls_back_to_the_spread_then_any_day():
    slots = empty_slots({"facebook": Target(3, (4,))}, WEEK, {})
    assert [s.day.weekday() for s in slots] == [0, 2, 4]


def test_other_channels_do_not_count():
    slots = empty_slots({"instagram": Target(1, (2,)), "tiktok": Target(1, (2,))}, WEEK,
                        {"tiktok": [WEEK[4]]})
    assert slots == [Slot(WEEK[2], "instagram")]


def test_the_past_gets_no_slot_but_still_counts_for_the_week():
    # Tuesday is past: its slot is not offered, and it is not moved to another day of the week either
    slots = empty_slots({"instagram": Target(2, (1, 3))}, WEEK, {}, not_before=WEEK[2])
    assert slots == [Slot(WEEK[3], "instagram")]


def test_a_partly_shown_week_counts_posts_outside_the_days_shown():
    shown = WEEK[3:]  # Thursday to Sunday (the first days of a month)
    posted = {"instagram": [WEEK[0]]}  # Monday, before the month
    slots = empty_slots({"instagram": Target(2, (0, 4))}, shown, posted)
    assert slots == [Slot(WEEK[4], "instagram")]


def test_several_weeks_sorted_by_day_then_channel():
    days = [MON + dt.timedelta(days=i) for i in range(14)]
    slots = empty_slots({"x": Target(1, (2,)), "blog": Target(1, (2,))}, days, {})
    assert slots == [Slot(days[2], "blog"), Slot(days[2], "x"), Slot(days[9], "blog"), Slot(days[9], "x")]


def test_a_zero_target_has_no_slots_and_bad_weekdays_are_ignored():
    assert empty_slots({"x": Target(0, (1,))}, WEEK, {}) == []
    slots = empty_slots({"x": Target(1, (9, -1, 6))}, WEEK, {})
    assert slots == [Slot(WEEK[6], "x")]
