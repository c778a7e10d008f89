from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Control: the engagement dashboard (KPIs, spend vs budget, results by channel, top posts, hours, the next
    gate) for a period and the one before it. No models: it composes other apps' read models."""

    name = "cadence.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")
    api_router = "cadence.dashboard.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.dashboard import registration

        registration.register()
