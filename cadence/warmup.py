"""What a web worker does once, before its first request, instead of making that request wait for it.

A new gunicorn worker imports the URLconf (every view module and the API's routers) on its first request,
compiles each template on first use, loads each language's catalog when a reader first asks for it, and
hashes the engine's code for the stored schedules' version. Under load, the first requests to each of the
workers paid for all of it at once (the tail of the load benchmark's first seconds). ``cadence/wsgi.py``
calls ``warm_up`` when debug mode is off; it changes nothing that a request would not have done itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation


def template_names() -> list[str]:
    """Every template of the project and of its own apps (not Django's or third parties' own)."""
    configured = cast("list[str]", settings.TEMPLATES[0]["DIRS"])  # settings are untyped
    dirs = [Path(d) for d in configured]
    dirs += [Path(c.path) / "templates" for c in apps.get_app_configs() if c.name.startswith("cadence.")]
    names = {str(p.relative_to(d)) for d in dirs if d.is_dir() for p in d.rglob("*.html")}
    return sorted(names)


def warm_up() -> list[str]:
    """Load the URLconf, the catalogs and the templates, and hash the engine; returns the templates loaded."""
    from cadence.engagements.queries import engine_version

    get_resolver().url_patterns  # noqa: B018 - imports every view module and the API's routers
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("today")  # loads the language's catalogs
    loaded = []
    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # e.g. a template another one extends from elsewhere: its request will say so
        loaded.append(name)
    engine_version()
    return loaded
