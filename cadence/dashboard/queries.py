"""The engagement dashboard's read model: ``dashboard(engagement, first=, last=)`` composes, for one period and
the one before it, what other apps compute (this app has no models and computes no figure of its own):

* KPI cards with their sparklines (``kpis.queries.kpi_cards``, ``sparkline_svg``: the month holding the
  period's last day against the month before, as the KPIs are controlled by month);
* spend vs budget (the budget's planned, available and recorded advertising of the months the period touches:
  ``budget.queries.budget_view``; the imported spend of the period per platform: ``metrics.queries.ad_spend``);
* results by GA4 default channel group (``metrics.queries.channel_results``), with the previous period;
* the posts with the most interactions (``metrics.queries.top_posts``);
* hours used vs bought this month (``engagements.queries.this_month``: the engagement page's meter) and the
  current phase and next gate (``engagements.queries.schedule_for``, the stored schedule).

A constant number of queries whatever the number of KPIs, facts, lines or posts (tests/dashboard count them).
The page, the API and the charts read this one view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cadence.budget import queries as budget_queries
from cadence.core.models import Membership
from cadence.dashboard.domain import periods
from cadence.engagements import queries as engagement_queries
from cadence.kpis import queries as kpi_queries
from cadence.metrics import queries as metric_queries

ZERO = Decimal(0)


def channel_label(channel: str) -> str:
    """GA4's default channel group in the reader's language (GA4 stores its English name; Google's own
    interfaces translate them)."""
    labels = {
        "Direct": _("Direct"),
        "Cross-network": _("Cross-network"),
        "Paid Shopping": _("Paid Shopping"),
        "Paid Search": _("Paid Search"),
        "Paid Social": _("Paid Social"),
        "Paid Video": _("Paid Video"),
        "Display": _("Display"),
        "Paid Other": _("Paid Other"),
        "Organic Shopping": _("Organic Shopping"),
        "Organic Social": _("Organic Social"),
        "Organic Video": _("Organic Video"),
        "Organic Search": _("Organic Search"),
        "Email": _("E-mail"),
        "Affiliates": _("Affiliates"),
        "Referral": _("Referral"),
        "Audio": _("Audio"),
        "SMS": _("SMS"),
        "Mobile Push Notifications": _("Mobile Push Notifications"),
        "Unassigned": _("Unassigned"),
    }
    return labels.get(channel, channel)


@dataclass(frozen=True)
class Figure:
    """A figure of the period beside the previous period's, and the change in percent (None: nothing to
    compare with)."""

    current: Decimal
    previous: Decimal | None
    change: Decimal | None

    @classmethod
    def of(cls, current: Decimal, previous: Decimal | None) -> Figure:
        return cls(current, previous, periods.change(current, previous))


@dataclass(frozen=True)
class ChannelView:
    channel: str
    label: str
    sessions: Figure
    engaged_sessions: Figure
    key_events: Figure
    revenue: Figure


@dataclass(frozen=True)
class PlatformSpend:
    platform: str
    label: str
    spend: Figure


@dataclass(frozen=True)
class SpendView:
    """Spend vs budget. ``months``: the budget's months the period touches (the budget is planned by month);
    ``planned``/``available``/``recorded``: its advertising of those months (planned, planned plus what earlier
    months carried over, actual as recorded: typed and imported); ``imported``: the spend of the period's days in
    the imported data, per platform."""

    months: list[dt.date]
    has_budget: bool
    planned: Decimal
    available: Decimal | None
    recorded: Decimal | None
    used_percent: int | None  # recorded of available (or planned)
    imported: Figure
    by_platform: list[PlatformSpend]


@dataclass(frozen=True)
class ScheduleView:
    """Where the engagement is: its current phase (or the next one) and its next gate, from the stored schedule."""

    phase_name: str
    phase_status: str
    phase_start: dt.date | None
    phase_end: dt.date | None
    gate_name: str
    gate_status: str
    gate_date: dt.date | None


@dataclass(frozen=True)
class KpiTile:
    card: kpi_queries.KpiCard
    sparkline: SafeString | None
    previous_text: str  # the month before's value, worded as the card words its values


@dataclass
class DashboardView:
    engagement: Any
    choice: periods.Choice
    today: dt.date
    currency: str
    kpis: list[KpiTile]
    spend: SpendView
    channels: list[ChannelView]
    channel_total: ChannelView | None
    posts: list[metric_queries.PostRow]
    hours: engagement_queries.MonthRow | None
    started: bool
    schedule: ScheduleView
    charts: dict[str, SafeString | None] = field(default_factory=dict)

    @property
    def first(self) -> dt.date:
        return self.choice.current.first

    @property
    def last(self) -> dt.date:
        return self.choice.current.last

    @property
    def previous(self) -> periods.Period:
        return self.choice.previous


def period_text(period: periods.Period) -> str:
    """"1 – 31 March 2027" as the reader's language writes the two dates."""
    if period.first == period.last:
        return formats.date_format(period.first, "DATE_FORMAT")
    return _("%(first)s – %(last)s") % {"first": formats.date_format(period.first, "DATE_FORMAT"),
                                        "last": formats.date_format(period.last, "DATE_FORMAT")}


