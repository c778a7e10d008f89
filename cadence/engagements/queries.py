"""Read side of engagements: builds the pure schedule/rollover inputs from the database."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import holidays
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext

from cadence.engagements.models import Engagement, TimeEntry
from cadence.engagements.rollover import MonthHours, RolloverMode, RolloverRule, percent
from cadence.engagements.rollover import month_hours as _month_hours
from cadence.engagements.schedule import PhaseActuals, Schedule, ScheduleInput, compute_schedule, month_index


def tr(text: str) -> str:
    """Translate a built-in phase/gate name or description; user-written text comes back as it is."""
    return gettext(text) if text else text


@lru_cache(maxsize=1)
def builtin_texts() -> frozenset[str]:
    """The names and explanations of the built-in templates (the catalogs translate them)."""
    from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES

    texts: set[str] = set()
    for spec in BUILTIN_TEMPLATES.values():
        for item in (*spec.phases, *spec.gates):
            texts.update((item.name, item.description))
    texts.discard("")
    return frozenset(texts)


def display_text(source: str, texts: Mapping[str, str] | None, *, fallback: str | None = None,
                 language: str | None = None) -> str:
    """A phase's or gate's name (or explanation) in the reader's language.

    The custom text in the reader's language; else the catalog's translation of a built-in text; else the
    custom text in ``fallback`` (the engagement's language), then in English, then in any language; else
    the source text as it is.
    """
    texts = texts or {}
    lang = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if texts.get(lang):
        return texts[lang]
    if source in builtin_texts():
        if language is None:
            return gettext(source)
        with translation.override(lang):
            return gettext(source)
    for code in (fallback, "en", *texts):
        if code and texts.get(code):
            return texts[code]
    return source


def loaded_language(row: Any) -> str | None:
    """The language of a row's engagement when it is already loaded (no query), else None."""
    cache = getattr(getattr(row, "_state", None), "fields_cache", None) or {}
    return getattr(cache.get("engagement"), "language", None)


def display_name(row: Any, *, fallback: str | None = None, language: str | None = None) -> str:
    """A phase's or gate's name; ``fallback`` defaults to its engagement's language when that is loaded."""
    return display_text(row.name, getattr(row, "names", None), fallback=fallback or loaded_language(row),
                        language=language)


def display_description(row: Any, *, fallback: str | None = None, language: str | None = None) -> str:
    return display_text(row.description, getattr(row, "descriptions", None),
                        fallback=fallback or loaded_language(row), language=language)


def display_names(items: Iterable[Any], rows: Iterable[Any] | None = None, *,
                  fallback: str | None = None) -> dict[str, str]:
    """key -> display name of phases or gates, in the reader's language.

    ``items`` are schedule results, specs or rows; ``rows`` (the engagement's or template's phases or
    gates) give the per-language names of items that have none themselves; ``fallback`` is the
    engagement's language. The one helper every screen, the Gantt and the API use for names.
    """
    by_key = {r.key: r for r in rows} if rows is not None else {}
    return {i.key: display_name(by_key.get(i.key, i), fallback=fallback) for i in items}


def engagement_names(engagement: Engagement) -> tuple[dict[str, str], dict[str, str]]:
    """Display names of an engagement's phases and of its gates (two queries)."""
    phases, gates = list(engagement.phases.all()), list(engagement.gates.all())
    return (display_names(phases, fallback=engagement.language), display_names(gates, fallback=engagement.language))


@lru_cache(maxsize=256)
def country_supported(country: str, subdivision: str = "") -> bool:
    try:
        holidays.country_holidays(country, subdiv=subdivision or None, years=2026)
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


def time_zone_valid(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def engagement_today(engagement: Engagement) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(engagement.time_zone)).date()


def gates_passed(engagement: Engagement) -> dict[str, dt.date]:
    return dict(engagement.gates.exclude(passed_on=None).values_list("key", "passed_on"))


def current_month(engagement: Engagement, today: dt.date | None = None) -> int:
    """The engagement month ``today`` falls in (1 = the first), or 0 before the engagement starts."""
    today = today or engagement_today(engagement)
    return month_index(engagement.start_date, today) if today >= engagement.start_date else 0


def schedule_input(engagement: Engagement, today: dt.date | None = None) -> ScheduleInput:
    logged: dict[str, dict[dt.date, Decimal]] = defaultdict(dict)
    rows = (engagement.time_entries.values("phase__key", "date").annotate(total=Sum("hours"))
            .order_by("date"))
    for row in rows:
        logged[row["phase__key"]][row["date"]] = Decimal(row["total"])
    phases = list(engagement.phases.all())
    actuals = {
        p.key: PhaseActuals(logged=logged.get(p.key, {}), completed_on=p.completed_on)
        for p in phases
        if p.key in logged or p.completed_on
    }
    return ScheduleInput(
        start=engagement.start_date, monthly_hours=Decimal(engagement.monthly_hours), country=engagement.country,
        subdivision=engagement.subdivision or None, template=engagement.template_spec(),
        today=today or engagement_today(engagement), actuals=actuals, gates_passed=gates_passed(engagement),
    )


def schedule_for(engagement: Engagement, today: dt.date | None = None) -> Schedule:
    return compute_schedule(schedule_input(engagement, today))


LoggedRows = list[tuple[dt.date, Decimal]]


def logged_rows_for(engagements: Iterable[Engagement]) -> dict[int, LoggedRows]:
    """Hours logged per day for many engagements in one query (for lists and dashboards)."""
    rows: dict[int, LoggedRows] = defaultdict(list)
    ids = [e.pk for e in engagements]
    for eid, day, total in (TimeEntry.objects.filter(engagement_id__in=ids).values("engagement_id", "date")
                            .annotate(total=Sum("hours")).values_list("engagement_id", "date", "total")):
        rows[eid].append((day, Decimal(total)))
    return rows


def logged_by_month(engagement: Engagement, rows: LoggedRows | None = None) -> dict[int, Decimal]:
    if rows is None:
        rows = logged_rows_for([engagement]).get(engagement.pk, [])
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for day, hours in rows:
        totals[month_index(engagement.start_date, day)] += Decimal(hours)
    return totals


def override_hours(engagement: Engagement, month: int) -> Decimal:
    total = engagement.overrides.filter(month_index=month).aggregate(s=Sum("extra_hours"))["s"]
    return Decimal(total or 0)


def rollover_rule(engagement: Engagement) -> RolloverRule:
    return RolloverRule(mode=RolloverMode(engagement.rollover_mode), cap_hours=Decimal(engagement.rollover_cap))


def month_hours(
    engagement: Engagement, *, upto: int | None = None, today: dt.date | None = None,
    logged_rows: LoggedRows | None = None,
) -> list[MonthHours]:
    """Contracted, carried-in, available and logged hours for months 1..upto (default: the current month).

    Pass ``logged_rows`` (from ``logged_rows_for``) to avoid a query per engagement in lists.
    """
    current = current_month(engagement, today)
    last = max(upto or 0, current, 1)
    by_month = logged_by_month(engagement, logged_rows)
    contracted = [Decimal(engagement.monthly_hours)] * last
    logged = [by_month.get(k, Decimal(0)) for k in range(1, last + 1)]
    return _month_hours(contracted, logged, rollover_rule(engagement), closed_months=max(current - 1, 0))


@dataclass(frozen=True)
class MonthRow:
    """One row of the month-by-month hours table."""

    index: int
    start: dt.date
    end: dt.date
    contracted: Decimal
    carried_in: Decimal
    available: Decimal
    planned: Decimal
    logged: Decimal
    override: Decimal
    usage_percent: int
    level: str
    is_current: bool
    is_past: bool  # closed months have nothing left to plan


def hours_table(engagement: Engagement, schedule: Schedule, today: dt.date | None = None) -> list[MonthRow]:
    today = today or engagement_today(engagement)
    current = current_month(engagement, today)
    hours = {m.index: m for m in month_hours(engagement, upto=len(schedule.months), today=today)}
    overrides: dict[int, Decimal] = defaultdict(Decimal)
    for k, extra in engagement.overrides.values_list("month_index", "extra_hours"):
        overrides[k] += Decimal(extra)
    rows = []
    for m in schedule.months:
        mh = hours.get(m.index)
        available = mh.available if mh else m.contracted_hours
        logged = mh.logged if mh else Decimal(0)
        rows.append(MonthRow(
            index=m.index, start=m.start, end=m.end - dt.timedelta(days=1), contracted=m.contracted_hours,
            carried_in=mh.carried_in if mh else Decimal(0), available=available, planned=m.planned_hours,
            logged=logged, override=overrides.get(m.index, Decimal(0)),
            usage_percent=percent(logged, available),
            level=mh.level.value if mh else "ok", is_current=m.index == current, is_past=m.index < current,
        ))
    return rows
