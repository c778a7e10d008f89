"""Engagements, their phases and gates, the computed schedule, the hours table and the history."""


import datetime as dt
import uuid
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotModified
from ninja import Status
from ninja.pagination import paginate

from cadence import tenancy
from cadence.api.params import GateKey, Pagination, PhaseKey, WorkspaceSlug
from cadence.api.routers import (
    MEMBER,
    READ_ERRORS,
    WRITE_ERRORS,
    Router,
    capability,
    client_capability,
    declare,
    member,
    unknown,
)
from cadence.core.models import AuditEntry, Membership
from cadence.engagements import queries, reasons, services
from cadence.engagements.access import get_gate, get_phase, get_template, visible_engagements
from cadence.engagements.api.lookups import E, engagement_for
from cadence.engagements.api.schemas import (
    AuditEntryOut,
    ClientGateOut,
    EngagementGateOut,
    EngagementIn,
    EngagementOut,
    EngagementPatch,
    EngagementPhaseOut,
    GateApproveIn,
    GateIn,
    PhaseCompleteIn,
    PhaseIn,
    PhasePatch,
    TermsIn,
    TermsOut,
)
from cadence.engagements.api.schemas_hours import HoursMonthOut, ScheduleOut
from cadence.engagements.models import (
    ContractTerms,
    Engagement,
    EngagementGate,
    EngagementPhase,
    ProcessTemplate,
)
from cadence.engagements.schedule import Schedule
from cadence.engagements.views.timeline import warning_sentences
from cadence.http import ApiRequest

router = Router(tags=["engagements"])


# --- engagements ------------------------------------------------------------------------------

@router.get("/workspaces/{workspace}/engagements", response={200: list[EngagementOut], **READ_ERRORS},
            summary="Engagements", openapi_extra=declare(MEMBER))
@paginate(Pagination)
def engagement_list(
    request: ApiRequest, workspace: WorkspaceSlug, client: UUID | None = None, archived: bool | None = None
) -> QuerySet[Engagement]:
    qs = visible_engagements(member(request, workspace))
    if client is not None:
        qs = qs.filter(client__uuid=client)
    if archived is not None:
        qs = qs.filter(archived=archived)
    return qs.order_by("client__name", "start_date", "id").prefetch_related("contract_terms")


def _template(membership: Membership, ref: str) -> ProcessTemplate:
    """A template by its id or its key, within the caller's workspace."""
    try:
        uuid.UUID(ref)
    except ValueError:
        template = membership.workspace.templates.filter(key=ref).first()
        if template is None:
            raise unknown("template") from None
        return template
    try:
        return get_template(membership, ref)
    except Http404:
        raise unknown("template") from None


@router.post("/workspaces/{workspace}/engagements", response={201: EngagementOut, **WRITE_ERRORS},
             summary="Start an engagement", openapi_extra=declare(capability("engagements.manage")))
def engagement_create(request: ApiRequest, workspace: WorkspaceSlug, payload: EngagementIn) -> Status[Engagement]:
    membership = member(request, workspace)
    try:
        client = tenancy.get_client(membership, payload.client)
    except Http404:
        raise unknown("client") from None
    template = _template(membership, payload.template)
    fields = payload.dict(exclude={"client", "template"})
    engagement = services.create_engagement(
        actor=request.auth, workspace=membership.workspace, client=client, template=template,
        **fields,
    )
    return Status(201, engagement)


@router.get(E, response={200: EngagementOut, **READ_ERRORS}, summary="An engagement",
            openapi_extra=declare(MEMBER))
def engagement_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> Engagement:
    return engagement_for(request, workspace, engagement)[1]


@router.patch(E, response={200: EngagementOut, **WRITE_ERRORS}, summary="Change an engagement",
              openapi_extra=declare(capability("engagements.manage")))
def engagement_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: EngagementPatch) -> Engagement:
    membership, obj = engagement_for(request, workspace, engagement)
    fields = payload.dict(exclude_unset=True, exclude_none=True)
    if "manager" in payload.model_fields_set:  # null clears it
        fields["manager"] = payload.manager
    return services.update_engagement(actor=request.auth, engagement=obj, **fields)


# --- phases and gates -------------------------------------------------------------------------

def _with_schedule_facts(engagement: Engagement, phases: list[EngagementPhase]) -> list[EngagementPhase]:
    """Phases with what the schedule says of them (awaiting confirmation, unused hours)."""
    schedule = queries.schedule_for(engagement)
    results = {p.key: p for p in schedule.phases}
    for phase in phases:
        result = results.get(phase.key)
        phase.awaiting_confirmation = bool(result and result.awaiting_confirmation)  # type: ignore[attr-defined]
        phase.unused_hours = result.unused_hours if result else 0  # type: ignore[attr-defined]
    return phases


