"""Part of the content calendar's API (``content/api/__init__.py`` mounts it)."""

from cadence.api.routers import Router

router = Router(tags=["content"])
