"""A frozen version's files (PDF, DOCX, Markdown), rendered once and kept in the cache.

A PDF takes seconds to lay out, so each file is rendered once per version, approval, format and code, and
kept under that key (``cadence/core/fragments.py``). The PDF and DOCX also show the engagement's timeline as
of today, so its revision, day and client name are part of their keys. Submitting and approving a version
queue ``tasks.render_version_files``, which renders them in the background, so the client who opens the
link right after approving gets the file at once.
"""

from __future__ import annotations

from django.utils import translation

from cadence.core import fragments
from cadence.engagements import queries as engagement_queries
from cadence.plans import queries
from cadence.plans.exports.content import Approval
from cadence.plans.exports.docx import render_docx
from cadence.plans.exports.markdown import render_markdown
from cadence.plans.exports.pdf import render_pdf
from cadence.plans.models import PlanVersion
from cadence.plans.types import Engagement

FORMATS = ("pdf", "docx", "md")
MODULES = ("cadence.plans.exports.content", "cadence.plans.exports.values", "cadence.plans.exports.pdf",
           "cadence.plans.exports.docx", "cadence.plans.exports.markdown", "cadence.plans.exports.diagram",
           "cadence.plans.exports.files", "cadence.core.markdown")


def approval_of(version: PlanVersion) -> Approval:
    return Approval(state=version.state, approved_at=version.decided_at,
                    approved_by=version.decided_by.display_name if version.decided_by else "")


def export_file(engagement: Engagement, version: PlanVersion, fmt: str) -> bytes | str:
    """The version (frozen: it has a snapshot) as ``fmt``, from the cache or rendered now."""
    approval = approval_of(version)

    def render_file() -> bytes | str:
        document = queries.version_snapshot(version)
        if fmt == "md":
            return render_markdown(document, approval=approval)
        timeline = engagement_queries.timeline_svg(engagement)
        render = render_pdf if fmt == "pdf" else render_docx
        return render(document, approval=approval, timeline_svg=timeline)

    timeline_parts: tuple[object, ...] = ()
    if fmt != "md":
        timeline_parts = (engagement.revision, engagement_queries.engagement_today(engagement), engagement.client.name)
    with translation.override(engagement.language):  # the files are in the plan's language, whoever asks
        key = fragments.key("plan-export", fragments.code_version(("plans/export/plan.html",), MODULES),
                            version.sha256, fmt, approval.state, approval.approved_at, approval.approved_by,
                            *timeline_parts)
    return fragments.one(key, render_file)
