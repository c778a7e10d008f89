"""This app's part of the JSON API, mounted by the central API through the AppConfig's ``api_router``."""

from cadence.api.routers import Router

router = Router()
