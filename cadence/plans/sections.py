"""What this app adds to core's pages (registered in ``apps.py``): the marketing plans of a client's
engagements on the client's page, each with the state of its latest version and a link to it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cadence import tenancy
from cadence.core.models import Client, Membership
from cadence.core.registry import Link, Section
from cadence.engagements.access import visible_engagements
from cadence.plans.models import Plan, StateChoice


def client_page(request: HttpRequest, membership: Membership, client: Client | None) -> Section | None:
    if client is None:
        return None
    engagements = list(visible_engagements(membership).filter(client=client, archived=False).order_by("start_date"))
    if not engagements:
        return None
    plans = {p.engagement_id: p for p in Plan.objects.filter(workspace=membership.workspace, engagement__in=engagements)
             .prefetch_related("versions")}
    rows = []
    for e in engagements:
        plan = plans.get(e.pk)
        versions = sorted(plan.versions.all(), key=lambda v: v.number) if plan else []
        if membership.is_client:
            versions = [v for v in versions if v.state != StateChoice.DRAFT]
        rows.append({"engagement": e, "latest": versions[-1] if versions else None})
    html = render_to_string("plans/_client_plans.html", {"rows": rows, "workspace": membership.workspace},
                            request=request)
    return Section(html=html)


def engagement_link(membership: Membership, engagement: Any) -> Link | None:
    """The "Marketing plan" button on the engagement page, for whoever may read the plan."""
    if not tenancy.can(membership, "plans.view", client=engagement.client):
        return None
    return Link(str(_("Marketing plan")), reverse("plans:plan-overview",
                                                  args=[membership.workspace.slug, engagement.uuid]))
