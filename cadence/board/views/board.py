"""An engagement's board, and moving cards: drag and drop (htmx answers the board fragment again, or the
refusal with the card back in its place), the move form and the up/down buttons (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.board import access, queries, services
from cadence.board.forms import MoveForm, StepForm
from cadence.board.models import ColumnChoice, RoleChoice, Task
from cadence.board.views import back, refuse, team
from cadence.core import fragments
from cadence.core.calendar_names import month_in_sentence
from cadence.core.errors import DomainError
from cadence.engagements.access import get_engagement
from cadence.engagements.queries import engagement_today, engine_version
from cadence.http import WorkspaceRequest

DUE_CHOICES = (("overdue", "overdue"), ("week", "week"))


CARD_TEMPLATES = ("board/_card.html",)


def card_html(request: WorkspaceRequest, view: Any, *, page: str, can_edit: bool) -> dict[Any, SafeString]:
    """Each card's HTML, from the shared cache where it is (``cadence/core/fragments.py``), else rendered once.

    The key names everything the card shows: the whole ``CardView`` (title, column, position, people, hours,
    counts, labels, the gate waited for, the engagement's and client's names, the revision), the page kind,
    the reader's right to move it, the workspace (its links), the language and catalog, and the code. A card
    holds no form (the move page is a link), so the same HTML serves every reader with those rights."""
    cards = [card for col in view.columns for card in col.cards]
    version = fragments.code_version(CARD_TEMPLATES, ())
    slug = request.workspace.slug
    keys = {card: fragments.key("board-card", version, repr(card), page, can_edit, slug) for card in cards}
    template = get_template("board/_card.html")

    def render_cards(missing: Iterable[Any]) -> dict[Any, str]:
        base = {"workspace": request.workspace, "page": page, "can_edit": can_edit}
        return {card: template.render({**base, "card": card}) for card in missing}

    return fragments.many(keys, render_cards)


def board_context(request: WorkspaceRequest, view: Any, *, page: str, params: QueryDict | None = None,
                  ) -> dict[str, Any]:
    """What every board-like page (an engagement's board, my work, a role's board) renders."""
    m = request.membership
    can_edit = tenancy.can(m, "board.edit")
    html = card_html(request, view, page=page, can_edit=can_edit)
    return {
        "view": view,
        "columns_html": [(col, [html[card] for card in col.cards]) for col in view.columns],
        "capacity_rows": [(c, month_in_sentence(c.first, "F")) for c in view.capacity],
        "card_total": sum(col.count for col in view.columns),
        "engagement": view.engagement,
        "page": page,
        "filters": view.filters,
        "filter_query": (params if params is not None else request.GET).urlencode(),
        "columns_choices": ColumnChoice.choices,
        "roles": RoleChoice.choices,
        "can_edit": can_edit,
        "can_manage": tenancy.can(m, "board.manage"),
        "draggable": page == "board" and tenancy.can(m, "board.edit"),
        "here": request.get_full_path(),
    }


def _filters(params: QueryDict) -> queries.BoardFilters:
    return queries.BoardFilters.from_query(params)


# What the board's body is drawn from (its cache key's code version).
BODY_TEMPLATES = ("board/_filters.html", "board/_board.html", *CARD_TEMPLATES)
BODY_MODULES = ("cadence.engagements.templatetags.cadence_tags", "cadence.board.queries", "cadence.board.views.board",
                "cadence.board.domain.capacity", "cadence.board.domain.workflow", "cadence.board.models",
                "cadence.accounts.models")


def board_body(request: WorkspaceRequest, engagement: Any, *, can_edit: bool) -> dict[str, SafeString]:
    """The board's filters and columns (with the capacity) as HTML, from the shared cache where they are.

    The key names everything they show: the engagement's revision (its phases, gates, hours and time logged) and
    the board's (cards, checklists, labels, attachments, initiatives, limits, the team and its names: see
    ``revisions.py``), the engagement's day, the filters and the query string the fragment carries, the
    reader's right to move cards, the workspace (its links), the language and catalog, and the code (with the
    engagements' own, ``engine_version``: the hours and names the capacity and phases come from). Neither
    part holds a form that posts (no CSRF token): the same HTML serves every reader with those rights."""
    filters = _filters(request.GET)
    row = queries.board_row(engagement)
    key = fragments.key("board-body", fragments.code_version(BODY_TEMPLATES, BODY_MODULES), engine_version(),
                        engagement.uuid, engagement.revision, row.revision, engagement_today(engagement), repr(filters),
                        request.GET.urlencode(), can_edit, request.workspace.slug)

    def render_body() -> dict[str, str]:
        view = queries.board(request.membership, engagement, filters, row=row)
        context = {**board_context(request, view, page="board"), "workspace": request.workspace}
        return {"filters": get_template("board/_filters.html").render(context),
                "board": get_template("board/_board.html").render(context)}

    return {part: mark_safe(html) for part, html in fragments.one(key, render_body).items()}  # noqa: S308


@tenancy.workspace_view("board.view")
@require_GET
def board(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    can_edit = tenancy.can(request.membership, "board.edit")
    body = board_body(request, obj, can_edit=can_edit)
    if request.htmx and request.htmx.target == "board":
        return HttpResponse(body["board"])
    return render(request, "board/board.html", {
        "engagement": obj, "body": body, "can_edit": can_edit,
        "can_manage": tenancy.can(request.membership, "board.manage")})


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
@require_http_methods(["GET", "POST"])
def task_move(request: WorkspaceRequest, engagement: str, task: str) -> HttpResponse:
    """GET: the card's move page (column, reviewer, up and down: the keyboard's and the no-script way, one
    link on each card); POST: the move, from that page, from the reviewer prompt or from a drop (htmx)."""
    obj = get_engagement(request.membership, engagement)
    card = access.get_task(obj, task)
    default = _board_url(request, obj)
    if request.method == "GET":
        initial = {"column": card.column, "reviewer": str(card.reviewer_id or "")}
        form = MoveForm(initial=initial, team=team(request.workspace))
        return render(request, "board/task_move.html", {"engagement": obj, "task": card, "form": form,
                                                         "board_url": default})
    form = MoveForm(request.POST, team=team(request.workspace))
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
