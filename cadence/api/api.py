"""The JSON API under ``/api/v1/`` (django-ninja).

OpenAPI schema at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``. Every route
authenticates (personal access token or browser session with CSRF), is rate limited, gets its
objects through ``cadence.tenancy`` and writes only through the service functions. Every error is
JSON ``{"detail": ..., "code": ..., "field": ...}`` with ``detail`` in the request's language
(``cadence.api.errors``: the status codes and what each means).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from cadence.api import errors
from cadence.api.auth import BadTokensThrottled, ReadOnlyToken, session_auth, token_auth
from cadence.api.ratelimit import ApiRateLimit
from cadence.api.routers import clients, engagements, time, timesheet, workspaces
from cadence.engagements.timesheet_services import WeekRefused

api = NinjaAPI(
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

for module in (workspaces, clients, engagements, time, timesheet):
    api.add_router("", module.router)


errors.install(api)


# Errors of particular features, in the same format (ninja picks the most specific handler by class).
@api.exception_handler(WeekRefused)
def week_refused(request: HttpRequest, exc: WeekRefused) -> HttpResponse:
    refusals = [{"engagement": r.row.engagement if r.row else None, "phase": r.row.phase if r.row else None,
                 "date": r.day.isoformat(), "detail": r.message} for r in exc.refusals]
    return api.create_response(request, errors.error_body(str(exc.message), exc.code, None, refusals=refusals),
                               status=400)


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
