"""Writes to the board: cards, their moves, checklists, time and files, labels, WIP limits, recurring rules,
task templates and the workspace's board settings.

Keyword-only ``actor`` and ``membership``; one transaction each; a ``DomainError`` with a translated message
(and ``code``/``field``) when a rule refuses; an audit entry in the engagement's history for every change.
The gate rule and the time rules are the engagements app's (``engagements.services.require_gate_passed`` and
``log_time``): a card reuses them, never a copy.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid as uuid_module
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from cadence.accounts.models import User
from cadence.board import builtin_tasks, revisions
from cadence.board.domain import ordering, recurrence
from cadence.board.domain.workflow import Column, MoveRefused, check_move, wip_exceeded
from cadence.board.models import (
    BoardSettings,
    ChecklistItem,
    ColumnChoice,
    EngagementBoard,
    Label,
    RecurrenceChoice,
    RecurringTask,
    RoleChoice,
    Task,
    TaskAttachment,
    TaskTemplate,
    TaskTime,
    TemplateTasksChoice,
)
from cadence.core import audit, clock, events, validation
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership, Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.engagements import queries as engagement_queries
from cadence.engagements import services as engagement_services

log = logging.getLogger(__name__)

# Models of other apps, reached through this app's own relations (apps meet through access, queries and
# services only, never another app's models module).
Engagement: Any = Task._meta.get_field("engagement").related_model
ProcessTemplate: Any = TaskTemplate._meta.get_field("template").related_model

TITLE_MAX = 200
DESCRIPTION_MAX = 20000
CHECKLIST_MAX = 300
CHECKLIST_ITEMS_MAX = 100
LABEL_MAX = 40
ESTIMATE_MAX = Decimal(1000)
WIP_MAX = 999
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
TASK_FIELDS = ("title", "description", "assignee", "role", "due", "estimate", "phase", "initiative",
               "objective_uid", "labels")
RECURRING_FIELDS = ("title", "description", "role", "assignee", "phase", "estimate", "kind", "weekdays",
                    "month_day", "interval", "starts_on", "ends_on", "due_after_days", "lead_days", "active",
                    "labels")
TEMPLATE_FIELDS = ("phase_key", "title", "description", "role", "estimate", "checklist", "position")
CATCH_UP_DAYS = 31  # a recurring rule's occurrences missed for longer are not created late


@dataclass(frozen=True)
class MoveResult:
    task: Task
    wip_warning: str | None


# --- input -------------------------------------------------------------------------------------------

def _title(value: Any, field: str = "title") -> str:
    return validation.clean_name(value, field=field, max_length=TITLE_MAX)


def _description(value: Any) -> str:
    return validation.clean_text(value, field="description", max_length=DESCRIPTION_MAX)


def _estimate(value: Any, field: str = "estimate") -> Decimal | None:
    if value is None or value == "":
        return None
    return validation.clean_hours(value, field=field, minimum=Decimal(0), maximum=ESTIMATE_MAX)


def _due(value: Any, field: str = "due") -> dt.date | None:
    return None if value is None or value == "" else validation.clean_date(value, field=field)


def _role(value: Any) -> str:
    if value is None or value == "":
        return ""
    return validation.clean_choice(value, field="role", choices=RoleChoice.choices)


def _column(value: Any) -> Column:
    return Column(validation.clean_choice(value, field="column", choices=ColumnChoice.choices))


def _team_member(workspace_id: int, user: Any, field: str) -> User | None:
    if user is None:
        return None
    if not isinstance(user, User) or not Membership.objects.filter(
            workspace_id=workspace_id, user=user).exclude(role="client").exists():
        raise DomainError(_("That person is not on the agency's team."), code="not_team", field=field)
    return user


def _phase_of(engagement: Any, phase: Any) -> Any:
    if phase is None:
        return None
    if getattr(phase, "engagement_id", None) != engagement.pk:
        raise DomainError(_("That phase is not part of this engagement."), code="not_found", field="phase")
    return phase


def _initiative_of(engagement: Any, initiative: Any) -> Any:
    if initiative is None:
        return None
    if getattr(initiative, "engagement_id", None) != engagement.pk:
        raise DomainError(_("That initiative is not part of this engagement."), code="not_found",
                          field="initiative")
    return initiative


def _objective(value: Any) -> uuid_module.UUID | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, uuid_module.UUID) else uuid_module.UUID(str(value))
    except ValueError:
        raise InvalidInput(_("That is not a valid reference."), code="invalid", field="objective_uid") from None


def _labels(workspace_id: int, labels: Iterable[Any]) -> list[Label]:
    out = []
    for label in labels:
        if not isinstance(label, Label) or label.workspace_id != workspace_id:
            raise DomainError(_("There is no such label, or you cannot see it."), code="not_found", field="labels")
        if label not in out:
            out.append(label)
    return out


def _checklist_text(value: Any, field: str = "text") -> str:
    return validation.clean_text(value, field=field, max_length=CHECKLIST_MAX, multiline=False, required=True)


def _require(membership: Membership, capability: str, workspace_id: int) -> None:
    if membership.workspace_id != workspace_id or not membership.can(capability):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def _today(engagement: Any) -> dt.date:
    return engagement_queries.engagement_today(engagement)


def _snapshot(task: Task) -> dict[str, Any]:
    return {"title": task.title, "description": task.description, "assignee": getattr(task.assignee, "email", None),
            "role": task.role, "due": task.due, "estimate": task.estimate,
            "phase": getattr(task.phase, "key", None),
            "initiative": str(task.initiative.uuid) if task.initiative is not None else None,
            "objective_uid": task.objective_uid,
            "labels": sorted(label.name for label in task.labels.all())}


def _end_position(engagement: Any, column: str) -> int:
    top = Task.objects.filter(engagement=engagement, column=column).aggregate(m=Max("position"))["m"]
    return ordering.GAP if top is None else int(top) + ordering.GAP


def _gate(task: Task, engagement: Any) -> None:
    if task.phase is not None:
        engagement_services.require_gate_passed(engagement, task.phase, on=_today(engagement))


# --- cards -------------------------------------------------------------------------------------------

@transaction.atomic
def create_task(
    *, actor: User, membership: Membership, engagement: Any, title: Any, description: Any = "",
    column: Any = "backlog", assignee: Any = None, role: Any = "", due: Any = None, estimate: Any = None,
    phase: Any = None, initiative: Any = None, objective_uid: Any = None, labels: Iterable[Any] = (),
    checklist: Iterable[Any] = (), reviewer: Any = None,
) -> Task:
    _require(membership, "board.edit", engagement.workspace_id)
    items = [_checklist_text(text, "checklist") for text in checklist]
    if len(items) > CHECKLIST_ITEMS_MAX:
        raise InvalidInput(_("A card holds at most %(max)s checklist items.") % {"max": CHECKLIST_ITEMS_MAX},
                           code="too_many", field="checklist")
    col = _column(column)
    task = Task(
        workspace_id=engagement.workspace_id, engagement=engagement, column=col.value, title=_title(title),
        description=_description(description), assignee=_team_member(engagement.workspace_id, assignee, "assignee"),
        role=_role(role), due=_due(due), estimate=_estimate(estimate), phase=_phase_of(engagement, phase),
        initiative=_initiative_of(engagement, initiative), objective_uid=_objective(objective_uid),
        reviewer=_team_member(engagement.workspace_id, reviewer, "reviewer"), created_by=actor,
    )
    chosen = _labels(engagement.workspace_id, labels)
    try:
        check_move(Column.BACKLOG, col, has_reviewer=task.reviewer_id is not None)
    except MoveRefused:
        raise DomainError(_("Choose who reviews the card before it goes to Review."), code="reviewer_required",
                          field="reviewer") from None
    if col is Column.IN_PROGRESS:
        _gate(task, engagement)
    if col is Column.DONE:
        task.done_by, task.done_at = actor, clock.now()
    task.position = _end_position(engagement, col.value)
    task.save()
    task.labels.set(chosen)
    ChecklistItem.objects.bulk_create([ChecklistItem(workspace_id=task.workspace_id, task=task, text=text,
                                                     position=i) for i, text in enumerate(items)])
    audit.record(workspace=engagement.workspace, actor=actor, action="board.task.created", obj=task,
                 thread=engagement, changes={**_snapshot(task), "column": col.value,
                                             **({"checklist": items} if items else {})})
    if task.assignee_id is not None:
        _emit("task.assigned", task, engagement, actor, recipients=(task.assignee_id,))
    if col is Column.DONE:
        _emit("task.completed", task, engagement, actor)
    return task


def _emit(kind: str, task: Task, engagement: Any, actor: Any, *, recipients: tuple[Any, ...] = ()) -> None:
    """Tell who must know (``cadence.core.events``: the notifications, the webhooks) once the write commits."""
    from django.urls import reverse

    data = {"column": task.column, "due": task.due.isoformat() if task.due else None,
            "url": reverse("board:task-detail", args=[engagement.workspace.slug, engagement.uuid, task.uuid])}
    events.emit(kind, workspace=task.workspace_id, engagement=engagement, actor=actor, subject=task,
                subject_title=task.title, data=data, recipients=recipients)


def _locked(task: Task) -> Task:
    return (Task.objects.select_for_update(of=("self",)).select_related("engagement", "engagement__client", "phase",
                                                             "assignee", "initiative", "reviewer")
            .get(pk=task.pk))


@transaction.atomic
def update_task(*, actor: User, membership: Membership, task: Task, revision: int | None = None,
                **changes: Any) -> Task:
    """Change a card's fields (``TASK_FIELDS``); a stale ``revision`` is refused (code ``conflict``)."""
    unknown = sorted(set(changes) - set(TASK_FIELDS))
    if unknown:
        raise InvalidInput(_("This field cannot be changed here."), code="unknown_field", field=unknown[0])
    _require(membership, "board.edit", task.workspace_id)
    current = _locked(task)
    if revision is not None and int(revision) != current.revision:
        raise DomainError(_("Someone else changed this card meanwhile. Reload it to see their changes, then "
                            "make yours again."), code="conflict", field="revision")
    engagement = current.engagement
    before = _snapshot(current)
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            clean[name] = _title(value)
        elif name == "description":
            clean[name] = _description(value)
        elif name == "assignee":
            clean[name] = _team_member(current.workspace_id, value, "assignee")
        elif name == "role":
            clean[name] = _role(value)
        elif name == "due":
            clean[name] = _due(value)
        elif name == "estimate":
            clean[name] = _estimate(value)
        elif name == "phase":
            clean[name] = _phase_of(engagement, value)
        elif name == "initiative":
            clean[name] = _initiative_of(engagement, value)
        elif name == "objective_uid":
            clean[name] = _objective(value)
    labels = _labels(current.workspace_id, changes["labels"]) if "labels" in changes else None
    for name, value in clean.items():
        setattr(current, name, value)
    if "phase" in clean and current.column == Column.IN_PROGRESS.value and current.phase_id != task.phase_id:
        _gate(current, engagement)
    if labels is not None:
        current.labels.set(labels)
    after = _snapshot(current)
    diff = audit.diff(before, after)
    if diff:
        current.revision += 1
        current.save()
        audit.record(workspace=engagement.workspace, actor=actor, action="board.task.updated", obj=current,
                     thread=engagement, changes=diff)
        if "assignee" in diff and current.assignee_id is not None:
            _emit("task.assigned", current, engagement, actor, recipients=(current.assignee_id,))
    return current


