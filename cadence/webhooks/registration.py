"""This app's registration with core (called from ``ready()``): the capability, audit labels, URL objects,
the "Webhooks" navigation link, the receiver of ``core.events`` and the demo."""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from cadence.core import events, registry
    from cadence.core.models import Role
    from cadence.webhooks import access, audit_trail, demo, services

    # webhooks.manage: owners only. An endpoint sends the workspace's data out of Cadence to a URL of the
    # owner's choice, and its signing secret is what the receiver trusts: both are the owner's decision, as
    # the workspace's settings and API tokens of others are. Managers see no webhook page.
    registry.grant({Role.OWNER: {"webhooks.manage"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("endpoint", access.resolve_endpoint)
    registry.url_object("webhook_delivery", access.resolve_delivery)
    registry.nav(gettext_lazy("Webhooks"), "webhooks:endpoint-list", order=95, team_only=True,
                 capability="webhooks.manage")
    events.event_committed.connect(services.on_event_committed, dispatch_uid="webhooks.record_event")
    registry.demo("webhooks", demo.build, demo.delete, order=900)
