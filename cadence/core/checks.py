"""System checks of Cadence's own deployment rules (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# Caches whose counts live in one process: every app process would keep its own rate limits.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_in_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Production needs a cache every process shares: the sign-in and API rate limits are counted there."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [checks.Error(
        f"The default cache ({backend.rsplit('.', 1)[-1]}) is kept per process, so each app process counts "
        "the sign-in and API rate limits on its own.",
        hint="Set REDIS_URL (Redis), or CADENCE_CACHE=database and run `manage.py createcachetable`.",
        id="cadence.E001",
    )]
