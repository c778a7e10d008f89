"""Fixtures of the dashboard's tests: members by role, facts written straight into the store (the import
pipeline has its own tests), and "today" fixed at 20 November 2026 (the engagement started on 7 September)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.models import Membership

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def today(clock):
    clock.set(TODAY)
    return TODAY


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


class Facts:
    """Writes fact rows of one engagement (one batch per platform)."""

    def __init__(self, engagement, owner):
        self.engagement, self.owner, self.batches = engagement, owner, {}

    def batch(self, platform):
        from cadence.metrics.models import ImportBatch, Status

        if platform not in self.batches:
            self.batches[platform] = ImportBatch.objects.create(
                workspace=self.engagement.workspace, engagement=self.engagement, created_by=self.owner,
                file_name=f"{platform}.csv", sha256="0" * 64, status=Status.DONE, platform=platform)
        return self.batches[platform]

    def add(self, platform, level, day, day_end=None, *, item="", campaign="", account="", extra=None, **measures):
        from cadence.metrics.domain.facts import fact_key
        from cadence.metrics.models import MetricFact

        return MetricFact.objects.create(
            workspace=self.engagement.workspace, engagement=self.engagement, batch=self.batch(platform),
            platform=platform, level=level, item=item, campaign=campaign, account=account,
            key=fact_key(platform, account, level, campaign, "", "", item), day=day, day_end=day_end or day,
            extra=extra or {}, **{k: Decimal(str(v)) if k in ("spend", "conversions", "conversion_value") else v
                                  for k, v in measures.items()})

    def many(self, platform, level, first, days, *, items=1, **measures):
        from cadence.metrics.domain.facts import fact_key
        from cadence.metrics.models import MetricFact

        batch = self.batch(platform)
        rows = []
        for d in range(days):
            day = first + dt.timedelta(days=d)
            for i in range(items):
                item = f"item {i}"
                rows.append(MetricFact(workspace=self.engagement.workspace, engagement=self.engagement, batch=batch,
                                       platform=platform, level=level, item=item, campaign=f"C{i}",
                                       key=fact_key(platform, "", level, f"C{i}", "", "", item), day=day,
                                       day_end=day, **measures))
        MetricFact.objects.bulk_create(rows)


@pytest.fixture
def facts(engagement, owner):
    return Facts(engagement, owner)


@pytest.fixture
def sample(facts, today):
    """November 2026 against October: GA4 by source / medium (daily rows and one October report spanning the
    month boundary), posts, ad spend (daily Meta rows, a LinkedIn row of 21 Oct – 9 Nov)."""
    nov, octo = dt.date(2026, 11, 1), dt.date(2026, 10, 1)
    for d in range(20):
        facts.add("ga4", "source", nov + dt.timedelta(days=d), item="google / organic", sessions=100,
                  engaged_sessions=60, conversions=2, conversion_value=50)
        facts.add("ga4", "source", nov + dt.timedelta(days=d), item="facebook / cpc", sessions=30,
                  engaged_sessions=10, conversions=1, conversion_value=0)
        facts.add("ga4", "source", octo + dt.timedelta(days=d), item="google / organic", sessions=80,
                  engaged_sessions=50, conversions=1, conversion_value=20)
        facts.add("meta_ads", "campaign", nov + dt.timedelta(days=d), campaign="Toamna", spend="10.50",
                  impressions=1000, clicks=20)
        facts.add("meta_ads", "campaign", octo + dt.timedelta(days=d), campaign="Toamna", spend="8",
                  impressions=900, clicks=15)
    # 20 days: 10 in October 21-31 ... 11 days in October (21..31) and 9 in November (1..9)
    facts.add("linkedin_ads", "campaign", dt.date(2026, 10, 21), dt.date(2026, 11, 9), campaign="B2B", spend="200")
    facts.add("instagram", "post", dt.date(2026, 11, 3), item="p1", likes=100, comments=10, shares=5, saves=20,
              reach=3000, extra={"Description": "Cozonac de Paște", "Permalink": "https://www.instagram.com/p/1/",
                                 "Post type": "IG reel"})
    facts.add("instagram", "post", dt.date(2026, 11, 5), item="p2", likes=300, comments=1, reach=5000,
              extra={"Description": "Pâine cu maia", "Permalink": "javascript:alert(1)"})
    facts.add("facebook", "post", dt.date(2026, 11, 8), item="f1", likes=40, comments=2, shares=1)
    facts.add("instagram", "post", dt.date(2026, 10, 8), item="old", likes=9999)
    return facts
