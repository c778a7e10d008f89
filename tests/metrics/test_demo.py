"""The imports' part of the demo: its export files have the structure of the samples in /work/shared/data, the
demo imports them through the pipeline (three months of Meta Ads, Google Ads and GA4 per client, the batches done
with the files' totals), the budget's advertising lines show the imported actuals, one batch waits in the preview
with its problem, the Romanian-interface export came in through a saved column mapping, and a reset removes
everything (the facts, the batches and their files, the mappings)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from cadence.budget import demo as budget_demo
from cadence.budget import queries as budget_queries
from cadence.core.errors import DomainError
from cadence.core.models import Workspace
from cadence.engagements.models import Engagement
from cadence.engagements.queries import engagement_today
from cadence.metrics import demo as mdemo
from cadence.metrics import demo_exports as ex
from cadence.metrics import services
from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact, Status

# The first lines of the samples in /work/shared/data (the structure of each platform's real export).
META_EN_SAMPLE = 'Reporting starts,Reporting ends,Campaign name,Campaign delivery,Ad set budget,Ad set budget type,Attribution setting,Results,Result indicator,Reach,Frequency,Cost per results,Amount spent (EUR),Impressions,"CPM (cost per 1,000 impressions) (EUR)",Link clicks,CPC (cost per link click) (EUR),CTR (link click-through rate),Clicks (all),CTR (all),CPC (all) (EUR),Landing page views,Cost per landing page view (EUR)'
META_RU_SAMPLE = 'Название кампании,Название группы объявлений,Название объявления,Дата начала отчетности,Дата окончания отчетности,Потраченная сумма (USD),Показы,Охват,Клики по ссылке,CPC (цена за клик по ссылке),Лиды'
GOOGLE_ADS_SAMPLE = ['Campaign report', '"March 1, 2027 - March 3, 2027"', 'Day,Campaign status,Campaign,Budget,Budget type,Currency code,Campaign type,Clicks,Impr.,CTR,Avg. CPC,Cost,Conversions,Conv. rate,Cost / conv.']
GA4_SAMPLE = ['# ----------------------------------------', '# Traffic acquisition: Session source / medium', '# Account: Brutaria Demo', '# Property: brutaria-demo.ro - GA4', '# ----------------------------------------', '#', '# All Users', '# Start date: 20270301', '# End date: 20270331', '', 'Session source / medium,Sessions,Engaged sessions,Engagement rate,Average engagement time per session,Events per session,Event count,Key events,Session key event rate,Total revenue']
AUGUST = dt.date(2026, 8, 1)
CAMPAIGNS = (ex.Campaign("Colecția Codru – vânzări", 0.6, 6.5, 0.014, 0.05, ad_set="Toată Moldova", ad="Carusel"),
             ex.Campaign("Showroom Chișinău – trafic", 0.4, 3.8, 0.021, 0.9, kind="Performance Max"))


def _lines(data: bytes, encoding: str = "utf-8-sig") -> list[str]:
    return data.decode(encoding).split("\n")


def test_the_meta_daily_export_has_the_samples_header_bom_and_currency():
    made = ex.meta_daily("m.csv", AUGUST, CAMPAIGNS, Decimal("544.83"), "USD", seed="t")
    assert made.content.startswith(b"\xef\xbb\xbf")  # the BOM
    assert _lines(made.content)[0] == META_EN_SAMPLE.replace("(EUR)", "(USD)")
    rows = list(csv.reader(io.StringIO(made.content.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert len(data) == 31 * 2 and all(len(r) == len(header) for r in data)
    assert {r[0] for r in data} == {f"2026-08-{d:02d}" for d in range(1, 32)}
    assert all(r[0] == r[1] for r in data)  # a daily breakdown: the same day in starts and ends
    spend = sum(Decimal(r[header.index("Amount spent (USD)")]) for r in data)
    assert spend == made.totals["spend"] == Decimal("544.83")
    assert sum(int(r[header.index("Impressions")]) for r in data) == made.totals["impressions"]
    assert made.first == AUGUST and made.last == dt.date(2026, 8, 31)


def test_the_russian_meta_export_is_the_samples_header_with_semicolons_and_decimal_commas():
    made = ex.meta_daily("m.csv", AUGUST, CAMPAIGNS, Decimal("240000"), "KZT", seed="t", language="ru")
    assert made.content.startswith(b"\xef\xbb\xbf")
    assert _lines(made.content)[0].split(";") == META_RU_SAMPLE.replace("(USD)", "(KZT)").split(",")
    rows = list(csv.reader(io.StringIO(made.content.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    cells = [r[header.index("Потраченная сумма (KZT)")] for r in data]
    assert all("," in c and "." not in c for c in cells)
    assert sum(Decimal(c.replace(",", ".")) for c in cells) == Decimal("240000.00") == made.totals["spend"]
    assert {r[2] for r in data} == {"Carusel", ""}  # ad level: the ad's name


def test_the_google_ads_report_has_title_range_quoted_thousands_and_total_rows():
    made = ex.google_ads_month("g.csv", ex.month_days(AUGUST), CAMPAIGNS, Decimal("200000"), "KZT", seed="t")
    sample = GOOGLE_ADS_SAMPLE
    lines = _lines(made.content, "utf-8")
    assert lines[0] == sample[0] == "Campaign report"
    assert lines[1] == '"August 1, 2026 - August 31, 2026"'
    assert lines[2] == sample[2]
    rows = list(csv.reader(io.StringIO(made.content.decode())))[3:]
    totals = [r for r in rows if r[0].startswith("Total: ")]
    assert [r[0] for r in totals] == ["Total: Account", "Total: Search", "Total: Performance Max"]
    assert rows[-len(totals):] == totals  # only at the end
    assert any("," in r[8] for r in rows)  # "12,345": quoted thousands
    data = rows[:-len(totals)]
    assert all(r[9].endswith("%") or r[9] == " --" for r in data)
    assert sum(Decimal(r[11]) for r in data) == Decimal("200000.00") == Decimal(totals[0][11])
    assert sum(int(r[7].replace(",", "")) for r in data) == made.totals["clicks"]
    assert f'"{int(made.totals["impressions"]):,}"' in lines[-4]


def test_a_hand_edited_cell_puts_text_in_a_number_column():
    made = ex.google_ads_month("g.csv", ex.month_days(AUGUST)[:5], CAMPAIGNS, Decimal("900"), "KZT", seed="t",
                               bad_cell=(1, "Cost", "уточнить"))
    rows = list(csv.reader(io.StringIO(made.content.decode())))
    assert rows[4][11] == "уточнить" and rows[1] == ["August 1, 2026 - August 5, 2026"]


def test_the_ga4_report_has_the_samples_preamble_and_header():
    made = ex.ga4_month("a.csv", AUGUST, (ex.Source("google / organic", 900, 0.6, 0.01, 400.0),
                                          ex.Source("newsletter / email", 100, 0.7, 0.03, 500.0)),
                        account="Brutaria Demo", property_name="brutaria-demo.ro - GA4", seed="t",
                        grand_total=True)
    sample = GA4_SAMPLE
    lines = _lines(made.content, "utf-8")
    assert lines[:7] == sample[:7]
    assert lines[7:9] == ["# Start date: 20260801", "# End date: 20260831"]
    assert lines[9] == sample[9] == "" and lines[10] == sample[10]
    assert lines[11].startswith("Grand total,")
    data = list(csv.reader(io.StringIO("\n".join(lines[12:]))))
    data = [r for r in data if r]
    assert sum(int(r[1]) for r in data) == made.totals["sessions"] == int(lines[11].split(",")[1])
    assert all(0 < float(r[3]) <= 1 for r in data)  # rates as fractions


def test_the_files_are_the_same_every_time():
    first = ex.meta_daily("m.csv", AUGUST, CAMPAIGNS, Decimal("100"), "USD", seed="t", language="ro")
    again = ex.meta_daily("m.csv", AUGUST, CAMPAIGNS, Decimal("100"), "USD", seed="t", language="ro")
    assert first.content == again.content
    assert _lines(first.content)[0].split(";") == [h.format(c="USD") for h in ex.META_RO_HEADER]
    assert set(ex.META_RO_MAPPING.values()) <= set(ex.META_RO_HEADER)


# --- the demo itself (built through the pipeline) ---------------------------------------------------------


def _typed_spend(shop):
    """What the budget's demo typed on the advertising lines (the demo's imports spend the same)."""
    rate = Decimal(budget_demo.RATES[{"furniture": "MDL", "school": "KZT"}[shop.client]])
    by_channel = {line[1]: line[4] for line in budget_demo.LINES if line[0] == "advertising"}
    return {platform: [Decimal(v) * rate for v in by_channel[channel]]
            for platform, channel in mdemo.CHANNELS.items()}


@pytest.mark.demo_reset  # deletes the stored exports
@pytest.mark.django_db
def test_the_demo_imports_three_months_per_client_feeds_the_budget_and_deletes_cleanly(demo_build):
    tmp_path = demo_build.media
    assert re.search(r", 20 imports \(\d+ metric rows, 1 through a column mapping, 1 waiting in the preview\)[,.]",
                     demo_build.output), demo_build.output
    workspace = Workspace.objects.get(slug="demo")
    profile = MappingProfile.objects.get(workspace=workspace)
    assert profile.name == mdemo.PROFILE_NAME and profile.platform == "meta_ads" and profile.currency == "USD"

    for shop in mdemo.SHOPS:
        engagement = Engagement.objects.get(workspace=workspace, name=shop.engagement)
        months = mdemo.past_months(engagement_today(engagement))
        expected = {e.name: (e, rate) for e, rate, _ in mdemo.exports(shop, engagement, months, _typed_spend(shop))}
        posts = mdemo.posts_export(shop, months)
        expected[posts.name] = (posts, None)
        done = list(ImportBatch.objects.filter(engagement=engagement, status=Status.DONE))
        # 3 months x Meta, Google Ads, GA4, and the Instagram posts of the three months
        assert sorted(b.file_name for b in done) == sorted(expected)
        for batch in done:
            export, rate = expected[batch.file_name]
            assert batch.platform == export.platform
            assert (batch.first_day, batch.last_day) == (export.first, export.last)
            assert batch.exchange_rate == rate  # the furniture shop's USD accounts: the month's rate, recorded
            totals = batch.summary["totals"]
            for measure, value in export.totals.items():
                assert Decimal(totals[measure]) == value, (batch.file_name, measure)
            # no problem but, for the dollar files, the currency one (answered by the rate)
            assert [p["code"] for p in batch.summary["problems"]] == (["currency"] if rate else [])
            assert MetricFact.objects.filter(batch=batch).count() == batch.rows_written > 0
            if "spend" in export.totals:  # converted to the engagement's currency row by row
                stored = MetricFact.objects.filter(batch=batch).aggregate(s=Sum("spend"))["s"]
                assert abs(stored - export.totals["spend"] * (rate or 1)) <= Decimal("0.005") * batch.rows_written
        meta = [b for b in done if b.platform == "meta_ads"]
        if shop.client == "furniture":  # the Romanian-interface exports: mapped once, then found by the profile
            assert [b.profile_id for b in sorted(meta, key=lambda b: b.first_day)] == [profile.pk, profile.pk, None]
        else:
            assert all(b.profile_id is None for b in meta)

        # the budget's advertising lines show the imported actuals (the typed ones of those months cleared)
        view = budget_queries.budget_view(None, engagement)
        for platform, channel in mdemo.CHANNELS.items():
            line = next(lv for lv in view.lines if lv.line.category == "advertising" and lv.line.channel == channel)
            cells = {c.month: c for c in line.cells}
            for i, month in enumerate(months):
                cell = cells[month]
                facts = MetricFact.objects.filter(engagement=engagement, platform=platform, day__gte=month,
                                                  day__lte=ex.month_days(month)[-1])
                assert cell.manual is None and cell.imported == facts.aggregate(s=Sum("spend"))["s"]
                assert abs(cell.imported - _typed_spend(shop)[platform][i]) < Decimal(1)
        assert any(r.row.unspent > 0 for r in view.rollover) and any(r.row.overspent > 0 for r in view.rollover)

    # this month's hand-edited Google Ads report waits in the preview with its problem; it cannot be confirmed
    waiting = ImportBatch.objects.exclude(status=Status.DONE).get(workspace=workspace)
    assert waiting.status == Status.READY and waiting.platform == "google_ads" and waiting.rows_written == 0
    assert {(p["code"], p["line"], p["column"]) for p in waiting.summary["problems"]} == {("not_a_number", 5, "Cost")}
    who = waiting.created_by
    with pytest.raises(DomainError):
        services.confirm(actor=who, membership=who.memberships.get(workspace=workspace), batch=waiting)
    assert not MetricFact.objects.filter(batch=waiting).exists()

    # the reset's delete removes the facts, the batches with their stored files, and the mapping
    files = [tmp_path / b.file.name for b in ImportBatch.objects.filter(workspace=workspace)]
    assert len(files) == 21 and all(f.exists() for f in files)
    mdemo.delete(workspace)
    assert not MetricFact.objects.filter(workspace=workspace).exists()
    assert not ImportBatch.objects.filter(workspace=workspace).exists()
    assert not MappingProfile.objects.filter(workspace=workspace).exists()
    assert not any(f.exists() for f in files)


def test_the_russian_ga4_report_translates_preamble_header_and_total_row():
    made = ex.ga4_month("a.csv", AUGUST, (ex.Source("yandex / organic", 500, 0.6, 0.01, 40000.0),), account="Школа",
                        property_name="school.example - GA4", seed="t", grand_total=True, language="ru")
    lines = _lines(made.content, "utf-8")
    assert lines[1] == "# Привлечение трафика: Источник/канал сеанса"
    assert lines[7:10] == ["# Дата начала: 20260801", "# Дата окончания: 20260831", ""]
    assert lines[10].split(",") == ex.GA4_RU_HEADER and len(ex.GA4_RU_HEADER) == len(ex.GA4_HEADER)
    assert lines[11].startswith("Общий итог,") and lines[12].startswith("yandex / organic,")
