"""This app's lookups: every view, API route and service gets plans, versions and records through these, on
top of the engagements' lookups (``cadence/engagements/access.py``) and the tenancy core.

The caller first gets the engagement with ``engagements.access.get_engagement(membership, uuid)`` (a 404
for an engagement the member cannot see); everything below is then looked up inside that engagement's plan,
so another plan's record, another workspace's and a missing one give the same 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from cadence import tenancy
from cadence.core.models import ClientRole, Membership
from cadence.engagements.access import get_engagement
from cadence.plans.models import Plan, PlanRow, PlanTemplate, PlanVersion
from cadence.plans.records import KINDS, RecordKind

# An engagement (``cadence.engagements``): apps reach each other only through their access, queries and
# services modules, so its model is not imported here.
Engagement = Any


def get_plan(membership: Membership, engagement: Engagement) -> Plan:
    """The plan of an engagement the caller got through ``get_engagement``; 404 when it has none yet."""
    if engagement.workspace_id != membership.workspace_id:
        raise Http404
    try:
        return Plan.objects.select_related("engagement", "engagement__client").get(
            workspace=membership.workspace, engagement=engagement)
    except Plan.DoesNotExist:
        raise Http404 from None


def find_plan(engagement: Engagement) -> Plan | None:
    """The engagement's plan, or None when it has none yet (no 404: the page offers to start one)."""
    return Plan.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).first()


def get_version(plan: Plan, number: Any) -> PlanVersion:
    try:
        value = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    try:
        return plan.versions.get(number=value)
    except PlanVersion.DoesNotExist:
        raise Http404 from None


def get_kind(kind: Any) -> RecordKind:
    """A record kind by its name (``records.KINDS``); an unknown name is a 404."""
    found = KINDS.get(str(kind))
    if found is None:
        raise Http404
    return found


def get_record(plan: Plan, kind: str | RecordKind, uid: Any) -> PlanRow:
    """A live record of the plan, by kind and uid: 404 for another plan's, another workspace's or a missing one."""
    spec = kind if isinstance(kind, RecordKind) else get_kind(kind)
    try:
        return spec.model.objects.get(workspace_id=plan.workspace_id, plan=plan, uuid=tenancy.public_id(uid))
    except spec.model.DoesNotExist:
        raise Http404 from None


def get_template(membership: Membership, template_uuid: Any) -> PlanTemplate:
    """A plan template of the caller's workspace (client users never see templates)."""
    if membership.is_client:
        raise Http404
    try:
        return PlanTemplate.objects.get(workspace=membership.workspace, uuid=tenancy.public_id(template_uuid))
    except PlanTemplate.DoesNotExist:
        raise Http404 from None


def plan_role(membership: Membership, engagement: Engagement) -> str:
    """The role ``domain/versions.py`` knows for this member on this engagement's plan: ``owner``,
    ``manager``, ``specialist``, ``client_approver`` or ``client_viewer`` (``none``: no client access)."""
    if not membership.is_client:
        return str(membership.role)
    role = tenancy.client_roles(membership).get(engagement.client_id)
    if role == ClientRole.APPROVER:
        return "client_approver"
    if role == ClientRole.VIEWER:
        return "client_viewer"
    return "none"


# URL parameters this app resolves when tenancy refuses a route (registered in apps.py): a record the member
# cannot see is a 404 before any 403.

def find_record(plan: Plan, uid: Any) -> PlanRow:
    """A live record of the plan by its uid alone, whatever its kind (404 when the plan has none)."""
    ref = tenancy.public_id(uid)
    for spec in KINDS.values():
        row = spec.model.objects.filter(workspace_id=plan.workspace_id, plan=plan, uuid=ref).first()
        if row is not None:
            return row
    raise Http404


def resolve_record(membership: Membership, params: Mapping[str, Any]) -> PlanRow:
    """``record`` in a URL, with its ``kind`` when the URL names it."""
    engagement = get_engagement(membership, params["engagement"])
    plan = get_plan(membership, engagement)
    if "kind" in params:
        return get_record(plan, params["kind"], params["record"])
    return find_record(plan, params["record"])


def resolve_plan_template(membership: Membership, params: Mapping[str, Any]) -> None:
    # client users know templates exist (they are refused with 403, not 404), as for process templates
    if not PlanTemplate.objects.filter(workspace=membership.workspace,
                                       uuid=tenancy.public_id(params["plan_template"])).exists():
        raise Http404


__all__ = ["find_plan", "find_record", "get_kind", "get_plan", "get_record", "get_template", "get_version", "plan_role"]
