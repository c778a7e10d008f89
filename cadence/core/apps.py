from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cadence.core"
    label = "core"
    verbose_name = _("Workspaces")
    api_router = "cadence.core.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.core import account_events, checks  # noqa: F401  (checks registers itself)

        account_events.connect()
