"""A card's page: its details and edit form, the move form (with a reviewer for Review), logging time in one
click, the checklist, attachments and history; a new card; deleting one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadence import tenancy
from cadence.access import by_method, capability
from cadence.board import access, initiative_queries, queries, services
from cadence.board.forms import AttachForm, ChecklistForm, LogTimeForm, MoveForm, TaskForm
from cadence.board.models import ColumnChoice, Initiative, Label, Task
from cadence.board.views import back, hours_text, phase_choices, phase_of, refuse, team, usage_message
from cadence.core import audit_display
from cadence.core.errors import DomainError
from cadence.core.refusals import form_errors
from cadence.core.views import form_error
from cadence.engagements import queries as engagement_queries
from cadence.engagements.access import get_engagement
from cadence.files import access as files_access
from cadence.files import queries as files_queries
from cadence.http import WorkspaceRequest


def _task_form(request: WorkspaceRequest, engagement: Any, *, data: Any = None, initial: dict[str, Any] | None = None,
               new: bool, task: Task | None = None) -> TaskForm:
    objectives = initiative_queries.objective_titles(engagement)
    if task is not None and task.objective_uid and str(task.objective_uid) not in objectives:
        objectives[str(task.objective_uid)] = _("An objective no longer in the plan")
    return TaskForm(data, initial=initial, team=team(request.workspace), phases=phase_choices(engagement),
                    initiatives=list(Initiative.objects.filter(engagement=engagement).order_by("start", "id")),
                    labels=list(Label.objects.filter(workspace=request.workspace)), new=new, objectives=objectives)


def _initial(task: Task, members: list[Any]) -> dict[str, Any]:
    member_of = {m.user_id: str(m.uuid) for m in members}
    return {
        "title": task.title, "description": task.description, "assignee": member_of.get(task.assignee_id, ""),
        "role": task.role, "due": task.due, "estimate": task.estimate,
        "phase": task.phase.key if task.phase else "",
        "initiative": str(task.initiative.uuid) if task.initiative else "",
        "objective": str(task.objective_uid or ""),
        "labels": [str(label.uuid) for label in task.labels.all()], "revision": task.revision,
    }


def _card_url(request: WorkspaceRequest, engagement: Any, task: Any) -> str:
    return reverse("board:task-detail", args=[request.workspace.slug, engagement.uuid, task.uuid])


def _card_context(request: WorkspaceRequest, engagement: Any, task: Task, form: TaskForm | None = None,
                  time_form: LogTimeForm | None = None) -> dict[str, Any]:
    m = request.membership
    members = team(request.workspace)
    can_edit = tenancy.can(m, "board.edit")
    if form is None:
        form = _task_form(request, engagement, initial=_initial(task, members), new=False, task=task)
    today = engagement_queries.engagement_today(engagement)
    detail = queries.card_detail(m, task)
    attached = {str(row.uuid) for row in detail.attachments}
    files = [row for row in files_queries.engagement_files(engagement) if str(row.uuid) not in attached] \
        if can_edit else []
    return {
        "engagement": engagement, "task": task, "detail": detail, "card": detail.card, "form": form,
        "entries": audit_display.describe(detail.history),
        "move_form": MoveForm(initial={"column": task.column, "reviewer": str(task.reviewer_id or "")},
                              team=members, auto_id="move-%s"),
        "time_form": time_form or LogTimeForm(initial={"hours": 1, "date": today}, auto_id="time-%s"),
        "checklist_form": ChecklistForm(auto_id="checklist-%s"),
        "attach_form": AttachForm(files=[(str(f.uuid), f.name) for f in files], auto_id="attach-%s") if files else None,
        "can_edit": can_edit,
        "can_log": can_edit and tenancy.can(m, "time.log"),
        "columns_choices": ColumnChoice.choices,
    }


@tenancy.workspace_view(by_method(GET=capability("board.view"), POST=capability("board.edit")))
@require_http_methods(["GET", "POST"])
def task_detail(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    """The card, and its edit form (posted here)."""
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    if request.method == "GET":
        return render(request, "board/task_detail.html", _card_context(request, obj, card))
    form = _task_form(request, obj, data=request.POST, new=False, task=card)
    if form.is_valid():
        try:
            services.update_task(actor=request.user, membership=request.membership, task=card,
                                 revision=form.cleaned_data.get("revision"), phase=phase_of(obj, form.phase_key),
                                 **form.changes())
        except DomainError as e:
            if e.code == "forbidden":
                raise PermissionDenied from None
            form_error(form, e)
        else:
            messages.success(request, _("The card is saved."))
            return redirect(_card_url(request, obj, card))
    card.refresh_from_db()
    return render(request, "board/task_detail.html", _card_context(request, obj, card, form=form))


@tenancy.workspace_view("board.edit")
@require_http_methods(["GET", "POST"])
def task_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    column = request.GET.get("column") or ColumnChoice.BACKLOG
    if column not in ColumnChoice.values:
        column = ColumnChoice.BACKLOG
    if request.method == "GET":
        form = _task_form(request, obj, initial={"column": column}, new=True)
    else:
        form = _task_form(request, obj, data=request.POST, new=True)
        if form.is_valid():
            try:
                created = services.create_task(
                    actor=request.user, membership=request.membership, engagement=obj,
                    column=form.cleaned_data["column"], phase=phase_of(obj, form.phase_key), **form.changes())
            except DomainError as e:
                if e.code == "forbidden":
                    raise PermissionDenied from None
                form_error(form, e)
            else:
                messages.success(request, _("Card “%(title)s” added.") % {"title": created.title})
                return redirect("board:board", workspace=request.workspace.slug, engagement=obj.uuid)
    return render(request, "board/task_new.html", {"engagement": obj, "form": form})


@tenancy.workspace_view("board.edit")
@require_POST
def task_delete(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    title = card.title
    try:
        services.delete_task(actor=request.user, membership=request.membership, task=card)
    except DomainError as e:
        refuse(request, e)
        return redirect(_card_url(request, obj, card))
    messages.success(request, _("Card “%(title)s” deleted.") % {"title": title})
    return redirect("board:board", workspace=request.workspace.slug, engagement=obj.uuid)


@tenancy.workspace_view("board.edit")
@require_POST
def task_log_time(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    """Log time on the card in one click (1 h today by default); the gate and the month's limit apply."""
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    if not tenancy.can(request.membership, "time.log"):
        raise PermissionDenied
    form = LogTimeForm(request.POST, auto_id="time-%s")
    if not form.is_valid():
        form_errors(request, form)
        return back(request, _card_url(request, obj, card))
    d = form.cleaned_data
    try:
        entry, level = services.log_time_on_task(actor=request.user, membership=request.membership, task=card,
                                                 hours=d["hours"], date=d["date"], note=d.get("note") or "")
    except DomainError as e:
        refuse(request, e)
        return back(request, _card_url(request, obj, card))
    messages.success(request, _("%(hours)s h logged on “%(title)s”.") % {
        "hours": hours_text(entry.hours), "title": card.title})
    warning = usage_message(obj, entry.date, level)
    if warning:
        messages.warning(request, warning)
    return back(request, _card_url(request, obj, card))


