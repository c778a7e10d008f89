"""Views of the engagement screens, split by feature.

* ``engagements``: new engagement (with its live timeline preview), edit, phase editor, history.
* ``timeline``: the engagement page (team and client views), the Gantt SVG, phase completion, gates.
* ``time``: time entries, hour overrides.
* ``templates``: process templates.

Views stay thin: a form parses, a service writes, a ``DomainError`` becomes a form error or a
message. Objects come from ``cadence.tenancy`` only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cadence.core.models import Membership
from cadence.engagements import queries
from cadence.engagements.gantt import ScreenGantt, render_gantt, render_gantt_screen
from cadence.engagements.schedule import Schedule
from cadence.http import WorkspaceRequest

# Month columns start on the 1st: the month's short name and the year ("Jan 2027", "ian 2027", "янв 2027").
# Romanian and Russian write month names in lower case (Django's "b"); English capitalises them ("M").
LOWER_CASE_MONTHS = {"ro", "ru"}


def _short_month(fmt: str) -> str:
    return fmt.replace("M", "b") if (get_language() or "en")[:2] in LOWER_CASE_MONTHS else fmt


def month_label(day: dt.date) -> str:
    """A month column's label (the columns are calendar months)."""
    return date_format(day, _short_month("M Y"))


names = queries.display_names


def legend_labels() -> dict[str, str]:
    """What each colour of the timeline means, translated (on the page and in the downloads)."""
    return {
        "logged": _("hours logged (done)"),
        "in_progress": _("in progress"),
        "planned": _("planned"),
        "range": _("earliest to latest end"),
        "ongoing": _("ongoing work"),
        "waiting": _("awaiting a gate or a confirmation"),
        "gate_passed": _("gate passed"),
        "gate_expected": _("gate expected"),
        "gate_holding": _("gate holding the plan"),
        "today": _("today"),
        "contract_end": _("end of the contract"),
    }


def _gantt_texts(today: dt.date | None, title: str) -> dict[str, Any]:
    return {
        "month_label": month_label,
        "date_label": lambda d: date_format(d, "SHORT_DATE_FORMAT"),
        "title": title or _("Timeline"),
        "gates_heading": _("Gates"),
        "today_label": _("Today, %(date)s") % {"date": date_format(today, _short_month("j M Y"))} if today else "",
        "ongoing_label": _("ongoing"),
        "contract_end_label": _("End of the contract"),
        "legend_labels": legend_labels(),
    }


def contract_period(start: dt.date, contract_months: int | None) -> dict[str, Any]:
    """The months a timeline covers: the contract's from ``start``, its end marked; 12 when open-ended."""
    if contract_months:
        return {"start": start, "months": contract_months, "mark_end": True}
    return {"start": start, "months": 12, "mark_end": False}


def gantt_svg(schedule: Schedule, *, today: dt.date | None, id_prefix: str = "gantt", title: str = "",
              start: dt.date | None = None, months: int = 12, mark_end: bool = False,
              phase_names: dict[str, str] | None = None, gate_names: dict[str, str] | None = None) -> ScreenGantt:
    """The page's timeline, covering ``months`` months from ``start`` (by default the schedule's start);
    ``mark_end`` draws the period's end (a contract's last day). Pass the names from
    ``queries.display_names`` (per-language names); the schedule's own names otherwise."""
    return render_gantt_screen(
        schedule, today=today, labels=phase_names if phase_names is not None else names(schedule.phases),
        gate_labels=gate_names if gate_names is not None else names(schedule.gates),
        start=start, months=months, mark_end=mark_end, id_prefix=id_prefix, **_gantt_texts(today, title),
    )


def gantt_export_svg(schedule: Schedule, *, today: dt.date | None, title: str, heading: list[str],
                     start: dt.date | None = None, months: int = 12, mark_end: bool = False,
                     width: int | None = None, phase_names: dict[str, str] | None = None,
                     gate_names: dict[str, str] | None = None) -> str:
    """The downloadable timeline: the same chart with a heading and the legend drawn in."""
    return render_gantt(
        schedule, today=today, labels=phase_names if phase_names is not None else names(schedule.phases),
        gate_labels=gate_names if gate_names is not None else names(schedule.gates),
        heading=heading, start=start, months=months, mark_end=mark_end, width=width, id_prefix="gantt",
        **_gantt_texts(today, title),
    )


def membership(request: WorkspaceRequest) -> Membership:
    return request.membership


def month_choices(start: dt.date, count: int) -> list[tuple[int, str]]:
    from cadence.engagements.schedule import month_bounds

    out = []
    for k in range(1, max(count, 1) + 1):
        first, end = month_bounds(start, k)
        out.append((k, _("Month %(n)s (%(start)s – %(end)s)") % {
            "n": k, "start": date_format(first, "SHORT_DATE_FORMAT"),
            "end": date_format(end - dt.timedelta(days=1), "SHORT_DATE_FORMAT")}))
    return out
