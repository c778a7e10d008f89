"""One error format for every answer of the JSON API: ``{"detail": ..., "code": ..., "field": ...}``.

``detail`` is a sentence in the request's language, ``code`` a stable word, ``field`` the input the
error is about (or null). Ninja's exception handlers (registered by ``install``) cover everything that
happens inside an API route; ``ApiErrorMiddleware`` covers what Django answers before ninja runs
(an unknown route, a method the route does not have, a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``) and
anything else under ``/api/`` that would leave as HTML.

Status codes: 400 a rule refused the request (``DomainError``) or the body is not JSON; 401 no valid
credentials; 403 the role is too weak; 404 nothing there (or not yours); 405 wrong method; 413 body
too large; 422 the input breaks a bound the OpenAPI schema states; 429 too many requests; 500 a bug
(logged, with no detail for the caller).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from cadence.core.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("cadence.api")

API_PREFIX = "/api/"


def error_body(detail: str, code: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, "field": field, **extra}


def _generic(status: int) -> tuple[str, str]:
    """The sentence and code of a status nobody explained more precisely."""
    known: dict[int, tuple[str, str]] = {
        400: (_("The request is not valid."), "bad_request"),
        401: (_("Authentication required: send a valid API token."), "unauthenticated"),
        403: (_("Your role does not allow this."), "forbidden"),
        404: (_("Not found."), "not_found"),
        405: (_("This address does not accept that method."), "method_not_allowed"),
        413: (_("The request body is too large."), "too_large"),
        415: (_("Send the body as JSON (Content-Type: application/json)."), "unsupported_media_type"),
        422: (_("The input is not valid."), "invalid"),
        429: (_("Too many requests. Try again in a minute."), "rate_limited"),
    }
    if status in known:
        return known[status]
    if status >= 500:
        return _("Something went wrong on our side. It has been logged."), "server_error"
    return _("The request could not be handled."), "error"


def _field_of(loc: Any) -> str | None:
    """``["body", "payload", "name"]`` -> ``name``; ``["query", "limit"]`` -> ``limit``."""
    parts = [str(p) for p in (loc or ()) if not isinstance(p, int)]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def install(api: NinjaAPI) -> None:
    """Register the exception handlers of the API (every error in the one format)."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def handler(exc_class: type[Exception]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
        def register(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
            api.add_exception_handler(exc_class, func)
            return func

        return register

    @handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        if exc.code == "forbidden":
            status = 403
        elif isinstance(exc, InvalidInput):
            status = 422
        else:
            status = 400
        # A feature's error may add facts of its own (``DomainError.payload``, e.g. a timesheet's refusals).
        return respond(request, status, error_body(str(exc.message), exc.code, exc.field, **exc.payload()))

    @handler(ValidationError)
    def model_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        """A model's ``full_clean()`` refused the values: a bound of the input."""
        if hasattr(exc, "error_dict"):
            field = next(iter(exc.error_dict), None)
            messages = [f"{name}: {' '.join(str(m) for m in errors[0].messages)}" if name != "__all__"
                        else " ".join(str(m) for m in errors[0].messages)
                        for name, errors in exc.error_dict.items()]
            return respond(request, 422, error_body("; ".join(messages), "invalid",
                                                    None if field == "__all__" else field))
        return respond(request, 422, error_body(" ".join(exc.messages), "invalid"))

    @handler(NinjaValidationError)
    def input_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        # ``detail`` is a translated sentence; ``errors`` keeps pydantic's precise (English) messages.
        errors = [
            {"field": _field_of(e.get("loc")), "message": str(e.get("msg", "")).removeprefix("Value error, "),
             "type": str(e.get("type", ""))}
            for e in exc.errors
        ]
        field = errors[0]["field"] if errors else None
        detail = (_("The value of “%(field)s” is not valid.") % {"field": field} if field
                  else _generic(422)[0])
        return respond(request, 422, error_body(detail, "invalid", field, errors=errors))

    @handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # Never say why: another workspace's object and a missing one look the same.
        return respond(request, 404, error_body(*_generic(404)))

    @handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body(*_generic(403)))

    @handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, error_body(*_generic(413)))

    @handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        logging.getLogger("django.security").warning("%s: %s", type(exc).__name__, exc)
        return respond(request, 400, error_body(*_generic(400)))

    @handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            response = respond(request, 401, error_body(*_generic(401)))
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        if isinstance(exc, Throttled):
            return respond(request, 429, error_body(*_generic(429)))
        if exc.status_code == 403:  # the session's CSRF check
            return respond(request, 403, error_body(_("CSRF check failed. Reload the page and try again."), "csrf"))
        if exc.status_code == 400:  # ninja could not parse the body
            return respond(request, 400, error_body(_("The body is not valid JSON."), "invalid_json"))
        return respond(request, exc.status_code, error_body(*_generic(exc.status_code)))

    @handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body(*_generic(500)))


class ApiErrorMiddleware:
    """Under ``/api/``, turn what Django answers itself (HTML 404, 405, 400, 413, 500) into the JSON format.

    JSON answers of the API pass untouched; so does everything outside ``/api/``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return self._json(response.status_code, response)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, Http404):
            return self._json(404)
        if isinstance(exception, PermissionDenied):
            return self._json(403)
        if isinstance(exception, RequestDataTooBig):
            return self._json(413)
        if isinstance(exception, SuspiciousOperation):
            return None  # Django logs it and answers 400; __call__ makes that JSON
        logger.error("Unexpected error in %s %s", request.method, request.path, exc_info=exception)
        return self._json(500)

    @staticmethod
    def _json(status: int, original: HttpResponse | None = None) -> HttpResponse:
        detail, code = _generic(status)
        response = HttpResponse(json.dumps(error_body(detail, code)), status=status,
                                content_type="application/json; charset=utf-8")
        if original is not None:
            for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Content-Language"):
                if header in original:
                    response[header] = original[header]
        return response
