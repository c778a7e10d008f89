"""The read models: hours per engagement month, the stored schedule, its revision and the ETags."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from cadence.core.errors import DomainError
from cadence.core.models import Membership
from cadence.engagements import queries, readmodels, services
from cadence.engagements.models import Engagement, MonthSummary, ScheduleSnapshot, TimeEntry
from cadence.engagements.schedule import month_index
from tests.api import Api, token_for

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement (40 h a month)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today():
    with mock.patch.object(queries, "engagement_today", return_value=TODAY):
        yield


def member(user):
    return Membership.objects.get(user=user)


def log(engagement, user, day, hours, phase="research"):
    entry, _ = services.log_time(actor=user, membership=member(user), engagement=engagement,
                                 phase=engagement.phases.get(key=phase), date=day, hours=Decimal(hours))
    return entry


def live_by_month(engagement):
    totals: dict[int, Decimal] = {}
    for e in TimeEntry.objects.filter(engagement=engagement):
        k = month_index(engagement.start_date, e.date)
        totals[k] = totals.get(k, Decimal(0)) + e.hours
    return {k: v for k, v in totals.items() if v}


def stored(engagement):
    return {k: v for k, v in MonthSummary.objects.filter(engagement=engagement)
            .values_list("month_index", "logged_hours") if v}


# --- month summaries ---------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_any_sequence_of_writes_the_summaries_equal_the_live_entries(engagement, manager, specialist, seed):
    rnd = random.Random(seed)
    days = [engagement.start_date + dt.timedelta(days=i) for i in range((TODAY - engagement.start_date).days + 1)]
    refused = done = 0
    for _ in range(40):
        live = list(TimeEntry.objects.filter(engagement=engagement))
        deleted = list(TimeEntry.all_objects.filter(engagement=engagement, deleted_at__isnull=False))
        action = rnd.choice(["log", "log", "edit", "delete", "restore"])
        actor = rnd.choice([manager, specialist])
        try:
            if action == "log" or (action == "edit" and not live) or (action == "delete" and not live):
                log(engagement, actor, rnd.choice(days), rnd.choice(["0.25", "1", "2.5", "6", "12"]))
            elif action == "edit":
                entry = rnd.choice(live)
                changes = rnd.choice([{"hours": rnd.choice(["0.5", "3", "7.25"])}, {"date": rnd.choice(days)},
                                      {"date": rnd.choice(days), "hours": "1.75"}, {"note": "only the note"}])
                services.update_time_entry(actor=manager, membership=member(manager), entry=entry, **changes)
            elif action == "delete":
                services.delete_time_entry(actor=manager, membership=member(manager), entry=rnd.choice(live))
            elif deleted:
                services.restore_time_entry(actor=manager, membership=member(manager), entry=rnd.choice(deleted))
            done += 1
        except DomainError:
            refused += 1  # e.g. past the month's hours: the refused write must change no summary either
        assert stored(engagement) == live_by_month(engagement)
        assert readmodels.differences(engagement) == {}
    assert done > 10  # the sequence did write


def test_the_month_figures_read_the_summaries_not_the_entries(engagement, specialist, django_assert_num_queries):
    log(engagement, specialist, dt.date(2026, 9, 8), "3")
    log(engagement, specialist, dt.date(2026, 11, 20), "5")
    queries.prefetch_figures([engagement])
    with django_assert_num_queries(1):  # one query on the summaries, whatever the entries
        by_month = queries.logged_by_month(engagement)
    assert (by_month[1], by_month[2], by_month[3]) == (Decimal(3), Decimal(0), Decimal(5))
    MonthSummary.objects.filter(engagement=engagement, month_index=3).update(logged_hours=Decimal(11))
    assert queries.month_hours(engagement)[2].logged == Decimal(11)  # proof the figures come from the summary


def test_the_month_limit_is_checked_against_the_summaries(engagement, specialist):
    log(engagement, specialist, dt.date(2026, 11, 20), "24")
    log(engagement, specialist, dt.date(2026, 11, 21), "16")
    with pytest.raises(DomainError) as exc:
        log(engagement, specialist, dt.date(2026, 11, 22), "0.25")
    assert exc.value.code == "hours_exceeded"
    assert stored(engagement) == {3: Decimal(40)}


def test_a_new_start_date_moves_the_summaries_with_the_entries(engagement, manager, specialist):
    log(engagement, specialist, dt.date(2026, 10, 10), "2")
    log(engagement, specialist, dt.date(2026, 11, 10), "3")
    assert stored(engagement) == {2: Decimal(2), 3: Decimal(3)}
    services.update_engagement(actor=manager, engagement=engagement, start_date=dt.date(2026, 8, 1))
    assert stored(engagement) == live_by_month(engagement) == {3: Decimal(2), 4: Decimal(3)}


def test_the_data_migration_fills_the_summaries_from_existing_entries(engagement, specialist):
    log(engagement, specialist, dt.date(2026, 9, 30), "2")
    log(engagement, specialist, dt.date(2026, 10, 7), "4")  # the first day of month 2
    gone = log(engagement, specialist, dt.date(2026, 10, 8), "1")
    services.delete_time_entry(actor=specialist, membership=member(specialist), entry=gone)
    MonthSummary.objects.all().delete()
    migration = importlib.import_module("cadence.engagements.migrations.0006_perf_summaries_snapshots")
    migration.fill_summaries(apps, None)
    assert stored(engagement) == {1: Decimal(2), 2: Decimal(4)}
    for start, day in [(dt.date(2026, 1, 31), dt.date(2026, 3, 1)), (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
                       (dt.date(2024, 2, 29), dt.date(2025, 2, 28)), (dt.date(2026, 9, 7), dt.date(2036, 9, 6))]:
        assert migration.month_index(start, day) == month_index(start, day)


def test_rebuild_summaries_reports_and_repairs_wrong_months(engagement, specialist, capsys):
    log(engagement, specialist, dt.date(2026, 11, 20), "5")
    call_command("rebuild-summaries", "--check")
    assert "0 with wrong month summaries" in capsys.readouterr().out
    MonthSummary.objects.filter(engagement=engagement).update(logged_hours=Decimal(9))
    with pytest.raises(SystemExit) as exc:
        call_command("rebuild-summaries", "--check")
    assert exc.value.code == 1
    assert "month 3: 9.00 h stored, 5.00 h logged" in capsys.readouterr().out
    assert stored(engagement) == {3: Decimal(9)}  # --check changes nothing
    call_command("rebuild-summaries")
    assert "1 rebuilt" in capsys.readouterr().out
    assert stored(engagement) == {3: Decimal(5)}


# --- revision and the stored schedule ----------------------------------------------------------

def revision(engagement):
    return Engagement.objects.get(pk=engagement.pk).revision


def test_every_write_of_a_schedule_input_gives_a_new_revision(engagement, manager, specialist):
    seen = [revision(engagement)]

    def bumped():
        seen.append(revision(engagement))
        return seen[-1] > seen[-2]

    entry = log(engagement, specialist, dt.date(2026, 9, 8), "2")
    assert bumped()
    services.update_time_entry(actor=specialist, membership=member(specialist), entry=entry, hours="3")
    assert bumped()
    services.delete_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    assert bumped()
    services.restore_time_entry(actor=specialist, membership=member(specialist), entry=entry)
    assert bumped()
    research = engagement.phases.get(key="research")
    services.set_phase_completed(actor=manager, phase=research, completed_on=dt.date(2026, 9, 8))
    assert bumped()
    services.set_phase_completed(actor=manager, phase=research, completed_on=None)
    assert bumped()
    gate = engagement.gates.first()
    services.record_gate(actor=manager, gate=gate, passed_on=dt.date(2026, 9, 9), approved_by="Ion")
    assert bumped()
    services.change_terms(actor=manager, engagement=engagement, from_month=4, monthly_hours="30",
                          rollover_mode="none")
    assert bumped()
    services.update_engagement(actor=manager, engagement=engagement, name="Renamed")
    assert bumped()
    rows = [{k: getattr(p, k) for k in services.PHASE_FIELDS} for p in engagement.phases.all()]
    rows[-1]["effort_hours"] = Decimal(99)
    services.update_phases(actor=manager, engagement=engagement, phases=rows)
    assert bumped()
    services.add_override(actor=manager, engagement=engagement, month=3, extra_hours="2", reason="launch")
    assert bumped()


def test_the_schedule_is_stored_and_read_back_until_the_revision_or_the_day_moves(
        engagement, specialist, django_assert_num_queries):
    queries.prefetch_figures([engagement])
    first = queries.schedule_for(engagement)
    assert ScheduleSnapshot.objects.get(engagement=engagement).computed_for == TODAY
    with django_assert_num_queries(1):  # the revision and the stored schedule, in one query
        again = queries.schedule_for(engagement)
    assert again == first
    log(engagement, specialist, dt.date(2026, 9, 8), "2.5")
    fresh = Engagement.objects.get(pk=engagement.pk)
    queries.prefetch_figures([fresh])
    # a write through another instance of the engagement is seen: the revision is read with the snapshot
    assert queries.schedule_for(engagement).phase("research").logged_hours == Decimal("2.5")
    assert queries.schedule_for(fresh) == queries.compute_schedule_for(fresh)
    tomorrow = TODAY + dt.timedelta(days=1)
    with mock.patch.object(queries, "engagement_today", return_value=tomorrow):
        assert queries.schedule_for(fresh) == queries.compute_schedule_for(fresh, tomorrow)
    assert ScheduleSnapshot.objects.get(engagement=engagement).computed_for == tomorrow


def test_a_stored_schedule_of_other_code_is_computed_again(engagement):
    queries.prefetch_figures([engagement])
    expected = queries.schedule_for(engagement)
    ScheduleSnapshot.objects.filter(engagement=engagement).update(engine="older", data=b"not a pickle")
    assert queries.schedule_for(engagement) == expected
    assert ScheduleSnapshot.objects.get(engagement=engagement).engine == queries.engine_version()


def test_the_engine_version_covers_every_module_of_the_domain_package(monkeypatch):
    """A change in any engine module (cadence/engagements/domain/) must invalidate stored schedules."""
    import cadence.engagements.domain as domain

    read: list[str] = []
    original = Path.read_bytes

    def recording(self: Path) -> bytes:
        read.append(self.resolve().as_posix())
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", recording)
    queries.engine_version.cache_clear()
    try:
        queries.engine_version()
    finally:
        queries.engine_version.cache_clear()
    modules = {p.resolve().as_posix() for p in Path(str(domain.__file__)).parent.glob("*.py")}
    assert {"engine.py", "simulation.py", "spec.py", "calendar.py", "results.py", "explain.py"} <= {
        Path(m).name for m in modules}
    assert modules <= set(read)
    assert any(r.endswith("engagements/schedule.py") for r in read)


def test_the_engagement_page_stores_the_schedule_and_then_reads_fewer_rows(client, login, manager, engagement,
                                                                            specialist):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log(engagement, specialist, dt.date(2026, 9, 8), "2")
    login(client, manager)
    page = reverse("engagements:engagement-detail", kwargs={"workspace": engagement.workspace.slug,
                                                             "engagement": engagement.uuid})
    with CaptureQueriesContext(connection) as computed:
        assert client.get(page).status_code == 200
    with CaptureQueriesContext(connection) as stored_:
        assert client.get(page).status_code == 200
    entry_reads = [q for q in stored_.captured_queries if "engagements_timeentry" in q["sql"]
                   and "GROUP BY" in q["sql"]]
    assert not entry_reads  # the schedule's per-day sums are not read again
    assert len(stored_) < len(computed)


# --- ETags -------------------------------------------------------------------------------------

def test_the_gantt_answers_304_to_its_etag_until_something_changes(client, login, manager, specialist, engagement):
    login(client, manager)
    gantt = reverse("engagements:engagement-gantt", kwargs={"workspace": engagement.workspace.slug,
                                                             "engagement": engagement.uuid})
    first = client.get(gantt)
    etag = first["ETag"]
    assert first.status_code == 200 and etag and "no-store" not in first["Cache-Control"]
    again = client.get(gantt, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    log(engagement, specialist, dt.date(2026, 9, 8), "2")
    changed = client.get(gantt, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    tomorrow = TODAY + dt.timedelta(days=1)
    with mock.patch.object(queries, "engagement_today", return_value=tomorrow):
        assert client.get(gantt, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200
    assert client.get(gantt, HTTP_IF_NONE_MATCH=changed["ETag"], HTTP_ACCEPT_LANGUAGE="ru").status_code in (200, 304)


def test_the_gantt_is_drawn_once_per_etag_and_again_after_a_write(client, login, manager, specialist, engagement):
    """Another browser (no If-None-Match) gets the drawing from the cache; a write, a new day or another
    engagement language draws it again."""
    from cadence.engagements.views import timeline

    login(client, manager)
    gantt = reverse("engagements:engagement-gantt", kwargs={"workspace": engagement.workspace.slug,
                                                             "engagement": engagement.uuid})
    with mock.patch.object(timeline, "_export_svg", wraps=timeline._export_svg) as draw:
        first = client.get(gantt)
        second = client.get(gantt)
        assert draw.call_count == 1 and second.content == first.content and second["ETag"] == first["ETag"]
        log(engagement, specialist, dt.date(2026, 9, 8), "2")
        changed = client.get(gantt)
        assert draw.call_count == 2 and changed["ETag"] != first["ETag"]
        with mock.patch.object(queries, "engagement_today", return_value=TODAY + dt.timedelta(days=1)):
            client.get(gantt)
        assert draw.call_count == 3
        engagement.language = "ru"
        engagement.save()
        russian = client.get(gantt)
        assert draw.call_count == 4 and russian.content != changed.content


def test_the_pages_gantt_is_drawn_once_per_revision_and_language(client, login, manager, specialist, engagement):
    from cadence.engagements.views import timeline

    login(client, manager)
    page = reverse("engagements:engagement-detail", kwargs={"workspace": engagement.workspace.slug,
                                                            "engagement": engagement.uuid})
    with mock.patch.object(timeline, "gantt_svg", wraps=timeline.gantt_svg) as draw:
        first = client.get(page).content.decode()
        assert client.get(page).content.decode().count("<svg") == first.count("<svg") > 0
        assert draw.call_count == 1
        log(engagement, specialist, dt.date(2026, 9, 8), "2")
        client.get(page)
        assert draw.call_count == 2
        russian = client.get(page, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert draw.call_count == 3 and "Сегодня" in russian


def test_the_hours_table_is_rendered_once_per_revision(client, login, manager, approver, specialist, engagement):
    """The same table for the team and the client, from the cache until an entry or an override changes it."""
    import re

    from cadence.engagements.views import timeline

    page = reverse("engagements:engagement-detail", kwargs={"workspace": engagement.workspace.slug,
                                                            "engagement": engagement.uuid})

    def table(user) -> str:
        login(client, user)
        return re.search(r'<table class="hours-table">.*?</table>', client.get(page).content.decode(), re.S).group(0)

    with mock.patch.object(timeline, "render_to_string", wraps=timeline.render_to_string) as render:
        def tables() -> int:  # the page's body is cached too (per rights): count the table's renderings only
            return sum(1 for c in render.call_args_list if c.args[0] == "engagements/_hours_table.html")

        first = table(manager)
        assert table(approver) == first and tables() == 1
        log(engagement, specialist, dt.date(2026, 11, 20), "3")
        logged = table(manager)
        assert tables() == 2 and logged != first
        services.add_override(actor=manager, engagement=engagement, month=3, extra_hours="5", reason="Black Friday")
        assert "Black Friday" in table(manager) and tables() == 3


def test_the_etag_depends_on_the_language(engagement):
    from django.utils import translation

    with translation.override("en"):
        en = queries.schedule_etag(engagement, TODAY)
    with translation.override("ru"):
        ru = queries.schedule_etag(engagement, TODAY)
    assert en != ru


def test_the_api_schedule_answers_304_to_its_etag(manager, specialist, engagement, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    api = Api(token_for(manager))
    path = f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/schedule"
    first = api.get(path)
    assert first.status_code == 200 and first["ETag"]
    assert first.json()["phases"]
    assert api.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    log(engagement, specialist, dt.date(2026, 9, 8), "2")
    assert api.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    other = Api(token_for(specialist)).get(path)
    assert other["ETag"] != api.get(path)["ETag"]  # the answer depends on who asks


def test_an_entry_loaded_in_part_still_keeps_its_month(engagement, specialist):
    from django.utils import timezone

    entry = log(engagement, specialist, dt.date(2026, 11, 20), "5")
    partial = TimeEntry.objects.only("id", "note").get(pk=entry.pk)
    partial.note = "edited"
    partial.save(update_fields=["note"])
    assert stored(engagement) == {3: Decimal(5)}
    partial = TimeEntry.objects.only("id", "deleted_at").get(pk=entry.pk)
    partial.deleted_at = timezone.now()
    partial.save(update_fields=["deleted_at"])
    assert stored(engagement) == live_by_month(engagement) == {}


def test_the_page_of_an_old_engagement_shows_its_last_12_months_and_all_on_demand(client, login, manager,
                                                                                   engagement):
    login(client, manager)
    page = reverse("engagements:engagement-detail", kwargs={"workspace": engagement.workspace.slug,
                                                             "engagement": engagement.uuid})
    later = TODAY + dt.timedelta(days=30 * 20)  # month 23
    with mock.patch.object(queries, "engagement_today", return_value=later):
        recent = client.get(page)
        every = client.get(page + "?months=all")
    shown = [r.index for r in recent.context["hours_rows"]]
    assert shown[0] == 23 - 11 and 23 in shown
    assert recent.context["hours_hidden"] == 11
    assert "Show the 11 earlier months" in recent.content.decode()
    assert [r.index for r in every.context["hours_rows"]][0] == 1 and every.context["hours_hidden"] == 0
    assert recent.context["meter"].index == 23


def test_the_gantt_etag_changes_with_its_client_name_and_the_engagement_language(client, login, manager, owner,
                                                                                  engagement, client_obj):
    from cadence.core import services as core_services

    login(client, manager)
    gantt = reverse("engagements:engagement-gantt", kwargs={"workspace": engagement.workspace.slug,
                                                             "engagement": engagement.uuid})
    etag = client.get(gantt)["ETag"]
    core_services.update_client(actor=owner, client=client_obj, name="Renamed bakery")
    renamed = client.get(gantt, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200 and "Renamed bakery" in renamed.content.decode()
    services.update_engagement(actor=manager, engagement=engagement, language="en")
    assert client.get(gantt, HTTP_IF_NONE_MATCH=renamed["ETag"]).status_code == 200


def test_the_time_page_of_an_old_engagement_lists_its_last_12_months_to_close(client, login, manager, engagement):
    login(client, manager)
    page = reverse("engagements:time-list", kwargs={"workspace": engagement.workspace.slug,
                                                    "engagement": engagement.uuid})
    later = TODAY + dt.timedelta(days=30 * 20)  # month 23
    with mock.patch.object(queries, "engagement_today", return_value=later):
        recent = client.get(page)
        every = client.get(page + "?all_months=1")
    assert [r.index for r in recent.context["months"]] == list(range(23, 11, -1))
    assert recent.context["months_hidden"] == 11 and "Show the 11 earlier months" in recent.content.decode()
    assert len(every.context["months"]) == 23 and every.context["months_hidden"] == 0
    assert every.context["selected_month"] == recent.context["selected_month"] == 23  # not a filter
