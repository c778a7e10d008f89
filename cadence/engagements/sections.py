"""What this app adds to core's pages (registered in ``apps.py``: ``registry.section`` and
``client_column``): the engagements on the workspace dashboard, by client with this month's hours, a
client's engagements on its page, and each client's number of active engagements on the client list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadence import tenancy
from cadence.core import fragments
from cadence.core.forms import country_name
from cadence.core.models import Client, Membership
from cadence.core.pagination import page_of, page_query
from cadence.core.registry import Link, Section
from cadence.engagements import queries
from cadence.engagements.access import visible_engagements
from cadence.engagements.models import Engagement


@dataclass(frozen=True)
class EngagementRow:
    """One engagement on the dashboard with this month's figures (``queries.MonthRow``, as everywhere)."""

    engagement: Engagement
    started: bool
    month_index: int
    month: queries.MonthRow | None
    template_name: str


@dataclass(frozen=True)
class DashboardRow:
    """An engagement as the dashboard lists it: its row's HTML (``_dashboard_row.html``, from the cache)."""

    engagement: Engagement
    html: str


# What renders a dashboard row: part of its cache key, so that a deployment never serves an old rendering.
ROW_TEMPLATES = ("engagements/_dashboard_row.html", "engagements/_usage.html", "core/_level_badge.html",
                 "engagements/_position.html")
ROW_MODULES = ("cadence.engagements.sections", "cadence.engagements.domain.rollover",
               "cadence.engagements.templatetags.cadence_tags")


def row_key(engagement: Engagement, workspace_slug: str) -> str:
    """The cache key of an engagement's dashboard row. The row shows the engagement's fields and this month's
    figures (all behind its ``revision``), the day, the language and its template's name (not behind the
    revision, so named here), and links into the workspace (its slug). The same for every role."""
    template = engagement.template.name if engagement.template else ""
    version = fragments.code_version(ROW_TEMPLATES, ROW_MODULES)
    return fragments.key("dashboard-row", version, queries.engine_version(), engagement.pk, engagement.revision,
                         queries.engagement_today(engagement).isoformat(), workspace_slug, template)


def render_rows(engagements: list[Engagement], workspace: Any) -> dict[Engagement, str]:
    """The rows of engagements not in the cache: their figures from the month summaries, in four queries."""
    queries.prefetch_figures(engagements)
    # Only the months this month's figures depend on (since the last month whose unused hours expired).
    since = {e.pk: queries.independent_from(e, queries.current_month(e)) for e in engagements}
    logged = queries.logged_rows_for(engagements, since)
    return {e: render_to_string("engagements/_dashboard_row.html",
                                {"row": _engagement_row(e, logged.get(e.pk, {})), "workspace": workspace})
            for e in engagements}


def _engagement_row(engagement: Engagement, logged_rows: queries.LoggedRows) -> EngagementRow:
    today = queries.engagement_today(engagement)
    month = queries.this_month(engagement, today=today, logged_rows=logged_rows)
    return EngagementRow(
        engagement=engagement, started=month is not None, month_index=month.index if month else 0, month=month,
        template_name=queries.tr(engagement.template.name) if engagement.template else "",
    )


def _new_engagement(membership: Membership, client: Client | None = None) -> tuple[Link, ...]:
    if not tenancy.can(membership, "engagements.manage"):
        return ()
    url = reverse("engagements:engagement-new", args=[membership.workspace.slug])
    return (Link(_("New engagement"), f"{url}?client={client.uuid}" if client else url, primary=True),)


def dashboard(request: HttpRequest, membership: Membership, only: Client | None) -> Section:
    """The visible engagements, by client, 50 a page: a constant number of queries whatever their number
    and their history (this month's figures come from the month summaries). ``only``: the client the
    dashboard is filtered on."""
    engagements = (visible_engagements(membership).filter(archived=False)
                   .order_by("client__name", "client_id", "start_date", "id"))
    if only is not None:
        engagements = engagements.filter(client=only)
    page = page_of(request, engagements)
    shown = list(page.object_list)
    workspace = membership.workspace
    # Each row is rendered once per revision, day and language, then comes from the cache (one round trip).
    row_html = fragments.many({e: row_key(e, workspace.slug) for e in shown},
                          lambda missing: render_rows(list(missing), workspace))
    rows: list[dict[str, Any]] = []
    for e in shown:
        if not rows or rows[-1]["client"].pk != e.client_id:
            rows.append({"client": e.client, "country": country_name(e.client.country), "engagements": []})
        rows[-1]["engagements"].append(DashboardRow(engagement=e, html=row_html[e]))
    if only is not None and not rows:
        rows.append({"client": only, "country": country_name(only.country), "engagements": []})
    elif only is None and not page.has_next():  # clients with no engagement yet come after the last page
        for client in (tenancy.visible_clients(membership).exclude(engagements__archived=False)
                       .order_by("name", "id")):
            rows.append({"client": client, "country": country_name(client.country), "engagements": []})
    html = render_to_string("engagements/_dashboard.html", {
        "rows": rows,
        "page_obj": page,
        "page_query": page_query(request),
        "only_client": only,
        "client_choices": list(tenancy.visible_clients(membership).order_by("name", "id").values_list("uuid", "name")),
        "can_manage_clients": tenancy.can(membership, "clients.manage"),
    }, request=request)
    intro = (_("Your engagements with us and the hours used in each engagement's current month.")
             if membership.is_client
             else _("Your clients, their engagements and the hours of each engagement's current month."))
    return Section(html=html, actions=_new_engagement(membership), intro=intro)


def client_page(request: HttpRequest, membership: Membership, client: Client | None) -> Section | None:
    """The client's engagements, archived ones last."""
    if client is None:
        return None
    engagements = list(visible_engagements(membership).filter(client=client).order_by("archived", "start_date")
                       .prefetch_related("contract_terms"))
    for engagement in engagements:
        engagement.template_name = queries.tr(engagement.template.name) if engagement.template else ""  # type: ignore[attr-defined]
    html = render_to_string("engagements/_client_engagements.html", {"engagements": engagements}, request=request)
    return Section(html=html, actions=_new_engagement(membership, client))


ACTIVE_ENGAGEMENTS = gettext_lazy("Active engagements")


def active_engagements(clients: QuerySet[Client]) -> QuerySet[Client]:
    """The client list's column: each client's engagements that are not archived."""
    return clients.annotate(active_engagements=Count("engagements", filter=Q(engagements__archived=False)))
