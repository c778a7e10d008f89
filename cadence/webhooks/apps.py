from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Outgoing webhooks: a workspace's HTTPS endpoints, signed deliveries of its events with retries, a
    delivery log, and the refusal of private addresses (server-side request forgery)."""

    name = "cadence.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
    api_router = "cadence.webhooks.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.webhooks import checks, registration  # noqa: F401 - checks registers itself

        registration.register()
