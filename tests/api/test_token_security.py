"""Personal tokens: expiry, read-only scope, the per-user cap, revocation by a new password, and the
throttle on bad tokens (counted per client IP, which the trusted-proxy settings decide)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from cadence.accounts.models import ApiToken, TokenScope
from cadence.core import services as core_services
from cadence.core.errors import DomainError
from tests.api import TODAY, Api, api_fixture, fast_fixture, token_for  # noqa: F401

# TODAY: the day the app's clock is stopped on for every API test (tests/api/__init__.py).


# --- expiry --------------------------------------------------------------------------------------

def test_a_token_works_through_its_last_day_and_not_after(owner, workspace):
    token, raw = core_services.create_api_token(actor=owner, name="until today", valid_until=TODAY)
    assert Api(raw).get("/workspaces").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(valid_until=TODAY - dt.timedelta(days=1))
    response = Api(raw).get("/workspaces")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_token_cannot_be_made_already_expired(owner):
    with pytest.raises(DomainError) as exc:
        core_services.create_api_token(actor=owner, name="old", valid_until=TODAY - dt.timedelta(days=1))
    assert exc.value.field == "valid_until"
    assert not ApiToken.objects.filter(user=owner).exists()


# --- scope ---------------------------------------------------------------------------------------

def test_a_read_only_token_reads_but_never_writes(owner, workspace, client_obj):
    _, raw = core_services.create_api_token(actor=owner, name="dashboard", scope=TokenScope.READ)
    api = Api(raw)
    clients = f"/workspaces/{workspace.slug}/clients"
    assert api.get("/workspaces").status_code == 200
    assert api.get(clients).status_code == 200
    assert api.request("HEAD", clients).status_code in (200, 405)  # reads are never refused as writes
    before = workspace.clients.count()
    for method, path in (("POST", clients), ("PATCH", f"{clients}/{client_obj.uuid}")):
        response = api.request(method, path, {"name": "Sneaky", "country": "RO", "language": "ro"})
        assert response.status_code == 403, method
        assert response.json()["code"] == "read_only_token"
        assert response["Content-Type"].startswith("application/json")
    assert workspace.clients.count() == before
    client_obj.refresh_from_db()
    assert client_obj.name != "Sneaky"


def test_a_read_and_write_token_writes(owner, workspace):
    _, raw = core_services.create_api_token(actor=owner, name="sync", scope=TokenScope.READ_WRITE)
    response = Api(raw).post(f"/workspaces/{workspace.slug}/clients", {"name": "Allowed", "country": "RO",
                                                                          "language": "ro"})
    assert response.status_code in (200, 201), response.content


def test_an_unknown_scope_is_refused(owner):
    with pytest.raises(DomainError) as exc:
        core_services.create_api_token(actor=owner, name="x", scope="admin")
    assert exc.value.field == "scope"


# --- cap -----------------------------------------------------------------------------------------

def test_a_user_holds_at_most_the_configured_number_of_active_tokens(owner, settings):
    settings.CADENCE_API_TOKENS_PER_USER = 3
    tokens = [core_services.create_api_token(actor=owner, name=f"t{i}")[0] for i in range(3)]
    with pytest.raises(DomainError) as exc:
        core_services.create_api_token(actor=owner, name="one too many")
    assert exc.value.code == "token_limit"
    assert "3 active tokens" in str(exc.value.message)
    assert ApiToken.objects.filter(user=owner).count() == 3
    # revoked and expired tokens do not count
    core_services.revoke_api_token(actor=owner, token=tokens[0])
    ApiToken.objects.filter(pk=tokens[1].pk).update(valid_until=TODAY - dt.timedelta(days=1))
    core_services.create_api_token(actor=owner, name="fourth")
    core_services.create_api_token(actor=owner, name="fifth")
    with pytest.raises(DomainError):
        core_services.create_api_token(actor=owner, name="sixth")


# --- a new password revokes every token ----------------------------------------------------------

def test_a_new_password_revokes_all_of_the_users_tokens(owner, manager, workspace):
    raws = [token_for(owner, "a"), token_for(owner, "b")]
    other = token_for(manager, "someone else's")
    owner.set_password("a-brand-new-Pass-2026")
    owner.save()
    assert owner.tokens_revoked_by_password == 2
    for raw in raws:
        assert Api(raw).get("/workspaces").status_code == 401
    assert ApiToken.objects.filter(user=owner, revoked_at__isnull=True).count() == 0
    assert Api(other).get("/workspaces").status_code == 200  # other people's tokens keep working


def test_saving_a_user_without_a_new_password_keeps_the_tokens(owner, workspace):
    raw = token_for(owner)
    owner.full_name = "Renamed"
    owner.save()
    assert Api(raw).get("/workspaces").status_code == 200


# --- throttling bad tokens -----------------------------------------------------------------------

def test_bad_tokens_are_throttled_per_client_ip(owner, workspace, settings):
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 3
    statuses = [Api(f"cad_guess{i}").get("/workspaces").status_code for i in range(3)]
    assert statuses == [401, 401, 401]
    response = Api("cad_guess-again").get("/workspaces")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # while the address is over the limit, even a real token is not looked at from there
    assert Api(token_for(owner)).get("/workspaces").status_code == 429
    # another address is not affected
    assert Api(token_for(owner), REMOTE_ADDR="198.51.100.9").get("/workspaces").status_code == 200


def test_malformed_authorization_headers_count_as_bad_tokens(owner, workspace, settings):
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 2
    statuses = [Api().get("/workspaces", HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_revoked_and_expired_tokens_are_throttled_too(owner, workspace, settings):
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 2
    token, raw = core_services.create_api_token(actor=owner, name="old")
    core_services.revoke_api_token(actor=owner, token=token)
    expired, raw2 = core_services.create_api_token(actor=owner, name="expired")
    ApiToken.objects.filter(pk=expired.pk).update(valid_until=TODAY - dt.timedelta(days=3))
    assert [Api(raw).get("/workspaces").status_code, Api(raw2).get("/workspaces").status_code] == [401, 401]
    assert Api(raw).get("/workspaces").status_code == 429


def test_a_good_token_is_not_counted_as_bad(owner, workspace, settings):
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 2
    api = Api(token_for(owner))
    assert [api.get("/workspaces").status_code for _ in range(5)] == [200] * 5


# --- the client IP behind a proxy ----------------------------------------------------------------

def test_forwarded_addresses_count_separately_behind_a_trusted_proxy(workspace, settings):
    settings.CADENCE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.CADENCE_TRUSTED_PROXY_COUNT = 1
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 2
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = [Api("cad_bad", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).get("/workspaces").status_code
             for _ in range(3)]
    assert first == [401, 401, 429]
    # another client behind the same proxy still gets its own count
    assert Api("cad_bad", HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).get("/workspaces").status_code == 401


def test_a_forwarded_header_is_ignored_without_the_setting(workspace, settings):
    settings.CADENCE_TRUSTED_PROXY_HEADER = ""
    settings.CADENCE_API_BAD_TOKEN_LIMIT = 2
    statuses = [Api("cad_bad", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").get("/workspaces").status_code
                for i in range(3)]
    assert statuses == [401, 401, 429]  # a new spoofed address each time does not reset the count


def test_the_api_rate_limit_counts_anonymous_clients_by_forwarded_ip(settings):
    from cadence.api.ratelimit import rate_key

    settings.CADENCE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.CADENCE_TRUSTED_PROXY_COUNT = 1
    r = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert rate_key(r) == "ip:198.51.100.7"


# --- no-store ------------------------------------------------------------------------------------

def test_api_answers_to_a_token_are_not_stored(owner, workspace):
    response = Api(token_for(owner)).get("/workspaces")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
