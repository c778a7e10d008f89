"""The reading layer's codes worded for people: each problem of a file (with its line and column), each reason
a file is refused and each reason a column mapping is refused, as whole translated sentences; and the labels
of the fields a column can be mapped to. ``domain/`` returns codes only (it has no gettext)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cadence.metrics.domain.facts import Problem
from cadence.metrics.domain.reader import FileRefused, MappingRefused

FIELD_LABELS = {
    "date": gettext_lazy("Date (or start of the period)"),
    "date_end": gettext_lazy("End of the period"),
    "account": gettext_lazy("Account"),
    "campaign": gettext_lazy("Campaign"),
    "ad_set": gettext_lazy("Ad set / ad group"),
    "ad": gettext_lazy("Ad"),
    "item": gettext_lazy("Post or source / medium"),
    "source": gettext_lazy("Source"),
    "medium": gettext_lazy("Medium"),
    "currency": gettext_lazy("Currency"),
    "impressions": gettext_lazy("Impressions"),
    "reach": gettext_lazy("Reach"),
    "clicks": gettext_lazy("Clicks"),
    "link_clicks": gettext_lazy("Link clicks"),
    "spend": gettext_lazy("Spend"),
    "results": gettext_lazy("Results"),
    "conversions": gettext_lazy("Conversions"),
    "conversion_value": gettext_lazy("Conversion value"),
    "sessions": gettext_lazy("Sessions"),
    "engaged_sessions": gettext_lazy("Engaged sessions"),
    "followers": gettext_lazy("Followers"),
    "likes": gettext_lazy("Likes"),
    "comments": gettext_lazy("Comments"),
    "shares": gettext_lazy("Shares"),
    "saves": gettext_lazy("Saves"),
    "video_views": gettext_lazy("Video views"),
}

NUMBER_STYLE_LABELS = {
    "comma_dot": gettext_lazy("1,234.56 (comma for thousands, dot for decimals)"),
    "dot_comma": gettext_lazy("1.234,56 (dot for thousands, comma for decimals)"),
    "space_comma": gettext_lazy("1 234,56 (space for thousands, comma for decimals)"),
    "plain": gettext_lazy("1234.56 (no thousands separator)"),
}


# The kinds of export the reader recognises (``Layout.variant``: a base, then how long a row's period is).
VARIANT_LABELS = {
    "ads_manager": gettext_lazy("Ads Manager report"),
    "ads_manager_ru": gettext_lazy("Ads Manager report, Russian interface"),
    "ui_download": gettext_lazy("report downloaded from the interface"),
    "ui_download_excel": gettext_lazy("report downloaded for Excel (UTF-16, tab separated)"),
    "traffic_acquisition": gettext_lazy("Traffic acquisition report"),
    "posts": gettext_lazy("export of posts"),
    "daily_metric": gettext_lazy("daily series of one metric"),
    "campaign_performance": gettext_lazy("campaign performance report"),
    "mapped": gettext_lazy("read through a column mapping"),
}
GRANULARITY_LABELS = {
    "daily": gettext_lazy("one row a day"),
    "monthly": gettext_lazy("one row a month"),
    "period": gettext_lazy("one row for the whole period"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def variant_label(variant: str) -> str:
    """A variant code in words ("ads_manager_ru_daily": "Ads Manager report, Russian interface, one row a day");
    an unknown code is shown as it is."""
    if variant in VARIANT_LABELS:
        return str(VARIANT_LABELS[variant])
    base, _sep, granularity = variant.rpartition("_")
    if base in VARIANT_LABELS and granularity in GRANULARITY_LABELS:
        return f"{VARIANT_LABELS[base]}, {GRANULARITY_LABELS[granularity]}"
    return variant


def describe(problem: Problem | Mapping[str, object]) -> str:
    """A problem of a file as one translated sentence with its line, column and cell."""
    if isinstance(problem, Problem):
        code, line, column, value = problem.code, problem.line, problem.column, problem.value
    else:
        code = str(problem.get("code", ""))
        raw_line = problem.get("line")
        line = raw_line if isinstance(raw_line, int) else None
        column, value = str(problem.get("column") or ""), str(problem.get("value") or "")
    params = {"line": line, "column": column, "value": value}
    if line is None:
        whole = {
            "no_rows": _("The file has a header but no data rows."),
            "currency": _("The file's amounts are in %(value)s, not in the engagement's currency: enter an "
                          "exchange rate to import it.") % params,
        }
        return whole.get(code) or _("The file has a problem that stops the import (%(code)s).") % {"code": code}
    sentences = {
        "bad_date": _("Line %(line)s, column “%(column)s”: “%(value)s” is not a date in the file's date format."),
        "missing_date": _("Line %(line)s, column “%(column)s”: the date is missing."),
        "bad_range": _("Line %(line)s, column “%(column)s”: the period ends (%(value)s) before it starts."),
        "not_a_number": _("Line %(line)s, column “%(column)s”: “%(value)s” is not a number."),
        "not_whole": _("Line %(line)s, column “%(column)s”: “%(value)s” should be a whole number; check the "
                       "number format."),
        "total_row": _("Line %(line)s: a total row in the middle of the data; remove it or export the report "
                       "without totals."),
        "truncated_line": _("Line %(line)s: the last line is cut short; the file seems incomplete, download it "
                            "again."),
        "mixed_delimiters": _("Line %(line)s: this line uses another separator than the rest of the file."),
        "mixed_currency": _("Line %(line)s, column “%(column)s”: the currency %(value)s differs from the rest of "
                            "the file."),
        "masked": _("Line %(line)s, column “%(column)s”: the platform hides small numbers (%(value)s); the cell "
                    "is read as empty."),
    }
    if code == "wrong_cells":
        found, _slash, expected = value.partition("/")
        if found.isdigit() and expected.isdigit():
            return ngettext("Line %(line)s: the row has %(found)s cell where the header has %(expected)s.",
                            "Line %(line)s: the row has %(found)s cells where the header has %(expected)s.",
                            int(found)) % {"line": line, "found": found, "expected": expected}
        return _("Line %(line)s: the row has another number of cells than the header.") % params
    sentence = sentences.get(code)
    if sentence is None:
        return _("Line %(line)s: a problem that stops the import (%(code)s).") % {"line": line, "code": code}
    return sentence % params


def refusal(exc: FileRefused) -> str:
    """Why a file cannot be read at all, as one translated sentence (with the line when known)."""
    if exc.line is not None:
        at_line = {
            "truncated_quote": _("The file is cut in the middle of a quoted cell that starts on line %(line)s; "
                                 "download it again."),
            "bad_quote": _("Line %(line)s has a broken quoted cell; the file cannot be read."),
            "encoding": _("Line %(line)s holds characters that do not fit the file's encoding; save the file "
                          "as UTF-8 and upload it again."),
            "too_wide": _("Line %(line)s has more columns than an export can have; this is not a report "
                          "export."),
            "cell_too_long": _("Line %(line)s has a cell far too long for a report; the file cannot be read."),
        }
        sentence = at_line.get(exc.code)
        if sentence is not None:
            return sentence % {"line": exc.line}
    whole = {
        "empty": _("The file is empty."),
        "binary": _("The file is not a CSV or an Excel workbook."),
        "encoding": _("The file's text encoding cannot be recognised; save it as UTF-8 and upload it again."),
        "old_excel": _("Old Excel workbooks (.xls) cannot be read; save the file as .xlsx or CSV."),
        "bad_xlsx": _("The Excel workbook is damaged or is not a workbook."),
        "zip_bomb": _("The Excel workbook would expand to far more data than a report holds; it was not "
                      "opened."),
        "no_header": _("No header row was found in the file."),
        "too_wide": _("The file has more columns than an export can have."),
        "too_long": _("The workbook has more rows than can be imported at once."),
        "cell_too_long": _("The file has a cell far too long for a report."),
        "truncated_quote": _("The file is cut in the middle of a quoted cell; download it again."),
        "bad_quote": _("The file has a broken quoted cell and cannot be read."),
    }
    return whole.get(exc.code) or _("The file cannot be read (%(code)s).") % {"code": exc.code}


def mapping_refusal(exc: MappingRefused) -> str:
    """Why a column mapping cannot be used, as one translated sentence."""
    params = {"field": field_label(exc.field)}
    sentences = {
        "no_header": _("The file has no header row to map."),
        "bad_platform": _("Choose a platform from the list."),
        "bad_level": _("Choose a level from the list."),
        "bad_number_style": _("Choose a number format from the list."),
        "bad_date_format": _("Choose a date format from the list."),
        "bad_currency": _("The currency must be a three-letter code such as EUR or RON."),
        "unknown_field": _("“%(field)s” is not a field a column can be mapped to."),
        "unknown_column": _("The column chosen for “%(field)s” is not in the file's header."),
        "no_date": _("Choose the column that holds the date."),
        "no_measure": _("Choose at least one column with a measure (spend, impressions, clicks, ...)."),
        "column_twice": _("The column chosen for “%(field)s” is already used for another field."),
        "date_format": _("The dates in the column chosen for “%(field)s” do not read in the chosen date "
                         "format; choose another format."),
    }
    sentence = sentences.get(exc.code)
    if sentence is None:
        return _("The column mapping cannot be used (%(code)s).") % {"code": exc.code}
    return sentence % params
