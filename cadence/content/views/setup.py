"""The calendar's set-up, for ``content.manage``: whether the client approves posts, and the frequency plan
(posts a week per channel and the preferred days the calendar proposes its empty slots on)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadence import tenancy
from cadence.content import queries, services
from cadence.content.forms import FrequencyForm, SettingsForm
from cadence.content.views import MANAGE, calendar_url
from cadence.core.errors import DomainError
from cadence.core.views import form_error
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def calendar_settings(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    current = services.get_settings(obj)
    if request.method == "GET":
        form = SettingsForm(initial={"approval_required": current.approval_required})
    else:
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.update_settings(actor=request.user, membership=request.membership, engagement=obj,
                                         approval_required=form.cleaned_data["approval_required"])
            except DomainError as e:
                if e.code == "forbidden":
                    raise PermissionDenied from None
                form_error(form, e)
            else:
                messages.success(request, _("The calendar settings are saved."))
                return redirect(calendar_url(request, obj))
    return render(request, "content/settings.html", {"engagement": obj, "form": form})


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def frequency(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    rows = queries.frequency_rows(obj)
    if request.method == "GET":
        initial: dict[str, object] = {}
        for channel, row in rows.items():
            initial[f"{channel}-per_week"] = row.per_week
            initial[f"{channel}-days"] = list(row.weekdays or [])
        form = FrequencyForm(initial=initial)
    else:
        form = FrequencyForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():  # the whole plan or nothing
                    for channel, (per_week, days) in form.plan().items():
                        current = rows.get(channel)
                        if current is None and per_week == 0:
                            continue
                        if current is not None and current.per_week == per_week and sorted(current.weekdays or []) == days:
                            continue
                        services.set_frequency(actor=request.user, membership=request.membership, engagement=obj,
                                               channel=channel, per_week=per_week or None, weekdays=days)
            except DomainError as e:
                if e.code == "forbidden":
                    raise PermissionDenied from None
                form_error(form, e)
            else:
                messages.success(request, _("The frequency plan is saved."))
                return redirect(calendar_url(request, obj))
    return render(request, "content/frequency.html", {"engagement": obj, "form": form})
