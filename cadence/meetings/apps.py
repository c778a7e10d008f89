from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Meetings: one-off or recurring, agenda, minutes, decisions, action items that become board cards,
    invitations with .ics attachments."""

    name = "cadence.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
    api_router = "cadence.meetings.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.meetings import registration

        registration.register()
