"""``cadence demo``: a demo agency workspace with every role, three clients, and each app's demo data.

Idempotent: when the demo workspace exists it says so and prints the logins; ``--reset`` rebuilds it.
Everything is written through the service functions (so the audit trail and every rule apply), in one
transaction. Core builds the workspace, its people and clients (``cadence/core/demo.py``), then each app
registered with ``registry.demo`` adds its part (``cadence/engagements/demo.py``: engagements and their
history).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from cadence.accounts.models import User
from cadence.core import registry
from cadence.core import services as core_services
from cadence.core.demo import CLIENT_USERS, CLIENTS, NAME, PASSWORD, SLUG, STAFF, DemoWorkspace, Person
from cadence.core.models import Membership, Workspace
from cadence.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Create the demo workspace (a demo agency with users for every role, three clients and engagements)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo workspace and build it again.")
        parser.add_argument("--force", action="store_true",
                            help="Run even though debug mode is off (CADENCE_DEBUG=0): a production database.")

    @scopes_disabled()  # builds (and deletes) a whole workspace, across the tenancy backstop
    def handle(self, *args: Any, reset: bool = False, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            # The demo users share a published password: never create them in production by accident.
            raise CommandError(
                "Debug mode is off (CADENCE_DEBUG=0), so this looks like a production database: the demo "
                "would add users whose password is printed in the README. Use --force if you really mean it."
            )
        existing = Workspace.objects.filter(slug=SLUG).first()
        if existing and not reset:
            self.stdout.write(f"The demo workspace “{existing.name}” already exists (use --reset to rebuild it).")
            self._print_logins()
            return
        with transaction.atomic():
            if existing:
                self._delete()
            summary = self._build()
        self.stdout.write(self.style.SUCCESS(f"Built the demo workspace “{NAME}”: {summary}."))
        self._print_logins()

    # --- output ---------------------------------------------------------------------------------

    def _print_logins(self) -> None:
        base = settings.SITE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Open {base}{reverse('account_login')} and sign in with one of these "
                          f"(password for all: {PASSWORD}):")
        for p in STAFF + CLIENT_USERS:
            what = p.role if not p.client else f"client {p.client_role} ({CLIENTS[p.client]['name']})"
            self.stdout.write(f"  {p.email:<36} {what}")
        self.stdout.write("")

    # --- reset ----------------------------------------------------------------------------------

    def _delete(self) -> None:
        # Commands may step outside the services: the demo data is thrown away whole, each app's part first
        # (in reverse order: what protects what it points to goes before it).
        workspace = Workspace.objects.get(slug=SLUG)
        for part in reversed(registry.demo_parts()):
            part.delete(workspace)
        workspace.delete()
        emails = [p.email for p in STAFF + CLIENT_USERS]
        User.objects.filter(email__in=emails).exclude(memberships__isnull=False).delete()

    # --- build ----------------------------------------------------------------------------------

    def _user(self, p: Person) -> User:
        user = User.objects.filter(email=p.email).first()
        if user is None:
            user = User.objects.create_user(p.email, PASSWORD, full_name=p.name, language=p.language)
        else:  # left over from an earlier demo: make sure the printed password works
            user.set_password(PASSWORD)
            user.full_name, user.language = p.name, p.language
            user.save()
        try:
            from allauth.account.models import EmailAddress
        except ImportError:  # pragma: no cover
            return user
        EmailAddress.objects.update_or_create(
            user=user, email=p.email, defaults={"verified": True, "primary": True}
        )
        return user

    def _build(self) -> str:
        """The workspace, its people and clients, then each app's part; the summary line's text."""
        if Workspace.objects.filter(slug=SLUG).exists():
            raise CommandError("The demo workspace already exists.")
        users = {p.key: self._user(p) for p in STAFF + CLIENT_USERS}
        owner = users["owner"]
        workspace = core_services.create_workspace(actor=owner, name=NAME, slug=SLUG)
        clients = {key: core_services.create_client(actor=owner, workspace=workspace, **fields)
                   for key, fields in CLIENTS.items()}
        for p in STAFF[1:] + CLIENT_USERS:
            client = clients[p.client] if p.client else None
            _, raw = core_services.invite_member(actor=owner, workspace=workspace, email=p.email, role=p.role,
                                                 client=client, client_role=p.client_role, send_email=False)
            core_services.accept_invitation(actor=users[p.key], raw_token=raw)
        memberships = {m.user_id: m for m in Membership.objects.filter(workspace=workspace)}
        demo = DemoWorkspace(workspace=workspace, users=users, clients=clients, memberships=memberships)
        parts = [f"{len(clients)} clients", *(part.build(demo) for part in registry.demo_parts())]
        return ", ".join(parts)
