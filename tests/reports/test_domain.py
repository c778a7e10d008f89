"""The reports' pure rules: the N-th working day, which month is due, the draft's facts, the logo's type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.reports.domain import logo, narrative, schedule

D = Decimal


def weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


def ro_2027(day: dt.date) -> bool:
    """Romania, January 2027: the 1st and 2nd are holidays (and the 6th and 7th: Epiphany, St John)."""
    return weekdays(day) and day not in {dt.date(2027, 1, d) for d in (1, 2, 6, 7)}


def test_nth_working_day_skips_weekends_and_holidays():
    assert schedule.nth_working_day(dt.date(2026, 12, 1), 3, weekdays) == dt.date(2026, 12, 3)
    assert schedule.nth_working_day(dt.date(2026, 11, 1), 1, weekdays) == dt.date(2026, 11, 2)  # 1 Nov: Sunday
    assert schedule.nth_working_day(dt.date(2027, 1, 1), 3, ro_2027) == dt.date(2027, 1, 8)
    assert schedule.nth_working_day(dt.date(2027, 1, 1), 99, ro_2027) == dt.date(2027, 1, 29)  # the last one
    assert schedule.nth_working_day(dt.date(2027, 1, 1), 1, lambda d: False) == dt.date(2027, 1, 31)
    with pytest.raises(ValueError):
        schedule.nth_working_day(dt.date(2027, 1, 1), 0, weekdays)


def test_the_due_month_is_the_previous_one_from_its_send_day_on():
    assert schedule.due_month(dt.date(2026, 12, 2), 3, weekdays) is None
    assert schedule.due_month(dt.date(2026, 12, 3), 3, weekdays) == dt.date(2026, 11, 1)
    assert schedule.due_month(dt.date(2026, 12, 31), 3, weekdays) == dt.date(2026, 11, 1)  # caught up
    assert schedule.due_month(dt.date(2027, 1, 7), 3, ro_2027) is None
    assert schedule.due_month(dt.date(2027, 1, 8), 3, ro_2027) == dt.date(2026, 12, 1)
    assert schedule.send_day(dt.date(2026, 12, 1), 3, ro_2027) == dt.date(2027, 1, 8)


def test_months_around():
    assert schedule.previous_month(dt.date(2027, 1, 15)) == dt.date(2026, 12, 1)
    assert schedule.next_month(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert schedule.covered(dt.date(2026, 9, 1), dt.date(2026, 9, 30), None)
    assert not schedule.covered(dt.date(2026, 8, 1), dt.date(2026, 9, 1), None)
    assert not schedule.covered(dt.date(2027, 2, 1), dt.date(2026, 9, 1), dt.date(2027, 1, 31))


def test_the_draft_mentions_hours_spend_posts_kpis_and_next_steps_in_order():
    facts = narrative.facts(narrative.Numbers(
        hours_used=D(45), hours_available=D(40),
        kpis=[narrative.KpiMove("CTR", D("1.2"), D("1.5"), True, on_track=True),
              narrative.KpiMove("CPC", D("0.30"), D("0.40"), False),
              narrative.KpiMove("Reach", None, D(5), True)],
        ad_available=D(550), ad_spent=D("520.50"), posts=3, channels=2, current_phase="Launch", next_gate="Go",
        decisions=1))
    assert [f.code for f in facts] == ["hours", "hours_over", "kpi_improved", "kpi_worsened", "kpi_on_track",
                                       "spend_under", "posts", "decisions", "next"]
    assert facts[1].params["over"] == D(5)
    assert facts[2].params["name"] == "CTR" and facts[3].params["name"] == "CPC"
    assert facts[4].params == {"count": 1, "total": 3}
    assert facts[5].params["gap"] == D("29.50")


def test_a_quiet_month():
    facts = narrative.facts(narrative.Numbers(ad_available=D(100), ad_spent=D(98)))
    assert [f.code for f in facts] == ["spend", "posts_none"]


def test_the_logo_type_is_read_from_its_bytes():
    assert logo.sniff(b"\x89PNG\r\n\x1a\n0000") == "image/png"
    assert logo.sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert logo.sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert logo.sniff(b"GIF89a") is None
    assert logo.sniff(b"<svg xmlns=") is None


def test_a_month_inside_a_sentence_is_written_as_each_language_writes_it():
    from django.utils import translation

    from cadence.core.calendar_names import month_in_sentence
    from cadence.reports.queries import month_label

    october = dt.date(2026, 10, 1)
    with translation.override("ru"):
        assert month_label(october).startswith("Октябрь")  # a heading
        assert month_in_sentence(october).startswith("октябрь 2026")  # "отчёт за октябрь 2026 г."
    with translation.override("ro"):
        assert month_in_sentence(october) == "octombrie 2026"
    with translation.override("en"):
        assert month_in_sentence(october) == "October 2026"
