"""New engagement (with a live timeline preview), edit, the phase editor and the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms.formsets import BaseFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core import clock
from cadence.core.audit_display import describe
from cadence.core.errors import DomainError
from cadence.core.pagination import page_of, page_query
from cadence.core.views import REFUSALS, form_error
from cadence.engagements import queries, services
from cadence.engagements.access import get_engagement
from cadence.engagements.forms import (
    EngagementFieldsForm,
    EngagementForm,
    PhaseFormSet,
    default_time_zone,
    phase_initial,
)
from cadence.engagements.models import ProcessTemplate
from cadence.engagements.schedule import (
    GateSpec,
    ScheduleError,
    ScheduleInput,
    TemplateSpec,
    compute_schedule,
)
from cadence.engagements.views import contract_period, gantt_svg, membership, names
from cadence.http import WorkspaceRequest


def _templates(request: WorkspaceRequest) -> QuerySet[ProcessTemplate]:
    return ProcessTemplate.objects.filter(workspace=request.workspace).order_by("-builtin", "name")


def _new_form(request: WorkspaceRequest, data: Any = None) -> EngagementForm:
    m = membership(request)
    clients = tenancy.visible_clients(m).order_by("name")
    templates = _templates(request)
    initial: dict[str, Any] = {}
    if data is None:
        # The client passed in the URL, else the one the select shows first: its country, currency and
        # language are the defaults.
        client = tenancy.get_client(m, request.GET["client"]) if request.GET.get("client") else clients.first()
        initial = EngagementForm.initial_for_client(client, clock.localdate())
        first = templates.filter(key="retainer").first() or templates.first()
        if first is not None:
            initial["template"] = first.uuid
    return EngagementForm(data, initial=initial, clients=clients, templates=templates)


def form_errors(*forms: Any) -> list[str]:
    """"Label: error" lines of forms and formsets, for the preview's list of what to fix."""
    out: list[str] = []
    for form in forms:
        if isinstance(form, BaseFormSet):
            out += [str(e) for e in form.non_form_errors()]
            out += form_errors(*form.forms)
            continue
        out += [str(e) for e in form.non_field_errors()]
        out += [f"{field.label}: {e}" for field in form for e in field.errors]
    return out


def timeline_preview(*, spec: TemplateSpec, start: dt.date, monthly_hours: Decimal, country: str,
                     subdivision: str | None, phase_names: dict[str, str],
                     gate_names: dict[str, str], horizon_months: int = 12,
                     hours_from_month: dict[int, Decimal] | None = None,
                     contract_months: int | None = None) -> dict[str, Any]:
    """The context of ``_preview.html``: the timeline of a process that is not saved, from its start.

    The one preview of the app: the new-engagement form, the phase editor and the template editor use it.
    ``monthly_hours`` are the first month's; ``hours_from_month`` later contract terms (an engagement's).
    """
    problems = spec.problems()
    if problems:
        return {"preview": None, "preview_errors": [services.problem_text(p) for p in problems]}
    try:
        schedule = compute_schedule(ScheduleInput(
            start=start, monthly_hours=Decimal(monthly_hours), country=country, subdivision=subdivision or None,
            template=spec, today=start, horizon_months=horizon_months, hours_from_month=hours_from_month or {},
        ))
    except ScheduleError:
        return {"preview": None,
                "preview_error": _("Cadence cannot compute a timeline for these values (is the region right?).")}
    phase_names = {p.key: phase_names.get(p.key) or p.name for p in schedule.phases}
    gate_names = {g.key: gate_names.get(g.key) or g.name for g in schedule.gates}
    return {
        "preview": schedule,
        "preview_start": start,
        "preview_phases": [(p, phase_names[p.key]) for p in schedule.phases],
        "preview_gates": [(g, gate_names[g.key]) for g in schedule.gates],
        "preview_gantt": gantt_svg(schedule, today=None, id_prefix="preview", title=_("Timeline preview"),
                                   phase_names=phase_names, gate_names=gate_names,
                                   **contract_period(start, contract_months)),
        "preview_hours": monthly_hours,
    }


def phases_preview(formset: Any, *, existing: dict[str, Any], gates: list[GateSpec], gate_names: dict[str, str],
                   start: dt.date, monthly_hours: Decimal, country: str, subdivision: str | None,
                   language: str | None, horizon_months: int = 12,
                   hours_from_month: dict[int, Decimal] | None = None,
                   contract_months: int | None = None) -> dict[str, Any]:
    """The preview of a phase editor's unsaved phases (an engagement's or a template's)."""
    if not formset.is_valid():
        return {"preview": None, "preview_errors": form_errors(formset)}
    try:
        specs, texts = services.phase_specs(formset.rows(), existing)
    except DomainError as e:
        return {"preview": None, "preview_errors": [e.message]}
    phase_names = {s.key: queries.display_text(s.name, texts[s.key]["names"], fallback=language) for s in specs}
    spec = TemplateSpec(key="preview", name="", phases=tuple(specs), gates=tuple(gates))
    return timeline_preview(spec=spec, start=start, monthly_hours=monthly_hours, country=country,
                            subdivision=subdivision, phase_names=phase_names, gate_names=gate_names,
                            horizon_months=horizon_months, hours_from_month=hours_from_month,
                            contract_months=contract_months)


