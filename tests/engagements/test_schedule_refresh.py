"""The stored schedules are refreshed in the background: after every write that commits, and when "today"
moves (``cadence/engagements/tasks.py``, ``cadence refresh-schedules``)."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend
from django.tasks.signals import task_enqueued
from django.urls import reverse

from cadence.core.models import Membership
from cadence.core.scoping import scope
from cadence.engagements import queries, services, tasks
from cadence.engagements.models import Engagement, ScheduleSnapshot, TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 of the fixture engagement (starts 2026-09-07, 40 h a month)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CHAIN = "cadence.engagements.tasks.refresh_due_schedules"


def log(engagement, user, day, hours="1", phase="research"):
    entry, _ = services.log_time(actor=user, membership=Membership.objects.get(user=user), engagement=engagement,
                                 phase=engagement.phases.get(key=phase), date=day, hours=Decimal(hours))
    return entry


def second_engagement(engagement, owner, **fields):
    return services.create_engagement(
        actor=owner, workspace=engagement.workspace, client=engagement.client, template=engagement.template,
        name=fields.pop("name", "Second retainer"), start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(40),
        country="RO", time_zone=fields.pop("time_zone", "Europe/Bucharest"), currency="EUR", language="ro",
        close_after_days=60, **fields)


@pytest.fixture
def refreshes():
    """The engagement ids of the ``refresh_schedule`` tasks enqueued (in order), from the backend's signal."""
    seen: list[int] = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path == tasks.refresh_schedule.module_path:
            seen.append(task_result.args[0])

    task_enqueued.connect(record, dispatch_uid="test-refreshes")
    yield seen
    task_enqueued.disconnect(dispatch_uid="test-refreshes")


def snapshot(engagement):
    return ScheduleSnapshot.objects.filter(engagement=engagement).values_list("revision", "computed_for").first()


# --- after a write: real commits (a test's own transaction never commits) -------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_transaction_enqueues_one_refresh_per_engagement_and_only_after_its_commit(
        clock, engagement, owner, specialist, refreshes):
    clock.set(TODAY)
    other = second_engagement(engagement, owner)
    refreshes.clear()
    with transaction.atomic():
        log(engagement, specialist, dt.date(2026, 11, 16), "1")
        log(engagement, specialist, dt.date(2026, 11, 17), "2")
        log(other, specialist, dt.date(2026, 11, 16), "1")
        services.update_engagement(actor=owner, engagement=engagement, name="Renamed retainer")
        assert refreshes == []  # nothing before the commit
    assert sorted(refreshes) == sorted([engagement.pk, other.pk])

    refreshes.clear()
    log(engagement, specialist, dt.date(2026, 11, 18), "1")  # a service's own transaction
    assert refreshes == [engagement.pk]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_enqueues_nothing(clock, engagement, specialist, refreshes):
    clock.set(TODAY)
    refreshes.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        log(engagement, specialist, dt.date(2026, 11, 16), "1")
        raise RuntimeError("the request failed after the write")
    assert refreshes == []
    assert not TimeEntry.objects.filter(engagement=engagement).exists()

    # a savepoint rolled back with its refresh: the next write of the transaction asks again, once
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            log(engagement, specialist, dt.date(2026, 11, 16), "1")
            raise RuntimeError("a part of the write failed")
        log(engagement, specialist, dt.date(2026, 11, 17), "1")
        log(engagement, specialist, dt.date(2026, 11, 18), "1")
    assert refreshes == [engagement.pk]

    refreshes.clear()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            log(engagement, specialist, dt.date(2026, 11, 19), "1")
            raise RuntimeError("the only write failed")
    assert refreshes == []


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_refuses_never_fails_the_write(client, login, clock, engagement, specialist, caplog):
    clock.set(TODAY)
    url = reverse("engagements:time-list", kwargs={"workspace": engagement.workspace.slug,
                                                    "engagement": engagement.uuid})
    login(client, specialist)
    with (mock.patch.object(ImmediateBackend, "enqueue", side_effect=ConnectionError("queue down")),
          caplog.at_level(logging.ERROR, logger="cadence.engagements.tasks")):
        r = client.post(url, {"date": "2026-11-20", "hours": "2", "phase": "research", "note": ""})
    assert r.status_code == 302
    assert TimeEntry.objects.filter(engagement=engagement, hours=2).exists()
    assert "could not queue the schedule refresh" in caplog.text
    # no refresh ran: the next reader computes and stores it
    engagement.refresh_from_db()
    assert snapshot(engagement)[0] != engagement.revision
    queries.schedule_for(engagement)
    assert snapshot(engagement) == (engagement.revision, TODAY)


