"""The plan's exports (Markdown, DOCX, PDF) from a full snapshot document: content, language, approval, escaping."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import docx
import pytest
from django.utils import translation

from cadence.core.markdown import render
from cadence.core.pdf import css_string, page_numbers_css
from cadence.plans.exports.content import Approval, Table, build, pruned
from cadence.plans.exports.docx import render_docx
from cadence.plans.exports.markdown import esc, neutralise_html, render_markdown
from cadence.plans.exports.pdf import render_html, render_pdf
from cadence.plans.models import SectionChoice
from cadence.plans.questions import BRIEF_QUESTIONS, SECTION_QUESTIONS
from tests.plans.documents import HOSTILE, furniture_document, hostile_document

APPROVED = Approval("approved", dt.datetime(2027, 1, 14, 15, 20, tzinfo=dt.UTC), "Andrei Mureșan")


def english(**overrides):
    return furniture_document(language="en", **overrides)


# --- the shared view -----------------------------------------------------------------------------------

def test_the_view_holds_every_section_in_order_with_all_questions():
    with translation.override("en"):
        view = build(english(), APPROVED)
    assert [s.key for s in view.sections] == ["situation", "objectives", "strategy", "tactics", "action", "control"]
    for section in view.sections:
        assert [qa.key for qa in section.answers] == [q.key for q in SECTION_QUESTIONS[section.key]]
        assert all(qa.answered for qa in section.answers)
    assert [qa.key for qa in view.brief] == [q.key for q in BRIEF_QUESTIONS]
    assert view.approval_line == "Approved on Jan. 14, 2027 by Andrei Mureșan"
    assert "version 2" in view.footer and "Approved on" in view.footer
    assert view.sections[0].dates == "Planned from Nov. 2, 2026 to Nov. 27, 2026"


def test_approval_facts_come_from_the_version_not_the_frozen_text():
    with translation.override("en"):
        in_review = build(english())
        superseded = build(english(), Approval("superseded"))
    assert in_review.approval_line == "Not approved yet: in review by the client"
    assert in_review.state == "In review" and not in_review.approved
    assert superseded.approval_line == "Superseded by a later version"


def test_unanswered_and_unknown_questions():
    doc = english()
    doc["sections"]["situation"]["answers"]["situation.offer"] = "  **  "
    doc["sections"]["situation"]["answers"]["situation.retired"] = "An answer to a question no longer listed"
    with translation.override("en"):
        view = build(doc)
    answers = {qa.key: qa for qa in view.sections[0].answers}
    assert not answers["situation.offer"].answered
    assert answers["situation.retired"].question == "situation.retired"  # still shown, under its key


def test_pruned_tables_drop_empty_columns_only():
    table = Table("t", ("a", "b", "c"), (("1", "", "x"), ("2", "", "")), numeric=frozenset({2}))
    assert pruned(table) == Table("t", ("a", "c"), (("1", "x"), ("2", "")), numeric=frozenset({1}))
    assert pruned(Table("t", ("a", "b"), ())) == Table("t", ("a", "b"), ())


# --- Markdown ----------------------------------------------------------------------------------------

def test_markdown_has_the_cover_facts_sections_questions_and_records():
    md = render_markdown(english(), approval=APPROVED)
    assert md.startswith("# Marketing plan: Mobila Mureșan")
    assert "- **Version:** 2" in md and "Approved on Jan. 14, 2027 by Andrei Mureșan" in md
    for n, title in enumerate(["Situation", "Objectives", "Strategy", "Tactics", "Action", "Control"], start=1):
        assert f"## {n}. {title}" in md
    for q in [*BRIEF_QUESTIONS, *SECTION_QUESTIONS["tactics"]]:
        assert esc(str(q.text)) in md
    assert "| Instagram | Main sales channel | 60 % |" in md
    assert "Дмитрий, 41, владелец кафе" in md
    assert "Lemn masiv, garanție 10 ani" in md  # our SWOT
    assert "Lemnaria Transilvană" in md and "CasaMob" in md
    assert "| Ședință foto în atelier | Ioana Rusu | Jan. 11, 2027 | Feb. 15, 2027 | 800 EUR |" in md
    assert "| 900.50 EUR |" in md and "| 2,900.50 EUR |" in md  # the initiatives' total
    assert esc("1. not a list") == "1\\. not a list" and esc("- no") == "\\- no" and esc("1.5") == "1.5"
    assert md.rstrip().endswith("Approved on Jan. 14, 2027 by Andrei Mureșan.")


def test_markdown_is_written_in_the_plans_language():
    md = render_markdown(furniture_document(language="ro"))
    with translation.override("ro"):
        strategy = str(SectionChoice.STRATEGY.label)
    assert f"## 3. {strategy}" in md
    assert "2 noiembrie 2026" in md  # dates in Romanian


def test_markdown_escapes_record_text_and_neutralises_raw_html_in_answers():
    md = render_markdown(hostile_document())
    html = str(render(md))  # what a Markdown viewer would show
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace("[x](javascript", "")
    assert "Comp \\<script\\>" in md
    assert "Brief \\<script>alert" in md  # the brief's raw HTML is literal
    assert "\x00" not in md and "\x07" not in md


def test_neutralise_html_keeps_autolinks_code_fences_and_comparisons():
    text = "a <b>x</b> <https://mobila.example.ro> 1 < 2\n```\n<div>\n```"
    assert neutralise_html(text) == "a \\<b>x\\</b> <https://mobila.example.ro> 1 < 2\n```\n<div>\n```"


# --- DOCX ----------------------------------------------------------------------------------------------

def _docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return document, "\n".join(parts)


def test_docx_reads_back_with_headings_tables_and_footer():
    document, text = _docx_text(render_docx(english(), approval=APPROVED))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Contents", "The client's brief"]
    assert "1. Situation" in headings and "6. Control" in headings
    assert "SWOT analysis" in headings and "Our SWOT beside the competitors'" in headings
    for q in [*BRIEF_QUESTIONS, *SECTION_QUESTIONS["situation"]]:
        assert str(q.text) in text
    assert "Mobila Mureșan" in text and "Дмитрий, 41, владелец кафе" in text
    swot = next(t for t in document.tables if t.cell(0, 0).text.startswith("Strengths"))
    assert len(swot.rows) == 2 and len(swot.columns) == 2
    assert swot.cell(1, 1).text.startswith("Threats") and "Prețul lemnului de stejar" in swot.cell(1, 1).text
    channels = next(t for t in document.tables if t.cell(0, 0).text == "Channel" and t.cell(0, 2).text.startswith("Share"))
    assert [c.text for c in channels.rows[1].cells] == ["Instagram", "Main sales channel", "60 %"]
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Marketing plan for Mobila Mureșan, version 2. Approved on Jan. 14, 2027 by Andrei Mureșan." in footer
    xml = document.sections[0].footer._element.xml
    assert "PAGE" in xml and "NUMPAGES" in xml
    assert len(document.inline_shapes) == 2  # the two goal trees


def test_docx_turns_answer_markdown_into_word_formatting():
    document, text = _docx_text(render_docx(english()))
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "mese extensibile" in bullets
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Cluj-Napoca" in bold
    assert "raportul de sondaj (https://mobila-muresan.example.ro/sondaj)" in text


def test_docx_of_hostile_text_is_valid_and_literal():
    _document, text = _docx_text(render_docx(hostile_document()))
    assert "Comp " + HOSTILE in text
    assert "\x00" not in text and "\x07" not in text


# --- PDF -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return render_pdf(english(), approval=APPROVED, timeline_svg='<svg xmlns="http://www.w3.org/2000/svg" '
                      'width="200" height="40"><text x="5" y="20">Timeline chart</text></svg>')


def _pdftotext(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run([tool, "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()  # noqa: S603


def test_pdf_is_a_pdf_with_cover_contents_sections_and_footer(english_pdf):
    assert english_pdf.startswith(b"%PDF")
    text = _pdftotext(english_pdf)
    pages = text.split("\f")
    assert "Marketing plan" in pages[0] and "Mobila Mureșan" in pages[0] and "Approved on Jan. 14, 2027" in pages[0]
    assert "Page" not in pages[0]  # no footer on the cover
    assert "Contents" in pages[1] and re.search(r"Situation\s*\.+\s*\d+", pages[1])
    n = len([p for p in pages if p.strip()])
    assert f"Page 2 of {n}" in pages[1]
    assert all("version 2. Approved on Jan. 14, 2027 by Andrei" in p for p in pages[1:] if p.strip())
    flat = " ".join(text.split())
    for phrase in ["SWOT analysis", "Our SWOT beside the competitors'", "Buyer personas", "Дмитрий, 41, владелец кафе",
                   "Goal tree of objective 1", "The 90-day action plan", "KPI reviews", "Timeline of the engagement",
                   "Lemn masiv, garanție 10 ani", "Ședință foto", "Mobilă care ține o viață"]:
        assert phrase in flat, phrase


def test_pdf_html_escapes_hostile_text_and_loads_nothing_external():
    html = render_html(hostile_document())
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    sources = re.findall(r'src="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    data = render_pdf(hostile_document())
    assert data.startswith(b"%PDF")
    assert '<script>alert("x")</script>' in " ".join(_pdftotext(data).split())  # shown as text


def test_css_strings_cannot_escape_their_context():
    value = css_string('Pagina "x" </style><script>')
    assert value.startswith('"') and value.endswith('"')
    assert "<" not in value and '"' not in value[1:-1] and "/" not in value
    with translation.override("en"):
        assert page_numbers_css() == '"Page\\000020 " counter(page) "\\000020 of\\000020 " counter(pages)'
