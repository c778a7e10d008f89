"""Who is calling the API: a personal access token, or the browser's Django session.

* ``Authorization: Bearer cad_...`` — the token is looked up by its SHA-256 hash (the raw value is
  never stored nor compared); revoked and expired tokens and inactive users are refused. A read-only
  token gets 403 on anything but GET, HEAD and OPTIONS. ``last_used_at`` is written at most once a
  minute. Bad tokens are counted per client IP (``CADENCE_API_BAD_TOKEN_LIMIT`` a minute): past the
  limit that address gets 429 for every token until the minute is over, so guessing stays slow.
* The Django session, for the browser — then unsafe methods must pass Django's CSRF check. A
  request that sends an ``Authorization`` header never falls back to the session.

Anything else is answered 401 by the API's exception handler.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer, SessionAuth

from cadence.accounts.client_ip import client_ip
from cadence.accounts.models import ApiToken, hash_token
from cadence.api import ratelimit
from cadence.core import clock

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _use_profile_language(request: HttpRequest, user: Any) -> None:
    """A token client that states no language gets the user's profile language.

    (LocaleMiddleware already chose from the cookie or ``Accept-Language``; the session user's
    profile language is applied by ``UserLanguageMiddleware``.)
    """
    if (
        user.language
        and "Accept-Language" not in request.headers
        and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
    ):
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class ReadOnlyToken(Exception):
    """A read-only token tried to write (answered 403 by the API's exception handler)."""


class BadTokensThrottled(Exception):
    """Too many bad tokens from one address (answered 429 with Retry-After)."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def _bad_token_key(request: HttpRequest) -> str:
    return "bad-token:" + client_ip(request)


class TokenAuth(HttpBearer):
    """Personal access tokens (created and revoked on the profile page)."""

    def __call__(self, request: HttpRequest) -> Any:
        # ninja's HttpBearer ignores an Authorization header that is not "Bearer <token>": count it too.
        user = super().__call__(request)
        if user is None and "Authorization" in request.headers and not getattr(request, "_bad_token_counted", False):
            self._refuse(request)
        return user

    def _refuse(self, request: HttpRequest) -> None:
        request._bad_token_counted = True  # type: ignore[attr-defined]
        limit = int(getattr(settings, "CADENCE_API_BAD_TOKEN_LIMIT", 30))
        if limit > 0:
            allowed, retry_after = ratelimit.hit(_bad_token_key(request), limit=limit)
            if not allowed:
                raise BadTokensThrottled(retry_after)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        limit = int(getattr(settings, "CADENCE_API_BAD_TOKEN_LIMIT", 30))
        if limit > 0:
            over, retry_after = ratelimit.peek(_bad_token_key(request), limit=limit)
            if over:
                raise BadTokensThrottled(retry_after)
        token = token.strip()
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=clock.localdate()))
            .first()
        ) if token else None
        if api_token is None:
            self._refuse(request)
            return None
        if not api_token.allows(request.method or "GET"):
            raise ReadOnlyToken
        now = clock.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            # Bookkeeping, not a user's change: no audit entry, one UPDATE at most once a minute.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        user = api_token.user
        request.user = user
        request.api_token = api_token  # type: ignore[attr-defined]
        _use_profile_language(request, user)
        return user


class SessionCsrfAuth(SessionAuth):
    """The browser's session; unsafe methods must carry the CSRF token (ninja's ``django_auth``)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers:
            return None  # a token client with a bad token gets 401, not the session's answer
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # anonymous: 401 (not a CSRF 403)
        return super().__call__(request)  # CSRF check for POST/PATCH/DELETE, then the user


token_auth = TokenAuth()
session_auth = SessionCsrfAuth()
