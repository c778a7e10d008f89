"""What the links' pages and API read: an engagement's library (with GA4's channel for each link) and the
library as CSV. Reads only; the library's query count does not grow with its size."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from cadence.links.domain import ga4
from cadence.links.models import UtmLink

CSV_COLUMNS = ("name", "campaign_url", "landing_page", "utm_source", "utm_medium", "utm_campaign", "utm_term",
               "utm_content", "utm_id", "ga4_channel", "created_at")


@dataclass(frozen=True)
class LibraryRow:
    link: UtmLink
    channel_group: str


def library(engagement: Any) -> list[LibraryRow]:
    rows = UtmLink.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).select_related(
        "created_by").order_by("-created_at", "-id")
    return [LibraryRow(link, ga4.classify(link.source, link.medium, link.campaign).value) for link in rows]


def choices(engagement: Any) -> list[tuple[str, str]]:
    """The engagement's links as choices of a post's form: (uuid, "name – url")."""
    rows = UtmLink.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement).order_by(
        "name", "-created_at").values_list("uuid", "name", "url")
    return [(str(uuid), f"{name} – {url}" if name else url) for uuid, name, url in rows]


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP's CSV injection advice: a leading
    ``= + - @``, tab or carriage return gets a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def library_csv(engagement: Any) -> str:
    """The library as UTF-8 CSV text (a BOM so Excel reads Romanian and Russian letters)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in library(engagement):
        link = row.link
        writer.writerow([safe_cell(v) for v in (
            link.name, link.url, link.base_url, link.source, link.medium, link.campaign, link.term, link.content,
            link.utm_id, row.channel_group, link.created_at.isoformat(timespec="seconds"))])
    return out.getvalue()


def channel_group(source: str, medium: str | None = None, campaign: str = "") -> str:
    """GA4's default channel group (``domain.ga4.classify``), for other apps' reads: of a source and a medium,
    or of one "source / medium" value of the imported facts (``medium`` left out)."""
    if medium is None:
        source, _, medium = str(source).partition("/")
    return ga4.classify(source.strip(), medium.strip(), campaign).value


def channel_groups() -> list[str]:
    """Every GA4 default channel group, in GA4's order."""
    return [group.value for group in ga4.ChannelGroup]


CHANNEL_GROUPS: tuple[str, ...] = tuple(group.value for group in ga4.ChannelGroup)
