"""The pure schedule engine's public names, re-exported from ``cadence.engagements.domain``.

The engine itself lives in the domain package (no Django there): ``domain.spec`` (templates, validation,
inputs), ``domain.calendar`` (engagement months, working days), ``domain.results`` (the returned
dataclasses), ``domain.simulation`` (the day-by-day allocation), ``domain.explain`` (why a phase moved,
contract warnings) and ``domain.engine`` (``compute_schedule``, ``daily_allocation``). This module keeps
``from cadence.engagements.schedule import ...`` working.
"""

from __future__ import annotations

from cadence.engagements.domain.calendar import month_bounds, month_index, working_days
from cadence.engagements.domain.engine import compute_schedule, daily_allocation
from cadence.engagements.domain.explain import contract_reasons, contract_warnings
from cadence.engagements.domain.results import (
    ContractWarning,
    GateResult,
    MonthResult,
    PhaseResult,
    PhaseStatus,
    Reason,
    Schedule,
)
from cadence.engagements.domain.simulation import MAX_HORIZON_MONTHS
from cadence.engagements.domain.spec import (
    PROBLEM_TEXTS,
    GateSpec,
    PhaseActuals,
    PhaseKind,
    PhaseSpec,
    Problem,
    ScheduleError,
    ScheduleInput,
    TemplateSpec,
    blocking_gate,
    gettext_noop,
)

__all__ = [
    "MAX_HORIZON_MONTHS", "PROBLEM_TEXTS", "ContractWarning", "GateResult", "GateSpec", "MonthResult", "PhaseActuals",
    "PhaseKind", "PhaseResult", "PhaseSpec", "PhaseStatus", "Problem", "Reason", "Schedule", "ScheduleError",
    "ScheduleInput", "TemplateSpec", "blocking_gate", "compute_schedule", "contract_reasons", "contract_warnings",
    "daily_allocation", "gettext_noop", "month_bounds", "month_index", "working_days",
]
