"""Fixtures of the reports' tests: members by role, media in a temporary directory, and an engagement with a
month of data (October 2026: hours logged, a budget with advertising, posts published, a control point)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.models import Membership

OCT = dt.date(2026, 10, 1)


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: Membership.objects.get(user=user, workspace=workspace) for name, user in users.items()}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path / "media"


@pytest.fixture
def report_data(engagement, manager, specialist, m, clock):
    """Today is 20 November 2026: October is over. Hours in October, the budget of Sep–Dec with October's
    advertising spent, two Instagram posts published in October."""
    from cadence.budget import services as budget
    from cadence.content.models import Post
    from cadence.engagements import services as eng

    clock.set(dt.date(2026, 11, 20))
    research = engagement.phases.get(key="research")
    for day in (5, 6, 7, 8):
        eng.log_time(actor=specialist, membership=m["specialist"], engagement=engagement, phase=research,
                     date=dt.date(2026, 10, day), hours=Decimal("3.5"), note="Audit")
    mm = m["manager"]
    budget.update_settings(actor=manager, membership=mm, engagement=engagement, first_month=dt.date(2026, 9, 1),
                           months=4, overspend_reduces_next=True)
    meta = budget.create_line(actor=manager, membership=mm, engagement=engagement, category="advertising",
                              channel="meta", name="Reclame Meta")
    cells = [budget.CellInput(meta, month, planned="500", actual=actual)
             for month, actual in ((dt.date(2026, 9, 1), "450"), (OCT, "520.50"), (dt.date(2026, 11, 1), budget.UNSET))]
    budget.save_cells(actor=manager, membership=mm, engagement=engagement, cells=cells)
    for day in (10, 17):
        Post.objects.create(workspace=engagement.workspace, engagement=engagement, channel="instagram", format="post",
                            title=f"Post {day}", status="published",
                            publish_at=dt.datetime(2026, 10, day, 9, 0, tzinfo=dt.UTC))
    from cadence.kpis import services as kpis

    kpi = kpis.create_kpi(actor=manager, membership=mm, engagement=engagement, name="Lead-uri din CRM",
                          metric_key="manual", unit="lead-uri", direction="up", baseline="20", acceptable="40",
                          optimal="50", best="60", baseline_date=dt.date(2026, 6, 30), due=dt.date(2027, 3, 31))
    for month, value in ((6, "20"), (7, "24"), (8, "27"), (9, "31"), (10, "36")):
        kpis.add_entry(actor=manager, membership=mm, kpi=kpi, day=dt.date(2026, month, 28), value=value)
    point = kpis.add_control_point(actor=manager, membership=mm, kpi=kpi, review_on=dt.date(2026, 10, 30))
    kpis.record_decision(actor=manager, membership=mm, point=point, decision="Mutăm **20 %** din buget pe Reels.",
                         create_task=False)
    kpis.evaluate_engagement(engagement)
    return engagement
