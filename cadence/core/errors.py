from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused the change. ``message`` is already translated for the user; ``code`` is stable."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)

    def payload(self) -> dict[str, Any]:
        """Further facts a program can read, beside ``message``, ``code`` and ``field``; none by default.

        The API adds them to its error body (``cadence.api.errors``), so a feature's error says what it
        needs without a handler of its own (e.g. a refused timesheet lists each refused cell).
        """
        return {}


class InvalidInput(DomainError):
    """The input itself breaks a bound (length, range, characters, format), whatever the state.

    The API's schema states these bounds, so the API answers 422 like its own validation; a
    ``DomainError`` that depends on the current state (a month's hours, a gate) answers 400.
    """
