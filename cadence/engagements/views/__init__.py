"""Views of the engagement screens, split by feature.

* ``engagements``: new engagement (with its live timeline preview), edit, phase editor, history.
* ``timeline``: the engagement page (team and client views), the Gantt SVG, phase completion, gates.
* ``time``: time entries, hour overrides.
* ``templates``: process templates.

Views stay thin: a form parses, a service writes, a ``DomainError`` becomes a form error or a
message. Objects come from ``cadence.tenancy`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cadence.engagements import queries
from cadence.engagements.gantt import render_gantt
from cadence.engagements.schedule import Schedule


def month_label(day: dt.date) -> str:
    """A month column's label: the day it starts (engagement months need not start on the 1st)."""
    if day.day == 1:
        return date_format(day, "M Y")
    return date_format(day, "j M")


names = queries.display_names


def visible_part(schedule: Schedule, today: dt.date | None) -> Schedule:
    """The schedule cut to the months worth drawing: up to the last one-off end, gate and today, plus one.

    The engine plans a fixed horizon; a chart of twelve months with the work in the first five is mostly
    empty. Continuous phases are drawn to the right edge anyway.
    """
    dates = [d for p in schedule.phases if not p.ongoing for d in (p.end_max, p.end) if d]
    dates += [g.date for g in schedule.gates if g.date]
    if today is not None:
        dates.append(today)
    if not dates or not schedule.months:
        return schedule
    last = max(dates)
    keep = [m for m in schedule.months if m.start <= last]
    count = min(len(keep) + 1, len(schedule.months))
    return dataclasses.replace(schedule, months=schedule.months[: max(count, 3)])


def gantt_svg(schedule: Schedule, *, today: dt.date | None, id_prefix: str = "gantt", title: str = "",
              phase_names: dict[str, str] | None = None, gate_names: dict[str, str] | None = None) -> str:
    """The chart; pass the names from ``queries.display_names`` with the rows (per-language names)."""
    return render_gantt(
        visible_part(schedule, today),
        today=today,
        labels=phase_names if phase_names is not None else names(schedule.phases),
        gate_labels=gate_names if gate_names is not None else names(schedule.gates),
        month_label=month_label,
        date_label=lambda d: date_format(d, "SHORT_DATE_FORMAT"),
        title=title or _("Timeline"),
        gates_heading=_("Gates"),
        today_label=_("Today"),
        ongoing_label=_("ongoing"),
        id_prefix=id_prefix,
    )


def membership(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def month_choices(start: dt.date, count: int) -> list[tuple[int, str]]:
    from cadence.engagements.schedule import month_bounds

    out = []
    for k in range(1, max(count, 1) + 1):
        first, end = month_bounds(start, k)
        out.append((k, _("Month %(n)s (%(start)s – %(end)s)") % {
            "n": k, "start": date_format(first, "SHORT_DATE_FORMAT"),
            "end": date_format(end - dt.timedelta(days=1), "SHORT_DATE_FORMAT")}))
    return out
