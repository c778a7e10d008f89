"""The day-by-day simulation behind the schedule: history from the logs, then each working day's
capacity handed out to the phases (see the package's docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from cadence.engagements.domain.calendar import _Calendar, _holiday_dates, month_bounds, month_index
from cadence.engagements.domain.spec import PhaseKind, PhaseSpec, ScheduleError, ScheduleInput

MAX_HORIZON_MONTHS = 60
CENT = Decimal("0.01")


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
