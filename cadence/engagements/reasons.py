"""Why a phase moved, in sentences: turns the engine's ``Reason(code, params)`` into translated text.

Two audiences: the agency team (precise, with the numbers) and the client (plain words: what it
means for them). Phase and gate keys in the params are replaced by their display names, dates and
hours are formatted for the current language.

Each reason code has one entry in ``SENTENCES`` (code -> a function writing the whole sentence for an
audience) and a rank in ``RANK`` (lower comes first: causes the client controls, then scope changes and
contract terms, then the calendar, then the knock-on effects and the pace of the work). A new code is
one entry in each table. Every sentence is written whole in one ``gettext`` call; none says that less
work made something finish later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


_DOUBLE_STOP = re.compile(r"\.\.(?=\s|$)")


def _sentence(text: str) -> str:
    """A date that ends with an abbreviation ("1 февраля 2027 г.") also ends the sentence: one full stop."""
    return _DOUBLE_STOP.sub(".", text)


@dataclass(frozen=True)
class _Ctx:
    params: Mapping[str, str | int | float]
    phase: str
    gate: str
    client: bool


def _over_estimate(c: _Ctx) -> str:
    values = {"phase": c.phase, "logged": format_hours(c.params.get("logged")),
              "estimate": format_hours(c.params.get("estimate"))}
    if c.client:
        return _("The scope of “%(phase)s” grew: it needs %(logged)s h of work, not the %(estimate)s h first "
                 "estimated.") % values
    return _("Scope change: “%(phase)s” has taken %(logged)s h, more than its estimate of %(estimate)s h.") % values


def _awaiting_confirmation(c: _Ctx) -> str:
    values = {"phase": c.phase, "logged": format_hours(c.params.get("logged")),
              "estimate": format_hours(c.params.get("estimate")), "date": _date(c.params.get("date"))}
    if c.client:
        return _("Work on “%(phase)s” stopped on %(date)s, when the next steps began; we will confirm "
                 "that it is finished.") % values
    return _("“%(phase)s” stopped at %(logged)s h of its %(estimate)s h on %(date)s while later work began: "
             "it ends on that day until you mark it completed or keep it open.") % values


def _behind_plan(c: _Ctx) -> str:
    values = {"phase": c.phase, "logged": format_hours(c.params.get("logged")),
              "planned": format_hours(c.params.get("planned"))}
    if c.params.get("date"):  # a phase that finished in the past, later than planned
        values["date"] = _date(c.params.get("date"))
        if c.client:
            return _("Work on “%(phase)s” was spread over more days than first planned: by %(date)s, "
                     "%(logged)s h of the %(planned)s h planned by then had been done.") % values
        return _("By %(date)s, %(logged)s h were logged on “%(phase)s”, where the plan expected "
                 "%(planned)s h.") % values
    if c.client:
        return _("Work on “%(phase)s” is going at a slower pace than first planned: %(logged)s h so far, "
                 "where the plan expected %(planned)s h by now.") % values
    return _("%(logged)s h logged on “%(phase)s” by now, where the plan expected %(planned)s h.") % values


def _ahead_of_plan(c: _Ctx) -> str:
    values = {"phase": c.phase, "logged": format_hours(c.params.get("logged")),
              "planned": format_hours(c.params.get("planned"))}
    if c.client:
        return _("Work on “%(phase)s” went faster than planned, so it finishes earlier.") % values
    if c.params.get("date"):
        values["date"] = _date(c.params.get("date"))
        return _("By %(date)s, %(logged)s h were logged on “%(phase)s”, where the plan expected only "
                 "%(planned)s h.") % values
    return _("%(logged)s h logged on “%(phase)s” by now, more than the %(planned)s h planned.") % values


def _started_late(c: _Ctx) -> str:
    values = {"phase": c.phase, "date": _date(c.params.get("date")), "baseline": _date(c.params.get("baseline"))}
    return _("Work on “%(phase)s” began on %(date)s instead of %(baseline)s.") % values


def _started_early(c: _Ctx) -> str:
    values = {"phase": c.phase, "date": _date(c.params.get("date")), "baseline": _date(c.params.get("baseline"))}
    return _("Work on “%(phase)s” began on %(date)s, earlier than the planned %(baseline)s.") % values


def _gate_open(c: _Ctx) -> str:
    since = c.params.get("since")
    if c.client:
        return _("This step can only start once “%(gate)s” is confirmed. Until then it waits, "
                 "and the dates after it move with it.") % {"gate": c.gate}
    if since:
        return _("Waiting for the gate “%(gate)s”: the work before it ended on %(since)s, "
                 "but the gate has not been recorded as passed.") % {"gate": c.gate, "since": _date(since)}
    return _("Waiting for the gate “%(gate)s”, which has not been recorded as passed.") % {"gate": c.gate}


def _gate_recorded(c: _Ctx) -> str:
    days = _int(c.params.get("days"))
    values: dict[str, object] = {"gate": c.gate, "date": _date(c.params.get("date")),
                                 "assumed": _date(c.params.get("assumed")), "count": abs(days)}
    if days > 0:
        if c.client:
            return ngettext("“%(gate)s” was confirmed on %(date)s, %(count)s working day after the plan expected it.",
                            "“%(gate)s” was confirmed on %(date)s, %(count)s working days after the plan "
                            "expected it.", days) % values
        return ngettext("The gate “%(gate)s” was recorded on %(date)s, %(count)s working day later than the plan "
                        "assumed (%(assumed)s).",
                        "The gate “%(gate)s” was recorded on %(date)s, %(count)s working days later than the plan "
                        "assumed (%(assumed)s).", days) % values
    if days < 0:
        if c.client:
            return ngettext("“%(gate)s” was confirmed on %(date)s, %(count)s working day earlier than the plan "
                            "expected.",
                            "“%(gate)s” was confirmed on %(date)s, %(count)s working days earlier than the plan "
                            "expected.", -days) % values
        return ngettext("The gate “%(gate)s” was recorded on %(date)s, %(count)s working day earlier than the plan "
                        "assumed (%(assumed)s).",
                        "The gate “%(gate)s” was recorded on %(date)s, %(count)s working days earlier than the "
                        "plan assumed (%(assumed)s).", -days) % values
    if c.client:
        return _("“%(gate)s” was confirmed on %(date)s; the plan had expected %(assumed)s.") % values
    return _("The gate “%(gate)s” was recorded on %(date)s; the plan had assumed %(assumed)s.") % values


def _completed_early(c: _Ctx) -> str:
    values = {"phase": c.phase, "date": _date(c.params.get("date")), "baseline": _date(c.params.get("baseline"))}
    return _("“%(phase)s” was completed on %(date)s, earlier than planned (%(baseline)s).") % values


def _completed_late(c: _Ctx) -> str:
    values = {"phase": c.phase, "date": _date(c.params.get("date")), "baseline": _date(c.params.get("baseline"))}
    return _("“%(phase)s” was completed on %(date)s, later than planned (%(baseline)s).") % values


def _predecessor_moved(c: _Ctx) -> str:
    if c.client:
        return _("It follows “%(phase)s”, whose dates changed.") % {"phase": c.phase}
    return _("The phase before it, “%(phase)s”, moved.") % {"phase": c.phase}


def _not_before_month(c: _Ctx) -> str:
    values = {"month": c.params.get("month"), "date": _date(c.params.get("date"))}
    if c.client:
        return _("It is planned to begin no earlier than month %(month)s of our work together (%(date)s).") % values
    return _("It cannot start before month %(month)s (%(date)s).") % values


# code -> the whole sentence for an audience. Keep the codes stable: the API returns them.
SENTENCES: dict[str, Callable[[_Ctx], str]] = {
    "gate_recorded": _gate_recorded,
    "gate_open": _gate_open,
    "over_estimate": _over_estimate,
    "awaiting_confirmation": _awaiting_confirmation,
    "not_before_month": _not_before_month,
    "completed_early": _completed_early,
    "completed_late": _completed_late,
    "predecessor_moved": _predecessor_moved,
    "behind_plan": _behind_plan,
    "ahead_of_plan": _ahead_of_plan,
    "started_late": _started_late,
    "started_early": _started_early,
}

# The main cause comes first: what the client controls (approvals), then scope and contract changes, then
# the calendar, then knock-on effects, then the pace of the work. Unknown codes come last.
RANK: dict[str, int] = {
    "gate_recorded": 10,
    "gate_open": 11,
    "over_estimate": 20,
    "contract_changed": 21,  # reserved: contract terms that change from a given month
    "awaiting_confirmation": 25,
    "not_before_month": 30,
    "completed_early": 40,
    "completed_late": 40,
    "predecessor_moved": 50,
    "behind_plan": 60,
    "ahead_of_plan": 60,
    "started_late": 70,
    "started_early": 70,
}


def ordered(reasons: Iterable[Reason]) -> list[Reason]:
    """The reasons with the main cause first (a stable sort: the engine's order breaks ties)."""
    return sorted(reasons, key=lambda r: RANK.get(r.code, 99))


def explain(
    reason: Reason, *, phase_names: Mapping[str, str], gate_names: Mapping[str, str], audience: Audience = "team"
) -> str:
    """One translated sentence for one reason."""
    p = reason.params
    ctx = _Ctx(params=p, phase=phase_names.get(str(p.get("phase", "")), str(p.get("phase", ""))),
               gate=gate_names.get(str(p.get("gate", "")), str(p.get("gate", ""))), client=audience == "client")
    if reason.code in CONTRACT_CODES:
        return _sentence(explain_contract(reason, client=ctx.client))
    write = SENTENCES.get(reason.code)
    return _sentence(write(ctx)) if write is not None else _("The plan changed.")


def shift_sentence(phase: PhaseResult) -> str:
    """How far a phase moved from the first plan, in working days: one whole sentence."""
    if phase.end_shift > 0:
        n = phase.end_shift
        return ngettext("Ends %(count)s working day later than first planned.",
                        "Ends %(count)s working days later than first planned.", n) % {"count": n}
    if phase.end_shift < 0:
        n = -phase.end_shift
        return ngettext("Ends %(count)s working day earlier than first planned.",
                        "Ends %(count)s working days earlier than first planned.", n) % {"count": n}
    if phase.start_shift > 0:
        n = phase.start_shift
        return ngettext("Starts %(count)s working day later than first planned.",
                        "Starts %(count)s working days later than first planned.", n) % {"count": n}
    if phase.start_shift < 0:
        n = -phase.start_shift
        return ngettext("Starts %(count)s working day earlier than first planned.",
                        "Starts %(count)s working days earlier than first planned.", n) % {"count": n}
    if phase.end is None and not phase.ongoing:
        return _("Its end cannot be dated yet.")
    return _("Its dates changed.")


@dataclass(frozen=True)
class Moved:
    """A phase whose dates differ from the first plan: how far it moved and why, main cause first."""

    phase: PhaseResult
    name: str
    old_start: dt.date | None
    old_end: dt.date | None
    new_start: dt.date | None
    new_end: dt.date | None
    days: int  # working days the end moved (the start for ongoing phases); positive: later
    headline: str  # "Ends 7 working days later than first planned."
    sentences: tuple[str, ...]  # the causes, main cause first

    @property
    def main(self) -> str:
        return self.sentences[0] if self.sentences else ""

    @property
    def others(self) -> tuple[str, ...]:
        return self.sentences[1:]


def _displayed_end(p: PhaseResult, end: dt.date | None) -> dt.date | None:
    return None if p.ongoing else end


def moved_phases(
    schedule: Schedule, *, phase_names: Mapping[str, str], gate_names: Mapping[str, str], audience: Audience = "team"
) -> list[Moved]:
    """Every phase whose start or end differs from the baseline: one line each, the main cause first."""
    out = []
    for p in schedule.phases:
        if p.ongoing:
            changed = p.start != p.baseline_start
        else:
            changed = (p.start, p.end) != (p.baseline_start, p.baseline_end)
        if not changed:
            continue
        sentences = tuple(explain_all(p.reasons, phase_names=phase_names, gate_names=gate_names, audience=audience))
        out.append(Moved(
            phase=p, name=phase_names.get(p.key, p.name), old_start=p.baseline_start,
            old_end=_displayed_end(p, p.baseline_end), new_start=p.start, new_end=_displayed_end(p, p.end),
            days=p.end_shift or p.start_shift, headline=shift_sentence(p), sentences=sentences,
        ))
    return out


def explain_all(
    reasons: Iterable[Reason], *, phase_names: Mapping[str, str], gate_names: Mapping[str, str],
    audience: Audience = "team",
) -> list[str]:
    """The reasons as sentences, main cause first, without repeats."""
    seen: list[str] = []
    for r in ordered(reasons):
        sentence = explain(r, phase_names=phase_names, gate_names=gate_names, audience=audience)
        if sentence not in seen:
            seen.append(sentence)
    return seen
