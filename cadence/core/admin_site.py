"""The admin site: staff look at every workspace, so its views run with the workspace scopes disabled."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from cadence.core.scoping import scopes_disabled


class StaffAdminSite(admin.AdminSite):
    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        @functools.wraps(view)
        def unscoped(*args: Any, **kwargs: Any) -> Any:
            # Staff work across workspaces: a deliberate escape from the tenancy backstop, and the only one
            # a request makes (the admin is for staff only, read-only, see core/admin.py).
            with scopes_disabled():
                response = view(*args, **kwargs)
                if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                    response.render()  # a TemplateResponse: render it here, not after the scope ended
                return response

        return super().admin_view(unscoped, cacheable)


class StaffAdminConfig(AdminConfig):
    default_site = "cadence.core.admin_site.StaffAdminSite"
