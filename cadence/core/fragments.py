"""Rendered fragments kept in the shared cache under exact keys (no expiry guesswork).

A fragment is cached only when everything it shows is named by its key: the engagement's ``revision``
(bumped in the same transaction by every write of what its figures and schedule come from, see
``cadence.engagements.readmodels``), the day (``today`` in the engagement's time zone), the language, any
other value drawn in it (a name that is not part of the revision), and the version of the code, templates
and translation catalogs that produce it (``code_version``, ``catalog_version``; the engine's own
``engagements.queries.engine_version`` is one of the parts), so a deployment never serves an old rendering.
A fragment that depends on who asks (a button for managers) names the asker's rights in its key (the
engagement page's body does), and never holds a CSRF token (the view puts the reader's own in on the way out).

With Redis (production) the fragments are shared by every web worker; with the in-process cache of a
laptop each process keeps its own. Nothing is ever invalidated: a write makes a new key, and the old
entry expires after ``TTL``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TTL = 60 * 60 * 26  # a day and a bit: every key names the day, so an entry is of no use after it


_INCLUDED = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def with_included(templates: Iterable[str]) -> list[str]:
    """``templates`` and every template they include or extend by a literal name, recursively."""
    found: list[str] = []
    todo = list(templates)
    while todo:
        name = todo.pop(0)
        if name in found:
            continue
        found.append(name)
        origin = get_template(name).origin.name  # type: ignore[attr-defined]
        todo += _INCLUDED.findall(Path(origin).read_text(encoding="utf-8"))
    return found


@lru_cache(maxsize=64)
def code_version(templates: tuple[str, ...], modules: tuple[str, ...]) -> str:
    """A digest of the templates (by name, with those they include) and Python modules (by dotted name) that
    render a fragment."""
    digest = hashlib.sha256()
    for name in with_included(templates):
        origin = get_template(name).origin.name  # type: ignore[attr-defined]
        digest.update(name.encode())
        digest.update(Path(origin).read_bytes())
    for name in modules:
        __import__(name)
        digest.update(name.encode())
        digest.update(Path(str(sys.modules[name].__file__)).read_bytes())
    return digest.hexdigest()[:24]


@lru_cache(maxsize=16)
def catalog_version(language: str) -> str:
    """A digest of the compiled translation catalogs of ``language`` (a new translation: new keys)."""
    digest = hashlib.sha256(language.encode())
    for base in settings.LOCALE_PATHS:
        mo = Path(base) / language / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            digest.update(mo.read_bytes())
    return digest.hexdigest()[:16]


def key(kind: str, version: str, *parts: object) -> str:
    """The cache key of one fragment: its kind, the code version, the active language and ``parts``."""
    language = get_language() or settings.LANGUAGE_CODE
    raw = ":".join(str(p) for p in (version, language, catalog_version(language), *parts))
    return f"cadence:fragment:{kind}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def many(keys: Mapping[Any, str], render: Callable[[Iterable[Any]], Mapping[Any, str]]) -> dict[Any, SafeString]:
    """``keys``: item -> key. Returns item -> HTML, from the cache where it is, else from ``render(missing)``
    (which gets the items not cached, once, and returns item -> HTML), storing what it rendered."""
    found = cache.get_many(list(keys.values())) if keys else {}
    out = {item: mark_safe(found[k]) for item, k in keys.items() if k in found}  # noqa: S308 - our own rendering
    missing = [item for item in keys if item not in out]
    if missing:
        rendered = render(missing)
        cache.set_many({keys[item]: str(html) for item, html in rendered.items()}, TTL)
        out.update({item: mark_safe(str(html)) for item, html in rendered.items()})  # noqa: S308
    return out


def one[T](cache_key: str, render: Callable[[], T]) -> T:
    """A single cached value (an SVG, a drawn chart: anything the cache can pickle) under ``cache_key``,
    rendered when missing."""
    value: T | None = cache.get(cache_key)
    if value is None:
        value = render()
        cache.set(cache_key, value, TTL)
    return value
