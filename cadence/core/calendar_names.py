"""Month names for our catalogs (Romanian writes them in lower case: "19 octombrie 2026").

Django's own Romanian catalog capitalises them ("19 Octombrie 2026"), and the date format "j F Y" takes
them from the plain ``gettext`` msgids below (``django.utils.dates.MONTHS``). Our catalogs in
``locale/`` come first in Django's lookup, so listing the msgids here (``gettext_noop`` keeps them in
``makemessages``) lets ``locale/ro`` give the correct spelling. The Russian catalog repeats Django's
nominative names; Russian dates use the genitive forms of ``MONTHS_ALT``, which are already right.
"""

from django.utils.translation import gettext_noop

MONTH_NAMES = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
)
