"""A plan version as one Markdown file (CommonMark with pipe tables), in the plan's language.

The answers are the team's own Markdown and are written as they are (control characters removed); every
other text (names, records, labels) is escaped, so a record can never open a link, an HTML tag or a table
cell of its own.
"""

from __future__ import annotations

import re

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

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def esc(value: str) -> str:
    """Inline text made literal in Markdown: punctuation that could start markup is backslash-escaped,
    newlines become spaces, and a leading list or heading marker cannot take effect."""
    flat = " ".join(value.split())
    flat = _SPECIAL.sub(r"\\\1", flat)
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", re.sub(r"^([-=])(?=\s|$)", r"\\\1", flat))


# "<" that would open raw HTML (a tag, a comment, a declaration), but not an autolink such as <https://x>.
_RAW_HTML = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>)(?=[A-Za-z/!?])")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def neutralise_html(markdown: str) -> str:
    """The answer's Markdown with raw HTML made literal (``<b>`` -> ``\\<b>``) outside fenced code, so a
    viewer that renders raw HTML shows it as text, as the app does."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced or _FENCE.match(line) else _RAW_HTML.sub(r"\\<", line))
    return "\n".join(out)


def _lines(value: str) -> list[str]:
    return [esc(line) for line in value.split("\n") if line.strip()]


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], numeric: frozenset[int]) -> list[str]:
    def cell(value: str) -> str:
        return "<br>".join(_lines(value)) if "\n" in value else esc(value)

    out = ["| " + " | ".join(esc(h) for h in headers) + " |",
           "|" + "|".join("--:" if i in numeric else ":--" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def _qa(qa: QuestionAnswer, unanswered: str) -> list[str]:
    answer = neutralise_html(qa.markdown) if qa.answered else f"_{esc(unanswered)}_"
    return [f"**{esc(qa.question)}**", "", answer, ""]


def _block(block: object, view: PlanView) -> list[str]:
    out: list[str] = []
    if isinstance(block, Facts):
        out += [f"### {esc(block.title)}", ""]
        for label, value in block.rows:
            lines = _lines(value)
            if len(lines) > 1:
                out += [f"- **{esc(label)}:**", *(f"  {line}  " for line in lines)]
            else:
                out.append(f"- **{esc(label)}:** {lines[0] if lines else ''}")
        out.append("")
    elif isinstance(block, Table):
        out += [f"### {esc(block.title)}", ""]
        out += _table(block.headers, block.rows, block.numeric) if block.rows else [f"_{esc(block.empty)}_"]
        out.append("")
    elif isinstance(block, Swot):
        out += [f"### {esc(block.title)}", ""]
        for _value, label, items in block.quadrants:
            out += [f"**{esc(label)}**", ""]
            out += [f"- {esc(i)}" for i in items] or ["-"]
            out.append("")
    elif isinstance(block, Comparison):
        out += [f"### {esc(block.title)}", ""]
        rows = tuple((label, *("\n".join(items) for items in cells)) for label, cells in block.rows)
        out += _table(("", *block.parties), rows, frozenset())
        out.append("")
    elif isinstance(block, Personas):
        out += [f"### {esc(block.title)}", ""]
        for card in block.cards:
            suffix = f" ({esc(view.labels['negative'])})" if card.negative else ""
            out += [f"#### {esc(card.name)}{suffix}", ""]
            if card.negative:
                out += [f"_{esc(view.labels['negative_help'])}_", ""]
            out += [f"- **{esc(label)}:** {' '.join(_lines(value))}" for label, value in card.fields]
            out.append("")
    elif isinstance(block, Steps):
        out += [f"### {esc(block.title)}", ""]
        out += [f"{n}. **{esc(label)}:** {esc(text)}" for n, (label, text) in enumerate(block.items, start=1)]
        out.append("")
    elif isinstance(block, Figure):
        pass  # diagrams are in the PDF; the tables above carry the same facts
    elif isinstance(block, Note):
        out += [f"_{esc(block.text)}_", ""]
    return out


def markdown_of(view: PlanView) -> str:
    out = [f"# {esc(view.title)}: {esc(view.client)}", "",
           f"- **{esc(view.labels['client'])}:** {esc(view.client)}",
           f"- **{esc(view.labels['engagement'])}:** {esc(view.engagement)}",
           f"- **{esc(view.labels['version'])}:** {view.version}",
           f"- **{esc(view.labels['state'])}:** {esc(view.state)}",
           f"- **{esc(view.labels['approval'])}:** {esc(view.approval_line)}"]
    if view.frozen_line:
        out.append(f"- {esc(view.frozen_line)}")
    out += ["", f"## {esc(view.labels['brief'])}", ""]
    for qa in view.brief:
        out += _qa(qa, view.labels["unanswered"])
    for section in view.sections:
        out += [f"## {section.number}. {esc(section.title)}", "", f"_{esc(section.summary)}_", ""]
        if section.dates:
            out += [esc(section.dates), ""]
        for qa in section.answers:
            out += _qa(qa, view.labels["unanswered"])
        for block in section.blocks:
            out += _block(block, view)
    out += ["---", "", esc(view.footer), ""]
    return "\n".join(out)


def render_markdown(document: Document, *, approval: Approval | None = None) -> str:
    """The plan version as Markdown text, in the plan's language."""
    with rendering(document):
        return markdown_of(build(document, approval))
