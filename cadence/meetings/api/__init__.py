"""The meetings in the JSON API (filled below)."""

from __future__ import annotations

from cadence.api.routers import Router

router = Router(tags=["meetings"])
