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
