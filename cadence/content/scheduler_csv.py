"""Posts in and out of schedulers' bulk-upload CSV files (no database, no request; its messages
are worded here, so it sits beside the pure ``domain/`` rather than in it).

Formats, with where they come from (looked up November 2026):

* **Hootsuite** bulk composer (Publisher -> Bulk message upload; paid plans). Sources: Hootsuite's upload
  dialog and its sample file as described by users (K. I. Headlee, "Using Hootsuite Pro's bulk message
  scheduler", 2016, kim-iverson-headlee.blogspot.com/2016/08/...; J. Y. Calcano, "Hootsuite bulk messaging
  explained", 2015, jycalcano.blogspot.com/2015/07/...; socialseer.com "HootSchedule"). Three columns and **no
  header row**: the date and time (the upload dialog asks whether it is ``DD/MM/YYYY HH:mm`` or
  ``MM/DD/YYYY HH:mm``; 24-hour clock; we write day first), the message, an optional link (Hootsuite shortens
  it). At most **350** messages a file (350 minus those already scheduled); Hootsuite schedules on
  **5-minute steps** only (the issue and the dialog's rules; a time such as 10:07 is refused at upload) and
  only in the future. The network is chosen in the dialog, not in the file: one file per profile.
* **Sprout Social** bulk scheduling (Professional and Advanced plans). Source: Sprout Social Help Center,
  "How do I use bulk scheduling?" (support.sproutsocial.com/hc/en-us/articles/115005864203). A header row
  with case-sensitive names: ``date`` (``dd/mm/yyyy`` or ``mm/dd/yyyy`` as chosen in the import preferences;
  we write ``dd/mm/yyyy``), ``time_24hr``, ``message_text``, and optional columns such as ``link``; up to
  **350** messages an import (50 in a trial); messages at least **10 minutes apart** from one another.
* **Buffer**: we found no bulk-upload CSV format in Buffer's published help (the stored pages on bulk CSV
  scheduling are other tools': Ayrshare, SocialBee, Statusbrew, GoHighLevel-based planners). Buffer gets the
  generic CSV below, which a spreadsheet or any of those tools maps easily.
* **Generic** (ours, also the import format): a header row ``channel, format, publish_date (YYYY-MM-DD),
  publish_time (HH:MM, 24-hour, in the engagement's time zone), time_zone, title, caption, hashtags, link,
  status, post_id``; on import only ``channel``, ``publish_date``, ``publish_time`` and ``caption`` are
  required (``date``/``time``/``message``/``text`` are accepted as names too).

Import reads UTF-8 with or without a BOM, UTF-16 with a BOM, and Windows-1250 (Romanian) or Windows-1251
(Russian) files from older Excel, with ``,``, ``;`` or tab between fields. Every problem is reported with
its line in the file; nothing here writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NoReturn

from django.utils.translation import gettext as _

from cadence.content.domain.channels import LIMITS, Channel, Format


class ExportFormat(StrEnum):
    HOOTSUITE = "hootsuite"
    SPROUT = "sprout"
    BUFFER = "buffer"  # Buffer has no bulk CSV of its own: the generic file
    GENERIC = "generic"


class ImportFormat(StrEnum):
    GENERIC = "generic"
    HOOTSUITE = "hootsuite"


HOOTSUITE_MAX_ROWS = 350
HOOTSUITE_MINUTE_STEP = 5
SPROUT_MAX_ROWS = 350
SPROUT_MIN_GAP = dt.timedelta(minutes=10)
IMPORT_MAX_ROWS = 1000
IMPORT_MAX_BYTES = 2 * 1024 * 1024
CELL_MAX = 70000
GENERIC_COLUMNS = ("channel", "format", "publish_date", "publish_time", "time_zone", "title", "caption", "hashtags",
                   "link", "status", "post_id")
SPROUT_COLUMNS = ("date", "time_24hr", "message_text", "link")
ALIASES = {"date": "publish_date", "time": "publish_time", "message": "caption", "text": "caption",
           "message_text": "caption", "time_24hr": "publish_time", "network": "channel", "url": "link"}
REQUIRED = ("channel", "publish_date", "publish_time", "caption")
TITLE_MAX = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class CsvError(ValueError):
    """The file as a whole cannot be read (encoding, size, header); ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- export ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportPost:
    uid: str
    channel: str
    format: str
    title: str
    text: str  # the caption with its hashtags, as it will be published
    caption: str
    hashtags: tuple[str, ...]
    link: str
    publish_at: dt.datetime  # aware
    status: str


@dataclass(frozen=True)
class ExportProblem:
    uid: str
    title: str
    message: str


