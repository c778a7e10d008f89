"""Clients of the workspace: list, create, detail (its engagements), edit."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadence import tenancy
from cadence.core import services
from cadence.core.forms import ClientForm, country_name
from cadence.core.pagination import page_of, page_query
from cadence.core.views import REFUSALS, form_error
from cadence.engagements import queries
from cadence.http import WorkspaceRequest


@tenancy.workspace_view(tenancy.MEMBER)
@require_safe
def client_list(request: WorkspaceRequest) -> HttpResponse:
    membership = request.membership
    page = page_of(request, tenancy.visible_clients(membership)
                   .annotate(active_engagements=Count("engagements", filter=Q(engagements__archived=False)))
                   .order_by("name", "id"))
    clients = list(page.object_list)
    for client in clients:
        client.country_name = country_name(client.country)  # type: ignore[attr-defined]
    return render(request, "core/client_list.html", {
        "clients": clients, "can_manage": tenancy.can(membership, "clients.manage"), "page_obj": page,
        "page_query": page_query(request),
    })


@tenancy.workspace_view("clients.manage")
@require_http_methods(["GET", "POST"])
def client_new(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.create_client(actor=request.user, workspace=workspace, **form.cleaned_data)
        except REFUSALS as e:
            form_error(form, e)
        else:
            messages.success(request, _("Client “%(name)s” added.") % {"name": client.name})
            return redirect("core:client-detail", workspace=workspace.slug, client=client.uuid)
    return render(request, "core/client_form.html", {"form": form, "client": None})


@tenancy.workspace_view(tenancy.MEMBER)
@require_safe
def client_detail(request: WorkspaceRequest, client: str) -> HttpResponse:
    membership = request.membership
    obj = tenancy.get_client(membership, client)
    engagements = list(tenancy.visible_engagements(membership).filter(client=obj).order_by("archived", "start_date")
                       .prefetch_related("contract_terms"))
    for engagement in engagements:
        engagement.template_name = queries.tr(engagement.template.name) if engagement.template else ""  # type: ignore[attr-defined]
    return render(request, "core/client_detail.html", {
        "client": obj,
        "country": country_name(obj.country),
        "engagements": engagements,
        "can_manage": tenancy.can(membership, "clients.manage"),
        "can_manage_engagements": tenancy.can(membership, "engagements.manage"),
    })


@tenancy.workspace_view("clients.manage")
@require_http_methods(["GET", "POST"])
def client_edit(request: WorkspaceRequest, client: str) -> HttpResponse:
    workspace = request.workspace
    obj = tenancy.get_client(request.membership, client)
    form = ClientForm(request.POST or None, initial=ClientForm.initial_for(obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(actor=request.user, client=obj, **form.cleaned_data)
        except REFUSALS as e:
            form_error(form, e)
        else:
            messages.success(request, _("Client saved."))
            return redirect("core:client-detail", workspace=workspace.slug, client=obj.uuid)
    return render(request, "core/client_form.html", {"form": form, "client": obj})
