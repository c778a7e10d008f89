"""The entry points of the reading layer: recognise a file (its head only), read its rows as facts and problems
(streamed: memory stays flat whatever the file's size), summarise it for the preview, and build a layout from a
user's column mapping. Problem codes (stable; ``cadence.metrics.problems`` words them):

- errors: ``bad_date`` / ``missing_date`` / ``bad_range`` (a date cell), ``not_a_number`` / ``not_whole`` (a
  measure cell), ``total_row`` (a total row followed by data rows), ``truncated_line`` (the last line is cut),
  ``mixed_delimiters``, ``wrong_cells`` (a row with another number of cells than the header),
  ``mixed_currency`` (a currency cell differing from the file's), ``no_rows`` (a header without data);
- notices: ``masked`` (``<5``: the platform hides a small count; read as empty).

Refusals (FileRefused.code): ``empty``, ``binary``, ``encoding``, ``old_excel``, ``bad_xlsx``, ``zip_bomb``,
``no_header``, ``too_wide``, ``too_long``, ``cell_too_long``, ``truncated_quote``, ``bad_quote``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from cadence.metrics.domain.facts import ERROR, FRACTIONAL, MEASURES, NOTICE, FactRow, Problem, Summary
from cadence.metrics.domain.layouts import Layout
from cadence.metrics.domain.profiles import ProfileSpec, signature
from cadence.metrics.domain.recognition import (
    TOTAL_INITIALS,
    MappingRefused,
    Recognition,
    is_total,
    layout_from_mapping,
    recognise,
)
from cadence.metrics.domain.textio import (
    DELIMITERS,
    FileRefused,
    Sniffed,
    csv_rows,
    ends_with_newline,
    xlsx_rows,
)
from cadence.metrics.domain.values import (
    DATE_FORMATS,
    EMPTY_TOKENS,
    NUMBER_PARSERS,
    NUMBER_STYLES,
    NotADate,
    NotANumber,
    date_parser,
    is_masked,
)

__all__ = [
    "DATE_FORMATS", "NUMBER_STYLES", "FileRefused", "Layout", "MappingRefused", "ProfileSpec", "Recognition",
    "layout_from_mapping", "read_facts", "recognise", "signature", "summarise",
]

_DIMENSIONS = ("account", "campaign", "ad_set", "ad", "item")


def _cut(value: str) -> str:
    return value if len(value) <= 80 else value[:79] + "…"


def _rows(stream: BinaryIO, layout: Layout) -> Iterator[tuple[int, list[str]]]:
    if layout.kind == "xlsx":
        return xlsx_rows(stream)
    return csv_rows(stream, Sniffed("csv", layout.encoding, layout.delimiter, False))


def _extra_columns(layout: Layout) -> list[tuple[str, int]]:
    mapped = set(layout.columns.values())
    seen: dict[str, int] = {}
    extra: list[tuple[str, int]] = []
    for i, header in enumerate(layout.headers):
        if i in mapped:
            continue
        name = header.replace("\ufeff", "").strip() or f"column {i + 1}"
        seen[name] = seen.get(name, 0) + 1
        extra.append((name if seen[name] == 1 else f"{name} ({seen[name]})", i))
    return extra


def _width_problem(cells: list[str], layout: Layout, line: int, *, last: bool, ended: bool) -> Problem:
    """A row with another number of cells than the header: the last line cut short, a line written with
    another delimiter, or just a wrong row."""
    if last and not ended and len(cells) < layout.width:
        return Problem("truncated_line", line, value=_cut(layout.delimiter.join(cells)))
    raw = layout.delimiter.join(cells)
    for other in DELIMITERS:
        if other == layout.delimiter or other not in raw:
            continue
        try:
            split = next(csv.reader([raw], delimiter=other))
        except csv.Error:
            continue
        if len(split) == layout.width:
            return Problem("mixed_delimiters", line, value=_cut(raw))
    return Problem("wrong_cells", line, value=f"{len(cells)}/{layout.width}")


def read_facts(stream: BinaryIO, layout: Layout) -> Iterator[FactRow | Problem]:
    """Every data row of the file as a FactRow, or the Problems found in it (with their lines). Rows with an
    error are not yielded as facts. Raises FileRefused when the file cannot be read on."""
    cols = layout.columns
    headers = layout.headers
    width = layout.width
    parse_date = date_parser(layout.date_format or "%Y-%m-%d")
    parse_end = date_parser(layout.date_end_format or layout.date_format or "%Y-%m-%d")
    parse_number: Callable[[str], Decimal] = NUMBER_PARSERS.get(layout.number_style or "comma_dot",
                                                                NUMBER_PARSERS["comma_dot"])
    date_i = cols.get("date")
    end_i = cols.get("date_end")
    currency_i = cols.get("currency") if layout.currency else None
    account_i, campaign_i, ad_set_i, ad_i, item_i = (cols.get(name, -1) for name in _DIMENSIONS)
    direct = (layout.number_style or "comma_dot") in ("comma_dot", "plain")  # "1,234": InvalidOperation
    names_i = [cols[name] for name in ("campaign", "ad_set", "ad", "item") if name in cols]
    measures = [(name, cols[name], name not in FRACTIONAL) for name in MEASURES if name in cols]
    extra_cols = _extra_columns(layout)
    pad = layout.kind == "xlsx"
    level, item_constant, currency = layout.level, layout.item_constant, layout.currency
    period_start, period_end = layout.period_start, layout.period_end
    ga4 = layout.platform == "ga4"
    header_line = layout.header_line
    pending_totals: list[int] = []
    days: dict[str, dt.date] = {}  # the cells of the date columns repeat: parsed once
    held: tuple[int, list[str]] | None = None  # a row of the wrong width: the last line cut short?
    data_rows = 0
    started = False
    header_seen = False
    for line, cells in _rows(stream, layout):  # the hot loop: one pass per row of a million-row file
        if line <= header_line:
            header_seen = header_seen or line == header_line
            continue
        if not cells or ((not cells[0] or cells[0].isspace()) and not any(c.strip() for c in cells)):
            continue
        if ga4 and cells[0].startswith("#"):
            break  # the next table of a GA4 export
        if held is not None:
            yield _width_problem(held[1], layout, held[0], last=False, ended=True)
            held = None
        first = cells[0]
        if first and first[0] in TOTAL_INITIALS and is_total(cells):
            if started:  # at the very start (GA4's Grand total): skipped
                pending_totals.append(line)
            continue
        if not started:
            started = True
            if names_i and len(cells) == width and not any(cells[i].strip() for i in names_i):
                continue  # Meta's summary row: the first, every name empty; skipped
        if pending_totals:
            yield Problem("total_row", pending_totals[0], headers[0] if headers else "")
            pending_totals.clear()
        data_rows += 1
        if len(cells) != width:
            if pad and len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            elif len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            else:
                held = (line, cells)
                continue
        if date_i is not None:
            raw = cells[date_i]
            if not raw.strip():
                yield Problem("missing_date", line, headers[date_i])
                continue
            day = days.get(raw)
            if day is None:
                try:
                    day = parse_date(raw)
                except NotADate:
                    yield Problem("bad_date", line, headers[date_i], _cut(raw))
                    continue
                if len(days) < 5000:
                    days[raw] = day
            day_end = day
            if end_i is not None:
                raw_end = cells[end_i]
                cached = days.get(raw_end) if raw_end != raw else day
                if cached is None:
                    try:
                        cached = parse_end(raw_end)
                    except NotADate:
                        yield Problem("bad_date", line, headers[end_i], _cut(raw_end))
                        continue
                day_end = cached
                if day_end < day:
                    yield Problem("bad_range", line, headers[end_i], _cut(cells[end_i]))
                    continue
        elif period_start is not None and period_end is not None:
            day, day_end = period_start, period_end
        else:  # a layout always has one or the other; kept for the type checker
            yield Problem("missing_date", line)
            continue
        bad = False
        values: dict[str, Decimal] = {}
        for name, i, whole in measures:
            cell = cells[i]
            if cell in EMPTY_TOKENS:
                continue
            try:
                value = Decimal(cell) if direct else parse_number(cell)  # Decimal: C speed for plain numbers
                if direct and not value.is_finite():
                    raise NotANumber(cell)
            except (InvalidOperation, NotANumber):
                try:
                    value = parse_number(cell)
                except NotANumber:
                    text = cell.strip()
                    if text in EMPTY_TOKENS:
                        continue
                    if is_masked(text):
                        yield Problem("masked", line, headers[i], _cut(text), NOTICE)
                    else:
                        yield Problem("not_a_number", line, headers[i], _cut(cell), ERROR)
                        bad = True
                    continue
            if whole and not cell.isdigit() and value != value.to_integral_value():
                yield Problem("not_whole", line, headers[i], _cut(cell), ERROR)
                bad = True
                continue
            values[name] = value
        if currency_i is not None:
            code = cells[currency_i].strip()
            if code and code != currency:
                yield Problem("mixed_currency", line, headers[currency_i], _cut(code))
                bad = True
        if bad:
            continue
        yield FactRow(
            line, day, day_end, level,
            cells[account_i].strip() if account_i >= 0 else "",
            cells[campaign_i].strip() if campaign_i >= 0 else "",
            cells[ad_set_i].strip() if ad_set_i >= 0 else "",
            cells[ad_i].strip() if ad_i >= 0 else "",
            cells[item_i].strip() if item_i >= 0 else item_constant,
            values,
            {name: v for name, i in extra_cols if (v := cells[i]) not in EMPTY_TOKENS})
    if held is not None:
        ended = pad or ends_with_newline(stream, layout.encoding)
        yield _width_problem(held[1], layout, held[0], last=True, ended=ended)
    if not header_seen or not data_rows:
        yield Problem("no_rows", None)


def summarise(stream: BinaryIO, layout: Layout, *, progress: Callable[[int], None] | None = None,
              every: int = 10_000) -> Summary:
    """The preview of a file read with ``layout``: period, rows, totals per measure, campaigns, problems.
    ``progress(rows_read)`` is called every ``every`` rows and at the end."""
    summary = Summary(platform=layout.platform, variant=layout.variant, currency=layout.currency)
    read = 0
    last_line = 0
    for item in read_facts(stream, layout):
        if isinstance(item, FactRow):
            summary.add(item)
            line = item.line
        else:
            summary.problem(item)
            line = item.line or last_line
        if line != last_line:
            last_line = line
            read += 1
            if progress is not None and read % every == 0:
                progress(read)
    if progress is not None:
        progress(read)
    return summary
