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
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import BinaryIO

from cadence.metrics.domain.facts import ERROR, FRACTIONAL, MEASURES, NOTICE, FactRow, Problem, Summary
from cadence.metrics.domain.layouts import Layout
from cadence.metrics.domain.profiles import ProfileSpec, signature
from cadence.metrics.domain.recognition import (
    MappingRefused,
    Recognition,
    is_total,
    layout_from_mapping,
    recognise,
)
from cadence.metrics.domain.textio import DELIMITERS, FileRefused, Lines, Sniffed, csv_rows, xlsx_rows
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


def _rows(stream: BinaryIO, layout: Layout) -> Iterator[tuple[int, list[str], Lines | None]]:
    if layout.kind == "xlsx":
        yield from xlsx_rows(stream)
    else:
        yield from csv_rows(stream, Sniffed("csv", layout.encoding, layout.delimiter, False))


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


def _width_problem(cells: list[str], layout: Layout, line: int, lines: Lines | None) -> Problem:
    if lines is not None and not lines.ended and len(cells) < layout.width:
        return Problem("truncated_line", line, value=_cut(lines.last))
    if lines is not None and lines.last:
        for other in DELIMITERS:
            if other == layout.delimiter or other not in lines.last:
                continue
            try:
                split = next(csv.reader([lines.last.rstrip("\r\n")], delimiter=other))
            except csv.Error:
                continue
            if len(split) == layout.width:
                return Problem("mixed_delimiters", line, value=_cut(lines.last.rstrip("\r\n")))
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
    currency_i = cols.get("currency")
    dims = [(name, cols[name]) for name in _DIMENSIONS if name in cols]
    measures = [(name, cols[name], name not in FRACTIONAL) for name in MEASURES if name in cols]
    extra_cols = _extra_columns(layout)
    pad = layout.kind == "xlsx"
    level, item_constant = layout.level, layout.item_constant
    period = (layout.period_start, layout.period_end)
    pending_totals: list[int] = []
    data_rows = 0
    header_seen = False
    for line, cells, lines in _rows(stream, layout):
        if line < layout.header_line:
            continue
        if line == layout.header_line:
            header_seen = True
            continue
        if not cells or not any(c.strip() for c in cells):
            continue
        if layout.platform == "ga4" and cells[0].startswith("#"):
            break  # the next table of a GA4 export
        if is_total(cells):
            if data_rows:  # at the very start (GA4's Grand total, Meta's summary): skipped
                pending_totals.append(line)
            continue
        if pending_totals:
            yield Problem("total_row", pending_totals[0], value=_cut(cells[0]))
            pending_totals.clear()
        data_rows += 1
        if len(cells) != width:
            if pad and len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            elif len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            else:
                yield _width_problem(cells, layout, line, lines)
                continue
        bad = False
        if date_i is not None:
            raw = cells[date_i]
            if not raw.strip():
                yield Problem("missing_date", line, headers[date_i])
                continue
            try:
                day = parse_date(raw)
            except NotADate:
                yield Problem("bad_date", line, headers[date_i], _cut(raw))
                continue
            day_end = day
            if end_i is not None:
                try:
                    day_end = parse_end(cells[end_i])
                except NotADate:
                    yield Problem("bad_date", line, headers[end_i], _cut(cells[end_i]))
                    continue
            if day_end < day:
                yield Problem("bad_range", line, headers[end_i if end_i is not None else date_i],
                              _cut(cells[end_i] if end_i is not None else raw))
                continue
        elif period[0] is not None and period[1] is not None:
            day, day_end = period[0], period[1]
        else:  # a layout always has one or the other; kept for the type checker
            yield Problem("missing_date", line)
            continue
        values: dict[str, Decimal] = {}
        for name, i, whole in measures:
            cell = cells[i]
            text = cell.strip()
            if text in EMPTY_TOKENS:
                continue
            try:
                value = parse_number(text)
            except NotANumber:
                if is_masked(text):
                    yield Problem("masked", line, headers[i], _cut(text), NOTICE)
                else:
                    yield Problem("not_a_number", line, headers[i], _cut(cell), ERROR)
                    bad = True
                continue
            if whole and value != value.to_integral_value():
                yield Problem("not_whole", line, headers[i], _cut(cell), ERROR)
                bad = True
                continue
            values[name] = value
        if currency_i is not None and layout.currency:
            code = cells[currency_i].strip()
            if code and code != layout.currency:
                yield Problem("mixed_currency", line, headers[currency_i], _cut(code))
                bad = True
        if bad:
            continue
        names = {name: cells[i].strip() for name, i in dims}
        if item_constant:
            names["item"] = item_constant
        yield FactRow(
            line=line, day=day, day_end=day_end, level=level, measures=values,
            extra={name: cells[i] for name, i in extra_cols if cells[i].strip() and cells[i].strip() != "--"},
            **names)
    if not header_seen:
        yield Problem("no_rows", None)
    elif not data_rows:
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
