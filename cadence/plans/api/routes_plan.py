"""The plan of an engagement: its state and versions, the guided answers, the client's brief, the
transitions (submit, approve, request changes, start a draft), version snapshots and their diff, templates."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Status

from cadence import tenancy
from cadence.api.params import WorkspaceSlug
from cadence.api.routers import (
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
    member,
    unknown,
)
from cadence.http import ApiRequest
from cadence.plans import access, queries, services
from cadence.plans.api.lookups import (
    P,
    completeness_out,
    engagement_for,
    plan_for,
    reader_version,
    version_out,
    visible_version,
)
from cadence.plans.api.schemas import (
    AnswerIn,
    AnswerOut,
    ApproveIn,
    BriefAnswerOut,
    BriefIn,
    ChangeRequestOut,
    DiffOut,
    PlanOut,
    PlanTemplateOut,
    RequestChangesIn,
    TemplateSaveIn,
    TemplateStartIn,
    VersionDocumentOut,
    VersionOut,
)
from cadence.plans.domain.snapshot import FieldChange, SnapshotDiff
from cadence.plans.models import Answer, BriefAnswer, Plan, PlanTemplate

router = Router(tags=["plans"])
VIEW = client_capability("plans.view", via="engagement")
REVIEW = client_capability("plans.review", via="engagement")
BRIEF = client_capability("plans.brief", via="engagement")


def _plan_out(plan: Plan, *, for_client: bool) -> dict[str, Any]:
    state = queries.plan_state(plan, for_client=for_client)
    current = state.open or state.approved
    return {
        "engagement": plan.engagement.uuid,
        "open_version": state.open.number if state.open else None,
        "state": current.state if current else None,
        "approved_version": state.approved.number if state.approved else None,
        "client_version": state.client_visible.number if state.client_visible else None,
        "versions": [version_out(v, for_client=for_client) for v in state.versions],
        "completeness": completeness_out(state.completeness),
    }


@router.get(P, response={200: PlanOut, **READ_ERRORS}, summary="The plan: versions and completeness",
            openapi_extra=declare(VIEW))
def plan_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    """Client users see the versions that are not drafts and the completeness of the version they read."""
    membership, _obj, plan = plan_for(request, workspace, engagement)
    return _plan_out(plan, for_client=membership.is_client)


@router.post(P, response={200: PlanOut, 201: PlanOut, **WRITE_ERRORS},
             summary="Start the engagement's plan (its first draft); the plan when it exists",
             openapi_extra=declare(capability("plans.edit")))
def plan_start(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[dict[str, Any]]:
    membership, obj = engagement_for(request, workspace, engagement)
    existed = access.find_plan(obj) is not None
    plan = services.ensure_plan(actor=request.auth, engagement=obj)
    return Status(200 if existed else 201, _plan_out(plan, for_client=False))


# --- answers and brief -----------------------------------------------------------------------------

@router.get(P + "/answers", response={200: list[AnswerOut], **READ_ERRORS},
            summary="The answers to the guided questions (client users: of the version they read)",
            openapi_extra=declare(VIEW))
def answer_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    if membership.is_client:
        version = reader_version(membership, plan)
        if version is None:
            return []
        document = queries.version_snapshot(version)
        return [{"key": key, "section": section, "text": text, "revision": None}
                for section, content in document["sections"].items()
                for key, text in sorted(content.get("answers", {}).items())]
    rows = Answer.objects.filter(workspace_id=plan.workspace_id, plan=plan).exclude(text="").order_by("section", "key")
    return [{"key": a.key, "section": a.section, "text": a.text, "revision": a.revision} for a in rows]


@router.put(P + "/answers", response={200: AnswerOut, **WRITE_ERRORS},
            summary="Save the answer to one guided question (the draft only)",
            openapi_extra=declare(capability("plans.edit")))
def answer_save(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: AnswerIn) -> dict[str, Any]:
    """A stale ``revision`` is refused with code ``edit_conflict`` and both texts (``current``, ``submitted``)."""
    membership, _obj, plan = plan_for(request, workspace, engagement)
    row = services.save_answer(actor=request.auth, membership=membership, plan=plan, key=payload.question,
                               text=payload.text, expected_revision=payload.revision)
    return {"key": row.key, "section": row.section, "text": row.text, "revision": row.revision}


def _brief_out(plan: Plan) -> list[dict[str, Any]]:
    rows = BriefAnswer.objects.filter(workspace_id=plan.workspace_id, plan=plan).order_by("key")
    return [{"key": r.key, "text": r.text, "revision": r.revision} for r in rows]


@router.get(P + "/brief", response={200: list[BriefAnswerOut], **READ_ERRORS}, summary="The client's brief",
            openapi_extra=declare(VIEW))
def brief_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    """The live brief for those who fill it (the client's approver, the team); a client viewer reads the brief
    of the version shown to the client (none before the first submission), as on the brief's page."""
    membership, obj, plan = plan_for(request, workspace, engagement)
    if membership.is_client and not tenancy.can(membership, "plans.brief", client=obj.client):
        shown = queries.client_version(plan)
        brief = queries.version_snapshot(shown).get("plan", {}).get("brief", {}) if shown is not None else {}
        return [{"key": k, "text": t, "revision": None} for k, t in sorted(brief.items())]
    return _brief_out(plan)


@router.put(P + "/brief", response={200: list[BriefAnswerOut], **WRITE_ERRORS},
            summary="Save the client's brief (the client's approver, or the team on the client's behalf)",
            openapi_extra=declare(BRIEF))
def brief_save(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: BriefIn) -> list[dict[str, Any]]:
    """Allowed in any state of the plan. Answers whose revision is stale are refused (``edit_conflict``)."""
    membership, _obj, plan = plan_for(request, workspace, engagement)
    services.save_brief(actor=request.auth, membership=membership, plan=plan, answers=payload.answers,
                        revisions=payload.revisions)
    return _brief_out(plan)


# --- versions -------------------------------------------------------------------------------------

@router.get(P + "/versions", response={200: list[VersionOut], **READ_ERRORS},
            summary="The versions (client users: not the drafts)", openapi_extra=declare(VIEW))
def version_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    versions = queries.versions_of(plan)
    if membership.is_client:
        versions = [v for v in versions if v.state != "draft"]
    return [version_out(v, for_client=membership.is_client) for v in versions]


@router.get(P + "/versions/{version}", response={200: VersionDocumentOut, **READ_ERRORS},
            summary="A version with its snapshot document (a draft: the live content)", openapi_extra=declare(VIEW))
def version_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, version: int) -> dict[str, Any]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    row = visible_version(membership, plan, version)
    return {**version_out(row, for_client=membership.is_client), "document": queries.version_snapshot(row)}


