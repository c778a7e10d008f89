"""This app's registration with core (called from ``ready()``): its capability, its navigation link and its
part of the demo."""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from cadence.core import registry
    from cadence.core.models import Role
    from cadence.overview import demo

    # overview.view: owners and managers (every active engagement at once; the team's capacity).
    registry.grant({Role.OWNER: {"overview.view"}, Role.MANAGER: {"overview.view"}})
    registry.nav(gettext_lazy("Overview"), "overview:overview", order=12, team_only=True, capability="overview.view")
    registry.demo("overview", demo.build, demo.delete, order=900)
