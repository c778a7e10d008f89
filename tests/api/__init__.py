"""Helpers for the JSON API tests: a tiny client that speaks JSON with a token or a session.

Import the fixtures into a test module (``from tests.api import api_fixture, fast_fixture``) to use
them as ``api`` and ``fast`` (the names are different so that the import does not shadow the argument).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from cadence.core import services as core_services

BASE = "/api/v1"
TODAY = dt.date(2026, 11, 23)  # the engagement fixture starts 2026-09-07: today is in its month 3


class Api:
    """JSON requests against /api/v1 with a bearer token (or none)."""

    def __init__(self, token: str | None = None, client: Client | None = None, **headers: str) -> None:
        self.client = client or Client()
        self.headers = dict(headers)
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def request(self, method: str, path: str, data: Any = None, **headers: str) -> Any:
        url = path if path.startswith(BASE) else BASE + path
        kwargs: dict[str, Any] = {**self.headers, **headers}
        if data is not None:
            kwargs.update(data=json.dumps(data, default=str), content_type="application/json")
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, path: str, data: Any = None, **headers: str) -> Any:
        if data:  # query string
            return self.client.get(BASE + path, data, **{**self.headers, **headers})
        return self.request("GET", path, **headers)

    def post(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.request("POST", path, {} if data is None else data, **headers)

    def patch(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.request("PATCH", path, {} if data is None else data, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.request("DELETE", path, **headers)


def token_for(user: Any, name: str = "test") -> str:
    return core_services.create_api_token(actor=user, name=name)[1]


@pytest.fixture(autouse=True, name="fast")
def fast_fixture(settings, clock):
    """Quick password hashing, a clean rate-limit cache, and a fixed 'today' (the app's clock)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    clock.set(TODAY)
    yield
    cache.clear()


@pytest.fixture(name="api")
def api_fixture():
    """``api(user)`` -> an Api with a fresh token of that user; ``api(None)`` -> anonymous."""

    def make(user: Any = None, **headers: str) -> Api:
        return Api(token_for(user) if user is not None else None, **headers)

    return make


def count(model: Any) -> int:
    return model.objects.count()
