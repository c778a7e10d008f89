"""Who is calling the API: a personal access token, or the browser's Django session.

* ``Authorization: Bearer cad_...`` — the token is looked up by its SHA-256 hash (the raw value is
  never stored nor compared); revoked tokens and inactive users are refused. ``last_used_at`` is
  written at most once a minute.
* The Django session, for the browser — then unsafe methods must pass Django's CSRF check. A
  request that sends an ``Authorization`` header never falls back to the session.

Anything else is answered 401 by the API's exception handler.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.security import HttpBearer, SessionAuth

from cadence.accounts.models import ApiToken, hash_token

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


class TokenAuth(HttpBearer):
    """Personal access tokens (created and revoked on the profile page)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
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
