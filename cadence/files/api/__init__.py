"""The files app's part of the JSON API, mounted by the central API through ``FilesConfig.api_router``."""

from cadence.api.routers import Router
from cadence.files.api import routes_files

router = Router()
router.add_router("", routes_files.router)
