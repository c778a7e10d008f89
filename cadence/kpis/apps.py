from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    """Control: KPIs against baseline and three targets, projections, alerts, control points and the
    engagement dashboard."""

    name = "cadence.kpis"
    label = "kpis"
    verbose_name = _("KPIs")