def _change(c: FieldChange) -> dict[str, Any]:
    return {"field": c.field, "change": c.change.value, "old": c.old, "new": c.new}


def _diff_out(old: int, new: int, diff: SnapshotDiff) -> dict[str, Any]:
    return {"old": old, "new": new, "plan": [_change(c) for c in diff.plan], "sections": [
        {"section": s.section, "change": s.change.value if s.change else None,
         "answers": [_change(c) for c in s.answers],
         "records": [{"kind": r.kind, "uid": r.uid, "change": r.change.value, "fields": [_change(c) for c in r.fields]}
                     for r in s.records]}
        for s in diff.sections]}


@router.get(P + "/versions/{version}/diff/{against}", response={200: DiffOut, **READ_ERRORS},
            summary="What changed from version `version` to version `against`, section by section and record by "
                    "record", openapi_extra=declare(VIEW))
def version_diff(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, version: int,
                 against: int) -> dict[str, Any]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    old, new = visible_version(membership, plan, version), visible_version(membership, plan, against)
    return _diff_out(old.number, new.number, queries.diff_versions(old, new))


@router.post(P + "/submit", response={200: VersionOut, **WRITE_ERRORS},
             summary="Submit the draft for the client's approval (managers)",
             openapi_extra=declare(capability("plans.submit")))
def plan_submit(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> dict[str, Any]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    return version_out(services.submit(actor=request.auth, membership=membership, plan=plan), for_client=False)


@router.post(P + "/versions/{version}/approve", response={200: VersionOut, **WRITE_ERRORS},
             summary="The client's approver approves a version in review (the plan-approved gate passes)",
             openapi_extra=declare(REVIEW))
def version_approve(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, version: int,
                    payload: ApproveIn) -> dict[str, Any]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    row = services.approve(actor=request.auth, membership=membership, plan=plan, number=version, note=payload.note)
    return version_out(row, for_client=membership.is_client)


@router.post(P + "/versions/{version}/request-changes", response={201: ChangeRequestOut, **WRITE_ERRORS},
             summary="The client's approver sends a version in review back with a comment on one section",
             openapi_extra=declare(REVIEW))
def version_request_changes(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, version: int,
                            payload: RequestChangesIn) -> Status[dict[str, Any]]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    row = services.request_changes(actor=request.auth, membership=membership, plan=plan, number=version,
                                   section=payload.section, comment=payload.comment)
    return Status(201, {"id": row.uuid, "section": row.section, "comment": row.comment,
                        "author": request.auth.display_name, "created_at": row.created_at,
                        "resolved_at": row.resolved_at})


@router.post(P + "/start-draft", response={201: VersionOut, **WRITE_ERRORS},
             summary="Start a new draft from the approved version", openapi_extra=declare(capability("plans.edit")))
def plan_start_draft(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Status[dict[str, Any]]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    row = services.start_draft(actor=request.auth, membership=membership, plan=plan)
    return Status(201, version_out(row, for_client=False))


# --- templates ------------------------------------------------------------------------------------

def _template_out(t: PlanTemplate) -> dict[str, Any]:
    return {"id": t.uuid, "name": t.name, "language": t.language, "created_at": t.created_at}


@router.get("/workspaces/{workspace}/plan-templates", response={200: list[PlanTemplateOut], **READ_ERRORS},
            summary="The workspace's plan templates", openapi_extra=declare(capability("plans.templates")))
def plan_template_list(request: ApiRequest, workspace: WorkspaceSlug) -> list[dict[str, Any]]:
    membership = member(request, workspace)
    return [_template_out(t) for t in PlanTemplate.objects.filter(workspace=membership.workspace)]


@router.post(P + "/save-as-template", response={201: PlanTemplateOut, **WRITE_ERRORS},
             summary="Save the plan (structure, questions, answers as examples) as a workspace template",
             openapi_extra=declare(capability("plans.templates")))
def plan_save_template(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                       payload: TemplateSaveIn) -> Status[dict[str, Any]]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    template = services.save_as_template(actor=request.auth, membership=membership, plan=plan, name=payload.name)
    return Status(201, _template_out(template))


@router.post(P + "/start-from-template", response={200: PlanOut, **WRITE_ERRORS},
             summary="Fill the empty draft from a workspace template",
             openapi_extra=declare(capability("plans.templates")))
def plan_from_template(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                       payload: TemplateStartIn) -> dict[str, Any]:
    membership, _obj, plan = plan_for(request, workspace, engagement)
    try:
        template = access.get_template(membership, payload.plan_template)
    except Http404:
        raise unknown("plan_template") from None
    services.start_from_template(actor=request.auth, membership=membership, plan=plan, template=template)
    return _plan_out(plan, for_client=False)
