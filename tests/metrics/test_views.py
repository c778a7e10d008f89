"""The imports' pages: who sees what, the whole path upload -> preview with a problem -> column mapping ->
confirm -> undo, refusals that change nothing, foreign ids, the stored file and problems.csv's escaping."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from cadence.metrics.models import ImportBatch, MappingProfile, MetricFact
from tests.metrics.web_fixtures import RIGHT, WRONG, mapping_post, upload, url

pytestmark = pytest.mark.django_db
TEAM = ["owner", "manager", "specialist"]
CLIENTS = ["approver", "viewer"]


def _upload(client, engagement, **kw):
    r = client.post(url("imports", engagement), {"file": upload(**kw)})
    assert r.status_code == 302, r.content.decode()[:2000]
    return ImportBatch.objects.get(engagement=engagement, uuid=r.url.rstrip("/").split("/")[-1])


def _mapped(client, engagement, cols=RIGHT, **others):
    batch = _upload(client, engagement)
    assert batch.status == "needs_mapping"
    r = client.post(url("batch-mapping", engagement, batch.uuid), mapping_post(cols, **others))
    assert r.status_code == 302, r.content.decode()[:3000]
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize("role", TEAM)
def test_the_team_sees_the_history_and_the_upload_form(client, login, engagement, role, request):
    login(client, request.getfixturevalue(role))
    r = client.get(url("imports", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert 'enctype="multipart/form-data"' in body and 'name="file"' in body
    assert client.get(url("results", engagement)).status_code == 200
    assert client.get(reverse("metrics:profiles", args=[engagement.workspace.slug])).status_code == 200


@pytest.mark.parametrize("role", CLIENTS)
def test_clients_see_the_results_never_the_files_or_the_history(client, login, engagement, manager, role, request):
    login(client, manager)
    batch = _mapped(client, engagement)
    login(client, request.getfixturevalue(role))
    assert client.get(url("results", engagement)).status_code == 200
    for name, args in (("imports", ()), ("batch", (batch.uuid,)), ("batch-file", (batch.uuid,)),
                       ("batch-problems", (batch.uuid,)), ("batch-progress", (batch.uuid,))):
        assert client.get(url(name, engagement, *args)).status_code == 403, name
    assert client.post(url("batch-confirm", engagement, batch.uuid)).status_code == 403
    batch.refresh_from_db()
    assert batch.status == "ready"
    page = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
    body = page.content.decode()
    assert url("results", engagement) in body and url("imports", engagement) not in body


def test_the_engagement_page_links_imports_and_results_for_the_team(client, login, engagement, specialist):
    login(client, specialist)
    body = client.get(reverse("engagements:engagement-detail",
                              args=[engagement.workspace.slug, engagement.uuid])).content.decode()
    assert url("imports", engagement) in body and url("results", engagement) in body


def test_another_workspace_gets_404_everywhere(client, login, engagement, manager, outsider):
    login(client, manager)
    batch = _mapped(client, engagement, save_as="Raport RO")
    profile = MappingProfile.objects.get(workspace=engagement.workspace)
    login(client, outsider)
    assert client.get(url("imports", engagement)).status_code == 404
    assert client.get(url("results", engagement)).status_code == 404
    assert client.get(url("batch", engagement, batch.uuid)).status_code == 404
    assert client.post(url("batch-undo", engagement, batch.uuid)).status_code == 404
    assert client.post(reverse("metrics:profile-delete", args=[engagement.workspace.slug, profile.uuid])).status_code == 404


def test_a_batch_of_another_engagement_is_404(client, login, engagement, manager, workspace, client_obj, owner):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    other = services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, name="Other", currency="EUR", language="ro",
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), start_date=engagement.start_date,
        monthly_hours=engagement.monthly_hours, country="RO", time_zone="Europe/Bucharest")
    login(client, manager)
    batch = _upload(client, engagement)
    for name in ("batch", "batch-file", "batch-problems", "batch-progress"):
        assert client.get(url(name, other, batch.uuid)).status_code == 404, name
    assert client.post(url("batch-discard", other, batch.uuid)).status_code == 404
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_upload_preview_with_a_problem_mapping_confirm_undo(client, login, engagement, specialist):
    login(client, specialist)
    batch = _upload(client, engagement)
    page = client.get(url("batch", engagement, batch.uuid)).content.decode()
    assert batch.status == "needs_mapping" and 'id="mapping"' in page and "Cheltuieli" in page and "Toamna" in page

    # the campaign read as impressions: text in a number column, with its line; nothing can be confirmed
    r = client.post(url("batch-mapping", engagement, batch.uuid), mapping_post(WRONG))
    assert r.status_code == 302
    batch.refresh_from_db()
    page = client.get(url("batch", engagement, batch.uuid)).content.decode()
    assert 'id="problems"' in page and batch.error_count > 0
    assert client.post(url("batch-confirm", engagement, batch.uuid)).status_code in (302, 400)
    assert not MetricFact.objects.exists()

    # change the mapping: read again, no problem, saved as a profile
    r = client.post(url("batch-mapping", engagement, batch.uuid), mapping_post(RIGHT, save_as="Raport RO"))
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "ready" and batch.error_count == 0 and batch.rows_total == 3
    assert MappingProfile.objects.filter(workspace=engagement.workspace, name="Raport RO").exists()
    page = client.get(url("batch", engagement, batch.uuid)).content.decode()
    assert 'id="preview"' in page and 'id="confirm"' in page and "33" in page  # 12.50 + 10.00 + 11.25 = 33.75

    r = client.post(url("batch-confirm", engagement, batch.uuid), {"exchange_rate": ""})
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "done" and batch.rows_written == 3
    assert MetricFact.objects.filter(batch=batch).count() == 3
    page = client.get(url("batch", engagement, batch.uuid)).content.decode()
    assert 'id="undo"' in page

    results = client.get(url("results", engagement, ) + "?from=2026-09&to=2026-11").content.decode()
    assert "33.75" in results or "33,75" in results

    r = client.post(url("batch-undo", engagement, batch.uuid))
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "undone" and not MetricFact.objects.exists()

    # the same header the next time: the saved mapping is applied without asking
    again = _upload(client, engagement, name="alt.csv")
    assert again.status == "ready" and again.profile is not None


def test_the_mapping_form_rendered_then_posted_back_changes_nothing_when_invalid(client, login, engagement, manager):
    login(client, manager)
    batch = _upload(client, engagement)
    # the same field for two columns, an unknown platform: form errors, status unchanged, nothing saved
    r = client.post(url("batch-mapping", engagement, batch.uuid),
                    mapping_post({**RIGHT, "col_1": "date"}, platform="nope"))
    assert r.status_code == 400 and "errorlist" in r.content.decode()
    batch.refresh_from_db()
    assert batch.status == "needs_mapping" and not MappingProfile.objects.exists()
    # no date column: the service refuses it, worded on the form
    r = client.post(url("batch-mapping", engagement, batch.uuid), mapping_post({**RIGHT, "col_0": ""}))
    assert r.status_code == 400
    batch.refresh_from_db()
    assert batch.status == "needs_mapping"


def test_bad_uploads_are_form_errors_and_store_nothing(client, login, engagement, manager):
    login(client, manager)
    r = client.post(url("imports", engagement), {})
    assert r.status_code == 400 and "errorlist" in r.content.decode()
    r = client.post(url("imports", engagement), {"file": upload("junk.csv", b"\x00\x01\x02\xff" * 64)})
    assert r.status_code in (302, 400)
    if r.status_code == 302:  # stored and read: a failed batch that says why
        batch = ImportBatch.objects.get(engagement=engagement)
        assert batch.status == "failed" and batch.error
        assert "failure" in client.get(r.url).content.decode()
    assert not MetricFact.objects.exists()


def test_discard_removes_an_unwritten_batch(client, login, engagement, manager):
    login(client, manager)
    batch = _upload(client, engagement)
    r = client.post(url("batch-discard", engagement, batch.uuid))
    assert r.status_code == 302 and not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert client.get(url("batch", engagement, batch.uuid)).status_code == 404


def test_the_stored_file_is_an_attachment_for_the_team(client, login, engagement, specialist):
    login(client, specialist)
    batch = _upload(client, engagement)
    r = client.get(url("batch-file", engagement, batch.uuid))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert b"".join(r.streaming_content).startswith(b"Zi,Campanie")


def test_problems_csv_escapes_formulas(client, login, engagement, manager):
    login(client, manager)
    batch = _mapped(client, engagement, cols=WRONG)
    r = client.get(url("batch-problems", engagement, batch.uuid))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert any("HYPERLINK" in c for c in cells)
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells if c)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_escape_cell():
    from cadence.metrics.views import escape_cell

    assert [escape_cell(c) for c in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", None, 3)] == [
        "'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "ok", "", "3"]


def test_progress_answers_hx_refresh_when_the_job_is_over(client, login, engagement, manager):
    login(client, manager)
    batch = _upload(client, engagement)
    r = client.get(url("batch-progress", engagement, batch.uuid))
    assert r.status_code == 200 and r["HX-Refresh"] == "true"
    ImportBatch.objects.filter(pk=batch.pk).update(status="analysing", rows_read=7)
    r = client.get(url("batch-progress", engagement, batch.uuid))
    assert r.status_code == 200 and "HX-Refresh" not in r and 'hx-trigger="every 1s"' in r.content.decode()
    assert "<progress" in r.content.decode()


def test_profiles_are_deleted_by_managers_only(client, login, engagement, manager, specialist):
    login(client, manager)
    _mapped(client, engagement, save_as="Raport RO")
    profile = MappingProfile.objects.get(workspace=engagement.workspace)
    delete = reverse("metrics:profile-delete", args=[engagement.workspace.slug, profile.uuid])
    login(client, specialist)
    page = client.get(reverse("metrics:profiles", args=[engagement.workspace.slug])).content.decode()
    assert "Raport RO" in page and delete not in page
    assert client.post(delete).status_code == 403
    login(client, manager)
    assert delete in client.get(reverse("metrics:profiles", args=[engagement.workspace.slug])).content.decode()
    assert client.post(delete).status_code == 302 and not MappingProfile.objects.exists()


@pytest.mark.parametrize("lang", ["en", "ro", "ru"])
def test_the_pages_render_in_every_language(client, login, engagement, manager, lang):
    login(client, manager)
    batch = _upload(client, engagement)
    client.cookies["django_language"] = lang
    for name, args in (("imports", ()), ("batch", (batch.uuid,)), ("results", ())):
        r = client.get(url(name, engagement, *args), HTTP_ACCEPT_LANGUAGE=lang)
        assert r.status_code == 200


def test_a_foreign_currency_needs_an_exchange_rate_which_is_recorded(client, login, engagement, manager):
    login(client, manager)
    batch = _mapped(client, engagement, currency="USD")
    page = client.get(url("batch", engagement, batch.uuid)).content.decode()
    assert batch.status == "ready" and 'name="exchange_rate"' in page and "USD" in page
    r = client.post(url("batch-confirm", engagement, batch.uuid), {"exchange_rate": ""})
    assert r.status_code == 400 and "errorlist" in r.content.decode()
    r = client.post(url("batch-confirm", engagement, batch.uuid), {"exchange_rate": "-2"})
    assert r.status_code == 400
    batch.refresh_from_db()
    assert batch.status == "ready" and not MetricFact.objects.exists()
    r = client.post(url("batch-confirm", engagement, batch.uuid), {"exchange_rate": "0.92"})
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "done" and str(batch.exchange_rate).startswith("0.92")
    done = client.get(url("batch", engagement, batch.uuid)).content.decode()
    assert "rate" in done
    # once the rate is recorded the currency is no longer listed as a problem, and the file's totals say
    # which currency they are in (the file's, not the engagement's)
    assert 'id="problems"' not in done and "enter an exchange rate" not in done
    assert re.search(r'data-measure="spend">[\d.,]+ USD<', done)


def test_the_same_file_again_is_flagged_as_already_imported(client, login, engagement, manager):
    login(client, manager)
    batch = _mapped(client, engagement, save_as="Raport RO")
    assert client.post(url("batch-confirm", engagement, batch.uuid), {}).status_code == 302
    again = _upload(client, engagement)
    page = client.get(url("batch", engagement, again.uuid)).content.decode()
    assert 'id="already"' in page
    history = client.get(url("imports", engagement)).content.decode()
    assert history.count(url("batch", engagement, again.uuid)) == 1 and "raport.csv" in history


@pytest.mark.parametrize("lang", ["en", "ro", "ru"])
def test_the_mapping_form_posted_back_as_rendered(client, login, engagement, manager, lang):
    """The mapping step as a browser submits it (every select and field as rendered, the columns chosen), in
    every language: it saves, and the preview follows."""
    from tests.test_form_roundtrip import FormParser

    login(client, manager)
    client.cookies["django_language"] = lang
    batch = _upload(client, engagement)
    page_url = url("batch", engagement, batch.uuid)
    parser = FormParser(page_url)
    parser.feed(client.get(page_url).content.decode())
    form = next(f for f in parser.forms if f.action.endswith(url("batch-mapping", engagement, batch.uuid)))
    data = {k: v[-1] for k, v in form.data().items()}
    assert data["platform"] == "other" and data["level"] == "campaign" and data["col_0"] == ""
    data.update(RIGHT)
    r = client.post(form.action, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    batch.refresh_from_db()
    assert batch.status == "ready" and batch.rows_total == 3
    # "change the mapping" shows the form again with the mapping in force, and posting it unchanged keeps it
    parser = FormParser(page_url)
    parser.feed(client.get(page_url + "?mapping=1").content.decode())
    form = next(f for f in parser.forms if f.action.endswith(url("batch-mapping", engagement, batch.uuid)))
    again = {k: v[-1] for k, v in form.data().items()}
    assert {k: again[k] for k in RIGHT} == RIGHT
    assert client.post(form.action, again).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "ready" and batch.rows_total == 3


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(client, login, engagement, manager, settings):
    """A 200 MB upload declares its length: the page and the API refuse it at once (nothing is stored), with
    the limit in the message."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from tests.api import token_for

    settings.CADENCE_IMPORT_MAX_MB = 100
    login(client, manager)
    body = encode_multipart(BOUNDARY, {"file": upload()})
    declared = str(200 * 1024 * 1024)
    r = client.generic("POST", url("imports", engagement), body, content_type=MULTIPART_CONTENT,
                       CONTENT_LENGTH=declared)
    assert r.status_code == 400 and "100 MB" in r.content.decode()
    api = f"/api/v1/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/imports"
    r = client.generic("POST", api, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH=declared,
                       HTTP_AUTHORIZATION=f"Bearer {token_for(manager)}")
    assert r.status_code == 400 and "100 MB" in r.json()["detail"]
    assert not ImportBatch.objects.exists()
