"""Home redirect, new workspace, workspace dashboard and workspace settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadence import tenancy
from cadence.core import registry, services
from cadence.core.errors import DomainError
from cadence.core.forms import WorkspaceForm, WorkspaceSettingsForm
from cadence.core.views import form_error
from cadence.http import SignedInRequest, WorkspaceRequest


@tenancy.signed_in
def home(request: SignedInRequest) -> HttpResponse:
    first = tenancy.memberships_for(request.user).first()
    if first is None:
        return redirect("core:workspace-new")
    return redirect("core:dashboard", workspace=first.workspace.slug)


@tenancy.signed_in
@require_http_methods(["GET", "POST"])
def workspace_new(request: SignedInRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = services.create_workspace(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
            return redirect("core:dashboard", workspace=workspace.slug)
    return render(request, "core/workspace_new.html", {"form": form})


@tenancy.workspace_view(tenancy.MEMBER)
@require_safe
def dashboard(request: WorkspaceRequest) -> HttpResponse:
    """The workspace's head and what each app shows on it (``registry.section("dashboard", …)``: the
    engagements by client). ``?client=<uuid>``: one client's (a client the user cannot see is a 404).
    A kind of member an app made a page for (``registry.landing``: the client portal for client users) gets
    that page instead."""
    membership = request.membership
    only = tenancy.get_client(membership, request.GET["client"]) if request.GET.get("client") else None
    landing = registry.landing_view(membership)
    if landing is not None:
        return landing(request, membership)
    return render(request, "core/dashboard.html", {
        "sections": registry.sections("dashboard", request, membership, only),
        "can_manage_clients": tenancy.can(membership, "clients.manage"),
        "can_view_activity": tenancy.can(membership, "audit.view"),
        "can_manage_workspace": tenancy.can(membership, "workspace.manage"),
    })


@tenancy.workspace_view("workspace.manage")
@require_http_methods(["GET", "POST"])
def workspace_settings(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    form = WorkspaceSettingsForm(request.POST or None, initial={"name": workspace.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workspace(actor=request.user, workspace=workspace, name=form.cleaned_data["name"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Workspace settings saved."))
            return redirect("core:workspace-settings", workspace=workspace.slug)
    return render(request, "core/workspace_settings.html", {"form": form})
