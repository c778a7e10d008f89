"""This app's part of ``cadence demo`` (registered in ``apps.py``): engagements at different stages for the
demo clients, their history logged by following the engine's own plan day by day.

Everything is written through the service functions (so the audit trail and every rule apply). Time is
logged only on past working days, recording each gate a few working days after the plan expected it
(clients take time to approve).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Sum

from cadence.accounts.models import User
from cadence.core import clock, registry
from cadence.core.demo import CLIENTS, DemoWorkspace, approver_of
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Workspace
from cadence.engagements import queries
from cadence.engagements import services as eng_services
from cadence.engagements.models import Engagement, HoursOverride, ProcessTemplate, TimeEntry
from cadence.engagements.schedule import blocking_gate, daily_allocation, month_index, working_days

# The team's note on a gate the client approved, in the engagement's language (demo data, not UI text).
GATE_NOTES = {"en": "Approved by the client by email.", "ro": "Aprobat de client prin e-mail.",
              "ru": "Клиент подтвердил по электронной почте."}
QUARTER = Decimal("0.25")


@dataclass
class EngagementPlan:
    client: str
    template: str
    name: str
    start_ago: relativedelta
    monthly_hours: int
    country: str
    time_zone: str
    currency: str
    language: str
    gate_delays: dict[str, int] = field(default_factory=dict)  # working days after the planned date
    effort_overrides: dict[str, int] = field(default_factory=dict)  # this engagement's own estimates
    rollover_cap: int = 0
    pace: Decimal = Decimal(1)  # share of the planned hours the team really logs
    upsell_hours: int = 0  # new contract terms from the current month on (an upsell)
    upsell_reason: str = ""
    extra_hours: int = 0  # extra hours approved in the current month, with a reason the client reads
    extra_reason: str = ""
    contract_months: int | None = None
    # Effort phases the team leaves below their estimate: no more hours once this many are logged; the gate
    # after it passes all the same and the next phase begins.
    stop_at: dict[str, Decimal] = field(default_factory=dict)
    # Of those, the ones the manager has marked completed (on their last day of work). The others are left
    # "awaiting confirmation", for the manager to answer on the engagement page.
    confirmed: tuple[str, ...] = ()


ENGAGEMENTS = [
    # Two weeks in, still researching.
    EngagementPlan("bakery", "retainer", "Social media & local ads", relativedelta(weeks=2), 20, "RO",
                   "Europe/Bucharest", "RON", "ro"),
    # About 2.5 months in: the client took a week and a half to approve the plan; the shop's catalogue
    # makes infrastructure bigger than the template's estimate, and it is under way.
    # Research stopped at 31 of its 32 h when the plan went to the client; the manager has not yet said whether
    # it is finished (the engagement page asks).
    EngagementPlan("furniture", "retainer", "Online shop growth", relativedelta(months=2, weeks=2), 40, "MD",
                   "Europe/Chisinau", "MDL", "ro", gate_delays={"plan_approved": 7, "materials_ready": 2},
                   effort_overrides={"infrastructure": 72}, rollover_cap=8, pace=Decimal("0.95"),
                   upsell_hours=60, upsell_reason="Extindere convenită cu clientul: mai multă publicitate pentru magazinul online.",
                   contract_months=12, stop_at={"research": Decimal(31)}),
    # Six months in: campaigns launched long ago, optimisation and reporting running, new channels done.
    # Research finished at 30.5 of its 32 h and the manager marked it completed.
    EngagementPlan("school", "retainer", "Student acquisition", relativedelta(months=6), 80, "KZ", "Asia/Almaty",
                   "KZT", "ru", gate_delays={"plan_approved": 3, "materials_ready": 1}, pace=Decimal("0.93"),
                   extra_hours=6, extra_reason="запуск курса к зимним каникулам",
                   stop_at={"research": Decimal("30.5")}, confirmed=("research",)),
    # A SOSTAC plan for next year's intake, seven weeks in.
    EngagementPlan("school", "sostac", "Marketing plan 2027 (SOSTAC)", relativedelta(weeks=7), 30, "KZ",
                   "Asia/Almaty", "KZT", "ru", gate_delays={"plan_approved": 4}, pace=Decimal("0.9")),
]

# Who usually logs time on which phase.
PHASE_PEOPLE = {
    "research": "manager", "infrastructure": "specialist", "campaigns": "specialist2",
    "optimisation": "specialist2", "expansion": "specialist", "situation": "manager", "objectives": "manager",
    "strategy": "manager", "tactics": "specialist", "action": "specialist2", "control": "manager",
}
NOTES = {
    "research": ["Competitor audit", "Customer interviews", "Analytics review", "Marketing plan draft",
                 "Plan revisions after client call"],
    "infrastructure": ["Website landing page", "Product photos", "Brand guidelines", "Post templates",
                       "Catalogue feed for ads", "Pixel and conversion tracking"],
    "campaigns": ["Meta Ads campaign set-up", "Google Ads search campaign", "First posts scheduled",
                  "Email campaign"],
    "optimisation": ["Budget and targeting adjustments", "Weekly report", "A/B test of creatives",
                     "Monthly report for the client", "Audience refresh"],
    "expansion": ["TikTok account launch", "Remarketing audiences", "LinkedIn test campaign"],
    "situation": ["Website and social statistics", "SWOT workshop", "Competitor analysis"],
    "objectives": ["Objectives workshop", "Target levels agreed"],
    "strategy": ["Buyer personas", "Positioning and messages", "Content strategy"],
    "tactics": ["Channel mix and budget", "Tools and timing"],
    "action": ["90-day plan kick-off"],
    "control": ["KPI review"],
}


def _monday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _quarters(value: Decimal) -> Decimal:
    return (value / QUARTER).to_integral_value(rounding=ROUND_DOWN) * QUARTER


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): children first (time entries and engagements
    protect what they point to). Commands may step outside the services: the demo data goes whole."""
    TimeEntry.all_objects.filter(workspace=workspace).delete()
    HoursOverride.objects.filter(workspace=workspace).delete()
    Engagement.objects.filter(workspace=workspace).delete()


