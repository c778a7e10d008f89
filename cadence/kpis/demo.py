"""The KPIs' part of ``cadence demo`` (order 440, after the imports the KPIs are computed from).

Every demo engagement gets its account manager (the alerts go to them). The two engagements with imported
data (the furniture shop in Romanian, the school in Russian) get a control panel a manager would keep:

* the KPIs of the plan's goal tree (``services.import_from_plan``): the furniture shop's approved plan (the
  school's acquisition has no plan: its SOSTAC plan, in review, belongs to the school's other engagement, whose
  KPIs are imported too and wait for data);
* four direct KPIs: a click-through rate of one ad platform and a cost per click of the other (platform
  filters), the sessions of one GA4 channel group (the default channel grouping of the imported source /
  medium rows), and a follower count the manager types in by hand at each month's end;
* levels agreed with the client so that the control panel holds every status: the projection reaches the
  acceptable level (on track), only the optimistic end of its range does (at risk), not even that (off
  track). They are read off each KPI's projection as the team would set them after the first months of data,
  rounded as people round them (the demo's imported numbers come from a seeded generator, so the levels
  follow them wherever they land);
* the follower count fell last month (the giveaway that drove it ended): the evaluation after that entry
  moves it from on track to at risk and alerts the account manager, in the app and by email;
* a control point on one KPI whose decision created a card on the board.

The bakery, two weeks in, has one follower count with its baseline and first entry (no projection yet: too
few points). Names, notes and decisions are demo data in the engagement's language, not interface text.
Everything goes through the services, as the team would do it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cadence.core.demo import DemoWorkspace
from cadence.core.errors import DomainError
from cadence.core.models import Workspace
from cadence.engagements import services as eng_services
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import engagement_today
from cadence.kpis import queries, services
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry

ON, RISK, OFF = "on_track", "at_risk", "off_track"


@dataclass(frozen=True)
class Direct:
    """A KPI added directly; ``status`` the one its levels are set for (read off its projection)."""

    name: str
    metric_key: str
    status: str
    platform: str = ""
    channel_group: str = ""
    due_months: int = 6  # the due date: the end of the month this many months after today's


@dataclass(frozen=True)
class Manual:
    """A follower count entered by hand at the end of each of the last ``len(values)`` months."""

    name: str
    unit: str
    baseline: int
    acceptable: int
    optimal: int
    best: int
    values: tuple[int, ...]
    notes: tuple[str, ...]
    due_months: int = 4


@dataclass(frozen=True)
class Review:
    """A control point on the KPI named ``kpi``, reviewed ``days_ago``, with its decision (Markdown)."""

    kpi: str
    days_ago: int
    decision: str
    task_title: str


@dataclass(frozen=True)
class Panel:
    client: str
    engagement: str
    manager: str  # a demo person key
    from_plan: bool
    direct: tuple[Direct, ...] = ()
    manual: Manual | None = None
    review: Review | None = None


PANELS = (
    Panel("bakery", "Social media & local ads", "owner", False,
          manual=Manual("Urmăritori Instagram @spiculdeaur", "urmăritori", 1180, 1600, 2000, 2400, (1215,),
                        ("Numărat din contul clientului la începutul colaborării.",), due_months=6)),
    Panel("furniture", "Online shop growth", "manager", True,
          direct=(Direct("CTR reclame Meta – catalogul Codru", "ads.ctr", RISK, platform="meta_ads"),
                  Direct("Cost pe clic Google Ads", "ads.cpc", OFF, platform="google_ads"),
                  Direct("Sesiuni din rețele sociale plătite (GA4)", "ga4.sessions", ON,
                         channel_group="Paid Social")),
          manual=Manual("Urmăritori pe pagina de Facebook", "urmăritori", 5000, 6000, 6600, 7200,
                        (5120, 5290, 5440, 5150),
                        ("Din Meta Business Suite, la sfârșitul lunii.", "Concursul lunar a adus abonați noi.",
                         "Cea mai bună lună: Reels din atelier.",
                         "Concursul s-a încheiat: o parte din participanți s-au dezabonat.")),
          review=Review("CTR reclame Meta – catalogul Codru", 6,
                        "CTR-ul reclamelor de catalog stagnează sub nivelul acceptabil. **Decizie:** înlocuim "
                        "randările 3D cu fotografii reale din showroom și testăm două variante de text "
                        "(preț vizibil / fără preț) timp de două săptămâni. Maria pregătește imaginile.",
                        "Fotografii reale din showroom pentru reclamele de catalog")),
    Panel("school", "Student acquisition", "manager", False,
          direct=(Direct("CTR рекламы Meta", "ads.ctr", OFF, platform="meta_ads"),
                  Direct("Цена клика Google Ads", "ads.cpc", ON, platform="google_ads"),
                  Direct("Сессии из органического поиска (GA4)", "ga4.sessions", RISK,
                         channel_group="Organic Search")),
          manual=Manual("Подписчики Instagram @gorizont.school", "подписчиков", 8500, 11000, 12000, 13000,
                        (8820, 9260, 9710, 9340),
                        ("Из Instagram Insights, на конец месяца.", "Reels с разбором задач ЕНТ.",
                         "Розыгрыш бесплатного интенсива.",
                         "Розыгрыш закончился, часть подписчиков отписалась.")),
          review=Review("CTR рекламы Meta", 5,
                        "CTR рекламы Meta ниже приемлемого уровня: объявления с каруселью программ выгорели. "
                        "**Решение:** заменить их видео-отзывами учеников, разделить аудиторию «Родители 35-50» "
                        "на Алматы и остальной Казахстан и проверить результат через две недели. Дмитрий "
                        "готовит креативы к понедельнику.",
                        "Новые видео-креативы для лид-форм Meta")),
    Panel("school", "Marketing plan 2027 (SOSTAC)", "owner", True),
)


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the KPIs with their entries, control points and
    alerts (the cards their decisions created go with the boards)."""
    KpiAlert.objects.filter(workspace=workspace).delete()
    ControlPoint.objects.filter(workspace=workspace).delete()
    KpiEntry.objects.filter(workspace=workspace).delete()
    Kpi.objects.filter(workspace=workspace).delete()


