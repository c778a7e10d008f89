"""The links' pages: an engagement's library with the builder (a live preview through htmx: the URL, the
warnings, GA4's channel), a link's edit and delete, the library as CSV, and the workspace's naming rule.
Views stay thin: a form parses, a service writes, a ``DomainError`` becomes a form error or a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadence import tenancy
from cadence.access import by_method, capability
from cadence.core.errors import DomainError
from cadence.core.views import form_error
from cadence.engagements.access import get_engagement
from cadence.http import WorkspaceRequest
from cadence.links import access, queries, services, utm
from cadence.links.forms import LinkForm, RuleForm
from cadence.links.models import UtmLink, UtmRule


def _service_error(form: Any, error: DomainError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied from None
    form_error(form, error)


def _library_url(request: WorkspaceRequest, engagement: Any) -> str:
    from django.urls import reverse

    return reverse("links:library", args=[request.workspace.slug, engagement.uuid])


def _initial(link: UtmLink) -> dict[str, Any]:
    return {"name": link.name, "base_url": link.base_url, "source": link.source, "medium": link.medium,
            "campaign": link.campaign, "term": link.term, "content": link.content, "utm_id": link.utm_id,
            "apply_rule": False}


@tenancy.workspace_view(by_method(GET=capability("links.view"), POST=capability("links.edit")))
@require_http_methods(["GET", "POST"])
def library(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    form = LinkForm(request.POST or None, initial={"base_url": obj.client.website or "", "apply_rule": True})
    if request.method == "POST" and form.is_valid():
        try:
            link = services.create_link(actor=request.user, membership=request.membership, engagement=obj,
                                        data=form.data_value(), apply_rule=form.cleaned_data["apply_rule"])
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The campaign link is saved: %(url)s") % {"url": link.url})
            return redirect(_library_url(request, obj))
    return render(request, "links/library.html", {
        "engagement": obj, "form": form, "rows": queries.library(obj),
        "can_edit": tenancy.can(request.membership, "links.edit"),
        "can_manage": tenancy.can(request.membership, "links.manage"),
        "rule": services.rule_of(request.workspace),
    })


@tenancy.workspace_view("links.view")
@require_POST
def preview(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    """The builder's live preview (an htmx fragment): the URL as typed, the warnings, GA4's channel and the
    values under the naming rule. Nothing is saved."""
    get_engagement(request.membership, engagement)
    values = {name: str(request.POST.get(name, ""))[:2000] for name in
              ("base_url", "source", "medium", "campaign", "term", "content", "utm_id")}
    context: dict[str, Any] = {}
    rule = services.rule_of(request.workspace)
    params = utm.Params(source=values["source"], medium=values["medium"], campaign=values["campaign"],
                        term=values["term"], content=values["content"], id=values["utm_id"])
    try:
        context["preview"] = utm.preview(values["base_url"], params, rule)
    except utm.UtmError as e:
        context["error"] = e.message
    return render(request, "links/_preview.html", context)


@tenancy.workspace_view("links.edit")
@require_http_methods(["GET", "POST"])
def link_edit(request: WorkspaceRequest, engagement: str, link: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    row = access.get_link(obj, link)
    form = LinkForm(request.POST or None, initial=_initial(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_link(actor=request.user, membership=request.membership, link=row,
                                 data=form.data_value(), apply_rule=form.cleaned_data["apply_rule"])
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The campaign link is saved."))
            return redirect(_library_url(request, obj))
    return render(request, "links/link_form.html", {"engagement": obj, "form": form, "link": row})


@tenancy.workspace_view("links.edit")
@require_POST
def link_delete(request: WorkspaceRequest, engagement: str, link: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    row = access.get_link(obj, link)
    try:
        services.delete_link(actor=request.user, membership=request.membership, link=row)
    except DomainError as e:
        if e.code == "forbidden":
            raise PermissionDenied from None
        messages.error(request, e.message)
    else:
        messages.success(request, _("The campaign link is deleted. Posts that carried it keep their text."))
    return redirect(_library_url(request, obj))


@tenancy.workspace_view("links.view")
@require_GET
def export_csv(request: WorkspaceRequest, engagement: str) -> HttpResponse:
    obj = get_engagement(request.membership, engagement)
    response = HttpResponse(queries.library_csv(obj), content_type="text/csv; charset=utf-8")
    name = slugify(obj.name) or "engagement"
    response["Content-Disposition"] = f'attachment; filename="campaign-links-{name}.csv"'
    return response


@tenancy.workspace_view("links.manage")
@require_http_methods(["GET", "POST"])
def rule(request: WorkspaceRequest) -> HttpResponse:
    current = UtmRule.objects.filter(workspace=request.workspace).first()
    initial = {"lowercase": True, "separator": "_", "extra_mediums": ""}
    if current is not None:
        initial = {"lowercase": current.lowercase, "separator": current.separator,
                   "extra_mediums": ", ".join(current.extra_mediums or [])}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_rule(actor=request.user, membership=request.membership,
                              lowercase=form.cleaned_data["lowercase"], separator=form.cleaned_data["separator"],
                              extra_mediums=form.cleaned_data["extra_mediums"])
        except DomainError as e:
            _service_error(form, e)
        else:
            messages.success(request, _("The naming rule is saved."))
            return redirect("links:rule", workspace=request.workspace.slug)
    return render(request, "links/rule.html", {"form": form})
