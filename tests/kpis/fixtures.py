"""Fixtures of the KPIs' tests: members by role, Meta and Google Ads facts over six months (Oct 2026 - Mar
2027), GA4 facts by source / medium, and a CTR KPI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.models import Membership
from cadence.metrics.domain.facts import fact_key
from cadence.metrics.models import ImportBatch, MetricFact

D = Decimal
MONTHS = [dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1),
          dt.date(2027, 2, 1), dt.date(2027, 3, 1)]
TODAY = dt.date(2027, 4, 10)


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


def add_fact(engagement, batch, *, platform, day, day_end=None, level="campaign", campaign="", item="", **measures):
    key = fact_key(platform, "acc", level, campaign, "", "", item)
    return MetricFact.objects.create(workspace=engagement.workspace, engagement=engagement, batch=batch,
                                     platform=platform, account="acc", level=level, campaign=campaign, item=item,
                                     key=key, day=day, day_end=day_end or day, **measures)


@pytest.fixture
def facts(engagement, owner):
    """Meta (campaign "Brand RO"): one row per month on its 15th, 1,000 impressions and 10, 12, 14, 16, 18, 20
    link clicks (CTR 1.0 .. 2.0 %); Google ("Search"): daily rows of the first two days of each month, 100
    impressions and 1 click each; GA4: March 2027 as one row spanning the month per source / medium."""
    batch = ImportBatch.objects.create(workspace=engagement.workspace, engagement=engagement, file_name="x.csv",
                                       sha256="0" * 64, status="done")
    for i, month in enumerate(MONTHS):
        add_fact(engagement, batch, platform="meta_ads", day=month.replace(day=15), campaign="Brand RO",
                 impressions=1000, link_clicks=10 + 2 * i, clicks=40, spend=D("20.00"))
        for d in (1, 2):
            add_fact(engagement, batch, platform="google_ads", day=month.replace(day=d), campaign="Search",
                     impressions=100, clicks=1, spend=D("3.00"))
    for item, sessions, engaged in (("google / cpc", 300, 150), ("facebook / paid_social", 200, 80),
                                    ("(direct) / (none)", 100, 70)):
        add_fact(engagement, batch, platform="ga4", day=dt.date(2027, 3, 1), day_end=dt.date(2027, 3, 31),
                 level="source", item=item, sessions=sessions, engaged_sessions=engaged)
    return batch


@pytest.fixture
def kpi_ctr(engagement, manager, m):
    from cadence.kpis import services

    return services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement,
                               name="CTR Meta", metric_key="ads.ctr", platform="meta_ads", direction="up",
                               baseline=D("1.0"), acceptable=D("2.6"), optimal=D("3"), best=D("3.5"),
                               due=dt.date(2027, 6, 30))
