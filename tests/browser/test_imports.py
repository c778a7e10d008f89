"""Imports in a browser: upload an export Cadence does not know, map its columns wrongly (the preview shows the
problem with its line), fix the mapping, confirm; then a large file with the same header read and written by a
real database worker (a thread running ``db_worker``) while the page's progress bar follows it over htmx.
Screenshots: /tmp/cadence-imports-*.png (regenerate with
``.venv/bin/python -m pytest -q -p no:randomly tests/browser/test_imports.py``)."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.tasks.backends.immediate import ImmediateBackend

from cadence.metrics.models import ImportBatch, MetricFact
from tests.conftest import PASSWORD
from tests.metrics.web_fixtures import RO_EXPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BIG_ROWS = 120_000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def _select_mapping(page, fields: list[str]) -> None:
    for i, field in enumerate(fields):
        page.select_option(f"select[name=col_{i}]", field)


def test_upload_problem_mapping_confirm(page, sign_in, specialist, engagement, tmp_path):
    export = tmp_path / "raport-octombrie.csv"
    export.write_bytes(RO_EXPORT)
    sign_in(page, specialist.email, PASSWORD)
    page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/imports/")
    page.set_input_files("input[type=file]", str(export))
    page.click("form#upload button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("form#mapping").is_visible()
    page.screenshot(path="/tmp/cadence-imports-mapping.png", full_page=True)

    # the campaign column read as impressions: a problem with its line, nothing to confirm
    _select_mapping(page, ["date", "impressions", "", "clicks", "spend"])
    page.click("form#mapping button[type=submit]")
    page.wait_for_load_state()
    problems = page.locator("#problems")
    assert problems.is_visible() and re.search(r"\b2\b", problems.inner_text())
    assert page.locator("form#confirm button[type=submit]").count() == 0
    page.screenshot(path="/tmp/cadence-imports-problem.png", full_page=True)

    page.click("text=Change the mapping")
    page.wait_for_load_state()
    _select_mapping(page, ["date", "campaign", "impressions", "clicks", "spend"])
    page.fill("input[name=save_as]", "Raport RO")
    page.click("form#mapping button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#problems").count() == 0 or "error" not in page.locator("#problems").inner_text()
    assert "33.75" in page.locator("#preview").inner_text()
    page.screenshot(path="/tmp/cadence-imports-preview.png", full_page=True)
    page.click("form#confirm button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-status=done]").is_visible() and page.locator("form#undo").is_visible()
    assert MetricFact.objects.filter(engagement=engagement).count() == 3
    page.screenshot(path="/tmp/cadence-imports-done.png", full_page=True)
    page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/metrics/?from=2026-09&to=2026-11")
    assert "33.75" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/cadence-imports-results.png", full_page=True)


class ThreadBackend(ImmediateBackend):
    """Each task runs in a thread of its own, as a worker process would run it beside the web server (the test
    database is SQLite in memory, which a worker process could not open)."""

    threads: list[threading.Thread] = []

    def _execute_task(self, task_result):  # type: ignore[no-untyped-def]
        def run() -> None:
            try:
                ImmediateBackend._execute_task(self, task_result)
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        self.threads.append(thread)
        thread.start()


def _read_uncommitted(sender, connection, **kwargs) -> None:  # type: ignore[no-untyped-def]
    # SQLite's shared in-memory cache locks a table a transaction writes for every other connection: the pages
    # polling the progress read the batch row as a separate database (WAL or a server) lets them.
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA read_uncommitted = 1")


def _big_export(path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("Zi,Campanie,Afișări,Clicuri,Cheltuieli\n")
        for i in range(rows):
            day = 1 + i % 28
            out.write(f"2026-10-{day:02d},Campania {i // 28},{100 + i % 50},{i % 9},{(i % 97) / 4:.2f}\n")


def test_the_progress_bar_follows_the_background_jobs(page, sign_in, specialist, engagement, tmp_path, settings,
                                                     monkeypatch):
    from cadence.metrics import progress, services

    # every 10,000 rows rather than once a second, and each step held a moment, as a file many times this size
    # would take: the bar must be seen moving however fast this machine reads and writes
    monkeypatch.setattr(services, "ANALYSE_PROGRESS_SECONDS", 0.0)
    read_step, report = services._RowsRead.__call__, progress.report

    def slow_read(self, rows):  # type: ignore[no-untyped-def]
        read_step(self, rows)
        time.sleep(0.3)

    def slow_report(batch, **counts):  # type: ignore[no-untyped-def]
        report(batch, **counts)
        if counts.get("written"):
            time.sleep(0.3)

    monkeypatch.setattr(services._RowsRead, "__call__", slow_read)
    monkeypatch.setattr(progress, "report", slow_report)
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.ThreadBackend", "QUEUES": ["default"]}}
    connection_created.connect(_read_uncommitted)
    settings.CADENCE_IMPORT_INLINE_KB = 1
    sign_in(page, specialist.email, PASSWORD)
    # the header's mapping, saved once through the small file
    small = tmp_path / "small.csv"
    small.write_bytes(RO_EXPORT)
    big = tmp_path / "raport-mare.csv"
    _big_export(big, BIG_ROWS)
    try:
        page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/imports/")
        page.set_input_files("input[type=file]", str(small))
        page.click("form#upload button[type=submit]")
        page.wait_for_selector("form#mapping", timeout=30_000)
        _select_mapping(page, ["date", "campaign", "impressions", "clicks", "spend"])
        page.fill("input[name=save_as]", "Raport RO")
        page.click("form#mapping button[type=submit]")
        page.wait_for_selector("#preview", timeout=30_000)

        page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/imports/")
        page.set_input_files("input[type=file]", str(big))
        page.click("form#upload button[type=submit]")
        page.wait_for_load_state()
        seen = _follow(page, "[data-rows-read]", "/tmp/cadence-imports-reading.png")
        page.wait_for_selector("#preview", timeout=120_000)
        assert len(seen) >= 2, f"the progress bar did not move while reading: {seen}"
        batch = ImportBatch.objects.get(file_name="raport-mare.csv")
        assert batch.status == "ready" and batch.rows_total == BIG_ROWS

        page.click("form#confirm button[type=submit]")
        page.wait_for_load_state()
        written = _follow(page, "[data-rows-written]", "/tmp/cadence-imports-writing.png")
        page.wait_for_selector("[data-status=done]", timeout=180_000)
        page.screenshot(path="/tmp/cadence-imports-written.png", full_page=True)
        assert len(written) >= 2, f"the progress bar did not move while writing: {written}"
        assert MetricFact.objects.filter(batch__file_name="raport-mare.csv").count() == BIG_ROWS
    finally:
        connection_created.disconnect(_read_uncommitted)
        for thread in ThreadBackend.threads:
            thread.join(timeout=120)


def _follow(page, selector: str, screenshot: str) -> list[int]:
    """The counter's values while the bar is on the page (each htmx poll swaps it)."""
    values: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and page.locator("progress.import-progress").count():
        try:
            text = page.locator(selector).inner_text(timeout=1000)
        except Exception:  # noqa: BLE001 - swapped out between the two calls
            continue
        digits = re.sub(r"\D", "", text)
        if digits:
            if int(digits) and not any(values):
                page.screenshot(path=screenshot, full_page=True)
            values.append(int(digits))
        page.wait_for_timeout(300)
    return sorted(set(values))


@pytest.mark.parametrize("lang", ["ro", "ru"])
def test_the_pages_in_romanian_and_russian(page, sign_in, manager, engagement, tmp_path, live_server, lang):
    """Screenshots of the mapping step, the problems and the history in each language
    (/tmp/cadence-imports-<lang>-*.png)."""
    export = tmp_path / "raport.csv"
    export.write_bytes(RO_EXPORT)
    sign_in(page, manager.email, PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url + "/"}])
    page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/imports/")
    page.set_input_files("input[type=file]", str(export))
    page.click("form#upload button[type=submit]")
    page.wait_for_selector("form#mapping")
    assert page.locator("html").get_attribute("lang") == lang
    page.screenshot(path=f"/tmp/cadence-imports-{lang}-mapping.png", full_page=True)
    _select_mapping(page, ["date", "impressions", "", "clicks", "spend"])
    page.click("form#mapping button[type=submit]")
    page.wait_for_selector("#problems")
    page.screenshot(path=f"/tmp/cadence-imports-{lang}-problem.png", full_page=True)
    page.goto(f"/w/{engagement.workspace.slug}/e/{engagement.uuid}/imports/")
    page.screenshot(path=f"/tmp/cadence-imports-{lang}-history.png", full_page=True)