@router.get(E + "/phases", response={200: list[EngagementPhaseOut], **READ_ERRORS}, summary="Phases",
            openapi_extra=declare(MEMBER))
def phase_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[EngagementPhase]:
    obj = engagement_for(request, workspace, engagement)[1]
    return _with_schedule_facts(obj, list(obj.phases.all()))


@router.put(E + "/phases", response={200: list[EngagementPhaseOut], **WRITE_ERRORS},
            summary="Replace the phases (what the phase editor saves)",
            openapi_extra=declare(capability("engagements.manage")))
def phase_replace(request: ApiRequest, workspace: str, engagement: UUID, payload: list[PhaseIn]) -> list[EngagementPhase]:
    """Estimates, durations, order, names and explanations per language; the timeline is recomputed.

    Leave out ``name``/``description`` to keep a built-in text (and its translations); phases with logged
    time cannot be removed.
    """
    membership, obj = engagement_for(request, workspace, engagement)
    services.update_phases(actor=request.auth, engagement=obj,
                           phases=[p.dict(exclude_none=True) for p in payload])
    return list(obj.phases.all())


@router.patch(E + "/phases/{phase}", response={200: EngagementPhaseOut, **WRITE_ERRORS},
              summary="Mark a phase completed (or reopen it)",
              openapi_extra=declare(capability("engagements.manage")))
def phase_update(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, phase: PhaseKey, payload: PhasePatch
) -> EngagementPhase:
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_phase(obj, phase)
    services.set_phase_completed(actor=request.auth, phase=row,
                                 completed_on=payload.completed_on)
    return _with_schedule_facts(obj, [row])[0]


@router.post(E + "/phases/{phase}/complete", response={200: EngagementPhaseOut, **WRITE_ERRORS},
             summary="Mark a phase completed on its last day with hours (the answer to awaiting_confirmation)",
             openapi_extra=declare(capability("engagements.manage")))
def phase_complete(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, phase: PhaseKey, payload: PhaseCompleteIn
) -> EngagementPhase:
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_phase(obj, phase)
    if payload.completed_on is not None:
        services.set_phase_completed(actor=request.auth, phase=row,
                                     completed_on=payload.completed_on)
    else:
        services.complete_phase_at_last_logged_day(actor=request.auth, phase=row)
    return _with_schedule_facts(obj, [row])[0]


@router.post(E + "/phases/{phase}/keep-open", response={200: EngagementPhaseOut, **WRITE_ERRORS},
             summary="Keep a phase open: its remaining hours are planned from today (not asked again)",
             openapi_extra=declare(capability("engagements.manage")))
def phase_keep_open(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, phase: PhaseKey) -> EngagementPhase:
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_phase(obj, phase)
    services.keep_phase_open(actor=request.auth, phase=row)
    return _with_schedule_facts(obj, [row])[0]


@router.get(E + "/gates", response={200: list[EngagementGateOut | ClientGateOut], **READ_ERRORS},
            summary="Gates (client users get them without the team's note and who recorded them)",
            openapi_extra=declare(MEMBER))
def gate_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[Any]:
    membership, obj = engagement_for(request, workspace, engagement)
    gates = list(obj.gates.select_related("recorded_by"))
    if membership.is_client:
        # Client users must not read internal notes nor staff names: serialise with the client schema.
        return [ClientGateOut.from_orm(g) for g in gates]
    return [EngagementGateOut.from_orm(g) for g in gates]


@router.post(E + "/gates/{gate}", response={200: EngagementGateOut, **WRITE_ERRORS},
             summary="Record a gate as passed (or reopen it, with a reason)",
             openapi_extra=declare(capability("gates.record")))
def gate_record(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, gate: GateKey, payload: GateIn) -> EngagementGate:
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_gate(obj, gate)
    return services.record_gate(actor=request.auth, gate=row, passed_on=payload.passed_on,
                                note=payload.note, approved_by=payload.approved_by, reason=payload.reason)


@router.post(E + "/gates/{gate}/approve", response={200: ClientGateOut, **WRITE_ERRORS},
             summary="The client's approver confirms a gate meant for the client (client viewers get 403)",
             openapi_extra=declare(client_capability("client.approve", via="engagement")))
def gate_approve(
    request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, gate: GateKey, payload: GateApproveIn
) -> EngagementGate:
    membership, obj = engagement_for(request, workspace, engagement)
    row = get_gate(obj, gate)
    return services.approve_gate_as_client(actor=request.auth, membership=membership,
                                           gate=row, note=payload.note)


# --- schedule, hours, history -----------------------------------------------------------------

