"""The KPIs' read models: values from the facts (the same numbers as the metrics' sums), the cards in a
constant number of queries, the reasons in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cadence.kpis import queries, services
from cadence.metrics import queries as metric_queries
from tests.kpis.fixtures import TODAY

D = Decimal


def test_period_sums_split_a_row_spanning_months_by_its_days(engagement, facts):
    sums = metric_queries.period_sums(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31),
                                      platforms=["ga4"])
    assert sums[dt.date(2027, 3, 1)]["sessions"] == D(600)
    # a part of March: 10 of 31 days of the GA4 rows
    part = metric_queries.period_sums(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 10),
                                      platforms=["ga4"], items=["google / cpc"])
    assert part[dt.date(2027, 3, 1)]["sessions"] == D(300) * 10 / 31
    meta = metric_queries.period_sums(engagement, first=dt.date(2026, 10, 1), last=dt.date(2027, 3, 31),
                                      platforms=["meta_ads"], campaign_contains="brand")
    assert [v["link_clicks"] for v in meta.values()] == [D(10), D(12), D(14), D(16), D(18), D(20)]
    totals = {r.month: r.measures for r in metric_queries.monthly_totals(engagement, first=dt.date(2026, 10, 1),
                                                                         last=dt.date(2027, 3, 1),
                                                                         platform="meta_ads")}
    assert all(totals[month]["impressions"] == values["impressions"] for month, values in meta.items())
    assert metric_queries.source_mediums(engagement, first=dt.date(2027, 1, 1), last=dt.date(2027, 4, 1)) == [
        "(direct) / (none)", "facebook / paid_social", "google / cpc"]


def test_a_card_shows_the_months_progress_projection_and_the_reason(engagement, facts, kpi_ctr, clock):
    clock.set(TODAY)
    services.evaluate_engagement(engagement, today=TODAY)
    (card,) = queries.kpi_cards(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31), today=TODAY)
    assert [p.value for p in card.series[-6:]] == [D(1), D("1.2"), D("1.4"), D("1.6"), D("1.8"), D(2)]
    assert card.current == D(2) and card.previous == D("1.8") and card.change == D("0.2")
    assert card.progress == D("0.625")  # (2 - 1) / (2.6 - 1)
    # a perfect line: +0.2 a month from 1.0 in October; June 2027 is 8 months on: 2.6 -> on track
    assert card.projection is not None and card.projection.value == D("2.6")
    assert card.status == "on_track" and card.unit == "%"
    with translation.override("en"):
        (card,) = queries.kpi_cards(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31),
                                    today=TODAY)
    assert card.reason.startswith("At this pace CTR Meta reaches 2.60\u00a0% by")
    assert "acceptable is 2.60\u00a0%" in card.reason


def test_a_channel_group_and_a_ratio_of_sums(engagement, facts, manager, m):
    kpi = services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="Paid sessions",
                              metric_key="ga4.sessions", channel_group="Paid Search", acceptable=D(100),
                              due=dt.date(2027, 6, 30))
    rate = services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="Engagement",
                               metric_key="ga4.engagement_rate", acceptable=D(50), due=dt.date(2027, 6, 30))
    cards = {c.uuid: c for c in queries.kpi_cards(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31))}
    assert cards[str(kpi.uuid)].current == D(300)  # google / cpc only
    assert cards[str(rate.uuid)].current == D(50)  # 300 / 600 x 100


def test_the_cards_read_a_constant_number_of_queries(engagement, facts, manager, m):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            queries.kpi_cards(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31), today=TODAY)
        return len(ctx.captured_queries)

    services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="CPC",
                        metric_key="ads.cpc", acceptable=D(1), due=dt.date(2027, 6, 30))
    services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="Leads",
                        metric_key="manual", unit="leads", aggregation="sum", acceptable=D(1),
                        due=dt.date(2027, 6, 30))
    few = count()
    for i in range(8):
        services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name=f"K{i}",
                            metric_key=["ads.ctr", "ga4.sessions", "manual", "ads.clicks"][i % 4], unit="x",
                            aggregation=["sum", "last"][i % 2], acceptable=D(1), due=dt.date(2027, 6, 30))
    assert count() == few + 1  # + the last days' read, which the first KPIs did not need
    assert count() <= 6
