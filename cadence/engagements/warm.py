"""Rendering what readers will ask for before they ask, so that no reader waits for it.

The engagement's cached fragments (its dashboard row, its page's body as a manager sees it, with its hours
table and screen Gantt, and its ``gantt.svg``) are keyed by its revision and its day (``core/fragments.py``):
after a write, after midnight in its time zone and after a deployment (the keys name the code's version)
the first reader would render them. The task worker renders them instead, right after it stores the new
schedule (``tasks.refresh_schedule`` and the hourly ``refresh_due``), and ``cadence warm-cache`` renders
them for every engagement before the production start lets the web workers take requests
(``scripts/serve-prod.sh``).

They are rendered in each language the workspace's team uses (a member who has not chosen one reads the
default). Client users and specialists see other bodies (other buttons): theirs are rendered by their
first request, as before.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation

from cadence.core import fragments
from cadence.core.models import Membership, Role, Workspace
from cadence.engagements import sections
from cadence.engagements.models import Engagement
from cadence.engagements.views import timeline

log = logging.getLogger(__name__)


def languages_of(workspace: Workspace) -> list[str]:
    """The languages the workspace's team reads the interface in (the default for those with none)."""
    chosen = (Membership.objects.filter(workspace=workspace).exclude(role=Role.CLIENT)
              .values_list("user__language", flat=True).distinct())
    known = {code for code, _name in settings.LANGUAGES}
    return sorted({code if code in known else settings.LANGUAGE_CODE for code in chosen}
                  or {settings.LANGUAGE_CODE})


def warm(engagements: list[Engagement], workspace: Workspace, languages: list[str]) -> int:
    """Render the fragments of ``engagements`` (of ``workspace``, in its scope) that are not cached yet, in
    each of ``languages``; returns how many engagements were warmed. One that fails is logged and skipped."""
    manager = Membership(workspace=workspace, role=Role.MANAGER)  # the rights of a manager, not a real member
    warmed = 0
    for engagement in engagements:
        if engagement.archived:
            continue
        try:
            for language in languages:
                with translation.override(language):
                    timeline.page_body(manager, engagement)
                    timeline.gantt_svg_text(engagement)
                    fragments.many({engagement: sections.row_key(engagement, workspace.slug)},
                                   lambda missing: sections.render_rows(list(missing), workspace))
            warmed += 1
        except Exception:  # noqa: BLE001 - warming is an optimisation: a reader renders what failed here
            log.exception("could not render the fragments of engagement %s", engagement.pk)
    return warmed
