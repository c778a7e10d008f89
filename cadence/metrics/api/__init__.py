"""Imports and metrics in the JSON API, mounted by the central API through ``MetricsConfig.api_router``."""

from __future__ import annotations

from cadence.api.routers import Router

router = Router(tags=["imports"])
