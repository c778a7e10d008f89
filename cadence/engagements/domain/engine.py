"""The schedule engine's entry points: ``compute_schedule`` (the dated schedule, its baseline and the
reasons it moved) and ``daily_allocation`` (hours per day and phase)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cadence.engagements.domain.calendar import month_index
from cadence.engagements.domain.explain import _reasons, contract_reasons
from cadence.engagements.domain.results import GateResult, MonthResult, PhaseResult, PhaseStatus, Schedule
from cadence.engagements.domain.simulation import (
    CENT,
    _apportion,
    _check,
    _hours,
    _iter_days,
    _Sim,
    _simulate,
    _State,
)
from cadence.engagements.domain.spec import PhaseKind, ScheduleInput


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
