"""The dashboard's reads: the fact table's sums for a period of days (a row crossing the period's ends split by
days), the composed view, and a constant number of queries whatever the facts and KPIs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadence.dashboard import queries
from cadence.dashboard.domain import periods
from cadence.metrics import queries as metric_queries

D = Decimal
NOV1, NOV30 = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
OCT1, OCT31 = dt.date(2026, 10, 1), dt.date(2026, 10, 31)

pytestmark = pytest.mark.django_db


def test_channel_results_group_sources_by_ga4_channel(engagement, sample):
    rows = metric_queries.channel_results(engagement, first=NOV1, last=NOV30)
    assert [(r.channel, r.sessions, r.engaged_sessions, r.key_events, r.revenue) for r in rows] == [
        ("Organic Search", 2000, 1200, D("40.00"), D("1000.00")),
        ("Paid Social", 600, 200, D("20.00"), D("0.00")),
    ]


def test_a_row_spanning_the_period_counts_for_its_days_inside(engagement, sample):
    # LinkedIn: 200 over 21 Oct - 9 Nov (20 days): 9 days in November, 11 in October
    nov = {r.platform: r.spend for r in metric_queries.ad_spend(engagement, first=NOV1, last=NOV30)}
    octo = {r.platform: r.spend for r in metric_queries.ad_spend(engagement, first=OCT1, last=OCT31)}
    assert nov == {"meta_ads": D("210.00"), "linkedin_ads": D("90.00")}
    assert octo == {"meta_ads": D("160.00"), "linkedin_ads": D("110.00")}
    both = {r.platform: r.spend for r in metric_queries.ad_spend(engagement, first=OCT1, last=NOV30)}
    assert both["linkedin_ads"] == D("200.00")
    days = {r.platform: r.spend for r in metric_queries.ad_spend(engagement, first=dt.date(2026, 11, 5),
                                                                  last=dt.date(2026, 11, 6))}
    assert days == {"meta_ads": D("21.00"), "linkedin_ads": D("20.00")}
    # the month's figure is the one monthly_totals gives
    monthly = {r.platform: r.measures["spend"] for r in metric_queries.monthly_totals(engagement, first=NOV1,
                                                                                       last=NOV30)}
    assert monthly["linkedin_ads"] == nov["linkedin_ads"] and monthly["meta_ads"] == nov["meta_ads"]


def test_top_posts_by_interactions_with_caption_and_only_safe_links(engagement, sample):
    posts = metric_queries.top_posts(engagement, first=NOV1, last=NOV30)
    assert [(p.item, p.interactions) for p in posts] == [("p2", 301), ("p1", 135), ("f1", 43)]
    assert posts[1].caption == "Cozonac de Paște" and posts[1].permalink == "https://www.instagram.com/p/1/"
    assert posts[0].permalink == ""  # javascript: is never a link
    assert [p.item for p in metric_queries.top_posts(engagement, first=NOV1, last=NOV30, limit=1)] == ["p2"]


def test_the_dashboard_compares_with_the_previous_period(engagement, sample, m):
    choice = periods.choose("month", today=sample and dt.date(2026, 11, 20))
    view = queries.dashboard(engagement, first=choice.current.first, last=choice.current.last, choice=choice,
                             membership=m["owner"], charts=False)
    assert (view.first, view.last, view.previous.first, view.previous.last) == (
        NOV1, dt.date(2026, 11, 20), OCT1, dt.date(2026, 10, 20))
    organic = next(c for c in view.channels if c.channel == "Organic Search")
    assert (organic.sessions.current, organic.sessions.previous, organic.sessions.change) == (
        D(2000), D(1600), D("25.0"))
    assert organic.label  # worded
    paid = next(c for c in view.channels if c.channel == "Paid Social")
    assert paid.sessions.previous == 0 and paid.sessions.change is None
    assert view.channel_total.sessions.current == 2600
    assert view.spend.imported.current == D("300.00")  # 210 Meta + 90 LinkedIn (9 of its 20 days)
    assert view.spend.imported.previous == D("160.00")  # October 1-20: Meta only (LinkedIn starts on the 21st)
    assert [p.item for p in view.posts] == ["p2", "p1", "f1"]
    assert view.hours is not None and view.hours.index == 3  # the engagement page's meter: month 3
    assert view.schedule.phase_name and view.schedule.phase_status


def _queries(engagement, membership, today):
    from cadence.engagements.models import Engagement

    engagement = Engagement.objects.select_related("client").get(pk=engagement.pk)  # as a request loads it
    choice = periods.choose("month", today=today)
    with CaptureQueriesContext(connection) as ctx:
        queries.dashboard(engagement, first=choice.current.first, last=choice.current.last, choice=choice,
                          membership=membership, today=today)
    return len(ctx.captured_queries)


def _kpis(engagement, n):
    from cadence.kpis.models import Kpi

    Kpi.objects.bulk_create([Kpi(workspace=engagement.workspace, engagement=engagement, name=f"KPI {i}",
                                 metric_key="ads.ctr", position=i) for i in range(n)])


def test_a_constant_number_of_queries_with_few_and_many_facts_and_kpis(engagement, facts, m, today):
    from cadence.engagements import queries as engagement_queries

    engagement_queries.schedule_for(engagement, today)  # the stored schedule, as the worker keeps it
    facts.add("ga4", "source", today, item="google / organic", sessions=5)
    facts.add("meta_ads", "campaign", today, campaign="A", spend="1")
    facts.add("instagram", "post", today, item="p", likes=1)
    _kpis(engagement, 1)
    few = _queries(engagement, m["owner"], today)
    facts.many("ga4", "source", dt.date(2026, 10, 1), 50, items=20, sessions=10, engaged_sessions=5)
    facts.many("meta_ads", "ad", dt.date(2026, 10, 1), 50, items=20, spend=D("2.50"), impressions=100)
    facts.many("instagram", "post", dt.date(2026, 10, 1), 50, items=3, likes=7, comments=1)
    facts.add("linkedin_ads", "campaign", dt.date(2026, 10, 25), dt.date(2026, 11, 3), campaign="L", spend="10")
    _kpis(engagement, 30)
    many = _queries(engagement, m["owner"], today)
    assert few == many
    assert many <= 30, many


def test_the_cached_past_months_follow_the_imports(engagement, facts, today):
    """The KPI cards' complete months are cached under the facts' version: a written (or undone) import saves its
    batch, so the next read sees the new rows."""
    groups = metric_queries.period_groups(engagement, first=OCT1, last=dt.date(2026, 11, 20),
                                          platforms=["meta_ads"])
    assert groups == []
    row = facts.add("meta_ads", "campaign", dt.date(2026, 10, 5), campaign="A", spend="7")
    version = metric_queries.facts_version(engagement)
    row.batch.save()  # what services.write and undo do in the rows' transaction
    assert metric_queries.facts_version(engagement) != version
    groups = metric_queries.period_groups(engagement, first=OCT1, last=dt.date(2026, 11, 20),
                                          platforms=["meta_ads"])
    assert [(g.start, g.measures["spend"]) for g in groups] == [(OCT1, D("7"))]
    facts.add("meta_ads", "campaign", dt.date(2026, 11, 5), campaign="A", spend="3")  # the live month
    groups = metric_queries.period_groups(engagement, first=OCT1, last=dt.date(2026, 11, 20),
                                          platforms=["meta_ads"])
    assert [(g.start, g.measures["spend"]) for g in groups] == [(OCT1, D("7")), (NOV1, D("3"))]


def test_period_starts_are_computed_by_the_database(engagement, facts):
    """metrics.queries.PeriodStart: the month's first day and the ISO week's Monday, in the database's own
    functions (SQLite and PostgreSQL), for every weekday and across a year's end."""
    from cadence.metrics.models import MetricFact

    first = dt.date(2026, 12, 24)
    for d in range(14):
        facts.add("meta_ads", "campaign", first + dt.timedelta(days=d), campaign=f"C{d}", spend="1")
    rows = (MetricFact.objects.filter(engagement=engagement)
            .annotate(m=metric_queries.PeriodStart("day"), w=metric_queries.PeriodStart("day", "week"))
            .values_list("day", "m", "w"))
    seen = 0
    for day, month, week in rows:
        assert month == day.replace(day=1)
        assert week == day - dt.timedelta(days=day.weekday())
        seen += 1
    assert seen == 14
    with pytest.raises(ValueError):
        metric_queries.PeriodStart("day", "year")
    weekly = metric_queries.period_sums(engagement, first=first, last=first + dt.timedelta(days=13), period="week")
    assert list(weekly) == [dt.date(2026, 12, 21), dt.date(2026, 12, 28), dt.date(2027, 1, 4)]
    assert [weekly[w]["spend"] for w in weekly] == [Decimal(4), Decimal(7), Decimal(3)]
