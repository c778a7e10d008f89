"""How each metric key is computed from the fact table's measures (pure: no Django, no database).

A KPI's metric key (``cadence.plans.domain.metrics.METRICS``) names *what* is measured; this module says *how*
its value for one period is formed from the imported measures (``cadence.metrics.domain.facts.MEASURES``):

* ``sum``: the sum of one or more measures (sessions; interactions = likes + comments + shares + saves);
* ``ratio``: a ratio of sums, times a factor (CTR = clicks / impressions x 100, CPC = spend / clicks,
  CPM = spend / impressions x 1000, cost per conversion = spend / conversions, conversion rate = conversions /
  clicks x 100, engagement rate = engaged sessions / sessions x 100, ROAS = conversion value / spend). Ratios
  are always ratios of the period's sums, never averages of daily ratios;
* ``complement``: 100 minus a percentage ratio (GA4's bounce rate = 100 - engagement rate);
* ``not_imported``: the exports do not bring it (GA4's average engagement time; the follower count, as the
  exports bring new follows, not the count): such a KPI is filled by values entered by hand.

A term such as ``link_clicks|clicks`` takes, for each group of facts (one platform, level, campaign, item and
period), the first measure the group has: Meta and TikTok give link clicks, Google Ads only clicks.
``platforms`` are the fact platforms that fill the metric (a KPI's own platform filter narrows them);
``prefer_levels`` picks, when the facts hold several levels of the same platform (Instagram's daily account
series and its posts), the first level present, so that nothing is counted twice.

A period's value of a summed metric is shaped by the KPI's aggregation: the sum over the period, the daily
average (the sum over the period's days up to the last day read), or the last day's value. Values entered by
hand are summed, averaged or the last one taken the same way (``aggregate_entries``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Kind(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    COMPLEMENT = "complement"
    NOT_IMPORTED = "not_imported"


class Aggregation(StrEnum):
    SUM = "sum"
    AVERAGE = "average"
    LAST = "last"


ADS = ("meta_ads", "google_ads", "tiktok_ads", "linkedin_ads")
MANUAL = "manual"
HUNDRED, THOUSAND, ONE = Decimal(100), Decimal(1000), Decimal(1)
CLICKS = "link_clicks|clicks"
CONVERSIONS = "conversions|results"
INTERACTIONS = ("likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class Formula:
    kind: Kind
    numerator: tuple[str, ...] = ()  # terms; a term "a|b" is a, else b (per group of facts)
    denominator: tuple[str, ...] = ()
    factor: Decimal = ONE
    platforms: tuple[str, ...] = ()
    prefer_levels: tuple[str, ...] = ()  # the first level present is the only one read
    levels: tuple[str, ...] = ()  # only these levels ("" = all)

    @property
    def computed(self) -> bool:
        return self.kind != Kind.NOT_IMPORTED

    @property
    def additive(self) -> bool:
        """Whether the period's value grows with the period's length (a sum): a period not over yet is left
        out of the projection then."""
        return self.kind == Kind.SUM

    @property
    def measures(self) -> tuple[str, ...]:
        out: list[str] = []
        for term in (*self.numerator, *self.denominator):
            for name in term.split("|"):
                if name not in out:
                    out.append(name)
        return tuple(out)


def _ratio(num: Sequence[str], den: Sequence[str], factor: Decimal, platforms: Sequence[str],
           *, levels: tuple[str, ...] = ()) -> Formula:
    return Formula(Kind.RATIO, tuple(num), tuple(den), factor, tuple(platforms), levels=levels)


def _sum(measures: Sequence[str], platforms: Sequence[str], *, prefer: tuple[str, ...] = (),
         levels: tuple[str, ...] = ()) -> Formula:
    return Formula(Kind.SUM, tuple(measures), (), ONE, tuple(platforms), prefer_levels=prefer, levels=levels)


_NONE = Formula(Kind.NOT_IMPORTED)
_IG, _FB, _GA = ("instagram",), ("facebook",), ("ga4",)
_ACCOUNT_FIRST = ("account", "post")

FORMULAS: dict[str, Formula] = {
    "instagram.followers": _NONE,  # the exports bring new follows, not the count
    "instagram.reach": _sum(("reach",), _IG, prefer=_ACCOUNT_FIRST),
    "instagram.views": _sum(("impressions",), _IG, prefer=_ACCOUNT_FIRST),
    "instagram.new_follows": _sum(("followers",), _IG, prefer=_ACCOUNT_FIRST),
    "instagram.interactions": _sum(INTERACTIONS, _IG, levels=("post",)),
    "instagram.engagement_rate": Formula(Kind.RATIO, INTERACTIONS, ("reach",), HUNDRED, _IG, levels=("post",)),
    "facebook.followers": _NONE,
    "facebook.reach": _sum(("reach",), _FB, prefer=_ACCOUNT_FIRST),
    "ads.impressions": _sum(("impressions",), ADS),
    "ads.reach": _sum(("reach",), ("meta_ads", "tiktok_ads")),
    "ads.clicks": _sum((CLICKS,), ADS),
    "ads.ctr": _ratio((CLICKS,), ("impressions",), HUNDRED, ADS),
    "ads.cpc": _ratio(("spend",), (CLICKS,), ONE, ADS),
    "ads.cpm": _ratio(("spend",), ("impressions",), THOUSAND, ADS),
    "ads.conversions": _sum((CONVERSIONS,), ADS),
    "ads.cost_per_conversion": _ratio(("spend",), (CONVERSIONS,), ONE, ADS),
    "ads.cost_per_result": _ratio(("spend",), ("results|conversions",), ONE, ADS),
    "ads.conversion_rate": _ratio((CONVERSIONS,), (CLICKS,), HUNDRED, ADS),
    "ads.leads": _sum(("conversions",), ("meta_ads",)),
    "ads.video_views": _sum(("video_views",), ("meta_ads", "tiktok_ads")),
    "ads.roas": _ratio(("conversion_value",), ("spend",), ONE, ADS),
    "ga4.sessions": _sum(("sessions",), _GA),
    "ga4.engaged_sessions": _sum(("engaged_sessions",), _GA),
    "ga4.engagement_rate": _ratio(("engaged_sessions",), ("sessions",), HUNDRED, _GA),
    "ga4.engagement_time": _NONE,
    "ga4.conversions": _sum(("conversions",), _GA),
    "ga4.conversion_rate": _ratio(("conversions",), ("sessions",), HUNDRED, _GA),
    "ga4.revenue": _sum(("conversion_value",), _GA),
    "site.bounce_rate": Formula(Kind.COMPLEMENT, ("engaged_sessions",), ("sessions",), HUNDRED, _GA),
}


def formula_for(key: str) -> Formula | None:
    """The formula of a metric key; None for ``manual`` and unknown keys."""
    return FORMULAS.get(key)


def needs_entries(key: str) -> bool:
    """Whether a KPI of this metric is filled by values entered by hand."""
    formula = FORMULAS.get(key)
    return formula is None or not formula.computed


Group = Mapping[str, Decimal | None]


def _term(group: Group, term: str) -> Decimal | None:
    for name in term.split("|"):
        value = group.get(name)
        if value is not None:
            return value
    return None


def _total(groups: Sequence[Group], terms: Sequence[str]) -> Decimal | None:
    total: Decimal | None = None
    for group in groups:
        for term in terms:
            value = _term(group, term)
            if value is not None:
                total = value if total is None else total + value
    return total


def value_of(formula: Formula, groups: Iterable[Group], *, aggregation: str = Aggregation.SUM,
             days: int = 1) -> Decimal | None:
    """One period's value from the measure sums of its groups of facts (already filtered to the KPI's
    platforms, levels, campaigns and items); None when the facts do not have what it needs. For ``last`` the
    caller passes the groups of the period's last day with data. ``days`` is the divisor of a daily
    average."""
    rows = list(groups)
    if not formula.computed or not rows:
        return None
    numerator = _total(rows, formula.numerator)
    if formula.kind == Kind.SUM:
        if numerator is None:
            return None
        if aggregation == Aggregation.AVERAGE:
            return numerator / Decimal(max(days, 1))
        return numerator
    denominator = _total(rows, formula.denominator)
    if numerator is None or denominator is None or denominator == 0:
        return None
    try:
        ratio = numerator / denominator * formula.factor
    except (InvalidOperation, ZeroDivisionError):  # pragma: no cover - guarded above
        return None
    return HUNDRED - ratio if formula.kind == Kind.COMPLEMENT else ratio


def level_to_read(formula: Formula, levels_present: Iterable[str]) -> str | None:
    """The one level a formula with ``prefer_levels`` reads among those present (None: every level)."""
    present = set(levels_present)
    for level in formula.prefer_levels:
        if level in present:
            return level
    return None


def aggregate_entries(values: Sequence[tuple[dt.date, Decimal]], aggregation: str) -> Decimal | None:
    """One period's value of values entered by hand: their sum, their average or the last one."""
    if not values:
        return None
    if aggregation == Aggregation.SUM:
        return sum((v for _, v in values), Decimal(0))
    if aggregation == Aggregation.AVERAGE:
        return sum((v for _, v in values), Decimal(0)) / Decimal(len(values))
    return max(values, key=lambda item: item[0])[1]


# --- periods ---------------------------------------------------------------------------------------------

MONTH, WEEK = "month", "week"


def period_start(day: dt.date, period: str = MONTH) -> dt.date:
    if period == WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_start(start: dt.date, period: str = MONTH) -> dt.date:
    if period == WEEK:
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_end(start: dt.date, period: str = MONTH) -> dt.date:
    return next_start(start, period) - dt.timedelta(days=1)


def previous_start(start: dt.date, period: str = MONTH) -> dt.date:
    return period_start(start - dt.timedelta(days=1), period)


def period_starts(last: dt.date, count: int, period: str = MONTH) -> list[dt.date]:
    """The starts of ``count`` periods up to the one holding ``last``, oldest first."""
    out = [period_start(last, period)]
    while len(out) < count:
        out.insert(0, previous_start(out[0], period))
    return out


def periods_between(a: dt.date, b: dt.date, period: str = MONTH) -> int:
    """How many periods the start of ``b``'s period is after ``a``'s (negative when before)."""
    sa, sb = period_start(a, period), period_start(b, period)
    if period == WEEK:
        return (sb - sa).days // 7
    return (sb.year - sa.year) * 12 + sb.month - sa.month
