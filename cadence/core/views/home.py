"""Home redirect, new workspace, workspace dashboard and workspace settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadence import tenancy
from cadence.core import fragments, services
from cadence.core.errors import DomainError
from cadence.core.forms import WorkspaceForm, WorkspaceSettingsForm, country_name
from cadence.core.pagination import page_of, page_query
from cadence.core.views import form_error
from cadence.engagements import queries
from cadence.engagements.models import Engagement


@tenancy.signed_in
def home(request: HttpRequest) -> HttpResponse:
    first = tenancy.memberships_for(request.user).first()
    if first is None:
        return redirect("core:workspace-new")
    return redirect("core:dashboard", workspace=first.workspace.slug)


@tenancy.signed_in
@require_http_methods(["GET", "POST"])
def workspace_new(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = services.create_workspace(actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
            return redirect("core:dashboard", workspace=workspace.slug)
    return render(request, "core/workspace_new.html", {"form": form})


@dataclass(frozen=True)
class EngagementRow:
    """One engagement on the dashboard with this month's figures (``queries.MonthRow``, as everywhere)."""

    engagement: Engagement
    started: bool
    month_index: int
    month: queries.MonthRow | None
    template_name: str


# What renders a dashboard row: part of its cache key, so that a deployment never serves an old rendering.
ROW_TEMPLATES = ("core/_dashboard_row.html", "core/_usage.html", "core/_level_badge.html",
                 "engagements/_position.html")
ROW_MODULES = ("cadence.core.views.home", "cadence.engagements.rollover",
               "cadence.engagements.templatetags.cadence_tags")


@dataclass(frozen=True)
class DashboardRow:
    """An engagement as the dashboard lists it: its row's HTML (``_dashboard_row.html``, from the cache)."""

    engagement: Engagement
    html: str


def row_key(engagement: Engagement, workspace_slug: str) -> str:
    """The cache key of an engagement's dashboard row. The row shows the engagement's fields and this month's
    figures (all behind its ``revision``), the day, the language and its template's name (not behind the
    revision, so named here), and links into the workspace (its slug). The same for every role."""
    template = engagement.template.name if engagement.template else ""
    version = fragments.code_version(ROW_TEMPLATES, ROW_MODULES)
    return fragments.key("dashboard-row", version, queries.engine_version(), engagement.pk, engagement.revision,
                         queries.engagement_today(engagement).isoformat(), workspace_slug, template)


def _render_rows(engagements: list[Engagement], workspace: Any) -> dict[Engagement, str]:
    """The rows of engagements not in the cache: their figures from the month summaries, in four queries."""
    queries.prefetch_figures(engagements)
    # Only the months this month's figures depend on (since the last month whose unused hours expired).
    since = {e.pk: queries.independent_from(e, queries.current_month(e)) for e in engagements}
    logged = queries.logged_rows_for(engagements, since)
    return {e: render_to_string("core/_dashboard_row.html",
                                {"row": _engagement_row(e, logged.get(e.pk, {})), "workspace": workspace})
            for e in engagements}


def _engagement_row(engagement: Engagement, logged_rows: queries.LoggedRows) -> EngagementRow:
    today = queries.engagement_today(engagement)
    month = queries.this_month(engagement, today=today, logged_rows=logged_rows)
    return EngagementRow(
        engagement=engagement, started=month is not None, month_index=month.index if month else 0, month=month,
        template_name=queries.tr(engagement.template.name) if engagement.template else "",
    )


@tenancy.workspace_view(tenancy.MEMBER)
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The visible engagements, by client, 50 a page: a constant number of queries whatever their number
    and their history (this month's figures come from the month summaries); each engagement's row is
    cached under its revision (``row_key``), so only rows whose engagement changed are computed."""
    membership = request.membership  # type: ignore[attr-defined]
    engagements = (tenancy.visible_engagements(membership).filter(archived=False)
                   .order_by("client__name", "client_id", "start_date", "id"))
    # ?client=<uuid>: one client's engagements (a client the user cannot see is a 404, as everywhere)
    only = tenancy.get_client(membership, request.GET["client"]) if request.GET.get("client") else None
    if only is not None:
        engagements = engagements.filter(client=only)
    page = page_of(request, engagements)
    shown = list(page.object_list)
    workspace = request.workspace  # type: ignore[attr-defined]
    # Each row is rendered once per revision, day and language, then comes from the cache (one round trip).
    html = fragments.many({e: row_key(e, workspace.slug) for e in shown},
                          lambda missing: _render_rows(list(missing), workspace))
    rows: list[dict[str, Any]] = []
    for e in shown:
        if not rows or rows[-1]["client"].pk != e.client_id:
            rows.append({"client": e.client, "country": country_name(e.client.country), "engagements": []})
        rows[-1]["engagements"].append(DashboardRow(engagement=e, html=html[e]))
    if only is not None and not rows:
        rows.append({"client": only, "country": country_name(only.country), "engagements": []})
    elif only is None and not page.has_next():  # clients with no engagement yet come after the last page
        for client in (tenancy.visible_clients(membership).exclude(engagements__archived=False)
                       .order_by("name", "id")):
            rows.append({"client": client, "country": country_name(client.country), "engagements": []})
    context = {
        "rows": rows,
        "page_obj": page,
        "page_query": page_query(request),
        "only_client": only,
        "client_choices": list(tenancy.visible_clients(membership).order_by("name", "id").values_list("uuid", "name")),
        "can_manage_engagements": tenancy.can(membership, "engagements.manage"),
        "can_manage_clients": tenancy.can(membership, "clients.manage"),
        "can_view_activity": tenancy.can(membership, "audit.view"),
        "can_manage_workspace": tenancy.can(membership, "workspace.manage"),
    }
    return render(request, "core/dashboard.html", context)


@tenancy.workspace_view("workspace.manage")
@require_http_methods(["GET", "POST"])
def workspace_settings(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    form = WorkspaceSettingsForm(request.POST or None, initial={"name": workspace.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workspace(actor=request.user, workspace=workspace, name=form.cleaned_data["name"])
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Workspace settings saved."))
            return redirect("core:workspace-settings", workspace=workspace.slug)
    return render(request, "core/workspace_settings.html", {"form": form})
