"""``cadence schedule``: preview an engagement's timeline without a database.

    cadence schedule --start 2027-01-11 --hours 40 --country RO [--template retainer|sostac]
                     [--json] [--months N] [--subdivision X] [--hours-from MONTH:HOURS ...]
                     [--contract-months N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation

import holidays

from cadence.engagements.builtin_templates import BUILTIN_TEMPLATES
from cadence.engagements.domain.limits import MAX_MONTHLY_HOURS, MIN_MONTHLY_HOURS
from cadence.engagements.domain.rollover import MonthFigures, RolloverRule, month_figures
from cadence.engagements.schedule import (
    MAX_HORIZON_MONTHS,
    PhaseKind,
    PhaseResult,
    Schedule,
    ScheduleError,
    ScheduleInput,
    compute_schedule,
    contract_warnings,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2027-01-11") from None


def _hours(value: str) -> Decimal:
    try:
        hours = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of hours") from None
    if not hours.is_finite() or not MIN_MONTHLY_HOURS <= hours <= MAX_MONTHLY_HOURS:
        # The same range as the engagement form and model: a preview of an engagement that cannot exist
        # would only mislead.
        raise argparse.ArgumentTypeError(
            f"monthly hours must be between {MIN_MONTHLY_HOURS} and {MAX_MONTHLY_HOURS}, not '{value}'")
    return hours


def _months(value: str) -> int:
    try:
        months = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of months") from None
    if not 1 <= months <= MAX_HORIZON_MONTHS:
        raise argparse.ArgumentTypeError(f"months must be between 1 and {MAX_HORIZON_MONTHS}")
    return months


def check_region(country: str, subdivision: str | None) -> tuple[str | None, str | None]:
    """The subdivision as the holidays package spells it, or a message naming the valid codes when
    ``country`` (or its ``subdivision``) has no holiday calendar."""
    supported = holidays.list_supported_countries()
    if country not in supported:
        return None, (f"public holidays are not known for '{country}'. Valid country codes: "
                      f"{', '.join(sorted(supported))}")
    if not subdivision:
        return None, None
    subdivisions = sorted(supported[country])
    for code in subdivisions:
        if code.upper() == subdivision.upper():
            return code, None
    valid = (f"valid subdivisions of {country}: {', '.join(subdivisions)}" if subdivisions
             else f"{country} has no subdivisions; leave --subdivision out")
    return None, f"public holidays are not known for '{country}/{subdivision}'; {valid}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadence schedule",
        description="Preview an engagement's timeline: when each phase starts and ends for the hours bought "
                    "each month, counting the country's working days. No database needed.",
    )
    parser.add_argument("--start", type=_date, required=True, help="first day of the engagement (YYYY-MM-DD)")
    parser.add_argument("--hours", type=_hours, required=True, help="hours bought each month")
    parser.add_argument("--country", required=True, help="ISO country code for public holidays, e.g. RO")
    parser.add_argument("--subdivision", default=None, help="state or region code, where holidays differ")
    parser.add_argument("--template", choices=sorted(BUILTIN_TEMPLATES), default="retainer",
                        help="process template (default: retainer)")
    parser.add_argument("--months", type=_months, default=12,
                        help="months to show at least (extended until every one-off phase ends)")
    parser.add_argument("--json", action="store_true",
                        help="print the phases, gates, months and horizon as JSON")
    parser.add_argument("--hours-from", type=_hours_from, action="append", default=[], metavar="MONTH:HOURS",
                        help="new contract terms: HOURS a month from engagement MONTH on, e.g. 5:60 (repeatable)")
    parser.add_argument("--contract-months", type=_months, default=None,
                        help="the contract's length in months, to warn about phases that do not fit into it")
    return parser


def _hours_from(value: str) -> tuple[int, Decimal]:
    month, _sep, hours = value.partition(":")
    try:
        k = int(month)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not MONTH:HOURS, e.g. 5:60") from None
    if k < 1:
        raise argparse.ArgumentTypeError("the month of new terms must be 1 or later")
    return k, _hours(hours)


def _num(value: Decimal) -> str:
    """Hours without trailing zeros and never in scientific notation: 40, 40.5."""
    return format(Decimal(value).quantize(Decimal("0.01")).normalize(), "f")


def _month_figures(schedule: Schedule, contract_months: int | None) -> list[tuple[dt.date, dt.date, MonthFigures]]:
    """Each month's first and last day with its figures (rollover.month_figures: contracted and planned,
    nothing logged yet), up to the contract's end when it has one."""
    months = schedule.months[: contract_months] if contract_months else schedule.months
    figures = month_figures([m.contracted_hours for m in months], [], RolloverRule(), closed_months=0,
                            planned=[m.planned_hours for m in months])
    return [(m.start, m.end - dt.timedelta(days=1), f) for m, f in zip(months, figures, strict=True)]


