"""A logo upload's type, read from its first bytes (never from its name or the browser's word): PNG, JPEG
or WebP only, at most ``MAX_BYTES``."""

from __future__ import annotations

MAX_BYTES = 1024 * 1024  # 1 MB
TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def sniff(head: bytes) -> str | None:
    """The content type of an image from its first 12 bytes, or None when it is none of the allowed ones."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    return None
