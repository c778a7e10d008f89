"""Writes to an engagement's budget: its settings, its lines (create, change, delete, reorder), planned and
actual amounts one at a time (``set_planned``, ``set_actual``: the imports call
``set_actual(source="imported")``) or a whole table of cells at once (``save_cells``: the month grid and the
API's bulk put; one bad cell and nothing is saved, the error names the cell).

Keyword-only ``actor`` and ``membership``; one transaction each; ``DomainError`` with a translated message
when a rule refuses (nothing changes then); an audit entry for every change (``budget.*``) in the
engagement's history. Only members with ``budget.edit`` write.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.accounts.models import User
from cadence.budget.domain.totals import month_list
from cadence.budget.models import (
    AdChannel,
    BudgetActual,
    BudgetLine,
    BudgetPlan,
    BudgetSettings,
    Category,
    Source,
)
from cadence.core import audit, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership

Engagement = Any  # cadence.engagements' model: apps reach each other only through queries, services, access

AMOUNT_MAX = Decimal("9999999999.99")  # below 10 000 000 000
AMOUNT_MAX_TEXT = "9 999 999 999.99"
MONTHS_MAX = 60
NAME_MAX = 160
NOTE_MAX = 500
UNSET: Any = object()


# --- checks ---------------------------------------------------------------------------------------

def _require(membership: Membership | None, engagement: Engagement) -> None:
    if membership is None:
        return
    if engagement.workspace_id != membership.workspace_id:
        raise DomainError(_("There is no such item, or you cannot see it."), code="not_found")
    tenancy.require(membership, "budget.edit")


def clean_amount(value: Any, *, field: str = "amount") -> Decimal | None:
    """An amount of money: empty is None; otherwise a number from 0 to 9 999 999 999.99 with at most two
    decimals (a float is refused: money is written as text or Decimal)."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidInput(_("Write the amount as a number."), code="invalid_number", field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(_("Write the amount as a number."), code="invalid_number", field=field) from None
    if not number.is_finite():
        raise InvalidInput(_("Write the amount as a number."), code="invalid_number", field=field)
    if number < 0:
        raise InvalidInput(_("An amount cannot be negative."), code="negative", field=field)
    if number > AMOUNT_MAX:
        raise InvalidInput(_("An amount can be at most %(max)s.") % {"max": AMOUNT_MAX_TEXT}, code="out_of_range",
                           field=field)
    if number != number.quantize(Decimal("0.01")):
        raise InvalidInput(_("An amount has at most two digits after the decimal point."), code="invalid_number",
                           field=field)
    return number.quantize(Decimal("0.01"))


def first_of_month(value: Any, *, field: str = "month") -> dt.date:
    """The first day of the month of a date (or of ``YYYY-MM`` / ``YYYY-MM-DD`` text)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.date.fromisoformat(text + "-01" if len(text) == 7 else text)
        except ValueError:
            raise InvalidInput(_("Enter a valid month (YYYY-MM)."), code="invalid_date", field=field) from None
    day = validation.clean_date(value, field=field)
    return day.replace(day=1)


def months_of(settings: BudgetSettings) -> list[dt.date]:
    return month_list(settings.first_month, settings.months)


def _in_budget(settings: BudgetSettings, month: dt.date, field: str = "month") -> None:
    months = months_of(settings)
    if month < months[0] or month > months[-1]:
        raise DomainError(_("%(month)s is outside the budget (%(first)s – %(last)s).") % {
            "month": month_name(month), "first": month_name(months[0]), "last": month_name(months[-1])},
            code="outside_budget", field=field)


def month_name(month: dt.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


# --- settings -------------------------------------------------------------------------------------

def default_settings(engagement: Engagement) -> BudgetSettings:
    months = max(1, min(int(engagement.contract_months or 12), MONTHS_MAX))
    return BudgetSettings(workspace_id=engagement.workspace_id, engagement=engagement,
                          first_month=engagement.start_date.replace(day=1), months=months)


def get_settings(engagement: Engagement) -> BudgetSettings:
    """The engagement's budget settings; defaults (from its start and contract length) until saved."""
    row = BudgetSettings.objects.filter(engagement=engagement).first()
    return row if row is not None else default_settings(engagement)


SETTINGS_FIELDS = ("first_month", "months", "overspend_reduces_next")