def month_end(day: dt.date, months: int = 0) -> dt.date:
    """The last day of the month ``months`` after ``day``'s (before it when negative)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def nice(value: Decimal, digits: int = 2) -> Decimal:
    """``value`` rounded to ``digits`` significant digits, as people write a target."""
    if value == 0:
        return value
    step = Decimal(1).scaleb(value.copy_abs().adjusted() - digits + 1)
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).normalize()


def levels_for(status: str, value: Decimal, low: Decimal, high: Decimal, direction: str,
               baseline: Decimal | None = None) -> tuple[Decimal, Decimal, Decimal]:
    """Acceptable, optimal and best levels for which a projection ``value`` (range ``low`` .. ``high``) gives
    ``status``: on track (the value reaches the acceptable level), at risk (only the optimistic end of the
    range does), off track (not even that). Close to the projection (a wide range does not make the target
    far-fetched), an acceptable level on track beyond the ``baseline`` when the projection is, rounded to as few
    significant digits as keep the status and the order of the levels."""
    sign = Decimal(1) if direction != "down" else Decimal(-1)
    optimistic = high if sign > 0 else low
    distance = abs(optimistic - value)
    near = max(min(distance, abs(value) / 5), abs(value) / 1000, Decimal("0.0001"))
    if status == ON and baseline is not None and (value - baseline) * sign > 0:
        acceptable = baseline + (value - baseline) * Decimal("0.6")
    elif status == ON:
        acceptable = value - sign * near / 2
    elif status == RISK:
        acceptable = value + sign * min(distance / 2, abs(value) / 10)
    else:
        acceptable = optimistic + sign * max(distance / 4, near / 10)
    start = value if status == ON else acceptable
    raw = (acceptable, start + sign * near / 2, start + sign * near)

    def keeps(levels: tuple[Decimal, ...]) -> bool:
        first, second, third = levels
        ordered = (second - first) * sign > 0 and (third - second) * sign > 0 and min(levels) > 0
        reached = (value - first) * sign >= 0
        if status == ON:
            return ordered and reached
        optimistic_reaches = (optimistic - first) * sign >= 0
        if status == RISK:
            return ordered and not reached and optimistic_reaches
        return ordered and not optimistic_reaches

    for digits in (2, 3, 4, 5):
        rounded = tuple(nice(v, digits) for v in raw)
        if keeps(rounded):
            return rounded[0], rounded[1], rounded[2]
    places = Decimal("0.0001")
    return raw[0].quantize(places), raw[1].quantize(places), raw[2].quantize(places)


def _assign_manager(engagement: Any, person: Any, actor: Any) -> None:
    """The engagement's account manager, as the owner sets it on the engagement's form (audited)."""
    eng_services.update_engagement(actor=actor, engagement=engagement, manager=person)


def _direct(panel: Panel, engagement: Any, actor: Any, membership: Any, today: dt.date) -> list[Kpi]:
    """The direct KPIs, created without levels, then given the levels that put them at their status."""
    made: list[tuple[Kpi, Direct]] = []
    for spec in panel.direct:
        kpi = services.create_kpi(actor=actor, membership=membership, engagement=engagement, name=spec.name,
                                  metric_key=spec.metric_key, platform=spec.platform,
                                  channel_group=spec.channel_group, due=month_end(today, spec.due_months))
        made.append((kpi, spec))
    computed = queries.evaluate_all(engagement, [kpi for kpi, _ in made], today=today)
    for kpi, spec in made:
        projection = computed[kpi.pk].projection
        if projection is None:
            continue
        first = next(((p.start, p.value) for p in computed[kpi.pk].series if p.value is not None), None)
        baseline = nice(Decimal(first[1]), 3) if first else None
        acceptable, optimal, best = levels_for(spec.status, Decimal(projection.value), Decimal(projection.low),
                                               Decimal(projection.high), kpi.direction, baseline)
        services.update_kpi(actor=actor, membership=membership, kpi=kpi, acceptable=acceptable, optimal=optimal,
                            best=best, baseline=baseline, baseline_date=first[0] if first else None)
    return [kpi for kpi, _ in made]


def _manual(spec: Manual, engagement: Any, actor: Any, membership: Any, today: dt.date) -> Kpi:
    """The follower count: created with its levels, then one entry at the end of each past month (each entry
    re-evaluates it; the last one, lower, moves it from on track to at risk: the alert)."""
    count = len(spec.values)
    kpi = services.create_kpi(actor=actor, membership=membership, engagement=engagement, name=spec.name,
                              metric_key="manual", unit=spec.unit, direction="up", baseline=Decimal(spec.baseline),
                              baseline_date=month_end(today, -count - 1), acceptable=Decimal(spec.acceptable),
                              optimal=Decimal(spec.optimal), best=Decimal(spec.best),
                              due=month_end(today, spec.due_months), aggregation="last")
    for i, (value, note) in enumerate(zip(spec.values, spec.notes, strict=True)):
        day = month_end(today, i - count) if count > 1 else today
        services.add_entry(actor=actor, membership=membership, kpi=kpi, day=day, value=Decimal(value), note=note)
    return kpi


def _review(spec: Review, engagement: Any, actor: Any, membership: Any, today: dt.date) -> ControlPoint | None:
    kpi = Kpi.objects.filter(engagement=engagement, name=spec.kpi).first()
    if kpi is None:
        return None
    point = services.add_control_point(actor=actor, membership=membership, kpi=kpi,
                                       review_on=today - dt.timedelta(days=spec.days_ago), reviewer=actor)
    return services.record_decision(actor=actor, membership=membership, point=point, decision=spec.decision,
                                    create_task=True, task_title=spec.task_title)


def build(demo: DemoWorkspace) -> str:
    users: Mapping[str, Any] = demo.users
    stats = {"kpis": 0, "plan": 0, "entries": 0, "decisions": 0}
    for panel in PANELS:
        actor = users[panel.manager]
        membership = demo.memberships[actor.pk]
        engagement = (visible_engagements(membership)
                      .filter(client=demo.clients[panel.client], name=panel.engagement, archived=False).first())
        if engagement is None or Kpi.objects.filter(engagement=engagement).exists():
            continue
        _assign_manager(engagement, actor, users["owner"])
        today = engagement_today(engagement)
        if panel.from_plan:
            try:
                counts = services.import_from_plan(engagement, actor=actor, membership=membership)
                stats["plan"] += counts["created"]
            except DomainError:  # no plan to import from
                pass
        _direct(panel, engagement, actor, membership, today)
        if panel.manual is not None:
            _manual(panel.manual, engagement, actor, membership, today)
            stats["entries"] += len(panel.manual.values)
        if panel.review is not None and _review(panel.review, engagement, actor, membership, today):
            stats["decisions"] += 1
        stats["kpis"] += Kpi.objects.filter(engagement=engagement).count()
    statuses = {s: Kpi.objects.filter(workspace=demo.workspace, status=s).count() for s in (ON, RISK, OFF)}
    alerts = KpiAlert.objects.filter(workspace=demo.workspace).count()
    return (f"{stats['kpis']} KPIs ({stats['plan']} from the plans; {statuses[ON]} on track, {statuses[RISK]} at "
            f"risk, {statuses[OFF]} off track; {stats['entries']} entered by hand, {stats['decisions']} control "
            f"decisions, {alerts} alerts)")
