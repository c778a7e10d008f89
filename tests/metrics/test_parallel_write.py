"""The write of a large file with its reading in a second process (store.write_file_facts): the same facts, the
same refusals and nothing written when either side fails, and no reading process left behind."""

import datetime as dt
import multiprocessing
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from cadence.metrics import services, store
from cadence.metrics.domain.facts import Problem
from cadence.metrics.models import ImportBatch, MetricFact, Status
from tests.metrics.conftest import meta_csv

pytestmark = pytest.mark.django_db

APRIL = dt.date(2027, 4, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CADENCE_IMPORT_PARALLEL_KB = 0  # every file on the disk is read by the second process


@pytest.fixture
def in_child(monkeypatch):
    """The calls of store.write_file_facts (so a test fails if the write took the one-process path)."""
    calls = []
    real = store.write_file_facts

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "write_file_facts", spy)
    return calls


def _rows(first, count, campaigns=1, spend="10.00"):
    return [((first + dt.timedelta(days=i)).isoformat(), (first + dt.timedelta(days=i)).isoformat(), f"C{c}", spend,
             100 + c, 5) for i in range(count) for c in range(campaigns)]


def _confirm(batch, user, members, **kwargs):
    return services.confirm(actor=user, membership=members[user], batch=batch, **kwargs)


def test_a_sample_is_written_by_the_second_process_with_the_same_totals(upload, specialist, members, in_child,
                                                                      settings):
    batch = _confirm(upload("meta_ads_daily_eur.csv"), specialist, members)
    assert len(in_child) == 1 and in_child[0].startswith(settings.MEDIA_ROOT)
    assert batch.status == Status.DONE and batch.rows_written == 14
    assert MetricFact.objects.filter(batch=batch).count() == 14
    assert sum(f.spend for f in MetricFact.objects.all()) == Decimal("306.84")
    assert (batch.first_day, batch.last_day) == (min(f.day for f in MetricFact.objects.all()),
                                                 max(f.day_end for f in MetricFact.objects.all()))
    assert not multiprocessing.active_children()


def test_many_chunks_arrive_in_order_and_report_progress(upload, specialist, members, in_child, monkeypatch):
    seen = []
    real = services.progress.report
    monkeypatch.setattr(services.progress, "report", lambda batch, **kw: (seen.append(kw), real(batch, **kw)))
    # 12,000 rows (more than two of the reader's chunks of 5,000); a row given twice keeps the later one
    rows = _rows(APRIL, 400, campaigns=30)
    content = meta_csv(rows) + meta_csv([(APRIL.isoformat(), APRIL.isoformat(), "C0", "99.00", 1, 1)]).split(
        b"\n", 1)[1]
    batch = _confirm(upload(content), specialist, members)
    assert in_child and batch.status == Status.DONE
    assert MetricFact.objects.count() == 12_000 and batch.rows_written == 12_001
    assert MetricFact.objects.get(day=APRIL, campaign="C0").spend == Decimal("99.00")
    written = [kw["written"] for kw in seen if kw.get("written")]
    assert written[:3] == [5000, 10000, 12001]


def test_the_exchange_rate_reaches_the_second_process(upload, specialist, members, in_child):
    batch = _confirm(upload("meta_ads_monthly_usd.csv"), specialist, members, exchange_rate="0.9")
    assert in_child and batch.status == Status.DONE
    assert sum(f.spend for f in MetricFact.objects.all()) == (Decimal("1965.24") * Decimal("0.9")).quantize(
        Decimal("0.01"))
    assert sum(f.impressions for f in MetricFact.objects.all()) == 224196


def test_a_bad_row_found_by_the_second_process_writes_nothing(upload, specialist, members, in_child):
    _confirm(upload(meta_csv(_rows(APRIL, 3))), specialist, members)
    good = meta_csv(_rows(APRIL + dt.timedelta(days=1), 5, spend="50.00"))
    batch = upload(good)
    # the stored file changes under the job (a storage fault): its last row is bad now
    default_storage.delete(batch.file.name)
    default_storage.save(batch.file.name, ContentFile(good + b"2027-04-20,2027-04-20,X,1,1,abc,1,1\n"))
    batch = _confirm(batch, specialist, members)
    assert len(in_child) == 2
    assert batch.status == Status.FAILED and "7" in batch.error and "Nothing was written" in batch.error
    assert MetricFact.objects.count() == 3
    assert set(MetricFact.objects.values_list("spend", flat=True)) == {Decimal("10.00")}
    assert not multiprocessing.active_children()


