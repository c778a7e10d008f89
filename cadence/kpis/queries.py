"""Reads of the KPIs for the pages, the API, the dashboard and the monthly report.

* ``kpi_cards(engagement, first=, last=, today=)``: every KPI of the engagement as a ``KpiCard`` (its values per
  month, the current and the previous month, progress, the projection and the status with its reason in the
  active language). The facts are read once for all KPIs (``metrics.queries.period_groups``) and each KPI
  filters them in memory, so the page reads a constant number of queries however many KPIs it has.
* ``compute(kpi, ...)``: one KPI's values, projection and evaluation; ``services.evaluate_engagement`` stores
  its status from the same function, so the page, the report and the alert say the same.
* ``status_reason(code, params)``: a status's reason in words (the active language; emails use the
  recipient's through ``translation.override``).
* ``control_decisions(engagement, first=, last=)`` and ``unread_alerts(membership)``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadence.core import markdown as md
from cadence.engagements import queries as engagement_queries
from cadence.kpis.domain import formulas, projection, status
from cadence.kpis.domain.formulas import Formula
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry, Status
from cadence.links import queries as link_queries
from cadence.metrics import queries as metric_queries
from cadence.plans import queries as plan_queries

Engagement = Any
SERIES_PERIODS = 12
PERIOD = formulas.MONTH


@dataclass(frozen=True)
class SeriesPoint:
    start: dt.date
    label: str
    value: Decimal | None


@dataclass(frozen=True)
class ProjectionView:
    value: Decimal
    low: Decimal
    high: Decimal
    on: dt.date


@dataclass(frozen=True)
class Computed:
    """One KPI's figures: the series up to ``last`` (oldest first) and the evaluation for ``today``."""

    series: list[SeriesPoint]
    evaluation: status.Evaluation
    projection: projection.Projection | None


@dataclass(frozen=True)
class KpiCard:
    uuid: str
    name: str
    metric_key: str
    metric_label: str
    unit: str  # worded: "%", the currency code, a manual KPI's unit, "" for a count
    unit_kind: str  # count, percent, money, seconds, ratio, custom
    places: int  # decimal places its values are shown with
    direction: str
    aggregation: str
    baseline: Decimal | None
    acceptable: Decimal | None
    optimal: Decimal | None
    best: Decimal | None
    due: dt.date | None
    current: Decimal | None  # the value of the month holding ``last`` (None: nothing yet that month)
    previous: Decimal | None
    change: Decimal | None
    series: list[SeriesPoint]
    latest: Decimal | None  # the newest month of the series with a value
    latest_on: dt.date | None  # that month's first day
    projection: ProjectionView | None
    status: str
    status_label: str
    status_code: str
    reason: str
    progress: Decimal | None
    manual: bool  # filled by values entered by hand
    source: str  # "plan" or "direct"
    source_label: str  # the plan's SMM task title, or ""
    filters: dict[str, str] = field(default_factory=dict)
    revision: int = 0

    @property
    def current_text(self) -> str:
        return self.text(self.current)

    @property
    def latest_text(self) -> str:
        return self.text(self.latest)

    def text(self, value: Decimal | None) -> str:
        """A value with its unit, in the active language's number format ("1,40 %", "12,50 RON")."""
        return value_text(value, self.unit, self.places)


@dataclass(frozen=True)
class DecisionRow:
    kpi: str
    kpi_uuid: str
    review_on: dt.date
    decision: SafeString
    who: str
    decided_at: dt.datetime | None
    task_title: str
    task_url: str


@dataclass(frozen=True)
class AlertRow:
    uuid: str
    kpi: str
    kpi_uuid: str
    engagement: str
    engagement_uuid: str
    old_status: str
    new_status: str
    old_label: str
    new_label: str
    reason: str
    created_at: dt.datetime
    read: bool
    url: str


# --- metric facts of a KPI ------------------------------------------------------------------------------

def engagement_today(engagement: Engagement) -> dt.date:
    return engagement_queries.engagement_today(engagement)


def metric_label(key: str) -> str:
    metric = plan_queries.METRICS.get(key)
    return _(metric.label) if metric is not None else key