def _wip_limit(engagement: Any, column: str) -> int | None:
    board = EngagementBoard.objects.filter(engagement=engagement).first()
    value = (board.wip_limits if board else {}).get(column)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def wip_warning(engagement: Any, column: str, count: int) -> str | None:
    """The warning shown when ``column`` holds ``count`` cards, over its limit (None: within it)."""
    limit = _wip_limit(engagement, column)
    if not wip_exceeded(count, limit):
        return None
    return _("“%(column)s” now holds %(count)s cards, over its limit of %(limit)s. Finish a card before "
             "starting another.") % {"column": ColumnChoice(column).label, "count": count, "limit": limit}


def _neighbour(engagement: Any, column: str, card: Task | None, field: str, task: Task) -> Task | None:
    if card is None:
        return None
    if not isinstance(card, Task) or card.engagement_id != engagement.pk or card.pk == task.pk:
        raise DomainError(_("There is no such card, or you cannot see it."), code="not_found", field=field)
    fresh = Task.objects.filter(pk=card.pk).only("pk", "column", "position").first()
    if fresh is None or fresh.column != column:
        raise DomainError(_("That card is not in the column the card was moved to. Reload the board."),
                          code="conflict", field=field)
    return fresh


def _place(engagement: Any, column: str, task: Task, before: Task | None, after: Task | None) -> int:
    """The position between ``before`` (the card above) and ``after`` (the card below); the column is
    renumbered when they touch."""
    others = Task.objects.filter(engagement=engagement, column=column).exclude(pk=task.pk)
    for _attempt in range(2):
        b = _neighbour(engagement, column, before, "before", task)
        a = _neighbour(engagement, column, after, "after", task)
        if b is not None and a is None:
            a = others.filter(position__gt=b.position).order_by("position", "id").first() if after is None else None
        elif a is not None and b is None:
            b = others.filter(position__lt=a.position).order_by("-position", "-id").first()
        elif a is None and b is None:
            b = others.order_by("-position", "-id").first()
        if a is not None and b is not None and b.position >= a.position:
            raise DomainError(_("Those cards are not next to each other. Reload the board."), code="conflict",
                              field="before")
        found = ordering.position_between(b.position if b else None, a.position if a else None)
        if found is not None:
            return found
        rows = list(others.order_by("position", "id"))
        for row, value in zip(rows, ordering.renumber(len(rows)), strict=True):
            row.position = value
        Task.objects.bulk_update(rows, ["position"])
        revisions.bump_engagement(engagement.pk)  # a bulk update sends no signal
    raise DomainError(_("The card could not be placed. Reload the board."), code="conflict")  # pragma: no cover


