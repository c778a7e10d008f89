"""When a delivery is tried again, and what an answer means.

The first attempt runs as soon as the worker takes the task; after a failed attempt the next one waits
1 minute, 5 minutes, 25 minutes, 2 hours, then 10 hours: six attempts over about twelve and a half hours,
then the delivery has failed. A 2xx answer delivers it; ``410 Gone`` says the receiver is gone for good
(the endpoint is disabled, nothing is tried again); any other answer, a timeout or a refused connection is
tried again.
"""

from __future__ import annotations

from typing import Literal

#: Seconds to wait before the 2nd, 3rd, ... attempt.
DELAYS: tuple[int, ...] = (60, 5 * 60, 25 * 60, 2 * 3600, 10 * 3600)
MAX_ATTEMPTS = len(DELAYS) + 1

Outcome = Literal["delivered", "gone", "retry"]


def delay_after(attempts: int) -> int | None:
    """Seconds to wait after ``attempts`` failed attempts (1 after the first), or None: no more attempts."""
    if attempts < 1:
        raise ValueError("at least one attempt was made")
    return DELAYS[attempts - 1] if attempts <= len(DELAYS) else None


def outcome(status_code: int | None) -> Outcome:
    """What an answer means (``None``: no answer: a timeout, a refused connection, a refused address)."""
    if status_code is not None and 200 <= status_code < 300:
        return "delivered"
    if status_code == 410:
        return "gone"
    return "retry"
