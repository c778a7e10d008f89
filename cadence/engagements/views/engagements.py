"""New engagement (with a live timeline preview), edit, the phase editor and the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core.audit_display import describe
from cadence.core.errors import DomainError
from cadence.core.views import REFUSALS, form_error
from cadence.engagements import queries, services
from cadence.engagements.forms import (
    EngagementFieldsForm,
    EngagementForm,
    PhaseFormSet,
    default_time_zone,
    phase_initial,
)
from cadence.engagements.models import ProcessTemplate
from cadence.engagements.schedule import ScheduleError, ScheduleInput, compute_schedule
from cadence.engagements.views import gantt_svg, membership, names


def _templates(request: HttpRequest) -> Any:
    return ProcessTemplate.objects.filter(workspace=request.workspace).order_by("-builtin", "name")  # type: ignore[attr-defined]


def _new_form(request: HttpRequest, data: Any = None) -> EngagementForm:
    m = membership(request)
    clients = tenancy.visible_clients(m).order_by("name")
    templates = _templates(request)
    initial: dict[str, Any] = {}
    if data is None:
        client = None
        if request.GET.get("client"):
            client = tenancy.get_client(m, request.GET["client"])
        initial = EngagementForm.initial_for_client(client, timezone.localdate())
        first = templates.filter(key="retainer").first() or templates.first()
        if first is not None:
            initial["template"] = first.uuid
    return EngagementForm(data, initial=initial, clients=clients, templates=templates)


def preview_context(form: EngagementForm) -> dict[str, Any]:
    """The timeline the form's values would give, computed by the pure engine (nothing is saved)."""
    if not form.is_valid():
        return {"preview": None, "preview_form": form}
    d = form.cleaned_data
    spec = services.template_spec(d["template"])
    try:
        schedule = compute_schedule(ScheduleInput(
            start=d["start_date"], monthly_hours=Decimal(d["monthly_hours"]), country=d["country"],
            subdivision=d.get("subdivision") or None, template=spec, today=d["start_date"],
        ))
    except ScheduleError:
        return {"preview": None, "preview_form": form,
                "preview_error": _("Cadence cannot compute a timeline for these values (is the region right?).")}
    phase_names, gate_names = names(schedule.phases), names(schedule.gates)
    return {
        "preview": schedule,
        "preview_form": form,
        "preview_phases": [(p, phase_names[p.key]) for p in schedule.phases],
        "preview_gates": [(g, gate_names[g.key]) for g in schedule.gates],
        "preview_gantt": gantt_svg(schedule, today=None, id_prefix="preview", title=_("Timeline preview")),
        "preview_hours": d["monthly_hours"],
    }


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def engagement_new(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    form = _new_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        client, template = data.pop("client"), data.pop("template")
        try:
            engagement = services.create_engagement(
                actor=request.user, workspace=workspace, client=client, template=template, **data)
        except REFUSALS as e:
            form_error(form, e)
        else:
            messages.success(request, _("Engagement “%(name)s” created.") % {"name": engagement.name})
            return redirect("engagements:engagement-detail", workspace=workspace.slug, engagement=engagement.uuid)
    context: dict[str, Any] = {"form": form}
    # Show the preview right away for the initial values too.
    if request.method == "GET":
        bound = _new_form(request, _initial_data(form))
        context.update(preview_context(bound))
    else:
        context.update(preview_context(form))
    return render(request, "engagements/engagement_new.html", context)


def _initial_data(form: EngagementForm) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = str(value)
    if not out.get("name"):
        out["name"] = "—"
    if "client" not in out:
        first = form.fields["client"].queryset.first()  # type: ignore[attr-defined]
        if first is not None:
            out["client"] = str(first.uuid)
    return out


@tenancy.workspace_view("engagements.manage")
@require_POST
def engagement_preview(request: HttpRequest) -> HttpResponse:
    """htmx: the phase table and Gantt for the form's current values. Writes nothing."""
    data = request.POST.copy()
    if not data.get("name"):
        data["name"] = "—"  # the preview does not need a name yet
    form = _new_form(request, data)
    return render(request, "engagements/_preview.html", preview_context(form))


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def engagement_edit(request: HttpRequest, engagement: str) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    obj = tenancy.get_engagement(membership(request), engagement)
    form = EngagementFieldsForm(request.POST or None, initial=EngagementFieldsForm.initial_for(obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_engagement(actor=request.user, engagement=obj, **form.cleaned_data)
        except REFUSALS as e:
            form_error(form, e)
            obj.refresh_from_db()
        else:
            messages.success(request, _("Engagement saved."))
            return redirect("engagements:engagement-detail", workspace=workspace.slug, engagement=obj.uuid)
    return render(request, "engagements/engagement_edit.html", {
        "form": form, "engagement": obj, "default_tz": default_time_zone(obj.country)})


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, engagement: str) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    obj = tenancy.get_engagement(membership(request), engagement)
    gates = list(obj.gates.all())
    gate_choices = [(g.key, queries.display_name(g, fallback=obj.language)) for g in gates]
    phases = list(obj.phases.all())
    logged_keys = set(obj.time_entries.values_list("phase__key", flat=True).distinct())
    if request.method == "POST":
        formset = PhaseFormSet(request.POST, initial=phase_initial(phases), prefix="phases", gate_choices=gate_choices)
        if formset.is_valid():
            try:
                services.update_phases(actor=request.user, engagement=obj, phases=formset.rows())
            except DomainError as e:
                formset._non_form_errors = formset.error_class([e.message])  # shown above the table
            else:
                messages.success(request, _("Phases saved. The timeline is recomputed."))
                return redirect("engagements:engagement-detail", workspace=workspace.slug, engagement=obj.uuid)
    else:
        formset = PhaseFormSet(initial=phase_initial(phases), prefix="phases", gate_choices=gate_choices)
    return render(request, "engagements/phase_edit.html", {
        "engagement": obj, "formset": formset, "logged_keys": logged_keys, "gates": gates})


@tenancy.workspace_view("audit.view")
@require_GET
def engagement_history(request: HttpRequest, engagement: str) -> HttpResponse:
    obj = tenancy.get_engagement(membership(request), engagement)
    entries = list(obj.audit_entries.select_related("actor").order_by("-created_at", "-id")[:300])
    return render(request, "engagements/engagement_history.html", {"engagement": obj, "entries": describe(entries)})
