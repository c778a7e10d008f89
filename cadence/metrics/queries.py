"""Reads of imports and the metric store, for the pages, the API and the next issue's dashboards.

* ``batches(engagement)``: the history of an engagement's imports (newest first).
* ``batch_view(batch)``: everything the preview / progress / result page shows of one import, problems worded.
* ``monthly_totals(engagement, first=, last=, platform=)``: per platform and month, the measures' sums (a row
  spanning months is split by its days, like the budget feed).
* ``channel_results``, ``top_posts``, ``ad_spend`` (engagement, first=, last=): the dashboard's reads of a
  period of days (GA4 by default channel group, the posts with the most interactions, the spend per platform).
* ``profiles(workspace)``: the workspace's column mappings.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DateField, F, Func, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

from cadence.links import queries as links_queries
from cadence.metrics import problems, progress
from cadence.metrics.domain.facts import DIMENSIONS, FRACTIONAL, MEASURES
from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact, Platform, Status

Engagement = Any
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class BatchRow:
    uuid: str
    file_name: str
    file_size: int
    created_at: dt.datetime
    created_by: str
    status: str
    status_label: str
    platform: str
    platform_label: str
    variant: str
    first_day: dt.date | None
    last_day: dt.date | None
    rows: int
    rows_written: int
    currency: str
    exchange_rate: Decimal | None
    totals: dict[str, Decimal]
    profile: str
    sha256: str
    running: bool
    can_undo: bool
    can_discard: bool


@dataclass(frozen=True)
class WordedProblem:
    line: int | None
    code: str
    column: str
    value: str
    severity: str
    message: str


@dataclass(frozen=True)
class BudgetNote:
    channel: str
    month: dt.date
    amount: Decimal
    reason: str
    message: str


@dataclass(frozen=True)
class BatchView:
    row: BatchRow
    progress: dict[str, Any]
    error: str
    problems: list[WordedProblem]
    problem_count: int
    error_count: int  # errors that stop the import (the currency one aside)
    campaigns: list[str]
    campaign_count: int
    accounts: list[str]
    currency_mismatch: bool
    variant_label: str
    engagement_currency: str
    needs_rate: bool
    can_confirm: bool
    already: dict[str, Any] | None  # {"batch", "date": datetime, "by"} of an earlier import of the same file
    already_message: str
    budget: list[BudgetNote]
    # the mapping step
    headers: list[str]
    sample: list[list[str]]
    signature: str
    mapping: dict[str, Any]
    fields: list[str] = field(default_factory=lambda: [*DIMENSIONS, *MEASURES])


@dataclass(frozen=True)
class MonthRow:
    platform: str
    platform_label: str
    month: dt.date
    measures: dict[str, Decimal | None]


@dataclass(frozen=True)
class ProfileRow:
    uuid: str
    name: str
    platform: str
    platform_label: str
    level: str
    headers: list[str]
    mapping: dict[str, str]
    number_style: str
    date_format: str
    currency: str
    created_by: str
    updated_at: dt.datetime


def _who(user: Any) -> str:
    if user is None:
        return ""
    return str(user.full_name or user.email)


def _row(batch: ImportBatch) -> BatchRow:
    summary = batch.summary if isinstance(batch.summary, dict) else {}
    totals = {name: Decimal(str(value)) for name, value in (summary.get("totals") or {}).items()}
    platform = batch.platform or ""
    return BatchRow(
        uuid=str(batch.uuid), file_name=batch.file_name, file_size=batch.file_size, created_at=batch.created_at,
        created_by=_who(batch.created_by), status=batch.status, status_label=str(Status(batch.status).label),
        platform=platform, platform_label=str(Platform(platform).label) if platform in Platform.values else "",
        variant=batch.variant, first_day=batch.first_day, last_day=batch.last_day, rows=batch.rows_total,
        rows_written=batch.rows_written, currency=batch.currency, exchange_rate=batch.exchange_rate, totals=totals,
        profile=batch.profile.name if batch.profile is not None else "", sha256=batch.sha256,
        running=batch.status in progress.RUNNING, can_undo=batch.status == Status.DONE,
        can_discard=batch.status in (Status.UPLOADED, Status.READY, Status.NEEDS_MAPPING, Status.FAILED))


def batches(engagement: Engagement) -> list[BatchRow]:
    """The engagement's imports, newest first."""
    qs = (ImportBatch.objects.filter(engagement=engagement).select_related("created_by", "profile")
          .order_by("-created_at", "-id"))
    return [_row(b) for b in qs]


