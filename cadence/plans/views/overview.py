"""The workspace's plans, an engagement's plan page, and the moves of its versions: start, submit, review
(approve or request changes), new draft, save as template, start from a template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.engagements.access import get_engagement, visible_engagements
from cadence.http import WorkspaceRequest
from cadence.plans import access, queries, services
from cadence.plans.forms import SECTION_CHOICES, ReviewForm, TemplateSaveForm, TemplateStartForm
from cadence.plans.models import Plan, PlanTemplate, StateChoice
from cadence.plans.questions import BRIEF_QUESTIONS
from cadence.plans.views import (
    SECTION_LABELS,
    plan_view,
    section_change_requests,
    sections_nav,
    stage_dates,
    state_label,
)

VIEW = tenancy.client_capability("plans.view", via="engagement")


def _overview_url(request: WorkspaceRequest, engagement: Any) -> str:
    from django.urls import reverse

    return reverse("plans:plan-overview", args=[request.workspace.slug, engagement.uuid])


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def plan_list(request: WorkspaceRequest) -> HttpResponse:
    """Every engagement the member sees, with its plan's state (client users: what they may read)."""
    m = request.membership
    engagements = list(visible_engagements(m).filter(archived=False).order_by("client__name", "start_date", "id"))
    plans = {p.engagement_id: p for p in Plan.objects.filter(workspace=m.workspace,
                                                            engagement__in=engagements).prefetch_related("versions")}
    rows = []
    for e in engagements:
        plan = plans.get(e.pk)
        versions = sorted(plan.versions.all(), key=lambda v: v.number) if plan else []
        if m.is_client:
            versions = [v for v in versions if v.state != StateChoice.DRAFT]
        latest = versions[-1] if versions else None
        approved = next((v for v in versions if v.state == StateChoice.APPROVED), None)
        rows.append({"engagement": e, "latest": latest, "approved": approved,
                     "state": state_label(latest.state) if latest else ""})
    return render(request, "plans/plan_list.html", {"rows": rows, "is_client": m.is_client})


@tenancy.workspace_view(VIEW)
@require_GET
def plan_overview(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    return overview_page(request, get_engagement(request.membership, engagement))


def overview_page(request: WorkspaceRequest, obj: Any, *, review_form: ReviewForm | None = None,
                  status: int = 200) -> HttpResponse:
    view = plan_view(request, obj)
    completeness = queries.completeness_of(view.document) if view.document else None
    dates = stage_dates(view)
    changes = section_change_requests(view)
    sections = []
    for s in (completeness.sections if completeness else ()):
        sections.append({"key": s.section.value, "label": SECTION_LABELS[s.section.value], "meter": s,
                         "dates": dates.get(s.section.value),
                         "changes": [c for c in changes if c.section == s.section.value and c.resolved_at is None]})
    brief = (view.document or {}).get("plan", {}).get("brief", {}) if view.document else {}
    templates = list(PlanTemplate.objects.filter(workspace=request.workspace)) if view.can_templates else []
    empty = view.plan is not None and not view.is_client and queries.content_is_empty(view.plan)
    return render(request, "plans/plan_overview.html", {
        "engagement": obj, "view": view, "completeness": completeness, "sections": sections,
        "sections_nav": sections_nav(),
        "change_requests": changes, "brief_answered": sum(1 for q in BRIEF_QUESTIONS if (brief.get(q.key) or "").strip()),
        "brief_total": len(BRIEF_QUESTIONS),
        "review_form": review_form or ReviewForm(initial={"number": view.open.number if view.open else None}),
        "section_choices": SECTION_CHOICES,
        "template_save_form": TemplateSaveForm(initial={"name": obj.name}),
        "template_start_form": TemplateStartForm(templates=templates) if templates and empty and view.can_edit else None,
        "state_label": state_label(view.shown.state) if view.shown else "",
    }, status=status)


@tenancy.workspace_view("plans.edit")
@require_POST
def plan_start(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """Start the plan (its first draft), or a new draft from the approved version."""
    obj = get_engagement(request.membership, engagement)
    plan = access.find_plan(obj)
    try:
        if plan is None:
            services.ensure_plan(actor=request.user, engagement=obj)
            messages.success(request, _("The plan is started: its first draft is open."))
        else:
            version = services.start_draft(actor=request.user, membership=request.membership, plan=plan)
            messages.success(request, _("Version %(version)s is a new draft, starting from the approved content.")
                             % {"version": version.number})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_overview_url(request, obj))


@tenancy.workspace_view("plans.submit")
@require_POST
def plan_submit(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    plan = access.get_plan(request.membership, obj)
    try:
        version = services.submit(actor=request.user, membership=request.membership, plan=plan)
        messages.success(request, _("Version %(version)s is submitted: the client can now review it.")
                         % {"version": version.number})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_overview_url(request, obj))


@tenancy.workspace_view(tenancy.client_capability("plans.review", via="engagement"))
@require_POST
def plan_review(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """The client approver approves the version in review, or sends it back with a comment on a section."""
    obj = get_engagement(request.membership, engagement)
    plan = access.get_plan(request.membership, obj)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return overview_page(request, obj, review_form=form, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == ReviewForm.APPROVE:
            version = services.approve(actor=request.user, membership=request.membership, plan=plan,
                                       number=data["number"], note=data.get("note") or "")
            messages.success(request, _("You approved version %(version)s of the plan. Thank you!")
                             % {"version": version.number})
        else:
            services.request_changes(actor=request.user, membership=request.membership, plan=plan,
                                     number=data["number"], section=data["section"], comment=data["comment"])
            messages.success(request, _("Your request is sent to the team; they will change the plan and submit "
                                        "it again."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_overview_url(request, obj))


@tenancy.workspace_view("plans.templates")
@require_POST
def template_save(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    plan = access.get_plan(request.membership, obj)
    form = TemplateSaveForm(request.POST)
    if form.is_valid():
        try:
            template = services.save_as_template(actor=request.user, membership=request.membership, plan=plan,
                                                 name=form.cleaned_data["name"])
            messages.success(request, _("Saved as the template “%(name)s”.") % {"name": template.name})
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_overview_url(request, obj))


@tenancy.workspace_view("plans.templates")
@require_POST
def template_start(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    plan = access.get_plan(request.membership, obj)
    templates = PlanTemplate.objects.filter(workspace=request.workspace)
    form = TemplateStartForm(request.POST, templates=templates)
    if form.is_valid():
        try:
            template = access.get_template(request.membership, form.cleaned_data["plan_template"])
        except Http404:
            messages.error(request, _("That template no longer exists."))
            return redirect(_overview_url(request, obj))
        try:
            services.start_from_template(actor=request.user, membership=request.membership, plan=plan,
                                         template=template)
            messages.success(request, _("The draft starts from the template “%(name)s”.") % {"name": template.name})
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a template."))
    return redirect(_overview_url(request, obj))
