from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    """An engagement's files: brand book, photos, videos and documents, stored through Django's storage API."""

    name = "cadence.files"
    label = "files"
    verbose_name = _("Files")
    api_router = "cadence.files.api.router"  # mounted by the central API (cadence/api/api.py)

    def ready(self) -> None:
        from cadence.files import registration

        registration.register()
