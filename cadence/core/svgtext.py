"""The width of a label in an SVG drawn on the server (the Gantt, the plan's goal tree), estimated on the
safe side for Latin and Cyrillic text in DejaVu Sans, so that labels are never cut."""

from __future__ import annotations

NAME_FONT = 12.5  # px: the default label size

_NARROW = set("iljtfrI.,;:'!|()[] ")
_WIDE = set("mwMWшщжюыфмШЩЖЮЫФМ@%")


def text_width(text: str, size: float = NAME_FONT) -> float:
    """The width of ``text`` in px at ``size``, estimated generously for Latin and Cyrillic."""
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.34
        elif ch in _WIDE:
            units += 0.86
        elif ch.isupper() or ch.isdigit():
            units += 0.68
        elif "\u0400" <= ch <= "\u04ff":  # Cyrillic lower case is a little wider than Latin
            units += 0.66
        else:
            units += 0.6
    return units * size
