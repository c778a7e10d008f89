from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The marketing plan of an engagement (brief, SOSTAC sections, goal tree, versions, exports)."""

    name = "cadence.plans"
    label = "plans"
    verbose_name = _("Marketing plans")

    def ready(self) -> None:
        self._register()

    def _register(self) -> None:
        pass  # capabilities, audit labels, URL objects, demo, sections: filled in by the app's modules
