"""``cadence import FILE --engagement UUID [--dry-run] [--json] [--as EMAIL]``."""

import json

import pytest

from cadence import cli
from cadence.metrics.models import ImportBatch, MetricFact, Status
from tests.metrics.conftest import DATA, meta_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _run(capsys, *args):
    code = cli.main(["import", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_dry_run_prints_the_preview_and_writes_nothing(capsys, engagement, members):
    code, out, _err = _run(capsys, DATA / "meta_ads_daily_eur.csv", "--engagement", engagement.uuid, "--dry-run")
    assert code == 0
    assert "Platform: meta_ads" in out and "Period: 2027-04-01 .. 2027-04-07" in out and "Currency: EUR" in out
    assert "Rows: 14" in out and "spend: 306.84" in out
    assert not ImportBatch.objects.exists() and not MetricFact.objects.exists()


def test_json_output(capsys, engagement, members):
    code, out, _err = _run(capsys, DATA / "google_ads_campaign_report.csv", "--engagement", engagement.uuid,
                           "--dry-run", "--json")
    data = json.loads(out)
    assert code == 1  # RON into a EUR engagement without a rate
    assert data["summary"]["platform"] == "google_ads" and data["summary"]["currency"] == "RON"
    assert data["summary"]["totals"]["spend"] == "875.54"
    assert data["problems"][0]["code"] == "currency" and "RON" in data["problems"][0]["message"]
    code, out, _err = _run(capsys, DATA / "google_ads_campaign_report.csv", "--engagement", engagement.uuid,
                           "--dry-run", "--json", "--exchange-rate", "0.2")
    assert code == 0 and json.loads(out)["totals_in_engagement_currency"]["spend"] == "175.11"
    assert not ImportBatch.objects.exists()


def test_problems_with_line_numbers_and_a_non_zero_exit(capsys, engagement, members, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(meta_csv([("2027-04-01", "2027-04-01", "A", "1.00", 1, 1)])
                    + b"2027-04-02,2027-04-02,A,1,1,abc,1,1\n")
    code, out, _err = _run(capsys, bad, "--engagement", engagement.uuid, "--json")
    data = json.loads(out)
    assert code == 1 and data["problems"][0]["line"] == 3 and data["problems"][0]["code"] == "not_a_number"
    assert not MetricFact.objects.exists() and not ImportBatch.objects.exists()  # the refused batch is discarded
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 10)
    code, out, _err = _run(capsys, junk, "--engagement", engagement.uuid)
    assert code == 1 and out.strip()


def test_import_writes_as_the_member_named(capsys, engagement, members, specialist):
    code, out, _err = _run(capsys, DATA / "meta_ads_daily_eur.csv", "--engagement", engagement.uuid, "--as",
                           specialist.email)
    assert code == 0 and "Written: 14 rows" in out
    batch = ImportBatch.objects.get()
    assert batch.status == Status.DONE and batch.created_by == specialist and MetricFact.objects.count() == 14


def test_wrong_arguments(capsys, engagement, members, viewer):
    assert _run(capsys, DATA / "meta_ads_daily_eur.csv", "--engagement", "nope")[0] == 2
    assert _run(capsys, DATA / "meta_ads_daily_eur.csv", "--engagement", engagement.uuid, "--as", viewer.email)[0] == 2
    assert _run(capsys, DATA / "missing.csv", "--engagement", engagement.uuid)[0] == 2
    assert not ImportBatch.objects.exists()
