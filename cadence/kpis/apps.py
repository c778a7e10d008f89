from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    """Control: KPIs against baseline and three targets, projections, alerts and control points."""

    name = "cadence.kpis"
    label = "kpis"
    verbose_name = _("KPIs")
    api_router = "cadence.kpis.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.kpis import registration

        registration.register()
