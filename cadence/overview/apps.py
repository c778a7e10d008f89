from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The agency overview: every active engagement in one table, and the team's capacity per week. No models of
    its own (the weekly capacity is core's ``Membership.weekly_capacity``): it composes other apps' read models."""

    name = "cadence.overview"
    label = "overview"
    verbose_name = _("Agency overview")
    api_router = "cadence.overview.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.overview import registration

        registration.register()
