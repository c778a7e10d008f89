"""Personal access tokens (hashed, revocable, last use recorded once a minute) and the browser session."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.test import Client

from cadence.accounts.models import ApiToken
from cadence.core import services as core_services
from cadence.core.models import Client as ClientModel
from tests.api import Api, api_fixture, fast_fixture, token_for  # noqa: F401


def test_it_stores_only_the_tokens_hash(owner, workspace):
    token, raw = core_services.create_api_token(actor=owner, name="CI")
    assert raw.startswith("cad_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.token_hash, stored.hint, stored.name}
    assert Api(raw).get("/workspaces").status_code == 200


def test_it_refuses_a_missing_wrong_or_malformed_token(owner, workspace):
    raw = token_for(owner)
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer cad_wrong"}, {"HTTP_AUTHORIZATION": raw},
                    {"HTTP_AUTHORIZATION": "Basic " + raw}, {"HTTP_AUTHORIZATION": "Bearer " + raw[:-1]}):
        response = Api().get("/workspaces", **headers)
        assert response.status_code == 401, headers
        assert response.json()["code"] == "unauthenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_revoked_token(owner, workspace):
    token, raw = core_services.create_api_token(actor=owner, name="old laptop")
    assert Api(raw).get("/workspaces").status_code == 200
    core_services.revoke_api_token(actor=owner, token=token)
    response = Api(raw).get("/workspaces")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_it_refuses_the_token_of_a_deactivated_user(owner, workspace):
    raw = token_for(owner)
    owner.is_active = False
    owner.save()
    assert Api(raw).get("/workspaces").status_code == 401


def test_it_records_the_last_use_at_most_once_a_minute(owner, workspace, clock):
    token, raw = core_services.create_api_token(actor=owner, name="CI")
    assert token.last_used_at is None
    t0 = clock.now()
    Api(raw).get("/workspaces")
    token.refresh_from_db()
    assert token.last_used_at == t0
    clock.advance(dt.timedelta(seconds=30))
    Api(raw).get("/workspaces")
    token.refresh_from_db()
    assert token.last_used_at == t0  # not written again within the minute
    clock.advance(dt.timedelta(seconds=31))
    Api(raw).get("/workspaces")
    token.refresh_from_db()
    assert token.last_used_at == t0 + dt.timedelta(seconds=61)


def test_it_accepts_the_browser_session_for_reading(login, owner, workspace):
    client = login(Client(), owner)
    response = Api(client=client).get("/workspaces/agency-one")
    assert response.status_code == 200
    assert response.json()["role"] == "owner"


def test_it_requires_the_csrf_token_for_session_writes(login, owner, workspace):
    client = login(Client(enforce_csrf_checks=True), owner)
    before = ClientModel.objects.count()
    response = Api(client=client).post("/workspaces/agency-one/clients", {"name": "No CSRF"})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    assert ClientModel.objects.count() == before

    client.get("/w/agency-one/clients/new/")  # a page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = Api(client=client).post("/workspaces/agency-one/clients", {"name": "With CSRF"},
                                       HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.content
    assert ClientModel.objects.count() == before + 1


def test_it_does_not_fall_back_to_the_session_when_a_bad_token_is_sent(login, owner, workspace):
    client = login(Client(), owner)
    response = Api(client=client).get("/workspaces", HTTP_AUTHORIZATION="Bearer cad_nope")
    assert response.status_code == 401


def test_it_does_not_need_csrf_for_token_writes(owner, workspace):
    client = Client(enforce_csrf_checks=True)
    response = Api(token_for(owner), client=client).post("/workspaces/agency-one/clients", {"name": "Token Co"})
    assert response.status_code == 201


def test_it_answers_in_the_token_users_language_unless_the_request_asks_for_another(owner, workspace):
    owner.language = "ru"
    owner.save()
    raw = token_for(owner)
    assert Api(raw).get("/workspaces/nope")["Content-Language"] == "ru"
    assert Api(raw).get("/workspaces/nope", HTTP_ACCEPT_LANGUAGE="ro")["Content-Language"] == "ro"