@transaction.atomic
def move_task(*, actor: User, membership: Membership, task: Task, column: Any, before: Task | None = None,
              after: Task | None = None, reviewer: User | None = None) -> MoveResult:
    """Move a card to ``column``, between ``before`` (above) and ``after`` (below); neither: the column's end.

    To In progress: the card's phase gate must have passed. To Review: a reviewer (given, or kept). To Done:
    who and when are recorded; leaving Done clears them. Over the column's WIP limit: a warning only."""
    _require(membership, "board.edit", task.workspace_id)
    dst = _column(column)
    current = _locked(task)
    engagement = current.engagement
    src = Column(current.column)
    chosen = _team_member(current.workspace_id, reviewer, "reviewer")
    try:
        check_move(src, dst, has_reviewer=chosen is not None or current.reviewer_id is not None)
    except MoveRefused:
        raise DomainError(_("Choose who reviews the card before it goes to Review."), code="reviewer_required",
                          field="reviewer") from None
    if dst is Column.IN_PROGRESS and src is not Column.IN_PROGRESS:
        _gate(current, engagement)
    changes: dict[str, Any] = {}
    if src is not dst:
        changes["column"] = [src.value, dst.value]
    if chosen is not None and chosen.pk != current.reviewer_id:
        changes["reviewer"] = [getattr(current.reviewer, "email", None), chosen.email]
        current.reviewer = chosen
    if dst is Column.DONE and src is not Column.DONE:
        current.done_by, current.done_at = actor, clock.now()
    elif src is Column.DONE and dst is not Column.DONE:
        current.done_by, current.done_at = None, None
    current.position = _place(engagement, dst.value, current, before, after)
    current.column = dst.value
    current.save()
    warning = None
    if src is not dst:
        warning = wip_warning(engagement, dst.value,
                              Task.objects.filter(engagement=engagement, column=dst.value).count())
        if warning:
            changes["wip_exceeded"] = True
    audit.record(workspace=engagement.workspace, actor=actor, action="board.task.moved", obj=current,
                 thread=engagement, changes=changes or {"position": current.position})
    if dst is Column.DONE and src is not Column.DONE:
        _emit("task.completed", current, engagement, actor)
    return MoveResult(current, warning)


