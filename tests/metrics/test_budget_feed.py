"""Imported advertising spend feeds the budget's imported actuals, apart from the manual ones."""

import datetime as dt
from decimal import Decimal

import pytest

from cadence.budget import services as budget
from cadence.budget.models import BudgetActual, Source
from cadence.metrics import queries, services
from cadence.metrics.models import Status
from tests.metrics.conftest import meta_csv

pytestmark = pytest.mark.django_db

APRIL, MARCH = dt.date(2027, 4, 1), dt.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def meta_line(engagement, manager, members):
    m = members[manager]
    budget.create_line(actor=manager, membership=m, engagement=engagement, category="software_tools", name="Tools")
    first = budget.create_line(actor=manager, membership=m, engagement=engagement, category="advertising",
                               name="Meta ads", channel="meta")
    budget.create_line(actor=manager, membership=m, engagement=engagement, category="advertising",
                       name="Meta ads (second)", channel="meta")
    budget.set_actual(actor=manager, membership=m, line=first, month=APRIL, amount="100.00", note="invoice")
    return first


def _import(upload, specialist, members, content):
    batch = upload(content)
    return services.confirm(actor=specialist, membership=members[specialist], batch=batch)


def _actual(line, month, source):
    row = BudgetActual.objects.filter(line=line, month=month, source=source).first()
    return row.amount if row else None


def test_spend_becomes_the_imported_actual_and_the_manual_one_stays(upload, specialist, members, meta_line):
    batch = _import(upload, specialist, members, "meta_ads_daily_eur.csv")
    assert batch.status == Status.DONE and batch.summary["budget"] == []
    assert _actual(meta_line, APRIL, Source.IMPORTED) == Decimal("306.84")
    assert _actual(meta_line, APRIL, Source.MANUAL) == Decimal("100.00")
    # importing it again changes nothing; undoing the newer one leaves the rows it re-owned gone
    again = _import(upload, specialist, members, "meta_ads_daily_eur.csv")
    assert _actual(meta_line, APRIL, Source.IMPORTED) == Decimal("306.84")
    services.undo(actor=specialist, membership=members[specialist], batch=again)
    assert _actual(meta_line, APRIL, Source.IMPORTED) is None
    assert _actual(meta_line, APRIL, Source.MANUAL) == Decimal("100.00")


def test_a_row_spanning_months_is_split_by_its_days(upload, specialist, members, meta_line):
    _import(upload, specialist, members, meta_csv([("2027-03-22", "2027-04-10", "Long", "30.00", 10, 1)]))
    assert _actual(meta_line, MARCH, Source.IMPORTED) == Decimal("15.00")
    assert _actual(meta_line, APRIL, Source.IMPORTED) == Decimal("15.00")


def test_months_outside_the_budget_and_channels_without_a_line_are_reported(upload, specialist, members, engagement,
                                                                            meta_line):
    batch = _import(upload, specialist, members, meta_csv([("2030-01-05", "2030-01-05", "Late", "12.00", 10, 1)]))
    assert batch.status == Status.DONE
    assert batch.summary["budget"] == [{"channel": "meta", "month": "2030-01-01", "amount": "12.00",
                                        "reason": "outside_budget"}]
    assert "outside the budget" in queries.batch_view(batch).budget[0].message
    # TikTok Ads in EUR, March 2027: the budget has no TikTok line
    batch = _import(upload, specialist, members, "tiktok_ads.csv")
    assert batch.status == Status.DONE
    assert {n["reason"] for n in batch.summary["budget"]} == {"no_line"}
    assert {n["channel"] for n in batch.summary["budget"]} == {"tiktok"}
    assert "no advertising line" in queries.batch_view(batch).budget[0].message
    assert not BudgetActual.objects.filter(month=dt.date(2030, 1, 1)).exists()


def test_the_feed_alone_returns_what_it_cannot_place(engagement, meta_line):
    unplaced = budget.set_imported_advertising(actor=None, engagement=engagement, amounts={
        ("meta", APRIL): Decimal("5"), ("tiktok", APRIL): Decimal("7"), ("meta", dt.date(2031, 1, 1)): Decimal("1"),
        ("google_ads", APRIL): Decimal(0)})
    assert [(u.channel, u.reason) for u in unplaced] == [("meta", "outside_budget"), ("tiktok", "no_line")]
    assert _actual(meta_line, APRIL, Source.IMPORTED) == Decimal("5.00")
    budget.set_imported_advertising(actor=None, engagement=engagement, amounts={("meta", APRIL): None})
    assert _actual(meta_line, APRIL, Source.IMPORTED) is None
