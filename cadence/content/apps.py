from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Execution: the content calendar (posts, client approval, posting frequency, iCalendar feed, scheduler
    CSV in and out)."""

    name = "cadence.content"
    label = "content"
    verbose_name = _("Content calendar")
    api_router = "cadence.content.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.content import pages, registration

        registration.register()
        pages.register()
