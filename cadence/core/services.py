"""Writes to workspaces, members, clients, invitations and API tokens.

Each function takes the acting user as keyword-only ``actor``, runs in one transaction,
raises DomainError with a translated message when a rule refuses, and records an audit entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadence.accounts.models import ApiToken, TokenScope, User, hash_token
from cadence.core import audit, clock, registry, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import (
    MAX_WEEKLY_CAPACITY,
    Client,
    ClientAccess,
    ClientRole,
    Invitation,
    Membership,
    Role,
    Workspace,
)
from cadence.core.scoping import scope
from cadence.core.tasks import enqueue_invitation_email

INVITATION_DAYS = 14
CLIENT_FIELDS = ("name", "country", "language", "currency", "website", "notes")
WORKSPACE_NAME_MAX = 120
WEBSITE_MAX = 200


def _bounded_client_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The bounds of a client's fields (the same for the forms and the API)."""
    out = {k: v for k, v in fields.items() if k in CLIENT_FIELDS}
    if "name" in out:
        out["name"] = validation.clean_name(out["name"], field="name", max_length=validation.NAME_MAX)
    if "country" in out:
        out["country"] = validation.clean_code(out["country"], field="country", pattern=validation.COUNTRY_RE)
    if "language" in out:
        out["language"] = validation.clean_choice(out["language"], field="language", choices=settings.LANGUAGES)
    if out.get("currency"):
        out["currency"] = validation.clean_code(out["currency"], field="currency", pattern=validation.CURRENCY_RE)
    if "website" in out:
        out["website"] = validation.clean_text(out["website"], field="website", max_length=WEBSITE_MAX,
                                               multiline=False)
    if "notes" in out:
        out["notes"] = validation.clean_text(out["notes"], field="notes", max_length=validation.NOTES_MAX)
    return out


def _full_clean_client(client: Client) -> None:
    try:
        client.full_clean(exclude=["workspace"])
    except ValidationError as exc:
        field = next(iter(exc.message_dict), None)
        messages = [" ".join(errs) for errs in exc.message_dict.values()]
        raise InvalidInput(" ".join(messages), field=None if field == "__all__" else field) from None


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_workspace(*, actor: User, name: str, slug: str = "") -> Workspace:
    name = validation.clean_name(name, field="name", max_length=WORKSPACE_NAME_MAX)
    slug = slugify(slug) if slug else _unique_slug(name)
    if Workspace.objects.filter(slug=slug).exists():
        raise DomainError(_("That address is already taken."), field="slug")
    workspace = Workspace.objects.create(name=name, slug=slug)
    Membership.objects.create(workspace=workspace, user=actor, role=Role.OWNER)
    with scope(workspace=workspace):  # the new workspace is filled in its own scope (no request has it yet)
        registry.workspace_created(workspace)  # each app's start (the built-in process templates)
        audit.record(workspace=workspace, actor=actor, action="workspace.created", obj=workspace,
                     changes={"name": name, "slug": slug})
    return workspace


@transaction.atomic
def update_workspace(*, actor: User, workspace: Workspace, name: str) -> Workspace:
    name = validation.clean_name(name, field="name", max_length=WORKSPACE_NAME_MAX)
    before = audit.snapshot(workspace, ["name"])
    workspace.name = name
    workspace.save(update_fields=["name"])
    audit.record_change(workspace=workspace, actor=actor, action="workspace.updated", obj=workspace,
                        changes=audit.diff(before, audit.snapshot(workspace, ["name"])))
    return workspace


@transaction.atomic
def create_client(*, actor: User, workspace: Workspace, **fields: Any) -> Client:
    client = Client(workspace=workspace, **_bounded_client_fields(fields))
    _full_clean_client(client)
    client.save()
    audit.record(workspace=workspace, actor=actor, action="client.created", obj=client,
                 changes=audit.snapshot(client, CLIENT_FIELDS))
    return client


