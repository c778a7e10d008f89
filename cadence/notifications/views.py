"""The notifications' pages: the bell (a small fragment htmx loads after the page, so no page gains a query),
the list (unread first; mark one or all read; following a link marks it read) and the preferences per kind.
Every member reads their own notifications (``MEMBER``); nobody sees another's."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.refusals import refuse
from cadence.http import WorkspaceRequest
from cadence.notifications import access, queries, services
from cadence.notifications.forms import PreferencesForm


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def bell(request: WorkspaceRequest) -> HttpResponse:
    """The top bar's unread count (loaded by htmx after the page, and polled slowly)."""
    return render(request, "notifications/_bell.html", {"unread": queries.unread_count(request.membership)})


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def notification_list(request: WorkspaceRequest) -> HttpResponse:
    rows = queries.rows(request.membership)
    return render(request, "notifications/list.html", {
        "rows": rows, "unread": sum(1 for r in rows if not r.read)})


def _list_url(request: WorkspaceRequest) -> str:
    return reverse("notifications:list", args=[request.workspace.slug])


@tenancy.workspace_view(tenancy.MEMBER)
@require_POST
def mark_read(request: WorkspaceRequest) -> HttpResponse:
    """Mark one notification read (the form's ``notification``: one of the member's own, else 404) or all."""
    one = request.POST.get("notification", "")
    if one:
        row = access.get_notification(request.membership, one)
        services.mark_read(membership=request.membership, notification=row)
    elif services.mark_all_read(membership=request.membership):
        messages.success(request, _("Every notification is marked as read."))
    return redirect(_list_url(request))


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def follow(request: WorkspaceRequest) -> HttpResponse:
    """``?n=<uuid>``: mark it read and go to what it is about (a path on this site; else the list)."""
    one = request.GET.get("n", "")
    if not one:
        return redirect(_list_url(request))
    row = access.get_notification(request.membership, one)
    services.mark_read(membership=request.membership, notification=row)
    target = row.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure()):
        target = _list_url(request)
    return redirect(target)


@tenancy.workspace_view(tenancy.MEMBER)
@require_http_methods(["GET", "POST"])
def preferences(request: WorkspaceRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(actor=request.user, workspace=request.workspace, choices=form.cleaned_data)
        except DomainError as exc:
            refuse(request, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect(reverse("notifications:preferences", args=[request.workspace.slug]))
    return render(request, "notifications/preferences.html", {"form": form})
