"""Saved column mappings as plain data, and the header signature a file is matched to them by."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from cadence.metrics.domain.layouts import split_header


@dataclass(frozen=True)
class ProfileSpec:
    """A saved MappingProfile as plain data."""

    id: int
    signature: str
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header cell text
    platform: str = "other"
    level: str = "campaign"
    number_style: str = ""  # "" = detect
    date_format: str = ""  # "" = detect
    currency: str = ""  # "" = unknown (the engagement's)


def normalise(cell: str) -> str:
    """A header cell compared loosely: no BOM, single spaces, lower case (the currency stays part of it)."""
    name, currency = split_header(cell)
    return f"{name} ({currency.lower()})" if currency else name


def signature(headers: list[str]) -> str:
    """The identity of a header row (64 hex characters): the same header, however spaced or cased, matches."""
    text = "\x1f".join(normalise(h) for h in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