@transaction.atomic
def update_client(*, actor: User, client: Client, **fields: Any) -> Client:
    fields = _bounded_client_fields(fields)
    before = audit.snapshot(client, CLIENT_FIELDS)
    for key, value in fields.items():
        setattr(client, key, value)
    _full_clean_client(client)
    client.save()
    audit.record_change(workspace=client.workspace, actor=actor, action="client.updated", obj=client,
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
    client: Client | None = None, client_role: str = "", send_email: bool = True,
) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the raw token (shown once, sent by email).

    The email is enqueued as a background task once the transaction has committed, so a mail server
    that is down never undoes the invitation nor fails the request; the task records the outcome.
    """
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
    if send_email:
        link, language = invitation_link(raw), translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: enqueue_invitation_email(invitation, link, language))
    return invitation, raw


def invitation_link(raw_token: str) -> str:
    """The public accept link of an invitation (CADENCE_SITE_URL + the accept page)."""
    return settings.SITE_URL.rstrip("/") + reverse("core:invitation-accept", kwargs={"token": raw_token})


def invitation_workspace(raw_token: str) -> Workspace | None:
    """The workspace of the invitation with this token (its pages and its acceptance run in its scope)."""
    return Workspace.objects.filter(invitations__token_hash=hash_token(raw_token)).first()


def find_invitation(raw_token: str) -> Invitation | None:
    """The open invitation with this token, read in its workspace's scope (``invitation_workspace``)."""
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


def _lock_owners(member: Membership) -> tuple[Membership, int]:
    """Lock the workspace row and its owners' memberships; return the member re-read and the other owners.

    Two owners demoting (or removing) each other at the same moment would each see the other still an
    owner and both succeed. With the workspace row locked first (SELECT ... FOR UPDATE on PostgreSQL;
    SQLite runs one write transaction at a time), the second waits for the first and then counts the
    owners the first one left.
    """
    Workspace.objects.select_for_update().filter(pk=member.workspace_id).first()
    owners = list(Membership.objects.select_for_update().filter(workspace_id=member.workspace_id, role=Role.OWNER))
    fresh = Membership.objects.select_related("user", "workspace").get(pk=member.pk)
    return fresh, sum(1 for m in owners if m.pk != fresh.pk)


@transaction.atomic
def change_role(*, actor: User, member: Membership, role: str) -> Membership:
    if role not in Role.values or role == Role.CLIENT and member.role != Role.CLIENT:
        raise DomainError(_("Invite client users through an invitation for their client."), field="role")
    current, other_owners = _lock_owners(member)
    if current.role == Role.OWNER and role != Role.OWNER and other_owners == 0:
        raise DomainError(_("A workspace needs at least one owner."), code="last_owner")
    old = current.role
    if old == role:
        member.role = role
        return member  # nothing changed, nothing recorded
    member.role = role
    member.save(update_fields=["role"])
    audit.record(workspace=member.workspace, actor=actor, action="member.role_changed", obj=member,
                 changes={"role": [old, role]})
    return member


@transaction.atomic
def set_weekly_capacity(*, actor: User, member: Membership, hours: Any) -> Membership:
    """A team member's weekly capacity in hours (0 to 168): the overview's team capacity reads it."""
    if member.is_client:
        raise DomainError(_("Client users have no weekly capacity."), field="weekly_capacity")
    try:
        value = int(str(hours).strip())
    except (TypeError, ValueError):
        raise InvalidInput(_("Give the weekly capacity as a whole number of hours, from 0 to 168."),
                           field="weekly_capacity") from None
    if not 0 <= value <= MAX_WEEKLY_CAPACITY:
        raise InvalidInput(_("Give the weekly capacity as a whole number of hours, from 0 to 168."),
                           field="weekly_capacity")
    current = Membership.objects.select_for_update().get(pk=member.pk)
    old = current.weekly_capacity
    member.weekly_capacity = value
    if old == value:
        return member  # nothing changed, nothing recorded
    member.save(update_fields=["weekly_capacity"])
    audit.record(workspace=member.workspace, actor=actor, action="member.capacity_changed", obj=member,
                 changes={"weekly_capacity": [old, value]})
    return member