def period_error(error: periods.PeriodError) -> str:
    """A period the picker cannot show, in a sentence."""
    values = {"value": error.params.get("value", ""), **error.params}
    if error.code == "missing_date" and error.params.get("field") == "to":
        return _("The last day of the period is missing: enter a date such as 2027-03-31.")
    if error.code == "missing_date":
        return _("The first day of the period is missing: enter a date such as 2027-03-01.")
    if error.code == "bad_date":
        return _("“%(value)s” is not a date: enter one such as 2027-03-01.") % values
    if error.code == "out_of_range":
        return _("“%(value)s” is outside the years %(first_year)s to %(last_year)s.") % values
    if error.code == "reversed":
        return _("The last day of the period is before its first day.")
    if error.code == "too_long":
        return _("A period covers at most %(max_days)s days.") % values
    return _("Choose this month, last month, this quarter or a custom period.")


# --- the parts ------------------------------------------------------------------------------------------

def kpi_tiles(engagement: Any, *, first: dt.date, last: dt.date, today: dt.date,
              sparklines: bool = True) -> list[KpiTile]:
    """The KPI cards of the period's last month (``kpis.queries.kpi_cards``: the month holding ``last`` against
    the month before) with their sparklines."""
    cards = kpi_queries.kpi_cards(engagement, first=first, last=last, today=today)
    return [KpiTile(card, kpi_queries.sparkline_svg(card) if sparklines else None, card.text(card.previous))
            for card in cards]


def spend_view(membership: Membership | None, engagement: Any, choice: periods.Choice) -> SpendView:
    current, previous = choice.current, choice.previous
    budget = budget_queries.budget_view(membership, engagement)
    first_month, last_month = current.first.replace(day=1), current.last.replace(day=1)
    months = [m for m in budget.months if first_month <= m <= last_month]
    planned, recorded, available = ZERO, ZERO, ZERO
    has_recorded, has_available = False, False
    for month in months:
        cell = budget.totals.by_category_month.get(("advertising", month))
        if cell is not None:
            planned += cell.planned
        for line in budget.lines:
            if line.line.category != "advertising":
                continue
            actual = line.cells[budget.months.index(month)].actual
            if actual is not None:
                recorded += actual
                has_recorded = True
        month_available = budget.available(month)
        if month_available is not None:
            available += month_available
            has_available = True
    spent_now, spent_before = metric_queries.ad_spend_of(
        engagement, spans=[(current.first, current.last), (previous.first, previous.last)])
    now, before = {r.platform: r for r in spent_now}, {r.platform: r for r in spent_before}
    rows = [PlatformSpend(platform, (now.get(platform) or before[platform]).platform_label,
                          Figure.of(now[platform].spend if platform in now else ZERO,
                                    before[platform].spend if platform in before else ZERO))
            for platform in [*now, *(p for p in before if p not in now)]]
    total_now = sum((r.spend for r in now.values()), ZERO)
    total_before = sum((r.spend for r in before.values()), ZERO)
    base = available if has_available and available > 0 else planned
    used = int((recorded / base * 100).to_integral_value()) if has_recorded and base > 0 else None
    return SpendView(months=months, has_budget=budget.has_advertising and bool(months), planned=planned,
                     available=available if has_available else None, recorded=recorded if has_recorded else None,
                     used_percent=used, imported=Figure.of(total_now, total_before), by_platform=rows)


