"""This app's lookups: a person's own notification (another's, or one that does not exist, is a 404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from cadence.core.models import Membership
from cadence.notifications import queries
from cadence.notifications.models import Notification
from cadence.tenancy import public_id


def get_notification(membership: Membership, notification_uuid: Any) -> Notification:
    try:
        return queries.mine(membership).get(uuid=public_id(notification_uuid))
    except Notification.DoesNotExist:
        raise Http404 from None

