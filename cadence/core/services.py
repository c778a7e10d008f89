"""Writes to workspaces, members, clients, invitations and API tokens.

Each function takes the acting user as keyword-only ``actor``, runs in one transaction,
raises DomainError with a translated message when a rule refuses, and records an audit entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cadence.accounts.models import ApiToken, User, hash_token
from cadence.core import audit
from cadence.core.errors import DomainError
from cadence.core.models import Client, ClientAccess, ClientRole, Invitation, Membership, Role, Workspace

INVITATION_DAYS = 14
CLIENT_FIELDS = ("name", "country", "language", "currency", "website", "notes")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_workspace(*, actor: User, name: str, slug: str = "") -> Workspace:
    from cadence.engagements.services import install_builtin_templates

    name = name.strip()
    if not name:
        raise DomainError(_("A workspace needs a name."), field="name")
    slug = slugify(slug) if slug else _unique_slug(name)
    if Workspace.objects.filter(slug=slug).exists():
        raise DomainError(_("That address is already taken."), field="slug")
    workspace = Workspace.objects.create(name=name, slug=slug)
    Membership.objects.create(workspace=workspace, user=actor, role=Role.OWNER)
    install_builtin_templates(workspace)
    audit.record(workspace=workspace, actor=actor, action="workspace.created", obj=workspace,
                 changes={"name": name, "slug": slug})
    return workspace


@transaction.atomic
def update_workspace(*, actor: User, workspace: Workspace, name: str) -> Workspace:
    before = audit.snapshot(workspace, ["name"])
    workspace.name = name.strip() or workspace.name
    workspace.save(update_fields=["name"])
    audit.record(workspace=workspace, actor=actor, action="workspace.updated", obj=workspace,
                 changes=audit.diff(before, audit.snapshot(workspace, ["name"])))
    return workspace


@transaction.atomic
def create_client(*, actor: User, workspace: Workspace, **fields: Any) -> Client:
    client = Client(workspace=workspace, **{k: v for k, v in fields.items() if k in CLIENT_FIELDS})
    client.full_clean(exclude=["workspace"])
    client.save()
    audit.record(workspace=workspace, actor=actor, action="client.created", obj=client,
                 changes=audit.snapshot(client, CLIENT_FIELDS))
    return client


@transaction.atomic
def update_client(*, actor: User, client: Client, **fields: Any) -> Client:
    before = audit.snapshot(client, CLIENT_FIELDS)
    for key, value in fields.items():
        if key in CLIENT_FIELDS:
            setattr(client, key, value)
    client.full_clean(exclude=["workspace"])
    client.save()
    audit.record(workspace=client.workspace, actor=actor, action="client.updated", obj=client,
                 changes=audit.diff(before, audit.snapshot(client, CLIENT_FIELDS)))
    return client


def _check_role(role: str, client: Client | None, client_role: str) -> None:
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if role == Role.CLIENT:
        if client is None:
            raise DomainError(_("A client user must be given access to a client."), field="client")
        if client_role not in ClientRole.values:
            raise DomainError(_("Choose whether the client user approves or only views."), field="client_role")


@transaction.atomic
def invite_member(
    *, actor: User, workspace: Workspace, email: str, role: str,
    client: Client | None = None, client_role: str = "",
) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the raw token (shown once, sent by email)."""
    email = email.strip().lower()
    _check_role(role, client, client_role)
    if client is not None and client.workspace_id != workspace.pk:
        raise DomainError(_("That client is not in this workspace."), field="client")
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists() and role != Role.CLIENT:
        raise DomainError(_("This person is already a member of the workspace."), field="email")
    raw = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        workspace=workspace, email=email, role=role, client=client if role == Role.CLIENT else None,
        client_role=client_role if role == Role.CLIENT else "", token_hash=hash_token(raw), invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    audit.record(workspace=workspace, actor=actor, action="member.invited", obj=invitation,
                 changes={"email": email, "role": role, "client": client, "client_role": client_role})
    return invitation, raw


def find_invitation(raw_token: str) -> Invitation | None:
    inv = Invitation.objects.select_related("workspace", "client").filter(token_hash=hash_token(raw_token)).first()
    if inv is None or inv.revoked_at or inv.accepted_at or inv.expires_at < timezone.now():
        return None
    return inv


@transaction.atomic
def accept_invitation(*, actor: User, raw_token: str) -> Membership:
    invitation = find_invitation(raw_token)
    if invitation is None:
        raise DomainError(_("This invitation is no longer valid. Ask for a new one."), code="invitation_invalid")
    if invitation.email.lower() != actor.email.lower():
        raise DomainError(
            _("This invitation was sent to another email address. Sign in with that address to accept it."),
            code="invitation_email",
        )
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=actor, defaults={"role": invitation.role}
    )
    if invitation.role == Role.CLIENT and invitation.client is not None:
        if membership.role != Role.CLIENT:
            pass  # a staff member invited as client keeps staff access, which already covers the client
        else:
            ClientAccess.objects.update_or_create(
                membership=membership, client=invitation.client,
                defaults={"workspace": invitation.workspace, "role": invitation.client_role},
            )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(workspace=invitation.workspace, actor=actor, action="member.joined", obj=membership,
                 changes={"role": membership.role, "created": created})
    return membership


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(workspace=invitation.workspace, actor=actor, action="member.invitation_revoked", obj=invitation)


def _owners_left(workspace: Workspace, excluding: Membership) -> int:
    return Membership.objects.filter(workspace=workspace, role=Role.OWNER).exclude(pk=excluding.pk).count()


@transaction.atomic
def change_role(*, actor: User, member: Membership, role: str) -> Membership:
    if role not in Role.values or role == Role.CLIENT and member.role != Role.CLIENT:
        raise DomainError(_("Invite client users through an invitation for their client."), field="role")
    if member.role == Role.OWNER and role != Role.OWNER and _owners_left(member.workspace, member) == 0:
        raise DomainError(_("A workspace needs at least one owner."), code="last_owner")
    old = member.role
    member.role = role
    member.save(update_fields=["role"])
    audit.record(workspace=member.workspace, actor=actor, action="member.role_changed", obj=member,
                 changes={"role": [old, role]})
    return member


@transaction.atomic
def remove_member(*, actor: User, member: Membership) -> None:
    if member.role == Role.OWNER and _owners_left(member.workspace, member) == 0:
        raise DomainError(_("A workspace needs at least one owner."), code="last_owner")
    audit.record(workspace=member.workspace, actor=actor, action="member.removed", obj=member,
                 changes={"email": member.user.email, "role": member.role})
    member.delete()


@transaction.atomic
def create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name so you can recognise it later."), field="name")
    raw = ApiToken.generate()
    try:
        token = ApiToken.objects.create(user=actor, name=name[:100], token_hash=hash_token(raw), hint=raw[:8])
    except IntegrityError:  # pragma: no cover - 256 random bits
        raise DomainError(_("Could not create the token; try again.")) from None
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise DomainError(_("You can only revoke your own tokens."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
