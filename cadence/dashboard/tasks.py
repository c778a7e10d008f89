"""Background work of the dashboard: after an import is written or undone (metrics' ``facts_changed``, sent
after its commit), the engagement's dashboard of the picker's usual periods is computed once in each language,
so its first reader finds the KPI cards' complete months (``metrics.queries``' cache under the facts' new
version) and the charts (``core.charts``' cache of drawn SVGs) ready: drawing the charts and summing a year of
facts are most of a page computed from nothing. Nothing is stored that a reader would not compute the same."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.tasks import task
from django.utils import translation

from cadence.core.models import Workspace
from cadence.core.scoping import scope

log = logging.getLogger(__name__)

WARM_PERIODS = ("last_month", "month", "quarter")  # the picker's default (a whole month), the month, the quarter


@task()
def warm_dashboard(workspace_id: int, engagement_id: int) -> int:
    """Compute the engagement's dashboard for ``WARM_PERIODS`` in every language; returns how many were made."""
    from cadence.dashboard import queries
    from cadence.dashboard.domain import periods
    from cadence.engagements import queries as engagement_queries

    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return 0
    made = 0
    with scope(workspace=workspace):
        engagement = engagement_queries.engagement_in(workspace_id, engagement_id)
        if engagement is None or engagement.archived:
            return 0
        today = engagement_queries.engagement_today(engagement)
        for kind in WARM_PERIODS:
            choice = periods.choose(kind, today=today)
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    queries.dashboard(engagement, first=choice.current.first, last=choice.current.last,
                                      today=today, choice=choice)
                made += 1
    return made


def facts_changed(sender: Any, *, workspace_id: int, engagement_id: int, **kwargs: Any) -> None:
    """The receiver of ``metrics.services.facts_changed``: queue the warming (a failure only costs the first
    reader the time to compute it)."""
    try:
        warm_dashboard.enqueue(workspace_id, engagement_id)
    except Exception:
        log.exception("could not queue the dashboard's warming for engagement %s", engagement_id)