def render_months(schedule: Schedule, inp: ScheduleInput, contract_months: int | None) -> str:
    """The months' figures and the phases that do not fit into the contract, as text."""
    lines = ["", "Months:", "Month  Start       End         Contracted  Planned"]
    for start, end, f in _month_figures(schedule, contract_months):
        lines.append(f"{f.index:>5}  {start.isoformat()}  {end.isoformat()}  {_num(f.contracted):>10}  "
                     f"{_num(f.planned):>7}")
    for w in contract_warnings(schedule, inp, contract_months):
        when = "starts" if w.code == "starts_after" else "ends"
        lines.append(f"Warning: {w.phase} {when} after the contract ends on {w.contract_end.isoformat()} "
                     f"(at {_num(w.hours)} h a month).")
    return "\n".join(lines)


def _end_text(p: PhaseResult) -> str:
    if p.ongoing:
        return "ongoing"
    if p.end is None:
        return "after the horizon"
    text = p.end.isoformat()
    if p.kind == PhaseKind.DURATION and p.end_min and p.end_max and (p.end_min, p.end_max) != (p.end, p.end):
        text += f" ({p.end_min.isoformat()} to {p.end_max.isoformat()})"
    return text


def render_json(schedule: Schedule, inp: ScheduleInput, contract_months: int | None = None) -> dict[str, object]:
    """What the text output shows, as data: the input, the phases, the gates, the months' figures (with the
    phases that do not fit into the contract) and the horizon."""
    return {
        "input": {"start": inp.start.isoformat(), "hours": float(inp.monthly_hours), "country": inp.country,
                  "subdivision": inp.subdivision, "template": inp.template.key, "months": inp.horizon_months,
                  "hours_from": {str(k): float(v) for k, v in sorted(inp.hours_from_month.items())},
                  "contract_months": contract_months},
        "phases": schedule.to_json(),
        "gates": [{"key": g.key, "name": g.name, "after_phase": g.after_phase,
                   "date": g.date.isoformat() if g.date else None, "status": g.status} for g in schedule.gates],
        "months": [{"month": f.index, "start": start.isoformat(), "end": end.isoformat(),
                    "contracted": float(f.contracted), "planned": float(f.planned)}
                   for start, end, f in _month_figures(schedule, contract_months)],
        "warnings": [{"phase": w.phase, "code": w.code, "contract_end": w.contract_end.isoformat(),
                      "hours": float(w.hours)} for w in contract_warnings(schedule, inp, contract_months)],
        "horizon": {"end": schedule.horizon_end.isoformat(), "months": len(schedule.months)},
    }


def render_text(schedule: Schedule, *, title: str) -> str:
    rows = [("Phase", "Name", "Start", "End", "Hours")]
    for p in schedule.phases:
        rows.append((p.key, p.name, p.start.isoformat() if p.start else "-", _end_text(p), f"{p.hours}"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [title, ""]
    for n, r in enumerate(rows):
        lines.append("  ".join(c.rjust(widths[i]) if i == 4 else c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if schedule.gates:
        lines += ["", "Gates:"]
        kw = max(len(g.key) for g in schedule.gates)
        nw = max(len(g.name) for g in schedule.gates)
        for g in schedule.gates:
            when = g.date.isoformat() if g.date else "not within the horizon"
            lines.append(f"  {g.key.ljust(kw)}  {g.name.ljust(nw)}  {when}  ({g.status}, after {g.after_phase})")
    lines += ["", f"Horizon: until {schedule.horizon_end.isoformat()} ({len(schedule.months)} months)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the message (or the help) already
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    template = BUILTIN_TEMPLATES[args.template]
    country = args.country.strip().upper()
    subdivision, problem = check_region(country, (args.subdivision or "").strip() or None)
    if problem:
        print(f"cadence schedule: error: {problem}", file=sys.stderr)
        return 2
    inp = ScheduleInput(start=args.start, monthly_hours=args.hours, country=country,
                        subdivision=subdivision, template=template,
                        horizon_months=max(args.months, args.contract_months or 0),
                        hours_from_month=dict(args.hours_from))
    try:
        schedule = compute_schedule(inp)
    except ScheduleError as exc:
        print(f"cadence schedule: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(render_json(schedule, inp, args.contract_months), indent=2))
    else:
        title = (f"{template.name}: {args.hours} h/month from {args.start.isoformat()}, "
                 f"{inp.country}{'/' + subdivision if subdivision else ''}")
        print(render_text(schedule, title=title))
        print(render_months(schedule, inp, args.contract_months))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
