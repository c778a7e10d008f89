"""The monthly report as a printable document: ``html_of(view)`` (the template ``reports/pdf.html`` with its
print CSS: A4, the agency's name and logo on the cover band, "page X of Y") and ``pdf_of(html)`` (WeasyPrint).

The renderer fetches nothing: the only resources are ``data:`` URIs made here (the logo) and inline SVG (the
charts); any other URL is refused, so rendering cannot reach the network or read local files. Fonts are the
system's DejaVu (Latin with ș ț and Cyrillic), as the marketing plan's PDF uses."""

from __future__ import annotations

from django.template.loader import render_to_string

from cadence.core.pdf import css_string, page_numbers_css
from cadence.reports.queries import ReportView

TEMPLATE = "reports/pdf.html"
ALLOWED_PROTOCOLS = frozenset({"data"})


def html_of(view: ReportView) -> str:
    return render_to_string(TEMPLATE, {"view": view, "page_numbers": page_numbers_css(),
                                       "footer_text": css_string(f"{view.agency_name} · {view.engagement.name}")})


def pdf_of(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint loads Pango: import it when a PDF is made
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols=set(ALLOWED_PROTOCOLS), allow_redirects=False, timeout=5)
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert pdf is not None
    return bytes(pdf)
