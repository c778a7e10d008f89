"""Clients of the workspace: list, create, detail (with what each app shows on it), edit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadence import tenancy
from cadence.core import registry, services
from cadence.core.forms import ClientForm, country_name
from cadence.core.pagination import page_of, page_query
from cadence.core.views import REFUSALS, form_error
from cadence.http import WorkspaceRequest


@tenancy.workspace_view(tenancy.MEMBER)
@require_safe
def client_list(request: WorkspaceRequest) -> HttpResponse:
    membership = request.membership
    columns = registry.client_columns()  # each app's figures (active engagements)
    clients_qs = tenancy.visible_clients(membership)
    for column in columns:
        clients_qs = column.annotate(clients_qs)
    page = page_of(request, clients_qs.order_by("name", "id"))
    clients = list(page.object_list)
    for client in clients:
        client.country_name = country_name(client.country)  # type: ignore[attr-defined]
        client.figures = [getattr(client, c.attr) for c in columns]  # type: ignore[attr-defined]
    return render(request, "core/client_list.html", {
        "clients": clients, "columns": columns, "can_manage": tenancy.can(membership, "clients.manage"), "page_obj": page,
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
    return render(request, "core/client_detail.html", {
        "client": obj,
        "country": country_name(obj.country),
        "sections": registry.sections("client", request, membership, obj),  # its engagements, …
        "can_manage": tenancy.can(membership, "clients.manage"),
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
