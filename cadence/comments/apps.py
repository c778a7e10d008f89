from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Comment threads on an engagement's objects: Markdown, @mentions, an edit window, resolve, internal notes."""

    name = "cadence.comments"
    label = "comments"
    verbose_name = _("Comments")
    api_router = "cadence.comments.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.comments import registration

        registration.register()
