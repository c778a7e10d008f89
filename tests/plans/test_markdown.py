"""Markdown answers render to safe HTML: raw HTML is text, dangerous links and attributes never survive."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString

from cadence.core.markdown import clean_text, render, sanitize_html


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The start tags of an HTML fragment with their (unescaped) attributes, as a browser would read them."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    return found


def test_markdown_renders_the_usual_formatting():
    html = render("Our **oak** tables are *handmade*.\n\n- Cluj\n- Iași\n\n1. first\n2. second")
    assert isinstance(html, SafeString)
    assert "<strong>oak</strong>" in html and "<em>handmade</em>" in html
    assert "<ul>" in html and "<li>Iași</li>" in html and "<ol>" in html


def test_blank_text_gives_an_empty_fragment():
    assert render("") == "" and render(None) == "" and render("  \n\t ") == ""


def test_headings_move_below_the_documents_own():
    html = render("# Big\n\n## Smaller\n\n###### Tiny")
    assert "<h4>Big</h4>" in html and "<h5>Smaller</h5>" in html and "<h6>Tiny</h6>" in html
    assert "<h1>" not in html


def test_tables_keep_only_their_alignment_style():
    html = render("| Canal | Buget |\n|:--|--:|\n| Instagram | 60% |")
    assert "<table>" in html and '<td style="text-align:right">60%</td>' in html


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<svg onload=alert(1)>",
])
def test_raw_html_is_shown_as_text(payload):
    html = render(f"Before {payload} after")
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<svg" not in html
    assert "<div" not in html and "<a " not in html
    assert "&lt;" in html


@pytest.mark.parametrize("link", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "<javascript:alert(1)>", "[x]( javascript:alert(1) )",
    "[x](&#106;avascript:alert(1))",
])
def test_dangerous_link_targets_never_become_links(link):
    html = render(link)
    assert "href" not in html
    assert [name for name, _attrs in _tags(html)] == ["p"]


def test_safe_links_get_rel_and_keep_their_target():
    html = render("[site](https://mobila.example.ro/oferta?a=1&b=2) and <mailto:office@mobila.example.ro>")
    assert 'href="https://mobila.example.ro/oferta?a=1&amp;b=2"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert 'href="mailto:office@mobila.example.ro"' in html


def test_images_become_links_and_are_never_embedded():
    html = render('![logo "x" <b>](https://cdn.example/logo.png)')
    assert "<img" not in html
    assert 'href="https://cdn.example/logo.png"' in html
    assert "logo" in html and "<b>" not in html


def test_attribute_injection_through_a_link_title_is_escaped():
    html = render('[x](https://ok.example "a\\" onmouseover=\\"alert(1)")')
    tags = _tags(html)
    assert tags == [("p", {}), ("a", {"href": "https://ok.example", "title": 'a" onmouseover="alert(1)',
                                      "rel": "noopener noreferrer nofollow"})]


def test_the_sanitiser_alone_strips_event_handlers_scripts_and_bad_schemes():
    dirty = ('<p onclick="x()">ok<script>alert(1)</script><a href="javascript:alert(1)">j</a>'
             '<a href="https://ok.example" target="_blank">k</a><img src=x onerror=y><style>p{}</style></p>')
    clean = sanitize_html(dirty)
    assert clean == ('<p>ok<a rel="noopener noreferrer nofollow">j</a>'
                     '<a href="https://ok.example" rel="noopener noreferrer nofollow">k</a></p>')


def test_control_and_bidi_characters_are_removed():
    assert clean_text("a\x00b\x07c\x1b[0m\u202eevil\u2066d\r\ne\rf") == "abc[0mevild\ne\nf"
    html = render("Total\x00 **100\u202e%**\x0b")
    assert "\x00" not in html and "\u202e" not in html and "\x0b" not in html
    assert "<strong>100%</strong>" in html


def test_cyrillic_and_romanian_text_pass_unchanged():
    html = render("Мебель из дуба — **ручная работа**. Mobilă din stejar, făcută în Țara Moților.")
    assert "Мебель из дуба" in html and "<strong>ручная работа</strong>" in html
    assert "Mobilă din stejar, făcută în Țara Moților." in html
