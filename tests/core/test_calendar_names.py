"""Romanian writes month names in lower case; Django's own catalog capitalises them (issue 5)."""

import datetime as dt

from django.utils import formats, translation


def test_romanian_dates_have_lower_case_month_names():
    with translation.override("ro"):
        assert formats.date_format(dt.date(2026, 10, 19), "DATE_FORMAT") == "19 octombrie 2026"


def test_russian_dates_keep_the_genitive():
    with translation.override("ru"):
        assert formats.date_format(dt.date(2026, 10, 19), "DATE_FORMAT") == "19 октября 2026 г."
