"""The plan's findings (``domain/findings.py``: a code and parameters) as sentences in the reader's language.

The pure modules report codes; this is the one place that words them, for the pages (and anything else that
shows a finding). Records are named through ``names`` (uid -> title), numbers and dates are formatted for the
reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cadence.plans.domain.findings import Finding
from cadence.plans.domain.seven_steps import Step

STEP_LABELS = {
    Step.WHO: gettext_lazy("Who: the department"),
    Step.DEPARTMENT_TASKS: gettext_lazy("The department's tasks"),
    Step.SMM_GOALS: gettext_lazy("Why social media serves them"),
    Step.SMM_TASKS: gettext_lazy("SMM tasks"),
    Step.KPIS: gettext_lazy("A KPI per task"),
    Step.ACTIONS: gettext_lazy("Actions, ranked"),
    Step.METRICS: gettext_lazy("Tracked metrics per action"),
}

LETTER_LABELS = {
    "S": gettext_lazy("Specific"), "M": gettext_lazy("Measurable"), "A": gettext_lazy("Achievable"),
    "R": gettext_lazy("Relevant"), "T": gettext_lazy("Time-bound"),
}


def _num(value: object) -> str:
    try:
        return number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
    except (InvalidOperation, ValueError):
        return str(value)


def _date(value: object) -> str:
    try:
        return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _quadrants(value: object) -> str:
    labels = {"strengths": _("strengths"), "weaknesses": _("weaknesses"), "opportunities": _("opportunities"),
              "threats": _("threats")}
    return ", ".join(labels.get(q, q) for q in str(value).split(",") if q)


def _parts(value: object) -> str:
    labels = {"product": _("the product"), "price": _("the price"), "distribution": _("the distribution"),
              "journey": _("the customer journey")}
    return ", ".join(labels.get(q, q) for q in str(value).split(",") if q)


def _levels(value: object) -> str:
    labels = {"acceptable": _("acceptable"), "optimal": _("optimal"), "best": _("best")}
    return ", ".join(labels.get(q, q) for q in str(value).split(",") if q)


def _named(value: object, names: Mapping[str, str]) -> str:
    return ", ".join(f"“{names.get(uid, uid[:8])}”" for uid in str(value).split(",") if uid)


def completeness_text(f: Finding, names: Mapping[str, str], questions: Mapping[str, str]) -> str:
    p = f.params
    match f.code:
        case "question_unanswered":
            return _("Unanswered: %(question)s") % {"question": questions.get(str(p.get("question")),
                                                                             str(p.get("question")))}
        case "company_profile":
            return _("The company profile has no company name yet.")
        case "mission":
            return _("The mission statement is missing.")
        case "team_roles":
            return _("No team role has a person yet.")
        case "swot":
            return _("The client's SWOT has nothing under: %(quadrants)s.") % {"quadrants": _quadrants(p.get("quadrants"))}
        case "competitor":
            return _("No competitor is named yet.")
        case "objective":
            return _("There is no objective yet.")
        case "objectives_complete":
            if not p.get("objectives"):
                return _("The objectives' goal trees are not complete.")
            return _("The 7-step view is not complete for: %(objectives)s.") % {
                "objectives": _named(p.get("objectives"), names)}
        case "target_market":
            return _("The target market names no country yet.")
        case "persona":
            return _("There is no buyer persona yet (negative personas do not count).")
        case "positioning":
            return _("The positioning is missing %(parts)s.") % {"parts": _parts(p.get("missing"))}
        case "channel_purposes":
            if not p.get("channels"):
                return _("No channel is listed yet.")
            return _("These channels have no purpose: %(channels)s.") % {"channels": _named(p.get("channels"), names)}
        case "budget_split":
            return _("The channels' shares of the advertising budget must each be given and add up to 100 %% "
                     "(now %(total)s %%).") % {"total": _num(p.get("total", 0))}
        case "initiative":
            return _("The 90-day action plan has no initiative yet.")
        case "initiatives_complete":
            if not p.get("initiatives"):
                return _("The 90-day action plan has no initiative yet.")
            return _("Each initiative needs a title, an owner, a start, an end not before the start and the "
                     "objective it serves: %(initiatives)s.") % {"initiatives": _named(p.get("initiatives"), names)}
        case "kpis_controlled":
            if not p.get("tasks"):
                return _("There is no KPI to control yet.")
            return _("These tasks' KPIs have no reviewer and review date: %(tasks)s.") % {
                "tasks": _named(p.get("tasks"), names)}
    return f.code


def smart_text(f: Finding) -> str:
    """Why a SMART letter fails, in a sentence."""
    p = f.params
    match f.code:
        case "no_title":
            return _("The task says nothing yet.")
        case "no_metric":
            return _("No metric is chosen for the KPI.")
        case "unknown_metric":
            return _("“%(metric)s” is not one of the documented metrics.") % {"metric": p.get("metric")}
        case "no_kpi":
            return _("The task has no KPI.")
        case "no_target":
            return _("No target: there is no number to measure.")
        case "no_baseline":
            return _("No baseline: there is nothing to measure the target against.")
        case "no_unit":
            return _("The KPI has no unit.")
        case "unit_mismatch":
            if p.get("expected") == "currency":
                return _("“%(unit)s” is not a currency code (such as EUR or MDL).") % {"unit": p.get("unit")}
            return _("The unit “%(unit)s” does not fit this metric; it is measured in “%(expected)s”.") % {
                "unit": p.get("unit"), "expected": p.get("expected")}
        case "no_direction":
            return _("Say whether a higher or a lower value is better.")
        case "target_not_beyond_baseline":
            if p.get("direction") == "down":
                return _("The target %(target)s is not below the baseline %(baseline)s (lower is better).") % {
                    "target": _num(p.get("target")), "baseline": _num(p.get("baseline"))}
            return _("The target %(target)s is not above the baseline %(baseline)s.") % {
                "target": _num(p.get("target")), "baseline": _num(p.get("baseline"))}
        case "levels_missing":
            return _("The objective's levels are missing: %(levels)s.") % {"levels": _levels(p.get("missing"))}
        case "levels_out_of_order":
            if p.get("direction") == "down":
                return _("The levels must go down: acceptable ≥ optimal ≥ best (%(acceptable)s, %(optimal)s, "
                         "%(best)s).") % {k: _num(p.get(k)) for k in ("acceptable", "optimal", "best")}
            return _("The levels must go up: acceptable ≤ optimal ≤ best (%(acceptable)s, %(optimal)s, "
                     "%(best)s).") % {k: _num(p.get(k)) for k in ("acceptable", "optimal", "best")}
        case "value_out_of_range":
            if p.get("unit") == "percent":
                return _("%(value)s is not a percentage between 0 and 100.") % {"value": _num(p.get("value"))}
            return _("%(value)s cannot be negative.") % {"value": _num(p.get("value"))}
        case "growth_too_steep":
            return _("From %(baseline)s to %(target)s in %(days)s days is more change than the baseline supports; "
                     "about %(accepted)s is realistic.") % {
                "baseline": _num(p.get("baseline")), "target": _num(p.get("target")), "days": p.get("days"),
                "accepted": _num(p.get("accepted"))}
        case "no_department_task":
            return _("The task serves none of the department's tasks.")
        case "unknown_department_task":
            return _("The task points at a department task of another objective.")
        case "no_due_date":
            return _("The KPI has no due date.")
        case "no_horizon":
            return _("The objective has no horizon (start and end).")
        case "horizon_too_short":
            return _("The horizon %(start)s – %(end)s is shorter than a year.") % {
                "start": _date(p.get("start")), "end": _date(p.get("end"))}
        case "due_after_horizon":
            return _("The KPI is due on %(due)s, after the objective's horizon ends on %(end)s.") % {
                "due": _date(p.get("due")), "end": _date(p.get("horizon_end"))}
        case "due_before_start":
            return _("The KPI is due on %(due)s, not after its baseline date %(start)s.") % {
                "due": _date(p.get("due")), "start": _date(p.get("start"))}
    return f.code


def step_text(f: Finding, names: Mapping[str, str]) -> str:
    """What is incomplete at a step of the 7-step view."""
    p = f.params
    task = names.get(str(p.get("task", "")), "")
    action = names.get(str(p.get("action", "")), "")
    match f.code:
        case "step_empty":
            return _("Nothing here yet.")
        case "blank_department_task":
            return _("A department task is blank.")
        case "objective_not_smart":
            return _("The objective fails the SMART letters %(letters)s.") % {"letters": p.get("letters")}
        case "too_few_tasks":
            return ngettext("%(count)s SMM task: at least %(min)s are needed.",
                            "%(count)s SMM tasks: at least %(min)s are needed.", int(p.get("count", 0))) % dict(p)
        case "too_many_tasks":
            return ngettext("%(count)s SMM task: at most %(max)s keep the focus.",
                            "%(count)s SMM tasks: at most %(max)s keep the focus.", int(p.get("count", 0))) % dict(p)
        case "task_not_smart":
            return _("“%(task)s” fails the SMART letters %(letters)s.") % {"task": task, "letters": p.get("letters")}
        case "task_without_kpi":
            return _("“%(task)s” has no KPI.") % {"task": task}
        case "task_without_actions":
            return _("“%(task)s” has no action.") % {"task": task}
        case "action_without_channel":
            return _("“%(action)s” names no channel.") % {"action": action}
        case "action_rank_missing":
            return _("“%(action)s” is not ranked by expected impact.") % {"action": action}
        case "action_rank_invalid":
            return _("“%(action)s” has rank %(rank)s; ranks start at 1.") % {"action": action, "rank": p.get("rank")}
        case "action_rank_duplicate":
            return _("In “%(task)s”, %(count)s actions share rank %(rank)s.") % {
                "task": task, "count": p.get("count"), "rank": p.get("rank")}
        case "too_few_metrics":
            return ngettext("“%(action)s” tracks %(count)s metric: at least %(min)s are needed.",
                            "“%(action)s” tracks %(count)s metrics: at least %(min)s are needed.",
                            int(p.get("count", 0))) % {"action": action, "count": p.get("count"), "min": p.get("min")}
        case "too_many_metrics":
            return ngettext("“%(action)s” tracks %(count)s metric: at most %(max)s are useful.",
                            "“%(action)s” tracks %(count)s metrics: at most %(max)s are useful.",
                            int(p.get("count", 0))) % {"action": action, "count": p.get("count"), "max": p.get("max")}
        case "metric_without_name":
            return _("A metric of “%(action)s” has no name.") % {"action": action}
    return f.code
