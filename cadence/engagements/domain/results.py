"""What the schedule engine returns: dated phases, gates, months and the reasons a phase moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cadence.engagements.domain.spec import PhaseKind


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


@dataclass(frozen=True)
class ContractWarning:
    """A phase that does not fit into a fixed-length contract (code ``starts_after`` or ``ends_after``)."""

    code: str
    phase: str
    contract_end: dt.date  # the contract's last day
    hours: Decimal  # the hours a month in the contract's last month
