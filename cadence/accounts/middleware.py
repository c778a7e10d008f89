from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class UserLanguageMiddleware:
    """Use the signed-in user's chosen language unless the request picked one explicitly.

    Runs after LocaleMiddleware: the language cookie (set by the switcher) wins, then the
    user's profile language, then the browser's Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Pages of signed-in users (and API answers to a token) are never stored by browsers or proxies.

    They show one person's workspace: after sign-out, the back button or a shared proxy must not bring
    them back. Responses that set their own ``Cache-Control`` keep it; anonymous pages are untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or getattr(request, "api_token", None) is not None
        if personal and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
