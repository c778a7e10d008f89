"""Every sample export in ../shared/data is recognised as its platform and variant and reads with the totals
computed by hand from the file (the Google Ads totals also match the file's own ``Total: Account`` row)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cadence.metrics.domain.facts import ERROR, FactRow
from cadence.metrics.domain.reader import read_facts, recognise, summarise

DATA = Path("/work/shared/data")
if not DATA.is_dir():  # the repository's copy when the shared folder is elsewhere
    DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"

D = Decimal
SAMPLES = {
    "meta_ads_monthly_usd.csv": dict(
        platform="meta_ads", variant="ads_manager_monthly", level="ad", currency="USD", rows=4, campaigns=3,
        first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31),
        totals={"spend": D("1965.24"), "impressions": D("224196"), "reach": D("140780"), "link_clicks": D("936"),
                "results": D("54781")}),
    "meta_ads_daily_eur.csv": dict(
        platform="meta_ads", variant="ads_manager_daily", level="campaign", currency="EUR", rows=14, campaigns=2,
        first=dt.date(2027, 4, 1), last=dt.date(2027, 4, 7),
        totals={"spend": D("306.84"), "impressions": D("83433"), "reach": D("62086"), "link_clicks": D("1242"),
                "results": D("1242"), "clicks": D("1519")}),
    "meta_ads_ru.csv": dict(
        platform="meta_ads", variant="ads_manager_ru_monthly", level="ad", currency="USD", rows=3, campaigns=2,
        first=dt.date(2027, 2, 1), last=dt.date(2027, 2, 28),
        totals={"spend": D("934.05"), "impressions": D("77265"), "reach": D("51080"), "link_clicks": D("1267"),
                "conversions": D("101")}),
    "google_ads_campaign_report.csv": dict(
        platform="google_ads", variant="ui_download", level="campaign", currency="RON", rows=5, campaigns=3,
        first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 3),
        totals={"clicks": D("2321"), "impressions": D("95733"), "spend": D("875.54"), "conversions": D("67.50")}),
    "ga4_traffic_acquisition.csv": dict(
        platform="ga4", variant="traffic_acquisition", level="source", currency="", rows=5, campaigns=0,
        first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 31),
        totals={"sessions": D("10965"), "engaged_sessions": D("6798"), "conversions": D("257"),
                "conversion_value": D("8322.45")}),
    "instagram_posts.csv": dict(
        platform="instagram", variant="posts", level="post", currency="", rows=3, campaigns=0,
        first=dt.date(2027, 3, 2), last=dt.date(2027, 3, 6),
        totals={"impressions": D("22750"), "reach": D("15221"), "likes": D("838"), "shares": D("163"),
                "followers": D("24"), "comments": D("59"), "saves": D("187")}),
    "instagram_reach_daily.csv": dict(
        platform="instagram", variant="daily_metric", level="account", currency="", rows=10, campaigns=0,
        first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 10), totals={"reach": D("20035")}),
    "tiktok_ads.csv": dict(
        platform="tiktok_ads", variant="ads_manager", level="ad", currency="EUR", rows=3, campaigns=1,
        first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 2),
        totals={"spend": D("96.62"), "impressions": D("24570"), "reach": D("19870"), "link_clicks": D("163"),
                "video_views": D("23098"), "conversions": D("9")}),
    "linkedin_campaigns.csv": dict(
        platform="linkedin_ads", variant="campaign_performance", level="campaign", currency="USD", rows=3,
        campaigns=2, first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 2),
        totals={"spend": D("2394.60"), "impressions": D("44057"), "clicks": D("246"), "link_clicks": D("203"),
                "conversions": D("6")}),
}


def test_every_sample_is_covered() -> None:
    assert {p.name for p in DATA.glob("*.csv")} == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_is_recognised_and_reads_with_its_totals(name: str) -> None:
    want = SAMPLES[name]
    with (DATA / name).open("rb") as stream:
        recognition = recognise(stream)
        layout = recognition.layout
        assert layout is not None, recognition.headers
        assert (layout.platform, layout.variant, layout.level, layout.currency) == (
            want["platform"], want["variant"], want["level"], want["currency"])
        summary = summarise(stream, layout)
    assert summary.error_count == 0, summary.problems
    assert summary.rows == want["rows"]
    assert summary.campaign_count == want["campaigns"]
    assert (summary.first_day, summary.last_day) == (want["first"], want["last"])
    assert summary.totals == want["totals"]
    assert summary.ok


def test_meta_monthly_keeps_ids_rates_and_both_result_value_types_as_text() -> None:
    with (DATA / "meta_ads_monthly_usd.csv").open("rb") as stream:
        layout = recognise(stream).layout
        assert layout is not None
        rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    first = rows[0]
    assert (first.campaign, first.ad_set, first.ad) == ("Spring launch - Prospecting", "Broad 25-54 RO", "Carousel A")
    assert (first.day, first.day_end) == (dt.date(2027, 3, 1), dt.date(2027, 3, 31))
    assert first.extra["Campaign ID"] == "120210000000000001"
    assert first.extra["Cost per result"] == "1.87"
    assert "Result value type" not in first.extra and "Result value type (2)" not in first.extra  # both empty
    assert layout.headers.count("Result value type") == 2


def test_google_ads_total_rows_at_the_end_are_skipped_and_dashes_are_empty() -> None:
    with (DATA / "google_ads_campaign_report.csv").open("rb") as stream:
        recognition = recognise(stream)
        assert recognition.header_line == 3
        layout = recognition.layout
        assert layout is not None
        assert (layout.period_start, layout.period_end) == (dt.date(2027, 3, 1), dt.date(2027, 3, 3))
        items = list(read_facts(stream, layout))
    assert all(isinstance(i, FactRow) for i in items)
    paused = [i for i in items if isinstance(i, FactRow) and i.campaign == "Generic | Search"][0]
    assert "CTR" not in paused.extra  # " --" is empty
    assert paused.extra["Budget"] == "30.00"
    assert paused.measures["clicks"] == 0


def test_ga4_reads_source_medium_over_the_period_and_keeps_rates_as_fractions() -> None:
    with (DATA / "ga4_traffic_acquisition.csv").open("rb") as stream:
        layout = recognise(stream).layout
        assert layout is not None
        rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    assert rows[0].item == "google / organic"
    assert (rows[0].day, rows[0].day_end) == (dt.date(2027, 3, 1), dt.date(2027, 3, 31))
    assert rows[0].extra["Engagement rate"] == "0.64492187"


def test_instagram_post_ids_stay_text_and_the_day_is_the_publish_day() -> None:
    with (DATA / "instagram_posts.csv").open("rb") as stream:
        layout = recognise(stream).layout
        assert layout is not None
        rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    assert [r.item for r in rows] == ["18045678901234567", "18045678901234568", "18045678901234569"]
    assert rows[0].account == "17841400000000000"
    assert rows[1].day == rows[1].day_end == dt.date(2027, 3, 4)


def test_instagram_daily_reach_series_is_utf16_with_sep_line() -> None:
    with (DATA / "instagram_reach_daily.csv").open("rb") as stream:
        recognition = recognise(stream)
        assert (recognition.encoding, recognition.delimiter, recognition.header_line) == ("utf-16", ",", 3)
        layout = recognition.layout
        assert layout is not None
        rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    assert rows[0].item == "reach" and rows[0].measures == {"reach": Decimal("1837")}


def test_tiktok_masked_counts_are_empty_with_a_notice() -> None:
    with (DATA / "tiktok_ads.csv").open("rb") as stream:
        layout = recognise(stream).layout
        assert layout is not None
        items = list(read_facts(stream, layout))
    notices = [i for i in items if not isinstance(i, FactRow)]
    assert [(n.code, n.line, n.column, n.severity) for n in notices] == [
        ("masked", 4, "Impressions", "notice"), ("masked", 4, "Reach", "notice")]
    assert all(n.severity != ERROR for n in notices)
    last = [i for i in items if isinstance(i, FactRow)][-1]
    assert "impressions" not in last.measures and last.measures["spend"] == Decimal("0.37")


def test_linkedin_is_a_placeholder() -> None:
    with (DATA / "linkedin_campaigns.csv").open("rb") as stream:
        layout = recognise(stream).layout
    assert layout is not None and layout.confidence == "placeholder"
    meta = recognise((DATA / "meta_ads_ru.csv").open("rb")).layout
    assert meta is not None and meta.confidence == "confirmed"
