"""The content calendar's places in core's pages."""

from __future__ import annotations


def register() -> None:
    pass
