"""The fast writer: upsert by identity, re-ownership, exchange rate, a refused row rolls the chunk back."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from cadence.metrics import store
from cadence.metrics.domain.facts import ERROR, NOTICE, FactRow, Problem, fact_key
from cadence.metrics.models import ImportBatch, MetricFact, Status

pytestmark = pytest.mark.django_db

D = dt.date(2026, 10, 1)


def _batch(engagement, name="a.csv"):
    return ImportBatch.objects.create(workspace_id=engagement.workspace_id, engagement=engagement, file_name=name,
                                      sha256="0" * 64, status=Status.WRITING)


def _row(day, campaign="Spring", spend="10.50", clicks=3, **extra):
    return FactRow(line=2, day=day, day_end=day, level="campaign", account="Acct", campaign=campaign,
                   measures={"spend": Decimal(spend), "clicks": Decimal(clicks)}, extra=extra)


def _write(engagement, batch, rows, rate=None):
    with transaction.atomic():
        return store.write_facts(rows, workspace_id=engagement.workspace_id, engagement_id=engagement.pk,
                                 batch_id=batch.pk, platform="meta_ads", rate=rate)


def test_rows_are_written_with_their_identity(engagement):
    batch = _batch(engagement)
    seen = []
    with transaction.atomic():
        written = store.write_facts([_row(D), _row(D + dt.timedelta(days=1), campaign="Autumn", note="x")],
                                    workspace_id=engagement.workspace_id, engagement_id=engagement.pk,
                                    batch_id=batch.pk, platform="meta_ads", progress=seen.append)
    assert (written.rows, written.first_day, written.last_day) == (2, D, D + dt.timedelta(days=1))
    assert seen == [2]
    fact = MetricFact.objects.get(campaign="Autumn")
    assert fact.key == fact_key("meta_ads", "Acct", "campaign", "Autumn", "", "", "")
    assert (fact.spend, fact.clicks, fact.impressions, fact.extra) == (Decimal("10.50"), 3, None, {"note": "x"})
    assert fact.batch_id == batch.pk and fact.day == fact.day_end == D + dt.timedelta(days=1)


def test_the_same_rows_twice_count_once_and_move_to_the_newer_batch(engagement):
    first, second = _batch(engagement), _batch(engagement, "b.csv")
    _write(engagement, first, [_row(D), _row(D + dt.timedelta(days=1))])
    _write(engagement, second, [_row(D + dt.timedelta(days=1), spend="20.00"), _row(D + dt.timedelta(days=2))])
    facts = MetricFact.objects.order_by("day")
    assert [(f.day.day, f.spend, f.batch_id) for f in facts] == [
        (1, Decimal("10.50"), first.pk), (2, Decimal("20.00"), second.pk), (3, Decimal("10.50"), second.pk)]


def test_a_row_given_twice_in_one_file_keeps_the_later(engagement):
    batch = _batch(engagement)
    _write(engagement, batch, [_row(D, spend="1.00"), _row(D, spend="2.00")])
    assert list(MetricFact.objects.values_list("spend", flat=True)) == [Decimal("2.00")]


def test_money_is_converted_with_the_rate_and_counts_are_not(engagement):
    batch = _batch(engagement)
    _write(engagement, batch, [_row(D, spend="100.00", clicks=7)], rate=Decimal("0.5")),
    fact = MetricFact.objects.get()
    assert (fact.spend, fact.clicks) == (Decimal("50.00"), 7)


def test_an_error_problem_refuses_and_a_notice_is_skipped(engagement):
    batch = _batch(engagement)
    _write(engagement, batch, [_row(D), Problem("masked", line=3, severity=NOTICE)])
    assert MetricFact.objects.count() == 1
    with pytest.raises(store.RowRefused) as caught:
        _write(engagement, batch, [_row(D + dt.timedelta(days=5)), Problem("bad_number", line=9, severity=ERROR)])
    assert caught.value.problem.line == 9
    assert MetricFact.objects.count() == 1  # the atomic block rolled back the row before it


def test_many_rows_in_several_chunks(engagement, monkeypatch):
    monkeypatch.setattr(store, "CHUNK", 7)
    batch = _batch(engagement)
    rows = [_row(D + dt.timedelta(days=i % 30), campaign=f"C{i // 30}") for i in range(100)]
    seen = []
    with transaction.atomic():
        written = store.write_facts(rows, workspace_id=engagement.workspace_id, engagement_id=engagement.pk,
                                    batch_id=batch.pk, platform="meta_ads", progress=seen.append)
    assert written.rows == 100 and seen[-1] == 100 and len(seen) == 15
    assert MetricFact.objects.count() == 100
