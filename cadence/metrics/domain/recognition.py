"""Recognising a file from its head (the preamble, the header row and a few data rows) and building a Layout
from a user's column mapping."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO

from cadence.metrics.domain import layouts as lay
from cadence.metrics.domain.facts import DIMENSIONS, LEVELS, MEASURES
from cadence.metrics.domain.layouts import Layout, split_header
from cadence.metrics.domain.profiles import ProfileSpec, signature
from cadence.metrics.domain.textio import FileRefused, Sniffed, csv_rows, sniff, xlsx_rows
from cadence.metrics.domain.values import (
    DATE_FORMATS,
    NUMBER_STYLES,
    NotADate,
    date_parser,
    detect_date_format,
    detect_number_style,
    parse_date_range,
)

HEAD_ROWS = 60
SAMPLE_ROWS = 5
PLATFORMS: tuple[str, ...] = ("meta_ads", "google_ads", "ga4", "instagram", "facebook", "tiktok_ads",
                              "linkedin_ads", "other")
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
TOTAL_WORDS = frozenset({"total", "totals", "grand total", "total general", "totaluri", "итого", "всего",
                         "общий итог"})


class MappingRefused(Exception):  # noqa: N818 -- the design's name
    """A column mapping that cannot be used: ``code`` says why, ``field`` which field."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(f"{code}: {field}" if field else code)
        self.code = code
        self.field = field


@dataclass
class Recognition:
    layout: Layout | None  # None: not recognised and no profile matched (the mapping step)
    headers: list[str]
    header_line: int | None
    signature: str
    profile_id: int | None
    sample: list[list[str]]  # up to 5 data rows after the header
    kind: str  # "csv" | "xlsx"
    encoding: str
    delimiter: str
    data: list[list[str]] = field(default_factory=list, repr=False)  # up to HEAD_ROWS data rows (detection)


TOTAL_INITIALS = frozenset("TtGgИиВвОо ")


def is_total(cells: list[str]) -> bool:
    """A totals row (``Total: Account``, ``Grand total``, ``Итого``), by its first cell."""
    first = cells[0] if cells else ""
    if not first or first[0] not in TOTAL_INITIALS:
        return False
    first = first.strip().lower()
    return first.startswith("total:") or first in TOTAL_WORDS


def open_rows(stream: BinaryIO, sniffed: Sniffed) -> Iterator[tuple[int, list[str]]]:
    return csv_rows(stream, sniffed) if sniffed.kind == "csv" else xlsx_rows(stream)