@transaction.atomic
def delete_task(*, actor: User, membership: Membership, task: Task) -> None:
    _require(membership, "board.edit", task.workspace_id)
    engagement = task.engagement
    audit.record(workspace=engagement.workspace, actor=actor, action="board.task.deleted", obj=task,
                 thread=engagement, changes={"title": task.title, "column": task.column})
    task.delete()


@transaction.atomic
def log_time_on_task(*, actor: User, membership: Membership, task: Task, hours: Any, date: Any = None,
                     note: Any = "") -> tuple[Any, Any]:
    """Log time on the card's phase (the engagements' rules: gate, month limit, closed months) and link it."""
    _require(membership, "board.edit", task.workspace_id)
    if not membership.can("time.log"):
        raise DomainError(_("You are not allowed to log time."), code="forbidden")
    engagement = task.engagement
    phase = task.phase
    if phase is None:
        raise DomainError(_("Choose the card's phase first: time is logged on a phase."), code="phase_required",
                          field="phase")
    day = _today(engagement) if date is None or date == "" else validation.clean_date(date, field="date")
    text = validation.clean_text(note, field="note", max_length=validation.NOTE_MAX, multiline=False)
    entry, level = engagement_services.log_time(
        actor=actor, membership=membership, engagement=engagement, phase=phase, date=day, hours=hours,
        note=text or task.title[:validation.NOTE_MAX])
    TaskTime.objects.create(workspace_id=task.workspace_id, task=task, entry=entry)
    audit.record(workspace=engagement.workspace, actor=actor, action="board.task.time_logged", obj=task,
                 thread=engagement, changes={"hours": entry.hours, "date": entry.date})
    return entry, level


# --- checklists and files ------------------------------------------------------------------------------

@transaction.atomic
def add_checklist_item(*, actor: User, membership: Membership, task: Task, text: Any) -> ChecklistItem:
    _require(membership, "board.edit", task.workspace_id)
    clean = _checklist_text(text)
    items = ChecklistItem.objects.filter(task=task)
    if items.count() >= CHECKLIST_ITEMS_MAX:
        raise DomainError(_("A card holds at most %(max)s checklist items.") % {"max": CHECKLIST_ITEMS_MAX},
                          code="too_many", field="text")
    top = items.aggregate(m=Max("position"))["m"]
    item = ChecklistItem.objects.create(workspace_id=task.workspace_id, task=task, text=clean,
                                        position=0 if top is None else top + 1)
    audit.record(workspace=task.engagement.workspace, actor=actor, action="board.task.checklist", obj=task,
                 thread=task.engagement, changes={"added": clean})
    return item


@transaction.atomic
def set_checklist_item(*, actor: User, membership: Membership, item: ChecklistItem, done: bool | None = None,
                       text: Any = None) -> ChecklistItem:
    _require(membership, "board.edit", item.workspace_id)
    changes: dict[str, Any] = {}
    if done is not None:
        if not isinstance(done, bool):
            raise InvalidInput(_("Choose yes or no."), code="invalid", field="done")
        if done != item.done:
            changes["done"] = [item.done, done]
            item.done = done
    if text is not None:
        clean = _checklist_text(text)
        if clean != item.text:
            changes["text"] = [item.text, clean]
            item.text = clean
    if changes:
        item.save()
        task = item.task
        audit.record(workspace=task.engagement.workspace, actor=actor, action="board.task.checklist", obj=task,
                     thread=task.engagement, changes={"item": item.text, **changes})
    return item


@transaction.atomic
def delete_checklist_item(*, actor: User, membership: Membership, item: ChecklistItem) -> None:
    _require(membership, "board.edit", item.workspace_id)
    task = item.task
    audit.record(workspace=task.engagement.workspace, actor=actor, action="board.task.checklist", obj=task,
                 thread=task.engagement, changes={"removed": item.text})
    item.delete()


@transaction.atomic
def attach_file(*, actor: User, membership: Membership, task: Task, file: Any) -> TaskAttachment:
    """Attach a file of the card's engagement (attaching it again changes nothing)."""
    _require(membership, "board.edit", task.workspace_id)
    if getattr(file, "engagement_id", None) != task.engagement_id:
        raise DomainError(_("There is no such file, or you cannot see it."), code="not_found", field="file")
    found = TaskAttachment.objects.filter(task=task, file=file).first()
    if found is not None:
        return found
    attachment = TaskAttachment.objects.create(workspace_id=task.workspace_id, task=task, file=file)
    audit.record(workspace=task.engagement.workspace, actor=actor, action="board.task.attached", obj=task,
                 thread=task.engagement, changes={"file": file.name})
    return attachment


