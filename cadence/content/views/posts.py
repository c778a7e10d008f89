"""A post: its page (the preview as the network shows it, status with the next moves, reviews), new and
edit (the form's counters come from content.js; the services check the same limits), a status move, the
client's approval and "send back" (a comment required), and deleting it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.content import queries, services
from cadence.content.domain import captions
from cadence.content.domain.channels import Status
from cadence.content.forms import ApproveForm, PostForm, RequestChangesForm, StatusForm
from cadence.content.models import Post, PostMedia, StatusChoice
from cadence.content.views import (
    DECIDE,
    EDIT,
    VIEW,
    calendar_url,
    can,
    form_field,
    get_post,
    post_url,
    refuse,
)
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from cadence.core.refusals import form_errors
from cadence.core.views import form_error
from cadence.engagements import queries as engagement_queries
from cadence.engagements.access import get_engagement
from cadence.files import queries as files_queries
from cadence.http import WorkspaceRequest


def _team(workspace: Any) -> list[Membership]:
    return list(Membership.objects.filter(workspace=workspace).exclude(role=Role.CLIENT)
                .select_related("user").order_by("user__full_name", "user__email"))


def _phases(engagement: Any) -> list[tuple[str, str]]:
    phases = list(engagement.phases.all())
    return list(engagement_queries.display_names(phases, fallback=engagement.language).items())


class _Choices:
    """What the post form offers for an engagement (read once a request)."""

    def __init__(self, request: WorkspaceRequest, engagement: Any, post: Post | None = None) -> None:
        self.files = files_queries.engagement_files(engagement)
        self.team = _team(request.workspace)
        self.team_ids = {str(m.user.uuid): int(m.user_id) for m in self.team}
        self.objectives = queries.objective_titles(engagement)
        if post is not None and post.objective_uid and str(post.objective_uid) not in self.objectives:
            self.objectives[str(post.objective_uid)] = _("An objective no longer in the plan")

    def form(self, engagement: Any, *, data: Any = None, initial: dict[str, Any] | None = None,
             new: bool) -> PostForm:
        return PostForm(data, initial=initial, new=new, media=[(str(f.uuid), f.name) for f in self.files],
                        links=queries.link_choices(engagement), objectives=self.objectives,
                        initiatives=queries.initiative_choices(engagement), phases=_phases(engagement),
                        team=[(str(m.user.uuid), m.user.display_name) for m in self.team])


def _initial(engagement: Any, post: Post) -> dict[str, Any]:
    local = queries.local_time(engagement, post.publish_at)
    media = list(PostMedia.objects.filter(workspace_id=post.workspace_id, post=post).select_related("file")
                 .order_by("position", "id"))
    return {
        "channel": post.channel, "format": post.format, "title": post.title,
        "publish_date": local.date() if local else None, "publish_time": local.time().replace(second=0,
                                                                                              microsecond=0)
        if local else None,
        "caption": post.caption, "hashtags": " ".join(f"#{tag}" for tag in post.hashtags or []),
        "media_files": [str(m.file.uuid) for m in media], "link": str(post.link.uuid) if post.link else "",
        "objective": str(post.objective_uid or ""), "initiative": str(post.initiative.uuid) if post.initiative else "",
        "phase": post.phase.key if post.phase else "", "paid": post.paid,
        "assignee": str(post.assignee.uuid) if post.assignee else "", "revision": post.revision,
    }


def _form_context(engagement: Any, form: PostForm, choices: _Choices, post: Post | None = None) -> dict[str, Any]:
    return {"engagement": engagement, "form": form, "post": post, "files": {str(f.uuid): f for f in choices.files},
            "limits": captions.limits_json(), "tz": engagement.time_zone, "counter_texts": {
                # content.js fills in %(count)s and %(limit)s as the user types
                "caption": _("Caption with hashtags: %(count)s / %(limit)s characters"),
                "caption_nolimit": _("Caption with hashtags: %(count)s characters"),
                "hashtags": _("Hashtags: %(count)s / %(limit)s"), "hashtags_nolimit": _("Hashtags: %(count)s")}}


def _data(form: PostForm, engagement: Any, choices: _Choices) -> Any:
    return services.PostData(**form.values(queries.tz_of(engagement), choices.team_ids))


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def post_new(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """A new post; ``?day=2026-11-03&channel=instagram`` (a slot of the calendar) fills the day and network."""
    obj = get_engagement(request.membership, engagement)
    choices = _Choices(request, obj)
    if request.method == "GET":
        initial: dict[str, Any] = {"status": Status.DRAFT.value}
        day = queries.parse_day(request.GET.get("day"), dt.date.min)
        if day != dt.date.min:
            initial.update({"publish_date": day, "publish_time": dt.time(10, 0)})
        channel = request.GET.get("channel") or ""
        formats = queries.channel_formats()
        if channel in formats:
            initial.update({"channel": channel, "format": formats[channel][0]})
        form = choices.form(obj, initial=initial, new=True)
    else:
        form = choices.form(obj, data=request.POST, new=True)
        if form.is_valid():
            try:
                created = services.create_post(actor=request.user, membership=request.membership, engagement=obj,
                                               data=_data(form, obj, choices))
            except DomainError as e:
                if e.code == "forbidden":
                    raise PermissionDenied from None
                form_error(form, form_field(e))
            else:
                messages.success(request, _("The post is added to the calendar."))
                return redirect(post_url(request, obj, created))
    return render(request, "content/post_form.html", _form_context(obj, form, choices))


@tenancy.workspace_view(EDIT)
@require_http_methods(["GET", "POST"])
def post_edit(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    item = get_post(request, obj, post)
    choices = _Choices(request, obj, item)
    if request.method == "GET":
        form = choices.form(obj, initial=_initial(obj, item), new=False)
    else:
        form = choices.form(obj, data=request.POST, new=False)
        if form.is_valid():
            before = item.status
            try:
                saved = services.update_post(actor=request.user, membership=request.membership, post=item,
                                             data=_data(form, obj, choices),
                                             expected_revision=form.cleaned_data.get("revision"))
            except DomainError as e:
                if e.code == "forbidden":
                    raise PermissionDenied from None
                form_error(form, form_field(e))
            else:
                if before in (Status.APPROVED, Status.SCHEDULED) and saved.status == Status.IN_REVIEW:
                    messages.warning(request, _("The post is saved and goes back to the client for approval."))
                else:
                    messages.success(request, _("The post is saved."))
                return redirect(post_url(request, obj, saved))
        item.refresh_from_db()
    return render(request, "content/post_form.html", _form_context(obj, form, choices, item))


def _detail_context(request: WorkspaceRequest, engagement: Any, post: Post,
                    changes_form: RequestChangesForm | None = None) -> dict[str, Any]:
    client = request.membership.is_client
    detail = queries.post_detail(request.membership, engagement, post,
                                 queries.objective_titles(engagement, live=not client))
    can_edit = can(request, engagement, EDIT) and not client
    can_manage = can(request, engagement, "content.manage")
    can_decide = post.status == Status.IN_REVIEW and queries.may_decide(request.membership, engagement,
                                                                         detail.approval_required)
    moves = ([(m, StatusChoice(m).label) for m in queries.next_moves(post, approval_required=detail.approval_required,
                                                                     can_manage=can_manage)]
             if can_edit else [])
    return {
        "engagement": engagement, "post": post, "detail": detail, "preview": detail.preview, "moves": moves,
        "can_edit": can_edit, "can_approve": can_decide,
        "approve_form": ApproveForm(initial={"revision": post.revision}, auto_id="approve-%s"),
        "changes_form": changes_form or RequestChangesForm(initial={"revision": post.revision}, auto_id="changes-%s"), "is_client": client,
    }


@tenancy.workspace_view(VIEW)
@require_GET
def post_detail(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    item = get_post(request, obj, post)
    return render(request, "content/post_detail.html", _detail_context(request, obj, item))


@tenancy.workspace_view(EDIT)
@require_POST
def post_status(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    """Move the post (``set_status``; approving is the decision's own route)."""
    obj = get_engagement(request.membership, engagement)
    item = get_post(request, obj, post)
    form = StatusForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(post_url(request, obj, item))
    status = form.cleaned_data["status"]
    try:
        services.set_status(actor=request.user, membership=request.membership, post=item, status=status)
    except DomainError as e:
        refuse(request, e)
    else:
        messages.success(request, _("The post is now “%(status)s”.") % {"status": StatusChoice(status).label})
    return redirect(post_url(request, obj, item))


@tenancy.workspace_view(DECIDE)
@require_POST
def post_approve(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    item = get_post(request, obj, post)
    form = ApproveForm(request.POST, auto_id="approve-%s")
    if not form.is_valid():
        form_errors(request, form)
        return redirect(post_url(request, obj, item))
    try:
        services.approve(actor=request.user, membership=request.membership, post=item,
                         comment=form.cleaned_data.get("comment") or "",
                         expected_revision=form.cleaned_data.get("revision"))
    except DomainError as e:
        refuse(request, e)
    else:
        messages.success(request, _("You approved the post."))
    return redirect(post_url(request, obj, item))


@tenancy.workspace_view(DECIDE)
@require_POST
def post_request_changes(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    item = get_post(request, obj, post)
    form = RequestChangesForm(request.POST, auto_id="changes-%s")
    if form.is_valid():
        try:
            services.request_changes(actor=request.user, membership=request.membership, post=item,
                                     comment=form.cleaned_data["comment"],
                                     expected_revision=form.cleaned_data.get("revision"))
        except DomainError as e:
            if e.code == "forbidden":
                raise PermissionDenied from None
            if e.field == "comment":
                form_error(form, e)
            else:
                messages.error(request, e.message)
                return redirect(post_url(request, obj, item))
        else:
            messages.success(request, _("The post goes back to the team with your comment."))
            if request.membership.is_client:  # a draft again: client users no longer see it
                return redirect("content:approvals", workspace=request.workspace.slug)
            return redirect(post_url(request, obj, item))
    return render(request, "content/post_detail.html", _detail_context(request, obj, item, changes_form=form),
                  status=400)


@tenancy.workspace_view(EDIT)
@require_POST
def post_delete(request: WorkspaceRequest, engagement: str, post: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    item = get_post(request, obj, post)
    name = str(item)
    try:
        services.delete_post(actor=request.user, membership=request.membership, post=item)
    except DomainError as e:
        refuse(request, e)
        return redirect(post_url(request, obj, item))
    messages.success(request, _("Post “%(title)s” deleted.") % {"title": name})
    return redirect(calendar_url(request, obj))
