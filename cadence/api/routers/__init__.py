"""API routes split by resource. Shared lookups: every object comes through ``cadence.tenancy``."""


from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from cadence import tenancy

# Error bodies every route may answer with (shown in the OpenAPI schema).
from cadence.api.schemas import ErrorOut
from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.core.validation import has_control_chars
from cadence.engagements.models import Engagement

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 413: ErrorOut}


def member(request: HttpRequest, workspace: str) -> Membership:
    """The caller's membership of the workspace in the URL (its slug); 404 for anyone else."""
    if has_control_chars(workspace):  # never send a NUL to the database (PostgreSQL refuses it)
        raise Http404
    return tenancy.get_membership(request.auth, workspace)  # type: ignore[attr-defined]


def engagement_for(request: HttpRequest, workspace: str, engagement: Any) -> tuple[Membership, Engagement]:
    """Membership and the engagement in the URL: 404 when the caller cannot see it.

    Routes look the object up before checking the role, so an engagement a client user cannot see
    is a 404 for them on every route, never a 403 that would confirm it exists.
    """
    membership = member(request, workspace)
    return membership, tenancy.get_engagement(membership, engagement)


def unknown(field: str) -> DomainError:
    """A reference in the request body that the caller cannot see (or that does not exist)."""
    return DomainError(_("There is no such item, or you cannot see it."), code="not_found", field=field)