@transaction.atomic
def detach_file(*, actor: User, membership: Membership, task: Task, file: Any) -> None:
    _require(membership, "board.edit", task.workspace_id)
    deleted, _rows = TaskAttachment.objects.filter(task=task, file=file).delete()
    if not deleted:
        raise DomainError(_("That file is not attached to this card."), code="not_found", field="file")
    audit.record(workspace=task.engagement.workspace, actor=actor, action="board.task.detached", obj=task,
                 thread=task.engagement, changes={"file": file.name})


# --- labels and WIP limits -----------------------------------------------------------------------------

@transaction.atomic
def create_label(*, actor: User, membership: Membership, name: Any, colour: Any = "#64748b") -> Label:
    _require(membership, "board.manage", membership.workspace_id)
    clean = validation.clean_name(name, max_length=LABEL_MAX)
    if not isinstance(colour, str) or not COLOUR_RE.fullmatch(colour):
        raise InvalidInput(_("Choose a colour written as #rrggbb."), code="invalid", field="colour")
    if Label.objects.filter(workspace=membership.workspace, name__iexact=clean).exists():
        raise DomainError(_("A label with this name already exists."), code="duplicate", field="name")
    label = Label.objects.create(workspace=membership.workspace, name=clean, colour=colour.lower())
    audit.record(workspace=membership.workspace, actor=actor, action="board.label.created", obj=label,
                 changes={"name": clean, "colour": label.colour})
    return label


@transaction.atomic
def delete_label(*, actor: User, membership: Membership, label: Label) -> None:
    _require(membership, "board.manage", label.workspace_id)
    audit.record(workspace=membership.workspace, actor=actor, action="board.label.deleted", obj=label,
                 changes={"name": label.name})
    label.delete()


@transaction.atomic
def set_wip_limits(*, actor: User, membership: Membership, engagement: Any,
                   limits: Mapping[str, int | None]) -> EngagementBoard:
    """Each column's work-in-progress limit (None or 0: no limit)."""
    _require(membership, "board.manage", engagement.workspace_id)
    if not isinstance(limits, Mapping):
        raise InvalidInput(_("Give a limit for each column."), code="invalid", field="limits")
    clean: dict[str, int] = {}
    for column, value in limits.items():
        if column not in {c.value for c in Column}:
            raise InvalidInput(_("There is no such column."), code="invalid_choice", field=f"limits.{column}"[:60])
        if value is None or value == 0:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= WIP_MAX:
            raise InvalidInput(_("A limit is a whole number from 1 to %(max)s, or empty.") % {"max": WIP_MAX},
                               code="out_of_range", field=f"limits.{column}")
        clean[column] = value
    board, _created = EngagementBoard.objects.select_for_update().get_or_create(
        engagement=engagement, defaults={"workspace_id": engagement.workspace_id})
    before = dict(board.wip_limits)
    merged = {k: v for k, v in {**before, **clean}.items() if k not in limits or k in clean}
    if merged != before:
        board.wip_limits = merged
        board.save()
        audit.record(workspace=engagement.workspace, actor=actor, action="board.wip.updated", obj=engagement,
                     thread=engagement, changes={"wip_limits": [before, merged]})
    return board


# --- recurring rules -----------------------------------------------------------------------------------

def _rule_errors() -> dict[str, tuple[str, str]]:
    return {
        "unknown_kind": (_("Choose how the task repeats."), "kind"),
        "weekdays_required": (_("Choose at least one day of the week."), "weekdays"),
        "bad_weekday": (_("Choose days of the week from Monday to Sunday, each once."), "weekdays"),
        "month_day_required": (_("Choose the day of the month."), "month_day"),
        "bad_month_day": (_("The day of the month is from 1 to 31 (31: the month's last day)."), "month_day"),
        "bad_interval": (_("Repeat every 1 to %(max)s weeks.") % {"max": recurrence.MAX_INTERVAL}, "interval"),
        "ends_before_start": (_("The last day comes before the first one."), "ends_on"),
    }


