"""The target market's public holidays for the next months (from the ``holidays`` package).

``holidays_ahead(countries, start, language=...)`` lists the public holidays of each country from ``start``
for ``months`` months (12 by default), sorted by date then country, each once per country and day (a day
with two holidays names both). Names are in the reader's language when the package has that country's
names in it, else in English, else in the country's own language. An unknown country code is reported
in ``unknown`` instead of failing, so a plan with a typo still shows the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import holidays
from dateutil.relativedelta import relativedelta

# The interface's languages -> the package's language codes.
LANGUAGE_CODES = {"en": ("en_US", "en_GB", "en"), "ro": ("ro",), "ru": ("ru",)}


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    country: str
    name: str


@dataclass(frozen=True)
class MarketHolidays:
    holidays: tuple[Holiday, ...]
    unknown: tuple[str, ...]  # country codes the package does not know


def _language(country: str, language: str) -> str | None:
    supported = holidays.list_localized_countries().get(country, [])
    for code in (*LANGUAGE_CODES.get(language, (language,)), *LANGUAGE_CODES["en"]):
        if code in supported:
            return code
    return None  # the package's default: the country's own language


def holidays_ahead(countries: Sequence[str], start: dt.date, *, language: str = "en",
                   months: int = 12) -> MarketHolidays:
    end = start + relativedelta(months=months)  # exclusive
    years = list(range(start.year, end.year + 1))
    known = holidays.list_supported_countries()
    found: list[Holiday] = []
    unknown: list[str] = []
    for country in dict.fromkeys(c.strip().upper() for c in countries if c.strip()):
        if country not in known:
            unknown.append(country)
            continue
        calendar = holidays.country_holidays(country, years=years, language=_language(country, language))
        found += [Holiday(day, country, name) for day, name in calendar.items() if start <= day < end]
    return MarketHolidays(tuple(sorted(found, key=lambda h: (h.date, h.country))), tuple(unknown))