def unit_of(kpi: Kpi, currency: str) -> tuple[str, str, int]:
    """(unit text, unit kind, decimal places) of a KPI."""
    metric = plan_queries.METRICS.get(kpi.metric_key)
    kind = str(metric.unit) if metric is not None else "custom"
    if kind == "percent":
        return "%", kind, 2
    if kind == "money":
        return currency, kind, 2
    if kind == "seconds":
        return "s", kind, 0
    if kind == "ratio":
        return "", kind, 2
    if kind == "count":
        return kpi.unit or "", kind, 2 if kpi.aggregation == "average" else 0
    return kpi.unit, kind, AUTO_PLACES


AUTO_PLACES = -1  # a value entered by hand: whole numbers and values from 100 up without decimals, others two


def value_text(value: Decimal | None, unit: str, places: int) -> str:
    if value is None:
        return "—"
    if places < 0:  # a projection of 4,374.13 followers reads 4,374
        places = 0 if value == value.to_integral() or abs(value) >= 100 else 2
    text = formats.number_format(value.quantize(Decimal(1).scaleb(-places)), places, use_l10n=True,
                                 force_grouping=True)
    return f"{text}\u00a0{unit}" if unit else text


def _channel_items(items: Iterable[str], group: str) -> set[str]:
    return {item for item in items if link_queries.channel_group(item) == group}


def _groups_of(kpi: Kpi, formula: Formula,
               groups: Sequence[metric_queries.FactGroup]) -> list[metric_queries.FactGroup]:
    platforms = set(formula.platforms)
    if kpi.platform:
        platforms &= {kpi.platform}
    out = [g for g in groups if g.platform in platforms]
    if formula.levels:
        out = [g for g in out if g.level in formula.levels]
    if formula.prefer_levels:
        chosen = formulas.level_to_read(formula, {g.level for g in out})
        if chosen is not None:
            out = [g for g in out if g.level == chosen]
    if kpi.campaign_contains:
        needle = kpi.campaign_contains.casefold()
        out = [g for g in out if needle in g.campaign.casefold()]
    if kpi.channel_group:
        items = _channel_items({g.item for g in out}, kpi.channel_group)
        out = [g for g in out if g.item in items]
    return out


@dataclass
class Facts:
    """What ``compute`` reads: the period groups, the last-day groups and the entries, per engagement."""

    groups: list[metric_queries.FactGroup]
    days: list[metric_queries.FactGroup] | None
    entries: dict[int, list[tuple[dt.date, Decimal]]]
    first: dt.date
    last: dt.date


def read_facts(engagement: Engagement, kpis: Sequence[Kpi], *, first: dt.date, last: dt.date) -> Facts:
    """The facts of every KPI of a list in a constant number of queries (two for the period groups, one for the
    last days when a KPI reads its period's last value, one for the values entered by hand)."""
    computed = [k for k in kpis if not formulas.needs_entries(k.metric_key)]
    platforms = sorted({p for k in computed for p in (formulas.FORMULAS[k.metric_key].platforms)})
    measures = sorted({m for k in computed for m in formulas.FORMULAS[k.metric_key].measures})
    groups = (metric_queries.period_groups(engagement, first=first, last=last, period=PERIOD, platforms=platforms,
                                           measures=measures) if computed else [])
    days = None
    if any(k.aggregation == formulas.Aggregation.LAST for k in computed):
        days = metric_queries.last_day_groups(engagement, first=first, last=last, platforms=platforms)
    entries: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    manual = [k.pk for k in kpis if formulas.needs_entries(k.metric_key)]
    if manual:
        for kpi_id, day, value in (KpiEntry.objects.filter(kpi_id__in=manual, day__gte=first, day__lte=last)
                                   .order_by("day").values_list("kpi_id", "day", "value")):
            entries[kpi_id].append((day, value))
    return Facts(groups=groups, days=days, entries=entries, first=first, last=last)


