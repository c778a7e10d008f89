from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Working together: the client portal, the page a client user lands on (their engagements, one inbox of
    what waits for their approval, the brief, the next meetings, the latest report, the timeline explained,
    materials and ideas for the team). No models: it composes other apps' read models and calls their
    services."""

    name = "cadence.portal"
    label = "portal"
    verbose_name = _("Client portal")
    api_router = "cadence.portal.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.portal import registration

        registration.register()
