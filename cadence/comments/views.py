"""The thread's screens: the thread (an htmx fragment an object's page loads after it, or a page of its own
when opened directly), adding a comment, the mention autocomplete, changing a comment, resolving a thread.

Any member reads (the target is then resolved for them: 404 for an object they may not see); writes go
through ``services``, whose refusals are shown in the fragment (htmx) or as a message (a plain post)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.comments import access, queries, services
from cadence.comments.access import Target
from cadence.comments.domain import mentions
from cadence.core.errors import DomainError
from cadence.http import WorkspaceRequest


def _htmx(request: WorkspaceRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render_thread(request: WorkspaceRequest, target: Target, *, body: str = "", internal: bool = False,
                   errors: list[str] | None = None) -> HttpResponse:
    view = queries.thread_view(request.membership, target)
    view.body, view.internal, view.errors = body, internal, errors or []
    template = "comments/_thread.html" if _htmx(request) else "comments/thread_page.html"
    return render(request, template, {"comments_thread": view, "engagement": target.engagement})


def _back(request: WorkspaceRequest, target: Target, anchor: str = "") -> HttpResponse:
    return redirect(target.thread_url(request.workspace.slug) + (f"#{anchor}" if anchor else ""))


@tenancy.workspace_view(tenancy.MEMBER)
@require_http_methods(["GET", "POST"])
def thread(request: WorkspaceRequest, target_kind: str, target: str, target_key: str = "") -> HttpResponse:
    obj = access.resolve(request.membership, target_kind, target, target_key)
    if request.method == "GET":
        return _render_thread(request, obj)
    body = request.POST.get("body", "")
    internal = request.POST.get("internal") in ("1", "on", "true")
    try:
        comment = services.add_comment(actor=request.user, membership=request.membership, target=obj, body=body,
                                       internal=internal)
    except DomainError as exc:
        if _htmx(request):
            return _render_thread(request, obj, body=body, internal=internal, errors=[exc.message])
        messages.error(request, exc.message)
        return _back(request, obj)
    if _htmx(request):
        return _render_thread(request, obj)
    return _back(request, obj, f"comment-{comment.uuid}")


@tenancy.workspace_view(tenancy.MEMBER)
@require_GET
def people(request: WorkspaceRequest, target_kind: str, target: str, target_key: str = "") -> HttpResponse:
    """The people who may be mentioned (who may read the comment), for the name typed after a final "@"."""
    obj = access.resolve(request.membership, target_kind, target, target_key)
    query = mentions.typing_query(request.GET.get("body", ""))
    if query is None:
        query = request.GET.get("q", "") if "q" in request.GET else None
    internal = request.GET.get("internal") in ("1", "on", "true") and not request.membership.is_client
    found = [] if query is None else queries.mentionable(request.membership, obj, internal=internal, query=query)
    return render(request, "comments/_people.html", {"people": found, "query": query})


@tenancy.workspace_view("comments.resolve")
@require_POST
def thread_resolve(request: WorkspaceRequest, thread: str) -> HttpResponse:
    row, target = access.get_thread(request.membership, thread)
    resolved = request.POST.get("resolved", "1") != "0"
    try:
        services.set_resolved(actor=request.user, membership=request.membership, thread=row, target=target,
                              resolved=resolved)
    except DomainError as exc:
        if _htmx(request):
            return _render_thread(request, target, errors=[exc.message])
        messages.error(request, exc.message)
    if _htmx(request):
        return _render_thread(request, target)
    return _back(request, target)


@tenancy.workspace_view(tenancy.MEMBER)
@require_http_methods(["GET", "POST"])
def comment_edit(request: WorkspaceRequest, comment: str) -> HttpResponse:
    row, target = access.get_comment(request.membership, comment)
    if request.method == "GET":
        refusal = mentions.may_edit(is_author=row.author_id == request.user.pk, created_at=row.created_at,
                                    now=timezone.now(), window=queries.edit_window())
        if refusal is not None:
            messages.error(request, _("You can no longer change this comment."))
            return _back(request, target, f"comment-{row.uuid}")
        return render(request, "comments/_edit.html" if _htmx(request) else "comments/edit_page.html",
                      {"comment": row, "target": target, "body": row.body, "errors": [],
                       "thread_url": target.thread_url(request.workspace.slug), "engagement": target.engagement})
    body = request.POST.get("body", "")
    try:
        services.edit_comment(actor=request.user, membership=request.membership, comment=row, target=target,
                              body=body)
    except DomainError as exc:
        if _htmx(request):
            return render(request, "comments/_edit.html", {
                "comment": row, "target": target, "body": body, "errors": [exc.message],
                "thread_url": target.thread_url(request.workspace.slug)})
        messages.error(request, exc.message)
        return _back(request, target)
    if _htmx(request):  # the whole thread again, in place of the form
        response = _render_thread(request, target)
        response["HX-Retarget"] = "#" + queries.dom_id(target)
        response["HX-Reswap"] = "outerHTML"
        return response
    return _back(request, target, f"comment-{row.uuid}")