def build(demo: DemoWorkspace) -> str:
    """The engagements of ``ENGAGEMENTS`` with their history, and the specialist's current week; returns this
    part of the summary line."""
    workspace, users, clients, memberships = demo.workspace, demo.users, demo.clients, demo.memberships
    manager = users["manager"]
    rng = random.Random(2026)  # demo notes, not security
    stats: dict[str, Any] = {"engagements": 0, "entries": 0, "hours": Decimal(0)}
    for plan in ENGAGEMENTS:
        template = ProcessTemplate.objects.get(workspace=workspace, key=plan.template)
        today = clock.today_in("UTC")
        start = _monday_on_or_before(today - plan.start_ago)
        engagement = eng_services.create_engagement(
            actor=manager, workspace=workspace, client=clients[plan.client], template=template, name=plan.name,
            start_date=start, monthly_hours=Decimal(plan.monthly_hours), country=plan.country,
            time_zone=plan.time_zone, currency=plan.currency, language=plan.language,
            rollover_mode="carry" if plan.rollover_cap else "none", rollover_cap=Decimal(plan.rollover_cap),
            contract_months=plan.contract_months,
            close_after_days=366,  # the history below is entered now; months close once it is in
        )
        if plan.effort_overrides:
            rows = []
            for phase in engagement.phases.all():
                row = {name: getattr(phase, name) for name in eng_services.PHASE_FIELDS}
                if phase.key in plan.effort_overrides:
                    row["effort_hours"] = Decimal(plan.effort_overrides[phase.key])
                rows.append(row)
            eng_services.update_phases(actor=manager, engagement=engagement, phases=rows)
        entries, hours = _log_history(engagement, plan, users, memberships, manager, rng)
        # Past months close five days after they end (the demo's older months are closed now).
        eng_services.update_engagement(actor=manager, engagement=engagement, close_after_days=5)
        current = queries.current_month(engagement)
        if plan.upsell_hours and current >= 1:
            eng_services.change_terms(
                actor=manager, engagement=engagement, from_month=current, monthly_hours=Decimal(plan.upsell_hours),
                rollover_mode="carry" if plan.rollover_cap else "none", rollover_cap=Decimal(plan.rollover_cap),
                reason=plan.upsell_reason)
        if plan.extra_hours and current >= 1:
            eng_services.add_override(actor=manager, engagement=engagement, month=current,
                                      extra_hours=Decimal(plan.extra_hours), reason=plan.extra_reason)
        stats["engagements"] += 1
        stats["entries"] += entries
        stats["hours"] += hours
    entries, hours = _specialist_week(users["specialist"], memberships, rng)
    stats["entries"] += entries
    stats["hours"] += hours
    return f"{stats['engagements']} engagements, {stats['entries']} time entries ({stats['hours']} h)"