def describe(problem: dict[str, Any], *, engagement_currency: str = "") -> str:
    """A problem of the preview in words (``problems.describe``, which also words the pipeline's own
    ``currency`` and ``no_rows``)."""
    return str(problems.describe(problem))


_REASONS = {"no_line": "no_line", "outside_budget": "outside_budget"}


def _budget_note(note: dict[str, Any]) -> BudgetNote:
    month = dt.date.fromisoformat(str(note["month"]))
    amount = Decimal(str(note["amount"]))
    month_text = formats.date_format(month, "YEAR_MONTH_FORMAT")
    if note.get("reason") == "outside_budget":
        message = _("The spend of %(month)s (%(amount)s) is outside the budget's months; it was not added to the "
                    "budget.") % {"month": month_text, "amount": formats.number_format(amount, 2)}
    else:
        message = _("The budget has no advertising line for the channel %(channel)s; the spend of %(month)s "
                    "(%(amount)s) was not added to it.") % {"channel": note.get("channel", ""),
                                                            "month": month_text,
                                                            "amount": formats.number_format(amount, 2)}
    return BudgetNote(channel=str(note.get("channel", "")), month=month, amount=amount,
                      reason=str(note.get("reason", "")), message=message)


def batch_view(batch: ImportBatch) -> BatchView:
    """Everything the import's page shows: status and progress, the preview (problems worded), the mapping
    step's headers and sample, the result's budget notes, the "already imported" warning."""
    summary = batch.summary if isinstance(batch.summary, dict) else {}
    engagement_currency = str(summary.get("engagement_currency") or getattr(batch.engagement, "currency", ""))
    worded = [WordedProblem(line=p.get("line"), code=str(p.get("code", "")), column=str(p.get("column", "")),
                            value=str(p.get("value", "")), severity=str(p.get("severity", "")),
                            message=describe(p, engagement_currency=engagement_currency))
              for p in summary.get("problems") or []
              # once a rate is recorded the currency is no longer a problem of this import
              if not (batch.exchange_rate is not None and p.get("code") == "currency")]
    mismatch = bool(summary.get("currency_mismatch"))
    errors = int(summary.get("error_count", 0)) - (1 if mismatch else 0)
    already = summary.get("already")
    already_message = ""
    if already:
        when = dt.datetime.fromisoformat(str(already["date"]))
        already = {**already, "date": when}
        already_message = _("This file was already imported on %(date)s by %(who)s. Importing it again replaces "
                            "the same rows; nothing is counted twice.") % {
            "date": formats.date_format(when, "DATE_FORMAT"), "who": already.get("by") or _("someone")}
    return BatchView(
        row=_row(batch), progress=progress.current(batch), error=batch.error, problems=worded,
        problem_count=int(summary.get("problem_count", len(worded))) - (1 if mismatch and batch.exchange_rate is not None
                                                                      else 0),
        error_count=max(0, errors), variant_label=problems.variant_label(batch.variant) if batch.variant else "",
        campaigns=list(summary.get("campaigns") or []), campaign_count=int(summary.get("campaign_count", 0)),
        accounts=list(summary.get("accounts") or []), currency_mismatch=mismatch,
        engagement_currency=engagement_currency, needs_rate=mismatch and batch.status == Status.READY,
        can_confirm=batch.status == Status.READY and errors <= 0,
        already=already, already_message=already_message,
        budget=[_budget_note(n) for n in summary.get("budget") or []],
        headers=[str(h) for h in summary.get("headers") or []],
        sample=[[str(c) for c in r] for r in summary.get("sample") or []],
        signature=str(summary.get("signature", "")), mapping=dict(summary.get("mapping") or {}))


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def monthly_totals(engagement: Engagement, *, first: dt.date, last: dt.date,
                   platform: str | None = None) -> list[MonthRow]:
    """Per platform and month from ``first``'s month to ``last``'s, the sums of the measures (None: the
    platform's exports have no such measure that month). A row spanning months is split by its days."""
    start, end = first.replace(day=1), _month_end(last.replace(day=1))
    qs = MetricFact.objects.filter(engagement=engagement, day__lte=end, day_end__gte=start)
    if platform:
        qs = qs.filter(platform=platform)
    sums = {name: Sum(name) for name in MEASURES}
    totals: dict[tuple[str, dt.date], dict[str, Decimal]] = defaultdict(dict)

    def add(key: tuple[str, dt.date], values: dict[str, Any], share: Decimal | None = None) -> None:
        target = totals[key]
        for name in MEASURES:
            value = values.get(name)
            if value is None:
                continue
            amount = Decimal(value) if share is None else Decimal(value) * share
            target[name] = target.get(name, Decimal(0)) + amount

    same = (qs.annotate(m1=PeriodStart("day"), m2=PeriodStart("day_end")).filter(m1=F("m2"))
            .values("platform", "m1").annotate(**sums).order_by())
    for grouped in same:
        values: dict[str, Any] = dict(grouped)
        month = values["m1"].date() if isinstance(values["m1"], dt.datetime) else values["m1"]
        if start <= month <= end:
            add((values["platform"], month), values)
    spanning = (qs.annotate(m1=PeriodStart("day"), m2=PeriodStart("day_end")).exclude(m1=F("m2"))
                .values("platform", "day", "day_end").annotate(**sums).order_by())
    for span in spanning:
        row: dict[str, Any] = dict(span)
        day, day_end = row["day"], row["day_end"]
        days = Decimal((day_end - day).days + 1)
        month = day.replace(day=1)
        while month <= day_end:
            if start <= month <= end:
                inside = (min(day_end, _month_end(month)) - max(day, month)).days + 1
                add((row["platform"], month), row, Decimal(inside) / days)
            month = _next_month(month)
    out = []
    for (name, month), values in sorted(totals.items(), key=lambda item: (item[0][1], item[0][0])):
        measures: dict[str, Decimal | None] = {}
        for measure in MEASURES:
            value = values.get(measure)
            if value is not None:
                value = value.quantize(Decimal("0.01")) if measure in FRACTIONAL or value != value.to_integral() \
                    else value.quantize(Decimal(1))
            measures[measure] = value
        out.append(MonthRow(platform=name, platform_label=str(Platform(name).label) if name in Platform.values
                            else name, month=month, measures=measures))
    return out


