"""What the schedule engine is given: templates (phases, gates), their validation and the engagement's inputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


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
