"""The files app's part of the JSON API."""

from cadence.api.routers import Router

router = Router()
