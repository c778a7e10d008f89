from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """Execution: the engagement's budget, with the advertising rollover, charts and the Excel export."""

    name = "cadence.budget"
    label = "budget"
    verbose_name = _("Budget")
    api_router = "cadence.budget.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.budget import registration

        registration.register()
