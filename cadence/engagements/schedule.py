"""The pure schedule engine: turns a process template, monthly hours and a country into dated phases.

No Django in here (``cadence schedule`` runs without a database, and the engine is tested on its own).

How it works, in short:

* Engagement month *k* is ``[start + (k-1) months, start + k months)``. Its working days are Monday to
  Friday less the country's public holidays, and its hours are spread evenly over them, in whole
  minutes (the remainder goes one minute each to the first days), so a month never gets more than its
  hours.
* Days before ``today`` are history: only the hours actually logged count. From ``today`` on, each
  working day's capacity is handed out: the current one-off phase of the chain (template order), the
  phases running alongside it, and the continuous phases (each keeps its own guaranteed share while a
  one-off phase runs, scaled down only if the shares add up past the whole day, and together they
  take every hour nobody else needs).
* Gates pass on their recorded date, or are assumed to pass the day their phase ends; a gate whose
  phase ended before today but is still unrecorded is "holding": it is assumed to pass today.
* The same template from the start, with estimates only (the *baseline*), explains why each phase moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

__all__ = [
    "MAX_HORIZON_MONTHS", "ContractWarning", "GateResult", "GateSpec", "MonthResult", "PhaseActuals", "PhaseKind", "PhaseResult", "PhaseSpec",
    "PhaseStatus", "Reason", "Schedule", "ScheduleError", "ScheduleInput", "TemplateSpec", "blocking_gate",
    "compute_schedule", "contract_reasons", "contract_warnings", "daily_allocation", "gettext_noop", "month_bounds", "month_index", "working_days",
]

MAX_HORIZON_MONTHS = 60
CENT = Decimal("0.01")


def gettext_noop(s: str) -> str:
    """Mark a string for translation without translating it (Django's makemessages extracts it)."""
    return s


class ScheduleError(ValueError):
    """Bad input to the schedule engine (the message is plain English)."""


class PhaseKind(StrEnum):
    EFFORT = "effort"
    DURATION = "duration"
    CONTINUOUS = "continuous"


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    kind: PhaseKind
    effort_hours: Decimal = Decimal(0)
    min_days: int = 0
    expected_days: int = 0
    max_days: int = 0
    share: Decimal = Decimal("0.5")
    not_before_month: int | None = None
    alongside: str | None = None
    requires_gates: tuple[str, ...] = ()
    category: str = ""
    description: str = ""


@dataclass(frozen=True)
class GateSpec:
    key: str
    name: str
    after_phase: str
    description: str = ""
    client_approvable: bool = False  # the client's approver may record it from the client view


# What can be wrong with a template, in English; the Django layer translates them through the catalogs.
PROBLEM_TEXTS: dict[str, str] = {
    "no_phases": gettext_noop("The template has no phases."),
    "no_key": gettext_noop("Phase %(n)s has no key."),
    "duplicate_phase": gettext_noop("Phase key '%(phase)s' is used twice."),
    "gate_no_key": gettext_noop("A gate has no key."),
    "duplicate_gate": gettext_noop("Gate key '%(gate)s' is used twice."),
    "gate_unknown_phase": gettext_noop("Gate '%(gate)s' passes after an unknown phase '%(other)s'."),
    "first_continuous": gettext_noop(
        "The first phase '%(phase)s' cannot be continuous: it needs a one-off phase before it to start from."),
    "unknown_kind": gettext_noop("Phase '%(phase)s' has an unknown kind '%(kind)s'."),
    "negative_effort": gettext_noop("Phase '%(phase)s' has negative effort."),
    "effort_too_big": gettext_noop("Phase '%(phase)s' needs more than 10000 hours."),
    "negative_days": gettext_noop("Phase '%(phase)s' has a negative number of days."),
    "no_expected_days": gettext_noop(
        "Phase '%(phase)s' takes working days: its expected days must be at least 1."),
    "days_order": gettext_noop(
        "Phase '%(phase)s' needs minimum <= expected <= maximum days (got %(min)s, %(expected)s, %(max)s)."),
    "share_range": gettext_noop("Phase '%(phase)s' has a share outside 0 to 1."),
    "month_below_one": gettext_noop("Phase '%(phase)s' has an earliest month below 1."),
    "alongside_unknown": gettext_noop("Phase '%(phase)s' runs alongside an unknown phase '%(other)s'."),
    "alongside_later": gettext_noop("Phase '%(phase)s' runs alongside '%(other)s', which must come before it."),
    "alongside_continuous": gettext_noop(
        "Phase '%(phase)s': continuous phases cannot run alongside another phase or have one run alongside them."),
    "continuous_first": gettext_noop("Phase '%(phase)s' is continuous but has no one-off phase before it."),
    "gate_unknown": gettext_noop("Phase '%(phase)s' requires an unknown gate '%(gate)s'."),
    "gate_never": gettext_noop(
        "Phase '%(phase)s' requires gate '%(gate)s', which only passes after '%(other)s' (the same or a later "
        "phase), so it would wait forever."),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template: a code from PROBLEM_TEXTS and its parameters."""

    code: str
    params: Mapping[str, str | int]

    def __str__(self) -> str:
        return PROBLEM_TEXTS[self.code] % dict(self.params)


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    name: str
    phases: tuple[PhaseSpec, ...]
    gates: tuple[GateSpec, ...] = ()
    description: str = ""

    def validate(self) -> list[str]:
        """Everything wrong with this template, in plain English; an empty list means it is usable."""
        return [str(p) for p in self.problems()]

    def problems(self) -> list[Problem]:
        """Everything wrong with this template as codes with parameters (translatable by the caller)."""
        problems: list[Problem] = []

        def add(code: str, **params: str | int) -> None:
            problems.append(Problem(code, params))

        if not self.phases:
            add("no_phases")
            return problems
        order: dict[str, int] = {}
        for i, p in enumerate(self.phases):
            if not p.key:
                add("no_key", n=i + 1)
            elif p.key in order:
                add("duplicate_phase", phase=p.key)
            else:
                order[p.key] = i
        gate_keys: dict[str, GateSpec] = {}
        for g in self.gates:
            if not g.key:
                add("gate_no_key")
            elif g.key in gate_keys:
                add("duplicate_gate", gate=g.key)
            else:
                gate_keys[g.key] = g
            if g.after_phase not in order:
                add("gate_unknown_phase", gate=g.key, other=g.after_phase)
        if self.phases[0].kind == PhaseKind.CONTINUOUS:
            add("first_continuous", phase=self.phases[0].key)
        for i, p in enumerate(self.phases):
            try:
                kind = PhaseKind(p.kind)
            except ValueError:
                add("unknown_kind", phase=p.key, kind=str(p.kind))
                continue
            if p.effort_hours < 0:
                add("negative_effort", phase=p.key)
            if kind == PhaseKind.EFFORT and p.effort_hours > 10000:
                add("effort_too_big", phase=p.key)
            if min(p.min_days, p.expected_days, p.max_days) < 0:
                add("negative_days", phase=p.key)
            if kind == PhaseKind.DURATION:
                if p.expected_days < 1:
                    add("no_expected_days", phase=p.key)
                if p.min_days > p.expected_days or p.expected_days > p.max_days:
                    add("days_order", phase=p.key, min=p.min_days, expected=p.expected_days, max=p.max_days)
            if not Decimal(0) <= p.share <= Decimal(1):
                add("share_range", phase=p.key)
            if p.not_before_month is not None and p.not_before_month < 1:
                add("month_below_one", phase=p.key)
            if p.alongside is not None:
                j = order.get(p.alongside)
                if j is None:
                    add("alongside_unknown", phase=p.key, other=p.alongside)
                elif j >= i:
                    add("alongside_later", phase=p.key, other=p.alongside)
                elif self.phases[j].kind == PhaseKind.CONTINUOUS or kind == PhaseKind.CONTINUOUS:
                    add("alongside_continuous", phase=p.key)
            if kind == PhaseKind.CONTINUOUS and i > 0 and not any(
                q.kind != PhaseKind.CONTINUOUS and q.alongside is None for q in self.phases[:i]
            ):
                add("continuous_first", phase=p.key)
            for gk in p.requires_gates:
                gate = gate_keys.get(gk)
                if gate is None:
                    add("gate_unknown", phase=p.key, gate=gk)
                elif gate.after_phase in order and order[gate.after_phase] >= i:
                    add("gate_never", phase=p.key, gate=gk, other=gate.after_phase)
        return problems


@dataclass(frozen=True)
class PhaseActuals:
    logged: Mapping[dt.date, Decimal] = field(default_factory=dict)
    completed_on: dt.date | None = None
    # The manager decided to keep the phase open although later phases got hours: plan what is left of
    # its estimate from today and do not ask again.
    keep_open: bool = False


@dataclass(frozen=True)
class ScheduleInput:
    start: dt.date
    monthly_hours: Decimal
    country: str
    template: TemplateSpec
    subdivision: str | None = None
    today: dt.date | None = None
    actuals: Mapping[str, PhaseActuals] = field(default_factory=dict)
    gates_passed: Mapping[str, dt.date] = field(default_factory=dict)
    horizon_months: int = 12  # extended until every one-off phase ends: up to 60 months (48 past today)
    # Contract changes: engagement month -> hours a month from that month on (``monthly_hours`` before the
    # first change). The baseline plan keeps ``monthly_hours``: a change is a reason, not a new baseline.
    hours_from_month: Mapping[int, Decimal] = field(default_factory=dict)

    def hours_in_month(self, k: int, *, baseline: bool = False) -> Decimal:
        """The contracted hours of engagement month ``k`` (the original terms only, for the baseline)."""
        hours = Decimal(self.monthly_hours)
        if baseline:
            return hours
        for month in sorted(self.hours_from_month):
            if month <= k:
                hours = Decimal(self.hours_from_month[month])
        return hours


class PhaseStatus(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    WAITING = "waiting"
    AWAITING = "awaiting"  # below its estimate while later phases get hours: completed or still open?


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, str | int | float]


@dataclass(frozen=True)
class PhaseResult:
    key: str
    name: str
    kind: PhaseKind
    category: str
    start: dt.date | None
    end: dt.date | None
    end_min: dt.date | None
    end_max: dt.date | None
    hours: Decimal
    logged_hours: Decimal
    planned_hours: Decimal
    status: PhaseStatus
    ongoing: bool
    waiting_for: str | None
    baseline_start: dt.date | None
    baseline_end: dt.date | None
    reasons: tuple[Reason, ...]
    # Working days the phase moved from the baseline (positive: later); 0 when a date is unknown.
    start_shift: int = 0
    end_shift: int = 0
    # Below its estimate while a later phase has hours after its last day of work, and neither marked
    # completed nor kept open: drawn up to its last logged day until the manager decides.
    awaiting_confirmation: bool = False
    # Effort phases that ended (completed or awaiting confirmation) below their estimate: what was not used.
    unused_hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class GateResult:
    key: str
    name: str
    after_phase: str
    date: dt.date | None
    status: str


@dataclass(frozen=True)
class MonthResult:
    index: int
    start: dt.date
    end: dt.date
    working_days: int
    contracted_hours: Decimal
    planned_hours: Decimal
    logged_hours: Decimal
    hours_by_phase: Mapping[str, Decimal]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class Schedule:
    phases: tuple[PhaseResult, ...]
    gates: tuple[GateResult, ...]
    months: tuple[MonthResult, ...]
    horizon_end: dt.date  # last day (inclusive) of the last month computed

    def phase(self, key: str) -> PhaseResult:
        for p in self.phases:
            if p.key == key:
                return p
        raise KeyError(key)

    def gate(self, key: str) -> GateResult:
        for g in self.gates:
            if g.key == key:
                return g
        raise KeyError(key)

    @property
    def awaiting_confirmation(self) -> tuple[PhaseResult, ...]:
        """Phases the manager should mark completed or keep open."""
        return tuple(p for p in self.phases if p.awaiting_confirmation)

    def to_json(self) -> list[dict[str, object]]:
        return [
            {
                "key": p.key, "name": p.name, "kind": p.kind.value, "start": _iso(p.start), "end": _iso(p.end),
                "hours": float(p.hours), "logged_hours": float(p.logged_hours), "status": p.status.value,
                "ongoing": p.ongoing, "end_min": _iso(p.end_min), "end_max": _iso(p.end_max),
                "waiting_for": p.waiting_for, "awaiting_confirmation": p.awaiting_confirmation,
                "unused_hours": float(p.unused_hours),
            }
            for p in self.phases
        ]


# --- calendar -------------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def month_bounds(start: dt.date, k: int) -> tuple[dt.date, dt.date]:
    """Engagement month ``k`` (1-based) as ``[first day, first day of the next month)``."""
    return start + relativedelta(months=k - 1), start + relativedelta(months=k)


@lru_cache(maxsize=65536)
def month_index(start: dt.date, day: dt.date) -> int:
    """The engagement month that contains ``day`` (0 or less before the start)."""
    k = (day.year - start.year) * 12 + day.month - start.month + 1
    while True:
        first, end = month_bounds(start, k)
        if day < first:
            k -= 1
        elif day >= end:
            k += 1
        else:
            return k


@lru_cache(maxsize=1024)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    try:
        hol = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except (NotImplementedError, KeyError) as exc:
        where = f"{country}/{subdivision}" if subdivision else country
        raise ScheduleError(f"Public holidays are not known for '{where}'.") from exc
    return frozenset(hol.keys())


def working_days(country: str, first: dt.date, end_exclusive: dt.date,
                 subdivision: str | None = None) -> list[dt.date]:
    """Monday to Friday in ``[first, end_exclusive)`` that are not public holidays of the country."""
    return list(_working_days(country, subdivision, first, end_exclusive))


@lru_cache(maxsize=8192)
def _working_days(country: str, subdivision: str | None, first: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    out: list[dt.date] = []
    day = first
    one = dt.timedelta(days=1)
    while day < end:
        if day.weekday() < 5 and day not in _holiday_dates(country, subdivision, day.year):
            out.append(day)
        day += one
    return tuple(out)


class _Calendar:
    """Engagement months and their working days, built lazily."""

    def __init__(self, inp: ScheduleInput) -> None:
        self.start = inp.start
        self.country = inp.country
        self.subdivision = inp.subdivision
        self._months: dict[int, tuple[dt.date, dt.date, tuple[dt.date, ...]]] = {}
        self._days: list[dt.date] = []
        self._index: dict[dt.date, int] = {}
        self._upto = 0

    def month(self, k: int) -> tuple[dt.date, dt.date, tuple[dt.date, ...]]:
        m = self._months.get(k)
        if m is None:
            first, end = month_bounds(self.start, k)
            m = (first, end, _working_days(self.country, self.subdivision, first, end))
            self._months[k] = m
        return m

    def _extend(self) -> None:
        self._upto += 1
        for d in self.month(self._upto)[2]:
            self._index[d] = len(self._days)
            self._days.append(d)

    def nth_day(self, first: dt.date, n: int) -> dt.date | None:
        """The n-th working day counting ``first`` (a working day on or after the start) as the first."""
        if n < 1:
            n = 1
        while first not in self._index:
            if self._upto > 1200:
                return None
            self._extend()
        i = self._index[first] + n - 1
        while i >= len(self._days):
            if self._upto > 1200:
                return None
            self._extend()
        return self._days[i]

    def next_day_on_or_after(self, day: dt.date) -> dt.date | None:
        k = max(month_index(self.start, day), 1)
        for kk in range(k, k + 3):
            for d in self.month(kk)[2]:
                if d >= day:
                    return d
        return None

    def shift(self, old: dt.date | None, new: dt.date | None) -> int:
        """Working days from ``old`` to ``new`` (positive when ``new`` is later); 0 when either is unknown."""
        if old is None or new is None or old == new:
            return 0
        one = dt.timedelta(days=1)
        if new > old:
            return self.count_between(old + one, new + one)
        return -self.count_between(new + one, old + one)

    def count_between(self, first: dt.date, end_exclusive: dt.date) -> int:
        n = 0
        k = max(month_index(self.start, first), 1)
        while True:
            m_first, m_end, days = self.month(k)
            if m_first >= end_exclusive:
                return n
            n += sum(1 for d in days if first <= d < end_exclusive)
            k += 1


# --- helpers --------------------------------------------------------------------------------------

def _minutes(hours: Decimal) -> int:
    return int((Decimal(hours) * 60).to_integral_value(rounding=ROUND_HALF_UP))


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def _split(total: int, n: int) -> list[int]:
    """``total`` minutes over ``n`` parts: the same base, the remainder one minute each to the first parts."""
    if n <= 0:
        return []
    base, rest = divmod(total, n)
    return [base + (1 if i < rest else 0) for i in range(n)]


def _apportion(minutes: Mapping[str, int]) -> dict[str, Decimal]:
    """Minutes to hours in cents, so the parts add up to the rounded total (largest remainders)."""
    exact = {k: Decimal(m) * 100 / 60 for k, m in minutes.items()}
    total = int(sum(exact.values(), Decimal(0)).to_integral_value(rounding=ROUND_HALF_UP))
    floors = {k: int(v) for k, v in exact.items()}
    short = total - sum(floors.values())
    for k in sorted(exact, key=lambda k: exact[k] - floors[k], reverse=True)[: max(short, 0)]:
        floors[k] += 1
    return {k: Decimal(v) / 100 for k, v in floors.items()}


# --- simulation -----------------------------------------------------------------------------------

@dataclass
class _State:
    spec: PhaseSpec
    logged: dict[dt.date, Decimal] = field(default_factory=dict)
    planned: dict[dt.date, int] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None
    end_min: dt.date | None = None
    end_max: dt.date | None = None
    done: bool = False
    done_in_history: bool = False
    completed: bool = False  # completed_on recorded
    awaiting: bool = False  # below its estimate, later phases moved on, no decision yet
    remaining: int = 0  # minutes (effort phases)
    days_left: int = 0  # working days (duration phases)
    active: bool = False  # duration or continuous phase running
    counted: dt.date | None = None  # last day a duration phase counted
    held_by_month: bool = False

    @property
    def logged_total(self) -> Decimal:
        return sum(self.logged.values(), Decimal(0))

    def give(self, day: dt.date, minutes: int) -> None:
        if minutes > 0:
            self.planned[day] = self.planned.get(day, 0) + minutes
            if self.start is None:
                self.start = day


@dataclass
class _Sim:
    states: dict[str, _State]
    gate_dates: dict[str, dt.date | None]
    gate_status: dict[str, str]
    months: int
    horizon_end: dt.date
    today: dt.date
    calendar: _Calendar


def _check(inp: ScheduleInput) -> None:
    for hours in (inp.monthly_hours, *inp.hours_from_month.values()):
        if not Decimal(hours).is_finite() or Decimal(hours) <= 0:
            raise ScheduleError("Monthly hours must be more than 0.")
    if any(month < 1 for month in inp.hours_from_month):
        raise ScheduleError("Contract changes start in month 1 or later.")
    if inp.horizon_months < 1:
        raise ScheduleError("The horizon must be at least 1 month.")
    problems = inp.template.validate()
    if problems:
        raise ScheduleError("The template is not valid: " + " ".join(problems))
    _holiday_dates(inp.country, inp.subdivision, inp.start.year)


def _simulate(inp: ScheduleInput, *, use_actuals: bool) -> _Sim:
    tpl = inp.template
    cal = _Calendar(inp)
    today = (inp.today or inp.start) if use_actuals else inp.start
    d0 = max(today, inp.start)
    actuals = inp.actuals if use_actuals else {}
    recorded: Mapping[str, dt.date] = inp.gates_passed if use_actuals else {}
    gates = {g.key: g for g in tpl.gates}
    phases = list(tpl.phases)
    st: dict[str, _State] = {p.key: _State(spec=p) for p in phases}
    chain = [p for p in phases if p.kind != PhaseKind.CONTINUOUS and p.alongside is None]
    chain_pos = {p.key: i for i, p in enumerate(chain)}
    alongside_of: dict[str, list[PhaseSpec]] = {}
    for p in phases:
        if p.alongside:
            alongside_of.setdefault(p.alongside, []).append(p)
    continuous = [p for p in phases if p.kind == PhaseKind.CONTINUOUS]
    cont_pred: dict[str, str] = {}
    for i, p in enumerate(phases):
        if p.kind == PhaseKind.CONTINUOUS:
            before = [q for q in phases[:i] if q.key in chain_pos]
            cont_pred[p.key] = before[-1].key
    first_day = cal.next_day_on_or_after(inp.start) or inp.start

    # -- history: what the logs and completion dates say
    for p in phases:
        s = st[p.key]
        a = actuals.get(p.key)
        if a is not None:
            s.logged = {d: Decimal(h) for d, h in a.logged.items() if Decimal(h) != 0}
        if s.logged:
            s.start = min(s.logged)
        if p.kind == PhaseKind.EFFORT:
            s.remaining = max(_minutes(p.effort_hours) - _minutes(s.logged_total), 0)
        elif p.kind == PhaseKind.DURATION:
            s.days_left = p.expected_days
        if a is not None and a.completed_on is not None:
            s.done, s.done_in_history, s.completed, s.end, s.remaining = True, True, True, a.completed_on, 0
        elif p.kind == PhaseKind.EFFORT and s.logged and s.remaining == 0:
            s.done, s.done_in_history, s.end = True, True, max(s.logged)
        elif p.kind == PhaseKind.DURATION and s.start is not None and s.start < d0:
            s.active = True
            s.days_left = max(p.expected_days - cal.count_between(s.start, d0), 1)
        elif p.kind == PhaseKind.CONTINUOUS and s.start is not None and s.start <= d0:
            s.active = True
    # An effort phase below its estimate whose work stopped while a later phase got hours: the team moved
    # on. Unless the manager kept it open, it ends on its last day of work (awaiting confirmation) instead
    # of being stretched over the months with no work until its last hours are planned.
    for i, p in enumerate(phases):
        s = st[p.key]
        a = actuals.get(p.key)
        if (p.kind != PhaseKind.EFFORT or s.done or not s.logged or s.remaining == 0
                or (a is not None and a.keep_open)):
            continue
        last = max(s.logged)
        if any(q.alongside != p.key and st[q.key].logged and max(st[q.key].logged) > last for q in phases[i + 1:]):
            s.done, s.done_in_history, s.awaiting, s.end = True, True, True, last
    # completed phases without logs: they started after their predecessor (never after they ended)
    for p in phases:
        s = st[p.key]
        if s.done_in_history and s.start is None and s.end is not None:
            if p.alongside:
                guess = st[p.alongside].start
            else:
                i = chain_pos.get(p.key, 0)
                prev = st[chain[i - 1].key] if i > 0 else None
                guess = first_day
                if prev is not None and prev.end is not None:
                    guess = cal.next_day_on_or_after(prev.end + dt.timedelta(days=1)) or prev.end
            s.start = min(guess, s.end) if guess else s.end
    for p in phases:
        s = st[p.key]
        target = st[p.alongside] if p.alongside else None
        if (p.kind == PhaseKind.DURATION and target is not None and target.start is not None
                and target.start < d0 and s.start is None and not s.done):
            s.start, s.active = target.start, True
            s.days_left = max(p.expected_days - cal.count_between(target.start, d0), 1)
        if p.kind == PhaseKind.DURATION and s.start is not None and not s.done_in_history:
            s.end_min = cal.nth_day(cal.next_day_on_or_after(s.start) or s.start, p.min_days)
            s.end_max = cal.nth_day(cal.next_day_on_or_after(s.start) or s.start, p.max_days)

    def gate_date(key: str) -> dt.date | None:
        if key in recorded:
            return recorded[key]
        after = st[gates[key].after_phase]
        if not after.done or after.end is None:
            return None
        return today if after.end < today else after.end

    def may_start(p: PhaseSpec, day: dt.date) -> bool:
        s = st[p.key]
        ok = True
        for g in p.requires_gates:
            gd = gate_date(g)
            if gd is None or gd > day:
                ok = False
        if ok and p.not_before_month is not None and month_index(inp.start, day) < p.not_before_month:
            s.held_by_month = True
            ok = False
        return ok

    def start_duration(s: _State, day: dt.date) -> None:
        s.active = True
        s.start = s.start or day
        s.end_min = cal.nth_day(day, s.spec.min_days)
        s.end_max = cal.nth_day(day, s.spec.max_days)

    ptr = 0

    def current(day: dt.date) -> PhaseSpec | None:
        """The chain phase that may work now (finishing zero-effort phases on the way)."""
        nonlocal ptr
        while ptr < len(chain):
            p = chain[ptr]
            s = st[p.key]
            if s.done:
                ptr += 1
                continue
            if p.kind == PhaseKind.DURATION:
                if not s.active:
                    prev = st[chain[ptr - 1].key] if ptr > 0 else None
                    if prev is not None and prev.end is not None and prev.end >= day:
                        return None  # whole working days: it starts the next working day
                    if not may_start(p, day):
                        return None
                    start_duration(s, day)
                s.counted = day
                return p
            if not may_start(p, day):
                return None
            if s.remaining == 0:
                s.start = s.start or day
                s.done, s.end = True, day
                ptr += 1
                continue
            return p
        return None

    def one_offs(day: dt.date, left: int) -> list[PhaseSpec]:
        cur = current(day)
        out: list[PhaseSpec] = [cur] if cur is not None else []
        for p in phases:
            s = st[p.key]
            if not p.alongside or s.done:
                continue
            target = st[p.alongside]
            joins = cur is not None and cur.key == p.alongside and left > 0  # it gets its first hours now
            if not joins and (target.start is None or target.start > day):
                continue
            if p.kind == PhaseKind.DURATION:
                if not s.active:
                    if not may_start(p, day):
                        continue
                    start_duration(s, day)
                s.counted = day
                out.append(p)
            else:
                if not may_start(p, day):
                    continue
                if s.remaining == 0:
                    if target.start is not None and target.start <= day:  # a milestone beside its phase
                        s.start = s.start or day
                        s.done, s.end = True, day
                    continue
                out.append(p)
        return out

    def activate_continuous(day: dt.date) -> list[_State]:
        act = []
        for p in continuous:
            s = st[p.key]
            if s.done:
                continue
            if not s.active:
                pred = st[cont_pred[p.key]]
                if pred.done and pred.end is not None and pred.end <= day and may_start(p, day):
                    s.active = True
                    s.start = s.start or day
            if s.active:
                act.append(s)
        return act

    def give_continuous(day: dt.date, cont: list[_State], left: int, *, everything: bool) -> int:
        """Each running continuous phase gets its own share of ``left`` minutes (scaled down when the
        shares add up past the whole day); with ``everything`` the rest is split evenly among them too.
        Returns the minutes given."""
        shares = [s.spec.share for s in cont]
        scale = max(sum(shares, Decimal(0)), Decimal(1))
        parts = [int(Decimal(left) * share / scale) for share in shares]
        if everything:
            parts = [m + extra for m, extra in zip(parts, _split(left - sum(parts), len(cont)), strict=True)]
        for s, m in zip(cont, parts, strict=True):
            s.give(day, m)
        return sum(parts)

    def allocate_day(day: dt.date, cap: int) -> None:
        left = cap
        reserved = False
        day_start = True
        while True:
            cont = activate_continuous(day) if (day_start or left > 0) else []
            day_start = False
            active = one_offs(day, 0)  # who runs now, without yet joining phases that start with hours
            if not active:
                if cont and left > 0:
                    give_continuous(day, cont, left, everything=True)
                    left = 0
                break
            if cont and not reserved and left > 0:
                left -= give_continuous(day, cont, left, everything=False)
                reserved = True
            if left <= 0:
                break
            active = one_offs(day, left)
            parts = _split(left, len(active))
            left = 0
            finished = False
            for p, m in zip(active, parts, strict=True):
                s = st[p.key]
                if p.kind == PhaseKind.DURATION:
                    s.give(day, m)
                    continue
                take = min(m, s.remaining)
                s.give(day, take)
                s.remaining -= take
                left += m - take
                if s.remaining == 0:
                    s.done, s.end = True, day
                    s.start = s.start or day
                    finished = True
            if not finished:
                break
        # duration phases take the whole working day
        for s in st.values():
            if s.spec.kind == PhaseKind.DURATION and s.active and not s.done and s.counted == day:
                s.days_left -= 1
                if s.days_left <= 0:
                    s.done, s.end, s.active = True, day, False

    k_today = month_index(inp.start, today) if today >= inp.start else 1
    limit = max(MAX_HORIZON_MONTHS, inp.horizon_months, k_today + MAX_HORIZON_MONTHS - 12)  # looks ahead of today
    need = max(inp.horizon_months, k_today)
    k = month_index(inp.start, d0)
    months = limit
    while k <= limit:
        first, end, days = cal.month(k)
        remaining_days = [d for d in days if d >= d0]
        # The month's logged hours are summed before they become minutes, and rounded up: rounding each
        # entry on its own could lose a minute per entry and plan more than the month has left.
        logged_month = int((sum((h for s in st.values() for d, h in s.logged.items() if first <= d < end),
                                Decimal(0)) * 60).to_integral_value(rounding=ROUND_CEILING))
        total = _minutes(inp.hours_in_month(k, baseline=not use_actuals))
        caps = _split(max(total - logged_month, 0), len(remaining_days))
        for day, cap in zip(remaining_days, caps, strict=True):
            allocate_day(day, cap)
        if all(st[p.key].done for p in phases if p.kind != PhaseKind.CONTINUOUS) and k >= need:
            months = k
            break
        k += 1
    months = max(months, 1)
    horizon_end = month_bounds(inp.start, months)[1] - dt.timedelta(days=1)

    gate_dates: dict[str, dt.date | None] = {}
    gate_status: dict[str, str] = {}
    for g in tpl.gates:
        if g.key in recorded:
            gate_dates[g.key], gate_status[g.key] = recorded[g.key], "passed"
        else:
            after = st[g.after_phase]
            if after.done and after.end is not None and after.end < today:
                gate_dates[g.key], gate_status[g.key] = today, "holding"
            else:
                gate_dates[g.key] = after.end if after.done else None
                gate_status[g.key] = "expected"
    return _Sim(states=st, gate_dates=gate_dates, gate_status=gate_status, months=months,
                horizon_end=horizon_end, today=today, calendar=cal)


def _iter_days(sim: _Sim) -> Iterator[tuple[dt.date, str, Decimal, int]]:
    """(day, phase key, logged hours, planned minutes) for every phase-day with anything on it."""
    for key, s in sim.states.items():
        for d in set(s.logged) | set(s.planned):
            yield d, key, s.logged.get(d, Decimal(0)), s.planned.get(d, 0)


def daily_allocation(inp: ScheduleInput) -> dict[dt.date, dict[str, Decimal]]:
    """Hours per day and phase (logged + planned, to the cent), for days with any hours."""
    _check(inp)
    sim = _simulate(inp, use_actuals=True)
    out: dict[dt.date, dict[str, Decimal]] = {}
    for d, key, logged, planned in _iter_days(sim):
        h = logged + _hours(planned)
        if h:
            out.setdefault(d, {})[key] = h
    return dict(sorted(out.items()))


def _reasons(p: PhaseSpec, s: _State, b: _State, sim: _Sim, base: _Sim, results_moved: dict[str, bool],
             chain_before: Sequence[str], gates: Mapping[str, GateSpec], recorded: Mapping[str, dt.date],
             waiting_for: str | None) -> tuple[Reason, ...]:
    today = sim.today
    moved = results_moved[p.key]
    if not moved:
        return ()
    out: list[Reason] = []
    logged = s.logged_total
    planned_by_today = _hours(sum(m for d, m in b.planned.items() if d < today))
    behind: Reason | None = None
    over = p.kind == PhaseKind.EFFORT and logged > p.effort_hours and p.effort_hours >= 0 and logged > 0
    completed_on = s.end if s.completed else None
    if over:
        out.append(Reason("over_estimate", {"phase": p.key, "logged": float(logged),
                                            "estimate": float(p.effort_hours)}))
    if s.awaiting and s.end is not None:
        # Not "behind plan": the work stopped below the estimate while later work began.
        out.append(Reason("awaiting_confirmation", {"phase": p.key, "logged": float(logged),
                                                    "estimate": float(p.effort_hours), "date": s.end.isoformat()}))
    elif p.kind != PhaseKind.CONTINUOUS:
        if completed_on is not None and b.end is not None and not over:
            if completed_on < b.end:
                out.append(Reason("completed_early", {"phase": p.key, "date": completed_on.isoformat(),
                                                      "baseline": b.end.isoformat()}))
            elif completed_on > b.end:
                out.append(Reason("completed_late", {"phase": p.key, "date": completed_on.isoformat(),
                                                     "baseline": b.end.isoformat()}))
        elif s.done_in_history and b.end is not None and s.end is not None and not over:
            # Finished in the past: compare what was logged with what the baseline planned by the day
            # that tells the story (the planned end when it finished late, the real end when early).
            ref = min(s.end, b.end)
            logged_by = sum((h for d, h in s.logged.items() if d <= ref), Decimal(0))
            planned_by = _hours(sum(m for d, m in b.planned.items() if d <= ref))
            params: dict[str, str | int | float] = {
                "phase": p.key, "logged": float(logged_by), "planned": float(planned_by), "date": ref.isoformat()}
            if s.end < b.end:
                out.append(Reason("ahead_of_plan", params))
            elif s.end > b.end:
                out.append(Reason("behind_plan", params))
        elif not s.done_in_history:
            if logged < planned_by_today - CENT:
                behind = Reason("behind_plan", {"phase": p.key, "logged": float(logged),
                                                "planned": float(planned_by_today)})
                if logged > 0:
                    out.append(behind)
            elif logged > planned_by_today + CENT and not over:
                out.append(Reason("ahead_of_plan", {"phase": p.key, "logged": float(logged),
                                                    "planned": float(planned_by_today)}))
    for g in p.requires_gates:
        if g == waiting_for:
            after = sim.states[gates[g].after_phase]
            out.append(Reason("gate_open", {"gate": g, "since": after.end.isoformat() if after.end else ""}))
        elif g in recorded:
            assumed = sim.states[gates[g].after_phase].end
            if assumed is not None and recorded[g] != assumed:
                out.append(Reason("gate_recorded", {"gate": g, "date": recorded[g].isoformat(),
                                                    "assumed": assumed.isoformat(),
                                                    "days": sim.calendar.shift(assumed, recorded[g])}))
    if p.not_before_month is not None and s.held_by_month and s.start is not None:
        first = month_bounds(base.calendar.start, p.not_before_month)[0]
        out.append(Reason("not_before_month", {"month": p.not_before_month, "date": first.isoformat()}))
    for key in reversed(chain_before):
        if results_moved.get(key):
            out.append(Reason("predecessor_moved", {"phase": key}))
            break
    if behind is not None and logged == 0 and not out:
        out.append(behind)  # not started although the baseline had it under way, and nothing else explains it
    if not out and s.logged and s.start is not None and b.start is not None and s.start != b.start:
        # Only the first day of work differs from the plan (e.g. nobody logged on the start date).
        code = "started_late" if s.start > b.start else "started_early"
        out.append(Reason(code, {"phase": p.key, "date": s.start.isoformat(), "baseline": b.start.isoformat()}))
    return tuple(out)


def contract_reasons(inp: ScheduleInput, *, latest: dt.date | None) -> tuple[Reason, ...]:
    """The contract changes that took effect before ``latest`` (None: the phase has no end yet).

    Code ``contract_changed``: "from month 5 the contract is 60 h a month" (params month, hours, previous,
    date = the first day of that month).
    """
    out: list[Reason] = []
    previous = Decimal(inp.monthly_hours)
    for month in sorted(inp.hours_from_month):
        hours = Decimal(inp.hours_from_month[month])
        first = month_bounds(inp.start, month)[0]
        if hours != previous and (latest is None or first <= latest):
            out.append(Reason("contract_changed", {"month": month, "hours": float(hours),
                                                   "previous": float(previous), "date": first.isoformat()}))
        previous = hours
    return tuple(out)


@dataclass(frozen=True)
class ContractWarning:
    """A phase that does not fit into a fixed-length contract (code ``starts_after`` or ``ends_after``)."""

    code: str
    phase: str
    contract_end: dt.date  # the contract's last day
    hours: Decimal  # the hours a month in the contract's last month


def contract_warnings(schedule: Schedule, inp: ScheduleInput, contract_months: int | None) -> tuple[ContractWarning, ...]:
    """One-off phases that start or end after the last day of a ``contract_months``-month contract."""
    if contract_months is None:
        return ()
    last = month_bounds(inp.start, contract_months)[1] - dt.timedelta(days=1)
    hours = inp.hours_in_month(contract_months)
    out = []
    for p in schedule.phases:
        if p.kind == PhaseKind.CONTINUOUS:
            continue
        if p.start is None or p.start > last:
            out.append(ContractWarning("starts_after", p.key, last, hours))
        elif p.end is None or p.end > last:
            out.append(ContractWarning("ends_after", p.key, last, hours))
    return tuple(out)


def compute_schedule(inp: ScheduleInput) -> Schedule:
    """The dated schedule of a template for an engagement, with the baseline and the reasons it moved."""
    _check(inp)
    sim = _simulate(inp, use_actuals=True)
    base = _simulate(inp, use_actuals=False)
    tpl = inp.template
    today = sim.today
    gates = {g.key: g for g in tpl.gates}
    recorded = inp.gates_passed
    holding = {k for k, v in sim.gate_status.items() if v == "holding"}
    chain_keys = [p.key for p in tpl.phases if p.kind != PhaseKind.CONTINUOUS and p.alongside is None]

    def end_of(s: _State, sm: _Sim) -> dt.date | None:
        if s.spec.kind == PhaseKind.CONTINUOUS:
            if s.done:
                return s.end
            return sm.horizon_end if s.start is not None else None
        return s.end if s.done else None

    pos = {p.key: i for i, p in enumerate(tpl.phases)}
    moved: dict[str, bool] = {}
    for p in tpl.phases:
        s, b = sim.states[p.key], base.states[p.key]
        if p.kind == PhaseKind.CONTINUOUS and not s.done:
            moved[p.key] = s.start != b.start
        else:
            moved[p.key] = (s.start, end_of(s, sim)) != (b.start, end_of(b, base))

    results: list[PhaseResult] = []
    for i, p in enumerate(tpl.phases):
        s, b = sim.states[p.key], base.states[p.key]
        end = end_of(s, sim)
        started = bool(s.logged) or s.done_in_history
        waiting_for = None
        if not started and not s.done_in_history:
            waiting_for = next((g for g in p.requires_gates if g in holding), None)
        if s.awaiting:
            status = PhaseStatus.AWAITING
        elif s.completed or (s.done_in_history and s.end is not None and s.end < today):
            status = PhaseStatus.DONE
        elif started:
            status = PhaseStatus.IN_PROGRESS
        elif waiting_for:
            status = PhaseStatus.WAITING
        else:
            status = PhaseStatus.PLANNED
        if p.kind == PhaseKind.DURATION and s.done and not s.done_in_history:
            end_min, end_max = s.end_min, s.end_max
            if end_min is not None and end is not None:
                end_min = min(end_min, end)
            if end_max is not None and end is not None:
                end_max = max(end_max, end)
        else:
            end_min = end_max = end
        if p.alongside:
            before = [p.alongside]
        elif p.kind == PhaseKind.CONTINUOUS:
            before = [q for q in chain_keys if pos[q] < i]
        else:
            before = chain_keys[: chain_keys.index(p.key)]
        reasons = _reasons(p, s, b, sim, base, moved, before, gates, recorded, waiting_for)
        if moved[p.key]:
            reasons += contract_reasons(inp, latest=max((d for d in (end, end_of(b, base)) if d), default=None))
        logged = s.logged_total
        planned = _hours(sum(s.planned.values()))
        ongoing = p.kind == PhaseKind.CONTINUOUS and s.start is not None and not s.done
        unused = Decimal(0)
        if p.kind == PhaseKind.EFFORT and (s.awaiting or s.completed) and logged < p.effort_hours:
            unused = (p.effort_hours - logged).quantize(CENT)
        results.append(PhaseResult(
            key=p.key, name=p.name, kind=PhaseKind(p.kind), category=p.category, start=s.start, end=end,
            end_min=end_min, end_max=end_max, hours=(logged + planned).quantize(CENT),
            logged_hours=logged.quantize(CENT), planned_hours=planned, status=status, ongoing=ongoing,
            waiting_for=waiting_for, baseline_start=b.start, baseline_end=end_of(b, base), reasons=reasons,
            start_shift=sim.calendar.shift(b.start, s.start),
            end_shift=0 if ongoing else sim.calendar.shift(end_of(b, base), end),
            awaiting_confirmation=s.awaiting, unused_hours=unused,
        ))

    gate_results = tuple(
        GateResult(key=g.key, name=g.name, after_phase=g.after_phase, date=sim.gate_dates[g.key],
                   status=sim.gate_status[g.key])
        for g in tpl.gates
    )

    planned_by_month: dict[int, dict[str, int]] = {}
    logged_by_month: dict[int, dict[str, Decimal]] = {}
    for d, key, logged_h, planned_m in _iter_days(sim):
        k = month_index(inp.start, d)
        if planned_m:
            row = planned_by_month.setdefault(k, {})
            row[key] = row.get(key, 0) + planned_m
        if logged_h:
            lrow = logged_by_month.setdefault(k, {})
            lrow[key] = lrow.get(key, Decimal(0)) + logged_h
    month_results = []
    for k in range(1, sim.months + 1):
        first, end_m, days = sim.calendar.month(k)
        pm = planned_by_month.get(k, {})
        lm = logged_by_month.get(k, {})
        planned_h = _apportion(pm)
        by_phase = {}
        for p in tpl.phases:
            h = planned_h.get(p.key, Decimal(0)) + lm.get(p.key, Decimal(0))
            if h:
                by_phase[p.key] = h.quantize(CENT)
        month_results.append(MonthResult(
            index=k, start=first, end=end_m, working_days=len(days), contracted_hours=inp.hours_in_month(k),
            planned_hours=_hours(sum(pm.values())), logged_hours=sum(lm.values(), Decimal(0)).quantize(CENT),
            hours_by_phase=by_phase,
        ))
    return Schedule(phases=tuple(results), gates=gate_results, months=tuple(month_results),
                    horizon_end=sim.horizon_end)


def blocking_gate(template: TemplateSpec, gates_passed: Mapping[str, dt.date], *, on: dt.date,
                  phase_key: str | None = None, category: str | None = None) -> GateSpec | None:
    """The first gate, required by that phase (or by any phase of that category), not passed by ``on``."""
    gates = {g.key: g for g in template.gates}
    for p in template.phases:
        if (phase_key is not None and p.key == phase_key) or (category is not None and p.category == category):
            for g in p.requires_gates:
                passed = gates_passed.get(g)
                if g in gates and (passed is None or passed > on):
                    return gates[g]
    return None
