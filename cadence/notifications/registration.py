"""This app's registration with core (called from ``ready()``): audit labels, the listener of the events, the
demo's notifications."""

from __future__ import annotations


def register() -> None:
    from cadence.core import events, registry
    from cadence.notifications import audit_trail, demo, receivers

    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.field_labels())
    events.event_committed.connect(receivers.event_committed, dispatch_uid="notifications.event_committed")
    registry.demo("notifications", demo.build, demo.delete, order=900)