# --- the engagement dashboard's reads (issue 11): a period of days, rows crossing its ends split by days ------

# A row covering more than one day (a GA4 report of a month, a period export). Such rows are few; the partial
# index ``metrics_fact_spanning`` holds only them, so finding those that cross a period's ends reads no daily row.
SPANNING = Q(day_end__gt=F("day"))
POST_PLATFORMS = (Platform.INSTAGRAM.value, Platform.FACEBOOK.value)
AD_PLATFORMS = (Platform.META_ADS.value, Platform.GOOGLE_ADS.value, Platform.TIKTOK_ADS.value,
                Platform.LINKEDIN_ADS.value, Platform.OTHER.value)
CHANNEL_MEASURES = ("sessions", "engaged_sessions", "conversions", "conversion_value")


@dataclass(frozen=True)
class ChannelRow:
    """One GA4 default channel group over a period: GA4's name of it (``links``' grouping) and its sums."""

    channel: str
    sessions: Decimal
    engaged_sessions: Decimal
    key_events: Decimal
    revenue: Decimal


@dataclass(frozen=True)
class PostRow:
    """A post of Instagram or Facebook published in the period, with its interactions (likes + comments +
    shares + saves) and what its export says of it (caption, link, type)."""

    platform: str
    platform_label: str
    item: str
    day: dt.date
    interactions: int
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    reach: int | None
    impressions: int | None
    caption: str
    permalink: str
    post_type: str


@dataclass(frozen=True)
class SpendRow:
    platform: str
    platform_label: str
    spend: Decimal


def _platform_label(name: str) -> str:
    return str(Platform(name).label) if name in Platform.values else name


def _period_sums(qs: Any, *, first: dt.date, last: dt.date, by: tuple[str, ...],
                 measures: tuple[str, ...]) -> dict[tuple[Any, ...], dict[str, Decimal]]:
    """Per group (the values of ``by``), each measure's sum over the days ``first`` .. ``last``: the rows inside
    the period are summed by the database, a row crossing one of its ends counts for its days inside (split by
    days, as ``monthly_totals`` splits by months). Two queries; a measure no row has is left out."""
    return _spans_sums(qs, spans=[(first, last)], by=by, measures=measures)[0]


