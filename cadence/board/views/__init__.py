"""The board's pages, split by feature.

* ``board``: an engagement's board (columns, filters, capacity, WIP limits) and moving cards (drag and drop
  through htmx, or the small move form and the up/down buttons that work without JavaScript).
* ``cards``: a card's page (edit, checklist, time, attachments, history), a new card, deleting one.
* ``mywork``: "my work" across every engagement and the board of one role.
* ``setup``: the board's settings (WIP limits, template tasks), labels, recurring rules and task templates.

Views stay thin: a form parses, a service writes, a ``DomainError`` becomes a form error or a message.
Engagements come from ``cadence.engagements.access``, the board's objects from ``cadence.board.access``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.engagements import queries as engagement_queries
from cadence.http import WorkspaceRequest


def team(workspace: Any) -> list[Membership]:
    """The workspace's team (no client users), by name: assignees and reviewers are chosen from it."""
    return list(Membership.objects.filter(workspace=workspace).exclude(role=Role.CLIENT)
                .select_related("user").order_by("user__full_name", "user__email"))


def phase_choices(engagement: Any) -> list[tuple[str, str]]:
    phases = list(engagement.phases.all())
    return list(engagement_queries.display_names(phases, fallback=engagement.language).items())


def phase_of(engagement: Any, key: str) -> Any:
    """The engagement's phase with that key (the form already checked it is one of them), or None."""
    if not key:
        return None
    return engagement.phases.filter(key=key).first()


def hours_text(value: Decimal | int | None) -> str:
    """Hours as the reader's locale writes them, without trailing zeros (12.5, 12,5, 40)."""
    if value is None:
        return ""
    number = Decimal(value).quantize(Decimal("0.01"))
    places = 0 if number == number.to_integral() else (1 if (number * 10) == (number * 10).to_integral() else 2)
    return number_format(number, decimal_pos=places, use_l10n=True)


def safe_next(request: WorkspaceRequest, default: str) -> str:
    """Where a form posted from several pages goes back to: its ``next`` when it is a path of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def refuse(request: WorkspaceRequest, error: DomainError) -> None:
    """A service's refusal as a message; a role too weak for it is a 403."""
    if error.code == "forbidden":
        raise PermissionDenied from None
    messages.error(request, error.message)


def back(request: WorkspaceRequest, default: str) -> HttpResponse:
    return redirect(safe_next(request, default))


def usage_message(engagement: Any, day: dt.date, level: Any) -> str | None:
    """The month-limit warning after time logged on a card (the same sentences as the time page's)."""
    level = str(getattr(level, "value", level))
    if level == "ok":
        return None
    month = engagement_queries.current_month(engagement, day)
    if month < 1:
        return None
    rows = engagement_queries.month_rows(engagement, months=max(month, 1))
    row = rows[month - 1]
    values = {"month": month, "logged": hours_text(row.logged), "available": hours_text(row.available),
              "left": hours_text(row.remaining), "percent": row.usage_percent}
    if row.level == "warning":
        return _("%(percent)s %% of month %(month)s’s hours are used: %(logged)s of %(available)s h, "
                 "%(left)s h left.") % values
    if row.level == "full":
        return _("All %(available)s h of month %(month)s are used. More time this month needs an override "
                 "recorded by a manager.") % values
    if row.level == "over":
        return _("Month %(month)s is at %(logged)s h of %(available)s h.") % values
    return None
