"""What managers set up: an engagement's board settings (WIP limits per column; when the phases' standard tasks
are created, a workspace choice), the workspace's labels, an engagement's recurring rules and the standard
tasks of each phase of a process template (built-in templates are read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.board import access, services
from cadence.board.domain.workflow import COLUMNS
from cadence.board.forms import BoardSettingsForm, LabelForm, RecurringForm, TaskTemplateForm, wip_field_name
from cadence.board.models import (
    BoardSettings,
    EngagementBoard,
    Label,
    RecurringTask,
    TaskTemplate,
    TemplateTasksChoice,
)
from cadence.board.views import phase_choices, phase_of, refuse, team
from cadence.core.errors import DomainError
from cadence.core.views import form_error
from cadence.engagements import queries as engagement_queries
from cadence.engagements.access import get_engagement, get_template
from cadence.http import WorkspaceRequest


def _service_error(form: Any, error: DomainError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied from None
    form_error(form, error)


# --- board settings --------------------------------------------------------------------------------

@tenancy.workspace_view("board.manage")
@require_http_methods(["GET", "POST"])
def board_settings(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    limits = getattr(EngagementBoard.objects.filter(engagement=obj).first(), "wip_limits", None) or {}
    current = getattr(BoardSettings.objects.filter(workspace=request.workspace).first(), "template_tasks",
                      TemplateTasksChoice.PHASE_START)
    initial: dict[str, Any] = {"template_tasks": current}
    initial.update({wip_field_name(c.value): limits.get(c.value) for c in COLUMNS})
    form = BoardSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the engagement's limits and the workspace's choice, together
                services.set_wip_limits(actor=request.user, membership=request.membership, engagement=obj,
                                        limits=form.limits())
                if form.cleaned_data["template_tasks"] != current:
                    services.set_board_settings(actor=request.user, membership=request.membership,
                                                template_tasks=form.cleaned_data["template_tasks"])
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The board settings are saved."))
            return redirect("board:board", workspace=request.workspace.slug, engagement=obj.uuid)
    return render(request, "board/board_settings.html", {"engagement": obj, "form": form})


# --- labels ----------------------------------------------------------------------------------------

@tenancy.workspace_view("board.manage")
@require_http_methods(["GET", "POST"])
def label_list(request: WorkspaceRequest) -> HttpResponse:
    form = LabelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            label = services.create_label(actor=request.user, membership=request.membership,
                                          name=form.cleaned_data["name"], colour=form.cleaned_data["colour"])
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("Label “%(name)s” added.") % {"name": label.name})
            return redirect("board:label-list", workspace=request.workspace.slug)
    labels = list(Label.objects.filter(workspace=request.workspace).order_by("name"))
    return render(request, "board/label_list.html", {"form": form, "labels": labels})


@tenancy.workspace_view("board.manage")
@require_POST
def label_delete(request: WorkspaceRequest, label: str) -> HttpResponse:
    obj = access.get_label(request.membership, label)
    try:
        services.delete_label(actor=request.user, membership=request.membership, label=obj)
    except DomainError as e:
        refuse(request, e)
    else:
        messages.success(request, _("Label “%(name)s” deleted.") % {"name": obj.name})
    return redirect("board:label-list", workspace=request.workspace.slug)


# --- recurring rules -------------------------------------------------------------------------------

@tenancy.workspace_view("board.manage")
@require_GET
def recurring_list(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    rules = list(RecurringTask.objects.filter(engagement=obj).select_related("assignee", "phase")
                 .order_by("title", "id"))
    return render(request, "board/recurring_list.html", {"engagement": obj, "rules": rules})


def _recurring_form(request: WorkspaceRequest, engagement: Any, *, data: Any = None,
                    initial: dict[str, Any] | None = None) -> RecurringForm:
    return RecurringForm(data, initial=initial, team=team(request.workspace), phases=phase_choices(engagement),
                         labels=list(Label.objects.filter(workspace=request.workspace)))


@tenancy.workspace_view("board.manage")
@require_http_methods(["GET", "POST"])
def recurring_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    today = engagement_queries.engagement_today(obj)
    form = _recurring_form(request, obj, data=request.POST or None,
                           initial={"starts_on": today, "weekdays": [0], "interval": 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_recurring(actor=request.user, membership=request.membership, engagement=obj,
                                      phase=phase_of(obj, form.phase_key), **form.fields_for_service())
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The recurring task is saved."))
            return redirect("board:recurring-list", workspace=request.workspace.slug, engagement=obj.uuid)
    return render(request, "board/recurring_form.html", {"engagement": obj, "form": form, "rule": None})


@tenancy.workspace_view("board.manage")
@require_http_methods(["GET", "POST"])
def recurring_edit(request: WorkspaceRequest, engagement: str, recurring: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    rule = access.get_recurring(obj, recurring)
    members = {m.user_id: str(m.uuid) for m in team(request.workspace)}
    initial = {
        "title": rule.title, "description": rule.description, "kind": rule.kind, "weekdays": rule.weekdays,
        "month_day": rule.month_day, "interval": rule.interval, "starts_on": rule.starts_on,
        "ends_on": rule.ends_on, "due_after_days": rule.due_after_days, "lead_days": rule.lead_days,
        "role": rule.role, "assignee": members.get(rule.assignee_id or 0, ""),
        "phase": rule.phase.key if rule.phase else "", "estimate": rule.estimate, "active": rule.active,
        "labels": [str(label.uuid) for label in rule.labels.all()],
    }
    form = _recurring_form(request, obj, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recurring(actor=request.user, membership=request.membership, recurring=rule,
                                      phase=phase_of(obj, form.phase_key), **form.fields_for_service())
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The recurring task is saved."))
            return redirect("board:recurring-list", workspace=request.workspace.slug, engagement=obj.uuid)
    return render(request, "board/recurring_form.html", {"engagement": obj, "form": form, "rule": rule})


@tenancy.workspace_view("board.manage")
@require_POST
def recurring_delete(request: WorkspaceRequest, engagement: str, recurring: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    rule = access.get_recurring(obj, recurring)
    try:
        services.delete_recurring(actor=request.user, membership=request.membership, recurring=rule)
    except DomainError as e:
        refuse(request, e)
    else:
        messages.success(request, _("Recurring task “%(title)s” deleted.") % {"title": rule.title})
    return redirect("board:recurring-list", workspace=request.workspace.slug, engagement=obj.uuid)


# --- task templates --------------------------------------------------------------------------------

def _template_phases(template: Any) -> list[tuple[str, str]]:
    phases = list(template.phases.all())
    return list(engagement_queries.display_names(phases).items())


def _task_template_of(request: WorkspaceRequest, template: Any, task_template: str) -> TaskTemplate:
    obj = access.get_task_template(request.membership, task_template)
    if obj.template_id != template.pk:
        raise Http404
    return obj


def _read_only(request: WorkspaceRequest, template: Any) -> HttpResponse | None:
    if template.builtin:
        messages.error(request, _("Built-in templates are read-only: copy the template to change its tasks."))
        return redirect("board:template-tasks", workspace=request.workspace.slug, template=template.uuid)
    return None


@tenancy.workspace_view("board.manage")
@require_GET
def template_tasks(request: WorkspaceRequest, template: str) -> HttpResponse:
    obj = get_template(request.membership, template)
    names = dict(_template_phases(obj))
    language = (get_language() or "en")[:2]
    rows = [(r, (r.names or {}).get(language) or engagement_queries.tr(r.title))
            for r in TaskTemplate.objects.filter(template=obj).order_by("position", "id")]
    by_phase = [(key, name, [r for r in rows if r[0].phase_key == key]) for key, name in names.items()]
    return render(request, "board/template_tasks.html", {"template": obj, "phases": by_phase,
                                                         "template_name": engagement_queries.tr(obj.name)
                                                         if obj.builtin else obj.name})


@tenancy.workspace_view("board.manage")
@require_http_methods(["GET", "POST"])
def template_task_new(request: WorkspaceRequest, template: str) -> HttpResponse:
    obj = get_template(request.membership, template)
    if (refused := _read_only(request, obj)) is not None:
        return refused
    phases = _template_phases(obj)
    form = TaskTemplateForm(request.POST or None, phases=phases,
                            initial={"phase_key": request.GET.get("phase") or (phases[0][0] if phases else "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_task_template(actor=request.user, membership=request.membership, template=obj,
                                          phase_key=form.cleaned_data["phase_key"], title=form.cleaned_data["title"],
                                          **form.fields_for_service())
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The standard task is saved."))
            return redirect("board:template-tasks", workspace=request.workspace.slug, template=obj.uuid)
    return render(request, "board/template_task_form.html", {"template": obj, "form": form, "task_template": None})


@tenancy.workspace_view("board.manage")
@require_http_methods(["GET", "POST"])
def template_task_edit(request: WorkspaceRequest, template: str, task_template: str) -> HttpResponse:
    obj = get_template(request.membership, template)
    row = _task_template_of(request, obj, task_template)
    if (refused := _read_only(request, obj)) is not None:
        return refused
    initial = {"phase_key": row.phase_key, "title": row.title, "description": row.description, "role": row.role,
               "estimate": row.estimate, "checklist": "\n".join(row.checklist or []), "position": row.position}
    form = TaskTemplateForm(request.POST or None, phases=_template_phases(obj), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task_template(actor=request.user, membership=request.membership, task_template=row,
                                          phase_key=form.cleaned_data["phase_key"], title=form.cleaned_data["title"],
                                          **form.fields_for_service())
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The standard task is saved."))
            return redirect("board:template-tasks", workspace=request.workspace.slug, template=obj.uuid)
    return render(request, "board/template_task_form.html", {"template": obj, "form": form, "task_template": row})


@tenancy.workspace_view("board.manage")
@require_POST
def template_task_delete(request: WorkspaceRequest, template: str, task_template: str) -> HttpResponse:
    obj = get_template(request.membership, template)
    row = _task_template_of(request, obj, task_template)
    if (refused := _read_only(request, obj)) is not None:
        return refused
    try:
        services.delete_task_template(actor=request.user, membership=request.membership, task_template=row)
    except DomainError as e:
        refuse(request, e)
    else:
        messages.success(request, _("Standard task “%(title)s” deleted.") % {"title": row.title})
    return redirect("board:template-tasks", workspace=request.workspace.slug, template=obj.uuid)
