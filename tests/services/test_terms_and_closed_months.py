"""Contract terms that change from a month on, closed months and limits checked through carry-over."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry, Membership
from cadence.engagements import queries, services
from cadence.engagements.models import ContractTerms, TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement


@pytest.fixture(autouse=True)
def fixed_today(clock):
    clock.set(TODAY)


def member(user, engagement):
    return Membership.objects.get(user=user, workspace=engagement.workspace)


def log(user, engagement, day, hours, key="research", **kw):
    return services.log_time(actor=user, membership=member(user, engagement), engagement=engagement,
                             phase=engagement.phases.get(key=key), date=day, hours=hours, **kw)


# --- contract terms ---------------------------------------------------------------------------

def test_the_first_terms_are_created_with_the_engagement(engagement):
    (terms,) = engagement.contract_terms.all()
    assert (terms.from_month, terms.monthly_hours, terms.rollover_mode) == (1, Decimal(40), "none")
    assert engagement.monthly_hours == Decimal(40)


def test_an_upsell_from_a_later_month_keeps_the_past_months_and_the_baseline(engagement, manager):
    before = queries.schedule_for(engagement)
    services.change_terms(actor=manager, engagement=engagement, from_month=5, monthly_hours=Decimal(60),
                          rollover_mode="none", reason="Upsell: more ads work")
    engagement = type(engagement).objects.get(pk=engagement.pk)
    rows = queries.month_rows(engagement, months=6)
    assert [r.contracted for r in rows] == [40, 40, 40, 40, 60, 60]
    assert engagement.monthly_hours == Decimal(40)  # month 3 is still under the first terms
    after = queries.schedule_for(engagement)
    assert [(p.baseline_start, p.baseline_end) for p in after.phases] == [
        (p.baseline_start, p.baseline_end) for p in before.phases]
    entry = AuditEntry.objects.get(thread=engagement.uuid, action="engagement.terms_changed")
    assert entry.changes["from_month"] == 5
    assert [Decimal(h) for h in entry.changes["monthly_hours"]] == [40, 60]


@pytest.mark.parametrize("month", [1, 2])
def test_terms_never_change_backwards(engagement, manager, month):
    with pytest.raises(DomainError) as exc:
        services.change_terms(actor=manager, engagement=engagement, from_month=month, monthly_hours=Decimal(60),
                              rollover_mode="none")
    assert exc.value.code == "terms_past_month"
    assert engagement.contract_terms.count() == 1
    assert not AuditEntry.objects.filter(action="engagement.terms_changed").exists()


def test_terms_refuse_a_closed_month_and_bad_values(engagement, manager):
    services.close_month(actor=manager, engagement=engagement, month=3)
    with pytest.raises(DomainError) as exc:
        services.change_terms(actor=manager, engagement=engagement, from_month=3, monthly_hours=Decimal(60),
                              rollover_mode="none")
    assert exc.value.code == "month_closed"
    for bad in ({"monthly_hours": Decimal(0)}, {"monthly_hours": "abc"},
                {"rollover_mode": "carry", "rollover_cap": 0}):
        with pytest.raises(DomainError):
            services.change_terms(actor=manager, engagement=engagement, from_month=4,
                                  **{"monthly_hours": Decimal(50), "rollover_mode": "none", **bad})
    assert ContractTerms.objects.filter(engagement=engagement).count() == 1


def test_the_terms_may_not_start_after_a_fixed_contract(engagement, manager):
    services.update_engagement(actor=manager, engagement=engagement, contract_months=6)
    with pytest.raises(DomainError):
        services.change_terms(actor=manager, engagement=engagement, from_month=7, monthly_hours=Decimal(60),
                              rollover_mode="none")


def test_editing_the_engagement_cannot_rewrite_the_hours(engagement, manager):
    with pytest.raises(DomainError) as exc:
        services.update_engagement(actor=manager, engagement=engagement, monthly_hours=Decimal(60))
    assert exc.value.code == "use_terms"


# --- closed months --------------------------------------------------------------------------

def test_a_month_closes_some_days_after_it_ends(engagement, manager, specialist):
    services.update_engagement(actor=manager, engagement=engagement, close_after_days=5)
    assert queries.month_is_closed(engagement, 1) and queries.month_is_closed(engagement, 2)  # ended 6 Nov
    assert not queries.month_is_closed(engagement, 3)
    with pytest.raises(DomainError) as exc:
        log(specialist, engagement, dt.date(2026, 10, 20), 2)
    assert exc.value.code == "month_closed"
    with pytest.raises(DomainError) as exc:
        log(manager, engagement, dt.date(2026, 10, 20), 2)
    assert exc.value.code == "reason_required"
    assert not TimeEntry.objects.exists()
    entry, _ = log(manager, engagement, dt.date(2026, 10, 20), 2, reason="Invoice correction agreed with client")
    audit = AuditEntry.objects.get(action="time.logged")
    assert audit.changes["reason"] == "Invoice correction agreed with client" and audit.changes["closed_month"] == 2
    with pytest.raises(DomainError):
        services.delete_time_entry(actor=manager, membership=member(manager, engagement), entry=entry)
    services.delete_time_entry(actor=manager, membership=member(manager, engagement), entry=entry,
                               reason="Logged twice")
    assert AuditEntry.objects.get(action="time.deleted").changes["reason"] == "Logged twice"


def test_a_manager_closes_and_reopens_a_month(engagement, manager, specialist):
    log(specialist, engagement, dt.date(2026, 11, 10), 2)
    services.close_month(actor=manager, engagement=engagement, month=3, reason="Invoiced early")
    with pytest.raises(DomainError):
        log(specialist, engagement, dt.date(2026, 11, 11), 2)
    with pytest.raises(DomainError):
        services.reopen_month(actor=manager, engagement=engagement, month=3, reason="")
    with pytest.raises(DomainError):
        services.close_month(actor=manager, engagement=engagement, month=4)  # has not begun
    services.reopen_month(actor=manager, engagement=engagement, month=3, reason="Client asked for one more post")
    log(specialist, engagement, dt.date(2026, 11, 11), 2)
    actions = list(AuditEntry.objects.filter(action__startswith="month.").values_list("action", flat=True))
    assert sorted(actions) == ["month.closed", "month.reopened"]


def test_back_dating_into_a_closed_month_cannot_push_the_next_month_over(engagement, manager, specialist):
    """A manager adds 10 h to closed month 2; under carry-over that takes 10 h from month 3's hours."""
    engagement.contract_terms.update(rollover_mode="carry", rollover_cap=Decimal(10))
    for day in (12, 13, 14, 15):  # month 2: 38 of 40 + 10 carried in from month 1, 10 h carried on
        log(specialist, engagement, dt.date(2026, 10, day), "9.5")
    for day in (12, 13, 16, 17, 18):  # month 3: 45 of 40 + 10 carried in
        log(specialist, engagement, dt.date(2026, 11, day), 9)
    services.update_engagement(actor=manager, engagement=engagement, close_after_days=5)  # month 2 is closed
    assert queries.month_rows(engagement, months=3)[2].available == Decimal(50)
    with pytest.raises(DomainError) as exc:
        log(manager, engagement, dt.date(2026, 10, 20), 10, reason="Forgotten workshop")
    assert exc.value.code == "hours_exceeded"
    assert "month 3" in exc.value.message and "E+" not in exc.value.message
    assert TimeEntry.objects.filter(date=dt.date(2026, 10, 20)).count() == 0
    log(manager, engagement, dt.date(2026, 10, 20), 5, reason="Forgotten workshop")  # 45 of 45: fits
    services.add_override(actor=manager, engagement=engagement, month=3, extra_hours=5, reason="Workshop")
    log(manager, engagement, dt.date(2026, 10, 21), 5, reason="Forgotten workshop, second day")
    month3 = queries.month_rows(engagement, months=3)[2]
    assert (month3.available, month3.logged, month3.usage_percent, month3.level) == (47, 45, 96, "warning")