def _specialist_week(
    person: User, memberships: Mapping[int, Membership], rng: random.Random,
) -> tuple[int, Decimal]:
    """Give the specialist hours on every client in the current week, so that "My week" looks real.

    On each engagement where the history left them nothing this week, they log an hour or two on two
    working days so far (or today, on a Monday) on a phase that is under way and not held by a gate.
    A month without room left is skipped, like a refused entry would be.
    """
    count, total = 0, Decimal(0)
    membership = memberships[person.pk]
    for engagement in Engagement.objects.filter(workspace=membership.workspace).order_by("start_date"):
        today = queries.engagement_today(engagement)
        monday = _monday_on_or_before(today)
        if engagement.time_entries.filter(user=person, date__gte=monday).exists():
            continue
        days = [d for d in working_days(engagement.country, max(monday, engagement.start_date), today)
                if d < today] or [today]
        schedule = queries.schedule_for(engagement, today)
        passed = queries.gates_passed(engagement)
        spec = engagement.template_spec()
        running = [p for p in schedule.phases if p.status.value == "in_progress"
                   and blocking_gate(spec, passed, on=today, phase_key=p.key) is None]
        running.sort(key=lambda p: p.kind.value == "continuous")  # one-off work first
        if not running:
            continue
        phase = engagement.phases.get(key=running[0].key)
        for day in sorted(rng.sample(days, min(2, len(days)))):
            hours = rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("2.5")])
            try:
                eng_services.log_time(actor=person, membership=membership, engagement=engagement, phase=phase,
                                      date=day, hours=hours, note=rng.choice(NOTES.get(phase.key, [""])))
            except DomainError:
                continue
            count, total = count + 1, total + hours
    return count, total

