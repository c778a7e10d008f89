"""Time entries of an engagement: list with filters, logging (htmx), deleting, and hour overrides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.core.views import form_error
from cadence.engagements import queries, services
from cadence.engagements.forms import OverrideForm, TimeEntryForm, TimeFilterForm
from cadence.engagements.models import Engagement
from cadence.engagements.rollover import UsageLevel, percent
from cadence.engagements.schedule import month_bounds, month_index
from cadence.engagements.templatetags.cadence_tags import format_hours
from cadence.engagements.views import membership, month_choices
from cadence.engagements.views.timeline import current_meter


def _team(engagement: Engagement) -> list[Membership]:
    return list(Membership.objects.filter(workspace=engagement.workspace).exclude(role=Role.CLIENT)
                .select_related("user").order_by("user__full_name", "user__email"))


def _staff_only(request: HttpRequest) -> None:
    if membership(request).is_client:
        raise PermissionDenied


def usage_message(engagement: Engagement, month: int, level: UsageLevel) -> str | None:
    """The warning to show after an entry when the month is at 80 % or more."""
    if level == UsageLevel.OK:
        return None
    mh = queries.month_hours(engagement, upto=month)[month - 1]
    extra = queries.override_hours(engagement, month)
    available = mh.available + extra
    values = {
        "month": month, "logged": format_hours(mh.logged), "available": format_hours(available),
        "left": format_hours(max(available - mh.logged, Decimal(0))),
        "percent": percent(mh.logged, available),
    }
    if extra and mh.logged > mh.available:
        return _("Month %(month)s is at %(logged)s h: %(contracted)s h in the contract plus %(extra)s h allowed by "
                 "a manager's override; %(left)s h left.") % {
            **values, "contracted": format_hours(mh.available), "extra": format_hours(extra)}
    if mh.logged < available:
        return _("%(percent)s %% of month %(month)s’s hours are used: %(logged)s of %(available)s h, "
                 "%(left)s h left.") % values
    if mh.logged == available:
        return _("All %(available)s h of month %(month)s are used. More time this month needs an override "
                 "recorded by a manager.") % values
    return _("Month %(month)s is at %(logged)s h of %(available)s h.") % values


def _time_context(request: HttpRequest, engagement: Engagement, form: TimeEntryForm,
                  filters: TimeFilterForm | None = None) -> dict[str, Any]:
    m = membership(request)
    today = queries.engagement_today(engagement)
    current = queries.current_month(engagement, today)
    months = month_choices(engagement.start_date, max(current, 1))
    team = _team(engagement)
    if filters is None:
        filters = TimeFilterForm(request.GET or None, months=months, members=team)
    entries = engagement.time_entries.select_related("user", "phase").order_by("-date", "-created_at")
    selected_month = current or None
    selected_person = None
    if filters.is_bound and filters.is_valid():
        selected_month = filters.cleaned_data.get("month")
        selected_person = filters.cleaned_data.get("person") or None
    elif not filters.is_bound:
        filters = TimeFilterForm(initial={"month": selected_month}, months=months, members=team)
    if selected_month:
        first, end = month_bounds(engagement.start_date, selected_month)
        entries = entries.filter(date__gte=first, date__lt=end)
    if selected_person:
        entries = entries.filter(user__memberships__uuid=selected_person)
    entry_list = list(entries[:500])
    schedule = queries.schedule_for(engagement, today)
    rows = queries.hours_table(engagement, schedule, today)
    return {
        "engagement": engagement,
        "form": form,
        "filters": filters,
        "entries": entry_list,
        "entries_total": sum((e.hours for e in entry_list), Decimal(0)),
        "selected_month": selected_month,
        "meter": current_meter(rows),
        "can_manage_time": tenancy.can(m, "time.manage"),
        "can_override": tenancy.can(m, "time.override"),
        "can_log": tenancy.can(m, "time.log"),
        "started": today >= engagement.start_date,
        "today": today,
    }


def _entry_form(request: HttpRequest, engagement: Engagement, data: Any = None) -> TimeEntryForm:
    m = membership(request)
    phases = list(engagement.phases.all())
    members = _team(engagement) if tenancy.can(m, "time.manage") else None
    initial = {"date": queries.engagement_today(engagement)}
    return TimeEntryForm(data, initial=initial, phases=phases, members=members)


@tenancy.workspace_view()
@require_http_methods(["GET", "POST"])
def time_list(request: HttpRequest, engagement: str) -> HttpResponse:
    _staff_only(request)
    m = membership(request)
    obj = tenancy.get_engagement(m, engagement)
    if request.method == "GET":
        return render(request, "engagements/time_list.html", _time_context(request, obj, _entry_form(request, obj)))
    tenancy.require(m, "time.log")
    form = _entry_form(request, obj, request.POST)
    saved = False
    if form.is_valid():
        d = form.cleaned_data
        try:
            entry, level = services.log_time(
                actor=request.user, membership=m, engagement=obj, phase=form.phase_obj, date=d["date"],
                hours=d["hours"], note=d["note"], user=form.person_user,
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
    if saved and not request.htmx:  # type: ignore[attr-defined]
        return redirect("engagements:time-list", workspace=request.workspace.slug,  # type: ignore[attr-defined]
                        engagement=obj.uuid)
    if saved:
        form = _entry_form(request, obj)
    context = _time_context(request, obj, form)
    template = "engagements/_time_panel.html" if request.htmx else "engagements/time_list.html"  # type: ignore[attr-defined]
    # htmx swaps only 2xx answers, so a refused entry comes back as 200 with the errors on the form.
    return render(request, template, context)


@tenancy.workspace_view("time.log")
@require_POST
def time_delete(request: HttpRequest, engagement: str, entry: str) -> HttpResponse:
    m = membership(request)
    obj = tenancy.get_engagement(m, engagement)
    entry_obj = tenancy.get_time_entry(m, obj, entry)
    try:
        services.delete_time_entry(actor=request.user, membership=m, entry=entry_obj)
    except DomainError as e:
        if e.code == "forbidden":
            raise PermissionDenied from None
        messages.error(request, e.message)
    else:
        messages.success(request, _("Time entry deleted."))
    return redirect("engagements:time-list", workspace=request.workspace.slug,  # type: ignore[attr-defined]
                    engagement=obj.uuid)


@tenancy.workspace_view("time.override")
@require_http_methods(["GET", "POST"])
def override_new(request: HttpRequest, engagement: str) -> HttpResponse:
    obj = tenancy.get_engagement(membership(request), engagement)
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
            return redirect("engagements:time-list", workspace=request.workspace.slug,  # type: ignore[attr-defined]
                            engagement=obj.uuid)
    overrides = list(obj.overrides.select_related("created_by").order_by("-month_index", "-created_at"))
    return render(request, "engagements/override_new.html", {"engagement": obj, "form": form,
                                                             "overrides": overrides})
