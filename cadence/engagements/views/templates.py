"""Process templates: list, detail with a preview timeline, copy, edit (own templates only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core import clock
from cadence.core.errors import DomainError
from cadence.engagements import queries, services
from cadence.engagements.access import get_template
from cadence.engagements.forms import (
    GateFormSet,
    PhaseFormSet,
    TemplateCopyForm,
    TemplateForm,
    gate_initial,
    phase_initial,
)
from cadence.engagements.models import ProcessTemplate
from cadence.engagements.schedule import ScheduleError, ScheduleInput, compute_schedule
from cadence.engagements.views import gantt_svg, membership, names
from cadence.engagements.views.engagements import form_errors, formset_data, phases_preview
from cadence.http import WorkspaceRequest

PREVIEW_HOURS = Decimal(40)
PREVIEW_COUNTRY = "RO"


def _template(request: WorkspaceRequest, template: str) -> ProcessTemplate:
    return get_template(membership(request), template)


def _label(template: ProcessTemplate) -> str:
    return queries.tr(template.name) if template.builtin else template.name


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


@tenancy.workspace_view("templates.view")
@require_GET
def template_list(request: WorkspaceRequest) -> HttpResponse:
    templates = list(
        ProcessTemplate.objects.filter(workspace=request.workspace)
        .annotate(phase_count=Count("phases", distinct=True), engagement_count=Count("engagements", distinct=True))
        .order_by("-builtin", "name")
    )
    rows = [{"template": t, "name": _label(t), "description": queries.tr(t.description) if t.builtin else t.description}
            for t in templates]
    return render(request, "engagements/template_list.html", {
        "rows": rows, "can_manage": tenancy.can(membership(request), "templates.manage")})


@tenancy.workspace_view("templates.view")
@require_GET
def template_detail(request: WorkspaceRequest, template: str) -> HttpResponse:
    obj = _template(request, template)
    spec = services.template_spec(obj)
    start = next_monday(clock.localdate())
    context: dict[str, Any] = {
        "template": obj, "name": _label(obj),
        "description": queries.tr(obj.description) if obj.builtin else obj.description,
        "phases": list(obj.phases.all()), "gates": list(obj.gates.all()),
        "preview_start": start, "preview_hours": PREVIEW_HOURS,
        "can_manage": tenancy.can(membership(request), "templates.manage"),
        "copy_form": TemplateCopyForm(initial={"name": _("Copy of %(name)s") % {"name": _label(obj)}}),
    }
    try:
        schedule = compute_schedule(ScheduleInput(start=start, monthly_hours=PREVIEW_HOURS, country=PREVIEW_COUNTRY,
                                                  template=spec, today=start))
    except ScheduleError:
        context["preview_error"] = _("This template cannot be scheduled as it is; check its phases and gates.")
    else:
        context["schedule"] = schedule
        context["phase_dates"] = {p.key: p for p in schedule.phases}
        context["gate_names"] = names(schedule.gates, context["gates"])
        context["gantt"] = gantt_svg(schedule, today=None, id_prefix="tpl",
                                     title=_("Preview timeline of %(name)s") % {"name": _label(obj)},
                                     phase_names=names(schedule.phases, context["phases"]),
                                     gate_names=context["gate_names"])
    return render(request, "engagements/template_detail.html", context)


@tenancy.workspace_view("templates.manage")
@require_POST
def template_copy(request: WorkspaceRequest, template: str) -> HttpResponse:
    obj = _template(request, template)
    form = TemplateCopyForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        copy = services.copy_template(actor=request.user, template=obj, name=name)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("engagements:template-detail", workspace=request.workspace.slug,
                        template=obj.uuid)
    messages.success(request, _("Template copied. You can now change the copy."))
    return redirect("engagements:template-edit", workspace=request.workspace.slug,
                    template=copy.uuid)


def _template_forms(obj: ProcessTemplate, data: Any) -> tuple[TemplateForm, Any, Any]:
    """The template editor's form, phase formset and gate formset (bound when ``data`` is given)."""
    gates = list(obj.gates.all())
    gate_formset = GateFormSet(data, initial=gate_initial(gates), prefix="gates")
    gate_choices = [(g.key, queries.display_name(g)) for g in gates]
    if data is not None:
        if gate_formset.is_valid():
            by_key = {g.key: g for g in gates}
            gate_choices = [(r["key"], queries.display_text(by_key[r["key"]].name if r["key"] in by_key else "",
                                                            r["names"]) or r["key"])
                            for r in gate_formset.rows()]
        # Gates named in the posted phases must be choosable even if they are new.
        posted = {v for k, vs in data.lists() if k.endswith("-requires_gates") for v in vs}
        known = {k for k, _n in gate_choices}
        gate_choices += [(k, k) for k in sorted(posted - known)]
    form = TemplateForm(data, initial={"name": obj.name, "description": obj.description})
    formset = PhaseFormSet(data, initial=phase_initial(obj.phases.all()), prefix="phases", gate_choices=gate_choices)
    return form, formset, gate_formset


