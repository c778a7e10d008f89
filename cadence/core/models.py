"""Tenancy: workspaces (the agency), memberships with roles, clients, invitations, audit trail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadence.core import registry
from cadence.core.scoping import WorkspaceScopedManager


class Workspace(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name


MAX_WEEKLY_CAPACITY = 168  # the hours of a week


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    SPECIALIST = "specialist", _("Specialist")
    CLIENT = "client", _("Client")


class ClientRole(models.TextChoices):
    APPROVER = "approver", _("Client approver")
    VIEWER = "viewer", _("Client viewer")


class Membership(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The hours a week this person works for the workspace (the overview's team capacity; 0 to 168).
    weekly_capacity = models.PositiveSmallIntegerField(
        _("weekly capacity (hours)"), default=40,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEEKLY_CAPACITY)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="uniq_membership"),
                       models.CheckConstraint(condition=models.Q(weekly_capacity__lte=168),
                                              name="membership_weekly_capacity_max")]
        ordering = ["workspace", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.role})"

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    def can(self, capability: str) -> bool:
        """Whether the role grants the capability (each app grants its own: ``cadence/core/registry.py``)."""
        return capability in registry.role_capabilities(self.role)


class Client(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(_("name"), max_length=160)
    country = models.CharField(_("country"), max_length=2, default="RO")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ro")
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, default="",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Give a three-letter currency code, e.g. EUR."))],
        help_text=_("The currency of its engagements; empty for the country's usual currency."),
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.name


class ClientAccess(models.Model):
    """A client user's access to one client of the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="client_access")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="access")
    role = models.CharField(_("client role"), max_length=20, choices=ClientRole.choices)

    objects = WorkspaceScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "client"], name="uniq_client_access")]
        verbose_name = _("client access")
        verbose_name_plural = _("client access")

    def __str__(self) -> str:
        return f"{self.membership.user} → {self.client} ({self.role})"


class Invitation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    client_role = models.CharField(_("client role"), max_length=20, choices=ClientRole.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The invitation email goes out from a background task; its outcome is kept here for the team page.
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_failed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    objects = WorkspaceScopedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.workspace}"


class AccountEntryManager(models.Manager["AuditEntry"]):
    """Audit entries about a person's own account: they belong to no workspace, so no workspace scope
    applies to them (the account page filters them by ``actor``)."""

    def get_queryset(self) -> models.QuerySet[AuditEntry]:
        return super().get_queryset().filter(workspace__isnull=True)


class AuditEntry(models.Model):
    """Who did what, when, with which changed fields. Written by every service function.

    Entries about a person's own account (profile, password, two-factor, API tokens) belong to no
    workspace: ``workspace`` is empty and ``actor`` is that person.
    """

    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # The public id of the object whose history the entry belongs to (an engagement's, for its phases, gates
    # and time entries): core knows no app's models, the app that owns the object names and links it
    # (``registry.audit_threads``).
    thread = models.UUIDField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = WorkspaceScopedManager()  # a workspace's entries, in its scope
    account_entries = AccountEntryManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        # The activity page (a workspace's entries) and a thread's history (an engagement's), newest first.
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="audit_workspace_newest"),
            models.Index(fields=["thread", "-created_at"], name="audit_thread_newest"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
