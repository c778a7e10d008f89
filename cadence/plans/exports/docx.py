"""A plan version as a Word document (python-docx), in the plan's language.

Cover (client, engagement, version, state, approval), contents, the brief, then the six sections with their
questions and answers (Markdown turned into Word paragraphs, lists, emphasis and tables) and their records as
tables: the SWOT as a 2 x 2 grid, competitors, our SWOT beside theirs, persona cards, channels, initiatives,
KPI reviews. The goal-tree diagrams (and the timeline when given) are embedded as pictures. Every page's
footer names the version and its approval, with the page number.

python-docx writes text through the XML layer, so names and answers cannot inject markup; characters that
XML forbids are removed beforehand (``clean_text``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from cadence.core.markdown import clean_text, parse
from cadence.plans.exports.content import (
    Approval,
    Comparison,
    Facts,
    Figure,
    Note,
    Personas,
    PlanView,
    QuestionAnswer,
    Steps,
    Swot,
    Table,
    build,
    rendering,
)
from cadence.plans.exports.values import Document

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5B, 0x64, 0x78)
HEADER_FILL = "E7ECF4"
QUADRANT_FILL = {"strengths": "E6F4EA", "weaknesses": "FDECEA", "opportunities": "E8F0FE", "threats": "FEF3E0"}

Container = DocxDocument | _Cell


def _safe(value: str) -> str:
    return clean_text(value)


def _shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a run of ``paragraph``."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _page_numbers(paragraph: Paragraph) -> None:
    """"Page X of Y" from one translated sentence, the numbers as fields."""
    sentence = _("Page %(page)s of %(pages)s")
    for part in re.split(r"(%\(page\)s|%\(pages\)s)", sentence):
        if part == "%(page)s":
            _field(paragraph, "PAGE")
        elif part == "%(pages)s":
            _field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)


# --- Markdown -> Word ----------------------------------------------------------------------------------

def _inline(paragraph: Paragraph, token: Token) -> None:
    bold = italic = strike = False
    link: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            run = paragraph.add_run(_safe(child.content))
            run.bold, run.italic, run.font.strike = bold or None, italic or None, strike or None
            if kind == "code_inline":
                run.font.name = "Consolas"
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "s_open":
            strike = True
        elif kind == "s_close":
            strike = False
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            if link and link.startswith(("http://", "https://", "mailto:")):
                note = paragraph.add_run(f" ({_safe(link)})")
                note.font.color.rgb = MUTED
            link = None
        elif kind == "image":
            paragraph.add_run(_safe(child.content or str(child.attrGet("src") or "")))


def add_markdown(container: Container, markdown: str) -> None:
    """Markdown as Word paragraphs (lists, emphasis, links with their address, code, quotes, tables)."""
    tokens = parse(markdown)
    lists: list[list[int]] = []  # a stack of [ordered?, counter]
    quote = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
            lists.append([1 if kind == "ordered_list_open" else 0, start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "inline" and i > 0 and tokens[i - 1].type in ("paragraph_open", "heading_open"):
            para = container.add_paragraph()
            if lists:
                level = min(len(lists), 3)
                ordered, counter = lists[-1]
                if ordered:
                    first_of_item = i >= 2 and tokens[i - 2].type == "list_item_open"
                    para.style = "List Paragraph"
                    para.paragraph_format.left_indent = Cm(0.6 * level)
                    if first_of_item:
                        para.add_run(f"{counter}. ")
                        lists[-1][1] += 1
                else:
                    para.style = "List Bullet" if level == 1 else f"List Bullet {level}"
            elif quote:
                para.style = "Quote"
            _inline(para, token)
            if tokens[i - 1].type == "heading_open":
                for run in para.runs:
                    run.bold = True
        elif kind in ("fence", "code_block"):
            para = container.add_paragraph()
            run = para.add_run(_safe(token.content.rstrip("\n")))
            run.font.name = "Consolas"
            run.font.size = Pt(9)
        elif kind == "table_open":
            i = _markdown_table(container, tokens, i)
            continue
        i += 1


def _markdown_table(container: Container, tokens: Sequence[Token], i: int) -> int:
    rows: list[list[Token]] = []
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append([])
        elif tokens[i].type == "inline" and rows:
            rows[-1].append(tokens[i])
        i += 1
    width = max((len(r) for r in rows), default=0)
    if rows and width:
        table = container.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, inline in enumerate(row):
                para = table.cell(r, c).paragraphs[0]
                _inline(para, inline)
                if r == 0:
                    for run in para.runs:
                        run.bold = True
    return i + 1


# --- blocks -------------------------------------------------------------------------------------------

def _heading(doc: DocxDocument, text: str, level: int) -> None:
    doc.add_heading(_safe(text), level=level)


def _header_row(table: DocxTable, headers: Sequence[str]) -> None:
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(_safe(header))
        run.bold = True
        _shade(cell, HEADER_FILL)


def _cell_text(cell: _Cell, value: str, *, right: bool = False) -> None:
    lines = _safe(value).split("\n")
    para = cell.paragraphs[0]
    for n, line in enumerate(lines):
        if n:
            para.add_run().add_break()
        para.add_run(line)
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(doc: DocxDocument, block: Table) -> None:
    _heading(doc, block.title, 3)
    if not block.rows:
        doc.add_paragraph(_safe(block.empty)).runs[0].italic = True
        return
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = "Table Grid"
    _header_row(table, block.headers)
    for r, row in enumerate(block.rows, start=1):
        for c, value in enumerate(row):
            _cell_text(table.cell(r, c), value, right=c in block.numeric)


def _facts(doc: DocxDocument, block: Facts) -> None:
    _heading(doc, block.title, 3)
    if not block.rows:
        return
    table = doc.add_table(rows=len(block.rows), cols=2)
    table.style = "Table Grid"
    for r, (label, value) in enumerate(block.rows):
        label_cell = table.cell(r, 0)
        label_cell.paragraphs[0].add_run(_safe(label)).bold = True
        _shade(label_cell, HEADER_FILL)
        label_cell.width = Cm(5)
        _cell_text(table.cell(r, 1), value)
        table.cell(r, 1).width = Cm(11.5)


def _swot(doc: DocxDocument, block: Swot) -> None:
    _heading(doc, block.title, 3)
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, (value, label, items) in enumerate(block.quadrants):
        cell = table.cell(n // 2, n % 2)
        _shade(cell, QUADRANT_FILL.get(value, "FFFFFF"))
        cell.paragraphs[0].add_run(_safe(label)).bold = True
        for item in items or ("-",):
            cell.add_paragraph(f"• {_safe(item)}")


def _comparison(doc: DocxDocument, block: Comparison) -> None:
    _heading(doc, block.title, 3)
    table = doc.add_table(rows=1 + len(block.rows), cols=1 + len(block.parties))
    table.style = "Table Grid"
    _header_row(table, ("", *block.parties))
    for r, (label, cells) in enumerate(block.rows, start=1):
        table.cell(r, 0).paragraphs[0].add_run(_safe(label)).bold = True
        _shade(table.cell(r, 0), HEADER_FILL)
        for c, items in enumerate(cells, start=1):
            _cell_text(table.cell(r, c), "\n".join(f"• {i}" for i in items) or "-")


def _personas(doc: DocxDocument, block: Personas, view: PlanView) -> None:
    _heading(doc, block.title, 3)
    for card in block.cards:
        table = doc.add_table(rows=1 + len(card.fields), cols=2)
        table.style = "Table Grid"
        head = table.cell(0, 0).merge(table.cell(0, 1))
        run = head.paragraphs[0].add_run(_safe(card.name))
        run.bold = True
        if card.negative:
            head.paragraphs[0].add_run(f"  ({_safe(view.labels['negative'])}: {_safe(view.labels['negative_help'])})")
            _shade(head, "FDECEA")
        else:
            _shade(head, HEADER_FILL)
        for r, (label, value) in enumerate(card.fields, start=1):
            table.cell(r, 0).paragraphs[0].add_run(_safe(label)).bold = True
            _cell_text(table.cell(r, 1), value)
        doc.add_paragraph()


def _steps(doc: DocxDocument, block: Steps) -> None:
    _heading(doc, block.title, 3)
    for n, (label, text) in enumerate(block.items, start=1):
        para = doc.add_paragraph(style="List Paragraph")
        para.add_run(f"{n}. {_safe(label)}: ").bold = True
        para.add_run(_safe(text))


def _figure(doc: DocxDocument, block: Figure) -> None:
    import cairosvg  # noqa: PLC0415 - only needed here

    _heading(doc, block.title, 3)
    png = cairosvg.svg2png(bytestring=str(block.svg).encode("utf-8"), scale=2, unsafe=False)
    doc.add_picture(io.BytesIO(png), width=Cm(16.5))


def _qa(doc: DocxDocument, qa: QuestionAnswer, unanswered: str) -> None:
    question = doc.add_paragraph()
    run = question.add_run(_safe(qa.question))
    run.bold = True
    run.font.color.rgb = ACCENT
    if qa.answered:
        add_markdown(doc, qa.markdown)
    else:
        doc.add_paragraph().add_run(_safe(unanswered)).italic = True


def _cover(doc: DocxDocument, view: PlanView) -> None:
    for _n in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(style="Title")
    title.add_run(_safe(view.title))
    doc.add_paragraph(style="Subtitle").add_run(_safe(view.client))
    facts = [(view.labels["engagement"], view.engagement), (view.labels["version"], str(view.version)),
             (view.labels["state"], view.state), (view.labels["approval"], view.approval_line)]
    for label, value in facts:
        para = doc.add_paragraph()
        para.add_run(f"{_safe(label)}: ").bold = True
        para.add_run(_safe(value))
    if view.frozen_line:
        doc.add_paragraph().add_run(_safe(view.frozen_line)).font.color.rgb = MUTED
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: DocxDocument, view: PlanView) -> None:
    _heading(doc, view.contents_title, 1)
    doc.add_paragraph(_safe(view.labels["brief"]), style="List Paragraph")
    for section in view.sections:
        doc.add_paragraph(f"{section.number}. {_safe(section.title)}", style="List Paragraph")


def docx_of(view: PlanView) -> bytes:
    doc: Any = new_document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.different_first_page_header_footer = True  # the cover has no footer
    footer = section.footer.paragraphs[0]
    footer.text = ""
    footer.add_run(_safe(view.footer)).font.size = Pt(8)
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_numbers(numbers)
    for run in numbers.runs:
        run.font.size = Pt(8)
    doc.core_properties.title = _safe(f"{view.title}: {view.client}")
    doc.core_properties.subject = _safe(view.footer)
    doc.core_properties.language = view.language

    _cover(doc, view)
    _contents(doc, view)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(doc, view.labels["brief"], 1)
    for qa in view.brief:
        _qa(doc, qa, view.labels["unanswered"])
    for sec in view.sections:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, f"{sec.number}. {sec.title}", 1)
        summary = doc.add_paragraph().add_run(_safe(sec.summary))
        summary.italic = True
        summary.font.color.rgb = MUTED
        if sec.dates:
            doc.add_paragraph(_safe(sec.dates))
        _heading(doc, view.labels["questions"], 2)
        for qa in sec.answers:
            _qa(doc, qa, view.labels["unanswered"])
        for block in sec.blocks:
            if isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Facts):
                _facts(doc, block)
            elif isinstance(block, Swot):
                _swot(doc, block)
            elif isinstance(block, Comparison):
                _comparison(doc, block)
            elif isinstance(block, Personas):
                _personas(doc, block, view)
            elif isinstance(block, Steps):
                _steps(doc, block)
            elif isinstance(block, Figure):
                _figure(doc, block)
            elif isinstance(block, Note):
                doc.add_paragraph().add_run(_safe(block.text)).italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(document: Document, *, approval: Approval | None = None, timeline_svg: str | None = None) -> bytes:
    """The plan version as a .docx file (bytes), in the plan's language."""
    with rendering(document):
        return docx_of(build(document, approval, timeline_svg=timeline_svg))
