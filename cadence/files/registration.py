"""The files app's place in core (called from ``FilesConfig.ready()``): its capabilities, audit labels, the
``file`` URL object, its part of ``cadence demo`` and the "Files" button on an engagement's page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cadence.core.models import Membership
from cadence.core.registry import Link


def engagement_link(membership: Membership, engagement: Any) -> Link | None:
    """The "Files" button on the engagement page, for whoever may see the engagement's files."""
    from cadence import tenancy

    if not tenancy.can(membership, "files.view", client=engagement.client):
        return None
    return Link(str(_("Files")), reverse("files:file-list", args=[membership.workspace.slug, engagement.uuid]))


def register() -> None:
    from cadence.core import registry
    from cadence.core.models import ClientRole, Role
    from cadence.files import access, audit_trail, demo

    # files.view: the team and the client's approver and viewer (their client's engagements only);
    # files.upload: the team; files.delete: owners and managers (an uploader deletes their own: services);
    # files.send: the client's approver sends materials to the team (the client portal's form, the same checks
    # and limits; the viewer only reads).
    team = {"files.view", "files.upload"}
    registry.grant({Role.OWNER: team | {"files.delete"}, Role.MANAGER: team | {"files.delete"},
                    Role.SPECIALIST: team},
                   client_roles={ClientRole.APPROVER: {"files.view", "files.send"}, ClientRole.VIEWER: {"files.view"}})
    registry.audit_labels(audit_trail.ACTION_LABELS, audit_trail.FIELD_LABELS)
    registry.url_object("file", access.resolve_file, client_of=access.client_of)
    registry.engagement_link(engagement_link)
    registry.demo("files", demo.build, demo.delete, order=320)
