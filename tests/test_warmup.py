"""The web worker's warm-up (cadence/warmup.py): what the first request would load is loaded before it."""

from __future__ import annotations

from django.template import engines

from cadence.warmup import template_names, warm_up


def test_the_warm_up_compiles_every_template_of_the_project_into_the_cache():
    loader = engines["django"].engine.template_loaders[0]  # the cached loader (wraps the file loaders)
    loader.reset()
    loaded = warm_up()
    assert "core/dashboard.html" in loaded and "engagements/engagement_detail.html" in loaded
    assert "engagements/_dashboard_row.html" in loaded and "base.html" in loaded
    assert set(loaded) <= set(loader.get_template_cache)  # the first request finds them compiled
    assert len(loaded) == len(template_names())  # every project template compiles


def test_the_preloaded_application_leaves_no_connection_for_the_forked_workers(settings, monkeypatch):
    """gunicorn --preload runs cadence.wsgi's warm-up in its master: its connections are closed before the
    workers fork (SQLite's in-memory test database ignores close(), so the calls are what is checked)."""
    from django.core.cache import caches
    from django.db import connections

    import cadence.wsgi as wsgi

    calls = []
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("database"))
    cache = caches["default"]  # initialised: the warm-up must close it
    monkeypatch.setattr(cache, "close", lambda **kwargs: calls.append("cache"))
    settings.DEBUG = False
    wsgi._warm_up()
    assert calls[:1] == ["database"] and "cache" in calls
    calls.clear()
    settings.DEBUG = True  # the development server neither warms up nor closes anything
    wsgi._warm_up()
    assert calls == []