def _values(kpi: Kpi, facts: Facts, starts: Sequence[dt.date], last: dt.date) -> dict[dt.date, Decimal | None]:
    out: dict[dt.date, Decimal | None] = dict.fromkeys(starts)
    aggregation = kpi.aggregation
    if formulas.needs_entries(kpi.metric_key):
        by_period: dict[dt.date, list[tuple[dt.date, Decimal]]] = defaultdict(list)
        for day, value in facts.entries.get(kpi.pk, []):
            by_period[formulas.period_start(day, PERIOD)].append((day, value))
        for start in starts:
            out[start] = formulas.aggregate_entries(by_period.get(start, []), aggregation)
        return out
    formula = formulas.FORMULAS[kpi.metric_key]
    if aggregation == formulas.Aggregation.LAST and formula.kind == formulas.Kind.SUM and facts.days is not None:
        mine = _groups_of(kpi, formula, facts.days)
        latest: dict[dt.date, dt.date] = {}
        for g in mine:
            if any(g.measures.get(m) is not None for m in formula.measures):
                p = formulas.period_start(g.start, PERIOD)
                latest[p] = max(latest.get(p, g.start), g.start)
        for start in starts:
            latest_day = latest.get(start)
            if latest_day is not None:
                out[start] = formulas.value_of(formula, [g.measures for g in mine if g.start == latest_day])
        return out
    grouped: dict[dt.date, list[Mapping[str, Decimal | None]]] = defaultdict(list)
    for g in _groups_of(kpi, formula, facts.groups):
        grouped[g.start].append(g.measures)
    for start in starts:
        end = min(formulas.period_end(start, PERIOD), last)
        days = (end - max(start, facts.first)).days + 1
        out[start] = formulas.value_of(formula, grouped.get(start, []), aggregation=aggregation, days=days)
    return out


def _label(start: dt.date) -> str:
    return formats.date_format(start, "YEAR_MONTH_FORMAT")


def compute(kpi: Kpi, facts: Facts, *, last: dt.date, today: dt.date) -> Computed:
    """The KPI's series of ``SERIES_PERIODS`` months up to ``last`` and its evaluation for ``today`` (``facts``
    must cover from ``window_first(last, today)`` to ``max(last, today)``)."""
    until = max(last, today)
    starts = formulas.period_starts(until, max(SERIES_PERIODS, formulas.periods_between(last, until)
                                                + SERIES_PERIODS), PERIOD)
    values = _values(kpi, facts, starts, until)
    series_starts = formulas.period_starts(last, SERIES_PERIODS, PERIOD)
    series = [SeriesPoint(start=s, label=_label(s), value=values.get(s)) for s in series_starts]
    # the evaluation: the months up to today (a month still running is left out when its value is a sum)
    formula = formulas.formula_for(kpi.metric_key)
    additive = kpi.aggregation == formulas.Aggregation.SUM and (formula is None or not formula.computed
                                                                or formula.additive)
    upto = [s for s in starts if s <= formulas.period_start(today, PERIOD)]
    if kpi.due is not None:
        upto = [s for s in upto if s <= formulas.period_start(kpi.due, PERIOD)]
    known = [(s, v) for s in upto if (v := values.get(s)) is not None]
    last_known = None
    if known:
        s, v = known[-1]
        last_known = (min(formulas.period_end(s, PERIOD), today), v)
    points = [(s, v) for s, v in known if not (additive and formulas.period_end(s, PERIOD) >= today)]
    proj = None
    if kpi.due is not None and points:
        origin = points[0][0]
        xs = [(float(formulas.periods_between(origin, s, PERIOD)), v) for s, v in points]
        metric = plan_queries.METRICS.get(kpi.metric_key)
        floor = 0.0 if metric is not None and not metric.manual else None
        proj = projection.project(xs, float(formulas.periods_between(origin, kpi.due, PERIOD)), floor=floor)
    direction = kpi.direction
    evaluation = status.evaluate(direction=direction, acceptable=kpi.acceptable, optimal=kpi.optimal,
                                 best=kpi.best, due=kpi.due, today=today, last=last_known, projection=proj,
                                 points=len(points[-projection.WINDOW:]))
    if evaluation.code == "no_values" and formulas.needs_entries(kpi.metric_key):
        evaluation = status.Evaluation(evaluation.status, "no_entries", evaluation.params)
    return Computed(series=series, evaluation=evaluation, projection=proj)


