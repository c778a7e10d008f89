from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cadence.core"
    label = "core"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        from cadence.core import account_events, checks, workspace_keys  # noqa: F401  (checks registers itself)

        account_events.connect()
        workspace_keys.connect()  # every app's models are loaded by now
