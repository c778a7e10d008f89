import datetime as dt

from cadence.plans.domain.market import holidays_ahead

START = dt.date(2026, 11, 29)


def test_the_next_twelve_months_of_each_country_in_the_readers_language():
    result = holidays_ahead(["ro", "MD", "RO"], START, language="ro")
    assert result.unknown == ()
    days = [(h.date, h.country) for h in result.holidays]
    assert days == sorted(days) and all(START <= h.date < dt.date(2027, 11, 29) for h in result.holidays)
    romania = {h.date: h.name for h in result.holidays if h.country == "RO"}
    assert romania[dt.date(2026, 12, 1)] == "Ziua Națională a României"  # the national day, in Romanian
    assert dt.date(2027, 1, 1) in romania and dt.date(2026, 11, 30) in romania  # Saint Andrew
    assert sum(1 for h in result.holidays if h.country == "RO" and h.date == dt.date(2027, 1, 1)) == 1
    assert any(h.country == "MD" and h.date == dt.date(2027, 1, 7) for h in result.holidays)  # Orthodox Christmas


def test_names_fall_back_to_english_and_unknown_countries_are_reported():
    result = holidays_ahead(["MD", "XX", " "], START, language="ru", months=2)
    assert result.unknown == ("XX",)
    moldova = {h.date: h.name for h in result.holidays}
    assert moldova[dt.date(2027, 1, 1)] == "New Year's Day"  # no Russian names for Moldova: English
    assert max(moldova) < dt.date(2027, 1, 29)
    english = holidays_ahead(["RO"], START, language="en", months=1)
    assert [h.name for h in english.holidays if h.date == dt.date(2026, 12, 1)] == ["National Day"]
