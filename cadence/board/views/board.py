"""An engagement's board, and moving cards: drag and drop (htmx answers the board fragment again, or the
refusal with the card back in its place), the move form and the up/down buttons (no JavaScript needed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadence import tenancy
from cadence.board import access, queries, services
from cadence.board.forms import MoveForm, StepForm
from cadence.board.models import ColumnChoice, RoleChoice, Task
from cadence.board.views import back, refuse, team
from cadence.core.errors import DomainError
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest

DUE_CHOICES = (("overdue", "overdue"), ("week", "week"))


def board_context(request: WorkspaceRequest, view: Any, *, page: str, params: QueryDict | None = None,
                  ) -> dict[str, Any]:
    """What every board-like page (an engagement's board, my work, a role's board) renders."""
    m = request.membership
    return {
        "view": view,
        "capacity_rows": [(c, month_name(c.first)) for c in view.capacity],
        "card_total": sum(col.count for col in view.columns),
        "engagement": view.engagement,
        "page": page,
        "filters": view.filters,
        "filter_query": (params if params is not None else request.GET).urlencode(),
        "columns_choices": ColumnChoice.choices,
        "roles": RoleChoice.choices,
        "can_edit": tenancy.can(m, "board.edit"),
        "can_manage": tenancy.can(m, "board.manage"),
        "draggable": page == "board" and tenancy.can(m, "board.edit"),
        "here": request.get_full_path(),
    }


def month_name(day: Any) -> str:
    """A month's name inside a sentence ("left in January", "rămase în ianuarie", "на январь осталось")."""
    name = date_format(day, "F")
    return name.lower() if (get_language() or "en")[:2] in ("ro", "ru") else name


def _filters(params: QueryDict) -> queries.BoardFilters:
    return queries.BoardFilters.from_query(params)


@tenancy.workspace_view("board.view")
@require_GET
def board(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    view = queries.board(request.membership, obj, _filters(request.GET))
    context = board_context(request, view, page="board")
    template = "board/_board.html" if request.htmx and request.htmx.target == "board" else "board/board.html"
    return render(request, template, context)


def _board_url(request: WorkspaceRequest, engagement: Any) -> str:
    return reverse("board:board", args=[request.workspace.slug, engagement.uuid])


def _neighbour(engagement: Any, value: Any) -> Task | None:
    return access.get_task(engagement, value) if value else None


def _fragment(request: WorkspaceRequest, engagement: Any, *, notice: str = "", level: str = "error",
              prompt: dict[str, Any] | None = None) -> HttpResponse:
    """The board fragment after a drop: re-read from the database, so a refused card is back in its place."""
    params = QueryDict(request.POST.get("filters", ""))
    view = queries.board(request.membership, engagement, _filters(params))
    context = board_context(request, view, page="board", params=params)
    query = params.urlencode()
    # the no-script forms of the swapped cards come back to the board (not to this move's address)
    context.update({"notice": notice, "notice_level": level, "prompt": prompt,
                    "here": _board_url(request, engagement) + (f"?{query}" if query else "")})
    # htmx swaps 2xx answers only: a refusal is 200 with the message in the fragment.
    return render(request, "board/_board.html", context)


@tenancy.workspace_view("board.edit")
@require_POST
def task_move(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    form = MoveForm(request.POST, team=team(request.workspace))
    default = _board_url(request, obj)
    if not form.is_valid():
        message = _("Choose a column to move the card to.")
        if request.htmx:
            return _fragment(request, obj, notice=message)
        messages.error(request, message)
        return back(request, default)
    d = form.cleaned_data
    before, after = _neighbour(obj, d.get("before")), _neighbour(obj, d.get("after"))
    try:
        result = services.move_task(actor=request.user, membership=request.membership, task=card,
                                    column=d["column"], before=before, after=after,
                                    reviewer=form.user_of(d.get("reviewer")))
    except DomainError as e:
        if request.htmx and e.code != "forbidden":
            prompt = None
            if e.code == "reviewer_required":
                prompt = {"task": card, "column": d["column"], "before": d.get("before") or "",
                          "after": d.get("after") or ""}
            return _fragment(request, obj, notice=e.message, prompt=prompt)
        refuse(request, e)
        return back(request, default)
    warning = result.wip_warning or ""
    if request.htmx:
        return _fragment(request, obj, notice=warning, level="warning")
    messages.success(request, _("“%(title)s” moved to %(column)s.") % {
        "title": card.title, "column": ColumnChoice(d["column"]).label})
    if warning:
        messages.warning(request, warning)
    return back(request, default)


@tenancy.workspace_view("board.edit")
@require_POST
def task_step(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    """One place up or down within the card's column (the keyboard's and the no-script way to reorder)."""
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    default = _board_url(request, obj)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
        return back(request, default)
    order = list(Task.objects.filter(engagement=obj, column=card.column).order_by("position", "id"))
    i = next(k for k, t in enumerate(order) if t.pk == card.pk)
    before: Task | None
    after: Task | None
    if form.cleaned_data["direction"] == "up":
        if i == 0:
            return back(request, default)
        before, after = (order[i - 2] if i >= 2 else None), order[i - 1]
    else:
        if i == len(order) - 1:
            return back(request, default)
        before, after = order[i + 1], (order[i + 2] if i + 2 < len(order) else None)
    try:
        services.move_task(actor=request.user, membership=request.membership, task=card, column=card.column,
                           before=before, after=after, reviewer=card.reviewer)
    except DomainError as e:
        refuse(request, e)
    return back(request, default)
