from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    """Execution: the task board, "my work", recurring tasks, task templates and the roadmap of initiatives."""

    name = "cadence.board"
    label = "board"
    verbose_name = _("Task board")
    api_router = "cadence.board.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        # Capabilities, audit labels, URL objects, the demo and the workspace hook (registration.py); the
        # board's places in core's pages (pages.py); the roadmap's initiatives (initiatives.py).
        from cadence.board import initiatives, pages, registration

        registration.register()
        initiatives.register()
        pages.register()
