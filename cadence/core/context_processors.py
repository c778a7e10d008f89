from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def workspace(request: HttpRequest) -> dict[str, Any]:
    """The current workspace and membership (set by tenancy.workspace_view) and the user's workspaces."""
    user = getattr(request, "user", None)
    memberships = []
    if user is not None and user.is_authenticated:
        from cadence.tenancy import memberships_for

        memberships = list(memberships_for(user))
    return {
        "workspace": getattr(request, "workspace", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": memberships,
    }
