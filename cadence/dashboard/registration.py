"""This app's registration with core (called from ``ready()``): its capability, the "Dashboard" button of
the engagement page, and the warming after an import (metrics' ``facts_changed``)."""

from __future__ import annotations


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role
    from cadence.dashboard import pages, tasks
    from cadence.metrics import services as metric_services

    # dashboard.view: the team, and the client's approver and viewer (their client's engagements, read-only).
    view = {"dashboard.view"}
    registry.grant({Role.OWNER: view, Role.MANAGER: view, Role.SPECIALIST: view},
                   client_roles={ClientRole.APPROVER: view, ClientRole.VIEWER: view})
    pages.register()
    metric_services.facts_changed.connect(tasks.facts_changed, dispatch_uid="dashboard.facts_changed")
