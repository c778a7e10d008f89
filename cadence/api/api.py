"""The JSON API under ``/api/v1/`` (django-ninja): it mounts the routers the apps provide.

OpenAPI schema at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``. Every route
authenticates (personal access token or browser session with CSRF), is rate limited, gets its
objects through ``cadence.tenancy`` and writes only through the service functions. Every error is
JSON ``{"detail": ..., "code": ..., "field": ...}`` with ``detail`` in the request's language
(``cadence.api.errors``: the status codes and what each means).

Each app owns its routes and schemas (``cadence/<app>/api.py`` or ``cadence/<app>/api/``) and names
its router on its ``AppConfig``: ``api_router = "cadence.<app>.api.router"``. This module imports no
app: it mounts every declared router, in ``INSTALLED_APPS`` order (``app_routers``).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.operation import Operation

from cadence.api import errors
from cadence.api.auth import BadTokensThrottled, ReadOnlyToken, session_auth, token_auth
from cadence.api.ratelimit import ApiRateLimit


def app_routers() -> Iterator[tuple[str, Router]]:
    """``(app label, router)`` of every installed app that declares ``api_router`` on its AppConfig."""
    for config in apps.get_app_configs():
        dotted = getattr(config, "api_router", None)
        if dotted:
            yield config.label, import_string(dotted)


class CadenceAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``cadence_api_routers_<tag>_<function>``: the ids clients know, from when every route lived in
        ``cadence/api/routers/<tag>.py``; kept when the routes moved into their apps."""
        tag = operation.tags[0] if operation.tags else "api"
        return f"cadence_api_routers_{tag}_{operation.view_func.__name__}"


api = CadenceAPI(
    title="Cadence API",
    version="1.0.0",
    description=(
        "Workspaces, clients, engagements, their computed schedule, hours and time entries. "
        "Authenticate with a personal access token: `Authorization: Bearer cad_...` "
        "(create one on your profile page). Every error is JSON `{detail, code, field}`: "
        "400 a rule refused the request (e.g. the month's hours are used up) or the body is not JSON; "
        "401 no valid token; 403 your role does not allow it; 404 not found (or not yours); "
        "405 wrong method; 413 body too large; 422 the input breaks a bound stated in this schema "
        "(`errors` then lists every problem); 429 too many requests (see `Retry-After`). "
        "Send `Accept-Language: en|ro|ru` to choose the language of messages."
    ),
    auth=[token_auth, session_auth],
    throttle=[ApiRateLimit()],
)

for _label, _router in app_routers():
    api.add_router("", _router)


# Every error in one format; a feature's error adds its own facts through ``DomainError.payload``.
errors.install(api)


@api.exception_handler(ReadOnlyToken)
def read_only_token(request: HttpRequest, exc: ReadOnlyToken) -> HttpResponse:
    return api.create_response(request, errors.error_body(
        _("This token is read-only: it can only read (GET)."), "read_only_token"), status=403)


@api.exception_handler(BadTokensThrottled)
def bad_tokens_throttled(request: HttpRequest, exc: BadTokensThrottled) -> HttpResponse:
    response = api.create_response(request, errors.error_body(
        _("Too many requests with an invalid token. Try again in a minute."), "rate_limited"), status=429)
    response["Retry-After"] = str(exc.wait)
    return response
