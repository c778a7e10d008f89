"""Background tasks of the plans: a submitted or approved version's files rendered before anyone asks."""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task
from django.utils import translation

from cadence.core.models import Workspace
from cadence.core.scoping import scope, scopes_disabled
from cadence.plans.models import PlanVersion, StateChoice

log = logging.getLogger(__name__)


def render_after_commit(version_id: int) -> None:
    """Queue ``render_version_files`` once the transaction commits; a queue that refuses is logged only."""
    def enqueue() -> None:
        try:
            render_version_files.enqueue(version_id)
        except Exception:  # the write has committed: the request must not fail now; a reader renders them
            log.exception("could not queue the files of plan version %s", version_id)

    transaction.on_commit(enqueue)


@task()
def render_version_files(version_id: int) -> str:
    """Render the version's PDF, DOCX and Markdown into the cache (in the plan's language, as the exports
    always are). Runs in the version's workspace's scope."""
    from cadence.plans.exports import files  # the renderers load WeasyPrint: only when there is work

    with scopes_disabled():  # the worker has no request: find the version's workspace, then enter its scope
        workspace_id = PlanVersion.objects.filter(pk=version_id).values_list("workspace_id", flat=True).first()
    workspace = Workspace.objects.filter(pk=workspace_id).first() if workspace_id else None
    if workspace is None:
        return "skipped"
    with scope(workspace=workspace):
        version = (PlanVersion.objects.filter(pk=version_id, snapshot__gt="").exclude(state=StateChoice.DRAFT)
                   .select_related("plan__engagement__client", "decided_by").first())
        if version is None:
            return "skipped"
        engagement = version.plan.engagement
        with translation.override(engagement.language):
            for fmt in files.FORMATS:
                files.export_file(engagement, version, fmt)
    return "rendered"
