"""Fixtures of the overview's tests: members by role, and a workspace of ``n`` active engagements each holding a
row of every kind the overview reads (hours logged, an overdue card, an open card, a KPI off track, a budget
month, a plan version and a post waiting for the client, a meeting, a report sent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from cadence.core.models import Membership

TODAY = dt.date(2026, 11, 18)  # a Wednesday


@pytest.fixture
def today(clock):
    clock.set(dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC))
    return TODAY


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


def fill(engagement, owner, specialist, today: dt.date, *, hours: Decimal = Decimal(10)) -> None:
    """One row of every kind the overview reads, for one engagement."""
    from cadence.board.models import Task
    from cadence.budget.models import BudgetActual, BudgetLine, BudgetPlan
    from cadence.content.models import Post
    from cadence.engagements import services as eng_services
    from cadence.kpis.models import Kpi
    from cadence.meetings.models import Meeting
    from cadence.plans.models import Plan, PlanVersion
    from cadence.reports.models import MonthlyReport, ReportDelivery

    ws = engagement.workspace
    membership = Membership.objects.get(workspace=ws, user=owner)
    phase = engagement.phases.order_by("order").first()
    left, day = hours, 1
    while left > 0:  # at most 8 hours a day, on the days before today (this engagement month)
        part = min(left, Decimal(8))
        eng_services.log_time(actor=owner, membership=membership, engagement=engagement, phase=phase,
                              date=today - dt.timedelta(days=day), hours=part, reason="test")
        left, day = left - part, day + 1
    Task.objects.create(workspace=ws, engagement=engagement, title="Late card", column="todo", assignee=specialist,
                        estimate=Decimal(5), due=today - dt.timedelta(days=2))
    Task.objects.create(workspace=ws, engagement=engagement, title="Open card", column="todo", assignee=specialist,
                        estimate=Decimal(10), due=today + dt.timedelta(days=6))
    Kpi.objects.create(workspace=ws, engagement=engagement, name="Leads", metric_key="leads", status="off_track")
    line = BudgetLine.objects.create(workspace=ws, engagement=engagement, category="advertising", name="Meta")
    month = today.replace(day=1)
    BudgetPlan.objects.create(workspace=ws, line=line, month=month, amount=Decimal(500))
    BudgetActual.objects.create(workspace=ws, line=line, month=month, amount=Decimal(620))
    plan = Plan.objects.create(workspace=ws, engagement=engagement)
    PlanVersion.objects.create(workspace=ws, plan=plan, number=1, state="in_review",
                               submitted_at=dt.datetime(2026, 11, 13, 9, 0, tzinfo=dt.UTC))
    Post.objects.create(workspace=ws, engagement=engagement, channel="instagram", format="image", title="Post",
                        status="in_review")
    Meeting.objects.create(workspace=ws, engagement=engagement, title="Monthly review",
                           starts_at=dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC))
    report = MonthlyReport.objects.create(workspace=ws, engagement=engagement, month=dt.date(2026, 10, 1),
                                          status="sent", narrative="October")
    delivery = ReportDelivery(workspace=ws, report=report, language="ro", subject="Raport", recipients=[],
                              pdf_sha256="0" * 64)
    delivery.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    delivery.save()


@pytest.fixture
def make_engagements(workspace, client_obj, owner, specialist):
    """``make(n)``: n engagements (started 7 September 2026, 40 hours a month), each filled by ``fill``."""
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    made = []

    def make(n: int, today: dt.date = TODAY) -> list:
        for i in range(n):
            e = services.create_engagement(
                actor=owner, workspace=workspace, client=client_obj, template=template, name=f"Retainer {len(made):03}",
                start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest",
                currency="EUR", language="ro", close_after_days=60)
            fill(e, owner, specialist, today, hours=Decimal(10 + i % 30))
            made.append(e)
        return made

    return make
