"""Mentions in a comment's Markdown, and the rules of writing one (plain Python).

A mention is written ``@[Name](user-uuid)``: the autocomplete inserts it, the name is only what the author
saw (the page shows the person's current name), the uuid is who is meant. ``mentioned_ids`` lists them in
order, once each; ``plain`` turns a body into one line of text for an excerpt (a notification, an email).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MENTION_RE = re.compile(r"@\[(?P<name>[^\]\n]{1,150})\]\((?P<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                        r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)")
# What the author is typing at the end of the text: "@" and the start of a name (for the autocomplete).
TYPING_RE = re.compile(r"(?:^|\s)@(?P<query>[^\s@\[\]()]{0,40})$")
BODY_MAX = 10_000
EXCERPT_MAX = 200


def mentioned_ids(text: str) -> list[uuid.UUID]:
    seen: dict[uuid.UUID, None] = {}
    for m in MENTION_RE.finditer(text or ""):
        seen.setdefault(uuid.UUID(m["id"]), None)
    return list(seen)


def replace_mentions(text: str, replace: Callable[[uuid.UUID, str], str]) -> str:
    """The text with each mention replaced by ``replace(user id, the name written)``."""
    return MENTION_RE.sub(lambda m: replace(uuid.UUID(m["id"]), m["name"]), text or "")


def typing_query(text: str) -> str | None:
    """The start of a name typed after a final ``@`` (``None`` when the text does not end in a mention)."""
    found = TYPING_RE.search(text or "")
    return None if found is None else found["query"]


_MARKUP = re.compile(r"[*_`~>#|]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SPACE = re.compile(r"\s+")


def plain(text: str, names: dict[uuid.UUID, str] | None = None, *, limit: int = EXCERPT_MAX) -> str:
    """One line of plain text: mentions as ``@Name``, links as their text, Markdown marks dropped, cut at
    ``limit`` characters (with an ellipsis)."""
    names = names or {}
    out = replace_mentions(text, lambda uid, name: "@" + names.get(uid, name))
    out = _LINK.sub(r"\1", out)
    out = _MARKUP.sub("", out)
    out = _SPACE.sub(" ", out).strip()
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Refusal:
    """Why a comment cannot be written as it is (a code and the people it names, worded by the app)."""

    code: str
    user_ids: tuple[uuid.UUID, ...] = ()


def check_mentions(mentioned: Iterable[uuid.UUID], readers: Iterable[uuid.UUID]) -> Refusal | None:
    """Every person mentioned must be one who may read the comment."""
    allowed = set(readers)
    missing = tuple(u for u in mentioned if u not in allowed)
    return Refusal("mention_not_reader", missing) if missing else None


def may_edit(*, is_author: bool, created_at: dt.datetime, now: dt.datetime, window: dt.timedelta) -> Refusal | None:
    """Only the author changes a comment, and only within the edit window after writing it."""
    if not is_author:
        return Refusal("not_author")
    if now - created_at > window:
        return Refusal("edit_window_over")
    return None
