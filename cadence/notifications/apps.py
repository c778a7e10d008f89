from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications: the bell, the list, preferences per kind, immediate emails and the daily digest."""

    name = "cadence.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    api_router = "cadence.notifications.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.notifications import registration

        registration.register()