def _preview(obj: ProcessTemplate, formset: Any, gate_formset: Any) -> dict[str, Any]:
    """The template editor's live preview: its unsaved phases and gates from next Monday at 40 h a month."""
    if not gate_formset.is_valid():
        return {"preview": None, "preview_errors": form_errors(gate_formset)}
    try:
        gates, texts = services.gate_specs(gate_formset.rows(), {g.key: g for g in obj.gates.all()})
    except DomainError as e:
        return {"preview": None, "preview_errors": [e.message]}
    gate_names = {g.key: queries.display_text(g.name, texts[g.key]["names"]) for g in gates}
    return phases_preview(formset, existing={p.key: p for p in obj.phases.all()}, gates=gates, gate_names=gate_names,
                          start=next_monday(clock.localdate()), monthly_hours=PREVIEW_HOURS,
                          country=PREVIEW_COUNTRY, subdivision=None, language=None)


def _as_posted(obj: ProcessTemplate) -> QueryDict:
    """The editor's values as a browser would post them unchanged (to preview the saved template)."""
    form, formset, gate_formset = _template_forms(obj, None)
    data = QueryDict(mutable=True)
    for source in (formset_data(formset), formset_data(gate_formset)):
        for key, value in source.items():
            data.setlist(key, value if isinstance(value, list) else [value])
    return data


@tenancy.workspace_view("templates.manage")
@require_POST
def template_preview(request: WorkspaceRequest, template: str) -> HttpResponse:
    """htmx: the timeline the template editor's unsaved values give. Writes nothing."""
    obj = _template(request, template)
    _form, formset, gate_formset = _template_forms(obj, request.POST)
    context = _preview(obj, formset, gate_formset)
    context["oob_forms"] = list(formset.forms)  # each card's explanation of its kind, with the typed numbers
    return render(request, "engagements/_preview.html", context)


@tenancy.workspace_view("templates.manage")
@require_http_methods(["GET", "POST"])
def template_edit(request: WorkspaceRequest, template: str) -> HttpResponse:
    obj = _template(request, template)
    if request.method == "POST":
        form, formset, gate_formset = _template_forms(obj, request.POST)
        preview = _preview(obj, formset, gate_formset)
        if form.is_valid() and formset.is_valid() and gate_formset.is_valid():
            try:
                services.update_template(actor=request.user, template=obj, name=form.cleaned_data["name"],
                                         description=form.cleaned_data["description"], phases=formset.rows(),
                                         gates=gate_formset.rows())
            except DomainError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, _("Template saved."))
                return redirect("engagements:template-detail", workspace=request.workspace.slug,
                                template=obj.uuid)
    else:
        form, formset, gate_formset = _template_forms(obj, None)
        _f, bound, bound_gates = _template_forms(obj, _as_posted(obj))
        preview = _preview(obj, bound, bound_gates)
    return render(request, "engagements/template_edit.html", {
        **preview, "template": obj, "name": _label(obj), "form": form, "formset": formset,
        "gate_formset": gate_formset})
