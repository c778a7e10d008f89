"""Cells to values: numbers in the styles exports use, masked and empty cells, dates, and detecting a column's
number style and date format from a few sample cells.

Number styles (``NUMBER_STYLES``):

- ``comma_dot``: ``1,234.56`` (commas group thousands, a dot is the decimal point; ``1234.56`` reads too);
- ``dot_comma``: ``1.234,56`` (dots group, a comma is the decimal point; ``1234,56`` reads too);
- ``space_comma``: ``1 234,56`` (spaces, non-breaking or narrow, group; a comma is the decimal point);
- ``plain``: ``1234.56`` only.

Every style also accepts spaces around, non-breaking spaces between digits, a trailing ``%`` (the number before
it: rates are kept as text anyway) and a leading ``-``. Empty cells, ``--`` and `` --`` are empty (no value);
``<5`` and the like (a count the platform masks) is empty too and marked masked, so the reader can say so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

NUMBER_STYLES: tuple[str, ...] = ("comma_dot", "dot_comma", "space_comma", "plain")

# The strptime formats a mapping may pick (the readers use fast equivalents of the common ones).
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%m/%d/%Y %H:%M", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%Y/%m/%d", "%b %d, %Y", "%B %d, %Y",
)

EMPTY_TOKENS = frozenset({"", "--", " --", "-", "—", "n/a", "N/A"})
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_MASKED = re.compile(r"^[<≤]\s*\d+$")


class NotANumber(ValueError):
    """A cell that should hold a number does not."""


class NotADate(ValueError):
    """A cell that should hold a date does not."""


def is_empty(cell: str) -> bool:
    return cell.strip() in EMPTY_TOKENS


def is_masked(cell: str) -> bool:
    """``<5``: a small count the platform hides."""
    return bool(_MASKED.match(cell.strip()))


def _finite(text: str, original: str) -> Decimal:
    if not text or "_" in text:
        raise NotANumber(original)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise NotANumber(original) from None
    if not value.is_finite():
        raise NotANumber(original)
    return value


def _strip(cell: str) -> str:
    text = cell.strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    return text


def parse_comma_dot(cell: str) -> Decimal:
    if "_" not in cell:
        try:  # the common case: a plain number (Decimal allows the spaces around)
            value = Decimal(cell)
            if value.is_finite():
                return value
        except InvalidOperation:
            pass
    return _finite(_strip(cell).replace(",", "").translate(_SPACES), cell)


def parse_dot_comma(cell: str) -> Decimal:
    if "." not in cell and "," not in cell and "_" not in cell:
        try:
            value = Decimal(cell)
            if value.is_finite():
                return value
        except InvalidOperation:
            pass
    return _finite(_strip(cell).replace(".", "").translate(_SPACES).replace(",", "."), cell)


def parse_space_comma(cell: str) -> Decimal:
    text = _strip(cell).translate(_SPACES)
    if "." in text and "," in text:
        raise NotANumber(cell)
    return _finite(text.replace(",", "."), cell)


def parse_plain(cell: str) -> Decimal:
    text = _strip(cell)
    if "," in text or " " in text:
        raise NotANumber(cell)
    return _finite(text, cell)


NUMBER_PARSERS: dict[str, Callable[[str], Decimal]] = {
    "comma_dot": parse_comma_dot, "dot_comma": parse_dot_comma, "space_comma": parse_space_comma,
    "plain": parse_plain,
}

_GROUPED_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?%?$")
_GROUPED_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?%?$")
_GROUPED_SPACE = re.compile(r"^-?\d{1,3}([ \u00a0\u202f]\d{3})+(,\d+)?%?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+%?$")
_DECIMAL_DOT = re.compile(r"^-?\d+\.\d+%?$")


def detect_number_style(cells: Iterable[str], *, delimiter: str = ",") -> str:
    """The style that reads the sample cells (numbers of the measure columns), ``comma_dot`` when they do not
    tell (plain integers read in every style)."""
    votes = {"comma_dot": 0, "dot_comma": 0, "space_comma": 0}
    for raw in cells:
        cell = raw.strip()
        if not cell or is_empty(cell) or is_masked(cell):
            continue
        if _GROUPED_SPACE.match(cell):
            votes["space_comma"] += 2
        elif _GROUPED_COMMA.match(cell):
            # "1,234" is a thousand in a comma-separated file (the cell was quoted) and a decimal elsewhere
            votes["comma_dot" if ("." in cell or delimiter == ",") else "dot_comma"] += 1
        elif _GROUPED_DOT.match(cell):
            votes["dot_comma" if "," in cell else "comma_dot"] += 1 if "," in cell else 0
        elif _DECIMAL_COMMA.match(cell):
            votes["dot_comma"] += 2
        elif _DECIMAL_DOT.match(cell):
            votes["comma_dot"] += 1
    best = max(votes, key=lambda k: votes[k])
    if votes[best] == 0:
        return "comma_dot"
    if best == "dot_comma" and votes["space_comma"]:
        return "space_comma"
    return best


# ---- dates ------------------------------------------------------------------------------------------------

def _iso(cell: str) -> dt.date:
    return dt.date.fromisoformat(cell[:10]) if len(cell) >= 10 and cell[4] == "-" else _fail(cell)


def _compact(cell: str) -> dt.date:
    if len(cell) != 8 or not cell.isdigit():
        _fail(cell)
    return dt.date(int(cell[:4]), int(cell[4:6]), int(cell[6:]))


def _fail(cell: str) -> dt.date:
    raise NotADate(cell)


def _slashed(month_first: bool) -> Callable[[str], dt.date]:
    def parse(cell: str) -> dt.date:
        head = cell.split(" ", 1)[0]
        parts = head.split("/")
        if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            _fail(cell)
        a, b, year = int(parts[0]), int(parts[1]), int(parts[2])
        return dt.date(year, a, b) if month_first else dt.date(year, b, a)
    return parse


def _dotted(cell: str) -> dt.date:
    parts = cell.split(" ", 1)[0].split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        _fail(cell)
    return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))


def _ymd_slashed(cell: str) -> dt.date:
    parts = cell.split(" ", 1)[0].split("/")
    if len(parts) != 3 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
        _fail(cell)
    return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))


_FAST: dict[str, Callable[[str], dt.date]] = {
    "%Y-%m-%d": _iso, "%Y-%m-%dT%H:%M:%S": _iso, "%Y-%m-%d %H:%M:%S": _iso, "%Y%m%d": _compact,
    "%m/%d/%Y": _slashed(True), "%m/%d/%Y %H:%M": _slashed(True), "%d/%m/%Y": _slashed(False),
    "%d.%m.%Y": _dotted, "%d.%m.%Y %H:%M": _dotted, "%Y/%m/%d": _ymd_slashed,
}


def date_parser(fmt: str) -> Callable[[str], dt.date]:
    """A function reading a cell in ``fmt`` (a strptime format) to a date; raises NotADate."""
    fast = _FAST.get(fmt)

    def parse(cell: str) -> dt.date:
        text = cell.strip()
        try:
            if fast is not None:
                return fast(text)
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 -- a calendar day, no time zone
        except (ValueError, IndexError):
            raise NotADate(cell) from None
    return parse


def detect_date_format(cells: Iterable[str]) -> str:
    """The format of DATE_FORMATS reading the most sample cells, the first such in order ("" when none reads
    any): a wrong date among the samples does not hide the format of the others."""
    sample = [c.strip() for c in cells if c.strip()]
    best, best_count = "", 0
    for fmt in DATE_FORMATS:
        parse = date_parser(fmt)
        count = 0
        for cell in sample:
            try:
                parse(cell)
            except NotADate:
                continue
            count += 1
        if count > best_count:
            best, best_count = fmt, count
    if best == "%m/%d/%Y" and any(c.split("/")[0].isdigit() and int(c.split("/")[0]) > 12 for c in sample):
        return "%d/%m/%Y"
    return best


_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_RANGE = re.compile(r"^\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s*[-–]\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s*$")


def parse_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """Google Ads' range line: ``October 1, 2024 - October 31, 2024`` (None when it is not one)."""
    m = _RANGE.match(text)
    if not m:
        return None
    first, last = _MONTHS.get(m.group(1).lower()), _MONTHS.get(m.group(4).lower())
    if first is None or last is None:
        return None
    try:
        start = dt.date(int(m.group(3)), first, int(m.group(2)))
        end = dt.date(int(m.group(6)), last, int(m.group(5)))
    except ValueError:
        return None
    return (start, end) if start <= end else None
