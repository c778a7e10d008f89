"""A plan version as a PDF (WeasyPrint), from the template ``plans/export/plan.html`` and its print CSS.

Cover, contents with page numbers, the brief, the six sections with their questions and answers (the
answers' sanitised HTML), the SWOT grid, persona cards, the competitor comparison, the goal-tree diagrams
and, when the caller passes it, the engagement's timeline chart (an SVG from ``cadence/engagements/gantt``).
Every page after the cover has a footer naming the version and its approval, and "page X of Y".

The renderer fetches nothing: the only resources are ``data:`` URIs made here (the diagrams); any other URL
(an address in an answer can only be a link, never a picture, but this is the second line of defence) is
refused, so rendering a PDF cannot reach the network or read local files.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from cadence.core.pdf import page_numbers_css
from cadence.plans.exports.content import Approval, PlanView, build, rendering
from cadence.plans.exports.values import Document

TEMPLATE = "plans/export/plan.html"


ALLOWED_PROTOCOLS = frozenset({"data"})


def html_of(view: PlanView) -> str:
    return render_to_string(TEMPLATE, {"view": view, "page_numbers": page_numbers_css()})


def pdf_of(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint loads Pango: import it when a PDF is made
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols=set(ALLOWED_PROTOCOLS), allow_redirects=False, timeout=5)
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_html(document: Document, *, approval: Approval | None = None, timeline_svg: str | None = None) -> str:
    """The print HTML the PDF is made from (useful to preview the layout in a browser)."""
    with rendering(document):
        return html_of(build(document, approval, timeline_svg=timeline_svg))


def render_pdf(document: Document, *, approval: Approval | None = None, timeline_svg: str | None = None) -> bytes:
    """The plan version as PDF bytes, in the plan's language."""
    with rendering(document):
        return pdf_of(html_of(build(document, approval, timeline_svg=timeline_svg)))