class ExportRefused(ValueError):
    def __init__(self, problems: list[ExportProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice). Hootsuite and Sprout
    files keep the text as is: the schedulers publish it verbatim, and a caption may start with "+"."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _label(post: ExportPost) -> str:
    return post.title or post.caption[:40] or post.uid


def check_export(fmt: ExportFormat, posts: Sequence[ExportPost], zone: dt.tzinfo) -> list[ExportProblem]:
    """What the scheduler would refuse in this file: every post named, nothing rounded."""
    problems: list[ExportProblem] = []
    if fmt is ExportFormat.HOOTSUITE:
        if len(posts) > HOOTSUITE_MAX_ROWS:
            problems.append(ExportProblem("", "", _("Hootsuite takes at most %(max)s posts a file; this range has "
                                                    "%(count)s. Choose a shorter range.")
                                          % {"max": HOOTSUITE_MAX_ROWS, "count": len(posts)}))
        for post in posts:
            local = post.publish_at.astimezone(zone)
            if local.minute % HOOTSUITE_MINUTE_STEP:
                problems.append(ExportProblem(post.uid, _label(post), _(
                    "“%(post)s” is at %(time)s: Hootsuite schedules only on minutes that are a multiple of 5. "
                    "Move it to %(earlier)s or %(later)s.") % {
                    "post": _label(post), "time": local.strftime("%d.%m.%Y %H:%M"),
                    "earlier": (local - dt.timedelta(minutes=local.minute % 5)).strftime("%H:%M"),
                    "later": (local + dt.timedelta(minutes=5 - local.minute % 5)).strftime("%H:%M")}))
    if fmt is ExportFormat.SPROUT:
        if len(posts) > SPROUT_MAX_ROWS:
            problems.append(ExportProblem("", "", _("Sprout Social takes at most %(max)s posts an import; this "
                                                    "range has %(count)s. Choose a shorter range.")
                                          % {"max": SPROUT_MAX_ROWS, "count": len(posts)}))
        by_channel: dict[str, list[ExportPost]] = {}
        for post in posts:
            by_channel.setdefault(post.channel, []).append(post)
        for same in by_channel.values():
            same.sort(key=lambda p: p.publish_at)
            for before, after in zip(same, same[1:], strict=False):
                if after.publish_at - before.publish_at < SPROUT_MIN_GAP:
                    problems.append(ExportProblem(after.uid, _label(after), _(
                        "“%(post)s” is less than 10 minutes after “%(other)s” on the same network: Sprout Social "
                        "needs them at least 10 minutes apart.") % {"post": _label(after), "other": _label(before)}))
    return problems


def export(fmt: ExportFormat, posts: Sequence[ExportPost], zone: dt.tzinfo, *, time_zone_name: str) -> str:
    """The file's text; ``ExportRefused`` (every problem) when the scheduler would refuse it."""
    problems = check_export(fmt, posts, zone)
    if problems:
        raise ExportRefused(problems)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    ordered = sorted(posts, key=lambda p: (p.publish_at, p.uid))
    if fmt is ExportFormat.HOOTSUITE:
        for post in ordered:
            local = post.publish_at.astimezone(zone)
            writer.writerow([local.strftime("%d/%m/%Y %H:%M"), post.text, post.link])
        return out.getvalue()
    if fmt is ExportFormat.SPROUT:
        writer.writerow(SPROUT_COLUMNS)
        for post in ordered:
            local = post.publish_at.astimezone(zone)
            writer.writerow([local.strftime("%d/%m/%Y"), local.strftime("%H:%M"), post.text, post.link])
        return out.getvalue()
    out.write("\ufeff")  # Excel reads the generic file's ș, ț and Cyrillic right with a BOM
    writer.writerow(GENERIC_COLUMNS)
    for post in ordered:
        local = post.publish_at.astimezone(zone)
        writer.writerow([safe_cell(v) for v in (
            post.channel, post.format, local.strftime("%Y-%m-%d"), local.strftime("%H:%M"), time_zone_name,
            post.title, post.caption, " ".join(f"#{t}" for t in post.hashtags), post.link, post.status, post.uid)])
    return out.getvalue()


# --- import ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    line: int
    channel: str
    format: str
    title: str
    caption: str
    hashtags_text: str
    link: str
    publish_at: dt.datetime  # aware UTC


@dataclass
class Parsed:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ","


def decode(data: bytes) -> tuple[str, str]:
    """The text of an uploaded file and the encoding read: UTF-8 (BOM or not), UTF-16 with a BOM, else
    Windows-1251 when most letters are in the upper half (Russian), Windows-1250 otherwise (Romanian)."""
    if len(data) > IMPORT_MAX_BYTES:
        raise CsvError(_("The file is larger than %(max)s MB.") % {"max": IMPORT_MAX_BYTES // (1024 * 1024)})
    if data.startswith(b"\xef\xbb\xbf"):
        if not _utf8(data[3:]):
            _refuse_encoding()
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            _refuse_encoding()
    if _utf8(data):
        return data.decode("utf-8"), "utf-8"
    high = sum(1 for b in data if b >= 0xC0)
    letters = sum(1 for b in data if b >= 0xC0 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A)
    encoding = "cp1251" if letters and high / letters > 0.3 else "cp1250"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        _refuse_encoding()


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_encoding() -> NoReturn:
    raise CsvError(_("The file is not text we can read. Save it as CSV (UTF-8) and upload it again."))


def sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(the line the record starts on, its cells), blank lines skipped; csv.Error names the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        yield start, row
        start = reader.line_num + 1


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?::([0-5]\d))?$")


def _date(value: str, formats: Sequence[str] = _DATE_FORMATS) -> dt.date | None:
    for fmt in formats:
        try:
            day = dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
        return day if dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31) else None
    return None


def _time(value: str) -> dt.time | None:
    m = _TIME_RE.match(value.strip())
    return dt.time(int(m[1]), int(m[2])) if m else None


def local_to_utc(day: dt.date, at: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """The instant of a wall-clock time in the zone; None for a time that does not exist there (the hour
    skipped when clocks go forward). A repeated hour (clocks going back) is its first occurrence."""
    local = dt.datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    utc = local.astimezone(dt.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return utc


def default_format(channel: Channel) -> Format:
    allowed = LIMITS[channel].formats
    for fmt in (Format.IMAGE, Format.VIDEO, Format.TEXT, Format.ARTICLE):
        if fmt in allowed:
            return fmt
    return sorted(allowed)[0]


def _channel(value: str) -> Channel | None:
    key = value.strip().lower().replace(" ", "")
    key = {"twitter": "x", "ig": "instagram", "fb": "facebook", "email": "newsletter", "e-mail": "newsletter",
           "youtubeshorts": "youtube"}.get(key, key)
    try:
        return Channel(key)
    except ValueError:
        return None


def _text(value: str, line: int, name: str, errors: list[RowError], *, max_length: int = CELL_MAX,
          multiline: bool = True) -> str:
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        errors.append(RowError(line, name, _("This cell contains invisible control characters.")))
        return ""
    if len(value) > max_length:
        errors.append(RowError(line, name, _("This cell is longer than %(max)s characters.") % {"max": max_length}))
        return ""
    return value.strip()


def parse(data: bytes, fmt: ImportFormat, *, time_zone: str, channel: str = "") -> Parsed:
    """Every row of the file checked on its own (dates, times, channels, formats, lengths, characters);
    ``channel`` is the network of a Hootsuite file (its rows do not say). Cross-row and database checks
    (captions per network, links in the library) are the service's."""
    zone = zoneinfo.ZoneInfo(time_zone)
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    parsed = Parsed(encoding=encoding, delimiter=delimiter)
    records = _records(text, delimiter)
    header: list[str] | None = None
    hoot_channel = _channel(channel) if fmt is ImportFormat.HOOTSUITE else None
    if fmt is ImportFormat.HOOTSUITE and hoot_channel is None:
        raise CsvError(_("Choose the network these Hootsuite posts are for."))
    count = 0
    try:
        for line, cells in records:
            if not any(c.strip() for c in cells):
                continue
            if fmt is ImportFormat.GENERIC and header is None:
                header = [ALIASES.get(h.strip().lower().lstrip("\ufeff"), h.strip().lower().lstrip("\ufeff"))
                          for h in cells]
                missing = [name for name in REQUIRED if name not in header]
                if missing:
                    raise CsvError(_("The first line must name the columns; missing: %(columns)s.")
                                   % {"columns": ", ".join(missing)})
                continue
            count += 1
            if count > IMPORT_MAX_ROWS:
                raise CsvError(_("The file has more than %(max)s posts. Split it.") % {"max": IMPORT_MAX_ROWS})
            if fmt is ImportFormat.HOOTSUITE:
                assert hoot_channel is not None
                _hootsuite_row(line, cells, hoot_channel, zone, parsed)
            else:
                assert header is not None
                _generic_row(line, dict(zip(header, cells, strict=False)), len(cells) - len(header), zone, parsed)
    except csv.Error:
        raise CsvError(_("The file is not valid CSV near line %(line)s (a quote is not closed?).")
                       % {"line": count + 1}) from None
    if fmt is ImportFormat.GENERIC and header is None:
        raise CsvError(_("The file is empty."))
    if not parsed.rows and not parsed.errors:
        raise CsvError(_("The file has no posts."))
    return parsed


def _when(line: int, day_text: str, time_text: str, zone: zoneinfo.ZoneInfo, errors: list[RowError],
          date_formats: Sequence[str] = _DATE_FORMATS) -> dt.datetime | None:
    day = _date(day_text, date_formats)
    at = _time(time_text)
    if day is None:
        errors.append(RowError(line, "publish_date", _("“%(value)s” is not a date (write 2026-11-30).")
                               % {"value": day_text.strip()[:40]}))
    if at is None:
        errors.append(RowError(line, "publish_time", _("“%(value)s” is not a time (write 14:30).")
                               % {"value": time_text.strip()[:40]}))
    if day is None or at is None:
        return None
    when = local_to_utc(day, at, zone)
    if when is None:
        errors.append(RowError(line, "publish_time", _("%(date)s %(time)s does not exist in %(zone)s (the clocks "
                                                       "go forward then).") % {"date": day.isoformat(),
                                                                               "time": at.strftime("%H:%M"),
                                                                               "zone": str(zone)}))
    return when


def _generic_row(line: int, row: dict[str, str], extra: int, zone: zoneinfo.ZoneInfo, parsed: Parsed) -> None:
    errors: list[RowError] = []
    if extra > 0:
        errors.append(RowError(line, "", _("This line has more cells than the header names.")))
    chan = _channel(row.get("channel") or "")
    if chan is None:
        errors.append(RowError(line, "channel", _("“%(value)s” is not a network we publish to.")
                               % {"value": (row.get("channel") or "").strip()[:40]}))
    fmt_text = (row.get("format") or "").strip().lower()
    fmt: Format | None = None
    if chan is not None:
        try:
            fmt = Format(fmt_text) if fmt_text else default_format(chan)
        except ValueError:
            errors.append(RowError(line, "format", _("“%(value)s” is not a format (image, carousel, video, story, "
                                                     "text, article).") % {"value": fmt_text[:40]}))
    when = _when(line, row.get("publish_date") or "", row.get("publish_time") or "", zone, errors)
    zone_text = (row.get("time_zone") or "").strip()
    if zone_text and zone_text != str(zone):
        errors.append(RowError(line, "time_zone", _("This row is in %(given)s; the engagement’s times are in "
                                                    "%(zone)s. Convert the times or leave the column empty.")
                               % {"given": zone_text[:64], "zone": str(zone)}))
    title = _text(row.get("title") or "", line, "title", errors, max_length=TITLE_MAX, multiline=False)
    caption = _text(row.get("caption") or "", line, "caption", errors)
    hashtags = _text(row.get("hashtags") or "", line, "hashtags", errors, multiline=False)
    link = _text(row.get("link") or "", line, "link", errors, max_length=4000, multiline=False)
    if not caption and not errors:
        errors.append(RowError(line, "caption", _("The caption is empty.")))
    if errors or chan is None or fmt is None or when is None:
        parsed.errors.extend(errors)
        return
    parsed.rows.append(ImportRow(line, chan.value, fmt.value, title, caption, hashtags, link, when))


def _hootsuite_row(line: int, cells: list[str], chan: Channel, zone: zoneinfo.ZoneInfo, parsed: Parsed) -> None:
    errors: list[RowError] = []
    if len(cells) < 2 or len(cells) > 3:
        parsed.errors.append(RowError(line, "", _("A Hootsuite line has three cells: date and time, message, "
                                                  "link; this one has %(count)s.") % {"count": len(cells)}))
        return
    stamp = cells[0].strip()
    day_text, _sep, time_text = stamp.partition(" ")
    when = _when(line, day_text, time_text, zone, errors, date_formats=("%d/%m/%Y",))
    if when is not None and when.astimezone(zone).minute % HOOTSUITE_MINUTE_STEP:
        errors.append(RowError(line, "publish_time", _("Hootsuite schedules only on minutes that are a multiple "
                                                       "of 5.")))
    caption = _text(cells[1], line, "caption", errors)
    link = _text(cells[2] if len(cells) > 2 else "", line, "link", errors, max_length=4000, multiline=False)
    if not caption and not errors:
        errors.append(RowError(line, "caption", _("The caption is empty.")))
    if errors or when is None:
        parsed.errors.extend(errors)
        return
    parsed.rows.append(ImportRow(line, chan.value, default_format(chan).value, "", caption, "", link, when))
