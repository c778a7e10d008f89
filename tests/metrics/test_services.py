"""The import pipeline through its services: upload, preview, mapping, confirm, write, undo, discard."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from cadence.metrics import progress, queries, services
from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact, Status
from tests.metrics.conftest import DATA, meta_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _confirm(batch, user, members, **kwargs):
    return services.confirm(actor=user, membership=members[user], batch=batch, **kwargs)


def _days(first, count, campaign="Spring", spend="10.00"):
    return [((first + dt.timedelta(days=i)).isoformat(), (first + dt.timedelta(days=i)).isoformat(), campaign,
             spend, 100, 5) for i in range(count)]


APRIL = dt.date(2027, 4, 1)


def test_upload_stores_the_file_hashes_it_and_previews_it(upload, engagement, specialist):
    data = (DATA / "meta_ads_daily_eur.csv").read_bytes()
    batch = upload("meta_ads_daily_eur.csv", name="../../meta.csv")
    assert batch.status == Status.READY
    assert batch.sha256 == hashlib.sha256(data).hexdigest() and batch.file_size == len(data)
    assert batch.file_name == "meta.csv"
    with default_storage.open(batch.file.name, "rb") as handle:
        assert handle.read() == data
    assert (batch.platform, batch.variant, batch.currency) == ("meta_ads", "ads_manager_daily", "EUR")
    assert (batch.first_day, batch.last_day, batch.rows_total, batch.rows_read) == (
        APRIL, dt.date(2027, 4, 7), 14, 14)
    summary = batch.summary
    assert summary["totals"]["spend"] == "306.84" and summary["totals"]["impressions"] == "83433"
    assert summary["problems"] == [] and summary["error_count"] == 0 and summary["already"] is None
    assert summary["campaign_count"] == 2 and summary["headers"][0] == "Reporting starts"
    assert MetricFact.objects.count() == 0  # nothing written before the confirmation
    assert AuditEntry.objects.filter(action="metrics.import.upload", actor=specialist).count() == 1


def test_a_file_over_the_limit_is_refused_before_anything_is_stored(upload, settings, tmp_path):
    settings.CADENCE_IMPORT_MAX_MB = 1
    big = b"x" * (1024 * 1024 + 1)
    with pytest.raises(DomainError) as caught:
        upload(big, size=None)  # the size unknown: refused while streaming
    assert caught.value.code == "too_large" and "1 MB" in caught.value.message
    with pytest.raises(DomainError):
        upload(b"small", size=200 * 1024 * 1024)  # the declared size refuses it before reading
    assert ImportBatch.objects.count() == 0
    assert not (tmp_path / "imports").exists()


def test_the_refusal_is_translated(upload, settings):
    from django.utils import translation

    settings.CADENCE_IMPORT_MAX_MB = 0
    with translation.override("ro"), pytest.raises(DomainError) as caught:
        upload(b"abc")
    assert caught.value.code == "too_large"


def test_an_unreadable_file_fails_with_the_reason_and_writes_nothing(upload):
    batch = upload(bytes(range(256)) * 40, name="junk.csv")
    assert batch.status == Status.FAILED and batch.error
    assert batch.summary["refusal"]["code"]
    assert MetricFact.objects.count() == 0


def test_confirm_writes_the_facts_once(upload, specialist, members, engagement):
    batch = _confirm(upload("meta_ads_daily_eur.csv"), specialist, members)
    assert batch.status == Status.DONE and batch.rows_written == 14 and batch.written_at
    assert MetricFact.objects.filter(engagement=engagement, batch=batch).count() == 14
    spend = sum(f.spend for f in MetricFact.objects.all())
    assert spend == Decimal("306.84")
    assert AuditEntry.objects.filter(action="metrics.import.confirm").count() == 1
    assert progress.current(batch)["status"] == Status.DONE
    with pytest.raises(DomainError):  # written once
        _confirm(batch, specialist, members)


def test_the_same_file_twice_counts_once_and_says_it_was_imported(upload, specialist, members):
    first = _confirm(upload("meta_ads_daily_eur.csv"), specialist, members)
    again = upload("meta_ads_daily_eur.csv")
    assert again.summary["already"]["batch"] == str(first.uuid)
    assert again.summary["already"]["by"] == "Sofia Specialist"
    view = queries.batch_view(again)
    assert "Sofia Specialist" in view.already_message
    _confirm(again, specialist, members)
    assert MetricFact.objects.count() == 14
    assert sum(f.spend for f in MetricFact.objects.all()) == Decimal("306.84")
    assert set(MetricFact.objects.values_list("batch_id", flat=True)) == {again.pk}


def test_an_overlapping_import_replaces_exactly_its_rows(upload, specialist, members):
    first = _confirm(upload(meta_csv(_days(APRIL, 10))), specialist, members)
    second = _confirm(upload(meta_csv(_days(APRIL + dt.timedelta(days=5), 10, spend="20.00"))), specialist, members)
    facts = list(MetricFact.objects.order_by("day").values_list("day", "spend", "batch_id"))
    assert len(facts) == 15
    assert facts[:5] == [(APRIL + dt.timedelta(days=i), Decimal("10.00"), first.pk) for i in range(5)]
    assert facts[5:] == [(APRIL + dt.timedelta(days=i), Decimal("20.00"), second.pk) for i in range(5, 15)]
    # undoing the newer import removes exactly its rows: the replaced days are gone, the older ones stay
    services.undo(actor=specialist, membership=members[specialist], batch=second)
    assert list(MetricFact.objects.values_list("batch_id", flat=True).distinct()) == [first.pk]
    assert MetricFact.objects.count() == 5


def test_a_file_with_a_bad_row_cannot_be_confirmed(upload, specialist, members):
    content = meta_csv(_days(APRIL, 3)) + b"2027-04-09,2027-04-09,Spring,5,100,abc,100,5\n"
    batch = upload(content)
    assert batch.status == Status.READY and batch.error_count == 1
    assert batch.summary["problems"][0]["line"] == 5 and batch.summary["problems"][0]["code"] == "not_a_number"
    view = queries.batch_view(batch)
    assert not view.can_confirm and view.problems[0].line == 5
    with pytest.raises(DomainError) as caught:
        _confirm(batch, specialist, members)
    assert caught.value.code == "has_errors"
    assert MetricFact.objects.count() == 0 and ImportBatch.objects.get(pk=batch.pk).status == Status.READY


def test_a_failing_row_at_write_time_writes_nothing_and_fails_with_why(upload, specialist, members, engagement):
    _confirm(upload(meta_csv(_days(APRIL, 3))), specialist, members)
    batch = upload(meta_csv(_days(APRIL + dt.timedelta(days=1), 5, spend="50.00")))
    # the stored file changes under the job (a storage fault): its last row is bad now
    bad = meta_csv(_days(APRIL + dt.timedelta(days=1), 5, spend="50.00")) + b"2027-04-20,2027-04-20,X,1,1,abc,1,1\n"
    default_storage.delete(batch.file.name)
    default_storage.save(batch.file.name, ContentFile(bad))
    batch = _confirm(batch, specialist, members)
    assert batch.status == Status.FAILED
    assert "7" in batch.error and batch.rows_written == 0
    # nothing of it was written, and the rows it would have replaced are untouched
    assert MetricFact.objects.count() == 3
    assert set(MetricFact.objects.values_list("spend", flat=True)) == {Decimal("10.00")}
    assert ImportBatch.objects.filter(engagement=engagement, status=Status.DONE).count() == 1


def test_a_currency_other_than_the_engagements_needs_a_rate(upload, specialist, members, engagement):
    assert engagement.currency == "EUR"
    batch = upload("meta_ads_monthly_usd.csv")
    assert batch.summary["currency_mismatch"] is True
    assert batch.summary["problems"][0]["code"] == "currency"
    view = queries.batch_view(batch)
    assert view.needs_rate and view.can_confirm and "USD" in view.problems[0].message
    for bad in (None, "", "0", "-1", "abc", "1.1234567"):
        with pytest.raises(DomainError):
            _confirm(batch, specialist, members, exchange_rate=bad)
    assert MetricFact.objects.count() == 0
    batch = _confirm(batch, specialist, members, exchange_rate="0.9")
    assert batch.status == Status.DONE and batch.exchange_rate == Decimal("0.9")
    assert sum(f.spend for f in MetricFact.objects.all()) == (Decimal("1965.24") * Decimal("0.9")).quantize(
        Decimal("0.01"))
    assert sum(f.impressions for f in MetricFact.objects.all()) == 224196  # counts are not converted


def test_undo_removes_exactly_its_rows(upload, specialist, members):
    keep = _confirm(upload(meta_csv(_days(APRIL, 3, campaign="Keep"))), specialist, members)
    batch = _confirm(upload(meta_csv(_days(APRIL, 3, campaign="Gone"))), specialist, members)
    batch = services.undo(actor=specialist, membership=members[specialist], batch=batch)
    assert batch.status == Status.UNDONE and batch.undone_by == specialist and batch.undone_at
    assert set(MetricFact.objects.values_list("campaign", flat=True)) == {"Keep"}
    assert MetricFact.objects.filter(batch=keep).count() == 3
    assert AuditEntry.objects.filter(action="metrics.import.undo").count() == 1
    with pytest.raises(DomainError):
        services.undo(actor=specialist, membership=members[specialist], batch=batch)


def test_an_unknown_layout_is_mapped_saved_and_recognised_next_time(upload, specialist, members, manager):
    content = b"Zi,Campanie,Cheltuieli,Afisari\n2027-04-01,A,1.50,10\n2027-04-02,A,2.50,20\n"
    batch = upload(content)
    assert batch.status == Status.NEEDS_MAPPING
    assert batch.summary["headers"] == ["Zi", "Campanie", "Cheltuieli", "Afisari"]
    assert batch.summary["sample"][0][0] == "2027-04-01"
    mapping = {"date": "Zi", "campaign": "Campanie", "spend": "Cheltuieli", "impressions": "Afisari"}
    for wrong in ({"campaign": "Campanie", "spend": "Cheltuieli"}, {"date": "Zi", "campaign": "Campanie"},
                  {"date": "Nope", "spend": "Cheltuieli"}, {"date": "Zi", "colour": "Cheltuieli"}):
        with pytest.raises(DomainError):
            services.apply_mapping(actor=specialist, membership=members[specialist], batch=batch, mapping=wrong,
                                   platform="meta_ads", level="campaign")
    with pytest.raises(DomainError):
        services.apply_mapping(actor=specialist, membership=members[specialist], batch=batch, mapping=mapping,
                               platform="myspace", level="campaign")
    batch = services.apply_mapping(actor=specialist, membership=members[specialist], batch=batch, mapping=mapping,
                                   platform="meta_ads", level="campaign", save_as="Romanian Meta")
    assert batch.status == Status.READY and batch.summary["totals"]["spend"] == "4.00"
    profile = MappingProfile.objects.get()
    assert profile.name == "Romanian Meta" and profile.mapping == mapping and batch.profile == profile
    assert AuditEntry.objects.filter(action="metrics.import.profile").count() == 1
    # the next file with the same header is read with the profile, no mapping step
    again = upload(content.replace(b"1.50", b"3.00"))
    assert again.status == Status.READY and again.profile_id == profile.pk
    assert again.summary["totals"]["spend"] == "5.50"
    assert queries.profiles(profile.workspace)[0].name == "Romanian Meta"
    # only managers delete a profile
    with pytest.raises(DomainError):
        services.delete_profile(actor=specialist, membership=members[specialist], profile=profile)
    services.delete_profile(actor=manager, membership=members[manager], profile=profile)
    assert not MappingProfile.objects.exists()
    assert AuditEntry.objects.filter(action="metrics.import.profile_delete").count() == 1


def test_discard_deletes_the_batch_and_its_file(upload, specialist, members, django_capture_on_commit_callbacks):
    batch = upload("meta_ads_daily_eur.csv")
    name = batch.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.discard(actor=specialist, membership=members[specialist], batch=batch)
    assert not ImportBatch.objects.exists() and not default_storage.exists(name)
    assert AuditEntry.objects.filter(action="metrics.import.discard").count() == 1
    done = _confirm(upload("meta_ads_daily_eur.csv"), specialist, members)
    with pytest.raises(DomainError):  # a written import is undone, not discarded
        services.discard(actor=specialist, membership=members[specialist], batch=done)


def test_client_users_and_other_workspaces_cannot_import(upload, approver, viewer, members, engagement, outsider):
    from cadence.core.models import Membership

    for user in (approver, viewer):
        with pytest.raises(DomainError) as caught:
            upload("meta_ads_daily_eur.csv", user=user)
        assert caught.value.code == "forbidden"
    stranger = Membership.objects.get(user=outsider)
    with pytest.raises(DomainError):
        services.upload(actor=outsider, membership=stranger, engagement=engagement,
                        stream=io.BytesIO(b"a,b\n"), file_name="x.csv")
    assert not ImportBatch.objects.exists()


def test_queries_list_the_history_and_the_monthly_totals(upload, specialist, members, engagement):
    _confirm(upload("meta_ads_daily_eur.csv"), specialist, members)
    spanning = meta_csv([("2027-03-22", "2027-04-10", "Long", "20.00", 200, 20)])  # 10 days in each month
    _confirm(upload(spanning), specialist, members)
    rows = queries.batches(engagement)
    assert [r.status for r in rows] == [Status.DONE, Status.DONE] and rows[1].totals["spend"] == Decimal("306.84")
    months = queries.monthly_totals(engagement, first=dt.date(2027, 3, 1), last=dt.date(2027, 4, 30))
    assert [(m.platform, m.month) for m in months] == [("meta_ads", dt.date(2027, 3, 1)),
                                                        ("meta_ads", dt.date(2027, 4, 1))]
    assert months[0].measures["spend"] == Decimal("10.00") and months[0].measures["impressions"] == 100
    assert months[1].measures["spend"] == Decimal("316.84")
    assert months[1].measures["sessions"] is None


def test_large_files_are_read_and_written_by_the_background_jobs(upload, specialist, members, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.CADENCE_IMPORT_INLINE_KB = 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = upload("meta_ads_daily_eur.csv")
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert batch.status == Status.READY and batch.task_id
    with django_capture_on_commit_callbacks(execute=True):
        batch = _confirm(batch, specialist, members)
        assert batch.status == Status.WRITING
    batch.refresh_from_db()
    assert batch.status == Status.DONE and MetricFact.objects.count() == 14


def test_progress_of_the_write_lives_outside_the_database(upload, specialist, members):
    batch = upload("meta_ads_daily_eur.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.WRITING, rows_total=100)
    progress.report(batch, written=40)
    state = progress.current(batch)
    assert state["rows_written"] == 40 and state["percent"] == 40 and state["running"]
    progress.clear(batch)
    assert progress.current(batch)["rows_written"] == 0