def _spans_sums(qs: Any, *, spans: list[tuple[dt.date, dt.date]], by: tuple[str, ...],
                measures: tuple[str, ...]) -> list[dict[tuple[Any, ...], dict[str, Decimal]]]:
    """``_period_sums`` of several periods that do not overlap (a period and the one before it), in the same two
    queries: the rows inside each period summed by the database (each row tagged with its period), the few rows
    crossing a period's ends split by days."""
    from django.db.models import Case, IntegerField, When

    ordered = sorted(spans)
    if any(a[1] >= b[0] for a, b in zip(ordered, ordered[1:], strict=False)):
        raise ValueError("the periods overlap")
    low, high = ordered[0][0], ordered[-1][1]
    sums = {f"s_{name}": Sum(name) for name in measures}
    out: list[dict[tuple[Any, ...], dict[str, Decimal]]] = [defaultdict(dict) for _ in spans]
    tag = Case(*[When(day__gte=a, day__lte=b, day_end__lte=b, then=Value(i)) for i, (a, b) in enumerate(spans)],
               default=Value(-1), output_field=IntegerField())
    # ``day <= high`` is implied by ``day_end <= high``; said, it lets the planner read the (engagement, day) range
    inside = qs.filter(day__gte=low, day__lte=high, day_end__lte=high).annotate(span=tag).exclude(span=-1)
    for grouped in inside.values(*by, "span").annotate(**sums).order_by():
        target = out[grouped["span"]][tuple(grouped[k] for k in by)]
        for name in measures:
            value = grouped[f"s_{name}"]
            if value is not None:
                target[name] = target.get(name, Decimal(0)) + Decimal(value)
    crossing = qs.filter(SPANNING, day__lte=high, day_end__gte=low).values(*by, "day", "day_end", *measures)
    for row in crossing.order_by():
        day, day_end = row["day"], row["day_end"]
        for i, (first, last) in enumerate(spans):
            if first <= day and day_end <= last:
                continue  # inside this period: summed above
            inside_days = (min(day_end, last) - max(day, first)).days + 1
            if inside_days <= 0:
                continue
            share = Decimal(inside_days) / Decimal((day_end - day).days + 1)
            target = out[i][tuple(row[k] for k in by)]
            for name in measures:
                value = row[name]
                if value is not None:
                    target[name] = target.get(name, Decimal(0)) + Decimal(value) * share
    return [dict(o) for o in out]


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1))


def channel_results(engagement: Engagement, *, first: dt.date, last: dt.date) -> list[ChannelRow]:
    """GA4's sessions, engaged sessions, key events and revenue over ``first`` .. ``last`` per default channel
    group (each "source / medium" classified by ``links``' GA4 grouping), most sessions first. Two queries."""
    return channel_results_of(engagement, spans=[(first, last)])[0]


def channel_results_of(engagement: Engagement, *, spans: list[tuple[dt.date, dt.date]]) -> list[list[ChannelRow]]:
    """``channel_results`` of several periods that do not overlap (a period and the one before it), in two
    queries."""
    qs = MetricFact.objects.filter(engagement=engagement, platform=Platform.GA4)
    out = []
    for per_item in _spans_sums(qs, spans=spans, by=("item",), measures=CHANNEL_MEASURES):
        groups: dict[str, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(CHANNEL_MEASURES, Decimal(0)))
        for (item,), values in per_item.items():
            target = groups[links_queries.channel_group(str(item))]
            for name, value in values.items():
                target[name] += value
        rows = [ChannelRow(channel=channel, sessions=_whole(v["sessions"]),
                           engaged_sessions=_whole(v["engaged_sessions"]),
                           key_events=v["conversions"].quantize(CENTS), revenue=v["conversion_value"].quantize(CENTS))
                for channel, v in groups.items()]
        out.append(sorted(rows, key=lambda r: (-r.sessions, r.channel)))
    return out


def _count(value: Any) -> int | None:
    return None if value is None else int(value)


