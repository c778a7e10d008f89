from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def workspace(request: HttpRequest) -> dict[str, Any]:
    """The current workspace and membership (set by tenancy.workspace_view), the user's workspaces and the
    workspace's navigation (the links core and the apps register, ``registry.nav``)."""
    user = getattr(request, "user", None)
    memberships = []
    if user is not None and user.is_authenticated:
        from cadence.tenancy import memberships_for

        memberships = list(memberships_for(user))
    workspace = getattr(request, "workspace", None)
    membership = getattr(request, "membership", None)
    nav: list[tuple[Any, str]] = []
    if workspace is not None and membership is not None:
        from cadence.core import registry

        nav = [(item.label, reverse(item.url_name, args=[workspace.slug])) for item in registry.nav_items(membership)]
    return {
        "workspace": workspace,
        "membership": membership,
        "my_memberships": memberships,
        "workspace_nav": nav,
    }
