"""The client's IP address, the one place that decides it (sign-in rate limits and the API's).

Without configuration it is ``REMOTE_ADDR``, and forwarded headers are ignored: anybody can send an
``X-Forwarded-For``. Behind reverse proxies, ``CADENCE_TRUSTED_PROXY_HEADER`` names the header they set
and ``CADENCE_TRUSTED_PROXY_COUNT`` how many of them append to it: with ``X-Forwarded-For`` and one
proxy the client is the last address in the list, with two proxies the one before it, and whatever the
client itself put further left is never believed. A header that is missing, too short or not an
address falls back to ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count by (``"unknown"`` when there is none at all)."""
    remote = _clean(request.META.get("REMOTE_ADDR") or "") or "unknown"
    header = getattr(settings, "CADENCE_TRUSTED_PROXY_HEADER", "")
    hops = int(getattr(settings, "CADENCE_TRUSTED_PROXY_COUNT", 0) or 0)
    if not header or hops <= 0:
        return remote
    raw = request.headers.get(header)
    if not raw:
        return remote
    addresses = [part for part in raw.split(",") if part.strip()]
    if len(addresses) < hops:
        return remote
    return _clean(addresses[-hops]) or remote