def _schedule_out(schedule: Schedule, today: dt.date, membership: Membership,
                  engagement: Engagement) -> dict[str, Any]:
    phase_names, gate_names = queries.engagement_names(engagement)
    audience: reasons.Audience = "client" if membership.is_client else "team"

    def reason_out(r: Any) -> dict[str, Any]:
        message = reasons.explain(r, phase_names=phase_names, gate_names=gate_names, audience=audience)
        return {"code": r.code, "params": dict(r.params), "message": message}

    warnings = warning_sentences(engagement, schedule, phase_names, today)
    return {
        "today": today,
        "horizon_end": schedule.horizon_end,
        "contract_months": engagement.contract_months,
        "contract_end": queries.contract_end(engagement),
        "warnings": [
            {"code": w.code, "phase": w.phase, "contract_end": w.contract_end, "message": message}
            for w, message in zip(queries.schedule_warnings(engagement, schedule, today), warnings, strict=True)
        ],
        "phases": [
            {
                "key": p.key, "name": phase_names[p.key], "kind": p.kind.value, "category": p.category,
                "start": p.start, "end": p.end, "end_min": p.end_min, "end_max": p.end_max,
                "hours": p.hours, "logged_hours": p.logged_hours, "planned_hours": p.planned_hours,
                "status": p.status.value, "ongoing": p.ongoing, "waiting_for": p.waiting_for,
                "baseline_start": p.baseline_start, "baseline_end": p.baseline_end,
                "start_shift": p.start_shift, "end_shift": p.end_shift,
                "awaiting_confirmation": p.awaiting_confirmation, "unused_hours": p.unused_hours,
                "reasons": [reason_out(r) for r in reasons.ordered(p.reasons)],
            }
            for p in schedule.phases
        ],
        "gates": [
            {"key": g.key, "name": gate_names[g.key], "after_phase": g.after_phase, "date": g.date, "status": g.status}
            for g in schedule.gates
        ],
        "months": [
            {
                "index": m.index, "start": m.start, "end": m.end - dt.timedelta(days=1),
                "working_days": m.working_days, "contracted_hours": m.contracted_hours,
                "planned_hours": m.planned_hours, "logged_hours": m.logged_hours,
            }
            for m in schedule.months
        ],
    }


@router.get(E + "/schedule", response={200: ScheduleOut, **READ_ERRORS},
            summary="The computed timeline: phases, gates and months", openapi_extra=declare(MEMBER))
def engagement_schedule(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                        response: HttpResponse) -> dict[str, Any] | HttpResponse:
    """With an ETag (revision, today, language, the caller's role): 304 to a matching If-None-Match."""
    membership, obj = engagement_for(request, workspace, engagement)
    today = queries.engagement_today(obj)
    etag = queries.schedule_etag(obj, today, "api", membership.pk, membership.role)
    if queries.etag_matches(request.headers.get("If-None-Match"), etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = "private, no-cache"
        return not_modified
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    queries.prefetch_figures([obj])
    return _schedule_out(queries.schedule_for(obj, today), today, membership, obj)


@router.get(E + "/hours", response={200: list[HoursMonthOut], **READ_ERRORS},
            summary="Month by month: contracted, available, planned and logged hours",
            openapi_extra=declare(MEMBER))
def engagement_hours(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[queries.MonthRow]:
    obj = engagement_for(request, workspace, engagement)[1]
    queries.prefetch_figures([obj])
    today = queries.engagement_today(obj)
    return queries.hours_table(obj, queries.schedule_for(obj, today), today)


@router.get(E + "/terms", response={200: list[TermsOut], **READ_ERRORS},
            summary="The contract terms: hours per month and rollover rule, each from a month on",
            openapi_extra=declare(MEMBER))
def terms_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[ContractTerms]:
    obj = engagement_for(request, workspace, engagement)[1]
    return list(obj.contract_terms.select_related("created_by").order_by("from_month"))


@router.post(E + "/terms", response={201: TermsOut, **WRITE_ERRORS},
             summary="Change the contract terms from a month on (the current month or a later one)",
             openapi_extra=declare(capability("engagements.manage")))
def terms_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: TermsIn) -> Status[ContractTerms]:
    membership, obj = engagement_for(request, workspace, engagement)
    terms = services.change_terms(actor=request.auth, engagement=obj, from_month=payload.from_month,
                                  monthly_hours=payload.monthly_hours, rollover_mode=payload.rollover_mode,
                                  rollover_cap=payload.rollover_cap, reason=payload.reason)
    return Status(201, terms)


@router.get(E + "/history", response={200: list[AuditEntryOut], **READ_ERRORS},
            summary="Who changed what in this engagement, newest first",
            openapi_extra=declare(capability("audit.view")))
@paginate(Pagination)
def engagement_history(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> QuerySet[AuditEntry]:
    membership, obj = engagement_for(request, workspace, engagement)
    return obj.audit_entries.select_related("actor").order_by("-created_at", "-id")
