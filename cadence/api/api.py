"""The JSON API under ``/api/v1/`` (django-ninja).

OpenAPI schema at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``. Every route
authenticates (personal access token or browser session with CSRF), is rate limited, gets its
objects through ``cadence.tenancy`` and writes only through the service functions. Errors are JSON
``{"detail": ..., "code": ..., "field": ...}`` with ``detail`` in the request's language.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled

from cadence.api.auth import BadTokensThrottled, ReadOnlyToken, session_auth, token_auth
from cadence.api.ratelimit import ApiRateLimit
from cadence.api.routers import clients, engagements, time, timesheet, workspaces
from cadence.core.errors import DomainError
from cadence.engagements.timesheet_services import WeekRefused

api = NinjaAPI(
    title="Cadence API",
    version="1.0.0",
    description=(
        "Workspaces, clients, engagements, their computed schedule, hours and time entries. "
        "Authenticate with a personal access token: `Authorization: Bearer cad_...` "
        "(create one on your profile page). Errors are JSON `{detail, code, field}`; "
        "send `Accept-Language: en|ro|ru` to choose the language of messages."
    ),
    auth=[token_auth, session_auth],
    throttle=[ApiRateLimit()],
)

for module in (workspaces, clients, engagements, time, timesheet):
    api.add_router("", module.router)


def _error(request: HttpRequest, status: int, detail: object, code: str, field: str | None = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, "field": field}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 403 if exc.code == "forbidden" else 400
    if isinstance(exc, WeekRefused):
        refusals = [{"engagement": r.row.engagement if r.row else None, "phase": r.row.phase if r.row else None,
                     "date": r.day.isoformat(), "detail": r.message} for r in exc.refusals]
        return api.create_response(request, {"detail": str(exc.message), "code": exc.code, "field": None,
                                             "refusals": refusals}, status=400)
    return _error(request, status, str(exc.message), exc.code, exc.field)


@api.exception_handler(ValidationError)
def model_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A service's ``full_clean()`` refused the values."""
    if hasattr(exc, "error_dict"):
        field = next(iter(exc.error_dict), None)
        messages = [f"{name}: {' '.join(str(m) for m in errors[0].messages)}" if name != "__all__"
                    else " ".join(str(m) for m in errors[0].messages)
                    for name, errors in exc.error_dict.items()]
        return _error(request, 400, "; ".join(messages), "invalid", None if field == "__all__" else field)
    return _error(request, 400, " ".join(exc.messages), "invalid")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Never say why: another workspace's object and a missing one look the same.
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, _("Your role does not allow this."), "forbidden")


@api.exception_handler(ReadOnlyToken)
def read_only_token(request: HttpRequest, exc: ReadOnlyToken) -> HttpResponse:
    return _error(request, 403, _("This token is read-only: it can only read (GET)."), "read_only_token")


@api.exception_handler(BadTokensThrottled)
def bad_tokens_throttled(request: HttpRequest, exc: BadTokensThrottled) -> HttpResponse:
    response = _error(request, 429, _("Too many requests with an invalid token. Try again in a minute."),
                      "rate_limited")
    response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        response = _error(request, 401, _("Authentication required: send a valid API token."), "unauthenticated")
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    if isinstance(exc, Throttled):
        return _error(request, 429, _("Too many requests. Try again in a minute."), "rate_limited")
    if exc.status_code == 403:  # the session's CSRF check
        return _error(request, 403, _("CSRF check failed. Reload the page and try again."), "csrf")
    return _error(request, exc.status_code, str(exc), "error")