# --- the refresh itself ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_refresh_stores_a_current_schedule_that_the_page_reads_without_computing(
        client, login, clock, engagement, specialist, manager, no_scope):
    clock.set(TODAY)
    with scope(workspace=engagement.workspace):
        log(engagement, specialist, dt.date(2026, 11, 16), "3")
        engagement.refresh_from_db()
        assert snapshot(engagement) != (engagement.revision, TODAY)

    # no scope here: the task enters the engagement's workspace's own
    assert tasks.refresh_schedule.enqueue(engagement.pk).return_value == "refreshed"
    with scope(workspace=engagement.workspace):
        assert snapshot(engagement) == (engagement.revision, TODAY)
    assert tasks.refresh_schedule.enqueue(engagement.pk).return_value == "current"
    assert tasks.refresh_schedule.enqueue(0).return_value == "skipped"

    login(client, manager)
    kwargs = {"workspace": engagement.workspace.slug, "engagement": engagement.uuid}
    with mock.patch.object(queries, "compute_schedule_for", side_effect=AssertionError("computed on read")):
        page = client.get(reverse("engagements:engagement-detail", kwargs=kwargs))
        gantt = client.get(reverse("engagements:engagement-gantt", kwargs=kwargs))
    assert page.status_code == 200 and gantt.status_code == 200
    assert "3" in page.content.decode()


@pytest.mark.django_db
def test_a_slower_refresh_never_puts_an_older_revision_back(clock, engagement, specialist):
    clock.set(TODAY)
    old_revision = Engagement.objects.get(pk=engagement.pk).revision
    old = queries.compute_schedule_for(engagement)
    log(engagement, specialist, dt.date(2026, 11, 16), "3")
    engagement.refresh_from_db()
    assert queries.store_schedule(engagement)
    queries._store_schedule(engagement, old_revision, TODAY, old)  # a reader that started before the write
    assert snapshot(engagement) == (engagement.revision, TODAY)


# --- when "today" moves ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_due_refresh_recomputes_only_the_engagements_whose_day_or_revision_moved(clock, engagement, owner,
                                                                                    specialist):
    clock.set(dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC))  # 22:00 in Bucharest, 15:00 in New York
    new_york = second_engagement(engagement, owner, name="US retainer", time_zone="America/New_York")
    written = second_engagement(engagement, owner, name="Written to")
    archived = second_engagement(engagement, owner, name="Archived")
    Engagement.objects.filter(pk=archived.pk).update(archived=True)  # no service archives yet
    never = second_engagement(engagement, owner, name="Never read")
    for e in (engagement, new_york, written, archived):
        queries.store_schedule(e)
    ScheduleSnapshot.objects.filter(engagement=never).delete()
    assert tasks.refresh_due() == 1  # only the one never stored
    assert tasks.refresh_due() == 0

    clock.set(dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC))  # a new day in Bucharest, not in New York
    log(written, specialist, dt.date(2026, 11, 23), "1")
    due = {pk for _, pk in tasks.due_engagements()}
    assert due == {engagement.pk, written.pk, never.pk}
    with mock.patch.object(queries, "compute_schedule_for", wraps=queries.compute_schedule_for) as computed:
        assert tasks.refresh_due(batch_size=2) == 3
    assert {c.args[0].pk for c in computed.call_args_list} == due
    for e in (engagement, written, never):
        e.refresh_from_db()
        assert snapshot(e) == (e.revision, dt.date(2026, 11, 24))
    new_york.refresh_from_db()
    assert snapshot(new_york) == (new_york.revision, dt.date(2026, 11, 23))
    assert snapshot(archived)[1] == dt.date(2026, 11, 23)  # archived: left to its readers
    assert tasks.due_engagements() == []


