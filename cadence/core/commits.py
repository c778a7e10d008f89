"""Work to do once a transaction commits, once per key however many writes of the transaction ask for it.

Django keeps the callbacks waiting for the commit in ``connection.run_on_commit``, and drops those of a savepoint
or transaction that rolls back by replacing that list (only appends keep it). The keys already waiting are
therefore read from the list again whenever it is a new one: a savepoint that rolled back its callback gets a new
one from the next write that asks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import transaction


class _Once:
    """A waiting callback, found again in Django's list by its class and key."""

    __slots__ = ("callback", "key")

    def __init__(self, key: Hashable, callback: Callable[[], object]) -> None:
        self.key = key
        self.callback = callback

    def __call__(self) -> None:
        self.callback()


def once_after_commit(key: Hashable, callback: Callable[[], object]) -> None:
    """``callback()`` when the current transaction commits, unless a callback of the same ``key`` is waiting
    already (and never when it rolls back); outside a transaction, at once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        callback()
        return
    waiting = connection.run_on_commit
    known: tuple[list[Any], set[Hashable]] | None = getattr(connection, "_cadence_once", None)
    if known is None or known[0] is not waiting:
        known = (waiting, {entry[1].key for entry in waiting if isinstance(entry[1], _Once)})
        connection._cadence_once = known
    if key in known[1]:
        return
    known[1].add(key)
    transaction.on_commit(_Once(key, callback))