def top_posts(engagement: Engagement, *, first: dt.date, last: dt.date, limit: int = 5) -> list[PostRow]:
    """The Instagram and Facebook posts published from ``first`` to ``last`` with the most interactions
    (likes + comments + shares + saves; a measure the export lacks counts 0). One query."""
    zero = Value(0)
    interactions = (Coalesce("likes", zero) + Coalesce("comments", zero) + Coalesce("shares", zero)
                    + Coalesce("saves", zero))
    qs = (MetricFact.objects.filter(engagement=engagement, platform__in=POST_PLATFORMS, level="post",
                                    day__gte=first, day__lte=last)
          .annotate(interactions=interactions).order_by("-interactions", "-day", "id")
          .only("platform", "item", "day", "likes", "comments", "shares", "saves", "reach", "impressions",
                "extra")[:limit])
    out = []
    for fact in qs:
        extra = fact.extra if isinstance(fact.extra, dict) else {}
        caption = str(extra.get("Description") or extra.get("Message") or extra.get("Title") or "")
        permalink = str(extra.get("Permalink") or "")
        out.append(PostRow(
            platform=fact.platform, platform_label=_platform_label(fact.platform), item=fact.item, day=fact.day,
            interactions=int(fact.interactions),
            likes=_count(fact.likes), comments=_count(fact.comments), shares=_count(fact.shares),
            saves=_count(fact.saves), reach=_count(fact.reach), impressions=_count(fact.impressions),
            caption=caption[:300], permalink=permalink if permalink.startswith("https://") else "",
            post_type=str(extra.get("Post type") or "")))
    return out


def ad_spend(engagement: Engagement, *, first: dt.date, last: dt.date) -> list[SpendRow]:
    """The imported spend from ``first`` to ``last`` per platform (in the engagement's currency), the largest
    first. Two queries."""
    return ad_spend_of(engagement, spans=[(first, last)])[0]


def ad_spend_of(engagement: Engagement, *, spans: list[tuple[dt.date, dt.date]]) -> list[list[SpendRow]]:
    """``ad_spend`` of several periods that do not overlap, in two queries."""
    qs = MetricFact.objects.filter(engagement=engagement, spend__isnull=False)
    out = []
    for per_platform in _spans_sums(qs, spans=spans, by=("platform",), measures=("spend",)):
        rows = [SpendRow(platform=platform, platform_label=_platform_label(platform),
                         spend=values.get("spend", Decimal(0)).quantize(CENTS))
                for (platform,), values in per_platform.items()]
        out.append(sorted(rows, key=lambda r: (-r.spend, r.platform)))
    return out


def profiles(workspace: Any) -> list[ProfileRow]:
    """The workspace's column mappings, by name."""
    qs = MappingProfile.objects.filter(workspace=workspace).select_related("created_by").order_by("name", "id")
    return [ProfileRow(uuid=str(p.uuid), name=p.name, platform=p.platform,
                       platform_label=str(Platform(p.platform).label) if p.platform in Platform.values else "",
                       level=p.level, headers=[str(h) for h in p.headers or []],
                       mapping={str(k): str(v) for k, v in (p.mapping or {}).items()},
                       number_style=p.number_style, date_format=p.date_format, currency=p.currency,
                       created_by=_who(p.created_by), updated_at=p.updated_at) for p in qs]


# --- reads for the KPIs, the dashboard and the report (issue 11) -----------------------------------------
# ``period_sums`` and ``period_groups`` split a row spanning several periods by its days exactly as
# ``monthly_totals`` does (and clip it to ``first`` .. ``last``), so the KPIs, the dashboard and the budget give
# one number for one period.

PERIODS = ("month", "week")


@dataclass(frozen=True)
class FactGroup:
    """The measure sums of one subject (platform, level, campaign, item) over one period (or one day)."""

    platform: str
    level: str
    campaign: str
    item: str
    start: dt.date  # the period's first day (the day itself for ``last_day_groups``)
    measures: dict[str, Decimal]


class PeriodStart(Func):
    """The first day of the month (``period="month"``) or of the ISO week (Monday) holding a date column, with the
    database's own date functions: Django's ``TruncMonth`` calls a Python function for every row on SQLite (on a
    year of facts most of the query's time)."""

    output_field = DateField()
    TEMPLATES = {
        ("sqlite", "month"): "date(%(expressions)s, 'start of month')",
        ("sqlite", "week"): "date(%(expressions)s, 'weekday 0', '-6 days')",  # the next Sunday (or this), less 6
        ("postgresql", "month"): "(DATE_TRUNC('month', %(expressions)s))::date",
        ("postgresql", "week"): "(DATE_TRUNC('week', %(expressions)s))::date",
    }

    def __init__(self, expression: Any, period: str = "month") -> None:
        if period not in ("month", "week"):
            raise ValueError(period)
        super().__init__(expression)
        self.period = period

    def as_sql(self, compiler: Any, connection: Any, function: Any = None, template: Any = None,
               arg_joiner: Any = None, **extra_context: Any) -> Any:
        template = template or self.TEMPLATES[(connection.vendor, self.period)]
        return super().as_sql(compiler, connection, function=function, template=template, arg_joiner=arg_joiner,
                              **extra_context)


