"""The board app's part of the JSON API (tasks, labels, recurring rules, task templates, initiatives)."""

from cadence.api.routers import Router

router = Router()