def window_first(last: dt.date, today: dt.date) -> dt.date:
    until = max(last, today)
    count = max(SERIES_PERIODS, formulas.periods_between(last, until) + SERIES_PERIODS)
    return formulas.period_starts(until, count, PERIOD)[0]


# --- the reason in words --------------------------------------------------------------------------------

def _date_text(value: Any) -> str:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "DATE_FORMAT")


def _num(params: Mapping[str, Any], name: str) -> str:
    raw = params.get(name)
    if raw in (None, ""):
        return "—"
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        return str(raw)
    return value_text(value, str(params.get("unit", "")), int(params.get("places", 2)))


def status_reason(code: str, params: Mapping[str, Any]) -> str:
    """A status's reason in the active language. ``params`` are the evaluation's, with the KPI's ``name``,
    ``unit`` and ``places`` added by the reader."""
    name = str(params.get("name") or _("the KPI"))
    words = {"name": name, "value": _num(params, "value"), "low": _num(params, "low"), "high": _num(params, "high"),
             "acceptable": _num(params, "acceptable"), "due": _date_text(params.get("due", ""))}
    if code == "on_track":
        return _("At this pace %(name)s reaches %(value)s by %(due)s (likely between %(low)s and %(high)s); "
                 "acceptable is %(acceptable)s.") % words
    if code == "at_risk":
        return _("At this pace %(name)s reaches %(value)s by %(due)s; acceptable is %(acceptable)s, reached only "
                 "at the optimistic end of the range (%(low)s to %(high)s).") % words
    if code == "off_track":
        return _("At this pace %(name)s reaches %(value)s by %(due)s; acceptable is %(acceptable)s, out of reach "
                 "even at the optimistic end of the range (%(low)s to %(high)s).") % words
    if code == "due_met":
        return _("The due date (%(due)s) has passed; the last value of %(name)s, %(value)s, reaches the "
                 "acceptable level of %(acceptable)s.") % words
    if code == "due_missed":
        return _("The due date (%(due)s) has passed; the last value of %(name)s, %(value)s, falls short of the "
                 "acceptable level of %(acceptable)s.") % words
    if code == "no_levels":
        return _("No acceptable level is set, so there is nothing to measure %(name)s against.") % words
    if code == "no_due":
        return _("No due date is set, so %(name)s cannot be projected.") % words
    if code == "no_values":
        return _("There is no value of %(name)s in the imported data yet.") % words
    if code == "no_entries":
        return _("This metric is not in the imported data: enter its values by hand.")
    if code == "too_few_points":
        count, needed = int(params.get("count", 0)), int(params.get("needed", projection.MIN_POINTS))
        return ngettext("Only %(count)s month has a value; a projection needs at least %(needed)s.",
                        "Only %(count)s months have a value; a projection needs at least %(needed)s.",
                        count) % {"count": count, "needed": needed}
    return _("Not evaluated yet.")


def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def reason_params(kpi: Kpi, currency: str) -> dict[str, Any]:
    unit, _kind, places = unit_of(kpi, currency)
    return {**(kpi.status_params or {}), "name": kpi.name, "unit": unit, "places": places}


def reason_of(kpi: Kpi, currency: str) -> str:
    return status_reason(kpi.status_code, reason_params(kpi, currency))


# --- the cards ------------------------------------------------------------------------------------------

def kpi_list(engagement: Engagement) -> list[Kpi]:
    return list(Kpi.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement)
                .order_by("position", "id"))


def _projection_view(kpi: Kpi) -> ProjectionView | None:
    params = kpi.status_params or {}
    if kpi.status_code not in ("on_track", "at_risk", "off_track") or kpi.due is None:
        return None
    try:
        return ProjectionView(value=Decimal(str(params["value"])), low=Decimal(str(params["low"])),
                              high=Decimal(str(params["high"])), on=kpi.due)
    except (KeyError, ArithmeticError):
        return None


