"""Markdown written by users (plan answers, card descriptions, comments): rendered to HTML (markdown-it-py, CommonMark with tables and strikethrough, raw HTML
off), then sanitised with nh3, so the same safe fragment goes into the pages, the PDF and the diff views.

Defence in depth: raw HTML in the text is shown as text (markdown-it escapes it), and whatever HTML comes out
is cleaned against a small allow-list anyway. Links keep only ``http``, ``https`` and ``mailto`` targets (and
relative ones) and get ``rel="noopener noreferrer nofollow"``. Images are not embedded (a remote image would
track the reader, and the PDF renderer would fetch it): an image becomes a link to it, labelled with its alt
text. Headings are moved down three levels (``#`` -> ``h4``), so an answer never competes with the page's or
the document's own headings. Control characters (other than tab and newline) and the bidirectional override
characters are removed before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"},
}
LINK_REL = "noopener noreferrer nofollow"
URL_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_SHIFT = 3

# C0 and C1 controls except tab, newline and carriage return; the bidi embedding, override and isolate marks.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties={"text-align"},
)


def _image_as_link(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


def _shift_headings(state: Any) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    md.core.ruler.push("shift_headings", _shift_headings)
    return md


_md = _parser()


def clean_text(text: str) -> str:
    """The text without control characters (except tab and newlines) and bidi overrides; CRLF -> LF."""
    return _UNSAFE_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def parse(text: str | None) -> list[Token]:
    """The Markdown's block tokens (same parser and clean-up as ``render``), for writers of other formats."""
    return _md.parse(clean_text(text or ""))


def sanitize_html(html: str) -> str:
    """HTML cleaned against the allow-list (the second line of defence behind markdown-it's escaping)."""
    return _cleaner.clean(html)


def render(text: str | None) -> SafeString:
    """Markdown -> sanitised HTML, safe to put in a page or a PDF as it is. Blank text gives ``""``."""
    source = clean_text(text or "")
    if not source.strip():
        return mark_safe("")  # noqa: S308 - empty
    html = sanitize_html(_md.render(source))
    return mark_safe(html.strip())  # noqa: S308 - cleaned by nh3 against the allow-list above
