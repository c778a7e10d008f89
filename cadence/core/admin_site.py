"""The admin site: staff look at every workspace, so its views run with the workspace scopes disabled."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from cadence.core.scoping import scopes_disabled

_View = TypeVar("_View", bound=Callable[..., Any])


class StaffAdminSite(admin.AdminSite):
    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        @functools.wraps(view)
        def unscoped(*args: Any, **kwargs: Any) -> Any:
            # Staff work across workspaces: a deliberate escape from the tenancy backstop, and the only one
            # a request makes (the admin is for staff only, read-only, see core/admin.py).
            with scopes_disabled():
                response = view(*args, **kwargs)
                if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                    response.render()  # a TemplateResponse: render it here, not after the scope ended
                return response

        return super().admin_view(cast(_View, unscoped), cacheable)  # wraps keeps the view's attributes


class StaffAdminConfig(AdminConfig):
    default_site = "cadence.core.admin_site.StaffAdminSite"