def card_of(kpi: Kpi, computed: Computed, *, currency: str, task_title: str = "") -> KpiCard:
    unit, kind, places = unit_of(kpi, currency)
    series = computed.series
    current = series[-1].value if series else None
    previous = series[-2].value if len(series) > 1 else None
    change = current - previous if current is not None and previous is not None else None
    known = [p for p in series if p.value is not None]
    latest, latest_on = (known[-1].value, known[-1].start) if known else (None, None)
    return KpiCard(
        uuid=str(kpi.uuid), name=kpi.name, metric_key=kpi.metric_key, metric_label=metric_label(kpi.metric_key),
        unit=unit, unit_kind=kind, places=places, direction=kpi.direction, aggregation=kpi.aggregation,
        baseline=kpi.baseline, acceptable=kpi.acceptable, optimal=kpi.optimal, best=kpi.best, due=kpi.due,
        current=current, previous=previous, change=change, series=series, latest=latest, latest_on=latest_on,
        projection=_projection_view(kpi),
        status=kpi.status, status_label=status_label(kpi.status), status_code=kpi.status_code,
        reason=reason_of(kpi, currency), progress=status.progress(kpi.baseline, kpi.acceptable, latest),
        manual=formulas.needs_entries(kpi.metric_key), source="plan" if kpi.plan_task_id else "direct",
        source_label=task_title,
        filters={k: v for k, v in (("platform", kpi.platform), ("campaign_contains", kpi.campaign_contains),
                                   ("channel_group", kpi.channel_group)) if v},
        revision=kpi.revision)


def kpi_cards(engagement: Engagement, *, first: dt.date, last: dt.date,
              today: dt.date | None = None) -> list[KpiCard]:
    """Every KPI of the engagement as a card: the 12 months up to ``last`` (``current`` is the month holding
    ``last``, ``previous`` the one before), the stored status and its reason in the active language.
    ``first`` is the start of the period the reader chose (the dashboard's); the series always shows 12 months.
    A constant number of queries whatever the number of KPIs."""
    del first  # the series is the 12 months up to ``last``; kept for the dashboard's and the report's calls
    today = today or engagement_today(engagement)
    kpis = kpi_list(engagement)
    if not kpis:
        return []
    titles = plan_queries.task_titles(k.plan_task_id for k in kpis if k.plan_task_id)
    start = formulas.period_starts(last, SERIES_PERIODS, PERIOD)[0]
    facts = read_facts(engagement, kpis, first=start, last=last)
    currency = str(getattr(engagement, "currency", "") or "")
    cards = []
    for kpi in kpis:
        starts = formulas.period_starts(last, SERIES_PERIODS, PERIOD)
        values = _values(kpi, facts, starts, last)
        series = [SeriesPoint(start=s, label=_label(s), value=values.get(s)) for s in starts]
        computed = Computed(series=series, evaluation=status.Evaluation(status.Status(kpi.status), kpi.status_code,
                                                                        dict(kpi.status_params or {})),
                            projection=None)
        cards.append(card_of(kpi, computed, currency=currency, task_title=titles.get(kpi.plan_task_id or 0, "")))
    return cards


def evaluate_all(engagement: Engagement, kpis: Sequence[Kpi], *, today: dt.date) -> dict[int, Computed]:
    """Each KPI's evaluation for ``today`` (the services store it), reading the facts once."""
    if not kpis:
        return {}
    facts = read_facts(engagement, kpis, first=window_first(today, today), last=today)
    return {k.pk: compute(k, facts, last=today, today=today) for k in kpis}


# --- decisions and alerts -------------------------------------------------------------------------------

def _who(user: Any) -> str:
    return "" if user is None else str(user.full_name or user.email)


def control_decisions(engagement: Engagement, *, first: dt.date, last: dt.date) -> list[DecisionRow]:
    """The decisions recorded at the control points reviewed from ``first`` to ``last`` (Markdown made safe
    HTML), oldest first, with the board card a decision created."""
    rows = (ControlPoint.objects.filter(workspace_id=engagement.workspace_id, kpi__engagement=engagement,
                                        review_on__gte=first, review_on__lte=last).exclude(decision="")
            .select_related("kpi", "decided_by", "reviewer", "task").order_by("review_on", "id"))
    slug = engagement.workspace.slug
    out = []
    for cp in rows:
        task_url = ""
        if cp.task is not None:
            task_url = reverse("board:task-detail", args=[slug, engagement.uuid, cp.task.uuid])
        out.append(DecisionRow(kpi=cp.kpi.name, kpi_uuid=str(cp.kpi.uuid), review_on=cp.review_on,
                               decision=md.render(cp.decision), who=_who(cp.decided_by or cp.reviewer),
                               decided_at=cp.decided_at, task_title=cp.task.title if cp.task is not None else "",
                               task_url=task_url))
    return out