def _blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def _guess_header(rows: list[tuple[int, list[str]]]) -> int | None:
    """The index of the likely header of an unknown file: the first row as wide as most rows, all text."""
    widths = Counter(len(c) for _, c in rows if sum(1 for x in c if x.strip()) > 1 and not c[0].startswith("#"))
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    for i, (_, cells) in enumerate(rows):
        if len(cells) != width or cells[0].startswith("#") or cells[0].lower().startswith("sep="):
            continue
        filled = [c for c in cells if c.strip()]
        if len(filled) >= max(2, width // 2) and not any(_numeric(c) for c in filled):
            return i
    return None


def _numeric(cell: str) -> bool:
    text = cell.strip().replace(",", "").replace(".", "").replace(" ", "").replace("%", "").lstrip("-")
    return text.isdigit()


def _find_builtin(rows: list[tuple[int, list[str]]]) -> tuple[int, lay.Builtin, dict[str, int]] | None:
    for i, (_, cells) in enumerate(rows):
        if len(cells) < 2:
            continue
        names = [split_header(c)[0] for c in cells]
        for builtin in lay.BUILTINS:
            columns = lay.match(builtin, names)
            if columns is not None:
                return i, builtin, columns
    return None


def _currency(headers: list[str], columns: dict[str, int], data: list[list[str]]) -> str:
    for name in ("spend", "conversion_value"):
        if name in columns:
            code = split_header(headers[columns[name]])[1]
            if code:
                return code
    if "currency" in columns:
        for row in data:
            idx = columns["currency"]
            if idx < len(row) and _CURRENCY_CODE.match(row[idx].strip()):
                return row[idx].strip()
    return ""


def _detect_styles(columns: dict[str, int], data: list[list[str]], delimiter: str) -> tuple[str, str]:
    cells = [row[i] for name, i in columns.items() if name in MEASURES for row in data if i < len(row)]
    style = detect_number_style(cells, delimiter=delimiter)
    dates = [row[columns["date"]] for row in data if "date" in columns and columns["date"] < len(row)]
    return style, detect_date_format(dates)


def _meta_granularity(layout: Layout, data: list[list[str]]) -> str:
    if "date" not in layout.columns or not layout.date_format:
        return "period"
    parse = date_parser(layout.date_format)
    start_i, end_i = layout.columns["date"], layout.columns.get("date_end", layout.columns["date"])
    spans: list[tuple[dt.date, dt.date]] = []
    for row in data[:20]:
        try:
            spans.append((parse(row[start_i]), parse(row[end_i])))
        except (NotADate, IndexError):
            continue
    if not spans:
        return "period"
    if all(a == b for a, b in spans):
        return "daily"
    if all(a.day == 1 and (b + dt.timedelta(days=1)).day == 1 and (a.year, a.month) == (b.year, b.month)
           for a, b in spans):
        return "monthly"
    return "period"


def _builtin_layout(sniffed: Sniffed, rows: list[tuple[int, list[str]]], index: int, builtin: lay.Builtin,
                    columns: dict[str, int], data: list[list[str]]) -> Layout | None:
    header_line, headers = rows[index]
    preamble = [cells for _, cells in rows[:index]]
    platform, variant, item_constant = builtin.platform, builtin.variant, ""
    period: tuple[dt.date, dt.date] | None = None
    if builtin is lay.SERIES:
        titles = [c[0] for c in preamble if c and c[0].strip() and not c[0].lower().startswith("sep=")]
        found = lay.series_measure(titles[-1]) if titles else None
        if found is None:
            return None
        platform, measure = found
        columns = {"date": columns["date"], measure: [split_header(h)[0] for h in headers].index("primary")}
        item_constant = measure
    elif builtin is lay.GA4:
        period = lay.ga4_period(preamble)
    elif builtin is lay.GOOGLE_ADS:
        for cells in preamble:
            found_range = parse_date_range(cells[0]) if len(cells) == 1 else None
            period = found_range or period
        if sniffed.delimiter == "\t" and sniffed.encoding.startswith("utf-16"):
            variant = "ui_download_excel"
    if "date" not in columns and period is None:
        return None
    data = [row for row in data if not is_total(row)]
    style, date_format = _detect_styles(columns, data, sniffed.delimiter)
    if "date" in columns and not date_format:
        date_format = "%Y-%m-%d"
    level = {"ga4": "source", "instagram": "post", "facebook": "post"}.get(platform, "")
    if builtin is lay.SERIES:
        level = "account"
    layout = Layout(
        platform=platform, variant=variant, level=level or lay.level_of(columns, "account"),
        header_line=header_line, columns=columns, number_style=style, date_format=date_format,
        currency=_currency(headers, columns, data), kind=sniffed.kind, encoding=sniffed.encoding,
        delimiter=sniffed.delimiter, headers=list(headers), period_start=period[0] if period else None,
        period_end=period[1] if period else None, item_constant=item_constant, confidence=builtin.confidence)
    if platform == "meta_ads":
        layout.variant = f"{variant}_{_meta_granularity(layout, data)}"
    return layout


def head(stream: BinaryIO) -> tuple[Sniffed, list[tuple[int, list[str]]]]:
    """The file's kind, encoding and delimiter and its first HEAD_ROWS rows (the stream is rewound)."""
    sniffed = sniff(stream)
    try:
        rows = list(islice(open_rows(stream, sniffed), HEAD_ROWS))
    except FileRefused as refused:
        if refused.code != "truncated_quote" or refused.line is None or refused.line <= 2:
            raise
        rows = []  # read again up to the cut: the reading pass reports it with its line
        stream.seek(0)
        try:
            for row in open_rows(stream, sniffed):
                rows.append(row)
                if len(rows) >= HEAD_ROWS:
                    break
        except FileRefused:
            pass
    stream.seek(0)
    if not rows or all(_blank(c) for _, c in rows):
        raise FileRefused("empty")
    return sniffed, rows


def recognise(stream: BinaryIO, profiles: Sequence[ProfileSpec] = ()) -> Recognition:
    """What the file is, from its head only; raises FileRefused when it cannot be read at all."""
    sniffed, rows = head(stream)
    found = _find_builtin(rows)
    if found is not None:
        index, builtin, columns = found
    else:
        guessed = _guess_header(rows)
        if guessed is None:
            raise FileRefused("no_header")
        index, builtin, columns = guessed, None, {}
    header_line, headers = rows[index]
    data = [cells for _, cells in rows[index + 1:] if not _blank(cells) and not cells[0].startswith("#")]
    recognition = Recognition(
        layout=None, headers=list(headers), header_line=header_line, signature=signature(headers),
        profile_id=None, sample=[list(r) for r in data[:SAMPLE_ROWS]], kind=sniffed.kind,
        encoding=sniffed.encoding, delimiter=sniffed.delimiter, data=data)
    if builtin is not None:
        recognition.layout = _builtin_layout(sniffed, rows, index, builtin, columns, data)
    if recognition.layout is None:
        for profile in profiles:
            if profile.signature != recognition.signature:
                continue
            try:
                layout = layout_from_mapping(
                    recognition, profile.mapping, platform=profile.platform, level=profile.level,
                    number_style=profile.number_style, date_format=profile.date_format,
                    currency=profile.currency)
            except MappingRefused:
                continue
            layout.profile_id = recognition.profile_id = profile.id
            recognition.layout = layout
            break
    return recognition


def layout_from_mapping(recognition: Recognition, mapping: dict[str, str], *, platform: str, level: str,
                        number_style: str = "", date_format: str = "", currency: str = "") -> Layout:
    """A Layout from a user's mapping (field -> header cell); raises MappingRefused(code, field)."""
    headers = recognition.headers
    if not headers or recognition.header_line is None:
        raise MappingRefused("no_header")
    if platform not in PLATFORMS:
        raise MappingRefused("bad_platform", "platform")
    if level not in LEVELS:
        raise MappingRefused("bad_level", "level")
    if number_style and number_style not in NUMBER_STYLES:
        raise MappingRefused("bad_number_style", "number_style")
    if date_format and date_format not in DATE_FORMATS:
        raise MappingRefused("bad_date_format", "date_format")
    if currency and not _CURRENCY_CODE.match(currency):
        raise MappingRefused("bad_currency", "currency")
    columns: dict[str, int] = {}
    for name, header in mapping.items():
        if not header:
            continue
        if name not in DIMENSIONS and name not in MEASURES:
            raise MappingRefused("unknown_field", name)
        if header not in headers:
            raise MappingRefused("unknown_column", name)
        columns[name] = headers.index(header)
    if "date" not in columns:
        raise MappingRefused("no_date", "date")
    if not any(name in MEASURES for name in columns):
        raise MappingRefused("no_measure")
    used = Counter(i for name, i in columns.items() if name != "date_end")
    for name, i in columns.items():
        if name != "date_end" and used[i] > 1:
            raise MappingRefused("column_twice", name)
    data = recognition.data or recognition.sample
    style, detected_format = _detect_styles(columns, data, recognition.delimiter)
    date_format = date_format or detected_format
    dates = [row[columns["date"]] for row in data if columns["date"] < len(row) and row[columns["date"]].strip()]
    if not date_format:
        if dates:
            raise MappingRefused("date_format", "date")
        date_format = "%Y-%m-%d"
    parse = date_parser(date_format)
    try:
        for cell in dates[:SAMPLE_ROWS]:
            parse(cell)
    except NotADate:
        raise MappingRefused("date_format", "date") from None
    return Layout(
        platform=platform, variant="mapped", level=level, header_line=recognition.header_line,
        columns=columns, number_style=number_style or style, date_format=date_format,
        currency=currency or _currency(headers, columns, data), kind=recognition.kind,
        encoding=recognition.encoding, delimiter=recognition.delimiter, headers=list(headers))