@tenancy.workspace_view("board.edit")
@require_POST
def task_checklist(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    url = _card_url(request, obj, card) + "#checklist"
    form = ChecklistForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(url)
    d = form.cleaned_data
    try:
        if d["op"] == "add":
            services.add_checklist_item(actor=request.user, membership=request.membership, task=card, text=d["text"])
        else:
            item = card.checklist.filter(pk=d["item"]).first()
            if item is None:
                messages.error(request, _("This checklist item no longer exists."))
                return redirect(url)
            if d["op"] == "toggle":
                services.set_checklist_item(actor=request.user, membership=request.membership, item=item,
                                            done=not item.done)
            else:
                services.delete_checklist_item(actor=request.user, membership=request.membership, item=item)
    except DomainError as e:
        refuse(request, e)
    return redirect(url)


@tenancy.workspace_view("board.edit")
@require_POST
def task_attachments(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    """Attach one of the engagement's files to the card, or detach one."""
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    url = _card_url(request, obj, card) + "#attachments"
    op = request.POST.get("op", "")
    value = request.POST.get("file", "")
    if op not in ("attach", "detach") or not value:
        messages.error(request, _("Choose a file."))
        return redirect(url)
    file = files_access.get_file(obj, value)
    try:
        with transaction.atomic():
            if op == "attach":
                services.attach_file(actor=request.user, membership=request.membership, task=card, file=file)
            else:
                services.detach_file(actor=request.user, membership=request.membership, task=card, file=file)
    except DomainError as e:
        refuse(request, e)
    return redirect(url)