def alert_rows(qs: Any) -> list[AlertRow]:
    out = []
    for a in qs.select_related("kpi", "kpi__engagement", "kpi__workspace"):
        kpi = a.kpi
        engagement = kpi.engagement
        params = {**(a.status_params or {}), "name": kpi.name}
        unit, _kind, places = unit_of(kpi, str(engagement.currency or ""))
        params.setdefault("unit", unit)
        params.setdefault("places", places)
        out.append(AlertRow(
            uuid=str(a.uuid), kpi=kpi.name, kpi_uuid=str(kpi.uuid), engagement=engagement.name,
            engagement_uuid=str(engagement.uuid), old_status=a.old_status, new_status=a.new_status,
            old_label=status_label(a.old_status), new_label=status_label(a.new_status),
            reason=status_reason(a.status_code, params), created_at=a.created_at, read=a.read_at is not None,
            url=reverse("kpis:kpi", args=[kpi.workspace.slug, engagement.uuid, kpi.uuid])))
    return out


def unread_alerts(membership: Any) -> list[AlertRow]:
    """The member's alerts not read yet, newest first."""
    return alert_rows(KpiAlert.objects.filter(workspace_id=membership.workspace_id, user_id=membership.user_id,
                                              read_at__isnull=True).order_by("-created_at", "-id"))


def alerts(membership: Any, *, limit: int = 200) -> list[AlertRow]:
    """The member's alerts, read or not, newest first."""
    return alert_rows(KpiAlert.objects.filter(workspace_id=membership.workspace_id, user_id=membership.user_id)
                      .order_by("-created_at", "-id")[:limit])


def entries_of(kpi: Kpi) -> list[KpiEntry]:
    return list(KpiEntry.objects.filter(workspace_id=kpi.workspace_id, kpi=kpi).select_related("created_by")
                .order_by("-day", "-id"))


def control_points_of(kpi: Kpi) -> list[ControlPoint]:
    return list(ControlPoint.objects.filter(workspace_id=kpi.workspace_id, kpi=kpi)
                .select_related("reviewer", "decided_by", "task").order_by("review_on", "id"))


def metric_choices() -> list[tuple[str, str, str]]:
    """(key, label, unit kind) of every metric a KPI can use, for the metric picker."""
    return [(key, _(m.label), str(m.unit)) for key, m in plan_queries.METRICS.items()]


def channel_groups() -> tuple[str, ...]:
    return link_queries.CHANNEL_GROUPS


# --- the charts for other apps (added by reports: other apps may import only queries, services, access) ------

def kpi_chart_svg(card: KpiCard) -> SafeString | None:
    """``kpis.charts.kpi_chart_svg``: the one drawing of a KPI, for the monthly report."""
    from cadence.kpis import charts

    return charts.kpi_chart_svg(card)


def sparkline_svg(card: KpiCard) -> SafeString | None:
    """``kpis.charts.sparkline_svg``, for the dashboard."""
    from cadence.kpis import charts

    return charts.sparkline_svg(card)


# --- many engagements at once (the agency overview) ----------------------------------------------------

def status_counts(engagement_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Engagement pk -> {status: number of KPIs} from the stored statuses (``Kpi.status``, kept by
    ``services.evaluate_engagement``), for many engagements in one query."""
    from django.db.models import Count

    out: dict[int, dict[str, int]] = defaultdict(dict)
    for engagement_id, value, n in (Kpi.objects.filter(engagement_id__in=list(engagement_ids)).order_by()
                                    .values_list("engagement_id", "status").annotate(n=Count("pk"))):
        out[engagement_id][value] = n
    return dict(out)
