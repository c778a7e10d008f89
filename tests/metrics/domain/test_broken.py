"""Broken files: each is refused or reads with its problem at the right line, never a crash."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from cadence.metrics.domain.facts import ERROR, FactRow, Problem
from cadence.metrics.domain.reader import FileRefused, read_facts, recognise, summarise

HEADER = "Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks\n"
ROW1 = "2027-03-01,2027-03-01,Spring,10.50,1000,12\n"
ROW2 = "2027-03-02,2027-03-02,Spring,11.25,1100,14\n"


def _problems(data: bytes) -> tuple[list[FactRow], list[Problem]]:
    stream = io.BytesIO(data)
    layout = recognise(stream).layout
    assert layout is not None
    items = list(read_facts(stream, layout))
    return [i for i in items if isinstance(i, FactRow)], [i for i in items if isinstance(i, Problem)]


def _codes(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


def _refused(data: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as refused:
        stream = io.BytesIO(data)
        recognition = recognise(stream)
        assert recognition.layout is not None
        list(read_facts(stream, recognition.layout))
    return refused.value


def test_the_good_file_reads() -> None:
    rows, problems = _problems((HEADER + ROW1 + ROW2).encode())
    assert len(rows) == 2 and problems == []


def test_binary_junk_is_refused() -> None:
    junk = bytes(range(256)) * 40 + os.urandom(2000)
    assert _refused(junk).code == "binary"
    assert _refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)).code == "binary"


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    assert _refused(data).code == "empty"


def test_a_header_only_has_no_rows() -> None:
    rows, problems = _problems(HEADER.encode())
    assert rows == [] and _codes(problems) == [("no_rows", None)]
    summary = summarise(io.BytesIO(HEADER.encode()), recognise(io.BytesIO(HEADER.encode())).layout)  # type: ignore[arg-type]
    assert not summary.ok and summary.error_count == 1


def test_a_truncated_last_line() -> None:
    rows, problems = _problems((HEADER + ROW1 + "2027-03-02,2027-03-02,Spr").encode())
    assert len(rows) == 1 and _codes(problems) == [("truncated_line", 3)]


def test_a_last_line_cut_inside_a_number_without_a_newline_still_has_its_cells() -> None:
    # no line break at the end is normal; a complete last row reads
    rows, problems = _problems((HEADER + ROW1 + ROW2.rstrip("\n")).encode())
    assert len(rows) == 2 and problems == []


def test_a_file_cut_in_the_middle_of_a_quoted_field() -> None:
    data = (HEADER + ROW1 + '2027-03-02,2027-03-02,"Spring, the sale').encode()
    refused = _refused(data)
    assert (refused.code, refused.line) == ("truncated_quote", 3)


def test_a_short_file_cut_in_its_header_quote_is_refused_by_recognise() -> None:
    refused = _refused(b'Reporting starts,"Reporting ends,Campaign name\n2027-03-01,')
    assert refused.code == "truncated_quote"


def test_mixed_delimiters() -> None:
    rows, problems = _problems((HEADER + ROW1 + ROW2.replace(",", ";") + ROW1).encode())
    assert len(rows) == 2 and _codes(problems) == [("mixed_delimiters", 3)]


def test_a_row_with_the_wrong_number_of_cells() -> None:
    rows, problems = _problems((HEADER + "2027-03-01,2027-03-01,Spring,10.50,1000\n" + ROW2).encode())
    assert len(rows) == 1 and _codes(problems) == [("wrong_cells", 2)]
    assert problems[0].value == "5/6"


def test_a_total_row_in_the_middle_is_an_error_at_its_line_and_at_the_end_is_skipped() -> None:
    total = "Total,,,21.75,2100,26\n"
    rows, problems = _problems((HEADER + ROW1 + total + ROW2 + total).encode())
    assert len(rows) == 2 and _codes(problems) == [("total_row", 3)]
    rows, problems = _problems((HEADER + ROW1 + ROW2 + total).encode())
    assert len(rows) == 2 and problems == []


def test_text_in_a_number_column() -> None:
    rows, problems = _problems((HEADER + ROW1 + "2027-03-02,2027-03-02,Spring,eleven,1100,14\n").encode())
    assert len(rows) == 1
    assert [(p.code, p.line, p.column, p.value, p.severity) for p in problems] == [
        ("not_a_number", 3, "Amount spent (USD)", "eleven", ERROR)]


def test_a_fraction_in_a_count_column() -> None:
    _, problems = _problems((HEADER + "2027-03-01,2027-03-01,Spring,10.50,1000.5,12\n").encode())
    assert [(p.code, p.line, p.column) for p in problems] == [("not_whole", 2, "Impressions")]


def test_a_wrong_date() -> None:
    rows, problems = _problems((HEADER + ROW1 + "2027-02-30,2027-02-30,Spring,11.25,1100,14\n" + ROW2).encode())
    assert len(rows) == 2
    assert [(p.code, p.line, p.column, p.value) for p in problems] == [
        ("bad_date", 3, "Reporting starts", "2027-02-30")]


def test_a_period_ending_before_it_starts() -> None:
    _, problems = _problems((HEADER + "2027-03-05,2027-03-01,Spring,10.50,1000,12\n").encode())
    assert _codes(problems) == [("bad_range", 2)]


def test_a_formula_injection_cell_stays_plain_text() -> None:
    rows, problems = _problems((HEADER + '2027-03-01,2027-03-01,"=HYPERLINK(""http://evil"",""x"")",1,1,1\n'
                                + "2027-03-01,2027-03-01,+cmd|' /C calc'!A0,1,1,1\n"
                                + "2027-03-01,2027-03-01,@SUM(1+1),1,1,1\n").encode())
    assert problems == []
    assert [r.campaign for r in rows] == ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


def test_a_bad_byte_in_the_middle_of_a_utf8_file() -> None:
    data = (HEADER + ROW1 * 2000).encode() + b"2027-03-02,2027-03-02,\xff\xfeBad,1,1,1\n"
    refused = _refused(data)
    assert (refused.code, refused.line) == ("encoding", 2002)


def test_an_old_xls_is_refused() -> None:
    assert _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)).code == "old_excel"


def test_a_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _refused(out.getvalue()).code == "bad_xlsx"
    assert _refused(b"PK\x03\x04" + b"garbage" * 50).code == "bad_xlsx"


def test_a_zip_bomb_as_xlsx_is_refused_before_it_is_opened() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"<row><c><v>0</v></c></row>" * 40_000
            for _ in range(60):  # ~65 MB of highly compressible XML, a few hundred KB compressed
                sheet.write(chunk)
    assert len(out.getvalue()) < 1_000_000
    assert _refused(out.getvalue()).code == "zip_bomb"


def test_a_workbook_over_the_uncompressed_total_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from cadence.metrics.domain import textio

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", os.urandom(300_000))  # incompressible: no ratio alarm
    monkeypatch.setattr(textio, "XLSX_MAX_UNCOMPRESSED", 200_000)
    assert _refused(out.getvalue()).code == "zip_bomb"


def test_a_too_wide_file() -> None:
    refused = _refused((",".join(f"c{i}" for i in range(600)) + "\n").encode())
    assert refused.code == "too_wide"


def test_a_file_without_any_header_like_row() -> None:
    assert _refused(b"1,2,3\n4,5,6\n7,8,9\n").code == "no_header"


def test_a_masked_count_is_a_notice_not_an_error() -> None:
    rows, problems = _problems((HEADER + "2027-03-01,2027-03-01,Spring,10.50,<5,--\n").encode())
    assert [(p.code, p.severity) for p in problems] == [("masked", "notice")]
    assert rows[0].measures == {"spend": __import__("decimal").Decimal("10.50")}


def test_a_summary_row_first_with_every_name_empty_is_skipped_once() -> None:
    summary_row = "2027-03-01,2027-03-02,,21.75,2100,26\n"
    rows, problems = _problems((HEADER + summary_row + ROW1 + ROW2).encode())
    assert [r.line for r in rows] == [3, 4] and problems == []
    # later an unnamed row is data (a campaign without a name is still spend)
    rows, problems = _problems((HEADER + ROW1 + summary_row).encode())
    assert [r.line for r in rows] == [2, 3] and problems == []


def test_summarise_reports_progress() -> None:
    data = (HEADER + ROW1 * 25).encode()
    stream = io.BytesIO(data)
    layout = recognise(stream).layout
    assert layout is not None
    seen: list[int] = []
    summary = summarise(stream, layout, progress=seen.append, every=10)
    assert seen == [10, 20, 25] and summary.rows == 25


def test_a_first_line_without_end_is_refused_from_the_head() -> None:
    refused = _refused(b"a," * 100_000)
    assert (refused.code, refused.line) == ("too_wide", 1)


def test_an_empty_workbook_is_refused() -> None:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert _refused(out.getvalue()).code == "empty"
