"""Why a phase moved from the baseline (reasons), and contract changes and contract-length warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from cadence.engagements.domain.calendar import month_bounds
from cadence.engagements.domain.results import ContractWarning, Reason, Schedule
from cadence.engagements.domain.simulation import CENT, _hours, _Sim, _State
from cadence.engagements.domain.spec import GateSpec, PhaseKind, PhaseSpec, ScheduleInput


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
