"""The month lock: entries logged at the same moment never take a month past its available hours.

``log_time`` locks the engagement row (``SELECT ... FOR UPDATE``) before it reads the month's hours, so
parallel requests are checked one after the other. SQLite runs one write transaction at a time anyway;
the threaded test needs PostgreSQL's row locks and runs only there:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadence_test .venv/bin/python -m pytest tests/services/test_month_lock.py
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import translation

from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.core.scoping import scope
from cadence.engagements import services
from cadence.engagements.models import TimeEntry

THREADS = 8
HOURS = Decimal(7)  # 8 x 7 h = 56 h asked for; 5 x 7 h = 35 h fit under the month's 40 h
DAY = dt.date(2026, 9, 21)  # month 1 of the fixture engagement (starts 2026-09-07, 40 h a month)


def _log(engagement, user, language: str = "en"):
    with translation.override(language):
        return services.log_time(actor=user, membership=Membership.objects.get(user=user, workspace=engagement.workspace),
                                 engagement=engagement, phase=engagement.phases.get(key="research"), date=DAY,
                                 hours=HOURS)


def _logged(engagement) -> Decimal:
    return TimeEntry.objects.filter(engagement=engagement, deleted_at__isnull=True).aggregate(
        total=Sum("hours"))["total"] or Decimal(0)


@pytest.mark.django_db(transaction=True)
def test_parallel_entries_never_pass_the_months_hours_on_postgresql(engagement, owner, clock):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the month lock is a row lock (SELECT ... FOR UPDATE), and SQLite "
                    "serialises whole write transactions, so threads there prove nothing")
    clock.set(dt.date(2026, 9, 25))
    barrier = threading.Barrier(THREADS)
    outcomes: list[object] = []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=20)
            with scope(workspace=engagement.workspace):  # a new thread starts unscoped, as a request does
                _log(engagement, owner, "ro")
            result: object = "ok"
        except DomainError as e:
            result = e
        except Exception as e:  # noqa: BLE001 - shown in the assertion below
            result = repr(e)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"

    assert len(outcomes) == THREADS
    unexpected = [o for o in outcomes if o != "ok" and not isinstance(o, DomainError)]
    assert not unexpected, unexpected
    refusals = [o for o in outcomes if isinstance(o, DomainError)]
    assert _logged(engagement) <= Decimal(40)
    assert outcomes.count("ok") == 5 and len(refusals) == 3
    assert _logged(engagement) == Decimal(35)
    # Every refusal is the translated "hours exceeded" error (each saw 35 h logged: 42 of 40 h).
    with pytest.raises(DomainError) as english:
        _log(engagement, owner, "en")
    with pytest.raises(DomainError) as romanian:
        _log(engagement, owner, "ro")
    assert romanian.value.message != english.value.message  # the catalog translates it
    for refusal in refusals:
        assert refusal.code == "hours_exceeded" and refusal.field == "hours"
        assert refusal.message == romanian.value.message
    assert _logged(engagement) == Decimal(35)


def test_one_after_the_other_the_sixth_entry_is_refused(engagement, owner, clock):
    """The same rule without threads (every database): what the parallel test expects, in sequence."""
    clock.set(dt.date(2026, 9, 25))
    for _ in range(5):
        _log(engagement, owner)
    with pytest.raises(DomainError) as exc:
        _log(engagement, owner)
    assert exc.value.code == "hours_exceeded" and "42" in exc.value.message and "40" in exc.value.message
    assert _logged(engagement) == Decimal(35)
