"""Why a phase moved, in sentences: turns the engine's ``Reason(code, params)`` into translated text.

Two audiences: the agency team (precise, with the numbers) and the client (plain words: what it
means for them). Phase and gate keys in the params are replaced by their display names, dates and
hours are formatted for the current language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence.engagements.contract_text import CONTRACT_CODES, explain_contract
from cadence.engagements.schedule import PhaseResult, Reason, Schedule
from cadence.engagements.templatetags.cadence_tags import format_hours

Audience = Literal["team", "client"]


def _date(value: object) -> str:
    if isinstance(value, dt.date):
        return date_format(value)
    try:
        return date_format(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def explain(
    reason: Reason, *, phase_names: Mapping[str, str], gate_names: Mapping[str, str], audience: Audience = "team"
) -> str:
    """One translated sentence for one reason."""
    p = reason.params
    phase = phase_names.get(str(p.get("phase", "")), str(p.get("phase", "")))
    gate = gate_names.get(str(p.get("gate", "")), str(p.get("gate", "")))
    client = audience == "client"
    code = reason.code
    if code in CONTRACT_CODES:
        return explain_contract(reason, client=client)
    if code == "over_estimate":
        values = {"phase": phase, "logged": format_hours(p.get("logged")), "estimate": format_hours(p.get("estimate"))}
        if client:
            return _("“%(phase)s” needed more work than estimated (%(logged)s h instead of %(estimate)s h), "
                     "so the steps after it start later.") % values
        return _("“%(phase)s” has taken %(logged)s h, more than its estimate of %(estimate)s h.") % values
    if code == "behind_plan":
        values = {"phase": phase, "logged": format_hours(p.get("logged")), "planned": format_hours(p.get("planned"))}
        if p.get("date"):  # a phase that finished in the past, later than planned
            values["date"] = _date(p.get("date"))
            if client:
                return _("By %(date)s less time had gone into “%(phase)s” than planned (%(logged)s h of "
                         "%(planned)s h), so it finished later.") % values
            return _("By %(date)s, %(logged)s h were logged on “%(phase)s”, where the plan expected "
                     "%(planned)s h.") % values
        if client:
            return _("Less time has gone into “%(phase)s” so far than planned (%(logged)s h of %(planned)s h), "
                     "so it finishes later.") % values
        return _("%(logged)s h logged on “%(phase)s” by now, where the plan expected %(planned)s h.") % values
    if code in ("started_late", "started_early"):
        values = {"phase": phase, "date": _date(p.get("date")), "baseline": _date(p.get("baseline"))}
        if code == "started_late":
            return _("Work on “%(phase)s” began on %(date)s instead of %(baseline)s.") % values
        return _("Work on “%(phase)s” began on %(date)s, earlier than the planned %(baseline)s.") % values
    if code == "ahead_of_plan":
        values = {"phase": phase, "logged": format_hours(p.get("logged")), "planned": format_hours(p.get("planned"))}
        if client:
            return _("Work on “%(phase)s” went faster than planned, so it finishes earlier.") % values
        if p.get("date"):
            values["date"] = _date(p.get("date"))
            return _("By %(date)s, %(logged)s h were logged on “%(phase)s”, where the plan expected only "
                     "%(planned)s h.") % values
        return _("%(logged)s h logged on “%(phase)s” by now, more than the %(planned)s h planned.") % values
    if code == "gate_open":
        since = p.get("since")
        if client:
            return _("This step can only start once “%(gate)s” is confirmed. Until then it waits, "
                     "and the dates after it move with it.") % {"gate": gate}
        if since:
            return _("Waiting for the gate “%(gate)s”: the work before it ended on %(since)s, "
                     "but the gate has not been recorded as passed.") % {"gate": gate, "since": _date(since)}
        return _("Waiting for the gate “%(gate)s”, which has not been recorded as passed.") % {"gate": gate}
    if code == "gate_recorded":
        values = {"gate": gate, "date": _date(p.get("date")), "assumed": _date(p.get("assumed"))}
        if client:
            return _("“%(gate)s” was confirmed on %(date)s; the plan had expected %(assumed)s.") % values
        return _("The gate “%(gate)s” was recorded on %(date)s; the plan had assumed %(assumed)s.") % values
    if code == "completed_early":
        values = {"phase": phase, "date": _date(p.get("date")), "baseline": _date(p.get("baseline"))}
        return _("“%(phase)s” was completed on %(date)s, earlier than planned (%(baseline)s).") % values
    if code == "completed_late":
        values = {"phase": phase, "date": _date(p.get("date")), "baseline": _date(p.get("baseline"))}
        return _("“%(phase)s” was completed on %(date)s, later than planned (%(baseline)s).") % values
    if code == "predecessor_moved":
        if client:
            return _("It follows “%(phase)s”, whose dates changed.") % {"phase": phase}
        return _("The phase before it, “%(phase)s”, moved.") % {"phase": phase}
    if code == "not_before_month":
        values = {"month": p.get("month"), "date": _date(p.get("date"))}
        if client:
            return _("It is planned to begin no earlier than month %(month)s of our work together (%(date)s).") % values
        return _("It cannot start before month %(month)s (%(date)s).") % values
    return _("The plan changed.")


@dataclass(frozen=True)
class Moved:
    """A phase whose dates differ from the first plan, and why."""

    phase: PhaseResult
    name: str
    old_start: dt.date | None
    old_end: dt.date | None
    new_start: dt.date | None
    new_end: dt.date | None
    sentences: tuple[str, ...]


def _displayed_end(p: PhaseResult, end: dt.date | None) -> dt.date | None:
    return None if p.ongoing else end


def moved_phases(
    schedule: Schedule, *, phase_names: Mapping[str, str], gate_names: Mapping[str, str], audience: Audience = "team"
) -> list[Moved]:
    """Every phase whose start or end differs from the baseline, with its reasons as sentences."""
    out = []
    for p in schedule.phases:
        if p.ongoing:
            changed = p.start != p.baseline_start
        else:
            changed = (p.start, p.end) != (p.baseline_start, p.baseline_end)
        if not changed and not p.reasons:
            continue
        sentences = tuple(explain_all(p.reasons, phase_names=phase_names, gate_names=gate_names, audience=audience))
        out.append(Moved(
            phase=p, name=phase_names.get(p.key, p.name), old_start=p.baseline_start,
            old_end=_displayed_end(p, p.baseline_end), new_start=p.start, new_end=_displayed_end(p, p.end),
            sentences=sentences,
        ))
    return out


def explain_all(
    reasons: Iterable[Reason], *, phase_names: Mapping[str, str], gate_names: Mapping[str, str],
    audience: Audience = "team",
) -> list[str]:
    seen: list[str] = []
    for r in reasons:
        sentence = explain(r, phase_names=phase_names, gate_names=gate_names, audience=audience)
        if sentence not in seen:
            seen.append(sentence)
    return seen
