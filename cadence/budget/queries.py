"""Read models of the budget: one ``BudgetView`` per engagement that the page, the API, the charts and the
Excel export all read (so a month's available advertising amount is computed once, by
``domain.rollover``, wherever it is shown). Four queries, whatever the number of lines and months."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.budget.domain import rollover as rules
from cadence.budget.domain import totals as sums
from cadence.budget.models import AdChannel, BudgetActual, BudgetLine, BudgetPlan, BudgetSettings, Category
from cadence.budget.services import default_settings, get_settings, months_of
from cadence.core.models import Membership

ZERO = Decimal("0.00")
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽", "UAH": "₴", "RON": "lei", "MDL": "lei"}


def money(amount: Decimal | None, currency: str, *, signed: bool = False) -> str:
    """An amount as the reader's locale writes it, with the currency ("1 250,50 €"; "320 €")."""
    if amount is None:
        return "—"
    places = 0 if amount == amount.to_integral_value() else 2
    text = formats.number_format(abs(amount) if signed else amount, decimal_pos=places, use_l10n=True,
                                 force_grouping=True)
    if signed:
        text = ("+" if amount > 0 else "−" if amount < 0 else "") + text
    symbol = SYMBOLS.get(currency, currency)
    return f"{text}\u00a0{symbol}"


