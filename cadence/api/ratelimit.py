"""Per-token rate limit for the JSON API: a fixed one-minute window counted in Django's cache.

The limit is ``settings.CADENCE_API_RATE_LIMIT`` requests per minute (read on every request, so
tests can override it). A token is counted by itself; a browser session by its user; anything
else by its IP address. Over the limit, ninja answers 429 with a ``Retry-After`` header.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from cadence.accounts.client_ip import client_ip

WINDOW_SECONDS = 60


def rate_key(request: HttpRequest) -> str:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return "ip:" + client_ip(request)


def hit(key: str, *, limit: int, now: float | None = None) -> tuple[bool, int]:
    """Count one request for ``key``; return (allowed, seconds until the window resets)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    retry_after = max(1, WINDOW_SECONDS - int(now % WINDOW_SECONDS))
    cache_key = f"cadence:api-rate:{key}:{window}"
    # add() only sets a missing key, so concurrent first requests cannot reset the counter.
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(cache_key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    return count <= limit, retry_after


def peek(key: str, *, limit: int, now: float | None = None) -> tuple[bool, int]:
    """Whether ``key`` is already over ``limit`` in this window (without counting); and the wait."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    retry_after = max(1, WINDOW_SECONDS - int(now % WINDOW_SECONDS))
    count = cache.get(f"cadence:api-rate:{key}:{window}") or 0
    return int(count) >= limit, retry_after


class ApiRateLimit(BaseThrottle):
    """ninja throttle: runs after authentication, so ``request.auth`` (and ``api_token``) are known."""

    def __init__(self) -> None:
        # One throttle object serves every request; ninja calls wait() right after allow_request()
        # in the same thread, so the wait lives in thread-local storage.
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        limit = int(getattr(settings, "CADENCE_API_RATE_LIMIT", 120))
        if limit <= 0:
            return True
        allowed, retry_after = hit(rate_key(request), limit=limit)
        self._local.wait = None if allowed else retry_after
        return allowed

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
