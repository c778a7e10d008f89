"""Read side of engagements: builds the pure schedule/rollover inputs from the database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle  # noqa: S403 - the stored schedule is written and read by this module only
import sys
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q, Sum, prefetch_related_objects
from django.utils import translation
from django.utils.translation import get_language, gettext

from cadence.core import clock
from cadence.engagements import domain as domain_package
from cadence.engagements import schedule as schedule_module
from cadence.engagements.domain.rollover import (
    MonthFigures,
    RolloverMode,
    RolloverRule,
    month_closed,
    month_figures,
)
from cadence.engagements.gantt import GanttRow as GanttRow  # for other apps' rows (roadmap_gantt)
from cadence.engagements.gantt import ScreenGantt
from cadence.engagements.models import (
    Engagement,
    EngagementGate,
    EngagementPhase,
    MonthSummary,
    ScheduleSnapshot,
)
from cadence.engagements.schedule import (
    ContractWarning,
    PhaseActuals,
    Schedule,
    ScheduleInput,
    TemplateSpec,
    compute_schedule,
    contract_warnings,
    month_bounds,
    month_index,
)


def prefetch_figures(engagements: Iterable[Engagement]) -> None:
    """Load the terms, overrides and month closes the figures need, in three queries for all of them."""
    prefetch_related_objects(list(engagements), "contract_terms", "overrides", "month_closes")


def tr(text: str) -> str:
    """Translate a built-in phase/gate name or description; user-written text comes back as it is."""
    return gettext(text) if text else text


@lru_cache(maxsize=1)
def builtin_texts() -> frozenset[str]:
    """The names and explanations of the built-in templates (the catalogs translate them)."""
    from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES

    texts: set[str] = set()
    for spec in BUILTIN_TEMPLATES.values():
        for phase in spec.phases:
            texts.update((phase.name, phase.description))
        for gate in spec.gates:
            texts.update((gate.name, gate.description))
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
    return clock.today_in(engagement.time_zone)


def logged_days(phase: EngagementPhase) -> tuple[dt.date | None, dt.date | None]:
    """The first and the last day with hours logged on a phase (None, None when it has none)."""
    row = phase.time_entries.aggregate(first=Min("date"), last=Max("date"))
    return row["first"], row["last"]


def logged_total(phase: EngagementPhase) -> Decimal:
    return Decimal(phase.time_entries.aggregate(s=Sum("hours"))["s"] or 0)


def phase_started(phase: EngagementPhase) -> bool:
    """A phase has started when hours are logged on it or it is marked completed."""
    return phase.completed_on is not None or phase.time_entries.exists()


def gates_passed(engagement: Engagement) -> dict[str, dt.date]:
    return {key: passed for key, passed in engagement.gates.exclude(passed_on=None).values_list("key", "passed_on")
            if passed is not None}  # always, after the exclude: the narrowing is for the type


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
        p.key: PhaseActuals(logged=logged.get(p.key, {}), completed_on=p.completed_on,
                            keep_open=p.keep_open_since is not None)
        for p in phases
        if p.key in logged or p.completed_on or p.keep_open_since
    }
    terms = engagement.terms_history()
    return ScheduleInput(
        start=engagement.start_date, monthly_hours=Decimal(terms[0].monthly_hours), country=engagement.country,
        subdivision=engagement.subdivision or None, template=engagement.template_spec(),
        today=today or engagement_today(engagement), actuals=actuals, gates_passed=gates_passed(engagement),
        horizon_months=engagement.contract_months or 12,
        hours_from_month={t.from_month: Decimal(t.monthly_hours) for t in terms[1:]},
    )


def compute_schedule_for(engagement: Engagement, today: dt.date | None = None) -> Schedule:
    """The engine run on the engagement's inputs read now (reads every entry; see ``schedule_for``)."""
    return compute_schedule(schedule_input(engagement, today))


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Names the code a stored schedule was computed with (the engine and the layer feeding it) and the code
    drawing it (the Gantt, the reasons), so neither a stored schedule nor an ETag outlives a deployment."""
    digest = hashlib.sha256()
    here = Path(str(sys.modules[__name__].__file__)).parent
    domain = sorted(Path(str(domain_package.__file__)).parent.glob("*.py"))  # the engine's modules
    for path in (Path(str(schedule_module.__file__)), *domain, here / "queries.py", here / "gantt.py",
                 here / "reasons.py"):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def schedule_for(engagement: Engagement, today: dt.date | None = None) -> Schedule:
    """The engagement's schedule: the stored one (``ScheduleSnapshot``) when it was computed for the
    engagement's current revision and for ``today``, else computed now and stored for the next reader.

    One query when the stored schedule is valid (it reads the revision too, so a write made through
    another instance of the engagement is seen). A schedule for another day than the engagement's
    today (the demo's past weeks) is computed and not stored.
    """
    real_today = engagement_today(engagement)
    today = today or real_today
    if today != real_today:
        return compute_schedule_for(engagement, today)
    row = (Engagement.objects.filter(pk=engagement.pk)
           .values_list("revision", "schedule_snapshot__revision", "schedule_snapshot__computed_for",
                        "schedule_snapshot__engine", "schedule_snapshot__data").first())
    if row is None:  # not saved: nothing to store
        return compute_schedule_for(engagement, today)
    revision, stored_revision, computed_for, engine, data = row
    engagement.revision = revision
    if stored_revision == revision and computed_for == today and engine == engine_version() and data:
        try:
            stored = pickle.loads(bytes(data))  # noqa: S301 - written by ``_store_schedule`` only
        except Exception:  # noqa: BLE001 - an unreadable snapshot is computed again
            stored = None
        if isinstance(stored, Schedule):
            return stored
    schedule = compute_schedule_for(engagement, today)
    _store_schedule(engagement, revision, today, schedule)
    return schedule


def store_schedule(engagement: Engagement) -> bool:
    """Compute and store the schedule for the engagement's current revision and today, unless the stored one
    is already that (the background refresh, ``tasks.refresh_schedule``); returns whether it computed."""
    today = engagement_today(engagement)
    row = (Engagement.objects.filter(pk=engagement.pk)
           .values_list("revision", "schedule_snapshot__revision", "schedule_snapshot__computed_for",
                        "schedule_snapshot__engine").first())
    if row is None:
        return False
    revision, stored_revision, computed_for, engine = row
    if stored_revision == revision and computed_for == today and engine == engine_version():
        return False
    _store_schedule(engagement, revision, today, compute_schedule_for(engagement, today))
    return True


def _store_schedule(engagement: Engagement, revision: int, today: dt.date, schedule: Schedule) -> None:
    """Store it, unless a newer revision is stored already (a slower reader or worker never puts an older
    schedule back)."""
    values = {"revision": revision, "computed_for": today, "engine": engine_version(),
              "data": pickle.dumps(schedule, protocol=pickle.HIGHEST_PROTOCOL)}
    if ScheduleSnapshot.objects.filter(engagement_id=engagement.pk, revision__lte=revision).update(**values):
        return
    try:
        with transaction.atomic():  # a savepoint: a concurrent reader may store it first
            ScheduleSnapshot.objects.create(engagement_id=engagement.pk, **values)
    except IntegrityError:
        pass  # stored meanwhile by another reader, or a newer revision is stored: the next request reads it


def schedule_etag(engagement: Engagement, today: dt.date | None = None, *parts: object) -> str:
    """The ETag of what is drawn from the schedule: the engagement and its revision, today, the language,
    the code that computes it, and ``parts`` (e.g. who asks, when the answer depends on the role)."""
    today = today or engagement_today(engagement)
    key = ":".join(str(p) for p in (engagement.uuid, engagement.revision, today.isoformat(), get_language() or "",
                                    engine_version(), *parts))
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak or strong, or ``*``)."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags


def schedule_warnings(engagement: Engagement, schedule: Schedule,
                      today: dt.date | None = None) -> tuple[ContractWarning, ...]:
    """Phases that do not fit into a fixed-length contract (reads the terms, not the entries)."""
    terms = engagement.terms_history()
    inp = ScheduleInput(
        start=engagement.start_date, monthly_hours=Decimal(terms[0].monthly_hours), country=engagement.country,
        template=TemplateSpec(key=str(engagement.uuid), name=engagement.name, phases=(), gates=()),
        hours_from_month={t.from_month: Decimal(t.monthly_hours) for t in terms[1:]},
    )
    return contract_warnings(schedule, inp, engagement.contract_months)


LoggedRows = dict[int, Decimal]  # engagement month -> live hours logged (from the month summaries)


def logged_rows_for(engagements: Iterable[Engagement], since: Mapping[int, int] | None = None,
                    ) -> dict[int, LoggedRows]:
    """Hours logged per engagement month for many engagements in one query (for lists and dashboards).

    Reads the ``MonthSummary`` rows kept with every entry: one row per engagement month, whatever the number
    of entries. ``since`` (engagement pk -> first month) leaves out the months before it (the dashboard
    reads only the months this month's figures depend on: ``independent_from``).
    """
    rows: dict[int, LoggedRows] = defaultdict(dict)
    ids = [e.pk for e in engagements]
    where = Q(engagement_id__in=[pk for pk in ids if (since or {}).get(pk, 1) <= 1])
    for pk, first in (since or {}).items():
        if first > 1:
            where |= Q(engagement_id=pk, month_index__gte=first)
    for eid, k, hours in (MonthSummary.objects.filter(where).exclude(logged_hours=0)
                          .values_list("engagement_id", "month_index", "logged_hours")):
        rows[eid][k] = Decimal(hours)
    return rows


def logged_by_month(engagement: Engagement, rows: LoggedRows | None = None) -> dict[int, Decimal]:
    """month -> live hours logged; one query on the month summaries unless ``rows`` are given."""
    if rows is None:
        rows = logged_rows_for([engagement]).get(engagement.pk, {})
    return defaultdict(Decimal, rows)


def rollover_rule(engagement: Engagement, month: int = 1) -> RolloverRule:
    """The rollover rule of the terms in force in engagement month ``month``."""
    terms = engagement.terms_in(month)
    return RolloverRule(mode=RolloverMode(terms.rollover_mode), cap_hours=Decimal(terms.rollover_cap))


def contract_end(engagement: Engagement) -> dt.date | None:
    """The last day of a fixed-length contract (None when open-ended)."""
    if engagement.contract_months is None:
        return None
    return month_bounds(engagement.start_date, engagement.contract_months)[1] - dt.timedelta(days=1)


def explicit_closes(engagement: Engagement) -> dict[int, bool]:
    """month -> closed (True) or reopened (False) by a manager: the latest decision per month."""
    out: dict[int, bool] = {}
    for row in sorted(engagement.month_closes.all(), key=lambda r: (r.created_at, r.pk)):
        out[row.month_index] = row.closed
    return out


def month_is_closed(engagement: Engagement, month: int, today: dt.date | None = None,
                    explicit: dict[int, bool] | None = None) -> bool:
    """Whether engagement month ``month`` is closed for time entries (see ``rollover.month_closed``)."""
    today = today or engagement_today(engagement)
    explicit = explicit_closes(engagement) if explicit is None else explicit
    end = month_bounds(engagement.start_date, month)[1] - dt.timedelta(days=1)
    return month_closed(end, today, engagement.close_after_days, explicit.get(month))


@dataclass(frozen=True)
class MonthInputs:
    """What ``rollover.month_figures`` needs for months 1..n, read from the database."""

    contracted: list[Decimal]
    logged: list[Decimal]
    rules: list[RolloverRule]
    extra: list[Decimal]
    closed_months: int  # months that are over (their unused hours may carry)


def month_inputs(engagement: Engagement, count: int, *, today: dt.date | None = None,
                 logged_rows: LoggedRows | None = None, first: int = 1) -> MonthInputs:
    """Months ``first``..``count`` (``first`` > 1 only from ``independent_from``: nothing carries into it)."""
    current = current_month(engagement, today)
    by_month = logged_by_month(engagement, logged_rows)
    extra: dict[int, Decimal] = defaultdict(Decimal)
    for o in engagement.overrides.all():
        extra[o.month_index] += Decimal(o.extra_hours)
    history = engagement.terms_history()
    months = range(first, count + 1)
    terms = [next(t for t in reversed(history) if t.from_month <= k or t is history[0]) for k in months]
    return MonthInputs(
        contracted=[Decimal(t.monthly_hours) for t in terms],
        logged=[by_month.get(k, Decimal(0)) for k in months],
        rules=[RolloverRule(mode=RolloverMode(t.rollover_mode), cap_hours=Decimal(t.rollover_cap)) for t in terms],
        extra=[extra.get(k, Decimal(0)) for k in months],
        closed_months=max(current - first, 0),
    )


def independent_from(engagement: Engagement, month: int) -> int:
    """The first month whose hours ``month``'s figures depend on: the month after the last one (before it)
    whose unused hours expire, since nothing carries past that one (1 when every month carries)."""
    history = engagement.terms_history()
    for k in range(month, 1, -1):
        terms = next(t for t in reversed(history) if t.from_month <= k - 1 or t is history[0])
        if terms.rollover_mode == RolloverMode.NONE.value:
            return k
    return 1


def month_hours(
    engagement: Engagement, *, upto: int | None = None, today: dt.date | None = None,
    logged_rows: LoggedRows | None = None,
) -> list[MonthFigures]:
    """The pure figures of months 1..upto (default: the current month), without the planned hours.

    Pass ``logged_rows`` (from ``logged_rows_for``) to avoid a query per engagement in lists.
    """
    last = max(upto or 0, current_month(engagement, today), 1)
    i = month_inputs(engagement, last, today=today, logged_rows=logged_rows)
    return month_figures(i.contracted, i.logged, i.rules, closed_months=i.closed_months, extra=i.extra)


@dataclass(frozen=True)
class MonthRow:
    """One month's figures as every screen, the API and the CLI show them (from ``rollover.month_figures``)."""

    index: int
    start: dt.date
    end: dt.date  # the last day (inclusive)
    contracted: Decimal
    carried_in: Decimal
    extra: Decimal  # extra hours approved (overrides), already part of ``available``
    available: Decimal
    planned: Decimal
    logged: Decimal
    remaining: Decimal
    usage_percent: int
    level: str
    is_current: bool
    is_past: bool  # past months have nothing left to plan
    closed: bool  # time entries locked (see month_is_closed)
    extras: tuple[tuple[Decimal, str], ...]  # each approval: its hours and why, in the manager's words
    in_contract: bool  # within a fixed-length contract (always for open-ended ones)

    @property
    def override(self) -> Decimal:
        return self.extra

    @property
    def meter_low(self) -> Decimal:
        """From 80 % of the available hours a meter turns to a warning."""
        return self.available * Decimal("0.8")

    @property
    def meter_high(self) -> Decimal:
        """At 100 % it turns to the alarm colour."""
        return max(self.available - Decimal("0.01"), Decimal(0))

    @property
    def percent(self) -> int:
        return self.usage_percent


def hours_months(engagement: Engagement, schedule: Schedule | None = None, today: dt.date | None = None) -> int:
    """How many months the hours table shows: the contract (or the schedule's horizon when open-ended)."""
    current = current_month(engagement, today)
    if engagement.contract_months is not None:
        return max(engagement.contract_months, current, 1)
    return max(len(schedule.months) if schedule else 12, current, 1)


def month_rows(
    engagement: Engagement, *, schedule: Schedule | None = None, today: dt.date | None = None,
    months: int | None = None, logged_rows: LoggedRows | None = None, last_only: bool = False,
) -> list[MonthRow]:
    """The figures of months 1..months (default: the hours table's months), the one helper every place uses.

    Without a ``schedule`` the planned hours are 0 (the dashboard does not show them). ``last_only`` gives
    the last month's row only (its figures still follow from every month before it).
    """
    today = today or engagement_today(engagement)
    current = current_month(engagement, today)
    count = months or hours_months(engagement, schedule, today)
    # Only the last month's row: its figures follow from the months since nothing carried (independent_from).
    first = independent_from(engagement, count) if last_only else 1
    inputs = month_inputs(engagement, count, today=today, logged_rows=logged_rows, first=first)
    planned_by = {m.index: m.planned_hours for m in schedule.months} if schedule else {}
    planned = [planned_by.get(k, Decimal(0)) if k >= current else Decimal(0) for k in range(first, count + 1)]
    figures = month_figures(inputs.contracted, inputs.logged, inputs.rules, closed_months=inputs.closed_months,
                            extra=inputs.extra, planned=planned)
    if last_only:
        figures = [dataclasses.replace(figures[-1], index=count)]
    reasons: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    for o in sorted(engagement.overrides.all(), key=lambda o: (o.month_index, o.created_at)):
        reasons[o.month_index].append((Decimal(o.extra_hours), o.reason))
    explicit = explicit_closes(engagement)
    rows = []
    for f in figures:
        month_start, end = month_bounds(engagement.start_date, f.index)
        rows.append(MonthRow(
            index=f.index, start=month_start, end=end - dt.timedelta(days=1), contracted=f.contracted,
            carried_in=f.carried_in, extra=f.extra, available=f.available, planned=f.planned, logged=f.logged,
            remaining=f.remaining, usage_percent=f.percent, level=f.level.value, is_current=f.index == current,
            is_past=f.index < current,
            closed=f.index <= current and month_is_closed(engagement, f.index, today, explicit),
            extras=tuple(reasons.get(f.index, ())),
            in_contract=engagement.contract_months is None or f.index <= engagement.contract_months,
        ))
    return rows


def hours_table(engagement: Engagement, schedule: Schedule, today: dt.date | None = None) -> list[MonthRow]:
    return month_rows(engagement, schedule=schedule, today=today)


def current_row(rows: Iterable[MonthRow]) -> MonthRow | None:
    return next((r for r in rows if r.is_current), None)


def this_month(engagement: Engagement, *, today: dt.date | None = None,
               logged_rows: LoggedRows | None = None, schedule: Schedule | None = None) -> MonthRow | None:
    """The current month's figures (None before the engagement starts)."""
    current = current_month(engagement, today)
    if current < 1:
        return None
    return month_rows(engagement, schedule=schedule, today=today, months=current, logged_rows=logged_rows,
                      last_only=True)[-1]


@dataclass(frozen=True)
class Position:
    """Where the engagement is: "month 3 of 12" or "month 3, open-ended"."""

    month: int  # 0 before the start
    of: int | None  # the contract's months (None: open-ended)


def position(engagement: Engagement, today: dt.date | None = None) -> Position:
    return Position(month=current_month(engagement, today), of=engagement.contract_months)


def timeline_svg(engagement: Engagement) -> str:
    """The engagement's timeline as it is downloaded (heading, legend; in the engagement's language): for
    other apps' documents, e.g. the marketing plan's PDF. Drawn once per revision and day (cached)."""
    from cadence.engagements.views.timeline import gantt_svg_text  # the one Gantt renderer, and its cache

    return gantt_svg_text(engagement)


# --- the roadmap's Gantt (other apps draw their rows below the timeline through these) -----------------

def _roadmap_texts(engagement: Engagement, today: dt.date, title: str) -> dict[str, Any]:
    from cadence.engagements.views import _gantt_texts, contract_period  # the timeline's words and period

    texts = _gantt_texts(today, title)
    texts["legend_labels"] = {
        **texts["legend_labels"],
        "bar_planned": gettext("planned initiative"), "bar_active": gettext("active initiative"),
        "bar_done": gettext("done initiative"), "bar_cancelled": gettext("cancelled initiative"),
        "bar_late": gettext("late: the deadline has passed"), "dependency": gettext("finish-to-start dependency"),
    }
    period = contract_period(engagement.start_date, engagement.contract_months)
    return {**texts, **period, "extra_heading": gettext("Initiatives")}


def roadmap_gantt(engagement: Engagement, rows: Sequence[GanttRow], *, language: str | None = None,
                  title: str = "") -> ScreenGantt:
    """The engagement's timeline (phases, gates, today) with ``rows`` drawn below it on the same axis, for a
    web page, in ``language`` (the reader's by default). Drawn on each call: the rows are not behind the
    engagement's revision."""
    from cadence.engagements.gantt import render_gantt_screen

    with translation.override(language or get_language()):
        today = engagement_today(engagement)
        schedule = schedule_for(engagement, today)
        phase_names, gate_names = engagement_names(engagement)
        texts = _roadmap_texts(engagement, today, title or gettext("Roadmap of %(name)s") % {"name": engagement.name})
        return render_gantt_screen(schedule, today=today, labels=phase_names, gate_labels=gate_names,
                                   extra_rows=rows, id_prefix="roadmap", **texts)


def roadmap_svg(engagement: Engagement, rows: Sequence[GanttRow], *, language: str | None = None) -> str:
    """The same chart as one standalone SVG document for downloads (heading: engagement, client, date; and the
    legend), in ``language`` (the engagement's by default)."""
    from django.utils.formats import date_format

    from cadence.engagements.gantt import render_gantt

    with translation.override(language or engagement.language):
        today = engagement_today(engagement)
        schedule = schedule_for(engagement, today)
        phase_names, gate_names = engagement_names(engagement)
        title = gettext("Roadmap of %(name)s") % {"name": engagement.name}
        heading = [engagement.name, gettext("Client: %(client)s") % {"client": engagement.client.name},
                   gettext("Roadmap as of %(date)s") % {"date": date_format(today, "DATE_FORMAT")}]
        svg = render_gantt(schedule, today=today, labels=phase_names, gate_labels=gate_names, heading=heading,
                           width=1400, extra_rows=rows, id_prefix="roadmap",
                           **_roadmap_texts(engagement, today, title))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg


# --- for the monthly report (cadence/reports): working days and the dates that moved ------------------

def working_day_predicate(engagement: Engagement) -> Callable[[dt.date], bool]:
    """Whether a day is a working day of the engagement's country (and region): Monday to Friday without its
    public holidays, as the timeline counts them. Each month's days are read once."""
    from cadence.engagements.domain.calendar import working_days

    months: dict[tuple[int, int], frozenset[dt.date]] = {}

    def check(day: dt.date) -> bool:
        key = (day.year, day.month)
        if key not in months:
            first = day.replace(day=1)
            end = (first + dt.timedelta(days=32)).replace(day=1)
            try:
                months[key] = frozenset(working_days(engagement.country, first, end, engagement.subdivision or None))
            except Exception:  # a country the holidays library does not know: Monday to Friday
                months[key] = frozenset(first + dt.timedelta(days=i) for i in range((end - first).days)
                                        if (first + dt.timedelta(days=i)).weekday() < 5)
        return day in months[key]

    return check


@dataclass(frozen=True)
class ScheduleChanges:
    """The schedule as the timeline page shows it to one audience: each phase with its progress, the gates,
    and every phase whose dates moved from the first plan with why (``reasons.moved_phases``)."""

    schedule: Schedule
    phase_names: dict[str, str]
    gate_names: dict[str, str]
    moved: list[Any]  # reasons.Moved


def schedule_changes(engagement: Engagement, *, audience: str = "client", today: dt.date | None = None) -> ScheduleChanges:
    """The engagement's schedule, its names in the active language and the dates that moved, with the same
    sentences as the timeline page (``audience``: "client" words them for the client, "team" precisely)."""
    from cadence.engagements import reasons

    today = today or engagement_today(engagement)
    schedule = schedule_for(engagement, today)
    lang = engagement.language
    phase_names = display_names(schedule.phases, engagement.phases.all(), fallback=lang)
    gate_names = display_names(schedule.gates, engagement.gates.all(), fallback=lang)
    who: reasons.Audience = "team" if audience == "team" else "client"
    moved = reasons.moved_phases(schedule, phase_names=phase_names, gate_names=gate_names, audience=who)
    return ScheduleChanges(schedule=schedule, phase_names=phase_names, gate_names=gate_names, moved=moved)


def running_engagements(workspace_ids: Iterable[int]) -> list[Engagement]:
    """The engagements not archived of these workspaces, with their workspace and client (for work that runs
    across workspaces: the monthly reports' schedule). The caller has disabled the scopes."""
    return list(Engagement.objects.filter(workspace_id__in=list(workspace_ids), archived=False)
                .select_related("workspace", "client").order_by("workspace_id", "id"))


def engagement_in(workspace_id: int, engagement_id: int) -> Engagement | None:
    """One engagement of a workspace by its id, with its workspace and client (background work that was given
    ids), or None when it is gone or belongs to another workspace."""
    return (Engagement.objects.filter(workspace_id=workspace_id, pk=engagement_id)
            .select_related("workspace", "client").first())


def hours_text(value: Any) -> str:
    """Hours with their unit in the active language ("20,5 h", "20 ч"): the templates' ``hours`` filter."""
    from cadence.engagements.templatetags.cadence_tags import hours_text as words

    return words(value)


# --- for the client portal: the timeline with plain explanations ----------------------------------------

@dataclass(frozen=True)
class ClientTimeline:
    """An engagement's timeline as its client reads it: the engagement page's Gantt (the same drawing and
    cache), each phase and gate of the stored schedule with its name, and the dates that moved with why, in
    the client's words (``schedule_changes(audience="client")``)."""

    engagement: Engagement
    today: dt.date
    gantt: ScreenGantt
    changes: ScheduleChanges
    steps: list[ClientStep]
    checkpoints: list[ClientStep]


@dataclass(frozen=True)
class ClientStep:
    """A phase (``result``: a PhaseResult) or a gate (a GateResult) with its name and what it is, in words."""

    result: Any
    name: str
    description: str
    waiting_for: str = ""  # a phase waiting for a gate: the gate's name


def client_timeline(engagement: Engagement) -> ClientTimeline:
    """The client's timeline of one engagement: a constant number of queries (the stored schedule), its
    Gantt drawn by the engagement page's renderer and read from the page's cache when it is there."""
    from cadence.core import fragments
    from cadence.engagements.views import contract_period, gantt_svg  # the one Gantt renderer
    from cadence.engagements.views.timeline import gantt_code

    prefetch_figures([engagement])
    today = engagement_today(engagement)
    changes = schedule_changes(engagement, audience="client", today=today)
    gantt = fragments.one(
        fragments.key("screen-gantt", engine_version(), gantt_code(), engagement.uuid, engagement.revision, today),
        lambda: gantt_svg(changes.schedule, today=today,
                          title=gettext("Timeline of %(name)s") % {"name": engagement.name},
                          phase_names=changes.phase_names, gate_names=changes.gate_names,
                          **contract_period(engagement.start_date, engagement.contract_months)))
    lang = engagement.language
    phases = {p.key: p for p in engagement.phases.all()}
    gates = {g.key: g for g in engagement.gates.all()}
    steps = [ClientStep(p, changes.phase_names.get(p.key, p.key),
                        display_description(phases[p.key], fallback=lang) if p.key in phases else "",
                        changes.gate_names.get(p.waiting_for or "", "")) for p in changes.schedule.phases]
    checkpoints = [ClientStep(g, changes.gate_names.get(g.key, g.key),
                              display_description(gates[g.key], fallback=lang) if g.key in gates else "")
                   for g in changes.schedule.gates]
    return ClientTimeline(engagement=engagement, today=today, gantt=gantt, changes=changes, steps=steps,
                          checkpoints=checkpoints)

# --- many engagements at once (the agency overview) ----------------------------------------------------

def stored_schedules(engagements: Sequence[Engagement]) -> dict[int, Schedule]:
    """Engagement pk -> its schedule, as ``schedule_for`` gives it, for many engagements: the stored schedules
    that are current (revision, engine and the engagement's today) in one query for all of them. An
    engagement whose stored schedule is not current (a write the worker has not refreshed yet, a new day
    before ``refresh_due_schedules`` ran) is computed and stored through ``schedule_for``, as any reader
    does: that costs its own queries, once, and the next reader finds it stored."""
    if not engagements:
        return {}
    version = engine_version()
    rows = {pk: (revision, stored, day, engine, data) for pk, revision, stored, day, engine, data in
            Engagement.objects.filter(pk__in=[e.pk for e in engagements])
            .values_list("pk", "revision", "schedule_snapshot__revision", "schedule_snapshot__computed_for",
                         "schedule_snapshot__engine", "schedule_snapshot__data")}
    out: dict[int, Schedule] = {}
    for engagement in engagements:
        row = rows.get(engagement.pk)
        schedule = None
        if row is not None:
            revision, stored, day, engine, data = row
            if stored == revision and day == engagement_today(engagement) and engine == version and data:
                try:
                    loaded = pickle.loads(bytes(data))  # noqa: S301 - written by ``_store_schedule`` only
                except Exception:  # noqa: BLE001 - an unreadable snapshot is computed again
                    loaded = None
                schedule = loaded if isinstance(loaded, Schedule) else None
        out[engagement.pk] = schedule if schedule is not None else schedule_for(engagement)
    return out


def names_of(engagements: Sequence[Engagement]) -> dict[int, tuple[dict[str, str], dict[str, str]]]:
    """Engagement pk -> the display names of its phases and of its gates (``engagement_names`` for many
    engagements: two queries for all of them)."""
    phases: dict[int, list[EngagementPhase]] = defaultdict(list)
    gates: dict[int, list[Any]] = defaultdict(list)
    ids = [e.pk for e in engagements]
    for phase in EngagementPhase.objects.filter(engagement_id__in=ids):
        phases[phase.engagement_id].append(phase)
    for gate in EngagementGate.objects.filter(engagement_id__in=ids):
        gates[gate.engagement_id].append(gate)
    return {e.pk: (display_names(phases[e.pk], fallback=e.language), display_names(gates[e.pk], fallback=e.language))
            for e in engagements}


def this_months(engagements: Sequence[Engagement]) -> dict[int, MonthRow | None]:
    """Engagement pk -> ``this_month`` (the hours page's and the engagement page's meter: hours used vs
    bought this month), for many engagements in a constant number of queries: the terms, overrides and
    month closes prefetched (``prefetch_figures``) and the month summaries read once (``logged_rows_for``)."""
    prefetch_figures(engagements)
    logged = logged_rows_for(engagements)
    return {e.pk: this_month(e, today=engagement_today(e), logged_rows=logged.get(e.pk, {})) for e in engagements}

def engagement_brief(engagement_id: int) -> tuple[Any, str] | None:
    """The public id and name of an engagement by its primary key (``None``: it is gone), for a receiver of
    ``core.events`` that holds only the id (the outgoing webhooks' body). Runs in the caller's scope."""
    row = Engagement.objects.filter(pk=engagement_id).values_list("uuid", "name").first()
    return (row[0], row[1]) if row is not None else None


# --- who an engagement's events are for (the notifications' audiences) -----------------------------------

@dataclass(frozen=True)
class EngagementPeople:
    """The facts the notifications resolve an event's audience from: the engagement itself and user ids."""

    engagement_id: int
    uuid: str
    name: str
    client_id: int
    client_language: str
    manager_id: int | None
    worked_on: frozenset[int]


def engagement_people(engagement_id: int) -> EngagementPeople | None:
    """The engagement's client, manager and everyone who logged time on it (deleted entries included: they
    worked on it); two queries, in the caller's workspace scope."""
    row = (Engagement.objects.filter(pk=engagement_id)
           .values("pk", "uuid", "name", "client_id", "client__language", "manager_id").first())
    if row is None:
        return None
    from cadence.engagements.models import TimeEntry

    worked = frozenset(TimeEntry.all_objects.filter(engagement_id=engagement_id)
                       .values_list("user_id", flat=True).distinct())
    return EngagementPeople(engagement_id=row["pk"], uuid=str(row["uuid"]), name=row["name"],
                            client_id=row["client_id"], client_language=row["client__language"] or "",
                            manager_id=row["manager_id"], worked_on=worked)


def engagement_path(workspace_slug: str, engagement_uuid: Any) -> str:
    from django.urls import reverse

    return reverse("engagements:engagement-detail", args=[workspace_slug, engagement_uuid])
