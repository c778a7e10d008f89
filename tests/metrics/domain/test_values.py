"""Numbers, empty and masked cells, dates and the detection of a column's style."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from cadence.metrics.domain.textio import detect_encoding, sniff
from cadence.metrics.domain.values import (
    DATE_FORMATS,
    NUMBER_PARSERS,
    NUMBER_STYLES,
    NotADate,
    NotANumber,
    date_parser,
    detect_date_format,
    detect_number_style,
    is_empty,
    is_masked,
    parse_date_range,
)


@pytest.mark.parametrize(("style", "cell", "value"), [
    ("comma_dot", "1,234.56", "1234.56"), ("comma_dot", "1234.56", "1234.56"), ("comma_dot", "12", "12"),
    ("comma_dot", "10.52%", "10.52"), ("comma_dot", " 3,918 ", "3918"), ("comma_dot", "-1,000", "-1000"),
    ("dot_comma", "1.234,56", "1234.56"), ("dot_comma", "1234,56", "1234.56"), ("dot_comma", "3,32", "3.32"),
    ("dot_comma", "1.204", "1204"),
    ("space_comma", "1 234,56", "1234.56"), ("space_comma", "1\u00a0234,56", "1234.56"),
    ("space_comma", "1\u202f234\u00a0567,5", "1234567.5"), ("space_comma", "7,05", "7.05"),
    ("plain", "1234.56", "1234.56"), ("plain", "0.0205078125", "0.0205078125"),
])
def test_numbers_in_each_style(style: str, cell: str, value: str) -> None:
    assert NUMBER_PARSERS[style](cell) == Decimal(value)


@pytest.mark.parametrize("style", NUMBER_STYLES)
@pytest.mark.parametrize("cell", ["eleven", "NaN", "Infinity", "1_000", "", "12abc", "1.2.3,4,5"])
def test_text_is_not_a_number_in_any_style(style: str, cell: str) -> None:
    with pytest.raises(NotANumber):
        NUMBER_PARSERS[style](cell)


def test_plain_refuses_grouping() -> None:
    with pytest.raises(NotANumber):
        NUMBER_PARSERS["plain"]("1,234")


def test_empty_and_masked_cells() -> None:
    assert all(is_empty(c) for c in ["", " --", "--", "  "])
    assert not is_empty("0")
    assert is_masked("<5") and is_masked("< 10") and not is_masked("5") and not is_masked("<five")


@pytest.mark.parametrize(("cells", "delimiter", "style"), [
    (["3,918", "84,302", "251.32"], ",", "comma_dot"),
    (["12,50", "1 010,25", "7,05"], ";", "space_comma"),
    (["1.234,56", "987,10", "1.204"], ";", "dot_comma"),
    (["1234,56", "98"], ";", "dot_comma"),
    (["412", "0.61", "<5", " --"], ",", "comma_dot"),
    ([], ",", "comma_dot"),
])
def test_number_style_detection(cells: list[str], delimiter: str, style: str) -> None:
    assert detect_number_style(cells, delimiter=delimiter) == style


@pytest.mark.parametrize(("fmt", "cell", "day"), [
    ("%Y-%m-%d", "2027-03-01", dt.date(2027, 3, 1)), ("%Y%m%d", "20270301", dt.date(2027, 3, 1)),
    ("%m/%d/%Y", "3/1/2027", dt.date(2027, 3, 1)), ("%m/%d/%Y %H:%M", "03/02/2027 18:00", dt.date(2027, 3, 2)),
    ("%d.%m.%Y", "01.03.2027", dt.date(2027, 3, 1)), ("%Y-%m-%dT%H:%M:%S", "2027-03-01T00:00:00",
                                                     dt.date(2027, 3, 1)),
    ("%d/%m/%Y", "25/12/2027", dt.date(2027, 12, 25)),
])
def test_dates(fmt: str, cell: str, day: dt.date) -> None:
    assert fmt in DATE_FORMATS
    assert date_parser(fmt)(cell) == day


@pytest.mark.parametrize(("fmt", "cell"), [("%Y-%m-%d", "2027-02-30"), ("%Y%m%d", "2027030"),
                                           ("%m/%d/%Y", "13/1/2027"), ("%d.%m.%Y", "Lifetime")])
def test_wrong_dates(fmt: str, cell: str) -> None:
    with pytest.raises(NotADate):
        date_parser(fmt)(cell)


def test_date_format_detection() -> None:
    assert detect_date_format(["20270301", "20270302"]) == "%Y%m%d"
    assert detect_date_format(["3/1/2027", "3/2/2027"]) == "%m/%d/%Y"
    assert detect_date_format(["3/1/2027", "25/2/2027"]) == "%d/%m/%Y"
    assert detect_date_format(["01.03.2027", "not a date"]) == "%d.%m.%Y"
    assert detect_date_format(["Lifetime"]) == ""


def test_google_ads_range_line() -> None:
    assert parse_date_range("October 1, 2024 - October 31, 2024") == (dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    assert parse_date_range("March 1, 2027 - March 3, 2027") == (dt.date(2027, 3, 1), dt.date(2027, 3, 3))
    assert parse_date_range("March 3, 2027 - March 1, 2027") is None
    assert parse_date_range("Campaign report") is None


def test_encodings() -> None:
    assert detect_encoding("Название,Показы\n".encode("cp1251")) == "cp1251"
    assert detect_encoding("Zi,Afișări,Campanie,Acoperire\n".encode()) == "utf-8"
    assert detect_encoding("Date,Primary\r\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("\ufeffDate,Primary".encode("utf-16-be")) == "utf-16"


def test_delimiter_sniffing() -> None:
    assert sniff(io.BytesIO(b"a;b;c\n1,5;2;3\n4;5,5;6\n")).delimiter == ";"
    assert sniff(io.BytesIO(b"a\tb\tc\n1,5\t2\t3\n")).delimiter == "\t"
    assert sniff(io.BytesIO(b'a,b,c\n"1,234",2,3\n')).delimiter == ","
    sep = sniff(io.BytesIO(b"sep=;\na;b\n1;2\n"))
    assert (sep.delimiter, sep.sep_line) == (";", True)
