"""Posts out to schedulers and in from CSV files (services; the file formats are ``scheduler_csv.py``).

* ``export_posts``: the approved and scheduled posts of a date range (in the engagement's time zone) as a
  Hootsuite, Sprout Social, Buffer (the generic file) or generic CSV; refused with every offending post named
  when the scheduler would refuse the file (Hootsuite: 350 rows, 5-minute steps; Sprout: 350 rows, 10 minutes
  apart). The team's (``content.view``, not client users).
* ``check_import``: the dry run. Every row of the file checked (the file's own rules, then each network's
  caption and hashtag limits through ``domain/captions.py``, and the link, which must be one of the
  engagement's campaign links); nothing written.
* ``import_posts``: the same checks, then one transaction that creates every row as a draft through
  ``services.create_post``; any refused row (with its line) and nothing is created. ``content.manage``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadence import tenancy
from cadence.content import scheduler_csv as sc
from cadence.content import services
from cadence.content.domain import captions
from cadence.content.models import Post
from cadence.core import audit
from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import Membership
from cadence.links import queries as link_queries

EXPORT_STATUSES = ("approved", "scheduled")
RANGE_MAX_DAYS = 366


class RowsRefused(DomainError):
    """Rows or posts a rule refused; ``payload`` lists each (line or post, field, message) for the API."""

    def __init__(self, message: str, refusals: list[dict[str, Any]], *, code: str) -> None:
        super().__init__(message, code=code)
        self.refusals = refusals

    def payload(self) -> dict[str, Any]:
        return {"refusals": self.refusals}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    text: str
    count: int


@dataclass
class ImportCheck:
    rows: list[sc.ImportRow] = field(default_factory=list)
    errors: list[sc.RowError] = field(default_factory=list)
    links: dict[int, Any] = field(default_factory=dict)  # line -> UtmLink uuid
    hashtags: dict[int, list[str]] = field(default_factory=dict)
    encoding: str = ""

    @property
    def valid(self) -> bool:
        return not self.errors and bool(self.rows)


def _team_view(membership: Membership, engagement: Any) -> None:
    if (membership.workspace_id != engagement.workspace_id or membership.is_client
            or not tenancy.can(membership, "content.view")):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def _manage(membership: Membership, engagement: Any) -> None:
    if membership.workspace_id != engagement.workspace_id or not tenancy.can(membership, "content.manage"):
        raise DomainError(_("You are not allowed to do this."), code="forbidden")


def _zone(engagement: Any) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(engagement.time_zone)


# --- export ------------------------------------------------------------------------------------------

def export_format(value: Any) -> sc.ExportFormat:
    try:
        return sc.ExportFormat(value)
    except ValueError:
        raise InvalidInput(_("Choose one of the formats."), code="invalid_choice", field="format") from None


def export_posts(*, membership: Membership, engagement: Any, fmt: Any, start: dt.date, end: dt.date) -> ExportFile:
    _team_view(membership, engagement)
    chosen = export_format(fmt)
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise InvalidInput(_("Enter a valid date."), code="invalid_date", field="start")
    if end < start:  # a rule between two fields (each is a valid date): 400, not 422
        raise DomainError(_("The end date is before the start date."), code="invalid_range", field="end")
    if (end - start).days >= RANGE_MAX_DAYS:
        raise DomainError(_("Choose a range of at most a year."), code="invalid_range", field="end")
    zone = _zone(engagement)
    first = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    posts = list(Post.objects.filter(workspace_id=engagement.workspace_id, engagement=engagement,
                                     status__in=EXPORT_STATUSES, publish_at__gte=first, publish_at__lt=after)
                 .select_related("link").order_by("publish_at", "id"))
    rows = [sc.ExportPost(uid=str(p.uuid), channel=p.channel, format=p.format, title=p.title,
                          text=captions.compose(p.caption, list(p.hashtags or [])), caption=p.caption,
                          hashtags=tuple(p.hashtags or []), link=p.link.url if p.link else "",
                          publish_at=p.publish_at, status=p.status)
            for p in posts if p.publish_at is not None]
    try:
        text = sc.export(chosen, rows, zone, time_zone_name=engagement.time_zone)
    except sc.ExportRefused as e:
        raise RowsRefused(ngettext("The scheduler would refuse the file: %(count)s problem.",
                                   "The scheduler would refuse the file: %(count)s problems.",
                                   len(e.problems)) % {"count": len(e.problems)},
                          [{"post": p.uid, "title": p.title, "detail": p.message} for p in e.problems],
                          code="export_refused") from None
    name = f"{slugify(engagement.name) or 'calendar'}-{chosen.value}-{start.isoformat()}-{end.isoformat()}.csv"
    return ExportFile(filename=name, text=text, count=len(rows))


# --- import ------------------------------------------------------------------------------------------

def import_format(value: Any) -> sc.ImportFormat:
    try:
        return sc.ImportFormat(value)
    except ValueError:
        raise InvalidInput(_("Choose one of the formats."), code="invalid_choice", field="format") from None


def check_import(*, membership: Membership, engagement: Any, data: bytes, fmt: Any, channel: str = "") -> ImportCheck:
    """The dry run: every problem of every row, with its line; nothing is written."""
    _manage(membership, engagement)
    chosen = import_format(fmt)
    try:
        parsed = sc.parse(data, chosen, time_zone=engagement.time_zone, channel=channel)
    except sc.CsvError as e:  # the file's content (the schema can only say "a file"): 400
        raise DomainError(e.message, code="invalid_file", field="file") from None
    result = ImportCheck(rows=[], errors=list(parsed.errors), encoding=parsed.encoding)
    library = {row.link.url: row.link.uuid for row in link_queries.library(engagement)}
    for row in parsed.rows:
        errors: list[sc.RowError] = []
        try:
            tags = captions.parse_hashtags(row.hashtags_text)
        except captions.HashtagError as e:
            errors.append(sc.RowError(row.line, "hashtags", services.hashtag_message(e)))
            tags = []
        for problem in captions.check(row.channel, row.format, row.caption, tags, 0):
            errors.append(sc.RowError(row.line, "caption" if problem.code == "caption_too_long" else
                                      {"format_not_allowed": "format", "too_many_hashtags": "hashtags"}.get(
                                          problem.code, "channel"), services.problem_message(problem)))
        if row.link:
            link_uuid = library.get(row.link)
            if link_uuid is None:
                errors.append(sc.RowError(row.line, "link", _("This link is not one of the engagement’s campaign "
                                                               "links: add it there first, then import again.")))
            else:
                result.links[row.line] = link_uuid
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append(row)
            result.hashtags[row.line] = tags
    result.errors.sort(key=lambda e: (e.line, e.field))
    return result


def _nothing_imported(count: int) -> str:
    return ngettext("Nothing was imported: the file has %(count)s problem.",
                    "Nothing was imported: the file has %(count)s problems.", count) % {"count": count}


def _refusals(errors: list[sc.RowError]) -> list[dict[str, Any]]:
    return [{"line": e.line, "field": e.field, "detail": e.message} for e in errors]


@transaction.atomic
def import_posts(*, actor: Any, membership: Membership, engagement: Any, data: bytes, fmt: Any,
                 channel: str = "") -> list[Post]:
    """Every row as a draft, all in one transaction, or nothing (``RowsRefused`` lists every bad row)."""
    checked = check_import(membership=membership, engagement=engagement, data=data, fmt=fmt, channel=channel)
    if checked.errors:
        raise RowsRefused(_nothing_imported(len(checked.errors)),
                          _refusals(checked.errors), code="import_refused")
    created: list[Post] = []
    errors: list[sc.RowError] = []
    for row in checked.rows:
        try:
            created.append(services.create_post(actor=actor, membership=membership, engagement=engagement,
                                                data=services.PostData(
                                                    channel=row.channel, format=row.format, title=row.title,
                                                    caption=row.caption, hashtags=checked.hashtags[row.line],
                                                    publish_at=row.publish_at, link_uuid=checked.links.get(row.line),
                                                    status="draft")))
        except DomainError as e:
            if e.code == "forbidden":
                raise
            errors.append(sc.RowError(row.line, e.field or "", e.message))
    if errors:
        raise RowsRefused(_nothing_imported(len(errors)),
                          _refusals(errors), code="import_refused")
    audit.record(workspace=membership.workspace, actor=actor, action="content.imported", obj=engagement,
                 changes={"posts": len(created), "format": str(fmt)}, thread=engagement)
    return created
