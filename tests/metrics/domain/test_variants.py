"""Files made for each variant (tests/metrics/files and XLSX written here): recognised from headers and preamble,
read with the totals computed by hand."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cadence.metrics.domain.facts import FactRow, Summary
from cadence.metrics.domain.reader import (
    FileRefused,
    MappingRefused,
    ProfileSpec,
    layout_from_mapping,
    read_facts,
    recognise,
    signature,
    summarise,
)

FILES = Path(__file__).resolve().parents[1] / "files"
D = Decimal


def _read(name: str) -> tuple[str, str, str, str, Summary]:
    with (FILES / name).open("rb") as stream:
        recognition = recognise(stream)
        layout = recognition.layout
        assert layout is not None, recognition.headers
        summary = summarise(stream, layout)
    assert summary.error_count == 0, summary.problems
    return recognition.encoding, recognition.delimiter, layout.platform, layout.variant, summary


def test_meta_russian_semicolon_decimal_comma_daily() -> None:
    encoding, delimiter, platform, variant, summary = _read("meta_ads_ru_semicolon.csv")
    assert (encoding, delimiter, platform, variant) == ("utf-8-sig", ";", "meta_ads", "ads_manager_ru_daily")
    assert summary.currency == "EUR" and summary.rows == 3
    # 12,50 + 1 010,25 + 7,05; 1 204 + 2 350 + 610
    assert summary.totals == {
        "spend": D("1029.80"), "impressions": D("4164"), "reach": D("3305"), "link_clicks": D("84"),
        "clicks": D("103"), "results": D("84")}


def test_meta_russian_in_windows_1251_without_bom() -> None:
    encoding, delimiter, platform, variant, summary = _read("meta_ads_ru_cp1251.csv")
    assert (encoding, delimiter, platform, variant) == ("cp1251", ",", "meta_ads", "ads_manager_ru_monthly")
    assert summary.currency == "RUB"
    assert summary.campaigns == {"Онлайн-школа - набор весна", "Онлайн-школа - вебинар"}
    assert summary.totals == {
        "spend": D("6323.40"), "impressions": D("49261"), "reach": D("31210"), "link_clicks": D("865"),
        "conversions": D("70")}


def test_google_ads_utf16_tab_excel_variant_rows_cover_the_range() -> None:
    encoding, delimiter, platform, variant, summary = _read("google_ads_excel_utf16.csv")
    assert (encoding, delimiter, platform, variant) == ("utf-16", "\t", "google_ads", "ui_download_excel")
    assert summary.rows == 3 and summary.currency == "EUR"
    assert (summary.first_day, summary.last_day) == (dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    # the same as the file's own "Total: Account" row
    assert summary.totals == {
        "clicks": D("3254"), "impressions": D("190418"), "spend": D("944.64"), "conversions": D("69.50"),
        "conversion_value": D("3390.50")}


def test_ga4_romanian_preamble_and_headers_skip_the_grand_total() -> None:
    _, _, platform, variant, summary = _read("ga4_ro.csv")
    assert (platform, variant) == ("ga4", "traffic_acquisition")
    assert summary.rows == 2
    assert (summary.first_day, summary.last_day) == (dt.date(2027, 4, 1), dt.date(2027, 4, 30))
    assert summary.totals == {
        "sessions": D("3100"), "engaged_sessions": D("2010"), "conversions": D("75"),
        "conversion_value": D("2500.50")}


def test_ga4_russian_preamble_with_a_date_column_gives_daily_rows() -> None:
    with (FILES / "ga4_ru_daily.csv").open("rb") as stream:
        layout = recognise(stream).layout
        assert layout is not None and layout.date_format == "%Y%m%d"
        rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    assert [(r.item, r.day, r.day_end) for r in rows] == [
        ("yandex / cpc", dt.date(2027, 3, 1), dt.date(2027, 3, 1)),
        ("yandex / cpc", dt.date(2027, 3, 2), dt.date(2027, 3, 2)),
        ("vk / social", dt.date(2027, 3, 2), dt.date(2027, 3, 2))]
    assert sum((r.measures["sessions"] for r in rows), D(0)) == D("295")


def test_facebook_posts_keep_a_formula_as_plain_text() -> None:
    _, _, platform, variant, summary = _read("facebook_posts.csv")
    assert (platform, variant) == ("facebook", "posts")
    assert summary.totals == {"reach": D("3730"), "likes": D("228"), "comments": D("32"), "shares": D("14")}
    with (FILES / "facebook_posts.csv").open("rb") as stream:
        layout = recognise(stream).layout
        assert layout is not None
        rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    assert rows[1].item == "123456789012345_1000000002"
    assert rows[1].extra["Description"] == '=HYPERLINK("http://evil.example","click")'


def _meta_xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Campaign name", "Ad set name", "Day", "Amount spent (RON)", "Impressions", "Reach",
                  "Link clicks", "Results", "CTR (all)"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_xlsx_meta_daily_with_dates_and_numbers_as_cells() -> None:
    stream = _meta_xlsx([
        ["Spring", "Broad", dt.date(2027, 3, 1), 120.5, 10400, 8000, 95, 95, 0.0091],
        ["Spring", "Broad", dt.date(2027, 3, 2), 99.25, 9800, 7600, 88, 88, 0.009],
        ["Brand", "=HYPERLINK(\"http://x\")", "2027-03-02", "10.00", "1,000", 900, 5, 5, None],
    ])
    recognition = recognise(stream)
    layout = recognition.layout
    assert recognition.kind == "xlsx" and layout is not None
    assert (layout.platform, layout.variant, layout.level, layout.currency) == (
        "meta_ads", "ads_manager_daily", "ad_set", "RON")
    summary = summarise(stream, layout)
    assert summary.error_count == 0, summary.problems
    assert summary.rows == 3 and (summary.first_day, summary.last_day) == (dt.date(2027, 3, 1), dt.date(2027, 3, 2))
    assert summary.totals == {"spend": D("229.75"), "impressions": D("21200"), "reach": D("16500"),
                              "link_clicks": D("188"), "results": D("188")}


def test_unknown_romanian_export_needs_a_mapping_then_reads_right() -> None:
    with (FILES / "romanian_unknown.csv").open("rb") as stream:
        recognition = recognise(stream)
    assert recognition.layout is None and recognition.profile_id is None
    assert recognition.headers == ["Zi", "Campanie", "Afișări", "Clicuri", "Cost (RON)", "CTR"]
    assert recognition.header_line == 1 and recognition.delimiter == ";"
    assert recognition.sample[0] == ["01.03.2027", "Brand", "1.204", "98", "1.234,56", "8,14%"]
    mapping = {"date": "Zi", "campaign": "Campanie", "impressions": "Afișări", "clicks": "Clicuri",
               "spend": "Cost (RON)"}
    layout = layout_from_mapping(recognition, mapping, platform="google_ads", level="campaign")
    assert (layout.number_style, layout.date_format, layout.currency) == ("dot_comma", "%d.%m.%Y", "RON")
    with (FILES / "romanian_unknown.csv").open("rb") as stream:
        summary = summarise(stream, layout)
    assert summary.error_count == 0, summary.problems
    assert summary.totals == {"impressions": D("17504"), "clicks": D("383"), "spend": D("2531.66")}
    assert (summary.first_day, summary.last_day) == (dt.date(2027, 3, 1), dt.date(2027, 3, 2))
    # saved as a profile: the next file with the same header is read with it, however its header is spaced
    profile = ProfileSpec(id=7, signature=signature([" zi", "Campanie ", "AFIȘĂRI", "Clicuri", "Cost  (RON)",
                                                     "CTR"]),
                          mapping=mapping, platform="google_ads", level="campaign")
    assert profile.signature == recognition.signature
    with (FILES / "romanian_unknown.csv").open("rb") as stream:
        again = recognise(stream, [ProfileSpec(id=1, signature="x" * 64), profile])
    assert again.profile_id == 7 and again.layout is not None and again.layout.profile_id == 7
    assert again.layout.columns == layout.columns


@pytest.mark.parametrize(("mapping", "options", "code", "field"), [
    ({"campaign": "Campanie", "spend": "Cost (RON)"}, {}, "no_date", "date"),
    ({"date": "Zi", "campaign": "Campanie"}, {}, "no_measure", ""),
    ({"date": "Zi", "spend": "Costul"}, {}, "unknown_column", "spend"),
    ({"date": "Zi", "budget": "Cost (RON)"}, {}, "unknown_field", "budget"),
    ({"date": "Zi", "spend": "Cost (RON)", "clicks": "Cost (RON)"}, {}, "column_twice", "spend"),
    ({"date": "Zi", "spend": "Cost (RON)"}, {"date_format": "%Y-%m-%d"}, "date_format", "date"),
    ({"date": "Zi", "spend": "Cost (RON)"}, {"date_format": "%Q"}, "bad_date_format", "date_format"),
    ({"date": "Zi", "spend": "Cost (RON)"}, {"number_style": "roman"}, "bad_number_style", "number_style"),
    ({"date": "Zi", "spend": "Cost (RON)"}, {"currency": "lei"}, "bad_currency", "currency"),
    ({"date": "Zi", "spend": "Cost (RON)"}, {"platform": "myspace"}, "bad_platform", "platform"),
    ({"date": "Zi", "spend": "Cost (RON)"}, {"level": "galaxy"}, "bad_level", "level"),
])
def test_a_mapping_that_cannot_work_is_refused_with_its_field(
        mapping: dict[str, str], options: dict[str, str], code: str, field: str) -> None:
    with (FILES / "romanian_unknown.csv").open("rb") as stream:
        recognition = recognise(stream)
    kwargs = {"platform": "other", "level": "campaign", **options}
    with pytest.raises(MappingRefused) as refused:
        layout_from_mapping(recognition, mapping, **kwargs)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_layout_round_trips_through_a_dict() -> None:
    with (FILES / "google_ads_excel_utf16.csv").open("rb") as stream:
        layout = recognise(stream).layout
    assert layout is not None
    from cadence.metrics.domain.layouts import Layout

    assert Layout.from_dict(layout.as_dict()) == layout


def test_recognition_never_looks_at_the_name() -> None:
    # the same bytes as a Meta export, whatever the caller calls it: only the header counts
    data = (FILES / "meta_ads_ru_cp1251.csv").read_bytes()
    assert recognise(io.BytesIO(data)).layout is not None
    with pytest.raises(FileRefused):
        recognise(io.BytesIO(b""))


def test_meta_with_a_day_column_takes_the_day_not_the_report_range() -> None:
    data = (b"Reporting starts,Reporting ends,Day,Campaign name,Amount spent (EUR),Impressions\n"
            b"2027-03-01,2027-03-31,2027-03-05,Spring,10.00,100\n"
            b"2027-03-01,2027-03-31,2027-03-06,Spring,5.50,60\n")
    stream = io.BytesIO(data)
    layout = recognise(stream).layout
    assert layout is not None and layout.variant == "ads_manager_daily"
    rows = [r for r in read_facts(stream, layout) if isinstance(r, FactRow)]
    assert [(r.day, r.day_end) for r in rows] == [(dt.date(2027, 3, 5),) * 2, (dt.date(2027, 3, 6),) * 2]
    assert rows[0].extra["Reporting ends"] == "2027-03-31"


def test_google_ads_with_month_name_days() -> None:
    data = (b"Campaign report\n\"March 1, 2027 - March 2, 2027\"\n"
            b"Day,Campaign,Clicks,Impr.,Cost\n"
            b"\"Mar 1, 2027\",Brand,10,\"1,000\",5.00\n\"Mar 2, 2027\",Brand,12,\"1,100\",6.00\n")
    stream = io.BytesIO(data)
    layout = recognise(stream).layout
    assert layout is not None and layout.date_format == "%b %d, %Y"
    summary = summarise(stream, layout)
    assert summary.error_count == 0 and summary.totals == {"clicks": D("22"), "impressions": D("2100"),
                                                           "spend": D("11.00")}
    assert (summary.first_day, summary.last_day) == (dt.date(2027, 3, 1), dt.date(2027, 3, 2))


def test_a_legacy_romanian_export_in_windows_1250_reads_through_a_mapping() -> None:
    text = ("Zi;Campanie;Afişări;Clicuri;Cost (RON)\r\n"
            "01.03.2027;Şcoală de vară - înscrieri;1.204;98;1.234,56\r\n"
            "02.03.2027;Târgul de toamnă;980;75;987,10\r\n")
    stream = io.BytesIO(text.encode("cp1250"))
    recognition = recognise(stream)
    assert (recognition.encoding, recognition.delimiter, recognition.layout) == ("cp1250", ";", None)
    assert recognition.headers[2] == "Afişări"
    layout = layout_from_mapping(recognition, {"date": "Zi", "campaign": "Campanie", "impressions": "Afişări",
                                               "clicks": "Clicuri", "spend": "Cost (RON)"},
                                 platform="google_ads", level="campaign")
    summary = summarise(stream, layout)
    assert summary.error_count == 0 and summary.currency == "RON"
    assert summary.campaigns == {"Şcoală de vară - înscrieri", "Târgul de toamnă"}
    assert summary.totals == {"impressions": D("2184"), "clicks": D("173"), "spend": D("2221.66")}


def test_every_recognised_variant_has_words():
    """The page names the kind of export in words: every built-in variant, with each granularity the reader
    adds, has a label (an unknown code would show as it is)."""
    from django.utils import translation

    from cadence.metrics.domain import layouts
    from cadence.metrics.problems import GRANULARITY_LABELS, variant_label

    bases = {b.variant for b in vars(layouts).values() if isinstance(b, layouts.Builtin)} | {"ui_download_excel",
                                                                                               "mapped"}
    with translation.override("en"):
        for base in bases:
            assert variant_label(base) != base, base
        assert variant_label("ads_manager_ru_daily") == "Ads Manager report, Russian interface, one row a day"
        assert set(GRANULARITY_LABELS) == {"daily", "monthly", "period"}
        assert variant_label("something_new") == "something_new"
