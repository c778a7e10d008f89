"""Read models of the monthly report: ``report_view(report)`` composes a month from the other apps' own read
models, never recomputing a figure they own:

* hours contracted, used and rolled over: ``engagements.queries.month_rows`` (the hours page's rows);
* phase progress and every date that moved and why: ``engagements.queries.schedule_changes`` (the timeline
  page's sentences, worded for the client);
* KPIs with their chart and status: ``kpis.queries.kpi_cards`` + ``kpis.charts.kpi_chart_svg``; control
  decisions: ``kpis.queries.control_decisions``;
* the budget, planned vs actual with the advertising rollover: ``budget.queries.budget_view``;
* content published per channel: ``content.queries.published_by_channel``; best posts:
  ``metrics.queries.top_posts``;
* the narrative: Markdown through ``core.markdown``.

Call it inside ``translation.override(engagement.language)`` for the client's PDF and email: every text it
words (reasons, statuses, month names) is worded in the active language then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.budget import queries as budget_queries
from cadence.content import queries as content_queries
from cadence.core import markdown
from cadence.core.models import Membership
from cadence.engagements import queries as engagement_queries
from cadence.kpis import queries as kpi_queries
from cadence.meetings import queries as meeting_queries
from cadence.metrics import queries as metric_queries
from cadence.reports.domain import schedule as rules
from cadence.reports.models import MonthlyReport, ReportDelivery, ReportSettings, ReportStatus

Engagement = Any
ZERO = Decimal(0)


def month_end(month: dt.date) -> dt.date:
    return rules.next_month(month) - dt.timedelta(days=1)


# Romanian writes month names in lower case, and so does Russian inside a date (Django's catalogs capitalise
# the Romanian ones): the report's dates follow the language's own rule.
LOWER_CASE_MONTHS = {"ro"}


def _lower(text: str) -> str:
    return text.lower() if (get_language() or "en")[:2] in LOWER_CASE_MONTHS else text


def month_label(month: dt.date) -> str:
    """"October 2026", "octombrie 2026", "Октябрь 2026 г."."""
    return _lower(formats.date_format(month, "YEAR_MONTH_FORMAT"))


def long_date(day: dt.date) -> str:
    """"1 October 2026", "1 octombrie 2026", "1 октября 2026 г."."""
    return _lower(formats.date_format(day, "DATE_FORMAT"))


def one_stop(text: str) -> str:
    """A sentence ending in a date that ends with an abbreviation ("20 ноября 2026 г.") gets one full stop."""
    return re.sub(r"\.\.(?=\s|$)", ".", text)


def short_date(day: dt.date) -> str:
    """"5 Oct 2026", "5 oct. 2026", "5 окт. 2026"."""
    lang = (get_language() or "en")[:2]
    return formats.date_format(day, "j b Y" if lang in ("ro", "ru") else "j M Y")


def month_param(month: dt.date) -> str:
    return f"{month:%Y-%m}"


@dataclass(frozen=True)
class HoursRow:
    """One engagement month overlapping the report's month (its figures from the hours page's rows)."""

    index: int
    start: dt.date
    end: dt.date
    contracted: Decimal
    carried_in: Decimal  # rolled over from the months before
    extra: Decimal
    available: Decimal
    used: Decimal
    remaining: Decimal
    carried_out: Decimal | None  # what rolls over into the next month (None: not known yet)
    percent: int
    level: str


@dataclass(frozen=True)
class PhaseLine:
    name: str
    status: str
    status_label: str
    start: dt.date | None
    end: dt.date | None
    progress: int  # % of its hours logged (effort phases); 0 otherwise
    ongoing: bool


@dataclass(frozen=True)
class MovedLine:
    name: str
    old_start: dt.date | None
    old_end: dt.date | None
    new_start: dt.date | None
    new_end: dt.date | None
    headline: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class KpiLine:
    card: kpi_queries.KpiCard
    chart: SafeString


@dataclass(frozen=True)
class BudgetLine:
    name: str
    category: str
    planned: Decimal | None
    actual: Decimal | None

    @property
    def variance(self) -> Decimal:
        return (self.planned or ZERO) - (self.actual or ZERO)


@dataclass(frozen=True)
class BudgetMonth:
    currency: str
    lines: list[BudgetLine]
    planned: Decimal
    actual: Decimal
    rollover: str  # "320 € planned + 80 € unspent in March = 400 € available" (budget.queries)
    ad_available: Decimal | None
    ad_spent: Decimal | None

    @property
    def variance(self) -> Decimal:
        return self.planned - self.actual


@dataclass(frozen=True)
class NextStep:
    text: str
    date: dt.date | None = None


@dataclass
class ReportView:
    report: MonthlyReport
    engagement: Engagement
    month: dt.date
    first: dt.date
    last: dt.date
    title: str
    period: str
    language: str
    agency_name: str
    logo: str  # a data: URI (the PDF fetches nothing) or ""
    hours: list[HoursRow]
    phases: list[PhaseLine]
    moved: list[MovedLine]
    kpis: list[KpiLine]
    budget: BudgetMonth | None
    channels: list[Any]  # content.queries.ChannelCount
    posts_published: int
    top_posts: list[Any]  # metrics.queries.top_posts rows
    decisions: list[kpi_queries.DecisionRow]
    next_steps: list[NextStep]
    narrative_html: SafeString
    currency: str
    generated: dt.date
    prepared: str  # "Prepared on 20 November 2026."
    extra: dict[str, Any] = field(default_factory=dict)
    meetings: list[meeting_queries.MonthMeeting] = field(default_factory=list)  # held or planned, with decisions


# --- the parts ------------------------------------------------------------------------------------

def hours_rows(engagement: Engagement, month: dt.date, *, today: dt.date | None = None) -> list[HoursRow]:
    """The engagement months that overlap the report's month, as the hours page computes them
    (``engagements.queries.month_rows``); with what rolled over into the next month."""
    first, last = month, month_end(month)
    if engagement.start_date > last:
        return []
    wanted = engagement_queries.month_rows(engagement, today=today,
                                           months=max(_month_index(engagement, last) + 1, 1))
    rows = [r for r in wanted if r.start <= last and r.end >= first]
    by_index = {r.index: r for r in wanted}
    out = []
    for r in rows:
        following = by_index.get(r.index + 1)
        out.append(HoursRow(
            index=r.index, start=r.start, end=r.end, contracted=r.contracted, carried_in=r.carried_in, extra=r.extra,
            available=r.available, used=r.logged, remaining=r.remaining,
            carried_out=following.carried_in if following is not None and r.is_past else None,
            percent=r.usage_percent, level=r.level))
    return out


def _month_index(engagement: Engagement, day: dt.date) -> int:
    start: dt.date = engagement.start_date
    k: int = (day.year - start.year) * 12 + day.month - start.month + 1
    return max(k, 1)


def _status_label(status: str) -> str:
    labels = {"done": _("Done"), "in_progress": _("In progress"), "planned": _("Planned"), "waiting": _("Waiting"),
              "awaiting": _("Awaiting confirmation")}
    return labels.get(status, status)


def schedule_parts(engagement: Engagement, month: dt.date) -> tuple[list[PhaseLine], list[MovedLine], list[NextStep]]:
    """Phase progress, the dates that moved (the timeline page's sentences for the client) and the next steps
    (the phases under way or starting next month, the next gate)."""
    changes = engagement_queries.schedule_changes(engagement, audience="client")
    schedule = changes.schedule
    phases = []
    for p in schedule.phases:
        progress = 0
        if p.hours > 0 and not p.ongoing:
            progress = min(int((p.logged_hours / p.hours * 100).to_integral_value()), 100)
        phases.append(PhaseLine(name=changes.phase_names.get(p.key, p.name), status=str(p.status),
                                status_label=_status_label(str(p.status)), start=p.start,
                                end=None if p.ongoing else p.end, progress=progress, ongoing=p.ongoing))
    moved = [MovedLine(name=m.name, old_start=m.old_start, old_end=m.old_end, new_start=m.new_start,
                       new_end=m.new_end, headline=m.headline, sentences=tuple(m.sentences)) for m in changes.moved]
    after = rules.next_month(month)
    horizon = month_end(after)
    steps: list[NextStep] = []
    for p in schedule.phases:
        name = changes.phase_names.get(p.key, p.name)
        if p.ongoing or p.start is None:
            continue
        if str(p.status) == "in_progress" and (p.end is None or p.end >= after):
            steps.append(NextStep(_("Continue “%(phase)s”.") % {"phase": name}, p.end))
        elif str(p.status) in ("planned", "waiting") and after <= p.start <= horizon:
            steps.append(NextStep(_("Start “%(phase)s”.") % {"phase": name}, p.start))
    gate = next((g for g in schedule.gates if g.status not in ("passed", "done") and g.date is not None
                 and g.date >= month), None)
    if gate is not None:
        steps.append(NextStep(_("Next milestone: “%(gate)s”.") % {"gate": changes.gate_names.get(gate.key, gate.name)},
                              gate.date))
    return phases, moved, steps


def now_and_next(engagement: Engagement, month: dt.date) -> tuple[str, str]:
    """The phase under way at the month's end (not the continuous one) and the next gate not passed yet."""
    changes = engagement_queries.schedule_changes(engagement, audience="client")
    last = month_end(month)
    phase = next((changes.phase_names.get(p.key, p.name) for p in changes.schedule.phases
                  if not p.ongoing and p.start is not None and p.start <= last
                  and (p.end is None or p.end >= last) and str(p.status) != "done"), "")
    gate = next((changes.gate_names.get(g.key, g.name) for g in changes.schedule.gates
                 if g.status not in ("passed", "done") and g.date is not None and g.date >= month), "")
    return phase, gate


def budget_month(engagement: Engagement, month: dt.date) -> BudgetMonth | None:
    """The month's planned and actual amounts per line and the advertising rollover, from the budget's own
    read model (``budget.queries.budget_view``); None when the month is outside the budget."""
    view = budget_queries.budget_view(None, engagement)
    if month not in view.months or not view.lines:
        return None
    lines = []
    for lv in view.lines:
        cell = next(c for c in lv.cells if c.month == month)
        lines.append(BudgetLine(name=lv.line.name, category=lv.line.get_category_display(), planned=cell.planned,
                                actual=cell.actual))
    total = view.totals.by_month[month]
    roll = next((r for r in view.rollover if r.row.month == month), None)
    return BudgetMonth(currency=view.currency, lines=lines, planned=total.planned, actual=total.actual,
                       rollover=roll.text if roll is not None and view.has_advertising else "",
                       ad_available=roll.row.available if roll is not None and view.has_advertising else None,
                       ad_spent=(roll.row.actual or ZERO) if roll is not None and view.has_advertising else None)


def kpi_lines(engagement: Engagement, first: dt.date, last: dt.date, *, charts: bool = True) -> list[KpiLine]:
    """The KPI cards of the month (``kpis.queries.kpi_cards``) with their chart (``kpis.queries.kpi_chart_svg``,
    the one drawing of a KPI)."""
    cards = kpi_queries.kpi_cards(engagement, first=first, last=last)
    return [KpiLine(card, (kpi_queries.kpi_chart_svg(card) or SafeString("")) if charts else SafeString(""))
            for card in cards]


def top_posts(engagement: Engagement, first: dt.date, last: dt.date) -> list[Any]:
    return list(metric_queries.top_posts(engagement, first=first, last=last, limit=5))


def settings_of(workspace_id: int) -> ReportSettings | None:
    return ReportSettings.objects.filter(workspace_id=workspace_id).first()


def logo_data_uri(settings: ReportSettings | None) -> str:
    """The workspace's logo as a ``data:`` URI (the PDF renderer fetches nothing), or ""."""
    import base64

    if settings is None or not settings.logo or settings.logo_type not in ("image/png", "image/jpeg", "image/webp"):
        return ""
    try:
        with settings.logo.open("rb") as f:
            data = f.read()
    except OSError:
        return ""
    return f"data:{settings.logo_type};base64,{base64.b64encode(data).decode()}"


def report_view(report: MonthlyReport, *, charts: bool = True, today: dt.date | None = None) -> ReportView:
    """The whole month of ``report`` in the active language (see the module's docstring)."""
    engagement = report.engagement
    month = report.month
    first, last = month, month_end(month)
    settings = settings_of(engagement.workspace_id)
    phases, moved, steps = schedule_parts(engagement, month)
    channels = content_queries.published_by_channel(engagement, first=first, last=last)
    narrative = report.narrative
    phase_now, next_gate = now_and_next(engagement, month)
    generated = engagement_queries.engagement_today(engagement)
    return ReportView(
        report=report, engagement=engagement, month=month, first=first, last=last,
        title=_("Monthly report: %(month)s") % {"month": month_label(month)},
        period=_("%(first)s – %(last)s") % {"first": long_date(first), "last": long_date(last)},
        language=engagement.language,
        agency_name=(settings.agency_name if settings and settings.agency_name else engagement.workspace.name),
        logo=logo_data_uri(settings),
        hours=hours_rows(engagement, month, today=today),
        phases=phases, moved=moved,
        kpis=kpi_lines(engagement, first, last, charts=charts),
        budget=budget_month(engagement, month),
        channels=channels, posts_published=sum(c.published for c in channels),
        top_posts=top_posts(engagement, first, last),
        decisions=list(kpi_queries.control_decisions(engagement, first=first, last=last)),
        next_steps=steps,
        narrative_html=markdown.render(narrative),
        currency=engagement.currency,
        generated=generated,
        prepared=one_stop(_("Prepared on %(date)s.") % {"date": long_date(generated)}),
        extra={"phases_now": [phase_now] if phase_now else [], "next_gate": next_gate},
        meetings=meeting_queries.month_meetings(engagement, month),
    )


# --- lists ----------------------------------------------------------------------------------------

def may_see_drafts(membership: Membership) -> bool:
    return not membership.is_client


def visible_reports(membership: Membership, engagement: Engagement) -> list[MonthlyReport]:
    """The engagement's reports, newest month first; a client user sees the sent ones only."""
    rows = MonthlyReport.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)
    if not may_see_drafts(membership):
        rows = rows.filter(status=ReportStatus.SENT)
    return list(rows.order_by("-month"))


