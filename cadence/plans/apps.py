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
        self._register_pages()

    def _register_pages(self) -> None:
        """The plan's place in core's pages: the navigation, the client page, ``cadence demo``."""
        from cadence.core import registry
        from cadence.plans import demo, sections

        registry.nav(_("Plans"), "plans:plan-list", order=35)
        registry.section("client", sections.client_page, order=110)
        registry.demo("plans", demo.build, demo.delete, order=200)