def channel_views(engagement: Any, choice: periods.Choice) -> tuple[list[ChannelView], ChannelView | None]:
    current, previous = choice.current, choice.previous
    results_now, results_before = metric_queries.channel_results_of(
        engagement, spans=[(current.first, current.last), (previous.first, previous.last)])
    now, before = {r.channel: r for r in results_now}, {r.channel: r for r in results_before}
    if not now and not before:
        return [], None
    empty = metric_queries.ChannelRow(channel="", sessions=ZERO, engaged_sessions=ZERO, key_events=ZERO,
                                      revenue=ZERO)

    def view(channel: str, label: str, a: metric_queries.ChannelRow, b: metric_queries.ChannelRow | None
             ) -> ChannelView:
        return ChannelView(channel=channel, label=label,
                           sessions=Figure.of(a.sessions, b.sessions if b else ZERO),
                           engaged_sessions=Figure.of(a.engaged_sessions, b.engaged_sessions if b else ZERO),
                           key_events=Figure.of(a.key_events, b.key_events if b else ZERO),
                           revenue=Figure.of(a.revenue, b.revenue if b else ZERO))

    rows = [view(c, channel_label(c), now.get(c, empty), before.get(c)) for c in
            [*now, *(c for c in before if c not in now)]]

    def total(rows_of: dict[str, metric_queries.ChannelRow]) -> metric_queries.ChannelRow:
        values = list(rows_of.values())
        return metric_queries.ChannelRow(
            channel="", sessions=sum((r.sessions for r in values), ZERO),
            engaged_sessions=sum((r.engaged_sessions for r in values), ZERO),
            key_events=sum((r.key_events for r in values), ZERO), revenue=sum((r.revenue for r in values), ZERO))

    return rows, view("", _("All channels"), total(now), total(before))


def schedule_view(engagement: Any, today: dt.date) -> ScheduleView:
    """The current phase (in progress, or awaiting confirmation; else the next to start) and the next gate not
    passed yet, named as the engagement page names them."""
    schedule = engagement_queries.schedule_for(engagement, today)
    phase_names, gate_names = engagement_queries.engagement_names(engagement)
    order = ("in_progress", "awaiting", "waiting", "planned")
    phase = next((p for status in order for p in schedule.phases if p.status.value == status), None)
    gate = next((g for g in schedule.gates if g.status != "passed"), None)
    return ScheduleView(
        phase_name=phase_names.get(phase.key, phase.name) if phase else "",
        phase_status=phase.status.value if phase else "", phase_start=phase.start if phase else None,
        phase_end=phase.end if phase else None,
        gate_name=gate_names.get(gate.key, gate.name) if gate else "", gate_status=gate.status if gate else "",
        gate_date=gate.date if gate else None)


def dashboard(engagement: Any, *, first: dt.date, last: dt.date, compare: bool = True, today: dt.date | None = None,
              membership: Membership | None = None, choice: periods.Choice | None = None,
              charts: bool = True) -> DashboardView:
    """Everything the dashboard shows for ``first`` .. ``last`` (and the period before it of the same length,
    or ``choice``'s comparison when the picker chose one). ``compare=False``: the previous period is not read
    (its figures are None)."""
    from cadence.dashboard import charts as dashboard_charts  # draws from this view

    today = today or engagement_queries.engagement_today(engagement)
    if choice is None:
        days = (last - first).days + 1
        before = first - dt.timedelta(days=1)
        choice = periods.Choice(periods.Period("custom", first, last),
                                periods.Period("previous", before - dt.timedelta(days=days - 1), before))
    engagement_queries.prefetch_figures([engagement])
    tiles = kpi_tiles(engagement, first=first, last=last, today=today, sparklines=charts)
    spend = spend_view(membership, engagement, choice)
    channels, channel_total = channel_views(engagement, choice)
    if not compare:
        spend, channels, channel_total = _without_previous(spend, channels, channel_total)
    view = DashboardView(
        engagement=engagement, choice=choice, today=today, currency=engagement.currency, kpis=tiles,
        spend=spend, channels=channels, channel_total=channel_total,
        posts=metric_queries.top_posts(engagement, first=first, last=last),
        hours=engagement_queries.this_month(engagement, today=today), started=today >= engagement.start_date,
        schedule=schedule_view(engagement, today))
    if charts:
        view.charts = {"channels": dashboard_charts.channels_svg(view), "spend": dashboard_charts.spend_svg(view)}
    return view


def _no_previous(figure: Figure) -> Figure:
    return Figure(figure.current, None, None)


def _without_previous(spend: SpendView, channels: list[ChannelView], total: ChannelView | None
                      ) -> tuple[SpendView, list[ChannelView], ChannelView | None]:
    def channel(c: ChannelView) -> ChannelView:
        return ChannelView(c.channel, c.label, _no_previous(c.sessions), _no_previous(c.engaged_sessions),
                           _no_previous(c.key_events), _no_previous(c.revenue))

    spend = SpendView(months=spend.months, has_budget=spend.has_budget, planned=spend.planned,
                      available=spend.available, recorded=spend.recorded, used_percent=spend.used_percent,
                      imported=_no_previous(spend.imported),
                      by_platform=[PlatformSpend(p.platform, p.label, _no_previous(p.spend)) for p in spend.by_platform
                                   if p.spend.current])
    kept = [channel(c) for c in channels if c.sessions.current or c.key_events.current or c.revenue.current]
    return spend, kept, channel(total) if total is not None else None
