"""The control benchmarks' data (issue 11): a workspace with several engagements and two years of daily metric
rows, ``rows`` MetricFact rows in all (1,000,000 by default), with budgets and KPIs on them.

Used by ``bench/bench_dashboard.py`` (the engagement dashboard) and ``bench/bench_report.py`` (the monthly PDF):
call ``build(...)`` inside a configured Django (``DJANGO_SETTINGS_MODULE``, migrated database). The people,
clients, engagements, budgets and KPIs go through the services (or the models where no service exists yet);
the facts go in by the fastest path of the database (SQLite: ``executemany`` of plain INSERTs in one
transaction; PostgreSQL: ``COPY``), then the tables are analysed. Deterministic for a seed.

Each engagement gets, for every day of the two years up to ``end`` (default: yesterday):

* GA4 daily rows per "source / medium" (``GA4_SOURCES``: every default channel group of the dashboard);
* one Instagram and one Facebook post (level post, caption and permalink in ``extra``) and the Instagram
  account's daily follower count;
* Meta Ads (60 %), Google Ads (25 %) and TikTok Ads (15 %) daily rows at ad level, as many as it takes to reach
  ``rows``;
* and, per month, three LinkedIn campaign rows covering the whole month (rows spanning days, which a period's
  sums split by days).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DAYS = 730
GA4_SOURCES = ("google / organic", "(direct) / (none)", "facebook / cpc", "instagram / paid", "google / cpc",
               "newsletter / email", "m.facebook.com / referral", "bing / organic", "youtube.com / referral",
               "l.instagram.com / social", "partner.ro / affiliate", "yandex / organic")
LANGUAGES = ("ro", "ru", "en")


@dataclass
class ControlData:
    """What ``build`` made: ids to find it again and the figures of the data."""

    workspace_slug: str
    owner_email: str
    engagements: list[str]  # uuids, the first is the one the benchmarks open
    engagement_ids: list[int]
    first_day: dt.date
    last_day: dt.date
    rows: int
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"workspace_slug": self.workspace_slug, "owner_email": self.owner_email,
                "engagements": self.engagements, "engagement_ids": self.engagement_ids,
                "first_day": self.first_day.isoformat(), "last_day": self.last_day.isoformat(), "rows": self.rows,
                "seconds": self.seconds}


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, month = [], first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def _setup(*, engagements: int, first: dt.date, last: dt.date, slug: str) -> tuple[Any, Any, list[Any]]:
    """The owner, the workspace, clients and engagements (through the services), with a budget and KPIs."""
    from cadence.accounts.models import User
    from cadence.core import services as core_services
    from cadence.core.models import Membership
    from cadence.core.scoping import scope
    from cadence.engagements import services as eng_services
    from cadence.engagements.models import ProcessTemplate

    owner = User.objects.create_user(f"owner@{slug}.bench.test", None, full_name="Control Bench")
    workspace = core_services.create_workspace(actor=owner, name="Control bench", slug=slug)
    made = []
    with scope(workspace=workspace):
        membership = Membership.objects.get(workspace=workspace, user=owner)
        template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
        for n in range(engagements):
            language = LANGUAGES[n % len(LANGUAGES)]
            client = core_services.create_client(actor=owner, workspace=workspace, name=f"Client {n + 1:02d}",
                                                 country="RO" if language != "ru" else "MD", language=language)
            engagement = eng_services.create_engagement(
                actor=owner, workspace=workspace, client=client, template=template, name=f"Growth {n + 1:02d}",
                start_date=first, monthly_hours=Decimal(60), country="RO", time_zone="Europe/Bucharest",
                currency="EUR", language=language)
            _budget(owner, membership, engagement, first, last)
            _kpis(owner, engagement, last)
            made.append(engagement)
    return owner, workspace, made


def _budget(owner: Any, membership: Any, engagement: Any, first: dt.date, last: dt.date) -> None:
    from cadence.budget import services

    months = _months(first, last + dt.timedelta(days=62))[: services.MONTHS_MAX]
    services.update_settings(actor=owner, membership=membership, engagement=engagement, first_month=months[0],
                             months=len(months), overspend_reduces_next=True)
    lines = [(services.create_line(actor=owner, membership=membership, engagement=engagement,
                                   category="advertising", channel=channel, name=name), planned)
             for channel, name, planned in (("meta", "Meta Ads", "3000"), ("google_ads", "Google Ads", "1500"),
                                            ("tiktok", "TikTok Ads", "800"), ("linkedin", "LinkedIn Ads", "600"))]
    lines.append((services.create_line(actor=owner, membership=membership, engagement=engagement,
                                       category="software_tools", name="Canva Pro"), "12"))
    cells = [services.CellInput(line, month, planned=planned) for month in months for line, planned in lines]
    services.save_cells(actor=owner, membership=membership, engagement=engagement, cells=cells)


# (name, metric key, platform filter, direction, baseline, acceptable, optimal, best)
KPIS = (
    ("CTR Meta", "ads.ctr", "meta_ads", "up", "0.9", "1.2", "1.5", "1.8"),
    ("CPC Meta", "ads.cpc", "meta_ads", "down", "0.60", "0.45", "0.40", "0.35"),
    ("Website sessions", "ga4.sessions", "", "up", "20000", "26000", "30000", "34000"),
    ("Ad conversions", "ads.conversions", "", "up", "300", "420", "480", "540"),
    ("Instagram reach", "instagram.reach", "", "up", "40000", "52000", "60000", "70000"),
    ("Website revenue", "ga4.revenue", "", "up", "15000", "20000", "24000", "28000"),
)


def _kpis(owner: Any, engagement: Any, last: dt.date) -> None:
    """The KPIs (rows of the kpis app's model: its services are the kpis helper's)."""
    from cadence.kpis.models import Kpi

    due = (last + dt.timedelta(days=120)).replace(day=1)
    Kpi.objects.bulk_create([
        Kpi(workspace_id=engagement.workspace_id, engagement=engagement, name=name, metric_key=key, platform=platform,
            direction=direction, baseline=Decimal(baseline), acceptable=Decimal(acceptable), optimal=Decimal(optimal),
            best=Decimal(best), due=due, position=i, created_by=owner)
        for i, (name, key, platform, direction, baseline, acceptable, optimal, best) in enumerate(KPIS)])


def _batches(engagement: Any, owner: Any, platforms: tuple[str, ...], first: dt.date, last: dt.date) -> dict[str, int]:
    from cadence.metrics.models import ImportBatch, Status

    out = {}
    for platform in platforms:
        batch = ImportBatch.objects.create(
            workspace_id=engagement.workspace_id, engagement=engagement, created_by=owner,
            file_name=f"{platform}-bench.csv", sha256=f"{platform:0<64}"[:64], status=Status.DONE, platform=platform,
            first_day=first, last_day=last, currency="EUR")
        out[platform] = batch.pk
    return out


PLATFORMS = ("ga4", "instagram", "facebook", "meta_ads", "google_ads", "tiktok_ads", "linkedin_ads")


def _fact_rows(engagement: Any, batches: dict[str, int], *, first: dt.date, days: int, ad_rows: int, extra_days: int,
               rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """The engagement's facts as tuples in ``store.COLUMNS`` order (dates as ``date``, measures as text)."""
    from cadence.metrics.domain.facts import MEASURES, fact_key

    at = {name: i for i, name in enumerate(MEASURES)}
    ws, eng = engagement.workspace_id, engagement.pk
    keys: dict[tuple[str, ...], str] = {}

    def row(platform: str, level: str, day: dt.date, day_end: dt.date, *, account: str = "", campaign: str = "",
            ad_set: str = "", ad: str = "", item: str = "", extra: str = "{}", **measures: Any) -> tuple[Any, ...]:
        subject = (platform, account, level, campaign, ad_set, ad, item)
        key = keys.get(subject)
        if key is None:
            key = keys[subject] = fact_key(*subject)
        values: list[Any] = [None] * len(MEASURES)
        for name, value in measures.items():
            values[at[name]] = value
        return (ws, eng, batches[platform], platform, account, level, campaign, ad_set, ad, item, key, day, day_end,
                *values, extra)

    meta = max(1, ad_rows * 60 // 100)
    google = max(1, ad_rows * 25 // 100)
    tiktok = max(1, ad_rows - meta - google)
    # ``extra_days`` days get one Meta Ads row more, so the rows add up to the number asked for
    growth_per_day = 1 / 730
    followers = 12000
    for d in range(days):
        day = first + dt.timedelta(days=d)
        trend = 1 + d * growth_per_day  # two years of slow growth
        weekday = 0.8 if day.weekday() >= 5 else 1.0
        for source in GA4_SOURCES:
            sessions = int(rng.randint(20, 400) * trend * weekday)
            engaged = sessions * rng.randint(45, 75) // 100
            key_events = sessions * rng.randint(1, 4) // 100
            yield row("ga4", "source", day, day, item=source, sessions=sessions, engaged_sessions=engaged,
                      conversions=f"{key_events}.00", conversion_value=f"{key_events * rng.randint(20, 90)}.00")
        for platform in ("instagram", "facebook"):
            post = f"{platform[:2]}{eng:03d}{d:05d}"
            reach = int(rng.randint(800, 9000) * trend)
            likes, comments = reach * rng.randint(2, 8) // 100, rng.randint(0, 60)
            shares, saves = rng.randint(0, 40), rng.randint(0, 80) if platform == "instagram" else None
            extra = json.dumps({"Description": f"Post {d + 1} of {engagement.name}: news, offers and behind the scenes",
                                "Permalink": f"https://www.{platform}.com/p/{post}/",
                                "Post type": "IG reel" if d % 3 == 0 else "IG image"}, ensure_ascii=False)
            yield row(platform, "post", day, day, account=f"{platform}-{eng}", item=post, extra=extra,
                      impressions=reach * 13 // 10, reach=reach, likes=likes, comments=comments, shares=shares,
                      saves=saves)
        followers += rng.randint(-5, 25)
        yield row("instagram", "account", day, day, account=f"instagram-{eng}", item="followers", followers=followers)
        for platform, count in (("meta_ads", meta + (d < extra_days)), ("google_ads", google), ("tiktok_ads", tiktok)):
            for ad in range(count):
                impressions = int(rng.randint(200, 6000) * trend)
                clicks = impressions * rng.randint(5, 25) // 1000
                spend = Decimal(clicks * rng.randint(25, 70)) / 100
                yield row(platform, "ad", day, day, campaign=f"Campaign {ad // 20:02d}", ad_set=f"Set {ad // 5:03d}",
                          ad=f"Ad {ad:04d}", impressions=impressions, reach=impressions * 8 // 10, clicks=clicks,
                          link_clicks=clicks * 8 // 10, spend=f"{spend:.2f}", results=clicks // 10,
                          conversions=f"{clicks // 25}.00", conversion_value=f"{clicks // 25 * 45}.00")
    for month in _months(first, first + dt.timedelta(days=days - 1)):
        end = min((month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
                  first + dt.timedelta(days=days - 1))
        start = max(month, first)
        for c in range(3):
            impressions = rng.randint(20000, 90000)
            clicks = impressions // 150
            yield row("linkedin_ads", "campaign", start, end, campaign=f"LinkedIn {c + 1}", impressions=impressions,
                      clicks=clicks, link_clicks=clicks * 7 // 10, spend=f"{Decimal(clicks * 180) / 100:.2f}",
                      conversions=f"{clicks // 40}.00")


def _insert(rows: Iterator[tuple[Any, ...]]) -> int:
    """The fastest plain insert of the database (the rows are new: no upsert)."""
    from django.db import connection

    from cadence.metrics.store import COLUMNS, TABLE

    count = 0
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
                    count += 1
            return count
        raw = cursor.connection
        sql = f"INSERT INTO {TABLE} ({columns}) VALUES ({', '.join('?' for _ in COLUMNS)})"  # noqa: S608
        chunk: list[tuple[Any, ...]] = []
        for values in rows:
            chunk.append(tuple(v.isoformat() if isinstance(v, dt.date) else v for v in values))
            if len(chunk) >= 20000:
                raw.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            raw.executemany(sql, chunk)
            count += len(chunk)
    return count


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM too (the visibility map and hint bits autovacuum would set after a real import)
        cursor.execute("VACUUM ANALYZE metrics_metricfact" if connection.vendor == "postgresql" else "ANALYZE")


def build(*, rows: int = 1_000_000, engagements: int = 5, days: int = DAYS, end: dt.date | None = None,
          slug: str = "controlbench", seed: int = 11, say: Callable[[str], None] = print) -> ControlData:
    """Make the workspace and its data (see the module's docstring); ``end``: the last day (default yesterday)."""
    from django.db import transaction

    from cadence.core.scoping import scope

    rng = random.Random(seed)
    last = end or (dt.date.today() - dt.timedelta(days=1))
    first = last - dt.timedelta(days=days - 1)
    started = time.perf_counter()
    owner, workspace, made = _setup(engagements=engagements, first=first, last=last, slug=slug)
    seconds = {"setup": time.perf_counter() - started}
    # rows per engagement and day beyond GA4, the posts and the follower count (and the LinkedIn months)
    fixed = len(GA4_SOURCES) + 3
    monthly = 3 * len(_months(first, last))
    per_engagement = rows // engagements
    ad_rows = max(3, (per_engagement - monthly) // days - fixed)
    started = time.perf_counter()
    written = 0
    with scope(workspace=workspace), transaction.atomic():
        for n, engagement in enumerate(made):
            target = per_engagement + (rows - per_engagement * engagements if n == engagements - 1 else 0)
            extra_days = max(0, min(days, target - days * (fixed + ad_rows) - monthly))
            batches = _batches(engagement, owner, PLATFORMS, first, last)
            written += _insert(_fact_rows(engagement, batches, first=first, days=days, ad_rows=ad_rows,
                                          extra_days=extra_days, rng=rng))
            say(f"  engagement {n + 1}/{engagements}: {written:,} fact rows written")
    seconds["facts"] = time.perf_counter() - started
    started = time.perf_counter()
    _analyse()
    seconds["analyse"] = time.perf_counter() - started
    return ControlData(workspace_slug=workspace.slug, owner_email=owner.email, engagements=[str(e.uuid) for e in made],
                       engagement_ids=[e.pk for e in made], first_day=first, last_day=last, rows=written,
                       seconds=seconds)


if __name__ == "__main__":  # a quick look: python bench/control_data.py [rows] (into the configured database)
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadence.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    data = build(rows=int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    print(json.dumps(data.as_dict(), indent=1))