def preview_context(form: EngagementForm) -> dict[str, Any]:
    """The timeline the form's values would give, computed by the pure engine (nothing is saved)."""
    if not form.is_valid():
        return {"preview": None, "preview_errors": form_errors(form), "preview_hint": True}
    d = form.cleaned_data
    template = d["template"]
    phases, gates = list(template.phases.all()), list(template.gates.all())
    return timeline_preview(
        spec=services.template_spec(template), start=d["start_date"], monthly_hours=d["monthly_hours"],
        country=d["country"], subdivision=d.get("subdivision"),
        phase_names=names(phases, fallback=d["language"]), gate_names=names(gates, fallback=d["language"]),
        horizon_months=d.get("contract_months") or 12, contract_months=d.get("contract_months"),
    )


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def engagement_new(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    form = _new_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        client, template = data.pop("client"), data.pop("template")
        data.pop("defaults_for", None)
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
def engagement_preview(request: WorkspaceRequest) -> HttpResponse:
    """htmx: the phase table and Gantt for the form's current values. Writes nothing."""
    data = request.POST.copy()
    if not data.get("name"):
        data["name"] = "—"  # the preview does not need a name yet
    defaults: dict[str, str] = {}
    chosen = data.get("client", "")
    if chosen and chosen != data.get("defaults_for"):
        # Another client was chosen: its country, currency and language become the form's values.
        try:
            client = tenancy.get_client(membership(request), chosen)
        except Http404:
            client = None
        if client is not None:
            defaults = EngagementForm.client_defaults(client)
            data.update(defaults)
    form = _new_form(request, data)
    context = preview_context(form)
    # htmx swaps these fields in the form, out of band, with the client's values.
    context["oob_fields"] = [form[name].as_widget(attrs={"hx-swap-oob": "true"}) for name in defaults]
    return render(request, "engagements/_preview.html", context)


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def engagement_edit(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    workspace = request.workspace
    obj = get_engagement(membership(request), engagement)
    form = EngagementFieldsForm(request.POST or None, initial=EngagementFieldsForm.initial_for(obj),
                                team=services.team_members(workspace))
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


def _phase_formset(request: WorkspaceRequest, obj: Any) -> tuple[Any, dict[str, Any]]:
    """The phase editor's formset (bound on POST) and what its preview needs."""
    gates = list(obj.gates.all())
    gate_choices = [(g.key, queries.display_name(g, fallback=obj.language)) for g in gates]
    phases = list(obj.phases.all())
    terms = obj.terms_history()
    data = request.POST if request.method == "POST" else None
    formset = PhaseFormSet(data, initial=phase_initial(phases), prefix="phases", gate_choices=gate_choices)
    if data is None:  # the preview of the saved phases: the same values, posted back
        formset = PhaseFormSet(formset_data(formset), initial=phase_initial(phases), prefix="phases",
                               gate_choices=gate_choices)
    preview = {
        "existing": {p.key: p for p in phases}, "gates": [g.to_spec() for g in gates],
        "gate_names": names(gates, fallback=obj.language), "start": obj.start_date,
        "monthly_hours": Decimal(terms[0].monthly_hours), "country": obj.country, "subdivision": obj.subdivision,
        "language": obj.language, "horizon_months": obj.contract_months or 12,
        "hours_from_month": {t.from_month: Decimal(t.monthly_hours) for t in terms[1:]},
        "contract_months": obj.contract_months,
    }
    return formset, preview


def formset_data(formset: Any) -> dict[str, Any]:
    """What a browser posts for an unbound formset as rendered (to preview the saved values)."""
    data: dict[str, Any] = {}
    for name, value in formset.management_form.initial.items():
        data[f"{formset.prefix}-{name}"] = value
    for form in formset.forms:
        for bound in form:
            value = bound.value()
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None and value is not False:
                data[bound.html_name] = str(value)
    return data


@tenancy.workspace_view("engagements.manage")
@require_POST
def phase_preview(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """htmx: the timeline the phase editor's unsaved values give. Writes nothing."""
    obj = get_engagement(membership(request), engagement)
    formset, preview = _phase_formset(request, obj)
    context = phases_preview(formset, **preview)
    # Each card's explanation of its kind names the numbers just typed (htmx out-of-band swaps).
    context["oob_forms"] = [f for f in formset.forms if "kind" in f.fields]
    return render(request, "engagements/_preview.html", context)


@tenancy.workspace_view("engagements.manage")
@require_http_methods(["GET", "POST"])
def phase_edit(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    workspace = request.workspace
    obj = get_engagement(membership(request), engagement)
    gates = list(obj.gates.all())
    logged_keys = set(obj.time_entries.values_list("phase__key", flat=True).distinct())
    formset, preview = _phase_formset(request, obj)
    context: dict[str, Any] = phases_preview(formset, **preview)
    if request.method == "POST":
        if formset.is_valid():
            try:
                services.update_phases(actor=request.user, engagement=obj, phases=formset.rows())
            except DomainError as e:
                formset._non_form_errors = formset.error_class([e.message])  # shown above the table
            else:
                messages.success(request, _("Phases saved. The timeline is recomputed."))
                return redirect("engagements:engagement-detail", workspace=workspace.slug, engagement=obj.uuid)
    else:
        formset = PhaseFormSet(initial=phase_initial(list(obj.phases.all())), prefix="phases",
                               gate_choices=formset.gate_choices)
    return render(request, "engagements/phase_edit.html", {
        **context, "engagement": obj, "formset": formset, "logged_keys": logged_keys, "gates": gates})


@tenancy.workspace_view("audit.view")
@require_GET
def engagement_history(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(membership(request), engagement)
    page = page_of(request, obj.audit_entries.select_related("actor").order_by("-created_at", "-id"))
    return render(request, "engagements/engagement_history.html", {
        "engagement": obj, "entries": describe(list(page.object_list)), "page_obj": page,
        "page_query": page_query(request),
    })
