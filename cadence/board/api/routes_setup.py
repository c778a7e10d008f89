"""The board's set-up: recurring tasks of an engagement, the workspace's task templates (per phase of a
process template) and its board settings. Reading needs ``board.view``; changing, ``board.manage``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare, member, unknown
from cadence.board import access, builtin_tasks, services
from cadence.board.api import lookups as L
from cadence.board.api.schemas import (
    BoardSettingsIn,
    BoardSettingsOut,
    RecurringIn,
    RecurringOut,
    RecurringPatch,
    TaskTemplateIn,
    TaskTemplateOut,
    TaskTemplatePatch,
)
from cadence.board.models import RecurringTask, TaskTemplate
from cadence.engagements.access import get_template
from cadence.http import ApiRequest

router = Router(tags=["board"])
VIEW = declare(capability("board.view"))
MANAGE = declare(capability("board.manage"))
R = L.E + "/recurring"
TT = L.W + "/task-templates"


def _recurring_out(rule: RecurringTask) -> dict[str, Any]:
    return {"id": rule.uuid, "title": rule.title, "kind": rule.kind, "weekdays": list(rule.weekdays or []),
            "month_day": rule.month_day, "interval": rule.interval, "starts_on": rule.starts_on,
            "ends_on": rule.ends_on, "description": rule.description, "role": rule.role,
            "assignee": rule.assignee.uuid if rule.assignee else None,
            "phase": rule.phase.key if rule.phase else None,
            "estimate": float(rule.estimate) if rule.estimate is not None else None,
            "due_after_days": rule.due_after_days, "lead_days": rule.lead_days, "active": rule.active,
            "labels": [label.uuid for label in rule.labels.all()]}


def _recurring_fields(membership: Any, engagement: Any, payload: Any, given: set[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in given:
        value = getattr(payload, name)
        if name == "assignee":
            fields[name] = L.person(membership, value, name)
        elif name == "phase":
            fields[name] = L.phase(engagement, value)
        elif name == "labels":
            fields[name] = L.labels(membership, value or [])
        elif name in ("description", "role") and value is None:
            fields[name] = ""
        elif name in ("title", "kind", "starts_on", "interval", "due_after_days", "lead_days", "active",
                      "weekdays") and value is None:
            continue  # required values are not cleared
        else:
            fields[name] = value
    return fields


@router.get(R, response={200: list[RecurringOut], **READ_ERRORS}, summary="The engagement's recurring tasks",
            openapi_extra=VIEW)
def recurring_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID) -> list[dict[str, Any]]:
    _membership, obj = L.engagement_for(request, workspace, engagement)
    rows = (RecurringTask.objects.filter(engagement=obj).select_related("assignee", "phase")
            .prefetch_related("labels").order_by("title", "id"))
    return [_recurring_out(r) for r in rows]


@router.post(R, response={201: RecurringOut, **WRITE_ERRORS},
             summary="Create a recurring task (weekly on days, monthly on a day, every N weeks)", openapi_extra=MANAGE)
def recurring_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                     payload: RecurringIn) -> Status[Any]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    fields = _recurring_fields(membership, obj, payload, set(type(payload).model_fields))
    rule = services.create_recurring(actor=request.auth, membership=membership, engagement=obj, **fields)
    return Status(201, _recurring_out(rule))


@router.get(R + "/{uuid:recurring}", response={200: RecurringOut, **READ_ERRORS}, summary="A recurring task",
            openapi_extra=VIEW)
def recurring_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                     recurring: UUID) -> dict[str, Any]:
    _membership, obj = L.engagement_for(request, workspace, engagement)
    return _recurring_out(access.get_recurring(obj, recurring))


@router.patch(R + "/{uuid:recurring}", response={200: RecurringOut, **WRITE_ERRORS},
              summary="Change a recurring task", openapi_extra=MANAGE)
def recurring_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, recurring: UUID,
                     payload: RecurringPatch) -> dict[str, Any]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    rule = access.get_recurring(obj, recurring)
    fields = _recurring_fields(membership, obj, payload, set(payload.model_fields_set))
    return _recurring_out(services.update_recurring(actor=request.auth, membership=membership, recurring=rule,
                                                    **fields))


@router.delete(R + "/{uuid:recurring}", response={204: None, **WRITE_ERRORS},
               summary="Delete a recurring task (the cards it created stay)", openapi_extra=MANAGE)
def recurring_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
                     recurring: UUID) -> Status[None]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    services.delete_recurring(actor=request.auth, membership=membership,
                              recurring=access.get_recurring(obj, recurring))
    return Status(204, None)


def _template_out(row: TaskTemplate) -> dict[str, Any]:
    return {"id": row.uuid, "template": row.template.uuid, "phase": row.phase_key,
            "title": builtin_tasks.display(row.title, row.names), "stored_title": row.title,
            "description": row.description, "role": row.role,
            "estimate": float(row.estimate) if row.estimate is not None else None,
            "checklist": [builtin_tasks.display(text) for text in row.checklist or []], "position": row.position}


def _template_fields(payload: Any, given: set[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in given - {"template"}:
        value = getattr(payload, name)
        key = "phase_key" if name == "phase" else name
        if value is None and name in ("description", "role"):
            fields[key] = ""
        elif value is None and name in ("phase", "title", "checklist", "position"):
            continue
        else:
            fields[key] = value
    return fields


@router.get(TT, response={200: list[TaskTemplateOut], **READ_ERRORS},
            summary="Task templates per phase of the workspace's process templates (?process= one of them)",
            openapi_extra=VIEW)
def task_template_list(request: ApiRequest, workspace: WorkspaceSlug,
                       process: UUID | None = None) -> list[dict[str, Any]]:
    membership = member(request, workspace)
    rows = TaskTemplate.objects.filter(workspace=membership.workspace).select_related("template")
    if process is not None:  # not "template": that name in a URL is the engagements' process template
        rows = rows.filter(template__uuid=process)
    return [_template_out(r) for r in rows.order_by("template__name", "phase_key", "position", "id")]


@router.post(TT, response={201: TaskTemplateOut, **WRITE_ERRORS}, summary="Add a task template to a phase",
             openapi_extra=MANAGE)
def task_template_create(request: ApiRequest, workspace: WorkspaceSlug, payload: TaskTemplateIn) -> Status[Any]:
    membership = member(request, workspace)
    try:
        template = get_template(membership, payload.template)
    except Http404:
        raise unknown("template") from None
    fields = _template_fields(payload, set(payload.model_fields_set) - {"phase", "title"})
    row = services.create_task_template(actor=request.auth, membership=membership, template=template,
                                        phase_key=payload.phase, title=payload.title, **fields)
    return Status(201, _template_out(row))


@router.get(TT + "/{uuid:task_template}", response={200: TaskTemplateOut, **READ_ERRORS},
            summary="A task template", openapi_extra=VIEW)
def task_template_detail(request: ApiRequest, workspace: WorkspaceSlug, task_template: UUID) -> dict[str, Any]:
    membership = member(request, workspace)
    return _template_out(access.get_task_template(membership, task_template))


@router.patch(TT + "/{uuid:task_template}", response={200: TaskTemplateOut, **WRITE_ERRORS},
              summary="Change a task template", openapi_extra=MANAGE)
def task_template_update(request: ApiRequest, workspace: WorkspaceSlug, task_template: UUID,
                         payload: TaskTemplatePatch) -> dict[str, Any]:
    membership = member(request, workspace)
    row = access.get_task_template(membership, task_template)
    row = services.update_task_template(actor=request.auth, membership=membership, task_template=row,
                                        **_template_fields(payload, set(payload.model_fields_set)))
    return _template_out(row)


@router.delete(TT + "/{uuid:task_template}", response={204: None, **WRITE_ERRORS}, summary="Delete a task template",
               openapi_extra=MANAGE)
def task_template_delete(request: ApiRequest, workspace: WorkspaceSlug, task_template: UUID) -> Status[None]:
    membership = member(request, workspace)
    services.delete_task_template(actor=request.auth, membership=membership,
                                  task_template=access.get_task_template(membership, task_template))
    return Status(204, None)


@router.get(L.W + "/board-settings", response={200: BoardSettingsOut, **READ_ERRORS},
            summary="When the task templates' cards are created", openapi_extra=VIEW)
def settings_detail(request: ApiRequest, workspace: WorkspaceSlug) -> dict[str, Any]:
    membership = member(request, workspace)
    return {"template_tasks": services.board_settings(membership.workspace).template_tasks}


@router.put(L.W + "/board-settings", response={200: BoardSettingsOut, **WRITE_ERRORS},
            summary="Create template tasks when each phase begins, or all when the engagement starts",
            openapi_extra=MANAGE)
def settings_update(request: ApiRequest, workspace: WorkspaceSlug, payload: BoardSettingsIn) -> dict[str, Any]:
    membership = member(request, workspace)
    row = services.set_board_settings(actor=request.auth, membership=membership,
                                      template_tasks=payload.template_tasks)
    return {"template_tasks": row.template_tasks}
