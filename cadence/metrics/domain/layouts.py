"""The built-in layouts: which platform and variant a file is, recognised from its header row and preamble only
(never its name), and which columns become which fields.

Columns to measures, per platform (rates, costs per result, frequencies and everything not listed stay in a
row's ``extra`` as text; currency from a money header's ``(XXX)`` or a currency column, else ""):

- Meta Ads Manager (``meta_ads``; English and Russian headers): ``Reporting starts``/``Дата начала
  отчетности`` -> date, ``Reporting ends``/``Дата окончания отчетности`` -> date_end (a ``Day``/``День`` column
  wins over both when present); ``Campaign name``, ``Ad set name``, ``Ad name`` (``Название кампании``, ``Название группы
  объявлений``, ``Название объявления``) -> campaign, ad_set, ad (the level is the finest present);
  ``Account name`` -> account; ``Amount spent (XXX)``/``Потраченная сумма (XXX)`` -> spend; ``Impressions``/
  ``Показы`` -> impressions; ``Reach``/``Охват`` -> reach; ``Link clicks``/``Клики по ссылке`` ->
  link_clicks; ``Clicks (all)``/``Клики (все)`` -> clicks; ``Results``/``Результаты`` -> results; ``Leads``/
  ``Лиды`` and ``Purchases`` -> conversions; ``Purchases conversion value`` -> conversion_value; ``ThruPlays``
  -> video_views. Variant: ``ads_manager`` (``_ru`` for Russian headers) and ``_daily`` when every sampled
  row starts and ends the same day, ``_monthly`` when they span calendar months, else ``_period``.
- Google Ads UI download (``google_ads``): a title line and the range line (``March 1, 2027 - March 3,
  2027``) before the header; ``Day`` -> date (without it every row covers the range); ``Campaign`` ->
  campaign, ``Ad group`` -> ad_set, ``Account``/``Account name`` -> account; ``Impr.``/``Impressions`` ->
  impressions, ``Clicks`` -> clicks, ``Cost`` -> spend, ``Conversions`` -> conversions, ``Conv. value`` ->
  conversion_value; ``Currency code`` the currency. ``Total: ...`` rows at the end are skipped. Variant
  ``ui_download``, or ``ui_download_excel`` for the UTF-16 tab-separated one.
- GA4 (``ga4``): a ``#`` preamble (any language) whose two 8-digit dates are the period; level source; the
  ``... source / medium`` column -> item (``Sessionsursă / mediu``, ``Источник/канал сеанса`` too);
  ``Sessions`` -> sessions, ``Engaged sessions`` -> engaged_sessions, ``Key events``/``Conversions`` ->
  conversions, ``Total revenue``/``Purchase revenue`` -> conversion_value (Romanian and Russian names as
  well); a ``Date`` column (YYYYMMDD) makes daily rows, else every row covers the period; a ``Grand total``
  row right after the header is skipped. Variant ``traffic_acquisition``.
- Meta Business Suite posts (``instagram``/``facebook``): level post, ``Post ID`` -> item (text),
  ``Account ID``/``Page ID`` -> account, ``Publish time`` -> date (the row is the post's lifetime, dated by
  its publish day); ``Views``/``Impressions`` -> impressions, ``Reach`` -> reach, ``Likes``/``Reactions`` ->
  likes, ``Comments`` -> comments, ``Shares`` -> shares, ``Saves`` -> saves, ``Follows`` -> followers,
  ``Plays`` -> video_views. Variant ``posts``.
- Meta Business Suite daily metric (UTF-16, ``sep=,``, a title line, ``"Date","Primary"``): level account,
  ``Date`` -> date, ``Primary`` -> the measure the title names (reach, views/impressions, follows,
  interactions are not a measure -> not recognised); item = the measure's name so two series never overlap.
  Variant ``daily_metric``.
- TikTok Ads (``tiktok_ads``): ``By Day`` -> date, ``Campaign name``/``Ad group name``/``Ad name``,
  ``Currency``; ``Cost`` -> spend, ``Impressions``, ``Reach``, ``Clicks (destination)`` -> link_clicks,
  ``Clicks (all)`` -> clicks, ``Video views`` -> video_views, ``Conversions``; ``<5`` is masked (empty, a
  notice). Variant ``ads_manager``.
- LinkedIn Campaign Manager (``linkedin_ads``, placeholder confidence: the structure is not confirmed):
  ``Start Date (in UTC)`` -> date, ``Account Name`` -> account, ``Campaign Name`` -> campaign (the group
  stays in extra), ``Currency``; ``Total Spent`` -> spend, ``Impressions``, ``Clicks``, ``Clicks to Landing
  Page`` -> link_clicks, ``Conversions``. Variant ``campaign_performance``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_CURRENCY = re.compile(r"^(.*?)\s*\(([A-Z]{3})\)\s*$")
_SPACE = re.compile(r"\s+")


def split_header(cell: str) -> tuple[str, str]:
    """A header cell's normalised name (lower case, single spaces, no currency) and its currency ("")."""
    text = cell.replace("\ufeff", "").strip().strip('"')
    currency = ""
    m = _CURRENCY.match(text)
    if m:
        text, currency = m.group(1), m.group(2)
    return _SPACE.sub(" ", text).lower(), currency