def test_a_file_the_second_process_cannot_read_fails_with_the_reason(upload, specialist, members, in_child):
    good = meta_csv(_rows(APRIL, 5))
    batch = upload(good)
    default_storage.delete(batch.file.name)  # now cut inside a quoted field
    default_storage.save(batch.file.name, ContentFile(good + b'2027-04-20,2027-04-20,"Spring\n'))
    batch = _confirm(batch, specialist, members)
    assert in_child and batch.status == Status.FAILED and batch.rows_written == 0
    assert "quot" in batch.error.lower() and "Nothing was written" in batch.error
    assert MetricFact.objects.count() == 0


def _batch(engagement):
    return ImportBatch.objects.create(workspace_id=engagement.workspace_id, engagement=engagement,
                                      file_name="a.csv", sha256="0" * 64, status=Status.WRITING)


def _layout(tmp_path, content):
    from cadence.metrics.domain import reader

    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with path.open("rb") as stream:
        _recognition, layout = services._recognise(stream, [], None)
    assert layout is not None
    return reader, path, layout


def test_a_reading_process_that_fails_rolls_the_write_back(engagement, tmp_path):
    _reader, path, layout = _layout(tmp_path, meta_csv(_rows(APRIL, 3)))
    batch = _batch(engagement)
    with pytest.raises(store.ReaderFailed) as caught, transaction.atomic():
        store.write_file_facts(str(tmp_path / "gone.csv"), layout, workspace_id=engagement.workspace_id,
                               engagement_id=engagement.pk, batch_id=batch.pk, platform="meta_ads")
    assert "FileNotFoundError" in str(caught.value)
    assert MetricFact.objects.count() == 0 and not multiprocessing.active_children()


def test_a_writer_that_fails_stops_the_reading_process(engagement, tmp_path):
    _reader, path, layout = _layout(tmp_path, meta_csv(_rows(APRIL, 400, campaigns=30)))
    batch = _batch(engagement)

    def fail(done):
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError), transaction.atomic():
        store.write_file_facts(str(path), layout, workspace_id=engagement.workspace_id, engagement_id=engagement.pk,
                               batch_id=batch.pk, platform="meta_ads", progress=fail)
    assert MetricFact.objects.count() == 0 and not multiprocessing.active_children()


class _Pipe:
    def __init__(self, messages):
        self.messages = list(messages)
        self.closed = False

    def recv(self):
        if not self.messages:
            raise EOFError
        return self.messages.pop(0)

    def close(self):
        self.closed = True


class _Process:
    exitcode = -9

    def is_alive(self):
        return False

    def join(self, timeout=None):
        return None


def test_each_word_of_the_reading_process_is_understood():
    from cadence.metrics.domain.textio import FileRefused

    done = store.Written(rows=2, first_day=APRIL, last_day=APRIL)
    written = store.Written()
    pipe = _Pipe([("rows", [(1,)]), ("rows", [(2,)]), ("done", done)])
    assert list(store._received(pipe, _Process(), written)) == [[(1,)], [(2,)]]
    assert (written.rows, written.first_day) == (2, APRIL) and pipe.closed
    problem = Problem("not_a_number", line=7)
    with pytest.raises(store.RowRefused) as refused:
        list(store._received(_Pipe([("rows", [(1,)]), ("refused", problem)]), _Process(), store.Written()))
    assert refused.value.problem == problem
    with pytest.raises(FileRefused) as file:
        list(store._received(_Pipe([("file", "truncated_quote", 9)]), _Process(), store.Written()))
    assert (file.value.code, file.value.line) == ("truncated_quote", 9)
    with pytest.raises(store.ReaderFailed, match="exit code -9"):  # killed (out of memory): no word at all
        list(store._received(_Pipe([("rows", [(1,)])]), _Process(), store.Written()))


def test_without_a_second_process_the_file_is_read_in_this_one(upload, specialist, members, in_child, monkeypatch):
    context = multiprocessing.get_context("spawn")

    def refuse(self):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(type(context.Process(target=print)), "start", refuse)
    batch = _confirm(upload("meta_ads_daily_eur.csv"), specialist, members)
    assert in_child and batch.status == Status.DONE and batch.rows_written == 14
    assert sum(f.spend for f in MetricFact.objects.all()) == Decimal("306.84")
