"""The client portal: the page a client user lands on (``landing``, answered by core's dashboard through
``registry.landing("client", ...)``), and its three forms: a decision on a post or on a plan version from the
inbox (the content and plans services decide, and audit), and materials sent to the team (the files service:
its content checks and size limits, audited). Each form returns to the portal with a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cadence import tenancy
from cadence.comments import queries as comment_queries
from cadence.content import access as content_access
from cadence.content import services as content_services
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.core.refusals import form_errors, refuse
from cadence.engagements.access import get_engagement
from cadence.files import services as file_services
from cadence.http import WorkspaceRequest
from cadence.plans import access as plan_access
from cadence.plans import queries as plan_queries
from cadence.plans import services as plan_services
from cadence.portal import queries
from cadence.portal.forms import APPROVE, DecisionForm, MaterialsForm, PlanDecisionForm

DECIDE_POST = tenancy.client_capability("content.approve", via="engagement")
DECIDE_PLAN = tenancy.client_capability("plans.review", via="engagement")
SEND = tenancy.client_capability("files.send", via="engagement")


def landing(request: Any, membership: Membership) -> HttpResponse:
    """The portal page (core's dashboard for a client user; ``?engagement=<uuid>`` picks the timeline shown)."""
    view = queries.portal_view(membership, selected=request.GET.get("engagement", ""))
    return render(request, "portal/portal.html", {
        "view": view, "decision_form": DecisionForm(), "materials_form": MaterialsForm(),
        "file_limits": {"file": file_services.max_bytes("document") // file_services.MB,
                        "video": file_services.max_bytes("video") // file_services.MB},
        **extras(request, view),
    })


def extras(request: Any, view: queries.PortalView) -> dict[str, Any]:
    """The ideas thread of the chosen engagement: its comment thread of kind "engagement" (what a client user
    reads of it: never the team's internal comments)."""
    if view.selected is None:
        return {}
    return comment_queries.thread_context(request, view.membership, "engagement", view.selected.engagement)


def _back(request: WorkspaceRequest, engagement: Any = None) -> HttpResponse:
    url = reverse("core:dashboard", args=[request.workspace.slug])
    if engagement is not None:
        url += f"?engagement={engagement.uuid}"
    return redirect(url + "#inbox")


@tenancy.workspace_view(DECIDE_POST)
@require_POST
def post_decide(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    """The client's approver approves a post in review, or sends it back with a comment."""
    m = request.membership
    obj = get_engagement(m, engagement)
    row = content_access.get_visible_post(m, obj, post)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(request)
    data = form.cleaned_data
    try:
        if data["decision"] == APPROVE:
            content_services.approve(actor=request.user, membership=m, post=row, comment=data["comment"],
                                     expected_revision=data.get("revision"))
            messages.success(request, _("You approved “%(title)s”.") % {"title": row.title})
        else:
            content_services.request_changes(actor=request.user, membership=m, post=row, comment=data["comment"],
                                             expected_revision=data.get("revision"))
            messages.success(request, _("Your request for changes to “%(title)s” is sent to the team.")
                             % {"title": row.title})
    except DomainError as exc:
        refuse(request, exc)
    return _back(request)


@tenancy.workspace_view(DECIDE_PLAN)
@require_POST
def plan_decide(request: WorkspaceRequest, engagement: str, version: int) -> HttpResponse:
    """The client's approver approves a plan version in review, or asks for changes on one of its sections."""
    m = request.membership
    obj = get_engagement(m, engagement)
    plan = plan_access.get_plan(m, obj)
    form = PlanDecisionForm(request.POST, sections=plan_queries.section_choices())
    if not form.is_valid():
        form_errors(request, form)
        return _back(request)
    data = form.cleaned_data
    try:
        if data["decision"] == APPROVE:
            plan_services.approve(actor=request.user, membership=m, plan=plan, number=version,
                                  note=data["comment"])
            messages.success(request, _("You approved version %(version)s of the plan. Thank you!")
                             % {"version": version})
        else:
            plan_services.request_changes(actor=request.user, membership=m, plan=plan, number=version,
                                          section=data["section"], comment=data["comment"])
            messages.success(request, _("Your request is sent to the team; they will change the plan and submit "
                                        "it again."))
    except DomainError as exc:
        refuse(request, exc)
    return _back(request)


@tenancy.workspace_view(SEND)
@require_POST
def send_materials(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """The client's approver sends files to the team (the files service checks each and stores them all or none)."""
    m = request.membership
    obj = get_engagement(m, engagement)
    form = MaterialsForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return _back(request, obj)
    try:
        stored = file_services.send_materials(actor=request.user, membership=m, engagement=obj,
                                              files=form.cleaned_data["files"],
                                              description=form.cleaned_data["description"])
    except file_services.UploadRefused as exc:
        messages.error(request, exc.message)
        for reason in exc.refusals:
            if reason.message != exc.message:
                messages.error(request, reason.message)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, ngettext("Thank you: %(count)s file is sent to the team.",
                                           "Thank you: %(count)s files are sent to the team.",
                                           len(stored)) % {"count": len(stored)})
    return _back(request, obj)