@dataclass
class Layout:
    """How to read a file: built-in (recognised) or from a mapping."""

    platform: str
    variant: str
    level: str
    header_line: int  # 1-based line (row for XLSX) of the header
    columns: dict[str, int]  # field -> column index
    number_style: str
    date_format: str
    currency: str  # "" when unknown
    kind: str = "csv"
    encoding: str = "utf-8"
    delimiter: str = ","
    headers: list[str] = field(default_factory=list)
    period_start: dt.date | None = None  # from the preamble; rows without a day column cover it
    period_end: dt.date | None = None
    date_end_format: str = ""  # "" = as date_format
    item_constant: str = ""  # the item of every row (a daily metric series: the measure's name)
    confidence: str = "confirmed"  # "placeholder" when the structure is not confirmed
    profile_id: int | None = None

    @property
    def width(self) -> int:
        return len(self.headers)

    def as_dict(self) -> dict[str, object]:
        data = dict(self.__dict__)
        data["period_start"] = self.period_start.isoformat() if self.period_start else None
        data["period_end"] = self.period_end.isoformat() if self.period_end else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Layout:
        values = dict(data)
        for key in ("period_start", "period_end"):
            raw = values.get(key)
            values[key] = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Builtin:
    platform: str
    variant: str
    required: tuple[tuple[str, ...], ...]  # each: alternatives; all must be among the headers
    fields: dict[str, tuple[str, ...]]  # field -> alternative normalised header names
    confidence: str = "confirmed"


META_EN = Builtin("meta_ads", "ads_manager", (("reporting starts", "day"), ("amount spent",)), {
    "date": ("day", "reporting starts"), "date_end": ("day", "reporting ends"),
    "account": ("account name",), "campaign": ("campaign name",), "ad_set": ("ad set name",),
    "ad": ("ad name",), "spend": ("amount spent",), "impressions": ("impressions",), "reach": ("reach",),
    "link_clicks": ("link clicks",), "clicks": ("clicks (all)",), "results": ("results",),
    "conversions": ("leads", "purchases"), "conversion_value": ("purchases conversion value",),
    "video_views": ("thruplays",), "currency": ("currency",),
})
META_RU = Builtin("meta_ads", "ads_manager_ru", (("дата начала отчетности", "день"), ("потраченная сумма",)), {
    "date": ("день", "дата начала отчетности"), "date_end": ("день", "дата окончания отчетности"),
    "account": ("название аккаунта",), "campaign": ("название кампании",),
    "ad_set": ("название группы объявлений",), "ad": ("название объявления",), "spend": ("потраченная сумма",),
    "impressions": ("показы",), "reach": ("охват",), "link_clicks": ("клики по ссылке",),
    "clicks": ("клики (все)",), "results": ("результаты",), "conversions": ("лиды", "покупки"),
    "video_views": ("thruplays",), "currency": ("валюта",),
})
GOOGLE_ADS = Builtin("google_ads", "ui_download", (("campaign", "ad group"), ("impr.", "impressions"), ("cost",),
                                                   ("clicks",)), {
    "date": ("day", "date"), "account": ("account", "account name"), "campaign": ("campaign",),
    "ad_set": ("ad group",), "impressions": ("impr.", "impressions"), "clicks": ("clicks",), "spend": ("cost",),
    "conversions": ("conversions",), "conversion_value": ("conv. value", "conversion value"),
    "currency": ("currency code", "currency"),
})
_GA4_ITEM = ("session source / medium", "first user source / medium", "source / medium",
             "sursă / mediu sesiune", "sursa / mediul sesiunii", "sursă/mediu sesiune", "источник/канал сеанса",
             "источник / канал сеанса")
