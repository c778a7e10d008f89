"""Reading a snapshot document's records and formatting their values in the active language (dates, numbers,
money, choices, field labels, KPI lines), for the exports and the goal-tree diagram."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from cadence.core.markdown import clean_text
from cadence.plans.domain.metrics import MANUAL, get_metric

Document = Mapping[str, Any]
Record = Mapping[str, Any]


# --- formatting (in the active language) -----------------------------------------------------------

def text(value: object) -> str:
    """A record's text without control characters; None and blanks are ``""``."""
    return clean_text(str(value)).strip() if value not in (None, "") else ""


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def fmt_date(value: object) -> str:
    day = as_date(value)
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def as_decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def fmt_number(value: object) -> str:
    number = as_decimal(value)
    if number is None:
        return text(value)
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.number_format(number, decimal_pos=min(places, 4), use_l10n=True, force_grouping=True)


def fmt_money(value: object, currency: str) -> str:
    number = as_decimal(value)
    if number is None:
        return ""
    return f"{formats.number_format(number, decimal_pos=2 if number != number.to_integral() else 0, use_l10n=True, force_grouping=True)} {currency}"


def fmt_bool(value: object) -> str:
    return _("Yes") if value else _("No")


def choice_label(choices: type[models.TextChoices], value: object) -> str:
    for choice in choices:
        if choice.value == value:
            return str(choice.label)
    return text(value)


def field_label(model: type[models.Model], name: str) -> str:
    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def metric_label(key: str, kpi_name: str = "") -> str:
    if key == MANUAL or not key:
        return text(kpi_name) or (_("Entered by hand") if key == MANUAL else "")
    metric = get_metric(key)
    return _(metric.label) if metric else key


# --- reading the document ------------------------------------------------------------------------------

def records(document: Document, kind: str) -> list[Record]:
    """The records of a kind, wherever the document keeps them, in their ``position`` order."""
    found: list[Record] = []
    for section in document.get("sections", {}).values():
        found.extend(section.get("records", {}).get(kind, []))
    return sorted(found, key=lambda r: (int(r.get("position") or 0), str(r.get("uid"))))


def by_parent(rows: Sequence[Record], parent: str) -> dict[str | None, list[Record]]:
    out: dict[str | None, list[Record]] = {}
    for row in rows:
        out.setdefault(row.get(parent) or None, []).append(row)
    return out


def ranked(actions: Sequence[Record]) -> list[Record]:
    """Actions by rank (1 first), unranked ones last in their position order."""
    return sorted(actions, key=lambda a: (a.get("rank") is None, a.get("rank") or 0, int(a.get("position") or 0)))


def kpi_text(task: Record, currency: str) -> str:
    """A task's KPI in one line: the metric, from the baseline to the target, by the due date."""
    metric = metric_label(str(task.get("metric_key") or ""), str(task.get("kpi_name") or ""))
    if not metric:
        return ""
    unit = text(task.get("unit"))
    baseline, target = fmt_number(task.get("baseline")), fmt_number(task.get("target"))
    due = fmt_date(task.get("due"))
    if unit:
        baseline, target = (f"{baseline} {unit}" if baseline else ""), (f"{target} {unit}" if target else "")
    if baseline and target and due:
        return _("%(metric)s: from %(baseline)s to %(target)s by %(due)s") % {
            "metric": metric, "baseline": baseline, "target": target, "due": due}
    if target and due:
        return _("%(metric)s: %(target)s by %(due)s") % {"metric": metric, "target": target, "due": due}
    if target:
        return _("%(metric)s: %(target)s") % {"metric": metric, "target": target}
    return metric


def levels_text(objective: Record) -> str:
    unit = text(objective.get("level_unit"))
    values = [fmt_number(objective.get(k)) for k in ("acceptable", "optimal", "best")]
    if not any(values):
        return ""
    parts = {"acceptable": values[0] or "-", "optimal": values[1] or "-", "best": values[2] or "-"}
    line = _("acceptable %(acceptable)s, optimal %(optimal)s, best %(best)s") % parts
    return f"{line} ({unit})" if unit else line


def horizon_text(objective: Record) -> str:
    start, end = fmt_date(objective.get("horizon_start")), fmt_date(objective.get("horizon_end"))
    if start and end:
        return _("%(start)s to %(end)s") % {"start": start, "end": end}
    return start or end
