"""Benchmark of the schedule engine (not a test): 24-month schedules of the built-in templates.

    /work/venv/bin/python bench/bench_schedule.py [--runs N]

Prints, per template, the median time of ``compute_schedule`` over N runs (a preview, and a schedule
with a month of logged hours and a recorded gate) and the peak memory of one run (tracemalloc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cadence.engagements.builtin_templates import RETAINER, SOSTAC  # noqa: E402
from cadence.engagements.schedule import (  # noqa: E402
    PhaseActuals,
    ScheduleInput,
    TemplateSpec,
    compute_schedule,
    working_days,
)

START = dt.date(2027, 1, 11)


def inputs(template: TemplateSpec) -> dict[str, ScheduleInput]:
    preview = ScheduleInput(start=START, monthly_hours=Decimal(40), country="RO", template=template,
                            horizon_months=24)
    first = template.phases[0].key
    logs = {d: Decimal(2) for d in working_days("RO", START, dt.date(2027, 2, 10))}
    tracked = ScheduleInput(start=START, monthly_hours=Decimal(40), country="RO", template=template,
                            horizon_months=24, today=dt.date(2027, 2, 15),
                            actuals={first: PhaseActuals(logged=logs, completed_on=max(logs))},
                            gates_passed={g.key: dt.date(2027, 2, 12) for g in template.gates[:1]})
    return {"preview": preview, "with actuals": tracked}


def median_ms(inp: ScheduleInput, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        compute_schedule(inp)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def peak_kib(inp: ScheduleInput) -> float:
    tracemalloc.start()
    compute_schedule(inp)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"compute_schedule, 24 months from {START}, 40 h/month, RO; median of {args.runs} runs "
          f"(holiday tables warm); Python {sys.version.split()[0]}")
    print(f"{'template':<10} {'case':<13} {'months':>6} {'median ms':>10} {'peak KiB':>9}")
    for template in (RETAINER, SOSTAC):
        for case, inp in inputs(template).items():
            months = len(compute_schedule(inp).months)  # also warms the caches
            print(f"{template.key:<10} {case:<13} {months:>6} {median_ms(inp, args.runs):>10.2f} "
                  f"{peak_kib(inp):>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
