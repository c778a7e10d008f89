from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    """Imports of ad and analytics exports (recognised by their headers, previewed, written in one
    transaction, undone) and the metric store that KPIs and reports aggregate."""

    name = "cadence.metrics"
    label = "metrics"
    verbose_name = _("Imports and metrics")
    api_router = "cadence.metrics.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.metrics import registration

        registration.register()
