"""The KPI metric keys: stable, documented, and readable from the real export formats (pure)."""

from __future__ import annotations

import re

from cadence.plans.domain.metrics import (
    MANUAL,
    METRICS,
    Direction,
    GrowthClass,
    Platform,
    UnitKind,
    get_metric,
)

# English headers of the sample exports in shared/data (currency suffixes such as " (EUR)" removed).
SAMPLE_HEADERS: dict[Platform, set[str]] = {
    Platform.META_ADS: {
        "Campaign name", "Reporting starts", "Reporting ends", "Amount spent", "Result type", "Results",
        "Cost per result", "Reach", "Impressions", "Frequency", "Post engagements", "Link clicks",
        "CPM (cost per 1,000 impressions)", "CPC (cost per link click)", "CTR (link click-through rate)",
        "Clicks (all)", "CTR (all)", "CPC (all)", "Landing page views", "Cost per results",
    },
    Platform.GOOGLE_ADS: {
        "Day", "Campaign", "Budget", "Clicks", "Impr.", "CTR", "Avg. CPC", "Cost", "Conversions", "Conv. rate",
        "Cost / conv.",
    },
    Platform.TIKTOK_ADS: {
        "By Day", "Campaign name", "Cost", "Impressions", "Reach", "Frequency", "Clicks (destination)",
        "CPC (destination)", "CTR (destination)", "CPM", "Video views", "Conversions", "Cost per conversion",
    },
    Platform.LINKEDIN_ADS: {"Total Spent", "Impressions", "Clicks", "Clicks to Landing Page", "Conversions"},
    Platform.GA4: {
        "Session source / medium", "Sessions", "Engaged sessions", "Engagement rate",
        "Average engagement time per session", "Events per session", "Event count", "Key events",
        "Session key event rate", "Total revenue",
    },
    Platform.INSTAGRAM: {
        "Instagram reach", "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
    },
    Platform.FACEBOOK: set(),
}
# Columns of real exports that the small samples do not contain (the account metric exports of Meta
# Business Suite have the same shape as "Instagram reach"; "Leads" is Meta's English for "Лиды"; GA4 called
# key events "Conversions" before 2024 and shows "Bounce rate" in other reports).
NOT_IN_SAMPLES = {"Instagram followers", "Facebook followers", "Facebook reach", "Leads", "Conversions",
                  "Bounce rate", "Purchases conversion value", "Conv. value"}


def test_the_issue_s_example_keys_and_manual_are_listed():
    for key in ("instagram.followers", "facebook.reach", "ads.ctr", "ads.cpc", "ads.conversions", "ga4.sessions",
                "ga4.conversions", "site.bounce_rate", MANUAL):
        assert key in METRICS, key


def test_keys_are_source_dot_measure_in_lower_case_and_match_their_record():
    for key, metric in METRICS.items():
        assert metric.key == key
        assert key == MANUAL or re.fullmatch(r"[a-z0-9]+\.[a-z0-9_]+", key), key
        assert metric.label.strip()


def test_lower_is_better_for_costs_and_the_bounce_rate_only():
    down = {k for k, m in METRICS.items() if m.direction == Direction.DOWN}
    assert down == {"ads.cpc", "ads.cpm", "ads.cost_per_conversion", "ads.cost_per_result",
                    "site.bounce_rate"}
    assert METRICS[MANUAL].direction is None
    assert all(m.direction is not None for k, m in METRICS.items() if k != MANUAL)


def test_unit_kinds_and_growth_classes_agree():
    assert METRICS["ads.ctr"].unit == UnitKind.PERCENT
    assert METRICS["ads.cpc"].unit == UnitKind.MONEY
    assert METRICS["ga4.engagement_time"].unit == UnitKind.SECONDS
    assert METRICS["instagram.followers"].growth == GrowthClass.AUDIENCE
    for m in METRICS.values():
        if m.unit == UnitKind.PERCENT:
            assert m.growth == GrowthClass.RATE, m.key
        if m.direction == Direction.DOWN and m.unit == UnitKind.MONEY:
            assert m.growth == GrowthClass.COST, m.key
        if m.growth == GrowthClass.AUDIENCE:
            assert m.key.endswith(".followers")
    assert METRICS[MANUAL].unit == UnitKind.CUSTOM and METRICS[MANUAL].growth == GrowthClass.NONE


def test_every_metric_is_read_from_columns_its_platforms_export():
    for m in METRICS.values():
        if m.manual:
            assert m.platforms == (Platform.MANUAL,) and m.columns == ()
            continue
        assert m.platforms and m.columns, m.key
        known = set().union(*(SAMPLE_HEADERS[p] for p in m.platforms)) | NOT_IN_SAMPLES
        assert set(m.columns) <= known, (m.key, set(m.columns) - known)
        assert m.key.split(".")[0] in {"instagram", "facebook", "ads", "ga4", "site"}


def test_get_metric_knows_listed_keys_only():
    assert get_metric("ads.cpc") is METRICS["ads.cpc"]
    assert get_metric("ads.CPC") is None
    assert get_metric("instagram.follower") is None
