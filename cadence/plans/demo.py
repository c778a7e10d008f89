"""This app's part of ``cadence demo`` (registered in ``apps.py``): an approved plan for the furniture shop
(Romanian) and a plan in review for the school's SOSTAC engagement (Russian), content in ``demo_content.py``.

Everything goes through the services, as the team and the client would do it: the manager fills the brief,
the answers and the records and submits; the furniture shop's approver asks for one change, the manager
makes it and resubmits, and the approver approves (which opens the engagement's "plan approved" gate when
it is still open).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cadence.core import clock
from cadence.core.demo import DemoWorkspace, approver_of
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.plans import services
from cadence.plans.demo_content import PLANS, DemoPlan, Rel
from cadence.plans.models import Plan
from cadence.plans.questions import BRIEF_QUESTIONS, SECTION_QUESTIONS


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


def build(demo: DemoWorkspace) -> str:
    manager = demo.users["manager"]
    manager_membership = demo.memberships[manager.pk]
    made: list[str] = []
    for spec in PLANS:
        engagement = visible_engagements(manager_membership).get(client=demo.clients[spec.client],
                                                                 name=spec.engagement)
        anchor = clock.today_in(engagement.time_zone) - dt.timedelta(days=spec.anchor_ago)
        plan = services.ensure_plan(actor=manager, engagement=engagement)
        _fill(spec, plan, manager, manager_membership, anchor)
        version = services.submit(actor=manager, membership=manager_membership, plan=plan)
        if spec.change_request is None:
            made.append("in review")
            continue
        person = approver_of(spec.client)
        assert person is not None, f"the demo client {spec.client} has no approver"
        approver = demo.users[person.key]
        approver_membership = demo.memberships[approver.pk]
        section, comment = spec.change_request
        services.request_changes(actor=approver, membership=approver_membership, plan=plan, number=version.number,
                                 section=section, comment=comment)
        services.create_record(actor=manager, membership=manager_membership, plan=plan, kind="persona", data={
            "name": "Designerul de interior", "negative": False, "professional": "Designer de interior independent",
            "income": "25 000–35 000 MDL pe lună", "personal": "", "demographics": "30–45 de ani, Chișinău",
            "channels": "Instagram, Pinterest", "content": "Proiecte finalizate, mostre de lemn",
            "business_goals": "Furnizori de încredere pentru clienții săi", "personal_goals": "",
            "challenges": "Termenele clienților", "how_we_help": "Program de parteneriat, mostre gratuite",
            "objections": "Termenul de livrare", "usp": "Piese unicat după proiectul designerului"})
        version = services.submit(actor=manager, membership=manager_membership, plan=plan)
        services.approve(actor=approver, membership=approver_membership, plan=plan, number=version.number,
                         note="Aprobat. Mulțumim!")
        made.append("approved")
    return f"{len(made)} marketing plans ({', '.join(made)})"


__all__ = ["Decimal", "build", "delete"]
