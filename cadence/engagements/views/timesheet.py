"""My week: a person's hours of one week as a grid (rows = engagement + phase, a cell per day).

One form: "Save" writes every changed cell in one transaction (``timesheet_services.save_week``);
"Add row" and "Copy last week's rows" redraw the grid with more rows and the hours typed so far,
saving nothing. Managers may open a teammate's week (``?person=<membership>``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from cadence import tenancy
from cadence.core import clock
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.engagements import timesheet_queries as tq
from cadence.engagements.access import get_engagement, get_phase
from cadence.engagements.domain.timesheet import RowKey, iso_week, parse_week
from cadence.engagements.templatetags.cadence_tags import format_hours
from cadence.engagements.timesheet_services import WeekCell, WeekRefused, save_week
from cadence.engagements.views import membership
from cadence.engagements.views.time import usage_message
from cadence.http import WorkspaceRequest

MAX_ROWS = 60


def week_person(request: HttpRequest, m: Membership, member_uuid: str | None) -> Membership:
    """Whose week: your own, or (``time.manage``) a teammate's; a client's or a stranger's is a 404."""
    if not member_uuid or member_uuid == str(m.uuid):
        return m
    tenancy.require(m, "time.manage")
    other = tenancy.get_member(m, member_uuid)
    if other.role == Role.CLIENT:
        raise Http404
    return other


def _team(m: Membership) -> list[Membership]:
    return list(Membership.objects.filter(workspace=m.workspace).exclude(role=Role.CLIENT)
                .select_related("user").order_by("user__full_name", "user__email"))


def _posted_rows(post: Any) -> list[tuple[int, RowKey]]:
    rows = []
    for i in range(MAX_ROWS):
        key = tq.parse_row(post.get(f"r{i}", ""))
        if key is not None:
            rows.append((i, key))
    return rows


def _cells(m: Membership, post: Any, monday: dt.date) -> list[WeekCell]:
    """The posted cells (only those present in the form), with their engagement and phase from tenancy."""
    cells = []
    engagements: dict[str, Any] = {}
    for i, key in _posted_rows(post):
        if key.engagement not in engagements:
            engagements[key.engagement] = get_engagement(m, key.engagement)
        engagement = engagements[key.engagement]
        phase = get_phase(engagement, key.phase)
        for j in range(7):
            name = f"r{i}d{j}"
            if name in post:
                cells.append(WeekCell(engagement, phase, monday + dt.timedelta(days=j), post[name]))
    return cells


def week_url(workspace: str, monday: dt.date, person: Membership, me: Membership) -> str:
    params = {"week": iso_week(monday)}
    if person.pk != me.pk:
        params["person"] = str(person.uuid)
    return reverse("engagements:time-week", kwargs={"workspace": workspace}) + "?" + urlencode(params)


@tenancy.workspace_view("time.log")
@require_http_methods(["GET", "POST"])
def time_week(request: WorkspaceRequest) -> HttpResponse:
    m = membership(request)
    source = request.POST if request.method == "POST" else request.GET
    today = clock.localdate()
    try:
        monday = parse_week(source.get("week"), today)
    except ValueError:
        messages.error(request, _("“%(week)s” is not a week; write it like %(example)s.") % {
            "week": source.get("week"), "example": iso_week(parse_week(None, today))})
        monday = parse_week(None, today)
        if request.method == "POST":  # nothing is saved for a week that is not one
            return redirect(week_url(request.workspace.slug, monday, m, m))
    person = week_person(request, m, source.get("person"))
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    typed: dict[tuple[RowKey, int], str] = {}
    extra_rows: list[RowKey] = []
    refusals: list[Any] = []
    if request.method == "POST":
        posted = _posted_rows(request.POST)
        extra_rows = [key for _i, key in posted]
        for i, key in posted:
            for j in range(7):
                if f"r{i}d{j}" in request.POST:
                    typed[(key, j)] = request.POST[f"r{i}d{j}"]
        if action == "add":
            added = tq.parse_row(request.POST.get("add", ""))
            if added is not None:
                extra_rows.append(added)
        elif action == "copy":
            extra_rows += tq.rows_worked(m, person.user, monday - dt.timedelta(days=7))
        else:
            try:
                saved = save_week(actor=request.user, membership=m, person=person.user,
                                  cells=_cells(m, request.POST, monday))
            except WeekRefused as e:
                refusals = e.refusals
            except DomainError as e:
                if e.code == "forbidden":
                    raise PermissionDenied from None
                refusals = [e]
            else:
                if saved.changes:
                    messages.success(request, ngettext("The week is saved: %(count)s change.",
                                                       "The week is saved: %(count)s changes.",
                                                       saved.changes) % {"count": saved.changes})
                else:
                    messages.info(request, _("Nothing changed."))
                for (engagement, k), level in saved.levels.items():
                    warning = usage_message(engagement, k, level)
                    if warning:
                        messages.warning(request, f"{engagement.client.name} · {engagement.name}: {warning}")
                return redirect(week_url(request.workspace.slug, monday, person, m))
    data = tq.week_data(m, person.user, monday, extra_rows=extra_rows)
    values = tq.cell_values(data, typed, format_hours)
    refused_cells = {(r.row, (r.day - monday).days) for r in refusals if getattr(r, "row", None)}
    rows = []
    index = 0
    for group in data.groups:
        group_rows = []
        for row in group.rows:
            group_rows.append({
                "row": row, "index": index,
                "cells": [{"name": f"r{index}d{j}", "value": values.get((row.key, j), ""), "day": day,
                           "refused": (row.key, j) in refused_cells} for j, day in enumerate(data.days)],
            })
            index += 1
        rows.append({"group": group, "rows": group_rows})
    slug = request.workspace.slug
    context = {
        "data": data, "groups": rows, "refusals": refusals, "person": person, "is_me": person.pk == m.pk,
        "week": iso_week(monday), "today": today,
        "prev_url": week_url(slug, monday - dt.timedelta(days=7), person, m),
        "next_url": week_url(slug, monday + dt.timedelta(days=7), person, m),
        "has_next": monday + dt.timedelta(days=7) <= today,  # no time can be logged in a week still to come
        "this_url": week_url(slug, parse_week(None, today), person, m),
        "team": _team(m) if tenancy.can(m, "time.manage") else None,
        "sunday": data.days[-1],
    }
    return render(request, "engagements/time_week.html", context)
