"""Process templates: list, detail with a preview timeline, copy, edit (own templates only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.core.errors import DomainError
from cadence.engagements import queries, services
from cadence.engagements.forms import GateFormSet, PhaseFormSet, TemplateCopyForm, TemplateForm, phase_initial
from cadence.engagements.models import ProcessTemplate
from cadence.engagements.schedule import ScheduleError, ScheduleInput, compute_schedule
from cadence.engagements.views import gantt_svg, membership, names

PREVIEW_HOURS = Decimal(40)
PREVIEW_COUNTRY = "RO"


def _template(request: HttpRequest, template: str) -> ProcessTemplate:
    return tenancy.get_template(membership(request), template)


def _label(template: ProcessTemplate) -> str:
    return queries.tr(template.name) if template.builtin else template.name


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


@tenancy.workspace_view("templates.view")
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    templates = list(
        ProcessTemplate.objects.filter(workspace=request.workspace)  # type: ignore[attr-defined]
        .annotate(phase_count=Count("phases", distinct=True), engagement_count=Count("engagements", distinct=True))
        .order_by("-builtin", "name")
    )
    rows = [{"template": t, "name": _label(t), "description": queries.tr(t.description) if t.builtin else t.description}
            for t in templates]
    return render(request, "engagements/template_list.html", {
        "rows": rows, "can_manage": tenancy.can(membership(request), "templates.manage")})


@tenancy.workspace_view("templates.view")
@require_GET
def template_detail(request: HttpRequest, template: str) -> HttpResponse:
    obj = _template(request, template)
    spec = services.template_spec(obj)
    start = next_monday(timezone.localdate())
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
        context["gate_names"] = names(schedule.gates)
        context["gantt"] = gantt_svg(schedule, today=None, id_prefix="tpl",
                                     title=_("Preview timeline of %(name)s") % {"name": _label(obj)})
    return render(request, "engagements/template_detail.html", context)


@tenancy.workspace_view("templates.manage")
@require_POST
def template_copy(request: HttpRequest, template: str) -> HttpResponse:
    obj = _template(request, template)
    form = TemplateCopyForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        copy = services.copy_template(actor=request.user, template=obj, name=name)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("engagements:template-detail", workspace=request.workspace.slug,  # type: ignore[attr-defined]
                        template=obj.uuid)
    messages.success(request, _("Template copied. You can now change the copy."))
    return redirect("engagements:template-edit", workspace=request.workspace.slug,  # type: ignore[attr-defined]
                    template=copy.uuid)


@tenancy.workspace_view("templates.manage")
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template: str) -> HttpResponse:
    obj = _template(request, template)
    gates = list(obj.gates.all())
    if request.method == "POST":
        form = TemplateForm(request.POST)
        gate_formset = GateFormSet(request.POST, prefix="gates")
        if gate_formset.is_valid():
            gate_choices = [(r["key"], r["name"]) for r in gate_formset.rows()]
        else:
            gate_choices = [(g.key, queries.tr(g.name)) for g in gates]
        # Gates named in the posted phases must be choosable even if they are new.
        posted = {v for k, vs in request.POST.lists() if k.endswith("-requires_gates") for v in vs}
        known = {k for k, _n in gate_choices}
        gate_choices += [(k, k) for k in sorted(posted - known)]
        formset = PhaseFormSet(request.POST, prefix="phases", gate_choices=gate_choices)
        if form.is_valid() and formset.is_valid() and gate_formset.is_valid():
            try:
                services.update_template(actor=request.user, template=obj, name=form.cleaned_data["name"],
                                         description=form.cleaned_data["description"], phases=formset.rows(),
                                         gates=gate_formset.rows())
            except DomainError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, _("Template saved."))
                return redirect("engagements:template-detail", workspace=request.workspace.slug,  # type: ignore[attr-defined]
                                template=obj.uuid)
    else:
        form = TemplateForm(initial={"name": obj.name, "description": obj.description})
        gate_choices = [(g.key, queries.tr(g.name)) for g in gates]
        formset = PhaseFormSet(initial=phase_initial(obj.phases.all()), prefix="phases", gate_choices=gate_choices)
        gate_formset = GateFormSet(initial=[{"key": g.key, "name": g.name, "after_phase": g.after_phase,
                                             "description": g.description} for g in gates], prefix="gates")
    return render(request, "engagements/template_edit.html", {
        "template": obj, "name": _label(obj), "form": form, "formset": formset, "gate_formset": gate_formset})