def _period_start(day: dt.date, period: str) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if period == "week" else day.replace(day=1)


def _period_next(start: dt.date, period: str) -> dt.date:
    return start + dt.timedelta(days=7) if period == "week" else _next_month(start)


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# The months before the current one change only when an import is written or undone: their groups are kept in
# the shared cache under the engagement's facts version (``facts_version``), so a page of KPIs reads only the
# current month's facts. A new import or an undo makes a new version, hence new keys; nothing is invalidated.
GROUPS_CACHE_SECONDS = 7 * 24 * 3600


def facts_version(engagement: Engagement) -> str:
    """The state of an engagement's facts: it changes whenever an import is written or undone (the batch is saved
    in the same transaction as its rows). One query."""
    from django.db.models import Count, Max

    row = ImportBatch.objects.filter(engagement=engagement).aggregate(n=Count("id"), top=Max("id"),
                                                                      at=Max("updated_at"))
    return f"{row['n']}:{row['top']}:{row['at'].isoformat() if row['at'] else ''}"


def _fact_groups(engagement: Engagement, *, first: dt.date, last: dt.date, period: str,
                 platforms: Any, dims: tuple[str, ...],
                 measures: Any = None) -> dict[tuple[Any, ...], dict[str, Decimal]]:
    """(dims..., period start) -> measure sums (only ``measures`` when given), rows spanning days split by their
    days and clipped. By month, the complete months up to the one holding ``last`` come from the cache
    (``facts_version``), the rest from the facts."""
    if period not in PERIODS:
        raise ValueError(period)
    boundary = last + dt.timedelta(days=1) if last == _month_end(last) else last.replace(day=1)
    if period != "month" or boundary <= first:
        return _fact_groups_read(engagement, first=first, last=last, period=period, platforms=platforms, dims=dims,
                                 measures=measures)
    import hashlib
    import json

    from django.core.cache import cache

    key = "metric-groups:" + hashlib.sha256(json.dumps(
        [engagement.pk, facts_version(engagement), first.isoformat(), boundary.isoformat(), list(dims),
         sorted(platforms or []), sorted(measures) if measures is not None else None]).encode()).hexdigest()
    past = cache.get(key)
    if past is None:
        past = dict(_fact_groups_read(engagement, first=first, last=boundary - dt.timedelta(days=1), period=period,
                                      platforms=platforms, dims=dims, measures=measures))
        cache.set(key, past, GROUPS_CACHE_SECONDS)
    out: dict[tuple[Any, ...], dict[str, Decimal]] = {k: dict(v) for k, v in past.items()}
    if boundary <= last:  # the current month, read live (its keys start at the boundary: no overlap)
        out.update(_fact_groups_read(engagement, first=boundary, last=last, period=period, platforms=platforms,
                                     dims=dims, measures=measures))
    return out


def _fact_groups_read(engagement: Engagement, *, first: dt.date, last: dt.date, period: str,
                      platforms: Any, dims: tuple[str, ...],
                      measures: Any = None) -> dict[tuple[Any, ...], dict[str, Decimal]]:
    qs = MetricFact.objects.filter(engagement=engagement, day__lte=last, day_end__gte=first)
    if platforms:
        qs = qs.filter(platform__in=list(platforms))
    wanted = [name for name in MEASURES if measures is None or name in measures]
    sums = {name: Sum(name) for name in wanted}
    out: dict[tuple[Any, ...], dict[str, Decimal]] = defaultdict(dict)

    def add(key: tuple[Any, ...], values: dict[str, Any], share: Decimal | None = None) -> None:
        target = out[key]
        for name in wanted:
            value = values.get(name)
            if value is None:
                continue
            amount = Decimal(value) if share is None else Decimal(value) * share
            target[name] = target.get(name, Decimal(0)) + amount

    trunc = PeriodStart("day", "week" if period == "week" else "month")
    daily = (qs.filter(day=F("day_end"), day__gte=first).annotate(p=trunc).values(*dims, "p").annotate(**sums)
             .order_by())
    for grouped in daily:
        row: dict[str, Any] = dict(grouped)
        add((*(row[d] for d in dims), _as_date(row["p"])), row)
    # the rows covering several days (``SPANNING``: through the partial index metrics_fact_spanning)
    spanning = qs.filter(SPANNING).values(*dims, "day", "day_end").annotate(**sums).order_by()
    for span in spanning:
        row = dict(span)
        day, day_end = row["day"], row["day_end"]
        days = Decimal((day_end - day).days + 1)
        start = _period_start(max(day, first), period)
        while start <= min(day_end, last):
            nxt = _period_next(start, period)
            inside = (min(day_end, last, nxt - dt.timedelta(days=1)) - max(day, first, start)).days + 1
            if inside > 0:
                add((*(row[d] for d in dims), start), row, Decimal(inside) / days)
            start = nxt
    return out


