"""Month names for our catalogs (Romanian writes them in lower case: "19 octombrie 2026").

Django's own Romanian catalog capitalises them ("19 Octombrie 2026"), and the date format "j F Y" takes
them from the plain ``gettext`` msgids below (``django.utils.dates.MONTHS``). Our catalogs in
``locale/`` come first in Django's lookup, so listing the msgids here (``gettext_noop`` keeps them in
``makemessages``) lets ``locale/ro`` give the correct spelling. The Russian catalog repeats Django's
nominative names; Russian dates use the genitive forms of ``MONTHS_ALT``, which are already right.
"""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_noop

MONTH_NAMES = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
)


def month_in_sentence(day: dt.date, fmt: str = "YEAR_MONTH_FORMAT") -> str:
    """The month inside a sentence, in the active language: "report for October 2026", "raportul pentru octombrie
    2026", "отчёт за октябрь 2026 г." (Romanian and Russian write month names in lower case there; a heading keeps
    Django's "Октябрь 2026 г."). ``fmt="F"``: the month's name alone ("left in January", "rămase în ianuarie")."""
    text = date_format(day, fmt)
    return text.lower() if (get_language() or "en")[:2] in ("ro", "ru") else text
