"""The demo's marketing plans: the furniture shop's approved (its approval passed the engagement's gate), the
school's in review, both complete, every SMM task SMART and every objective's 7 steps complete."""

from __future__ import annotations

import pytest

from cadence.plans import queries
from cadence.plans.models import ChangeRequest, Plan

pytestmark = pytest.mark.django_db


def test_the_demo_plans_are_complete_and_the_furniture_approval_passed_its_gate(demo_build):
    # the written plans (a client's brief started from the portal opens a plan too: a draft with no sections)
    written = Plan.objects.filter(versions__state__in=["approved", "in_review"]).distinct()
    plans = {p.engagement.client.name: p for p in written.select_related("engagement__client")}
    assert set(plans) == {"Mobila Codru", "Онлайн-школа «Горизонт»"}
    briefs = Plan.objects.exclude(pk__in=written.values("pk")).select_related("engagement__client")
    assert {(p.engagement.client.name, p.versions.get().state) for p in briefs} == {
        ("Brutăria Spicul de Aur", "draft"), ("Онлайн-школа «Горизонт»", "draft")}
    furniture, school = plans["Mobila Codru"], plans["Онлайн-школа «Горизонт»"]
    assert [(v.number, v.state) for v in queries.versions_of(furniture)] == [(1, "approved")]
    assert [(v.number, v.state) for v in queries.versions_of(school)] == [(1, "in_review")]
    for plan, language in ((furniture, "ro"), (school, "ru")):
        document = queries.version_snapshot(queries.versions_of(plan)[-1])
        assert document["plan"]["language"] == language
        assert queries.completeness_of(document).complete
        assert all(result.ok for result in queries.smart_of(document).values())
        assert all(view.complete for view in queries.seven_steps_of(document).values())
        assert len(queries.smart_of(document)) >= 4
    # the approver asked for a change on Strategy first; the team answered it before the approval
    request = ChangeRequest.objects.get(version__plan=furniture)
    assert request.section == "strategy" and request.resolved_at is not None
    gate = furniture.engagement.gates.get(key="plan_approved")
    assert gate.passed_on is not None and gate.approved_by == "Vasile Ciobanu" and "1" in gate.note
    # the school's SOSTAC plan gate waits for the approval
    assert school.engagement.gates.get(key="plan_approved").passed_on is None