@transaction.atomic
def update_settings(*, actor: User, membership: Membership, engagement: Engagement, first_month: Any,
                    months: Any, overspend_reduces_next: bool) -> BudgetSettings:
    _require(membership, engagement)
    start = first_of_month(first_month, field="first_month")
    try:
        count = int(months)
    except (TypeError, ValueError):
        raise InvalidInput(_("The number of months must be a whole number."), code="invalid_number",
                           field="months") from None
    if not 1 <= count <= MONTHS_MAX:
        raise InvalidInput(_("A budget covers 1 to %(max)s months.") % {"max": MONTHS_MAX}, code="out_of_range",
                           field="months")
    row = BudgetSettings.objects.select_for_update().filter(engagement=engagement).first()
    before = audit.snapshot(row, SETTINGS_FIELDS) if row is not None else {}
    if row is None:
        row = default_settings(engagement)
    new = month_list(start, count)
    outside = (BudgetPlan.objects.filter(line__engagement=engagement).exclude(month__gte=new[0], month__lte=new[-1])
               .exists() or BudgetActual.objects.filter(line__engagement=engagement)
               .exclude(month__gte=new[0], month__lte=new[-1]).exists())
    if outside:
        raise DomainError(_("Some amounts are recorded outside these months: clear them first, or keep the months "
                            "that hold them."), code="amounts_outside", field="months")
    row.first_month, row.months, row.overspend_reduces_next = start, count, bool(overspend_reduces_next)
    row.save()
    changes = audit.diff(before, audit.snapshot(row, SETTINGS_FIELDS))
    if changes:
        audit.record(workspace=engagement.workspace, actor=actor, action="budget.settings_updated", obj=row,
                     changes=changes, thread=engagement)
    return row


# --- lines ----------------------------------------------------------------------------------------

LINE_FIELDS = ("category", "channel", "name", "objective_uid", "initiative")


def _objective(engagement: Engagement, value: Any) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    from cadence.budget.queries import objective_titles

    try:
        uid = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        uid = None
    if uid is None or str(uid) not in objective_titles(engagement):
        raise DomainError(_("Choose an objective of this engagement's marketing plan."), code="invalid_objective",
                          field="objective_uid")
    return uid


def _initiative(engagement: Engagement, value: Any) -> Any:
    if value is None or value == "":
        return None
    if getattr(value, "engagement_id", None) != engagement.pk:
        raise DomainError(_("Choose an initiative of this engagement's roadmap."), code="invalid_initiative",
                          field="initiative")
    return value


def _line_values(engagement: Engagement, data: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(LINE_FIELDS)
    if unknown:
        raise InvalidInput(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
                           code="unknown_field", field=sorted(unknown)[0])
    values = dict(current)
    if "category" in data:
        values["category"] = validation.clean_choice(data["category"], field="category", choices=Category.choices)
    if "channel" in data:
        channel = data["channel"] or ""
        values["channel"] = (validation.clean_choice(channel, field="channel", choices=AdChannel.choices)
                             if channel else "")
    if "name" in data:
        values["name"] = validation.clean_name(data["name"], field="name", max_length=NAME_MAX)
    if "objective_uid" in data:
        values["objective_uid"] = _objective(engagement, data["objective_uid"])
    if "initiative" in data:
        values["initiative"] = _initiative(engagement, data["initiative"])
    return values


def _shown(values: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: values.get(k) for k in LINE_FIELDS}
    initiative = out.get("initiative")
    out["initiative"] = getattr(initiative, "title", None)
    return out


def _record(actor: User, action: str, line: BudgetLine, changes: Mapping[str, Any]) -> None:
    audit.record(workspace=line.workspace, actor=actor, action=action, obj=line, changes=changes,
                 thread=line.engagement)


@transaction.atomic
def create_line(*, actor: User, membership: Membership, engagement: Engagement, category: str, name: str,
                channel: str = "", objective_uid: Any = None, initiative: Any = None) -> BudgetLine:
    _require(membership, engagement)
    values = _line_values(engagement, {"category": category, "name": name, "channel": channel,
                                       "objective_uid": objective_uid, "initiative": initiative}, {})
    last = BudgetLine.objects.filter(engagement=engagement).aggregate(m=Max("position"))["m"]
    line = BudgetLine.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                     position=(last or 0) + 1, **values)
    _record(actor, "budget.line_created", line, audit.diff({}, _shown(values)))
    return line


