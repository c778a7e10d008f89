"""The meetings' pages: the engagement's meetings (upcoming and past), a meeting's page (details, agenda,
minutes, decisions, action items and their cards), the meeting form (new, with how it repeats; edit), the
minutes, close, cancel (one meeting or the rest of its series), the .ics download, and the small forms of the
agenda, decisions and action items ("Make cards" turns every action item without a card into one).

``meetings.view`` reads (the team; the client's approver and viewer for their client, read-only);
``meetings.manage`` (the team) writes. Views stay thin: a form parses, a service writes, a ``DomainError``
becomes a form error or a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.comments import queries as comment_queries
from cadence.core import clock
from cadence.core import markdown as md
from cadence.core.errors import DomainError
from cadence.core.refusals import form_errors, refuse, refuse_in_form
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.meetings import access, calendar, queries, services
from cadence.meetings.forms import (
    ActionForm,
    AgendaForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    NewMeetingForm,
    meeting_initial,
)
from cadence.meetings.models import Meeting, Status

VIEW = tenancy.client_capability("meetings.view", via="engagement")
MANAGE = "meetings.manage"


def _list_url(request: WorkspaceRequest, engagement: Any) -> str:
    return reverse("meetings:list", args=[request.workspace.slug, engagement.uuid])


def _meeting_url(request: WorkspaceRequest, meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[request.workspace.slug, meeting.engagement.uuid, meeting.uuid])


def _can_manage(request: WorkspaceRequest) -> bool:
    return tenancy.can(request.membership, MANAGE)


def _local(meeting: Meeting) -> Any:
    return meeting.starts_at.astimezone(queries.zone_of(meeting.engagement))


@tenancy.workspace_view(VIEW)
@require_GET
def meeting_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    upcoming, past = queries.split(obj, clock.now())
    for m in (*upcoming, *past):
        m.engagement = obj
        m.local = _local(m)  # type: ignore[attr-defined]
        m.hhmm = f"{m.local:%H:%M}"  # type: ignore[attr-defined]
    return render(request, "meetings/list.html", {"engagement": obj, "upcoming": upcoming, "past": past,
                                                  "can_manage": _can_manage(request)})


@tenancy.workspace_view(VIEW)
@require_GET
def meeting_page(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    row = queries.detail(access.get_meeting(obj, meeting))
    row.engagement = obj
    can_manage = _can_manage(request)
    agenda = list(row.agenda.all())
    links = queries.agenda_links(request.workspace.slug, obj, agenda)
    actions = list(row.actions.all())
    for a in actions:
        a.task_url = (reverse("board:task-detail", args=[request.workspace.slug, obj.uuid, a.task.uuid])  # type: ignore[attr-defined]
                      if a.task is not None else "")
    writable = can_manage and row.status != Status.CANCELLED
    context: dict[str, Any] = {
        "engagement": obj, "meeting": row, "local": _local(row), "hhmm": f"{_local(row):%H:%M}", "can_manage": can_manage, "writable": writable,
        "agenda": [(a, links.get(a.pk, "")) for a in agenda], "decisions": list(row.decisions.all()),
        "actions": actions, "open_actions": sum(1 for a in actions if a.task is None),
        "minutes_html": md.render(row.minutes), "participants": list(row.participants.all()),
        "agenda_form": AgendaForm(engagement=obj) if writable else None,
        "decision_form": DecisionForm() if writable else None,
        "action_form": ActionForm(engagement=obj) if writable else None,
        "can_close": writable and row.status == Status.SCHEDULED and row.starts_at <= clock.now(),
        "scheduled": row.status == Status.SCHEDULED,
    }
    context.update(_thread(request, row))
    return render(request, "meetings/meeting.html", context)


def _thread(request: WorkspaceRequest, meeting: Meeting) -> dict[str, Any]:
    """The meeting's comment thread (``comments/_thread.html``; internal comments only for the team)."""
    return comment_queries.thread_context(request, request.membership, "meeting", meeting)


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    form = NewMeetingForm(request.POST or None, engagement=obj,
                          initial={"duration_minutes": 60, "interval": 1, "title": _("Status meeting")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            row = services.create_meeting(actor=request.user, membership=m, engagement=obj, **data)
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The meeting is planned and the participants are invited."))
            return redirect(_meeting_url(request, row))
    return render(request, "meetings/meeting_form.html", {"engagement": obj, "form": form, "meeting": None})


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    m = request.membership
    obj = get_engagement(m, engagement)
    row = access.get_meeting(obj, meeting)
    form = MeetingForm(request.POST or None, engagement=obj, initial=meeting_initial(row))
    if row.status != Status.SCHEDULED:
        messages.error(request, _("A closed or cancelled meeting cannot be changed."))
        return redirect(_meeting_url(request, row))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, membership=m, meeting=row, **form.cleaned_data)
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The meeting is saved; the participants get the update."))
            return redirect(_meeting_url(request, row))
    return render(request, "meetings/meeting_form.html", {"engagement": obj, "form": form, "meeting": row})


def _post(request: WorkspaceRequest, engagement: str, meeting: str) -> tuple[Any, Meeting]:
    obj = get_engagement(request.membership, engagement)
    return obj, access.get_meeting(obj, meeting)


@tenancy.workspace_view(MANAGE)
@require_POST
def meeting_cancel(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        services.cancel_meeting(actor=request.user, membership=request.membership, meeting=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The meeting is cancelled; the participants get the cancellation."))
    return redirect(_meeting_url(request, row))


@tenancy.workspace_view(MANAGE)
@require_POST
def series_cancel(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        count = services.cancel_series(actor=request.user, membership=request.membership, meeting=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, ngettext("%(count)s meeting of the series is cancelled.",
                                           "%(count)s meetings of the series are cancelled.", count)
                         % {"count": count})
    return redirect(_meeting_url(request, row))


@tenancy.workspace_view(MANAGE)
@require_http_methods(["GET", "POST"])
def minutes_edit(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    obj, row = _post(request, engagement, meeting)
    form = MinutesForm(request.POST or None, initial={"minutes": row.minutes, "revision": row.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes(actor=request.user, membership=request.membership, meeting=row,
                                  minutes=form.cleaned_data["minutes"], revision=form.cleaned_data["revision"])
        except DomainError as exc:
            refuse_in_form(form, exc)
        else:
            messages.success(request, _("The minutes are saved."))
            return redirect(_meeting_url(request, row))
    return render(request, "meetings/minutes_form.html", {"engagement": obj, "form": form, "meeting": row})


@tenancy.workspace_view(MANAGE)
@require_POST
def meeting_close(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        services.close_meeting(actor=request.user, membership=request.membership, meeting=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("The meeting is closed; the participants get the minutes."))
    return redirect(_meeting_url(request, row))


@tenancy.workspace_view(VIEW)
@require_GET
def meeting_ics(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    row = access.get_meeting(obj, meeting)
    response = HttpResponse(calendar.download(row), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{row.uuid}.ics"'
    return response


@tenancy.workspace_view(MANAGE)
@require_POST
def agenda_add(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    obj, row = _post(request, engagement, meeting)
    form = AgendaForm(request.POST, engagement=obj)
    if not form.is_valid():
        form_errors(request, form)
    else:
        try:
            services.add_agenda_item(actor=request.user, membership=request.membership, meeting=row,
                                     **form.cleaned_data)
        except DomainError as exc:
            refuse(request, exc)
    return redirect(_meeting_url(request, row) + "#agenda", status=303)


@tenancy.workspace_view(MANAGE)
@require_POST
def agenda_delete(request: WorkspaceRequest, engagement: str, meeting: str, agenda_item: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        services.delete_agenda_item(actor=request.user, membership=request.membership,
                                    item=access.get_agenda_item(row, agenda_item))
    except DomainError as exc:
        refuse(request, exc)
    return redirect(_meeting_url(request, row) + "#agenda", status=303)


@tenancy.workspace_view(MANAGE)
@require_POST
def decision_add(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        try:
            services.add_decision(actor=request.user, membership=request.membership, meeting=row,
                                  text=form.cleaned_data["text"])
        except DomainError as exc:
            refuse(request, exc)
    return redirect(_meeting_url(request, row) + "#decisions", status=303)


@tenancy.workspace_view(MANAGE)
@require_POST
def decision_delete(request: WorkspaceRequest, engagement: str, meeting: str, decision: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        services.delete_decision(actor=request.user, membership=request.membership,
                                 decision=access.get_decision(row, decision))
    except DomainError as exc:
        refuse(request, exc)
    return redirect(_meeting_url(request, row) + "#decisions", status=303)


@tenancy.workspace_view(MANAGE)
@require_POST
def action_add(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    obj, row = _post(request, engagement, meeting)
    form = ActionForm(request.POST, engagement=obj)
    if not form.is_valid():
        form_errors(request, form)
    else:
        try:
            services.add_action_item(actor=request.user, membership=request.membership, meeting=row,
                                     **form.cleaned_data)
        except DomainError as exc:
            refuse(request, exc)
    return redirect(_meeting_url(request, row) + "#actions", status=303)


@tenancy.workspace_view(MANAGE)
@require_POST
def action_delete(request: WorkspaceRequest, engagement: str, meeting: str, action_item: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        services.delete_action_item(actor=request.user, membership=request.membership,
                                    item=access.get_action_item(row, action_item))
    except DomainError as exc:
        refuse(request, exc)
    return redirect(_meeting_url(request, row) + "#actions", status=303)


@tenancy.workspace_view(MANAGE)
@require_POST
def actions_to_tasks(request: WorkspaceRequest, engagement: str, meeting: str) -> HttpResponse:
    _obj, row = _post(request, engagement, meeting)
    try:
        made = services.actions_to_tasks(actor=request.user, membership=request.membership, meeting=row)
    except DomainError as exc:
        refuse(request, exc)
    else:
        if made:
            messages.success(request, ngettext("%(count)s card is on the board.", "%(count)s cards are on the board.",
                                               len(made)) % {"count": len(made)})
        else:
            messages.info(request, _("Every action item already has its card."))
    return redirect(_meeting_url(request, row) + "#actions", status=303)
