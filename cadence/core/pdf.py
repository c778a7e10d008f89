"""What every PDF Cadence prints with WeasyPrint shares (the plan's export, the monthly report): text put into
its stylesheet safely, and the "page X of Y" footer from one translated sentence."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string, every character outside a small safe set hex-escaped (so no text
    can end the string, the rule or the ``<style>`` element)."""
    # A hex escape swallows one following space, so each escape ends with its own terminating space.
    return '"' + "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x} " for ch in value) + '"'


def page_numbers_css() -> str:
    """The CSS ``content`` of "page X of Y" from one translated sentence."""
    sentence = _("Page %(page)s of %(pages)s")
    parts = []
    for part in re.split(r"(%\(page\)s|%\(pages\)s)", sentence):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            parts.append(css_string(part))
    return " ".join(parts)
