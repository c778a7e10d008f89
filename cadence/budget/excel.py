"""The budget as an Excel workbook (openpyxl) that stays alive: totals, variances, the category sums and the
advertising rollover are FORMULAS over the planned and actual cells (=SUM(...), =D6-D14, =MAX(...)), so a
change typed into the workbook moves every figure that depends on it, as in seed 002's template.

``build(view)`` also returns, for every formula cell, the number the app shows for it (from the same
``BudgetView``: ``domain.totals`` and ``domain.rollover``); the tests recalculate the file and compare.
Headers are in the reader's language; amounts carry the engagement's currency in their number format.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cadence.budget.models import Category
from cadence.budget.queries import SYMBOLS, BudgetView, channel_label, month_short

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SETTING_CELL = "$C$2"  # 1: an overspend is taken from the next month; 0: it is not carried
FIRST_MONTH_COLUMN = 4  # D


@dataclass
class Built:
    workbook: Any
    expected: dict[str, Decimal] = field(default_factory=dict)  # "D12" -> the app's number for that formula
    rows: dict[str, int] = field(default_factory=dict)  # named rows (tests change a planned cell, read one back)


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def build(view: BudgetView) -> Built:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws: Any = wb.active
    ws.title = str(_("Budget"))[:31]
    out = Built(wb)
    symbol = SYMBOLS.get(view.currency, view.currency).replace('"', "")
    money = f'#,##0.00 "{symbol}";-#,##0.00 "{symbol}"'
    bold, section_fill = Font(bold=True), PatternFill("solid", fgColor="EEF2F7")
    months = view.months
    cols = [_col(FIRST_MONTH_COLUMN + i) for i in range(len(months))]
    total_col = _col(FIRST_MONTH_COLUMN + len(months))
    first_col, last_col = cols[0], cols[-1]

    ws["A1"] = _("Budget: %(engagement)s") % {"engagement": view.engagement.name}
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("An overspend is taken from the next month (1 = yes, 0 = no)")
    ws["C2"] = 1 if view.settings.overspend_reduces_next else 0
    ws["D2"] = _("Currency: %(currency)s") % {"currency": view.currency}
    header = 4
    for column, text in (("A", _("Category")), ("B", _("Channel")), ("C", _("Line"))):
        ws[f"{column}{header}"] = text
    for col, m in zip(cols, months, strict=True):
        ws[f"{col}{header}"] = month_short(m)
    ws[f"{total_col}{header}"] = _("Total")
    for cell in ws[header]:
        cell.font = bold
    row = header + 1
    categories = dict(view.categories)

    def section(title: str) -> None:
        nonlocal row
        ws[f"A{row}"] = title
        ws[f"A{row}"].font = bold
        for c in range(1, FIRST_MONTH_COLUMN + len(months) + 1):
            ws.cell(row=row, column=c).fill = section_fill
        row += 1

    def formula(coord: str, text: str, expected: Decimal) -> None:
        ws[coord] = text
        ws[coord].number_format = money
        out.expected[coord] = expected

    def labels(r: int, category: str, channel: str, name: str) -> None:
        ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"] = category, channel, name

    def line_total(r: int, expected: Decimal) -> None:
        formula(f"{total_col}{r}", f"=SUM({first_col}{r}:{last_col}{r})", expected)

    # planned and actual, line by line
    blocks: dict[str, dict[int, int]] = {"planned": {}, "actual": {}}
    sum_rows: dict[str, int] = {}
    for kind, title in (("planned", _("Planned")), ("actual", _("Actual"))):
        section(title)
        start = row
        for lv in view.lines:
            labels(row, categories.get(lv.line.category, lv.line.category), channel_label(lv.line.channel),
                   lv.line.name)
            for col, cell in zip(cols, lv.cells, strict=True):
                value = cell.planned if kind == "planned" else cell.actual
                if value is not None:
                    ws[f"{col}{row}"] = value
                ws[f"{col}{row}"].number_format = money
            line_total(row, lv.planned if kind == "planned" else lv.actual)
            blocks[kind][lv.line.pk] = row
            out.rows[f"{kind}:{lv.line.uuid}"] = row
            row += 1
        end = row - 1
        ws[f"C{row}"] = _("Total planned") if kind == "planned" else _("Total actual")
        ws[f"C{row}"].font = bold
        for col, m in zip(cols, months, strict=True):
            total = view.totals.by_month[m]
            expected = total.planned if kind == "planned" else total.actual
            formula(f"{col}{row}", f"=SUM({col}{start}:{col}{end})" if view.lines else "=0", expected)
        line_total(row, view.totals.total.planned if kind == "planned" else view.totals.total.actual)
        sum_rows[kind] = row
        out.rows[f"total_{kind}"] = row
        row += 2

    # variances
    section(_("Variance (planned − actual)"))
    for lv in view.lines:
        labels(row, categories.get(lv.line.category, lv.line.category), channel_label(lv.line.channel), lv.line.name)
        p, a = blocks["planned"][lv.line.pk], blocks["actual"][lv.line.pk]
        for col, cell in zip(cols, lv.cells, strict=True):
            formula(f"{col}{row}", f"={col}{p}-{col}{a}", cell.variance)
        line_total(row, lv.variance)
        row += 1
    ws[f"C{row}"] = _("Total variance")
    ws[f"C{row}"].font = bold
    for col, m in zip(cols, months, strict=True):
        formula(f"{col}{row}", f"={col}{sum_rows['planned']}-{col}{sum_rows['actual']}",
                view.totals.by_month[m].variance)
    line_total(row, view.totals.total.variance)
    row += 2

    # by category
    section(_("By category"))
    for key, label in view.categories:
        members = [lv.line.pk for lv in view.lines if lv.line.category == key]
        if not members:
            continue
        for kind, title in (("planned", _("Planned")), ("actual", _("Actual"))):
            ws[f"A{row}"], ws[f"C{row}"] = label, title
            for col, m in zip(cols, months, strict=True):
                refs = ",".join(f"{col}{blocks[kind][pk]}" for pk in members)
                total = view.totals.by_category_month[(key, m)]
                formula(f"{col}{row}", f"=SUM({refs})", total.planned if kind == "planned" else total.actual)
            line_total(row, view.totals.by_category[key].planned if kind == "planned"
                       else view.totals.by_category[key].actual)
            out.rows[f"category:{key}:{kind}"] = row
            row += 1
    row += 1

    # the advertising rollover
    section(_("Advertising rollover"))
    ads = [lv.line.pk for lv in view.lines if lv.line.category == Category.ADVERTISING]
    names = ["planned", "carried_in", "available", "actual", "recorded", "difference", "carried_out"]
    titles = {"planned": _("Planned advertising"), "carried_in": _("Carried over from the previous month"),
              "available": _("Available"), "actual": _("Actual advertising"),
              "recorded": _("Actual recorded (1 = yes, 0 = not yet)"),
              "difference": _("Unspent (+) or overspent (−)"), "carried_out": _("Carried to the next month")}
    r = {name: row + i for i, name in enumerate(names)}
    for name in names:
        ws[f"C{r[name]}"] = titles[name]
    ws[f"C{r['available']}"].font = bold
    for i, (col, rv) in enumerate(zip(cols, view.rollover, strict=True)):
        roll = rv.row
        planned_refs = ",".join(f"{col}{blocks['planned'][pk]}" for pk in ads)
        actual_refs = ",".join(f"{col}{blocks['actual'][pk]}" for pk in ads)
        formula(f"{col}{r['planned']}", f"=SUM({planned_refs})" if ads else "=0", roll.planned)
        formula(f"{col}{r['carried_in']}", f"={cols[i - 1]}{r['carried_out']}" if i else "=0", roll.carried_in)
        formula(f"{col}{r['available']}", f"={col}{r['planned']}+{col}{r['carried_in']}", roll.available)
        ws[f"{col}{r['available']}"].font = bold
        formula(f"{col}{r['actual']}", f"=SUM({actual_refs})" if ads else "=0", roll.actual or Decimal(0))
        ws[f"{col}{r['recorded']}"] = 1 if roll.has_actual else 0
        left = f"{col}{r['available']}-{col}{r['actual']}"
        formula(f"{col}{r['difference']}", f"=IF({col}{r['recorded']}=1,{left},0)", roll.difference or Decimal(0))
        formula(f"{col}{r['carried_out']}",
                f"=IF({col}{r['recorded']}=1,IF({SETTING_CELL}=1,{left},MAX({left},0)),0)", roll.carried_out)
    for name in names:
        out.rows[f"rollover:{name}"] = r[name]
    row = r["carried_out"] + 1

    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 34
    for col in [*cols, total_col]:
        ws.column_dimensions[col].width = 14
    ws.freeze_panes = f"{first_col}{header + 1}"
    for cells in ws.iter_rows(min_row=header, max_row=row, min_col=FIRST_MONTH_COLUMN):
        for cell in cells:
            cell.alignment = Alignment(horizontal="right")
    return out


def workbook_bytes(view: BudgetView) -> bytes:
    buffer = io.BytesIO()
    build(view).workbook.save(buffer)
    return buffer.getvalue()
