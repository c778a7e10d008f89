"""The KPIs' writes: checks with worded refusals, the evaluation and its alerts (once per worsening, emailed in
the recipient's language), values entered by hand, control points and decisions on the board, the import from
the plan, and the re-evaluation after an import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from cadence.core.errors import DomainError, InvalidInput
from cadence.core.models import AuditEntry
from cadence.kpis import queries, services
from cadence.kpis.models import Kpi, KpiAlert
from tests.kpis.fixtures import TODAY

D = Decimal
DUE = dt.date(2027, 6, 30)


def _manual(engagement, manager, m, **kw):
    fields = {"name": "Followers", "metric_key": "instagram.followers", "aggregation": "last", "baseline": D(1000),
              "acceptable": D(1500), "due": DUE, **kw}
    return services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, **fields)


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"metric_key": "ads.nope"}, "metric_key", "invalid_choice"),
    ({"acceptable": "1,7", "optimal": "1.5"}, "optimal", "level_order"),
    ({"direction": "down", "acceptable": "2", "optimal": "2.5"}, "optimal", "level_order"),
    ({"acceptable": "1e400"}, "acceptable", "out_of_range"),
    ({"acceptable": "abc"}, "acceptable", "invalid_number"),
    ({"acceptable": "1.00001"}, "acceptable", "invalid_number"),
    ({"name": "Bad\x00name"}, "name", "control_characters"),
    ({"platform": "ga4"}, "platform", "invalid_choice"),
    ({"channel_group": "Paid Search"}, "channel_group", "invalid_choice"),
    ({"due": "2027-02-30"}, "due", "invalid_date"),
    ({"metric_key": "manual"}, "unit", "required"),
])
def test_bad_input_is_refused_with_words(engagement, manager, m, fields, field, code):
    base = {"name": "CTR", "metric_key": "ads.ctr"}
    with pytest.raises(DomainError) as exc:  # InvalidInput (422) for a bound, DomainError (400) across fields
        services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, **{**base, **fields})
    assert (exc.value.field, exc.value.code) == (field, code)
    assert exc.value.message
    assert not Kpi.objects.exists()


def test_levels_accept_the_decimal_comma_and_roles_are_checked(engagement, manager, specialist, m):
    kpi = services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="CTR",
                              metric_key="ads.ctr", acceptable="1,6", optimal="1.8")
    assert kpi.acceptable == D("1.6") and kpi.direction == "up"
    cpc = services.create_kpi(actor=manager, membership=m["manager"], engagement=engagement, name="CPC",
                              metric_key="ads.cpc")
    assert cpc.direction == "down"  # the metric's own
    with pytest.raises(PermissionDenied):
        services.create_kpi(actor=specialist, membership=m["specialist"], engagement=engagement, name="X",
                            metric_key="ads.ctr")
    assert AuditEntry.objects.filter(action="kpis.kpi_created").count() == 2


def test_entries_by_hand_a_computed_kpi_refuses_them(engagement, manager, specialist, m, kpi_ctr):
    kpi = _manual(engagement, manager, m)
    services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day="2027-03-31", value="1200")
    services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day=dt.date(2027, 3, 31), value="1210")
    assert [e.value for e in queries.entries_of(kpi)] == [D(1210)]  # the same day replaces
    with pytest.raises(DomainError) as exc:
        services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi_ctr, day="2027-03-01", value="1")
    assert exc.value.code == "computed"
    with pytest.raises(InvalidInput):
        services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day="yesterday", value="1")
    with pytest.raises(PermissionDenied):
        services.add_entry(actor=None, membership=m["viewer"], kpi=kpi, day="2027-03-01", value="1")


def test_a_worsening_alerts_the_manager_once_by_email_in_their_language(engagement, manager, specialist, m, owner,
                                                                         clock, django_capture_on_commit_callbacks):
    from cadence.engagements import services as eng_services

    manager.language = "ru"
    manager.save()
    eng_services.update_engagement(actor=owner, engagement=engagement, manager=manager)
    engagement.refresh_from_db()
    kpi = _manual(engagement, manager, m)
    clock.set(TODAY)
    # 1100, 1200, 1300 at the end of Jan-Mar: +100 a month -> 1600 by June: on track (no alert from "no data")
    for day, value in (("2027-01-31", 1100), ("2027-02-28", 1200), ("2027-03-31", 1300)):
        services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day=day, value=value)
    kpi.refresh_from_db()
    assert kpi.status == "on_track" and not KpiAlert.objects.exists()
    mail.outbox.clear()
    # a fall in April: the trend no longer reaches 1,500 -> worse: one alert, one email, in Russian
    with django_capture_on_commit_callbacks(execute=True):
        services.add_entry(actor=specialist, membership=m["specialist"], kpi=kpi, day="2027-04-05", value="1000")
    kpi.refresh_from_db()
    assert kpi.status in ("at_risk", "off_track")
    (alert,) = KpiAlert.objects.all()
    assert alert.user == manager and alert.old_status == "on_track" and alert.emailed_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [manager.email]
    assert "KPI" in mail.outbox[0].subject and "Followers" in mail.outbox[0].body
    assert "1\u00a0500" in mail.outbox[0].body or "1 500" in mail.outbox[0].body  # ru number format
    # evaluating again alerts nobody twice
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluate_engagement(engagement, today=TODAY)
        call_command("kpi-check", "--now")
    assert KpiAlert.objects.count() == 1 and len(mail.outbox) == 1
    assert [a.kpi_uuid for a in queries.unread_alerts(m["manager"])] == [str(kpi.uuid)]
    services.mark_alert_read(membership=m["manager"], alert=alert)
    assert queries.unread_alerts(m["manager"]) == []
    with pytest.raises(DomainError):
        services.mark_alert_read(membership=m["owner"], alert=alert)


def test_without_a_manager_the_owners_and_managers_are_alerted(engagement, manager, owner, m):
    assert {u.email for u in services.recipients(engagement)} == {owner.email, manager.email}


def test_a_decision_creates_a_card_on_the_board(engagement, manager, m, kpi_ctr):
    point = services.add_control_point(actor=manager, membership=m["manager"], kpi=kpi_ctr, review_on="2027-04-15",
                                       reviewer=manager)
    point = services.record_decision(actor=manager, membership=m["manager"], point=point,
                                     decision="Test **two new creatives** <script>x</script>", task_title="New ads")
    assert point.task is not None and point.task.title == "New ads"
    rows = queries.control_decisions(engagement, first=dt.date(2027, 4, 1), last=dt.date(2027, 4, 30))
    assert rows[0].task_title == "New ads" and "/tasks/" in rows[0].task_url
    assert "<strong>two new creatives</strong>" in rows[0].decision and "<script>" not in rows[0].decision
    with pytest.raises(InvalidInput):
        services.record_decision(actor=manager, membership=m["manager"], point=point, decision="  ")


def test_import_from_the_plan_is_idempotent(engagement, manager, m, monkeypatch):
    from cadence.plans import queries as plan_queries
    from cadence.plans.models import Objective, Plan, SmmTask

    plan = Plan.objects.create(workspace=engagement.workspace, engagement=engagement)
    objective = Objective.objects.create(workspace=engagement.workspace, plan=plan, title="Sales", department="sales",
                                         level_unit="%", acceptable=D("1.5"), optimal=D("1.8"), best=D(2))
    row = SmmTask.objects.create(workspace=engagement.workspace, plan=plan, objective=objective, title="More clicks",
                                 metric_key="ads.ctr", unit="%", baseline=D("1.1"), target=D("1.6"), due=DUE)
    (real,) = plan_queries.task_kpis(engagement)
    assert (real.task_id, real.acceptable, real.target) == (row.pk, D("1.5"), D("1.6"))
    task = plan_queries.TaskKpi(task_id=row.pk, title="More clicks", metric_key="ads.ctr", kpi_name="", unit="%",
                                baseline=D("1.1"), baseline_date=None, target=D("1.6"), due=DUE, direction="",
                                objective_title="Sales", objective_direction="up", objective_unit="%",
                                acceptable=D("1.5"), optimal=D("1.8"), best=D("2"), horizon_end=None)
    monkeypatch.setattr(plan_queries, "task_kpis", lambda e: [task])
    first = services.import_from_plan(engagement, actor=manager, membership=m["manager"])
    assert first == {"created": 1, "updated": 0, "unchanged": 0}
    again = services.import_from_plan(engagement, actor=manager, membership=m["manager"])
    assert again == {"created": 0, "updated": 0, "unchanged": 1}
    kpi = Kpi.objects.get()
    # named in the engagement's language (Romanian here), whoever imports it
    assert (kpi.name, kpi.acceptable, kpi.optimal, kpi.best, kpi.baseline, kpi.due) == (
        "Rata de clic (CTR)", D("1.5"), D("1.8"), D(2), D("1.1"), DUE)


def test_an_import_written_or_undone_re_evaluates(engagement, manager, m, facts, kpi_ctr, clock,
                                                  django_capture_on_commit_callbacks):
    from cadence.metrics import services as metric_services

    Kpi.objects.filter(pk=kpi_ctr.pk).update(status="no_data", status_code="", status_params={})
    clock.set(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        metric_services._announce(facts)  # what write and undo send after their commit
    kpi_ctr.refresh_from_db()
    assert kpi_ctr.status == "on_track"


def test_an_objective_whose_levels_do_not_fit_gives_the_target_alone(engagement, manager, m, monkeypatch):
    from cadence.plans.models import Objective, Plan, SmmTask

    plan = Plan.objects.create(workspace=engagement.workspace, engagement=engagement)
    objective = Objective.objects.create(workspace=engagement.workspace, plan=plan, title="Costs", department="sales",
                                         level_unit="RON", acceptable=D(2), optimal=D(3), best=D(4))  # "up" levels
    SmmTask.objects.create(workspace=engagement.workspace, plan=plan, objective=objective, title="Cheaper clicks",
                           metric_key="ads.cpc", unit="RON", target=D("1.5"), due=DUE)
    assert services.import_from_plan(engagement, actor=manager, membership=m["manager"])["created"] == 1
    kpi = Kpi.objects.get()
    assert (kpi.direction, kpi.acceptable, kpi.optimal, kpi.best) == ("down", D(2), None, None)


def test_undoing_an_import_re_evaluates(engagement, manager, m, facts, kpi_ctr, clock,
                                        django_capture_on_commit_callbacks):
    from cadence.metrics import services as metric_services

    clock.set(TODAY)
    services.evaluate_engagement(engagement, today=TODAY)
    kpi_ctr.refresh_from_db()
    assert kpi_ctr.status == "on_track"
    with django_capture_on_commit_callbacks(execute=True):
        metric_services.undo(actor=manager, membership=m["manager"], batch=facts)
    kpi_ctr.refresh_from_db()
    assert (kpi_ctr.status, kpi_ctr.status_code) == ("no_data", "no_values")


def test_the_kpi_check_command(engagement, kpi_ctr, facts, clock):
    import io

    from django.core.management.base import CommandError

    clock.set(TODAY)
    out = io.StringIO()
    call_command("kpi-check", stdout=out)  # starts the daily chain, or runs now where the backend cannot defer
    assert "KPI" in out.getvalue()
    call_command("kpi-check", "--today", "2027-04-10", stdout=out)
    kpi_ctr.refresh_from_db()
    assert kpi_ctr.status == "on_track" and kpi_ctr.evaluated_at is not None
    with pytest.raises(CommandError):
        call_command("kpi-check", "--today", "10.04.2027")


def test_an_objectives_levels_on_the_wrong_side_of_the_tasks_baseline_are_not_the_kpis(engagement, manager, m,
                                                                                        monkeypatch):
    """The objective's turnover levels (MDL) are no levels for a cost per lead in MDL: the task's target is."""
    from cadence.plans import queries as plan_queries

    task = plan_queries.TaskKpi(task_id=None, title="Cheaper leads", metric_key="ads.cost_per_conversion",
                                kpi_name="", unit="MDL", baseline=D(180), baseline_date=None, target=D(120), due=DUE,
                                direction="", objective_title="Sales", objective_direction="up",
                                objective_unit="MDL", acceptable=D(150000), optimal=D(200000), best=D(260000),
                                horizon_end=None)
    monkeypatch.setattr(plan_queries, "task_kpis", lambda e: [task])
    services.import_from_plan(engagement, actor=manager, membership=m["manager"])
    kpi = Kpi.objects.get()
    assert (kpi.direction, kpi.acceptable, kpi.optimal, kpi.best) == ("down", D(120), None, None)
