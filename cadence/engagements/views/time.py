"""Time entries of an engagement: list with filters, logging (htmx), deleting, and hour overrides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.core.views import form_error
from cadence.engagements import queries, services
from cadence.engagements.access import get_engagement, get_time_entry
from cadence.engagements.domain.rollover import UsageLevel
from cadence.engagements.forms import (
    EntryDeleteForm,
    MonthCloseForm,
    OverrideForm,
    TimeEntryForm,
    TimeFilterForm,
)
from cadence.engagements.models import Engagement, TimeEntry
from cadence.engagements.schedule import month_bounds, month_index
from cadence.engagements.templatetags.cadence_tags import format_hours
from cadence.engagements.views import membership, month_choices
from cadence.engagements.views.timeline import RECENT_MONTHS, current_meter
from cadence.http import WorkspaceRequest


def _team(engagement: Engagement) -> list[Membership]:
    return list(Membership.objects.filter(workspace=engagement.workspace).exclude(role=Role.CLIENT)
                .select_related("user").order_by("user__full_name", "user__email"))


def usage_message(engagement: Engagement, month: int, level: UsageLevel) -> str | None:
    """The warning to show after an entry when the month is at 80 % or more (the month's one set of figures)."""
    if level == UsageLevel.OK:
        return None
    row = queries.month_rows(engagement, months=max(month, queries.current_month(engagement), 1))[month - 1]
    values = {
        "month": month, "logged": format_hours(row.logged), "available": format_hours(row.available),
        "left": format_hours(row.remaining), "percent": row.usage_percent,
    }
    if row.level == UsageLevel.WARNING:
        return _("%(percent)s %% of month %(month)s’s hours are used: %(logged)s of %(available)s h, "
                 "%(left)s h left.") % values
    if row.level == UsageLevel.FULL:
        return _("All %(available)s h of month %(month)s are used. More time this month needs an override "
                 "recorded by a manager.") % values
    if row.level == UsageLevel.OVER:
        return _("Month %(month)s is at %(logged)s h of %(available)s h.") % values
    return None


def month_states(engagement: Engagement, rows: list[queries.MonthRow]) -> list[queries.MonthRow]:
    """The months that have begun, newest first, for closing and reopening."""
    return [r for r in reversed(rows) if r.is_current or r.is_past]


def _time_context(request: WorkspaceRequest, engagement: Engagement, form: TimeEntryForm,
                  filters: TimeFilterForm | None = None) -> dict[str, Any]:
    m = membership(request)
    today = queries.engagement_today(engagement)
    current = queries.current_month(engagement, today)
    months = month_choices(engagement.start_date, max(current, 1))
    team = _team(engagement)
    if filters is None:
        data = request.GET.copy()
        data.pop("all_months", None)  # the months list's own switch, not a filter
        filters = TimeFilterForm(data or None, months=months, members=team, auto_id="filter-%s")
    entries = engagement.time_entries.select_related("user", "phase").order_by("-date", "-created_at")
    selected_month = current or None
    selected_person = None
    if filters.is_bound and filters.is_valid():
        selected_month = filters.cleaned_data.get("month")
        selected_person = filters.cleaned_data.get("person") or None
    elif not filters.is_bound:
        filters = TimeFilterForm(initial={"month": selected_month}, months=months, members=team,
                                 auto_id="filter-%s")
    if selected_month:
        first, end = month_bounds(engagement.start_date, selected_month)
        entries = entries.filter(date__gte=first, date__lt=end)
    if selected_person:
        entries = entries.filter(user__memberships__uuid=selected_person)
    entry_list = list(entries[:500])
    queries.prefetch_figures([engagement])
    schedule = queries.schedule_for(engagement, today)
    rows = queries.hours_table(engagement, schedule, today)
    closed = {r.index for r in rows if r.closed}
    states = month_states(engagement, rows)
    return {
        "engagement": engagement,
        "form": form,
        "filters": filters,
        "entries": entry_list,
        "closed_entries": {e.pk for e in entry_list if month_index(engagement.start_date, e.date) in closed},
        # The last 12 months that have begun (``?all_months=1``: all of them): an old engagement's page stays fast.
        "months": states if request.GET.get("all_months") == "1" else states[:RECENT_MONTHS],
        "months_hidden": 0 if request.GET.get("all_months") == "1" else max(len(states) - RECENT_MONTHS, 0),
        "entries_total": sum((e.hours for e in entry_list), Decimal(0)),
        "selected_month": selected_month,
        "meter": current_meter(rows),
        "can_manage_time": tenancy.can(m, "time.manage"),
        "can_override": tenancy.can(m, "time.override"),
        "can_log": tenancy.can(m, "time.log"),
        "started": today >= engagement.start_date,
        "today": today,
    }


def _entry_form(request: WorkspaceRequest, engagement: Engagement, data: Any = None) -> TimeEntryForm:
    m = membership(request)
    phases = list(engagement.phases.all())
    # "Me" is the first choice: the others follow, so that nobody is listed twice.
    members = [t for t in _team(engagement) if t.pk != m.pk] if tenancy.can(m, "time.manage") else None
    initial = {"date": queries.engagement_today(engagement)}
    return TimeEntryForm(data, initial=initial, phases=phases, members=members)


@tenancy.workspace_view("time.log")
@require_http_methods(["GET", "POST"])
def time_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    m = membership(request)
    obj = get_engagement(m, engagement)
    if request.method == "GET":
        return render(request, "engagements/time_list.html", _time_context(request, obj, _entry_form(request, obj)))
    form = _entry_form(request, obj, request.POST)
    saved = False
    if form.is_valid():
        d = form.cleaned_data
        try:
            entry, level = services.log_time(
                actor=request.user, membership=m, engagement=obj, phase=form.phase_obj, date=d["date"],
                hours=d["hours"], note=d["note"], user=form.person_user, reason=d.get("reason") or "",
            )
        except DomainError as e:
            if e.code == "forbidden":
                raise PermissionDenied from None
            form_error(form, e)
        else:
            saved = True
            messages.success(request, _("%(hours)s h logged on “%(phase)s”.") % {
                "hours": format_hours(entry.hours), "phase": queries.display_name(entry.phase, fallback=obj.language)})
            warning = usage_message(obj, month_index(obj.start_date, entry.date), level)
            if warning:
                messages.warning(request, warning)
    if saved and not request.htmx:
        return redirect("engagements:time-list", workspace=request.workspace.slug,
                        engagement=obj.uuid)
    if saved:
        form = _entry_form(request, obj)
    context = _time_context(request, obj, form)
    template = "engagements/_time_panel.html" if request.htmx else "engagements/time_list.html"
    # htmx swaps only 2xx answers, so a refused entry comes back as 200 with the errors on the form.
    return render(request, template, context)


def _back_to_list(request: WorkspaceRequest, engagement: Engagement) -> HttpResponse:
    return redirect("engagements:time-list", workspace=request.workspace.slug,
                    engagement=engagement.uuid)


def _changeable_entry(request: WorkspaceRequest, engagement: str, entry: str, *,
                      include_deleted: bool = False) -> tuple[Engagement, TimeEntry]:
    """The engagement and one of its entries that the user may change (the author or a manager), else 403."""
    m = membership(request)
    obj = get_engagement(m, engagement)
    entry_obj = get_time_entry(m, obj, entry, include_deleted=include_deleted)
    if not services.may_change_time_entry(request.user, m, entry_obj):
        raise PermissionDenied
    return obj, entry_obj


@tenancy.workspace_view("time.log")
@require_http_methods(["GET", "POST"])
def time_edit(request: WorkspaceRequest, engagement: str, entry: str) -> HttpResponse:
    obj, entry_obj = _changeable_entry(request, engagement, entry)
    phases = list(obj.phases.all())
    initial = {"date": entry_obj.date, "hours": entry_obj.hours, "phase": entry_obj.phase.key, "note": entry_obj.note}
    form = TimeEntryForm(request.POST or None, initial=initial, phases=phases, members=None,
                         with_reason=membership(request).can("time.manage"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            entry_obj, level = services.update_time_entry(
                actor=request.user, membership=membership(request), entry=entry_obj, date=d["date"], hours=d["hours"],
                phase=form.phase_obj, note=d["note"], reason=d.get("reason") or "",
            )
        except DomainError as e:
            if e.code == "forbidden":
                raise PermissionDenied from None
            form_error(form, e)
        else:
            messages.success(request, _("Time entry saved: %(hours)s h on “%(phase)s”.") % {
                "hours": format_hours(entry_obj.hours), "phase": queries.display_name(entry_obj.phase, fallback=obj.language)})
            warning = usage_message(obj, month_index(obj.start_date, entry_obj.date), level)
            if warning:
                messages.warning(request, warning)
            return _back_to_list(request, obj)
    return render(request, "engagements/time_edit.html", {"engagement": obj, "entry": entry_obj, "form": form})


@tenancy.workspace_view("time.log")
@require_http_methods(["GET", "POST"])
def time_delete(request: WorkspaceRequest, engagement: str, entry: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes and answers with a message that can undo it."""
    obj, entry_obj = _changeable_entry(request, engagement, entry)
    closed = queries.month_is_closed(obj, month_index(obj.start_date, entry_obj.date))
    form = EntryDeleteForm(request.POST or None)
    if request.method == "GET":
        return render(request, "engagements/time_confirm_delete.html",
                      {"engagement": obj, "entry": entry_obj, "closed": closed, "form": form})
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.delete_time_entry(actor=request.user, membership=membership(request), entry=entry_obj,
                                   reason=reason)
    except DomainError as e:
        if e.code == "forbidden":
            raise PermissionDenied from None
        messages.error(request, e.message)
    else:
        messages.success(request, render_to_string("engagements/_undo_message.html", {
            "engagement": obj, "entry": entry_obj, "workspace": request.workspace,
        }, request=request))
    return _back_to_list(request, obj)


@tenancy.workspace_view("time.log")
@require_POST
def time_restore(request: WorkspaceRequest, engagement: str, entry: str) -> HttpResponse:
    """Undo a deletion (the button in the message that follows it)."""
    obj, entry_obj = _changeable_entry(request, engagement, entry, include_deleted=True)
    try:
        entry_obj, level = services.restore_time_entry(actor=request.user, membership=membership(request),
                                                       entry=entry_obj)
    except DomainError as e:
        if e.code == "forbidden":
            raise PermissionDenied from None
        messages.error(request, _("The entry could not be restored: %(reason)s") % {"reason": e.message})
    else:
        messages.success(request, _("Time entry restored: %(hours)s h on “%(phase)s”.") % {
            "hours": format_hours(entry_obj.hours), "phase": queries.display_name(entry_obj.phase, fallback=obj.language)})
        warning = usage_message(obj, month_index(obj.start_date, entry_obj.date), level)
        if warning:
            messages.warning(request, warning)
    return _back_to_list(request, obj)


@tenancy.workspace_view("time.override")
@require_http_methods(["GET", "POST"])
def override_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(membership(request), engagement)
    today = queries.engagement_today(obj)
    current = max(queries.current_month(obj, today), 1)
    form = OverrideForm(request.POST or None, initial={"month": current},
                        months=month_choices(obj.start_date, max(current, 1)))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_override(actor=request.user, engagement=obj, month=d["month"], extra_hours=d["extra_hours"],
                                  reason=d["reason"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("%(hours)s extra hours allowed in month %(month)s.") % {
                "hours": format_hours(d["extra_hours"]), "month": d["month"]})
            return redirect("engagements:time-list", workspace=request.workspace.slug,
                            engagement=obj.uuid)
    overrides = list(obj.overrides.select_related("created_by").order_by("-month_index", "-created_at"))
    return render(request, "engagements/override_new.html", {"engagement": obj, "form": form,
                                                             "overrides": overrides})


@tenancy.workspace_view("time.manage")
@require_POST
def month_close(request: WorkspaceRequest, engagement: str, month: int) -> HttpResponse:
    """A manager closes a month's time entries, or reopens them with a reason."""
    obj = get_engagement(membership(request), engagement)
    form = MonthCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to close or to reopen the month."))
    else:
        reopen = form.cleaned_data["action"] == "reopen"
        try:
            if reopen:
                services.reopen_month(actor=request.user, engagement=obj, month=month,
                                      reason=form.cleaned_data["reason"])
            else:
                services.close_month(actor=request.user, engagement=obj, month=month,
                                     reason=form.cleaned_data["reason"])
        except DomainError as e:
            messages.error(request, e.message)
        else:
            if reopen:
                messages.success(request, _("Month %(month)s is open again.") % {"month": month})
            else:
                messages.success(request, _("Month %(month)s is closed.") % {"month": month})
    return redirect("engagements:time-list", workspace=request.workspace.slug,
                    engagement=obj.uuid)
