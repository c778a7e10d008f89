"""This app's registration with core (called from ``ready()``): capabilities, audit labels, URL objects and
its part of the demo."""

from __future__ import annotations


def register() -> None:
    pass
