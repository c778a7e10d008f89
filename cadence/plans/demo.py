"""This app's part of ``cadence demo`` (registered in ``apps.py``): an approved plan for the furniture shop
(Romanian) and a plan in review for the school's SOSTAC engagement (Russian), content in ``demo_content.py``.

Everything goes through the services, as the team and the client would do it: the manager fills the brief,
the answers and the records and submits; the furniture shop's approver asks for one change, the manager
makes it and resubmits, and the approver approves. The approved plan is written while the engagements'
demo history reaches the "plan approved" gate (``registry.demo_gate``, the clock stopped on that day), so
its approval is what passes the gate and the timeline moves from it, as it would for a real client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from cadence.accounts.models import User
from cadence.core import clock
from cadence.core.demo import CLIENTS, DemoWorkspace, approver_of
from cadence.core.models import Membership, Workspace
from cadence.engagements.access import visible_engagements
from cadence.plans import access, queries, services
from cadence.plans.demo_content import PLANS, DemoPlan, Rel
from cadence.plans.models import Plan
from cadence.plans.questions import BRIEF_QUESTIONS, SECTION_QUESTIONS
from cadence.plans.types import Engagement


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the plans go whole with their engagements."""
    Plan.objects.filter(workspace=workspace).delete()


def _value(value: Any, anchor: dt.date, uids: dict[str, str]) -> Any:
    if isinstance(value, Rel):
        return anchor + dt.timedelta(days=value.days)
    if isinstance(value, str) and value.startswith("@"):
        return uids[value[1:]]
    if isinstance(value, str) and value.startswith("20") and len(value) == 10 and value[4] == "-":
        return dt.date.fromisoformat(value)
    return value


def _fill(spec: DemoPlan, plan: Plan, actor: Any, membership: Any, anchor: dt.date) -> None:
    services.save_brief(actor=actor, membership=membership, plan=plan,
                        answers={q.key: spec.brief[q.key] for q in BRIEF_QUESTIONS if q.key in spec.brief},
                        revisions={})
    for questions in SECTION_QUESTIONS.values():
        for q in questions:
            if q.key in spec.answers:
                services.save_answer(actor=actor, membership=membership, plan=plan, key=q.key,
                                     text=spec.answers[q.key], expected_revision=None)
    uids: dict[str, str] = {}
    for kind, ref, fields in spec.records:
        data = {name: _value(value, anchor, uids) for name, value in fields.items()}
        row = services.create_record(actor=actor, membership=membership, plan=plan, kind=kind, data=data)
        uids[ref] = str(row.uuid)


def _spec_for(engagement: Engagement) -> DemoPlan | None:
    return next((p for p in PLANS if CLIENTS[p.client]["name"] == engagement.client.name
                 and p.engagement == engagement.name), None)


def _write(spec: DemoPlan, engagement: Engagement, users: Mapping[str, User],
           memberships: Mapping[int, Membership]) -> str:
    """The plan of ``spec`` as the team and the client write it; returns its state."""
    manager = users["manager"]
    manager_membership = memberships[manager.pk]
    anchor = clock.today_in(engagement.time_zone) - dt.timedelta(days=spec.anchor_ago)
    plan = services.ensure_plan(actor=manager, engagement=engagement)
    _fill(spec, plan, manager, manager_membership, anchor)
    version = services.submit(actor=manager, membership=manager_membership, plan=plan)
    if spec.change_request is None:
        return "in review"
    person = approver_of(spec.client)
    assert person is not None, f"the demo client {spec.client} has no approver"
    approver = users[person.key]
    approver_membership = memberships[approver.pk]
    section, comment = spec.change_request
    services.request_changes(actor=approver, membership=approver_membership, plan=plan, number=version.number,
                             section=section, comment=comment)
    for kind, data in spec.changes:
        services.create_record(actor=manager, membership=manager_membership, plan=plan, kind=kind, data=data)
    version = services.submit(actor=manager, membership=manager_membership, plan=plan)
    services.approve(actor=approver, membership=approver_membership, plan=plan, number=version.number,
                     note=spec.approval_note)
    return "approved"


def approve_on_gate(*, engagement: Engagement, passed_on: dt.date, users: Mapping[str, User],
                    memberships: Mapping[int, Membership]) -> bool:
    """The demo history reached the "plan approved" gate of an engagement whose demo plan is approved: the
    plan is written, reviewed and approved that day through the services, and the approval passes the gate
    (``registry.demo_gate``; the clock is stopped on ``passed_on``)."""
    spec = _spec_for(engagement)
    if spec is None or spec.change_request is None or access.find_plan(engagement) is not None:
        return False
    _write(spec, engagement, users, memberships)
    return True


def build(demo: DemoWorkspace) -> str:
    """The demo plans the history has not written yet (the plans in review), and the summary line."""
    manager_membership = demo.memberships[demo.users["manager"].pk]
    states: list[str] = []
    for spec in PLANS:
        engagement = visible_engagements(manager_membership).get(client=demo.clients[spec.client],
                                                                 name=spec.engagement)
        plan = access.find_plan(engagement)
        if plan is None:
            states.append(_write(spec, engagement, demo.users, demo.memberships))
        else:
            versions = queries.versions_of(plan)
            states.append(str(versions[-1].state).replace("_", " ") if versions else "")
    return f"{len(states)} marketing plans ({', '.join(states)})"
