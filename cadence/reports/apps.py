from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Control: the monthly client report in HTML and PDF, sent by a manager or on schedule, and its archive."""

    name = "cadence.reports"
    label = "reports"
    verbose_name = _("Reports")
    api_router = "cadence.reports.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.reports import registration

        registration.register()