def _locked(line: BudgetLine) -> BudgetLine:
    return (BudgetLine.objects.select_for_update(of=("self",)).select_related("engagement", "initiative")
            .get(pk=line.pk))


@transaction.atomic
def update_line(*, actor: User, membership: Membership, line: BudgetLine, **changes: Any) -> BudgetLine:
    _require(membership, line.engagement)
    line = _locked(line)
    current = {k: getattr(line, k) for k in LINE_FIELDS}
    values = _line_values(line.engagement, changes, current)
    diff = audit.diff(_shown(current), _shown(values))
    if diff:
        for k, v in values.items():
            setattr(line, k, v)
        line.save()
        _record(actor, "budget.line_updated", line, diff)
    return line


@transaction.atomic
def delete_line(*, actor: User, membership: Membership, line: BudgetLine) -> None:
    _require(membership, line.engagement)
    line = _locked(line)
    planned = sum((p.amount for p in line.planned.all()), Decimal(0))
    actual = sum((a.amount for a in line.actuals.all()), Decimal(0))
    _record(actor, "budget.line_deleted", line, {"name": [line.name, None], "planned": [str(planned), None],
                                                 "actual": [str(actual), None]})
    line.delete()


@transaction.atomic
def move_line(*, actor: User, membership: Membership, line: BudgetLine, direction: str) -> BudgetLine:
    """One place up or down among the engagement's lines (positions are renumbered 1..n)."""
    _require(membership, line.engagement)
    if direction not in ("up", "down"):
        raise InvalidInput(_("Move a line up or down."), code="invalid_choice", field="direction")
    lines = list(BudgetLine.objects.select_for_update().filter(engagement_id=line.engagement_id)
                 .order_by("position", "id"))
    index = next(i for i, row in enumerate(lines) if row.pk == line.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(lines):
        lines[index], lines[other] = lines[other], lines[index]
    return _renumber(actor, lines, line)


@transaction.atomic
def reorder_lines(*, actor: User, membership: Membership, engagement: Engagement,
                  order: Sequence[Any]) -> list[BudgetLine]:
    """All the engagement's lines in a new order (their uuids, each exactly once)."""
    _require(membership, engagement)
    lines = {str(row.uuid): row for row in BudgetLine.objects.select_for_update().filter(engagement=engagement)}
    wanted = [str(u) for u in order]
    if sorted(wanted) != sorted(lines):
        raise DomainError(_("Give every line of the budget exactly once."), code="invalid_order", field="order")
    ordered = [lines[u] for u in wanted]
    for row in ordered:
        _renumber(actor, ordered, row)
    return ordered


def _renumber(actor: User, lines: list[BudgetLine], moved: BudgetLine) -> BudgetLine:
    for position, row in enumerate(lines, start=1):
        if row.position != position:
            if row.pk == moved.pk:
                _record(actor, "budget.line_moved", row, {"position": [row.position, position]})
            row.position = position
            row.save(update_fields=["position"])
    return next(row for row in lines if row.pk == moved.pk)


# --- amounts --------------------------------------------------------------------------------------

def _settings_for(line: BudgetLine) -> BudgetSettings:
    return get_settings(line.engagement)


def _write_planned(actor: User, line: BudgetLine, month: dt.date, amount: Decimal | None) -> bool:
    row = BudgetPlan.objects.filter(line=line, month=month).first()
    before = row.amount if row is not None else None
    if before == amount:
        return False
    if amount is None:
        BudgetPlan.objects.filter(pk=row.pk).delete()  # type: ignore[union-attr]
    elif row is None:
        BudgetPlan.objects.create(workspace_id=line.workspace_id, line=line, month=month, amount=amount)
    else:
        row.amount = amount
        row.save(update_fields=["amount"])
    _record(actor, "budget.planned_set", line, {"month": [None, month.isoformat()],
                                                "planned": [before, amount]})
    return True


def _write_actual(actor: User, line: BudgetLine, month: dt.date, amount: Decimal | None, source: str,
                  note: str | None) -> bool:
    row = BudgetActual.objects.filter(line=line, month=month, source=source).first()
    before, before_note = (row.amount, row.note) if row is not None else (None, "")
    new_note = before_note if note is None else note
    if before == amount and (amount is None or new_note == before_note):
        return False
    if amount is None:
        BudgetActual.objects.filter(pk=row.pk).delete()  # type: ignore[union-attr]
    elif row is None:
        BudgetActual.objects.create(workspace_id=line.workspace_id, line=line, month=month, source=source,
                                    amount=amount, note=new_note, updated_by=actor if actor.is_authenticated else None)
    else:
        row.amount, row.note = amount, new_note
        row.updated_by = actor if actor.is_authenticated else None
        row.save(update_fields=["amount", "note", "updated_by", "updated_at"])
    changes: dict[str, Any] = {"month": [None, month.isoformat()], "actual": [before, amount],
                               "source": [None, source]}
    if new_note != before_note:
        changes["note"] = [before_note, new_note]
    _record(actor, "budget.actual_set", line, changes)
    return True


@transaction.atomic
def set_planned(*, actor: User, membership: Membership, line: BudgetLine, month: Any, amount: Any) -> bool:
    """The planned amount of a line for a month (empty clears it). Returns whether anything changed."""
    _require(membership, line.engagement)
    day = first_of_month(month)
    _in_budget(_settings_for(line), day)
    return _write_planned(actor, _locked(line), day, clean_amount(amount, field="planned"))


@transaction.atomic
def set_actual(*, actor: User, line: BudgetLine, month: Any, amount: Any, source: str = Source.MANUAL,
               note: str = "", membership: Membership | None = None) -> bool:
    """What a line really cost in a month, from one source (``manual`` or ``imported``; each source keeps its
    own amount and the month's actual is their sum). Empty clears that source's amount. ``membership``: the
    member acting (checked for ``budget.edit``); an import that already checked it may leave it out."""
    _require(membership, line.engagement)
    source = validation.clean_choice(source, field="source", choices=Source.choices)
    day = first_of_month(month)
    _in_budget(_settings_for(line), day)
    clean_note = validation.clean_text(note or "", field="note", max_length=NOTE_MAX, multiline=False)
    return _write_actual(actor, _locked(line), day, clean_amount(amount, field="actual"), source, clean_note)


@dataclass(frozen=True)
class CellInput:
    """One cell of a bulk save: a line's planned and/or manual actual amount for a month. ``UNSET`` leaves a
    value as it is; None (or empty text) clears it."""

    line: Any  # a BudgetLine of the engagement, or its uuid
    month: Any
    planned: Any = UNSET
    actual: Any = UNSET
    note: Any = UNSET


class CellError(DomainError):
    """A refused cell of a bulk save: the message names the line, the month and the column."""

    def __init__(self, message: str, *, code: str, field: str | None, index: int, line: str, month: str) -> None:
        super().__init__(message, code=code, field=field)
        self.index, self.line, self.month = index, line, month

    def payload(self) -> dict[str, Any]:
        return {"cell": {"index": self.index, "line": self.line, "month": self.month, "column": self.field}}


def _cell_error(exc: DomainError, index: int, line: BudgetLine | None, month: dt.date | None,
                column: str) -> CellError:
    labels = {"planned": _("planned"), "actual": _("actual"), "note": _("note"), "month": _("month"),
              "line": _("budget line")}
    where = _("“%(line)s”, %(month)s, %(column)s: %(problem)s") % {
        "line": line.name if line is not None else "?", "month": month_name(month) if month else "?",
        "column": labels.get(column, column), "problem": exc.message}
    return CellError(where, code=exc.code, field=column, index=index,
                     line=str(line.uuid) if line is not None else "", month=month.isoformat() if month else "")


@transaction.atomic
def save_cells(*, actor: User, membership: Membership, engagement: Engagement,
               cells: Sequence[CellInput]) -> int:
    """Planned and manual actual amounts of many cells, all or nothing: every cell is checked before
    anything is written; the first bad one raises a ``CellError`` naming it. Returns how many values changed."""
    _require(membership, engagement)
    settings = get_settings(engagement)
    lines = {str(row.uuid): row for row in
             BudgetLine.objects.select_for_update(of=("self",)).filter(engagement=engagement)
             .select_related("engagement")}
    by_pk = {row.pk: row for row in lines.values()}
    clean: list[tuple[BudgetLine, dt.date, Any, Any, Any]] = []
    seen: set[tuple[int, dt.date]] = set()
    for index, cell in enumerate(cells):
        line = by_pk.get(cell.line.pk) if isinstance(cell.line, BudgetLine) else lines.get(str(cell.line))
        if line is None:
            raise CellError(_("Cell %(index)s: there is no such line in this budget.") % {"index": index + 1},
                            code="not_found", field="line", index=index, line=str(cell.line), month="")
        try:
            month = first_of_month(cell.month)
        except DomainError as exc:
            raise _cell_error(exc, index, line, None, "month") from None
        try:
            _in_budget(settings, month)
        except DomainError as exc:
            raise _cell_error(exc, index, line, month, "month") from None
        if (line.pk, month) in seen:
            raise _cell_error(DomainError(_("This cell is given twice."), code="duplicate"), index, line, month,
                              "month")
        seen.add((line.pk, month))
        column = "planned"
        try:
            planned = UNSET if cell.planned is UNSET else clean_amount(cell.planned, field="planned")
            column = "actual"
            actual = UNSET if cell.actual is UNSET else clean_amount(cell.actual, field="actual")
            column = "note"
            note = UNSET if cell.note is UNSET else validation.clean_text(
                cell.note or "", field="note", max_length=NOTE_MAX, multiline=False)
        except DomainError as exc:
            raise _cell_error(exc, index, line, month, column) from None
        clean.append((line, month, planned, actual, note))
    changed = 0
    for line, month, planned, actual, note in clean:
        if planned is not UNSET:
            changed += _write_planned(actor, line, month, planned)
        if actual is not UNSET:
            changed += _write_actual(actor, line, month, actual, Source.MANUAL, None if note is UNSET else note)
        elif note is not UNSET:
            current = BudgetActual.objects.filter(line=line, month=month, source=Source.MANUAL).first()
            if current is not None:
                changed += _write_actual(actor, line, month, current.amount, Source.MANUAL, note)
    return changed


# --- imported advertising spend (cadence.metrics' imports) ------------------------------------------

@dataclass(frozen=True)
class Unplaced:
    """Imported spend the budget has no place for: ``reason`` is "outside_budget" (the month is not in the
    budget's months) or "no_line" (no advertising line with that channel)."""

    channel: str
    month: dt.date
    amount: Decimal
    reason: str


def set_imported_advertising(*, actor: Any, engagement: Engagement,
                             amounts: Mapping[tuple[str, dt.date], Decimal | None]) -> list[Unplaced]:
    """The imported actuals of advertising: ``amounts`` maps (channel, month) to the imported spend of that
    channel in that month (None or 0: none any more). Each goes to the engagement's first advertising line
    with that channel (in the budget's order) as its ``imported`` actual, kept apart from the manual one.
    Months outside the budget and channels without a line are returned, not written. Runs in the caller's
    transaction (an import checked ``metrics.import`` already); an audit entry for every change."""
    if not amounts:
        return []
    if actor is None:  # a background job whose starter left
        from django.contrib.auth.models import AnonymousUser

        actor = AnonymousUser()
    settings = get_settings(engagement)
    months = set(months_of(settings))
    lines: dict[str, BudgetLine] = {}
    for row in BudgetLine.objects.filter(engagement=engagement, category=Category.ADVERTISING).exclude(
            channel="").order_by("position", "id"):
        lines.setdefault(row.channel, row)
    unplaced: list[Unplaced] = []
    for (channel, month_value), raw in sorted(amounts.items(), key=lambda item: (item[0][0], item[0][1])):
        month = month_value.replace(day=1)
        amount = None if raw is None or raw == 0 else Decimal(raw).quantize(Decimal("0.01"))
        line = lines.get(channel)
        if line is None or month not in months:
            if amount is not None:
                unplaced.append(Unplaced(channel, month, amount, "no_line" if line is None else "outside_budget"))
            continue
        if amount is not None and (amount < 0 or amount > AMOUNT_MAX):
            raise DomainError(_("An amount can be at most %(max)s.") % {"max": AMOUNT_MAX_TEXT},
                              code="out_of_range", field="actual")
        _write_actual(actor, line, month, amount, Source.IMPORTED, None)
    return unplaced
