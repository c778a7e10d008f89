"""``cadence demo``: a demo agency workspace with every role, three clients and engagements at different stages.

Idempotent: when the demo workspace exists it says so and prints the logins; ``--reset`` rebuilds it.
Everything is written through the service functions (so the audit trail and every rule apply), in one
transaction. Time is logged only on past working days, by following the engine's own plan day by day,
recording each gate a few working days after the plan expected it (clients take time to approve).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from cadence.accounts.models import User
from cadence.core import clock
from cadence.core import services as core_services
from cadence.core.errors import DomainError
from cadence.core.models import ClientRole, Membership, Role, Workspace
from cadence.core.scoping import scopes_disabled
from cadence.engagements import queries
from cadence.engagements import services as eng_services
from cadence.engagements.models import Engagement, HoursOverride, ProcessTemplate, TimeEntry
from cadence.engagements.schedule import blocking_gate, daily_allocation, month_index, working_days

SLUG = "demo"
NAME = "Demo Agency"
# The team's note on a gate the client approved, in the engagement's language (demo data, not UI text).
GATE_NOTES = {"en": "Approved by the client by email.", "ro": "Aprobat de client prin e-mail.",
              "ru": "Клиент подтвердил по электронной почте."}
PASSWORD = "demo-Cadence-2026"
DOMAIN = "demo.cadence.test"
QUARTER = Decimal("0.25")


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    name: str
    role: str
    language: str = ""
    client: str = ""  # client key, for client users
    client_role: str = ""


STAFF = [
    Person("owner", f"owner@{DOMAIN}", "Elena Popescu", Role.OWNER),
    Person("manager", f"manager@{DOMAIN}", "Andrei Rusu", Role.MANAGER),
    Person("specialist", f"specialist@{DOMAIN}", "Maria Ceban", Role.SPECIALIST),
    Person("specialist2", f"specialist2@{DOMAIN}", "Dmitri Volkov", Role.SPECIALIST, language="ru"),
]
CLIENT_USERS = [
    Person("bakery-approver", f"approver.bakery@{DOMAIN}", "Ioana Marin", Role.CLIENT, "ro", "bakery",
           ClientRole.APPROVER),
    Person("bakery-viewer", f"viewer.bakery@{DOMAIN}", "Radu Marin", Role.CLIENT, "ro", "bakery", ClientRole.VIEWER),
    Person("furniture-approver", f"approver.furniture@{DOMAIN}", "Vasile Ciobanu", Role.CLIENT, "ro", "furniture",
           ClientRole.APPROVER),
    Person("school-approver", f"approver.school@{DOMAIN}", "Айгерим Садыкова", Role.CLIENT, "ru", "school",
           ClientRole.APPROVER),
    Person("school-viewer", f"viewer.school@{DOMAIN}", "Олег Ким", Role.CLIENT, "ru", "school", ClientRole.VIEWER),
]

CLIENTS: dict[str, dict[str, Any]] = {
    "bakery": {"name": "Brutăria Spicul de Aur", "country": "RO", "language": "ro",
               "website": "https://spiculdeaur.example", "notes": "Family bakery in Cluj-Napoca, three shops."},
    "furniture": {"name": "Mobila Codru", "country": "MD", "language": "ro",
                  "website": "https://mobilacodru.example", "notes": "Solid-wood furniture, showroom in Chișinău."},
    "school": {"name": "Онлайн-школа «Горизонт»", "country": "KZ", "language": "ru",
               "website": "https://gorizont.example", "notes": "Online courses for teenagers, Russian-speaking."},
}


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


class Command(BaseCommand):
    help = "Create the demo workspace (a demo agency with users for every role, three clients and engagements)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo workspace and build it again.")
        parser.add_argument("--force", action="store_true",
                            help="Run even though debug mode is off (CADENCE_DEBUG=0): a production database.")

    @scopes_disabled()  # builds (and deletes) a whole workspace, across the tenancy backstop
    def handle(self, *args: Any, reset: bool = False, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            # The demo users share a published password: never create them in production by accident.
            raise CommandError(
                "Debug mode is off (CADENCE_DEBUG=0), so this looks like a production database: the demo "
                "would add users whose password is printed in the README. Use --force if you really mean it."
            )
        existing = Workspace.objects.filter(slug=SLUG).first()
        if existing and not reset:
            self.stdout.write(f"The demo workspace “{existing.name}” already exists (use --reset to rebuild it).")
            self._print_logins()
            return
        with transaction.atomic():
            if existing:
                self._delete()
            stats = self._build()
        self.stdout.write(self.style.SUCCESS(
            f"Built the demo workspace “{NAME}”: {stats['clients']} clients, {stats['engagements']} engagements, "
            f"{stats['entries']} time entries ({stats['hours']} h)."
        ))
        self._print_logins()

    # --- output ---------------------------------------------------------------------------------

    def _print_logins(self) -> None:
        base = settings.SITE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Open {base}{reverse('account_login')} and sign in with one of these "
                          f"(password for all: {PASSWORD}):")
        for p in STAFF + CLIENT_USERS:
            what = p.role if not p.client else f"client {p.client_role} ({CLIENTS[p.client]['name']})"
            self.stdout.write(f"  {p.email:<36} {what}")
        self.stdout.write("")

    # --- reset ----------------------------------------------------------------------------------

    def _delete(self) -> None:
        # Commands may step outside the services: the demo data is thrown away whole, children first
        # (time entries and engagements protect what they point to).
        workspace = Workspace.objects.get(slug=SLUG)
        TimeEntry.all_objects.filter(workspace=workspace).delete()
        HoursOverride.objects.filter(workspace=workspace).delete()
        Engagement.objects.filter(workspace=workspace).delete()
        workspace.delete()
        emails = [p.email for p in STAFF + CLIENT_USERS]
        User.objects.filter(email__in=emails).exclude(memberships__isnull=False).delete()

    # --- build ----------------------------------------------------------------------------------

    def _user(self, p: Person) -> User:
        user = User.objects.filter(email=p.email).first()
        if user is None:
            user = User.objects.create_user(p.email, PASSWORD, full_name=p.name, language=p.language)
        else:  # left over from an earlier demo: make sure the printed password works
            user.set_password(PASSWORD)
            user.full_name, user.language = p.name, p.language
            user.save()
        try:
            from allauth.account.models import EmailAddress
        except ImportError:  # pragma: no cover
            return user
        EmailAddress.objects.update_or_create(
            user=user, email=p.email, defaults={"verified": True, "primary": True}
        )
        return user

    def _build(self) -> dict[str, Any]:
        if Workspace.objects.filter(slug=SLUG).exists():
            raise CommandError("The demo workspace already exists.")
        users = {p.key: self._user(p) for p in STAFF + CLIENT_USERS}
        owner = users["owner"]
        workspace = core_services.create_workspace(actor=owner, name=NAME, slug=SLUG)
        clients = {key: core_services.create_client(actor=owner, workspace=workspace, **fields)
                   for key, fields in CLIENTS.items()}
        for p in STAFF[1:] + CLIENT_USERS:
            client = clients[p.client] if p.client else None
            _, raw = core_services.invite_member(actor=owner, workspace=workspace, email=p.email, role=p.role,
                                                 client=client, client_role=p.client_role, send_email=False)
            core_services.accept_invitation(actor=users[p.key], raw_token=raw)
        memberships = {m.user_id: m for m in Membership.objects.filter(workspace=workspace)}
        manager = users["manager"]
        rng = random.Random(2026)  # demo notes, not security
        stats: dict[str, Any] = {"clients": len(clients), "engagements": 0, "entries": 0, "hours": Decimal(0)}
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
            entries, hours = self._log_history(engagement, plan, users, memberships, manager, rng)
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
        entries, hours = self._specialist_week(users["specialist"], memberships, rng)
        stats["entries"] += entries
        stats["hours"] += hours
        return stats

    def _specialist_week(
        self, person: User, memberships: dict[int, Membership], rng: random.Random,
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
        self, engagement: Engagement, plan: EngagementPlan, users: dict[str, User],
        memberships: dict[int, Membership], manager: User, rng: random.Random,
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
        approver = next((p for p in CLIENT_USERS
                         if p.client == plan.client and p.client_role == ClientRole.APPROVER), None)
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
