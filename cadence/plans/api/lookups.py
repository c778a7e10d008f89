"""What every plans route shares: the plan's address, its lookup and the output builders."""

from __future__ import annotations

from typing import Any

from cadence.api.routers import member
from cadence.core.models import Membership
from cadence.engagements.access import get_engagement
from cadence.http import ApiRequest
from cadence.plans import access, queries
from cadence.plans.domain.completeness import PlanCompleteness
from cadence.plans.domain.findings import Finding
from cadence.plans.models import Plan, PlanVersion, StateChoice

E = "/workspaces/{workspace}/engagements/{uuid:engagement}"
P = E + "/plan"


def engagement_for(request: ApiRequest, workspace: str, engagement: Any) -> tuple[Membership, Any]:
    """Membership and the engagement in the URL: 404 when the caller cannot see it."""
    membership = member(request, workspace)
    return membership, get_engagement(membership, engagement)


def plan_for(request: ApiRequest, workspace: str, engagement: Any) -> tuple[Membership, Any, Plan]:
    """Membership, engagement and its plan: 404 when the caller cannot see the engagement or it has no plan."""
    membership, obj = engagement_for(request, workspace, engagement)
    return membership, obj, access.get_plan(membership, obj)


def reader_version(membership: Membership, plan: Plan) -> PlanVersion | None:
    """The version a client user reads (None: nothing submitted yet); None for the team (they read live rows)."""
    return queries.client_version(plan) if membership.is_client else None


def visible_version(membership: Membership, plan: Plan, number: Any) -> PlanVersion:
    """A version the caller may read: client users never get a draft (404, as a version that does not exist)."""
    version = access.get_version(plan, number)
    if membership.is_client and version.state == StateChoice.DRAFT:
        from django.http import Http404

        raise Http404
    return version


def _finding(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "params": dict(f.params)}


def completeness_out(meter: PlanCompleteness) -> dict[str, Any]:
    return {"percent": meter.percent, "complete": meter.complete, "sections": [
        {"section": s.section.value, "percent": s.percent, "answered": s.answered, "questions": s.questions,
         "met": s.met, "requirements": s.requirements, "missing": [_finding(f) for f in s.missing]}
        for s in meter.sections]}


def _name(user: Any) -> str | None:
    return user.display_name if user is not None else None


def version_out(version: PlanVersion, *, for_client: bool) -> dict[str, Any]:
    return {
        "number": version.number, "state": version.state, "based_on": version.based_on,
        "sha256": version.sha256 if version.state != StateChoice.DRAFT else "",
        "created_at": version.created_at, "submitted_at": version.submitted_at,
        "submitted_by": None if for_client else _name(version.submitted_by),
        "approved_at": version.decided_at, "approved_by": _name(version.decided_by),
        "change_requests": [
            {"id": c.uuid, "section": c.section, "comment": c.comment, "author": _name(c.author),
             "created_at": c.created_at, "resolved_at": c.resolved_at}
            for c in version.change_requests.all()],
    }