def month_label(month: dt.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def month_short(month: dt.date) -> str:
    return formats.date_format(month, "M Y")


def month_param(month: dt.date) -> str:
    return f"{month:%Y-%m}"


@dataclass
class CellView:
    month: dt.date
    planned: Decimal | None
    actual: Decimal | None  # the sum of the sources; None when nothing is recorded
    manual: Decimal | None
    imported: Decimal | None
    note: str
    manual_note: str = ""

    @property
    def variance(self) -> Decimal:
        return (self.planned or ZERO) - (self.actual or ZERO)


@dataclass
class LineView:
    line: BudgetLine
    cells: list[CellView]
    planned: Decimal
    actual: Decimal

    @property
    def uuid(self) -> Any:
        return self.line.uuid

    @property
    def variance(self) -> Decimal:
        return self.planned - self.actual


@dataclass
class RolloverView:
    row: rules.Row
    text: str  # "320 € planned + 80 € unspent in March 2026 = 400 € available"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


@dataclass
class BudgetView:
    engagement: Any
    settings: BudgetSettings
    currency: str
    months: list[dt.date]
    lines: list[LineView]
    totals: sums.Totals
    rollover: list[RolloverView]
    categories: list[tuple[str, str]]
    can_edit: bool
    has_advertising: bool
    category_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def month_totals(self) -> list[sums.Sum]:
        return [self.totals.by_month[m] for m in self.months]

    def available(self, month: dt.date) -> Decimal | None:
        return next((r.row.available for r in self.rollover if r.row.month == month), None)


def explanation(row: rules.Row, currency: str) -> str:
    """How a month's available advertising amount was computed, as one sentence (``rules.explain``)."""
    parts = {p.kind: p for p in rules.explain(row)}
    values = {"planned": money(row.planned, currency), "available": money(row.available, currency),
              "month": month_label(row.month)}
    if "unspent" in parts:
        return _("%(planned)s planned + %(carried)s unspent in %(previous)s = %(available)s available") % {
            **values, "carried": money(parts["unspent"].amount, currency),
            "previous": month_label(parts["unspent"].month or row.month)}
    if "overspent" in parts:
        return _("%(planned)s planned − %(carried)s overspent in %(previous)s = %(available)s available") % {
            **values, "carried": money(parts["overspent"].amount, currency),
            "previous": month_label(parts["overspent"].month or row.month)}
    return _("%(planned)s planned, nothing carried over = %(available)s available") % values


def rollover_rows(settings: BudgetSettings, months: list[dt.date], planned: dict[dt.date, Decimal],
                  actual: dict[dt.date, Decimal | None]) -> list[rules.Row]:
    return rules.rollover([rules.Month(m, planned.get(m, ZERO), actual.get(m)) for m in months],
                          overspend_reduces_next=settings.overspend_reduces_next)


def budget_view(membership: Membership | None, engagement: Any) -> BudgetView:
    settings = get_settings(engagement)
    months = months_of(settings)
    lines = list(BudgetLine.objects.filter(engagement=engagement).select_related("initiative")
                 .order_by("position", "id"))
    plans: dict[tuple[int, dt.date], Decimal] = {
        (p.line_id, p.month): p.amount for p in BudgetPlan.objects.filter(line__engagement=engagement)}
    actuals: dict[tuple[int, dt.date], dict[str, Any]] = defaultdict(dict)
    for a in BudgetActual.objects.filter(line__engagement=engagement).order_by("source"):
        slot = actuals[(a.line_id, a.month)]
        slot[a.source] = a.amount
        if a.note:
            slot["note"] = (slot.get("note", "") + " " + a.note).strip()
            if a.source == "manual":
                slot["manual_note"] = a.note
    cells: list[sums.Cell] = []
    line_views: list[LineView] = []
    ad_planned: dict[dt.date, Decimal] = defaultdict(lambda: ZERO)
    ad_actual: dict[dt.date, Decimal | None] = {}
    for line in lines:
        row_cells = []
        for m in months:
            slot = actuals.get((line.pk, m), {})
            manual, imported = slot.get("manual"), slot.get("imported")
            actual = None if manual is None and imported is None else (manual or ZERO) + (imported or ZERO)
            planned = plans.get((line.pk, m))
            row_cells.append(CellView(m, planned, actual, manual, imported, slot.get("note", ""),
                                      slot.get("manual_note", "")))
            cells.append(sums.Cell(line.pk, line.category, m, planned or ZERO, actual))
            if line.category == Category.ADVERTISING:
                ad_planned[m] += planned or ZERO
                if actual is not None:
                    ad_actual[m] = (ad_actual.get(m) or ZERO) + actual
        line_views.append(LineView(line, row_cells, sum((c.planned or ZERO for c in row_cells), ZERO),
                                   sum((c.actual or ZERO for c in row_cells), ZERO)))
    categories = [(c.value, str(c.label)) for c in Category]
    totals = sums.totals(cells, months, [c for c, _label in categories])
    rows = rollover_rows(settings, months, dict(ad_planned), ad_actual)
    currency = engagement.currency
    can_edit = membership is not None and tenancy.can(membership, "budget.edit")
    view = BudgetView(engagement=engagement, settings=settings, currency=currency, months=months, lines=line_views,
                      totals=totals, rollover=[RolloverView(r, explanation(r, currency)) for r in rows],
                      categories=categories, can_edit=can_edit,
                      has_advertising=any(lv.line.category == Category.ADVERTISING for lv in line_views))
    view.category_rows = [
        {"key": key, "label": label, "lines": [lv for lv in line_views if lv.line.category == key],
         "months": [totals.by_category_month[(key, m)] for m in months], "sum": totals.by_category[key]}
        for key, label in categories]
    return view


def objective_titles(engagement: Any) -> dict[str, str]:
    """The objectives of the engagement's marketing plan a line may serve (uuid -> title): those of the
    approved version and the live ones, as the roadmap offers them (``plans.queries.objective_titles``)."""
    from cadence.plans import queries as plan_queries

    return plan_queries.objective_titles(engagement)


def initiative_model() -> Any:
    """The roadmap's initiative model, reached through the budget line's foreign key (apps meet through
    queries, services and access; the line's relation is this app's own)."""
    return BudgetLine._meta.get_field("initiative").related_model


def initiatives(engagement: Any) -> dict[str, Any]:
    """uuid -> initiative of the engagement's roadmap, by start."""
    model = initiative_model()
    return {str(i.uuid): i for i in model.objects.filter(workspace_id=engagement.workspace_id,
                                                         engagement=engagement).order_by("start", "id")}


def get_initiative(engagement: Any, uuid: Any) -> Any:
    """An initiative of the engagement (404 for another engagement's, another workspace's or a missing one)."""
    from django.http import Http404

    model = initiative_model()
    try:
        return model.objects.get(workspace_id=engagement.workspace_id, engagement=engagement,
                                 uuid=tenancy.public_id(uuid))
    except model.DoesNotExist:
        raise Http404 from None


def channel_label(value: str) -> str:
    return str(AdChannel(value).label) if value else ""


def month_cells(view: BudgetView, month: dt.date) -> list[tuple[LineView, CellView]]:
    """Each line with its cell of ``month`` (the month grid's rows)."""
    index = view.months.index(month)
    return [(lv, lv.cells[index]) for lv in view.lines]


# --- many engagements at once (the agency overview) ----------------------------------------------------

@dataclass(frozen=True)
class MonthVariance:
    """A month of an engagement's budget, every category: planned, actual as recorded (typed and imported;
    None when nothing is recorded yet) and the variance (planned − actual, positive: under budget)."""

    month: dt.date
    planned: Decimal
    actual: Decimal | None

    @property
    def variance(self) -> Decimal:
        return self.planned - (self.actual or ZERO)


def month_variances(engagements: Sequence[Any], months: Mapping[int, dt.date]) -> dict[int, MonthVariance | None]:
    """Engagement pk -> the budget's totals of month ``months[pk]`` (a first day), as ``budget_view``'s
    ``totals.by_month`` has them (``domain.totals``), for many engagements in three queries; None when the
    month is outside the engagement's budget or nothing is planned or recorded in it."""
    ids = [e.pk for e in engagements]
    wanted = set(months.values())
    settings = {s.engagement_id: s for s in BudgetSettings.objects.filter(engagement_id__in=ids)}
    lines: dict[int, set[int]] = defaultdict(set)
    cells: dict[tuple[int, dt.date], dict[str, Any]] = defaultdict(dict)
    category: dict[int, tuple[int, str]] = {}
    for plan in (BudgetPlan.objects.filter(line__engagement_id__in=ids, month__in=wanted)
                 .values("line_id", "line__engagement_id", "line__category", "month", "amount")):
        category[plan["line_id"]] = (plan["line__engagement_id"], plan["line__category"])
        cells[(plan["line_id"], plan["month"])]["planned"] = plan["amount"]
    for actual in (BudgetActual.objects.filter(line__engagement_id__in=ids, month__in=wanted)
                   .values("line_id", "line__engagement_id", "line__category", "month", "amount")):
        category[actual["line_id"]] = (actual["line__engagement_id"], actual["line__category"])
        slot = cells[(actual["line_id"], actual["month"])]
        slot["actual"] = (slot.get("actual") or ZERO) + actual["amount"]
    for line_id, (engagement_id, _category) in category.items():
        lines[engagement_id].add(line_id)
    out: dict[int, MonthVariance | None] = {}
    categories = [c.value for c in Category]
    for engagement in engagements:
        month = months.get(engagement.pk)
        budget = settings.get(engagement.pk) or default_settings(engagement)
        if month is None or month not in months_of(budget) or not lines[engagement.pk]:
            out[engagement.pk] = None
            continue
        own = [sums.Cell(line, category[line][1], m, slot.get("planned") or ZERO, slot.get("actual"))
               for (line, m), slot in cells.items() if line in lines[engagement.pk] and m == month]
        total = sums.totals(own, [month], categories).by_month[month]
        recorded = any(c.actual is not None for c in own)
        out[engagement.pk] = MonthVariance(month, total.planned, total.actual if recorded else None)
    return out
