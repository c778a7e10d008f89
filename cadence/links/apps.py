from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    """The UTM builder: campaign links with a naming rule and GA4's channel grouping, a library per
    engagement."""

    name = "cadence.links"
    label = "links"
    verbose_name = _("Campaign links")
    api_router = "cadence.links.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.links import registration

        registration.register()
