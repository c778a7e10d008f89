"""The demo workspace shows an upsell from a later month, closed months and extra hours with a reason."""

from __future__ import annotations

from cadence.engagements import queries
from cadence.engagements.models import Engagement


def test_the_demo_has_an_upsell_a_closed_month_and_extra_hours(db, demo_build):
    shop = Engagement.objects.get(workspace__slug="demo", name="Online shop growth")
    terms = shop.terms_history()
    current = queries.current_month(shop)
    assert [(t.from_month, t.monthly_hours) for t in terms] == [(1, 40), (current, 60)]
    assert shop.contract_months == 12 and queries.month_is_closed(shop, 1)
    rows = queries.month_rows(shop, months=current)
    assert rows[0].contracted == 40 and rows[-1].contracted == 60
    school = Engagement.objects.get(workspace__slug="demo", name="Student acquisition")
    row = queries.this_month(school)
    assert row is not None and row.extra == 6 and row.extras[0][1] == "запуск курса к зимним каникулам"