def _small_int(value: Any, field: str, maximum: int, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise InvalidInput(_("Enter a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum},
                           code="out_of_range", field=field)
    return value


def _apply_recurring(rule: RecurringTask, fields: Mapping[str, Any], engagement: Any) -> list[Label] | None:
    unknown = sorted(set(fields) - set(RECURRING_FIELDS))
    if unknown:
        raise InvalidInput(_("This field cannot be changed here."), code="unknown_field", field=unknown[0])
    for name, value in fields.items():
        if name == "title":
            rule.title = _title(value)
        elif name == "description":
            rule.description = _description(value)
        elif name == "role":
            rule.role = _role(value)
        elif name == "assignee":
            rule.assignee = _team_member(engagement.workspace_id, value, "assignee")
        elif name == "phase":
            rule.phase = _phase_of(engagement, value)
        elif name == "estimate":
            rule.estimate = _estimate(value)
        elif name == "kind":
            rule.kind = validation.clean_choice(value, field="kind", choices=RecurrenceChoice.choices)
        elif name == "weekdays":
            if not isinstance(value, list | tuple) or any(
                    not isinstance(d, int) or isinstance(d, bool) for d in value):
                raise InvalidInput(_("Choose days of the week from Monday to Sunday, each once."), code="invalid",
                                   field="weekdays")
            rule.weekdays = sorted(value)
        elif name == "month_day":
            rule.month_day = None if value is None else _small_int(value, "month_day", 31, 1)
        elif name == "interval":
            rule.interval = _small_int(value, "interval", recurrence.MAX_INTERVAL, 1)
        elif name == "starts_on":
            rule.starts_on = validation.clean_date(value, field="starts_on")
        elif name == "ends_on":
            rule.ends_on = _due(value, "ends_on")
        elif name == "due_after_days":
            rule.due_after_days = _small_int(value, "due_after_days", 90)
        elif name == "lead_days":
            rule.lead_days = _small_int(value, "lead_days", 31)
        elif name == "active":
            if not isinstance(value, bool):
                raise InvalidInput(_("Choose yes or no."), code="invalid", field="active")
            rule.active = value
    if rule.kind != RecurrenceChoice.MONTHLY:
        rule.month_day = None
    else:
        rule.weekdays = []
    if rule.kind != RecurrenceChoice.EVERY_N_WEEKS:
        rule.interval = 1
    try:
        recurrence.validate(rule_of(rule))
    except recurrence.RuleError as e:
        message, field = _rule_errors()[e.code]
        raise DomainError(message, code=e.code, field=field) from None  # fields together: not the schema's
    return _labels(engagement.workspace_id, fields["labels"]) if "labels" in fields else None


def rule_of(rule: RecurringTask) -> recurrence.Rule:
    return recurrence.Rule(kind=rule.kind, weekdays=tuple(rule.weekdays or ()), month_day=rule.month_day,
                           interval=rule.interval or 1, starts_on=rule.starts_on, ends_on=rule.ends_on)


def _recurring_snapshot(rule: RecurringTask) -> dict[str, Any]:
    return {"title": rule.title, "kind": rule.kind, "weekdays": list(rule.weekdays or []),
            "month_day": rule.month_day, "interval": rule.interval, "starts_on": rule.starts_on,
            "ends_on": rule.ends_on, "role": rule.role, "assignee": getattr(rule.assignee, "email", None),
            "phase": getattr(rule.phase, "key", None), "estimate": rule.estimate,
            "due_after_days": rule.due_after_days, "lead_days": rule.lead_days, "active": rule.active}


@transaction.atomic
def create_recurring(*, actor: User, membership: Membership, engagement: Any, **fields: Any) -> RecurringTask:
    _require(membership, "board.manage", engagement.workspace_id)
    for required in ("title", "kind", "starts_on"):
        if fields.get(required) in (None, ""):
            raise InvalidInput(_("This field cannot be empty."), code="required", field=required)
    rule = RecurringTask(workspace_id=engagement.workspace_id, engagement=engagement, created_by=actor,
                         kind=str(fields.get("kind")), starts_on=fields["starts_on"])
    labels = _apply_recurring(rule, fields, engagement)
    rule.save()
    if labels:
        rule.labels.set(labels)
    audit.record(workspace=engagement.workspace, actor=actor, action="board.recurring.created", obj=rule,
                 thread=engagement, changes=_recurring_snapshot(rule))
    return rule


@transaction.atomic
def update_recurring(*, actor: User, membership: Membership, recurring: RecurringTask,
                     **fields: Any) -> RecurringTask:
    _require(membership, "board.manage", recurring.workspace_id)
    rule = RecurringTask.objects.select_for_update(of=("self",)).select_related("engagement", "assignee", "phase") \
        .get(pk=recurring.pk)
    before = _recurring_snapshot(rule)
    labels = _apply_recurring(rule, fields, rule.engagement)
    rule.save()
    if labels is not None:
        rule.labels.set(labels)
    audit.record_change(workspace=rule.engagement.workspace, actor=actor, action="board.recurring.updated",
                        obj=rule, thread=rule.engagement, changes=audit.diff(before, _recurring_snapshot(rule)))
    return rule


@transaction.atomic
def delete_recurring(*, actor: User, membership: Membership, recurring: RecurringTask) -> None:
    """Delete the rule (the cards it created stay on the board)."""
    _require(membership, "board.manage", recurring.workspace_id)
    engagement = recurring.engagement
    audit.record(workspace=engagement.workspace, actor=actor, action="board.recurring.deleted", obj=recurring,
                 thread=engagement, changes={"title": recurring.title})
    recurring.delete()


def due_occurrences(rule: RecurringTask, today: dt.date, created: set[dt.date]) -> list[dt.date]:
    """The occurrences to create now: those up to ``today`` + the lead time, from ``CATCH_UP_DAYS`` back, not
    created yet; of the past ones, only the latest (a weekly report missed for weeks is one card, not many)."""
    first = max(rule.starts_on, today - dt.timedelta(days=CATCH_UP_DAYS))
    if created:
        first = max(first, max(created) + dt.timedelta(days=1))
    days = recurrence.occurrences(rule_of(rule), first, today + dt.timedelta(days=rule.lead_days))
    past = [d for d in days if d <= today]
    return [*past[-1:], *(d for d in days if d > today)]


def _create_occurrences(rule: RecurringTask, today: dt.date) -> int:
    created = set(Task.objects.filter(recurrence=rule).values_list("occurrence", flat=True))
    created.discard(None)
    count = 0
    labels = list(rule.labels.all())
    for day in due_occurrences(rule, today, created):  # type: ignore[arg-type]
        engagement = rule.engagement
        with translation.override(engagement.language):
            task = Task(workspace_id=rule.workspace_id, engagement=engagement, column=Column.TODO.value,
                        title=rule.title, description=rule.description, role=rule.role, assignee=rule.assignee,
                        phase=rule.phase, estimate=rule.estimate, recurrence=rule, occurrence=day,
                        due=day + dt.timedelta(days=rule.due_after_days),
                        position=_end_position(engagement, Column.TODO.value))
            try:
                with transaction.atomic():
                    task.save()
            except IntegrityError:  # created meanwhile by another run
                continue
            task.labels.set(labels)
            audit.record(workspace=engagement.workspace, actor=None, action="board.task.created", obj=task,
                         thread=engagement, changes={"title": task.title, "column": task.column,
                                                     "recurring": str(rule.uuid), "occurrence": day})
            count += 1
    return count


def _each_workspace(workspace: Workspace | None) -> list[Workspace]:
    if workspace is not None:
        return [workspace]
    return list(Workspace.objects.order_by("pk"))


def create_due_recurring(*, today: dt.date | None = None, workspace: Workspace | None = None) -> int:
    """Create the due cards of every active rule of engagements not archived (each workspace in its own scope,
    each rule in its own transaction); returns how many. Idempotent: an occurrence's card is created once."""
    total = 0
    for ws in _each_workspace(workspace):
        with scope(workspace=ws):
            rules = list(RecurringTask.objects.filter(workspace=ws, active=True, engagement__archived=False)
                         .select_related("engagement", "phase", "assignee").order_by("pk"))
            for rule in rules:
                day = today or _today(rule.engagement)
                try:
                    with transaction.atomic():
                        total += _create_occurrences(rule, day)
                except Exception:  # one rule's failure must not stop the others
                    log.exception("could not create the cards of recurring task %s", rule.pk)
    return total


# --- task templates ------------------------------------------------------------------------------------

def _template_checklist(value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise InvalidInput(_("Give the checklist as a list of items."), code="invalid", field="checklist")
    items = [_checklist_text(v, "checklist") for v in value]
    if len(items) > CHECKLIST_ITEMS_MAX:
        raise InvalidInput(_("A card holds at most %(max)s checklist items.") % {"max": CHECKLIST_ITEMS_MAX},
                           code="too_many", field="checklist")
    return items


def _apply_template(row: TaskTemplate, fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - set(TEMPLATE_FIELDS))
    if unknown:
        raise InvalidInput(_("This field cannot be changed here."), code="unknown_field", field=unknown[0])
    for name, value in fields.items():
        if name == "phase_key":
            keys = set(row.template.phases.values_list("key", flat=True))
            if value not in keys:
                raise DomainError(_("That phase is not part of this process template."), code="not_found",
                                  field="phase_key")
            row.phase_key = value
        elif name == "title":
            new = _title(value)
            if new != row.title:
                row.title, row.names = new, {}
        elif name == "description":
            row.description = _description(value)
        elif name == "role":
            row.role = _role(value)
        elif name == "estimate":
            row.estimate = _estimate(value)
        elif name == "checklist":
            row.checklist = _template_checklist(value)
        elif name == "position":
            row.position = _small_int(value, "position", 10000)


def _template_snapshot(row: TaskTemplate) -> dict[str, Any]:
    return {"phase_key": row.phase_key, "title": row.title, "role": row.role, "estimate": row.estimate,
            "checklist": list(row.checklist or [])}


@transaction.atomic
def create_task_template(*, actor: User, membership: Membership, template: Any, phase_key: Any, title: Any,
                         **fields: Any) -> TaskTemplate:
    _require(membership, "board.manage", template.workspace_id)
    row = TaskTemplate(workspace_id=template.workspace_id, template=template)
    _apply_template(row, {"phase_key": phase_key, "title": title, **fields})
    if "position" not in fields:
        top = TaskTemplate.objects.filter(template=template, phase_key=row.phase_key).aggregate(m=Max("position"))
        row.position = 0 if top["m"] is None else top["m"] + 1
    row.save()
    audit.record(workspace=membership.workspace, actor=actor, action="board.template.created", obj=row,
                 changes=_template_snapshot(row))
    return row


@transaction.atomic
def update_task_template(*, actor: User, membership: Membership, task_template: TaskTemplate,
                         **fields: Any) -> TaskTemplate:
    _require(membership, "board.manage", task_template.workspace_id)
    row = TaskTemplate.objects.select_for_update(of=("self",)).select_related("template").get(pk=task_template.pk)
    before = _template_snapshot(row)
    _apply_template(row, fields)
    row.save()
    audit.record_change(workspace=membership.workspace, actor=actor, action="board.template.updated", obj=row,
                        changes=audit.diff(before, _template_snapshot(row)))
    return row


@transaction.atomic
def delete_task_template(*, actor: User, membership: Membership, task_template: TaskTemplate) -> None:
    _require(membership, "board.manage", task_template.workspace_id)
    audit.record(workspace=membership.workspace, actor=actor, action="board.template.deleted", obj=task_template,
                 changes={"title": task_template.title, "phase_key": task_template.phase_key})
    task_template.delete()


@transaction.atomic
def set_board_settings(*, actor: User, membership: Membership, template_tasks: Any) -> BoardSettings:
    _require(membership, "board.manage", membership.workspace_id)
    value = validation.clean_choice(template_tasks, field="template_tasks", choices=TemplateTasksChoice.choices)
    row, _created = BoardSettings.objects.select_for_update().get_or_create(workspace=membership.workspace)
    if row.template_tasks != value:
        audit.record(workspace=membership.workspace, actor=actor, action="board.settings.updated", obj=None,
                     changes={"template_tasks": [row.template_tasks, value]})
        row.template_tasks = value
        row.save()
    return row


def board_settings(workspace: Workspace | int) -> BoardSettings:
    """The workspace's board settings (the defaults when it never saved any; nothing is written)."""
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    return BoardSettings.objects.filter(workspace_id=workspace_id).first() or BoardSettings(workspace_id=workspace_id)


def template_text(text: str, names: Mapping[str, str] | None, language: str) -> str:
    """A task template's title (or checklist item) in ``language``: the user's own wording, else the catalog's
    translation of a built-in text, else the text as stored."""
    return builtin_tasks.display(text, names, language=language)


def _begun_phases(engagement: Any, today: dt.date) -> set[str]:
    """Keys of the phases that have begun by ``today``: by the schedule, or with hours logged, or completed."""
    schedule = engagement_queries.schedule_for(engagement, today)
    return {p.key for p in schedule.phases
            if (p.start is not None and p.start <= today) or p.logged_hours > 0 or p.status == "done"}


@transaction.atomic
def create_template_tasks(engagement: Any, *, today: dt.date | None = None) -> int:
    """Create the engagement's cards from its process template's task templates: for each phase when it
    begins, or all at once when the engagement starts (the workspace's ``BoardSettings``). Idempotent: a
    task template gives one card per engagement. Returns how many were created."""
    if engagement.template_id is None or engagement.archived:
        return 0
    today = today or _today(engagement)
    if today < engagement.start_date:
        return 0
    rows = list(TaskTemplate.objects.filter(template_id=engagement.template_id).order_by("phase_key", "position",
                                                                                          "id"))
    if not rows:
        return 0
    done = set(Task.objects.filter(engagement=engagement, template_task__isnull=False)
               .values_list("template_task_id", flat=True))
    rows = [r for r in rows if r.pk not in done]
    if not rows:
        return 0
    phases = {p.key: p for p in engagement.phases.all()}
    if board_settings(engagement.workspace_id).template_tasks == TemplateTasksChoice.PHASE_START:
        begun = _begun_phases(engagement, today)
        rows = [r for r in rows if r.phase_key in begun]
    position = _end_position(engagement, Column.BACKLOG.value)
    count = 0
    for row in rows:
        if row.phase_key not in phases:
            continue
        lang = engagement.language
        task = Task(workspace_id=engagement.workspace_id, engagement=engagement, column=Column.BACKLOG.value,
                    position=position, title=template_text(row.title, row.names, lang)[:TITLE_MAX],
                    description=builtin_tasks.display(row.description, None, language=lang) if row.description
                    else "", role=row.role, estimate=row.estimate, phase=phases[row.phase_key], template_task=row)
        try:
            with transaction.atomic():
                task.save()
        except IntegrityError:  # created meanwhile by another run
            continue
        ChecklistItem.objects.bulk_create([
            ChecklistItem(workspace_id=task.workspace_id, task=task, position=i,
                          text=template_text(text, None, lang)[:CHECKLIST_MAX])
            for i, text in enumerate(row.checklist or [])])
        audit.record(workspace=engagement.workspace, actor=None, action="board.task.created", obj=task,
                     thread=engagement, changes={"title": task.title, "column": task.column,
                                                 "template_task": str(row.uuid), "phase": row.phase_key})
        position += ordering.GAP
        count += 1
    return count


def create_due_template_tasks(*, today: dt.date | None = None, workspace: Workspace | None = None) -> int:
    """``create_template_tasks`` for every engagement not archived (each workspace in its own scope)."""
    total = 0
    for ws in _each_workspace(workspace):
        with scope(workspace=ws):
            engagements = list(Engagement.objects.filter(workspace=ws, archived=False).order_by("pk"))
            for engagement in engagements:
                try:
                    total += create_template_tasks(engagement, today=today)
                except Exception:  # one engagement's failure must not stop the others
                    log.exception("could not create the template tasks of engagement %s", engagement.pk)
    return total


def install_builtin_task_templates(workspace: Workspace) -> None:
    """The built-in task templates for the workspace's built-in process templates (``builtin_tasks.py``);
    runs inside ``create_workspace`` (``registry.on_workspace_created``). Idempotent."""
    with scopes_disabled():
        templates = list(ProcessTemplate.objects.filter(workspace=workspace, builtin=True))
        for template in templates:
            phase_keys = set(template.phases.values_list("key", flat=True))
            existing = set(TaskTemplate.objects.filter(template=template).values_list("phase_key", "title"))
            rows = []
            for phase_key, specs in builtin_tasks.BUILTIN_TASKS.get(template.key, {}).items():
                if phase_key not in phase_keys:
                    continue
                for i, spec in enumerate(specs):
                    if (phase_key, spec.title) in existing:
                        continue
                    rows.append(TaskTemplate(workspace=workspace, template=template, phase_key=phase_key,
                                             title=spec.title, description=spec.description, role=spec.role,
                                             estimate=spec.estimate, checklist=list(spec.checklist), position=i))
            TaskTemplate.objects.bulk_create(rows)
