"""The webhooks' pages: the workspace's endpoints, a new one, an endpoint (its settings, its signing secret,
its delivery log with every attempt, "Send test", "Replace the secret", "Redeliver"), its edit page and its
deletion. Owners only (``webhooks.manage``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.refusals import refuse, refuse_in_form
from cadence.http import WorkspaceRequest
from cadence.webhooks import queries, services
from cadence.webhooks.access import get_delivery, get_endpoint
from cadence.webhooks.domain import signing
from cadence.webhooks.forms import EVENT_LABELS, EndpointForm
from cadence.webhooks.models import EVENTS, Endpoint

MANAGE = "webhooks.manage"


def _url(request: WorkspaceRequest, endpoint: Endpoint) -> str:
    return reverse("webhooks:endpoint", args=[request.workspace.slug, endpoint.uuid])


@tenancy.workspace_view(MANAGE)
@require_GET
def endpoint_list(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "webhooks/list.html", {"endpoints": queries.endpoints(request.workspace)})


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def endpoint_new(request: WorkspaceRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None, initial={"events": list(EVENTS), "status": "active"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint = services.create_endpoint(actor=request.user, membership=request.membership, url=data["url"],
                                                description=data["description"], events=data["events"],
                                                status=data["status"])
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The endpoint is added. Copy its signing secret to your receiver."))
            return redirect(_url(request, endpoint))
    return render(request, "webhooks/form.html", {"form": form, "endpoint": None})


@tenancy.workspace_view(MANAGE)
@require_GET
def endpoint_detail(request: WorkspaceRequest, endpoint: str) -> HttpResponse:
    row = get_endpoint(request.membership, endpoint)
    return render(request, "webhooks/endpoint.html", {
        "endpoint": row, "deliveries": queries.delivery_log(row), "log_size": queries.LOG_SIZE,
        "event_labels": [(e, EVENT_LABELS[e]) for e in row.events if e in EVENT_LABELS],
        "headers": {"signature": signing.SIGNATURE_HEADER, "event": signing.EVENT_HEADER,
                    "delivery": signing.DELIVERY_HEADER},
    })


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: WorkspaceRequest, endpoint: str) -> HttpResponse:
    row = get_endpoint(request.membership, endpoint)
    form = EndpointForm(request.POST or None, current_status=row.status, initial={
        "url": row.url, "description": row.description, "events": row.events, "status": row.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_endpoint(actor=request.user, membership=request.membership, endpoint=row, url=data["url"],
                                     description=data["description"], events=data["events"], status=data["status"])
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect(_url(request, row))
    return render(request, "webhooks/form.html", {"form": form, "endpoint": row})


@tenancy.workspace_view(MANAGE)
@require_POST
def endpoint_delete(request: WorkspaceRequest, endpoint: str) -> HttpResponse:
    row = get_endpoint(request.membership, endpoint)
    try:
        services.delete_endpoint(actor=request.user, membership=request.membership, endpoint=row)
    except DomainError as exc:
        refuse(request, exc)
        return redirect(_url(request, row))
    messages.success(request, _("The endpoint and its delivery log are deleted."))
    return redirect(reverse("webhooks:endpoint-list", args=[request.workspace.slug]))


@tenancy.workspace_view(MANAGE)
@require_POST
def rotate_secret(request: WorkspaceRequest, endpoint: str) -> HttpResponse:
    row = get_endpoint(request.membership, endpoint)
    try:
        services.rotate_secret(actor=request.user, membership=request.membership, endpoint=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The signing secret is replaced: give the new one to your receiver."))
    return redirect(_url(request, row) + "#secret")


@tenancy.workspace_view(MANAGE)
@require_POST
def send_test(request: WorkspaceRequest, endpoint: str) -> HttpResponse:
    row = get_endpoint(request.membership, endpoint)
    try:
        services.send_test(actor=request.user, membership=request.membership, endpoint=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("A test delivery (ping) is on its way; its outcome appears in the log below."))
    return redirect(_url(request, row) + "#log")


@tenancy.workspace_view(MANAGE)
@require_POST
def redeliver(request: WorkspaceRequest, endpoint: str, webhook_delivery: str) -> HttpResponse:
    row = get_endpoint(request.membership, endpoint)
    delivery = get_delivery(request.membership, row, webhook_delivery)
    try:
        services.redeliver(actor=request.user, membership=request.membership, delivery=delivery)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The delivery is sent again."))
    return redirect(_url(request, row) + "#log")
