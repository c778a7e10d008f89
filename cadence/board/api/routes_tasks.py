"""Cards: the list (with the board's filters), create, read, change (with the revision), delete, move, log time,
checklist items and attachments. The same permissions as the board's pages: ``board.view`` reads,
``board.edit`` writes (logging time also needs ``time.log``, checked by the service)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Query, Schema, Status

from cadence.api.params import WorkspaceSlug
from cadence.api.routers import READ_ERRORS, WRITE_ERRORS, Router, capability, declare
from cadence.board import access, queries, services
from cadence.board.api import lookups as L
from cadence.board.api.schemas import (
    AttachIn,
    CardDetailOut,
    CardOut,
    ChecklistIn,
    ChecklistItemOut,
    ChecklistPatch,
    MoveIn,
    MoveOut,
    PhaseKey,
    RoleKey,
    TaskIn,
    TaskPatch,
    TimeIn,
    TimeOut,
)
from cadence.board.models import ChecklistItem, TaskAttachment, TaskTime
from cadence.core import markdown
from cadence.core.errors import DomainError
from cadence.http import ApiRequest

router = Router(tags=["board"])
VIEW = declare(capability("board.view"))
EDIT = declare(capability("board.edit"))


class TaskFilters(Schema):
    assignee: UUID | None = None
    label: UUID | None = None
    phase: PhaseKey | None = None
    role: RoleKey | None = None
    due: str = ""


def filters_of(membership: Any, params: TaskFilters) -> queries.BoardFilters:
    """The board's filters from the API's (people by their public id); an unknown person or label matches
    no card, as on the page."""
    assignee = None
    if params.assignee is not None:
        try:
            assignee = L.person(membership, params.assignee, "assignee").pk
        except DomainError:
            assignee = 0  # nobody of the team (no user has the id 0): no card matches
    return queries.BoardFilters.from_query({"label": str(params.label or ""), "phase": params.phase or "",
                                            "role": params.role or "", "due": params.due,
                                            "assignee": str(assignee or "")})


def _card(membership: Any, task: Any) -> dict[str, Any]:
    return L.card_out(queries.card_view(membership, task))


@router.get(L.E + "/tasks", response={200: list[CardOut], **READ_ERRORS},
            summary="The engagement's cards, column by column (filters: assignee, label, phase, role, due)",
            openapi_extra=VIEW)
def task_list(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID,
              filters: Query[TaskFilters]) -> list[dict[str, Any]]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    view = queries.board(membership, obj, filters_of(membership, filters))
    return [L.card_out(card) for column in view.columns for card in column.cards]


@router.post(L.E + "/tasks", response={201: CardOut, **WRITE_ERRORS}, summary="Add a card", openapi_extra=EDIT)
def task_create(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, payload: TaskIn) -> Status[Any]:
    membership, obj = L.engagement_for(request, workspace, engagement)
    task = services.create_task(
        actor=request.auth, membership=membership, engagement=obj, title=payload.title,
        description=payload.description, column=payload.column,
        assignee=L.person(membership, payload.assignee, "assignee"),
        reviewer=L.person(membership, payload.reviewer, "reviewer"), role=payload.role, due=payload.due,
        estimate=payload.estimate, phase=L.phase(obj, payload.phase), initiative=L.initiative(obj, payload.initiative),
        objective_uid=payload.objective, labels=L.labels(membership, payload.labels) or [],
        checklist=payload.checklist)
    return Status(201, _card(membership, task))


@router.get(L.T, response={200: CardDetailOut, **READ_ERRORS}, summary="A card with its checklist, time and files",
            openapi_extra=VIEW)
def task_detail(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID) -> dict[str, Any]:
    membership, _obj, row = L.task_for(request, workspace, engagement, task)
    items = ChecklistItem.objects.filter(task=row).order_by("position", "id")
    times = (TaskTime.objects.filter(task=row, entry__deleted_at__isnull=True).select_related("entry__user")
             .order_by("-entry__date", "-entry__created_at"))
    files = TaskAttachment.objects.filter(task=row).select_related("file")
    return {"card": _card(membership, row), "description": row.description,
            "description_html": str(markdown.render(row.description)),
            "checklist": [{"id": i.pk, "text": i.text, "done": i.done} for i in items],
            "time_entries": [{"date": t.entry.date, "person": t.entry.user.display_name, "hours": float(t.entry.hours),
                              "note": t.entry.note} for t in times],
            "attachments": [{"id": a.file.uuid, "name": a.file.name} for a in files]}


@router.patch(L.T, response={200: CardOut, **WRITE_ERRORS}, summary="Change a card (send its revision)",
              openapi_extra=EDIT)
def task_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
                payload: TaskPatch) -> dict[str, Any]:
    membership, obj, row = L.task_for(request, workspace, engagement, task)
    given = payload.model_fields_set - {"revision"}
    changes: dict[str, Any] = {}
    for name in given:
        value = getattr(payload, name)
        if name in ("assignee",):
            changes[name] = L.person(membership, value, name)
        elif name == "phase":
            changes[name] = L.phase(obj, value)
        elif name == "initiative":
            changes[name] = L.initiative(obj, value)
        elif name == "objective":
            changes["objective_uid"] = value
        elif name == "labels":
            changes[name] = L.labels(membership, value or [])
        elif name in ("description", "role") and value is None:
            changes[name] = ""
        else:
            changes[name] = value
    row = services.update_task(actor=request.auth, membership=membership, task=row, revision=payload.revision,
                               **changes)
    return _card(membership, row)


@router.delete(L.T, response={204: None, **WRITE_ERRORS}, summary="Delete a card", openapi_extra=EDIT)
def task_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID) -> Status[None]:
    membership, _obj, row = L.task_for(request, workspace, engagement, task)
    services.delete_task(actor=request.auth, membership=membership, task=row)
    return Status(204, None)


@router.post(L.T + "/move", response={200: MoveOut, **WRITE_ERRORS},
             summary="Move a card to a column, between two cards (a warning when over the WIP limit)",
             openapi_extra=EDIT)
def task_move(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
              payload: MoveIn) -> dict[str, Any]:
    membership, obj, row = L.task_for(request, workspace, engagement, task)
    result = services.move_task(actor=request.auth, membership=membership, task=row, column=payload.column,
                                before=L.sibling(obj, payload.before, "before"),
                                after=L.sibling(obj, payload.after, "after"),
                                reviewer=L.person(membership, payload.reviewer, "reviewer"))
    return {"card": _card(membership, result.task), "wip_warning": result.wip_warning}


@router.post(L.T + "/time", response={201: TimeOut, **WRITE_ERRORS},
             summary="Log time on a card (on its phase; the engagement's gate and hours rules apply)",
             openapi_extra=EDIT)
def task_log_time(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
                  payload: TimeIn) -> Status[Any]:
    membership, _obj, row = L.task_for(request, workspace, engagement, task)
    entry, level = services.log_time_on_task(actor=request.auth, membership=membership, task=row,
                                             hours=payload.hours, date=payload.date, note=payload.note)
    return Status(201, {"entry": entry.uuid, "date": entry.date, "hours": float(entry.hours), "level": level.value,
                        "card": _card(membership, row)})


@router.post(L.T + "/checklist", response={201: ChecklistItemOut, **WRITE_ERRORS}, summary="Add a checklist item",
             openapi_extra=EDIT)
def checklist_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
                  payload: ChecklistIn) -> Status[Any]:
    membership, _obj, row = L.task_for(request, workspace, engagement, task)
    item = services.add_checklist_item(actor=request.auth, membership=membership, task=row, text=payload.text)
    return Status(201, {"id": item.pk, "text": item.text, "done": item.done})


@router.patch(L.T + "/checklist/{int:item}", response={200: ChecklistItemOut, **WRITE_ERRORS},
              summary="Tick, untick or reword a checklist item", openapi_extra=EDIT)
def checklist_update(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID, item: int,
                     payload: ChecklistPatch) -> dict[str, Any]:
    membership, _obj, row = L.task_for(request, workspace, engagement, task)
    found = access.get_checklist_item(row, item)
    found = services.set_checklist_item(actor=request.auth, membership=membership, item=found, done=payload.done,
                                        text=payload.text)
    return {"id": found.pk, "text": found.text, "done": found.done}


@router.delete(L.T + "/checklist/{int:item}", response={204: None, **WRITE_ERRORS},
               summary="Delete a checklist item", openapi_extra=EDIT)
def checklist_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
                     item: int) -> Status[None]:
    membership, _obj, row = L.task_for(request, workspace, engagement, task)
    services.delete_checklist_item(actor=request.auth, membership=membership,
                                   item=access.get_checklist_item(row, item))
    return Status(204, None)


@router.post(L.T + "/attachments", response={201: CardOut, **WRITE_ERRORS},
             summary="Attach a file of the engagement (uploaded through the files API) to the card",
             openapi_extra=EDIT)
def attachment_add(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
                   payload: AttachIn) -> Status[Any]:
    membership, obj, row = L.task_for(request, workspace, engagement, task)
    services.attach_file(actor=request.auth, membership=membership, task=row,
                         file=L.engagement_file(obj, payload.file))
    return Status(201, _card(membership, row))


@router.delete(L.T + "/attachments/{uuid:file}", response={204: None, **WRITE_ERRORS},
               summary="Remove a file from the card (the file itself stays)", openapi_extra=EDIT)
def attachment_delete(request: ApiRequest, workspace: WorkspaceSlug, engagement: UUID, task: UUID,
                      file: UUID) -> Status[None]:
    membership, obj, row = L.task_for(request, workspace, engagement, task)
    services.detach_file(actor=request.auth, membership=membership, task=row, file=L.engagement_file(obj, file, in_path=True))
    return Status(204, None)
