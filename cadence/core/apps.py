from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cadence.core"
    label = "core"
    verbose_name = _("Workspaces")
    api_router = "cadence.core.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.core import account_events, checks, registry, workspace_keys  # noqa: F401  (checks registers itself)
        from cadence.core.audit_display import ACTION_LABELS, FIELD_LABELS
        from cadence.core.models import ClientRole, Role

        account_events.connect()
        staff = {"clients.view_all", "audit.view", "members.view"}
        registry.grant(
            {
                Role.OWNER: {"workspace.manage", "members.manage", "members.capacity", "clients.manage", *staff},
                Role.MANAGER: {"clients.manage", "members.capacity", *staff},
                Role.SPECIALIST: staff,
                Role.CLIENT: set(),
            },
            # client users get theirs per client (ClientAccess); "client.approve" confirms a checkpoint
            client_roles={ClientRole.APPROVER: {"client.view", "client.approve"}, ClientRole.VIEWER: {"client.view"}},
        )
        registry.audit_labels(ACTION_LABELS, FIELD_LABELS)
        registry.nav(_("Dashboard"), "core:dashboard", order=10)
        registry.nav(_("Clients"), "core:client-list", order=20)
        registry.nav(_("Team"), "core:member-list", order=90, team_only=True)
        workspace_keys.connect()  # every app's models are loaded by now
