"""The portal's place in core (called from ``PortalConfig.ready()``): the page client users land on, and its
part of ``cadence demo``. Its writes are the plans, content and files services' (they audit them), so it
registers no capability nor audit label of its own: deciding needs ``plans.review`` / ``content.approve`` and
sending materials ``files.send`` (the files app grants it to the client's approver). ``portal.view`` (every
client user, whatever their client roles) reads the portal's summary in the JSON API."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from cadence.core.models import Membership


def landing(request: Any, membership: Membership) -> HttpResponse:
    from cadence.portal import views  # views are imported after every ready()

    return views.landing(request, membership)


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import Role
    from cadence.portal import demo

    registry.grant({Role.CLIENT: {"portal.view"}})
    registry.landing("client", landing)
    registry.demo("portal", demo.build, demo.delete, order=900)
