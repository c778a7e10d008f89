"""The stable KPI metric keys: what a KPI measures, so that later imports can fill it in.

A KPI points at one key from ``METRICS`` (or at ``manual``: a figure entered by hand, whose unit and
direction the user gives). Keys are ``<source>.<measure>`` and never change once published: the control
work, the reports and the API read them. Each metric states

* its **unit kind** (a count, a percentage 0-100, an amount of money in the engagement's currency, or
  seconds);
* its **direction**: whether a higher (``up``) or a lower (``down``) value is better, e.g. cost per
  click and bounce rate should go down;
* its **growth class**, which sets how much change a year the SMART check accepts (see ``smart.py``):
  ``audience`` (followers), ``volume`` (reach, visits, clicks, conversions), ``rate`` (percentages and
  averages) and ``cost`` (prices per click, per result, per thousand impressions);
* the **platforms** whose exports fill it, and the export columns it is read from (English headers of
  the sample exports in ``shared/data``; the importers also know their Romanian and Russian variants).

Percentages are stored as 0-100 even where an export gives a fraction (GA4's ``Engagement rate`` 0.64 is
64 %); that conversion belongs to the importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


def gettext_noop(s: str) -> str:
    """Mark a label for translation without translating it (Django's makemessages extracts it)."""
    return s


class UnitKind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    SECONDS = "seconds"
    RATIO = "ratio"  # a plain ratio (ROAS: revenue per unit of spend)
    CUSTOM = "custom"  # manual metrics: the unit is whatever the user writes


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class GrowthClass(StrEnum):
    AUDIENCE = "audience"
    VOLUME = "volume"
    RATE = "rate"
    COST = "cost"
    NONE = "none"  # manual metrics: no growth rule applies


class Platform(StrEnum):
    INSTAGRAM = "instagram"  # Meta Business Suite, Instagram insights
    FACEBOOK = "facebook"  # Meta Business Suite, Facebook page insights
    META_ADS = "meta_ads"
    GOOGLE_ADS = "google_ads"
    TIKTOK_ADS = "tiktok_ads"
    LINKEDIN_ADS = "linkedin_ads"
    GA4 = "ga4"
    MANUAL = "manual"


ADS = (Platform.META_ADS, Platform.GOOGLE_ADS, Platform.TIKTOK_ADS, Platform.LINKEDIN_ADS)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # English, marked for translation
    unit: UnitKind
    direction: Direction | None  # None only for ``manual``: the KPI says which way is better
    growth: GrowthClass
    platforms: tuple[Platform, ...]
    columns: tuple[str, ...] = ()  # the export columns it is read from (documentation for the importers)

    @property
    def manual(self) -> bool:
        return self.key == MANUAL


MANUAL = "manual"

_C, _P, _M, _S = UnitKind.COUNT, UnitKind.PERCENT, UnitKind.MONEY, UnitKind.SECONDS
_UP, _DOWN = Direction.UP, Direction.DOWN
_AUD, _VOL, _RATE, _COST = GrowthClass.AUDIENCE, GrowthClass.VOLUME, GrowthClass.RATE, GrowthClass.COST
_IG, _FB, _GA = (Platform.INSTAGRAM,), (Platform.FACEBOOK,), (Platform.GA4,)

_ALL: tuple[Metric, ...] = (
    # Instagram (Meta Business Suite: the account metric exports and the posts export).
    Metric("instagram.followers", gettext_noop("Instagram followers"), _C, _UP, _AUD, _IG,
           ("Instagram followers",)),
    Metric("instagram.reach", gettext_noop("Instagram reach"), _C, _UP, _VOL, _IG, ("Instagram reach", "Reach")),
    Metric("instagram.views", gettext_noop("Instagram views"), _C, _UP, _VOL, _IG, ("Views",)),
    Metric("instagram.new_follows", gettext_noop("Follows from Instagram posts"), _C, _UP, _VOL, _IG,
           ("Follows",)),
    Metric("instagram.interactions", gettext_noop("Instagram interactions (likes, comments, shares, saves)"),
           _C, _UP, _VOL, _IG, ("Likes", "Comments", "Shares", "Saves")),
    Metric("instagram.engagement_rate", gettext_noop("Instagram engagement rate (interactions per reach)"),
           _P, _UP, _RATE, _IG, ("Likes", "Comments", "Shares", "Saves", "Reach")),
    # Facebook page (Meta Business Suite).
    Metric("facebook.followers", gettext_noop("Facebook page followers"), _C, _UP, _AUD, _FB,
           ("Facebook followers",)),
    Metric("facebook.reach", gettext_noop("Facebook reach"), _C, _UP, _VOL, _FB, ("Facebook reach",)),
    # Paid advertising, summed over the ad platforms imported for the engagement.
    Metric("ads.impressions", gettext_noop("Ad impressions"), _C, _UP, _VOL, ADS, ("Impressions", "Impr.")),
    Metric("ads.reach", gettext_noop("Ad reach"), _C, _UP, _VOL,
           (Platform.META_ADS, Platform.TIKTOK_ADS), ("Reach",)),
    Metric("ads.clicks", gettext_noop("Ad clicks"), _C, _UP, _VOL, ADS,
           ("Link clicks", "Clicks", "Clicks (destination)")),
    Metric("ads.ctr", gettext_noop("Click-through rate"), _P, _UP, _RATE, ADS,
           ("CTR (link click-through rate)", "CTR", "CTR (destination)")),
    Metric("ads.cpc", gettext_noop("Cost per click"), _M, _DOWN, _COST, ADS,
           ("CPC (cost per link click)", "Avg. CPC", "CPC (destination)")),
    Metric("ads.cpm", gettext_noop("Cost per 1,000 impressions"), _M, _DOWN, _COST,
           (Platform.META_ADS, Platform.TIKTOK_ADS), ("CPM (cost per 1,000 impressions)", "CPM")),
    Metric("ads.conversions", gettext_noop("Ad conversions"), _C, _UP, _VOL, ADS, ("Conversions", "Results")),
    Metric("ads.cost_per_conversion", gettext_noop("Cost per conversion"), _M, _DOWN, _COST, ADS,
           ("Cost / conv.", "Cost per conversion", "Cost per result")),
    Metric("ads.cost_per_result", gettext_noop("Cost per result"), _M, _DOWN, _COST, ADS,
           ("Cost per result", "Amount spent", "Results")),
    Metric("ads.roas", gettext_noop("Return on ad spend (ROAS)"), UnitKind.RATIO, _UP, _RATE, ADS,
           ("Purchases conversion value", "Conv. value", "Amount spent", "Cost")),
    Metric("ads.conversion_rate", gettext_noop("Ad conversion rate"), _P, _UP, _RATE,
           (Platform.GOOGLE_ADS,), ("Conv. rate",)),
    Metric("ads.leads", gettext_noop("Leads from ads"), _C, _UP, _VOL, (Platform.META_ADS,), ("Leads",)),
    Metric("ads.video_views", gettext_noop("Ad video views"), _C, _UP, _VOL, (Platform.TIKTOK_ADS,),
           ("Video views",)),
    # Website (Google Analytics 4).
    Metric("ga4.sessions", gettext_noop("Website sessions"), _C, _UP, _VOL, _GA, ("Sessions",)),
    Metric("ga4.engaged_sessions", gettext_noop("Engaged sessions"), _C, _UP, _VOL, _GA, ("Engaged sessions",)),
    Metric("ga4.engagement_rate", gettext_noop("Engagement rate"), _P, _UP, _RATE, _GA, ("Engagement rate",)),
    Metric("ga4.engagement_time", gettext_noop("Average engagement time per session"), _S, _UP, _RATE, _GA,
           ("Average engagement time per session",)),
    Metric("ga4.conversions", gettext_noop("Website conversions (key events)"), _C, _UP, _VOL, _GA,
           ("Key events", "Conversions")),
    Metric("ga4.conversion_rate", gettext_noop("Session conversion rate"), _P, _UP, _RATE, _GA,
           ("Session key event rate",)),
    Metric("ga4.revenue", gettext_noop("Website revenue"), _M, _UP, _VOL, _GA, ("Total revenue",)),
    Metric("site.bounce_rate", gettext_noop("Bounce rate"), _P, _DOWN, _RATE, _GA,
           ("Bounce rate", "Engagement rate")),  # GA4: bounce rate = 100 % - engagement rate
    Metric(MANUAL, gettext_noop("Entered by hand"), UnitKind.CUSTOM, None, GrowthClass.NONE,
           (Platform.MANUAL,)),
)

METRICS: dict[str, Metric] = {m.key: m for m in _ALL}


def get_metric(key: str) -> Metric | None:
    """The metric of a key, or None for a key that is not in the list."""
    return METRICS.get(key)