def period_groups(engagement: Engagement, *, first: dt.date, last: dt.date, period: str = "month",
                  platforms: Any = None, measures: Any = None) -> list[FactGroup]:
    """Per subject (platform, level, campaign, item) and period from ``first`` to ``last`` (clipped), the
    measure sums (only ``measures`` when given): what each KPI filters in memory, so a page of KPIs reads the
    facts once."""
    dims = ("platform", "level", "campaign", "item")
    groups = _fact_groups(engagement, first=first, last=last, period=period, platforms=platforms, dims=dims,
                          measures=measures)
    return [FactGroup(platform=k[0], level=k[1], campaign=k[2], item=k[3], start=k[4], measures=v)
            for k, v in sorted(groups.items(), key=lambda kv: (kv[0][4], kv[0][:4]))]


def _campaign_matches(campaign: str, contains: str) -> bool:
    return contains.casefold() in campaign.casefold()


def period_sums(engagement: Engagement, *, first: dt.date, last: dt.date, period: str = "month",
                platforms: Any = None, campaign_contains: str = "",
                items: Any = None) -> dict[dt.date, dict[str, Decimal]]:
    """Period start -> each measure's sum over the facts from ``first`` to ``last`` (a row spanning periods split
    by its days), optionally only some platforms, campaigns whose name contains a text (case-insensitive) and
    items (GA4's source / medium values). A measure no row has is missing from the period's dict."""
    dims: tuple[str, ...] = ("platform",)
    if campaign_contains:
        dims += ("campaign",)
    if items is not None:
        dims += ("item",)
    wanted = set(items) if items is not None else None
    groups = _fact_groups(engagement, first=first, last=last, period=period, platforms=platforms, dims=dims)
    out: dict[dt.date, dict[str, Decimal]] = {}
    for key, values in groups.items():
        named = dict(zip(dims, key[:-1], strict=True))
        if campaign_contains and not _campaign_matches(str(named["campaign"]), campaign_contains):
            continue
        if wanted is not None and named["item"] not in wanted:
            continue
        target = out.setdefault(key[-1], {})
        for name, value in values.items():
            target[name] = target.get(name, Decimal(0)) + value
    return dict(sorted(out.items()))


def last_day_groups(engagement: Engagement, *, first: dt.date, last: dt.date,
                    platforms: Any = None) -> list[FactGroup]:
    """Per subject and day (a row spanning days counts on its last day) from ``first`` to ``last``, the measure
    sums: the reader of "last value in the period" (the latest day with a value wins)."""
    qs = MetricFact.objects.filter(engagement=engagement, day_end__gte=first, day_end__lte=last)
    if platforms:
        qs = qs.filter(platform__in=list(platforms))
    sums = {name: Sum(name) for name in MEASURES}
    rows = qs.values("platform", "level", "campaign", "item", "day_end").annotate(**sums).order_by("day_end")
    out = []
    for grouped in rows:
        r: dict[str, Any] = dict(grouped)
        out.append(FactGroup(platform=r["platform"], level=r["level"], campaign=r["campaign"], item=r["item"],
                             start=r["day_end"],
                             measures={n: Decimal(r[n]) for n in MEASURES if r[n] is not None}))
    return out


def source_mediums(engagement: Engagement, *, first: dt.date, last: dt.date) -> list[str]:
    """The GA4 "source / medium" values of the engagement's facts from ``first`` to ``last``, sorted."""
    qs = (MetricFact.objects.filter(engagement=engagement, platform=Platform.GA4, day__lte=last, day_end__gte=first)
          .exclude(item="").values_list("item", flat=True).distinct().order_by("item"))
    return [str(v) for v in qs]