@pytest.mark.django_db
def test_one_failing_engagement_does_not_stop_the_others(clock, engagement, owner, caplog):
    clock.set(TODAY)
    other = second_engagement(engagement, owner)
    ScheduleSnapshot.objects.all().delete()
    real = queries.compute_schedule_for

    def broken_for_the_first(e, today=None):
        if e.pk == engagement.pk:
            raise ValueError("bad data")
        return real(e, today)

    with mock.patch.object(queries, "compute_schedule_for", side_effect=broken_for_the_first):
        assert tasks.refresh_due() == 1
    assert snapshot(other) is not None and snapshot(engagement) is None
    assert "could not refresh the schedule of engagement" in caplog.text


def test_the_next_run_is_the_next_full_hour():
    at = dt.datetime(2026, 11, 23, 21, 59, 59, 900, tzinfo=dt.UTC)
    assert tasks.next_run(at) == dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)
    assert tasks.next_run(dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)) == dt.datetime(2026, 11, 23, 23, 0,
                                                                                        tzinfo=dt.UTC)


# The worker closes its database connection, which a test transaction would not survive: real commits. The
# clock is ten minutes ahead, so the next run is after the real time the worker compares it with.
@pytest.mark.django_db(transaction=True)
def test_the_chain_runs_and_enqueues_itself_for_the_next_hour(clock, engagement, settings):
    from django_tasks_db.models import DBTaskResult

    clock.advance(dt.timedelta(minutes=10))
    settings.TASKS = DB_TASKS
    ScheduleSnapshot.objects.all().delete()
    call_command("refresh-schedules", verbosity=0)
    first = DBTaskResult.objects.get(task_path=CHAIN)
    assert first.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    first.refresh_from_db()
    assert first.status == "SUCCESSFUL"
    assert snapshot(engagement) is not None  # refreshed by the worker
    after = DBTaskResult.objects.get(task_path=CHAIN, status="READY")
    assert after.run_after > clock.now()
    assert after.run_after == tasks.next_run(clock.now())


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_still_enqueues_the_next(clock, engagement, settings):
    from django_tasks_db.models import DBTaskResult

    clock.advance(dt.timedelta(minutes=10))
    settings.TASKS = DB_TASKS
    call_command("refresh-schedules", verbosity=0)
    with mock.patch.object(tasks, "refresh_due", side_effect=RuntimeError("database gone")):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert DBTaskResult.objects.get(task_path=CHAIN, status="FAILED")
    assert DBTaskResult.objects.get(task_path=CHAIN, status="READY").run_after == tasks.next_run(clock.now())


@pytest.mark.django_db
def test_the_command_does_not_duplicate_a_pending_chain(clock, engagement, settings, capsys):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    call_command("refresh-schedules")
    call_command("refresh-schedules")
    assert DBTaskResult.objects.filter(task_path=CHAIN).count() == 1
    assert "already queued" in capsys.readouterr().out

    # a chain task still running is pending too, unless it has run for longer than a worker can live
    DBTaskResult.objects.filter(task_path=CHAIN).update(status="RUNNING", started_at=clock.now())
    call_command("refresh-schedules", verbosity=0)
    assert DBTaskResult.objects.filter(task_path=CHAIN).count() == 1
    DBTaskResult.objects.filter(task_path=CHAIN).update(started_at=clock.now() - dt.timedelta(hours=2))
    call_command("refresh-schedules", verbosity=0)
    assert DBTaskResult.objects.filter(task_path=CHAIN, status="READY").count() == 1

    # the chain's own next run is not enqueued when another one waits already
    assert tasks.schedule_next() is False
    assert DBTaskResult.objects.filter(task_path=CHAIN, status="READY").count() == 1


@pytest.mark.django_db
def test_without_a_deferring_backend_the_command_refreshes_now(clock, engagement, capsys):
    clock.set(TODAY)
    ScheduleSnapshot.objects.all().delete()
    call_command("refresh-schedules")  # the tests' immediate backend cannot defer a task
    assert "every hour" in capsys.readouterr().out
    engagement.refresh_from_db()
    assert snapshot(engagement) == (engagement.revision, TODAY)
    ScheduleSnapshot.objects.all().delete()
    call_command("refresh-schedules", "--now")
    assert "1 schedules refreshed" in capsys.readouterr().out