GA4 = Builtin("ga4", "traffic_acquisition", (_GA4_ITEM, ("sessions", "sesiuni", "сеансы")), {
    "date": ("date", "data", "дата"), "item": _GA4_ITEM, "sessions": ("sessions", "sesiuni", "сеансы"),
    "engaged_sessions": ("engaged sessions", "sesiuni cu implicare", "сеансы с взаимодействием"),
    "conversions": ("key events", "conversions", "evenimente cheie", "conversii", "ключевые события",
                    "конверсии"),
    "conversion_value": ("total revenue", "purchase revenue", "venituri totale", "общий доход"),
})
IG_POSTS = Builtin("instagram", "posts", (("post id",), ("publish time",), ("account id", "account username")), {
    "date": ("publish time",), "item": ("post id",), "account": ("account id",),
    "impressions": ("views", "impressions"), "reach": ("reach",), "likes": ("likes",), "comments": ("comments",),
    "shares": ("shares",), "saves": ("saves",), "followers": ("follows",), "video_views": ("plays",),
})
FB_POSTS = Builtin("facebook", "posts", (("post id",), ("publish time",), ("page id", "page name")), {
    "date": ("publish time",), "item": ("post id",), "account": ("page id",),
    "impressions": ("views", "impressions"), "reach": ("reach",), "likes": ("reactions", "likes"),
    "comments": ("comments",), "shares": ("shares",), "video_views": ("plays", "3-second video views"),
})
TIKTOK = Builtin("tiktok_ads", "ads_manager", (("by day",), ("cost",), ("impressions",)), {
    "date": ("by day",), "campaign": ("campaign name",), "ad_set": ("ad group name",), "ad": ("ad name",),
    "account": ("account name",), "currency": ("currency",), "spend": ("cost",), "impressions": ("impressions",),
    "reach": ("reach",), "link_clicks": ("clicks (destination)",), "clicks": ("clicks (all)",),
    "video_views": ("video views",), "conversions": ("conversions",),
})
LINKEDIN = Builtin("linkedin_ads", "campaign_performance", (("start date (in utc)",), ("total spent",)), {
    "date": ("start date (in utc)",), "account": ("account name",), "campaign": ("campaign name",),
    "currency": ("currency",), "spend": ("total spent",), "impressions": ("impressions",), "clicks": ("clicks",),
    "link_clicks": ("clicks to landing page",), "conversions": ("conversions",),
}, confidence="placeholder")
SERIES = Builtin("meta_business_suite", "daily_metric", (("date",), ("primary",)), {"date": ("date",)})

BUILTINS: tuple[Builtin, ...] = (META_EN, META_RU, GOOGLE_ADS, GA4, IG_POSTS, FB_POSTS, TIKTOK, LINKEDIN, SERIES)

# A daily metric series' title -> (platform, measure)
SERIES_TITLES: tuple[tuple[str, str], ...] = (
    ("reach", "reach"), ("acoperire", "reach"), ("охват", "reach"), ("views", "impressions"),
    ("impressions", "impressions"), ("vizualizări", "impressions"), ("просмотры", "impressions"),
    ("follows", "followers"), ("new followers", "followers"), ("urmăriri", "followers"),
    ("подписки", "followers"),
)


def match(builtin: Builtin, names: list[str]) -> dict[str, int] | None:
    """The builtin's columns in a header row (normalised names), or None when a required header is missing."""
    present = set(names)
    if not all(any(alt in present for alt in group) for group in builtin.required):
        return None
    columns: dict[str, int] = {}
    for name, alternatives in builtin.fields.items():
        for alt in alternatives:
            if alt in present:
                columns[name] = names.index(alt)
                break
    if columns.get("date") is not None and columns.get("date_end") == columns["date"]:
        del columns["date_end"]
    return columns


def level_of(columns: dict[str, int], default: str) -> str:
    for name in ("ad", "ad_set", "campaign"):
        if name in columns:
            return name
    return default


def series_measure(title: str) -> tuple[str, str] | None:
    """A daily metric title (``Instagram reach``) -> (platform, measure)."""
    words = _SPACE.sub(" ", title.strip().strip('"')).lower()
    platform = "facebook" if words.startswith(("facebook", "page")) else "instagram"
    for word, measure in SERIES_TITLES:
        if words.endswith(word):
            return platform, measure
    return None


_EIGHT = re.compile(r"(?<!\d)(\d{8})(?!\d)")


def ga4_period(preamble: list[list[str]]) -> tuple[dt.date, dt.date] | None:
    """The two 8-digit dates of a GA4 ``#`` preamble (``Start date: 20270301``, any language)."""
    found: list[dt.date] = []
    for row in preamble:
        text = ",".join(row)
        if not text.startswith("#"):
            continue
        for m in _EIGHT.finditer(text):
            raw = m.group(1)
            try:
                found.append(dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:])))
            except ValueError:
                continue
    if len(found) >= 2 and found[0] <= found[1]:
        return found[0], found[1]
    return None
