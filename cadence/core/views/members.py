"""The team: members and their roles, invitations (send, revoke, accept)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadence import tenancy
from cadence.core import services
from cadence.core.errors import DomainError
from cadence.core.forms import InviteForm, RoleForm
from cadence.core.models import ClientAccess, Invitation, Membership, Role
from cadence.core.scoping import scope
from cadence.core.views import form_error
from cadence.http import WorkspaceRequest

SESSION_KEY = "pending_invitation"


def _team_context(request: WorkspaceRequest) -> dict[str, Any]:
    workspace = request.workspace
    membership = request.membership
    members = list(
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .prefetch_related(Prefetch("client_access", queryset=ClientAccess.objects.select_related("client")))
        .order_by("user__full_name", "user__email")
    )
    order = {role: i for i, role in enumerate(Role.values)}
    members.sort(key=lambda m: order.get(m.role, 99))
    pending = (
        Invitation.objects.filter(workspace=workspace, accepted_at=None, revoked_at=None,
                                  expires_at__gt=timezone.now())
        .select_related("client", "invited_by")
        .order_by("-created_at")
    )
    return {
        "members": members,
        "invitations": pending,
        "can_manage": tenancy.can(membership, "members.manage"),
        "can_set_capacity": tenancy.can(membership, "members.capacity"),
        # why an invitation email did not go out (the mail server's answer) is for owners and managers
        "can_see_email_errors": membership.role in (Role.OWNER, Role.MANAGER),
        "staff_roles": [(v, label) for v, label in Role.choices if v != Role.CLIENT],
        "all_roles": Role.choices,
    }


def _team_response(request: WorkspaceRequest) -> HttpResponse:
    """The team page, or just its tables for an htmx request (same view, same data)."""
    template = "core/_team.html" if request.htmx else "core/member_list.html"
    return render(request, template, _team_context(request))


@tenancy.workspace_view("members.view")
@require_safe
def member_list(request: WorkspaceRequest) -> HttpResponse:
    return _team_response(request)


@tenancy.workspace_view("members.manage")
@require_http_methods(["GET", "POST"])
def member_invite(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    clients = list(tenancy.visible_clients(request.membership).order_by("name"))
    form = InviteForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, raw = services.invite_member(
                actor=request.user, workspace=workspace, email=data["email"], role=data["role"],
                client=form.client_obj, client_role=data.get("client_role") or "",
            )
        except DomainError as e:
            form_error(form, e)
        else:
            # The email goes out from a background task after the commit; the link is shown this one
            # time only: it is not stored anywhere but in the email.
            return render(request, "core/member_invited.html", {
                "invitation": invitation, "link": services.invitation_link(raw), "days": services.INVITATION_DAYS,
            })
    return render(request, "core/member_invite.html", {"form": form})


@tenancy.workspace_view("members.manage")
@require_POST
def member_role(request: WorkspaceRequest, member: str) -> HttpResponse:
    target = tenancy.get_member(request.membership, member)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            services.change_role(actor=request.user, member=target, role=form.cleaned_data["role"])
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("%(name)s is now %(role)s.") % {
                "name": target.user.display_name, "role": target.get_role_display()})
    if request.htmx:
        return _team_response(request)
    return redirect("core:member-list", workspace=request.workspace.slug)


@tenancy.workspace_view("members.capacity")
@require_POST
def member_capacity(request: WorkspaceRequest, member: str) -> HttpResponse:
    """A team member's weekly capacity in hours (owners and managers; the overview's team capacity reads it)."""
    target = tenancy.get_member(request.membership, member)
    try:
        services.set_weekly_capacity(actor=request.user, member=target,
                                     hours=str(request.POST.get("weekly_capacity", ""))[:10])
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("%(name)s works %(hours)s hours a week.") % {
            "name": target.user.display_name, "hours": target.weekly_capacity})
    if request.htmx:
        return _team_response(request)
    return redirect("core:member-list", workspace=request.workspace.slug)


@tenancy.workspace_view("members.manage")
@require_POST
def member_remove(request: WorkspaceRequest, member: str) -> HttpResponse:
    target = tenancy.get_member(request.membership, member)
    try:
        services.remove_member(actor=request.user, member=target)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("%(name)s was removed from the workspace.") % {
            "name": target.user.display_name})
        if target.user_id == request.user.pk:
            return redirect("core:home")
    if request.htmx:
        return _team_response(request)
    return redirect("core:member-list", workspace=request.workspace.slug)


@tenancy.workspace_view("members.manage")
@require_POST
def invitation_revoke(request: WorkspaceRequest, invitation: str) -> HttpResponse:
    workspace = request.workspace
    obj = tenancy.get_open_invitation(request.membership, invitation)
    services.revoke_invitation(actor=request.user, invitation=obj)
    messages.success(request, _("The invitation for %(email)s was revoked.") % {"email": obj.email})
    if request.htmx:
        return _team_response(request)
    return redirect("core:member-list", workspace=workspace.slug)


@tenancy.declared(tenancy.by_method(
    GET=tenancy.anyone("the invitation page explains the invitation before sign-in or sign-up; "
                       "the secret token in the URL is the key"),
    POST=tenancy.SIGNED_IN,  # accepting it
))
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    # No workspace in the URL: the secret token names the invitation's workspace, whose scope the page runs in.
    workspace = services.invitation_workspace(token)
    if workspace is None:
        request.session.pop(SESSION_KEY, None)
        return render(request, "core/invitation_invalid.html", status=404)
    with scope(workspace=workspace):
        return _invitation_accept(request, token)


def _invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        request.session.pop(SESSION_KEY, None)
        return render(request, "core/invitation_invalid.html", status=404)
    context: dict[str, Any] = {"invitation": invitation, "token": token}
    if not request.user.is_authenticated:  # GET (POST needs a signed-in user: see the declaration)
        # After sign-in or sign-up the account adapter brings the user back here.
        request.session[SESSION_KEY] = token
        # The link was sent to this address: signing up with it needs no second confirmation email.
        get_account_adapter().stash_verified_email(request, invitation.email)
        return render(request, "core/invitation_accept.html", context)
    context["email_matches"] = invitation.email.lower() == request.user.email.lower()
    if not context["email_matches"]:
        # Do not send this account back here after every sign-in; the invitee still has the link.
        request.session.pop(SESSION_KEY, None)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(actor=request.user, raw_token=token)
        except DomainError as e:
            context["error"] = e.message
            return render(request, "core/invitation_accept.html", context, status=400)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Welcome to %(workspace)s.") % {"workspace": membership.workspace.name})
        return redirect("core:dashboard", workspace=membership.workspace.slug)
    return render(request, "core/invitation_accept.html", context)
