""""My work": one person's cards across every engagement (a manager may pick the person), and the board of
one role (copywriter, designer, ...) across the engagements the member may see."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.board import queries
from cadence.board.models import RoleChoice
from cadence.board.views import team
from cadence.board.views.board import board_context
from cadence.http import WorkspaceRequest


@tenancy.workspace_view("board.view")
@require_GET
def my_work(request: WorkspaceRequest) -> HttpResponse:
    m = request.membership
    members = team(request.workspace)
    person = request.user
    can_pick = tenancy.can(m, "board.manage")
    picked = request.GET.get("person", "")
    if can_pick and picked:
        # a member of this workspace's team, by public id; anyone else is "me" (never another workspace's)
        person = next((mm.user for mm in members if str(mm.uuid) == picked), request.user)
    params = request.GET.copy()
    params.pop("assignee", None)  # the person is the page's own choice
    view = queries.my_work(m, person, queries.BoardFilters.from_query(params))
    context = board_context(request, view, page="mine")
    context.update({"person": person, "can_pick": can_pick, "team": members,
                    "person_choice": next((str(mm.uuid) for mm in members if mm.user_id == person.pk), "")})
    return render(request, "board/my_work.html", context)


@tenancy.workspace_view("board.view")
@require_GET
def role_board(request: WorkspaceRequest, role: str) -> HttpResponse:
    if role not in RoleChoice.values:
        raise Http404
    params = request.GET.copy()
    params.pop("role", None)
    view = queries.role_board(request.membership, role, queries.BoardFilters.from_query(params))
    context = board_context(request, view, page="role")
    context.update({"role": role, "role_label": RoleChoice(role).label})
    return render(request, "board/role_board.html", context)
