"""A deployment check: webhooks to private addresses must not be allowed in production (``check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def private_addresses_allowed(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False) and not settings.DEBUG:
        return [checks.Warning(
            "CADENCE_WEBHOOKS_ALLOW_PRIVATE is on without CADENCE_DEBUG: webhooks may be sent over http:// and to "
            "private, local and cloud-metadata addresses (server-side request forgery).",
            hint="Unset CADENCE_WEBHOOKS_ALLOW_PRIVATE in production.", id="cadence.W301")]
    return []
