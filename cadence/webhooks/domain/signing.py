"""Signing a delivery and verifying it (what a receiver does), in plain Python.

The signature is HMAC-SHA256, keyed with the endpoint's secret, over ``"{timestamp}.{body}"`` (the Unix time
of the attempt, a dot, the exact bytes of the JSON body), written as lowercase hex in the header
``Cadence-Signature: t=<timestamp>,v1=<hex>``. Each attempt is signed anew (a new timestamp); the body stays
the same bytes. A receiver recomputes the HMAC over the body it received, compares it in constant time and
refuses a timestamp further than ``tolerance`` seconds from its own clock (a replayed old delivery).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "Cadence-Signature"
EVENT_HEADER = "Cadence-Event"
DELIVERY_HEADER = "Cadence-Delivery"
SCHEME = "v1"
SECRET_PREFIX = "whsec_"
#: How far a receiver should accept a timestamp from its own clock, in seconds.
DEFAULT_TOLERANCE = 300


def new_secret() -> str:
    """A signing secret: the prefix and 32 random bytes in hex (64 characters)."""
    return SECRET_PREFIX + secrets.token_hex(32)


def signed_payload(timestamp: int, body: bytes) -> bytes:
    return str(int(timestamp)).encode("ascii") + b"." + body


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"{timestamp}.{body}"`` keyed with ``secret``."""
    return hmac.new(secret.encode("utf-8"), signed_payload(timestamp, body), hashlib.sha256).hexdigest()


def header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of ``Cadence-Signature``: ``t=<timestamp>,v1=<hex>``."""
    return f"t={int(timestamp)},{SCHEME}={signature(secret, timestamp, body)}"


def parse_header(value: str) -> tuple[int, list[str]]:
    """The timestamp and the ``v1`` signatures of a header value; ``ValueError`` when it has no timestamp."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in value.split(","):
        key, sep, item = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            if not item.isdigit():
                raise ValueError("the timestamp is not a whole number")
            timestamp = int(item)
        elif key == SCHEME:
            signatures.append(item)
    if timestamp is None:
        raise ValueError("the header has no timestamp")
    return timestamp, signatures


def verify(secret: str, header_value: str, body: bytes, *, now: int, tolerance: int = DEFAULT_TOLERANCE) -> bool:
    """True when ``header_value`` signs ``body`` with ``secret`` and its timestamp is within ``tolerance``
    seconds of ``now`` (what a receiver runs; the tests run it on what their server received)."""
    try:
        timestamp, signatures = parse_header(header_value)
    except ValueError:
        return False
    if abs(int(now) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