def deliveries(membership: Membership, engagement: Engagement) -> list[ReportDelivery]:
    """Every sending of the engagement's reports, newest first (the archive)."""
    return list(ReportDelivery.objects.filter(workspace_id=engagement.workspace_id, report__engagement=engagement)
                .select_related("report", "sent_by").order_by("-sent_at", "-id"))


def recipients(engagement: Engagement) -> list[dict[str, str]]:
    """The client's users of the engagement's client (approvers and viewers) with an email address, in the
    engagement's language: who a report is sent to."""
    from cadence.core.models import ClientAccess

    rows = (ClientAccess.objects.filter(workspace_id=engagement.workspace_id, client_id=engagement.client_id)
            .select_related("membership__user").order_by("membership__user__email"))
    out = []
    for a in rows:
        user = a.membership.user
        if user.is_active and user.email:
            out.append({"email": user.email, "name": user.display_name, "language": engagement.language,
                        "role": a.role})
    return out


def available_months(engagement: Engagement, today: dt.date | None = None) -> list[dt.date]:
    """The months a report can be made for: from the engagement's first month to the current one, newest first."""
    today = today or engagement_queries.engagement_today(engagement)
    month, last = engagement.start_date.replace(day=1), today.replace(day=1)
    out = []
    while month <= last:
        out.append(month)
        month = rules.next_month(month)
    return list(reversed(out))[:36]


def can_edit(membership: Membership) -> bool:
    return tenancy.can(membership, "reports.edit")


def latest_deliveries(engagement_ids: list[int]) -> dict[int, ReportDelivery]:
    """engagement id -> the last report sent to its client (its archived PDF), for the client portal: one query
    for any number of engagements."""
    out: dict[int, ReportDelivery] = {}
    rows = (ReportDelivery.objects.filter(report__engagement_id__in=engagement_ids, report__status=ReportStatus.SENT)
            .select_related("report").order_by("-sent_at", "-id"))
    for row in rows:
        out.setdefault(row.report.engagement_id, row)
    return out


# --- many engagements at once (the agency overview) ----------------------------------------------------

@dataclass(frozen=True)
class LastSent:
    month: dt.date  # the report's month (its first day)
    sent_at: dt.datetime  # its latest sending


def last_sent(engagement_ids: Iterable[int]) -> dict[int, LastSent]:
    """Engagement pk -> its report sent last (the latest delivery); engagements with none are left out. One
    query for all of them (``latest_deliveries``)."""
    return {engagement_id: LastSent(row.report.month, row.sent_at)
            for engagement_id, row in latest_deliveries(list(engagement_ids)).items()}
