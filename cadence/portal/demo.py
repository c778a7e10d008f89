"""Placeholder replaced below."""
from __future__ import annotations

from typing import Any


def build(demo: Any) -> str:
    return ""


def delete(workspace: Any) -> None:
    return None
