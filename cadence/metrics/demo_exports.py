"""The demo's export files, made by code in the structure each platform's real export has (the samples in
``/work/shared/data`` and their README): the demo imports them through the same pipeline as an upload.

* Meta Ads Manager, daily breakdown: UTF-8 with a BOM, the currency in the money headers. In English
  (``Reporting starts``, ..., campaign level, comma separated, the CPM header quoted because it holds a comma)
  or with the Russian interface's headers (ad level, ``;`` separated, decimal comma, as comma-decimal locales
  export it); and one the demo's furniture shop exported from a Romanian interface, a layout Cadence does
  not know (it comes in through a column mapping).
* Google Ads campaign report per month: the report's name, the quoted date range, the header, a row per
  day and campaign (integers quoted with thousands separators, ``%`` on rates, `` --`` when empty), then the
  ``Total: ...`` rows.
* GA4 traffic acquisition per month: the ``#`` preamble with its start and end dates, a blank line, the
  header, a row per session source / medium (rates as fractions), optionally GA4's ``Grand total`` row; in
  English or from GA4's Russian interface.

Plain Python (no Django); the figures are invented and deterministic (seeded), and each generator returns
the totals an import of its file must find (``Export.totals``, in the file's own currency).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
BOM = "\ufeff"

META_EN_HEADER = [
    "Reporting starts", "Reporting ends", "Campaign name", "Campaign delivery", "Ad set budget",
    "Ad set budget type", "Attribution setting", "Results", "Result indicator", "Reach", "Frequency",
    "Cost per results", "Amount spent ({c})", "Impressions", "CPM (cost per 1,000 impressions) ({c})",
    "Link clicks", "CPC (cost per link click) ({c})", "CTR (link click-through rate)", "Clicks (all)",
    "CTR (all)", "CPC (all) ({c})", "Landing page views", "Cost per landing page view ({c})",
]
META_RU_HEADER = [
    "Название кампании", "Название группы объявлений", "Название объявления", "Дата начала отчетности",
    "Дата окончания отчетности", "Потраченная сумма ({c})", "Показы", "Охват", "Клики по ссылке",
    "CPC (цена за клик по ссылке)", "Лиды",
]
# A Meta Ads export from the Romanian interface: not one of the layouts Cadence recognises.
META_RO_HEADER = [
    "Numele campaniei", "Începutul raportării", "Sfârșitul raportării", "Livrarea campaniei", "Rezultate",
    "Indicator de rezultat", "Acoperire", "Afișări", "Suma cheltuită ({c})", "Clicuri pe link",
    "CPC (cost per clic pe link) ({c})", "CTR (rata de clic pe link)",
]
# The column mapping a user makes for it (field -> header cell), saved as the workspace's profile.
META_RO_MAPPING = {
    "date": "Începutul raportării", "date_end": "Sfârșitul raportării", "campaign": "Numele campaniei",
    "spend": "Suma cheltuită ({c})", "impressions": "Afișări", "reach": "Acoperire",
    "link_clicks": "Clicuri pe link", "results": "Rezultate",
}
GOOGLE_ADS_HEADER = [
    "Day", "Campaign status", "Campaign", "Budget", "Budget type", "Currency code", "Campaign type", "Clicks",
    "Impr.", "CTR", "Avg. CPC", "Cost", "Conversions", "Conv. rate", "Cost / conv.",
]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # Google Ads' date range line is in English whatever the locale
# The same report downloaded from GA4's Russian interface (preamble, header and total row translated).
GA4_RU_HEADER = [
    "Источник/канал сеанса", "Сеансы", "Сеансы с взаимодействием", "Коэффициент взаимодействия",
    "Среднее время взаимодействия за сеанс", "Событий за сеанс", "Количество событий", "Ключевые события",
    "Коэффициент ключевых событий сеанса", "Общий доход",
]
GA4_WORDS = {
    "en": ("Traffic acquisition: Session source / medium", "Account", "Property", "All Users", "Start date",
           "End date", "Grand total"),
    "ru": ("Привлечение трафика: Источник/канал сеанса", "Аккаунт", "Ресурс", "Все пользователи", "Дата начала",
           "Дата окончания", "Общий итог"),
}
GA4_HEADER = [
    "Session source / medium", "Sessions", "Engaged sessions", "Engagement rate",
    "Average engagement time per session", "Events per session", "Event count", "Key events",
    "Session key event rate", "Total revenue",
]


@dataclass(frozen=True)
class Campaign:
    """A demo campaign (or, for Meta's ad-level export, one ad of it): its share of the month's spend and
    what a unit of money buys there."""

    name: str
    share: float  # of the platform's monthly spend
    cpm: float  # cost per 1000 impressions, in the file's currency
    ctr: float  # link clicks per impression
    result_rate: float  # results (conversions) per link click
    ad_set: str = ""
    ad: str = ""
    kind: str = "Search"  # Google Ads campaign type
    indicator: str = "actions:link_click"  # Meta's result indicator


@dataclass(frozen=True)
class Source:
    """A GA4 session source / medium and its share of the month's sessions."""

    name: str
    sessions: int  # a month's sessions, about
    engaged: float  # engagement rate
    key_rate: float  # key events per session
    revenue_per_key: float  # revenue per key event (0: none)


@dataclass
class Export:
    """One generated file: its name, bytes and what an import of it must total (in the file's currency)."""

    name: str
    content: bytes
    platform: str
    first: dt.date
    last: dt.date
    currency: str
    totals: dict[str, Decimal] = field(default_factory=dict)


def month_days(month: dt.date) -> list[dt.date]:
    """Every day of ``month`` (any day of it)."""
    last = calendar.monthrange(month.year, month.month)[1]
    return [dt.date(month.year, month.month, d) for d in range(1, last + 1)]


def _cents(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _meta_number(value: Decimal) -> str:
    """Meta writes money without trailing zeros (``13.3``, ``28.23``, ``12``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _grouped(value: int) -> str:
    """Google Ads' integers: ``3,918`` (quoted in the file since they hold a comma)."""
    return f"{value:,}"


def _rate(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def split_spend(rng: random.Random, days: Sequence[dt.date], campaigns: Sequence[Campaign],
                total: Decimal) -> dict[tuple[dt.date, int], Decimal]:
    """The month's ``total`` spread over days and campaigns (weekends a little lower, random wobble), in
    cents that add up to ``total`` exactly."""
    weights: dict[tuple[dt.date, int], float] = {}
    for day in days:
        weekday = 0.8 if day.weekday() >= 5 else 1.0
        for i, campaign in enumerate(campaigns):
            weights[(day, i)] = campaign.share * weekday * rng.uniform(0.7, 1.3)
    whole = sum(weights.values())
    cells = {k: _cents(float(total) * w / whole) for k, w in weights.items()}
    rest = total - sum(cells.values(), Decimal(0))
    biggest = max(cells, key=lambda k: cells[k])
    cells[biggest] += rest
    return cells


def _performance(rng: random.Random, campaign: Campaign, spend: Decimal) -> tuple[int, int, int, int]:
    """(impressions, reach, link clicks, results) that ``spend`` buys in ``campaign``, with some noise."""
    impressions = max(1, round(float(spend) / campaign.cpm * 1000 * rng.uniform(0.85, 1.15)))
    reach = max(1, round(impressions / rng.uniform(1.1, 1.6)))
    clicks = max(1, round(impressions * campaign.ctr * rng.uniform(0.8, 1.2)))
    results = max(0, round(clicks * campaign.result_rate * rng.uniform(0.6, 1.4)))
    if campaign.indicator == "actions:link_click":  # Meta counts the link clicks as the results then
        results = clicks
    return impressions, reach, clicks, results


def _csv(rows: Sequence[Sequence[str]], *, delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def _add(totals: dict[str, Decimal], **values: Decimal | int) -> None:
    for name, value in values.items():
        totals[name] = totals.get(name, Decimal(0)) + Decimal(value)


def meta_daily(name: str, month: dt.date, campaigns: Sequence[Campaign], spend: Decimal, currency: str, *,
               seed: str, language: str = "en") -> Export:
    """A Meta Ads Manager daily export of ``month``: ``language`` "en" (campaign level, the sample
    ``meta_ads_daily_eur.csv``'s columns), "ru" (ad level, the sample ``meta_ads_ru.csv``'s columns, ``;`` and a
    decimal comma) or "ro" (campaign level, the Romanian interface: needs a column mapping)."""
    rng = random.Random(f"meta:{seed}:{month:%Y-%m}")
    days = month_days(month)
    cells = split_spend(rng, days, campaigns, spend)
    totals: dict[str, Decimal] = {}
    rows: list[list[str]] = []
    comma = language in ("ru", "ro")

    def number(value: Decimal | float, places: int = 2) -> str:
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if comma else text

    for day in days:
        for i, campaign in enumerate(campaigns):
            cost = cells[(day, i)]
            impressions, reach, clicks, results = _performance(rng, campaign, cost)
            _add(totals, spend=cost, impressions=impressions, reach=reach, link_clicks=clicks)
            # the Russian export's results are its leads column ("Лиды"): conversions
            _add(totals, **{"conversions" if language == "ru" else "results": results})
            iso = day.isoformat()
            if language == "ru":
                rows.append([campaign.name, campaign.ad_set, campaign.ad, iso, iso, number(cost), str(impressions),
                             str(reach), str(clicks), number(_rate(float(cost), clicks)), str(results)])
            elif language == "ro":
                rows.append([campaign.name, iso, iso, "active", str(results), campaign.indicator, str(reach),
                             str(impressions), number(cost), str(clicks), number(_rate(float(cost), clicks)),
                             number(100 * _rate(clicks, impressions))])
            else:
                all_clicks = clicks + round(clicks * rng.uniform(0.1, 0.35))
                views = round(clicks * rng.uniform(0.7, 0.85))
                rows.append([
                    iso, iso, campaign.name, "active", "Using ad set budget", "Daily", "7-day click or 1-day view",
                    str(results), campaign.indicator, str(reach), f"{impressions / reach:.2f}",
                    f"{_rate(float(cost), results):.2f}" if results else "", _meta_number(cost), str(impressions),
                    f"{1000 * float(cost) / impressions:.2f}", str(clicks), f"{_rate(float(cost), clicks):.2f}",
                    f"{100 * clicks / impressions:.2f}", str(all_clicks), f"{100 * all_clicks / impressions:.2f}",
                    f"{_rate(float(cost), all_clicks):.2f}", str(views),
                    f"{_rate(float(cost), views):.2f}" if views else "",
                ])
    header = {"en": META_EN_HEADER, "ru": META_RU_HEADER, "ro": META_RO_HEADER}[language]
    header = [h.format(c=currency) for h in header]
    text = BOM + _csv([header, *rows], delimiter=";" if comma else ",")
    return Export(name, text.encode("utf-8"), "meta_ads", days[0], days[-1], currency, totals)


def google_ads_month(name: str, days: Sequence[dt.date], campaigns: Sequence[Campaign], spend: Decimal,
                     currency: str, *, seed: str, bad_cell: tuple[int, str, str] | None = None) -> Export:
    """A Google Ads campaign report of ``days`` (usually a month), as the UI downloads it (the sample
    ``google_ads_campaign_report.csv``). ``bad_cell`` (data row index, column header, text) puts a text where a
    number belongs, as a hand-edited file has it."""
    rng = random.Random(f"google:{seed}:{days[0]:%Y-%m-%d}")
    cells = split_spend(rng, days, campaigns, spend)
    totals: dict[str, Decimal] = {}
    by_kind: dict[str, dict[str, Decimal]] = {}
    rows: list[list[str]] = []
    for day in days:
        for i, campaign in enumerate(campaigns):
            cost = cells[(day, i)]
            impressions, _, clicks, _ = _performance(rng, campaign, cost)
            conversions = _cents(round(clicks * campaign.result_rate * rng.uniform(0.5, 1.5) * 2) / 2)
            budget = _cents(float(spend) * campaign.share / len(days) * 1.25)
            values = {"clicks": Decimal(clicks), "impressions": Decimal(impressions), "spend": cost,
                      "conversions": conversions}
            _add(totals, **values)
            _add(by_kind.setdefault(campaign.kind, {}), **values)
            rows.append([day.isoformat(), "Enabled", campaign.name, f"{budget:.2f}", "Daily", currency,
                         campaign.kind, *_google_measures(values)])
    if bad_cell is not None:
        index, column, text = bad_cell
        rows[index][GOOGLE_ADS_HEADER.index(column)] = text
    footer = [["Total: Account", "", "", "", "", currency, "", *_google_measures(totals)]]
    footer += [[f"Total: {kind}", "", "", "", "", currency, "", *_google_measures(values)]
               for kind, values in by_kind.items()]
    first, last = days[0], days[-1]
    period = f"{MONTHS[first.month - 1]} {first.day}, {first.year} - {MONTHS[last.month - 1]} {last.day}, {last.year}"
    text = "Campaign report\n" + _csv([[period], GOOGLE_ADS_HEADER, *rows, *footer])
    return Export(name, text.encode("utf-8"), "google_ads", first, last, currency, totals)


def _google_measures(values: dict[str, Decimal]) -> list[str]:
    clicks, impressions = int(values["clicks"]), int(values["impressions"])
    cost, conversions = values["spend"], values["conversions"]
    empty = " --"
    return [
        _grouped(clicks), _grouped(impressions),
        f"{100 * clicks / impressions:.2f}%" if impressions else empty,
        f"{float(cost) / clicks:.2f}" if clicks else "0",
        f"{cost:.2f}", f"{conversions:.2f}",
        f"{100 * float(conversions) / clicks:.2f}%" if clicks else empty,
        f"{float(cost) / float(conversions):.2f}" if conversions else empty,
    ]


def ga4_month(name: str, month: dt.date, sources: Sequence[Source], *, account: str, property_name: str,
              seed: str, grand_total: bool = False, language: str = "en") -> Export:
    """A GA4 traffic acquisition report (session source / medium) of ``month`` (the sample
    ``ga4_traffic_acquisition.csv``): one row per source, the month's figures; ``language`` "ru": from GA4's
    Russian interface."""
    rng = random.Random(f"ga4:{seed}:{month:%Y-%m}")
    days = month_days(month)
    totals: dict[str, Decimal] = {}
    rows: list[list[str]] = []
    for source in sources:
        sessions = max(1, round(source.sessions * rng.uniform(0.85, 1.15)))
        engaged = round(sessions * source.engaged * rng.uniform(0.9, 1.1))
        engaged = min(engaged, sessions)
        seconds = rng.uniform(20, 75)
        per_session = rng.uniform(3.5, 7.5)
        events = round(sessions * per_session)
        keys = round(sessions * source.key_rate * rng.uniform(0.7, 1.3))
        revenue = _cents(keys * source.revenue_per_key * rng.uniform(0.8, 1.2))
        _add(totals, sessions=sessions, engaged_sessions=engaged, conversions=keys, conversion_value=revenue)
        rows.append([source.name, str(sessions), str(engaged), _fraction(engaged / sessions, 8),
                     f"{seconds:.2f}", f"{events / sessions:.2f}", str(events), str(keys),
                     _fraction(keys / sessions, 10), _ga4_money(revenue)])
    rows.sort(key=lambda r: -int(r[1]))
    words = GA4_WORDS[language]
    if grand_total:
        s, e = int(totals["sessions"]), int(totals["engaged_sessions"])
        rows.insert(0, [words[6], str(s), str(e), _fraction(e / s, 8), "", "",
                        str(sum(int(r[6]) for r in rows)), str(int(totals["conversions"])),
                        _fraction(int(totals["conversions"]) / s, 10),
                        _ga4_money(totals["conversion_value"])])
    preamble = [
        "# ----------------------------------------",
        f"# {words[0]}",
        f"# {words[1]}: {account}",
        f"# {words[2]}: {property_name}",
        "# ----------------------------------------",
        "#",
        f"# {words[3]}",
        f"# {words[4]}: {days[0]:%Y%m%d}",
        f"# {words[5]}: {days[-1]:%Y%m%d}",
        "",
    ]
    header = GA4_RU_HEADER if language == "ru" else GA4_HEADER
    text = "\n".join(preamble) + "\n" + _csv([header, *rows])
    return Export(name, text.encode("utf-8"), "ga4", days[0], days[-1], "", totals)


def _ga4_money(value: Decimal) -> str:
    """GA4 writes revenue as a plain number without trailing zeros (``4123.5``, ``1230``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _fraction(value: float, places: int) -> str:
    """GA4's rates: fractions without trailing zeros (``0.64492187``, ``0.0375``)."""
    return f"{value:.{places}f}".rstrip("0").rstrip(".") or "0"


IG_POSTS_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)", "Publish time",
    "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes", "Shares", "Follows", "Comments",
    "Saves",
]


@dataclass(frozen=True)
class Post:
    """A demo Instagram post: its caption, type ("IG image", "IG carousel", "IG reel") and how well it did
    (a multiplier of the account's usual reach)."""

    caption: str
    kind: str
    pull: float


def instagram_posts(name: str, months: Sequence[dt.date], posts: Sequence[Post], *, account_id: str, username: str,
                    account_name: str, seed: str) -> Export:
    """A Meta Business Suite export of Instagram posts published in ``months`` (the sample
    ``instagram_posts.csv``: one row per post with its lifetime figures, ``Publish time`` as
    ``MM/DD/YYYY HH:MM``): the posts of ``posts`` in turn, on days 3, 9, 15, 21 and 27 of each month."""
    rng = random.Random(f"ig:{seed}")
    rows: list[list[str]] = []
    totals: dict[str, Decimal] = {}
    turn = 0
    for month in months:
        for day in (3, 9, 15, 21, 27):
            post = posts[turn % len(posts)]
            turn += 1
            when = f"{month:%m}/{day:02d}/{month:%Y} {rng.choice((9, 12, 18, 19)):02d}:{rng.choice((0, 15, 30)):02d}"
            reach = round(1800 * post.pull * rng.uniform(0.8, 1.25))
            views = round(reach * rng.uniform(1.25, 1.6))
            likes = round(reach * rng.uniform(0.05, 0.08))
            comments, shares = round(likes * rng.uniform(0.05, 0.12)), round(likes * rng.uniform(0.04, 0.2))
            saves, follows = round(likes * rng.uniform(0.08, 0.25)), round(reach * rng.uniform(0.001, 0.004))
            post_id = f"1804{rng.randrange(10**12, 10**13)}"
            code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(11))
            link = f"https://www.instagram.com/{'reel' if post.kind == 'IG reel' else 'p'}/{code}/"
            duration = str(rng.randrange(15, 45)) if post.kind == "IG reel" else "0"
            _add(totals, impressions=views, reach=reach, likes=likes, comments=comments, shares=shares, saves=saves,
                 followers=follows)
            rows.append([post_id, account_id, username, account_name, post.caption, duration,
                         when, link, post.kind, "", "Lifetime", str(views), str(reach),
                         str(likes), str(shares), str(follows), str(comments), str(saves)])
    first, last = months[0].replace(day=3), months[-1].replace(day=27)
    return Export(name, (BOM + _csv([IG_POSTS_HEADER, *rows])).encode("utf-8"), "instagram", first, last, "", totals)
