"""Requests per minute per token (or per session user), counted in Django's cache."""

from __future__ import annotations

from django.test import Client

from cadence.api import ratelimit
from tests.api import Api, api_fixture, fast_fixture, token_for  # noqa: F401


def test_it_answers_429_with_retry_after_past_the_limit(settings, owner, workspace):
    settings.CADENCE_API_RATE_LIMIT = 3
    a = Api(token_for(owner))
    assert [a.get("/workspaces").status_code for _ in range(3)] == [200, 200, 200]
    response = a.get("/workspaces")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_it_counts_each_token_separately(settings, owner, manager, workspace):
    settings.CADENCE_API_RATE_LIMIT = 2
    first, second = Api(token_for(owner, "a")), Api(token_for(owner, "b"))
    assert [first.get("/workspaces").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/workspaces").status_code == 200
    assert Api(token_for(manager)).get("/workspaces").status_code == 200


def test_it_limits_browser_sessions_per_user(settings, login, owner, workspace):
    settings.CADENCE_API_RATE_LIMIT = 2
    client = login(Client(), owner)
    statuses = [Api(client=client).get("/workspaces").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_it_starts_a_new_window_every_minute(owner, workspace):
    assert ratelimit.hit("k", limit=1, now=120.0) == (True, 60)
    assert ratelimit.hit("k", limit=1, now=150.0) == (False, 30)
    assert ratelimit.hit("k", limit=1, now=180.0)[0] is True  # the next window