def _log_history(
    engagement: Engagement, plan: EngagementPlan, users: Mapping[str, User],
    memberships: Mapping[int, Membership], manager: User, rng: random.Random,
) -> tuple[int, Decimal]:
    """Work through the engagement week by week up to yesterday, as a team would.

    Each week starts from the schedule recomputed from what is logged so far; people log a share
    (the plan's pace) of the planned hours on Tuesdays, Thursdays and month ends; a gate is recorded
    some working days after its phase ended (clients take time to approve); duration phases are marked
    complete when their planned days are over.
    """
    today = queries.engagement_today(engagement)
    phases = {p.key: p for p in engagement.phases.all()}
    spec = engagement.template_spec()
    approver = approver_of(plan.client)
    count, total = 0, Decimal(0)
    week = engagement.start_date
    while week < today:
        week_end = min(week + dt.timedelta(days=7), today)
        # phases the team leaves below their estimate: the manager confirms some of them
        stopped: dict[str, dt.date] = {}
        for key, cap in plan.stop_at.items():
            if queries_logged(engagement, key) >= cap:
                phase = phases[key]
                phase.refresh_from_db()
                if key in plan.confirmed and phase.completed_on is None:
                    eng_services.complete_phase_at_last_logged_day(actor=manager, phase=phase)
                stopped[key] = queries.logged_days(phase)[1] or week
        schedule = queries.schedule_for(engagement, today=week)
        # gates whose phase is over pass some working days later
        for g in schedule.gates:
            if g.status == "passed":
                continue
            after = schedule.phase(g.after_phase)
            end = stopped.get(after.key) or after.end
            if (after.status not in ("done", "awaiting") and after.key not in stopped) or end is None:
                continue
            delay = plan.gate_delays.get(g.key, 2)
            days = working_days(engagement.country, end + dt.timedelta(days=1),
                                end + dt.timedelta(days=delay * 2 + 15))
            due = days[min(delay, len(days)) - 1] if days and delay > 0 else end
            if due < week_end:
                handler = registry.demo_gate_handler(g.key)  # e.g. the plans app's approval of the plan
                if handler is not None:
                    with clock.frozen_clock(due):
                        if handler(engagement=engagement, passed_on=due, users=users, memberships=memberships):
                            continue
                gate = engagement.gates.get(key=g.key)
                by = f"{approver.name}, {CLIENTS[plan.client]['name']}" if approver and gate.client_approvable else ""
                eng_services.record_gate(actor=manager, gate=gate, passed_on=due, approved_by=by,
                                         note=GATE_NOTES.get(engagement.language, GATE_NOTES["en"]))
        passed = queries.gates_passed(engagement)
        schedule = queries.schedule_for(engagement, today=week)
        allocation = daily_allocation(queries.schedule_input(engagement, today=week))
        # optimisation (continuous) follows the one-off phases before it: none of its hours while they run
        unfinished, waiting = False, set()
        for p in schedule.phases:
            if p.kind.value == "continuous" and unfinished:
                waiting.add(p.key)
            elif p.kind.value != "continuous" and p.status != "done":
                unfinished = True
        buffers: dict[str, Decimal] = defaultdict(Decimal)
        days = [d for d in allocation if week <= d < week_end]
        room = {key: cap - queries_logged(engagement, key) for key, cap in plan.stop_at.items()}
        for i, day in enumerate(days):
            for key, hours in allocation[day].items():
                if key not in waiting and blocking_gate(spec, passed, on=day, phase_key=key) is None:
                    buffers[key] += hours * plan.pace
                    if key in room:  # the team stops at its own figure, below the estimate
                        buffers[key] = min(buffers[key], max(room[key], Decimal(0)))
            nxt = days[i + 1] if i + 1 < len(days) else None
            month_ends = nxt is not None and month_index(engagement.start_date, nxt) != month_index(
                engagement.start_date, day)
            if day.weekday() in (1, 3) or month_ends or nxt is None:  # Tuesdays, Thursdays, month ends
                for key in list(buffers):
                    hours = _quarters(buffers[key])
                    person = users[PHASE_PEOPLE.get(key, "manager")]
                    while hours > 0:
                        chunk = min(hours, Decimal(8))
                        eng_services.log_time(
                            actor=person, membership=memberships[person.pk], engagement=engagement,
                            phase=phases[key], date=day, hours=chunk, note=rng.choice(NOTES.get(key, [""])),
                        )
                        count, total, hours = count + 1, total + chunk, hours - chunk
                        buffers[key] -= chunk
                        if key in room:
                            room[key] -= chunk
                if month_ends:  # quarter-hour remainders do not spill into the next month
                    buffers.clear()
        # duration phases end when their days are over; an effort phase a quarter-hour short gets it
        for p in schedule.phases:
            phase = phases[p.key]
            if (phase.completed_on or p.end is None or p.end >= week_end or p.kind.value == "continuous"
                    or p.key in plan.stop_at):
                continue
            if p.kind.value == "duration":
                eng_services.set_phase_completed(actor=manager, phase=phase, completed_on=p.end)
                continue
            remaining = Decimal(phase.effort_hours) - queries_logged(engagement, p.key)
            if Decimal(0) < remaining <= Decimal("0.5"):
                person = users[PHASE_PEOPLE.get(p.key, "manager")]
                try:
                    eng_services.log_time(
                        actor=person, membership=memberships[person.pk], engagement=engagement, phase=phase,
                        date=p.end, hours=remaining, note=rng.choice(NOTES.get(p.key, [""])),
                    )
                    count, total = count + 1, total + remaining
                except DomainError:  # the month is full: call it done as it is
                    eng_services.set_phase_completed(actor=manager, phase=phase, completed_on=p.end)
        week = week_end
    return count, total


def queries_logged(engagement: Engagement, phase_key: str) -> Decimal:
    total = engagement.time_entries.filter(phase__key=phase_key).aggregate(s=Sum("hours"))["s"]
    return Decimal(total or 0)
