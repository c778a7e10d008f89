"""The agency overview's pages: the engagements table (sort and filters in the query string, so a view can be
bookmarked; htmx swaps only the table, ``_table.html``, rendered by this same view, and pushes the URL) and the
team's capacity. ``overview.view``: owners and managers. Read-only: the weekly capacities are edited on the team
page (``core:member-capacity``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadence import tenancy
from cadence.http import WorkspaceRequest
from cadence.overview import queries
from cadence.overview.domain import table

VIEW = tenancy.capability("overview.view")


def query_of(request: WorkspaceRequest) -> table.TableQuery:
    single = {k: str(request.GET.get(k, ""))[:80] for k in ("sort", "dir", "client", "manager")}
    return table.parse(single, [str(f)[:20] for f in request.GET.getlist("flag")[:20]])


@tenancy.workspace_view(VIEW)
@require_GET
def overview(request: WorkspaceRequest) -> HttpResponse:
    view = queries.overview(request.membership, query_of(request))
    context = {"view": view, "query": view.query, "columns": columns(view.query), "flags": flag_choices(view.query)}
    if request.htmx and request.headers.get("HX-Target") == "overview-table":
        return render(request, "overview/_table.html", context)
    return render(request, "overview/overview.html", context)


@tenancy.workspace_view(VIEW)
@require_GET
def capacity(request: WorkspaceRequest) -> HttpResponse:
    view = queries.team_capacity(request.membership)
    return render(request, "overview/capacity.html", {
        "view": view, "can_edit": tenancy.can(request.membership, "members.capacity")})


def columns(query: table.TableQuery) -> list[dict[str, object]]:
    """The table's headings: label, the query string sorting by it (the other way when it is the sort), and
    its state for ``aria-sort``."""
    from urllib.parse import urlencode

    from cadence.overview.labels import column_labels

    out: list[dict[str, object]] = []
    for key, label in column_labels().items():
        current = query.sort == key
        descending = not query.descending if current else False
        out.append({"key": key, "label": label, "href": "?" + urlencode(query.params(sort=key, descending=descending)),
                    "sort": ("descending" if query.descending else "ascending") if current else "none"})
    return out


def flag_choices(query: table.TableQuery) -> list[dict[str, object]]:
    from cadence.overview.labels import flag_labels

    return [{"value": key, "label": label, "checked": key in query.flags} for key, label in flag_labels().items()]
