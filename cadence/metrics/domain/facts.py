"""The shapes every reader and the store share: the measures, a fact row, a problem, the summary of a file."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

# The measures the fact table keeps as columns, in the order the pages show them.
MEASURES: tuple[str, ...] = (
    "impressions", "reach", "clicks", "link_clicks", "spend", "results", "conversions", "conversion_value",
    "sessions", "engaged_sessions", "followers", "likes", "comments", "shares", "saves", "video_views",
)
MONEY: frozenset[str] = frozenset({"spend", "conversion_value"})  # in a currency, two places
FRACTIONAL: frozenset[str] = frozenset({"spend", "conversion_value", "conversions"})  # others are whole counts

# The fields of a row that are not measures (what a column mapping may point a column at, besides measures).
DIMENSIONS: tuple[str, ...] = ("date", "date_end", "account", "campaign", "ad_set", "ad", "item", "source",
                               "medium", "currency")

LEVELS: tuple[str, ...] = ("account", "campaign", "ad_set", "ad", "post", "source")

ERROR, NOTICE = "error", "notice"
_ZERO = Decimal(0)


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs about 2 µs more per row
class FactRow:
    """One data row of an export, read: the day range it covers, who it is about, its measures (only those
    the export has) and its other columns as text (``extra``, header -> cell)."""

    line: int  # 1-based line (CSV) or row (XLSX) in the file, for problems
    day: dt.date
    day_end: dt.date
    level: str
    account: str = ""
    campaign: str = ""
    ad_set: str = ""
    ad: str = ""
    item: str = ""  # a post's id, GA4's "source / medium"
    measures: dict[str, Decimal] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file. ``code`` is stable (the app words it, translated); ``line`` is 1-based or
    None for the whole file; ``severity`` ERROR stops the import, NOTICE is shown and does not."""

    code: str
    line: int | None = None
    column: str = ""
    value: str = ""  # the offending cell, cut to 80 characters
    severity: str = ERROR

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "line": self.line, "column": self.column, "value": self.value,
                "severity": self.severity}


def fact_key(platform: str, account: str, level: str, campaign: str, ad_set: str, ad: str, item: str) -> str:
    """The identity of a row's subject (with its day range, the row's identity in the store)."""
    text = "\x1f".join((platform, account, level, campaign, ad_set, ad, item))
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass
class Summary:
    """What a preview shows of a file, accumulated while reading it (memory bounded whatever its size)."""

    platform: str = ""
    variant: str = ""
    currency: str = ""  # "" when the export does not say
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    rows: int = 0  # data rows read as facts
    totals: dict[str, Decimal] = field(default_factory=dict)
    campaigns: set[str] = field(default_factory=set)  # kept up to CAMPAIGNS_KEPT names, counted beyond
    campaign_count: int = 0
    accounts: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_KEPT
    problem_count: int = 0
    error_count: int = 0

    CAMPAIGNS_KEPT = 500
    PROBLEMS_KEPT = 200

    def add(self, row: FactRow) -> None:
        self.rows += 1
        day, day_end = row.day, row.day_end
        if self.first_day is None or day < self.first_day:
            self.first_day = day
        if self.last_day is None or day_end > self.last_day:
            self.last_day = day_end
        totals = self.totals
        for name, value in row.measures.items():
            totals[name] = totals.get(name, _ZERO) + value
        if row.campaign and row.campaign not in self.campaigns:
            self.campaign_count += 1
            if len(self.campaigns) < self.CAMPAIGNS_KEPT:
                self.campaigns.add(row.campaign)
        if row.account and len(self.accounts) < 50:
            self.accounts.add(row.account)

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if problem.severity == ERROR:
            self.error_count += 1
        if len(self.problems) < self.PROBLEMS_KEPT:
            self.problems.append(problem)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.rows > 0
