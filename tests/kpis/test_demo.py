"""The KPIs' part of the demo: every engagement has its account manager; the engagements with imported data have
the plan's KPIs and direct ones (platform filters, a GA4 channel group, a follower count entered by hand each
month), every status with its reason worded, a control point whose decision made a board card, and the alert
the follower count's drop raised for the account manager; a reset removes all of it."""

from __future__ import annotations

import pytest

from cadence.board.models import Task
from cadence.core.models import Workspace
from cadence.engagements.models import Engagement
from cadence.engagements.queries import engagement_today
from cadence.kpis import demo as kdemo
from cadence.kpis import queries
from cadence.kpis.models import ControlPoint, Kpi, KpiAlert, KpiEntry


@pytest.mark.django_db
def test_the_demo_gives_each_engagement_a_manager_kpis_of_every_status_a_decision_and_an_alert(demo_build):
    assert "KPIs (" in demo_build.output and " alerts)" in demo_build.output, demo_build.output
    workspace = Workspace.objects.get(slug="demo")
    engagements = {e.name: e for e in Engagement.objects.filter(workspace=workspace).select_related("manager")}
    assert all(e.manager is not None for e in engagements.values())
    assert engagements["Online shop growth"].manager.email == "manager@demo.cadence.test"

    for panel in kdemo.PANELS:
        engagement = engagements[panel.engagement]
        kpis = list(Kpi.objects.filter(engagement=engagement))
        names = {k.name for k in kpis}
        assert {d.name for d in panel.direct} <= names
        if panel.manual is not None:
            manual = next(k for k in kpis if k.name == panel.manual.name)
            assert manual.metric_key == "manual"
            assert list(KpiEntry.objects.filter(kpi=manual).values_list("value", flat=True)) == list(
                panel.manual.values)
        if not panel.direct:
            continue
        # the direct KPIs stand where their levels put them, each with its reason in words
        today = engagement_today(engagement)
        cards = {c.name: c for c in queries.kpi_cards(engagement, first=kdemo.month_end(today, -12).replace(day=1),
                                                      last=today, today=today)}
        for spec in panel.direct:
            kpi = next(k for k in kpis if k.name == spec.name)
            assert (kpi.platform, kpi.channel_group) == (spec.platform, spec.channel_group)
            assert kpi.status == spec.status, (spec.name, kpi.status, kpi.status_code, kpi.status_params)
            card = cards[spec.name]
            assert card.status == spec.status and card.reason and card.projection is not None
            assert kpi.acceptable is not None and kpi.baseline is not None
        # the follower count fell last month: at risk now, and its account manager was alerted once
        manual = next(k for k in kpis if k.name == panel.manual.name)
        assert manual.status == "at_risk", (manual.status_code, manual.status_params)
        alerts = KpiAlert.objects.filter(kpi=manual)
        assert [(a.user_id, a.old_status, a.new_status) for a in alerts] == [
            (engagement.manager_id, "on_track", "at_risk")]
        # the control point's decision made a card on the engagement's board
        point = ControlPoint.objects.get(kpi__engagement=engagement)
        assert point.decision == panel.review.decision and point.decided_at is not None
        assert Task.objects.get(pk=point.task_id).engagement_id == engagement.pk

    statuses = set(Kpi.objects.filter(workspace=workspace).values_list("status", flat=True))
    assert {"on_track", "at_risk", "off_track", "no_data"} <= statuses
    furniture = engagements["Online shop growth"]
    assert Kpi.objects.filter(engagement=furniture, plan_task__isnull=False).count() >= 4  # the plan's goal tree

    kdemo.delete(workspace)
    assert not Kpi.objects.filter(workspace=workspace).exists()
    assert not KpiAlert.objects.filter(workspace=workspace).exists()