@transaction.atomic
def remove_member(*, actor: User, member: Membership) -> None:
    current, other_owners = _lock_owners(member)
    if current.role == Role.OWNER and other_owners == 0:
        raise DomainError(_("A workspace needs at least one owner."), code="last_owner")
    audit.record(workspace=member.workspace, actor=actor, action="member.removed", obj=member,
                 changes={"email": current.user.email, "role": current.role})
    member.delete()


# --- the signed-in user's own account ----------------------------------------------------------
# Audit entries without a workspace: the actor is the account's owner.

MAX_TOKEN_NAME = 100


def active_api_tokens(user: User) -> QuerySet[ApiToken]:
    today = clock.localdate()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today))


@transaction.atomic
def create_api_token(
    *, actor: User, name: str, valid_until: dt.date | None = None, scope: str = TokenScope.READ_WRITE,
) -> tuple[ApiToken, str]:
    """A new personal token; returns it and its raw value (shown once, only the hash is kept)."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name so you can recognise it later."), field="name")
    if len(name) > MAX_TOKEN_NAME:
        raise DomainError(_("The name can have at most %(max)d characters.") % {"max": MAX_TOKEN_NAME}, field="name")
    if scope not in TokenScope.values:
        raise DomainError(_("Choose whether the token may write or only read."), field="scope")
    if valid_until is not None and valid_until < clock.localdate():
        raise DomainError(_("The last day of a token cannot be in the past."), field="valid_until")
    # Lock the user's row: two requests at once cannot both take the last free place.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    limit = int(getattr(settings, "CADENCE_API_TOKENS_PER_USER", 20))
    if active_api_tokens(actor).count() >= limit:
        raise DomainError(
            ngettext("You already have %(count)d active token, the most one person may have. Revoke it first "
                     "if you no longer use it.",
                     "You already have %(count)d active tokens, the most one person may have. Revoke one you "
                     "no longer use first.", limit) % {"count": limit},
            code="token_limit",
        )
    raw = ApiToken.generate()
    try:
        token = ApiToken.objects.create(user=actor, name=name, token_hash=hash_token(raw), hint=raw[:8],
                                        valid_until=valid_until, scope=scope)
    except IntegrityError:  # pragma: no cover - 256 random bits
        raise DomainError(_("Could not create the token; try again.")) from None
    audit.record(workspace=None, actor=actor, action="token.created", obj=token,
                 changes={"name": name, "scope": scope, "valid_until": valid_until})
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise DomainError(_("You can only revoke your own tokens."))
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(workspace=None, actor=actor, action="token.revoked", obj=token, changes={"name": token.name})


PROFILE_FIELDS = ("full_name", "language")


@transaction.atomic
def update_profile(*, actor: User, full_name: str, language: str) -> User:
    """The user's own name and interface language."""
    full_name = full_name.strip()
    if len(full_name) > 150:
        raise DomainError(_("The name can have at most %(max)d characters.") % {"max": 150}, field="full_name")
    if language and language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the offered languages."), field="language")
    before = audit.snapshot(actor, PROFILE_FIELDS)
    actor.full_name, actor.language = full_name, language
    changes = audit.diff(before, audit.snapshot(actor, PROFILE_FIELDS))
    if changes:
        actor.save(update_fields=list(changes))
        audit.record_change(workspace=None, actor=actor, action="account.profile_updated", changes=changes)
    return actor


def record_account_event(*, actor: User, action: str, changes: dict[str, Any] | None = None) -> None:
    """An event of the user's own account that a library performed (password, two-factor): audit it."""
    audit.record(workspace=None, actor=actor, action=action, changes=changes)
