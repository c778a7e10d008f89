"""Profile and language; personal API tokens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadence.accounts.models import ApiToken, hash_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


# --- profile -----------------------------------------------------------------------------------

def test_it_shows_the_profile(client, login, owner):
    login(client, owner)
    r = client.get(reverse("core:profile"))
    assert r.status_code == 200
    assert "Olga Owner" in r.content.decode()


def test_it_saves_name_and_language_and_switches_the_ui(client, login, owner, settings):
    login(client, owner)
    r = client.post(reverse("core:profile"), {"full_name": "Olga O.", "language": "ru"})
    assert r.status_code == 302
    owner.refresh_from_db()
    assert (owner.full_name, owner.language) == ("Olga O.", "ru")
    assert r.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    r = client.get(reverse("core:profile"))
    assert '<html lang="ru">' in r.content.decode()


def test_it_refuses_an_unknown_language(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:profile"), {"full_name": "X", "language": "xx"})
    assert r.status_code == 200
    owner.refresh_from_db()
    assert (owner.full_name, owner.language) == ("Olga Owner", "")


def test_it_requires_login_for_the_profile(client):
    r = client.get(reverse("core:profile"))
    assert r.status_code == 302
    assert reverse("account_login") in r["Location"]


def test_it_refuses_other_methods_on_profile(client, login, owner):
    login(client, owner)
    assert client.delete(reverse("core:profile")).status_code == 405


# --- tokens ------------------------------------------------------------------------------------

def test_it_creates_a_token_shows_it_once_and_stores_only_its_hash(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:token-list"), {"name": "reporting script"})
    assert r.status_code == 200
    raw = r.context["raw_token"]
    assert raw and raw in r.content.decode()
    assert "cannot be shown again" in r.content.decode()
    token = ApiToken.objects.get(user=owner)
    assert token.name == "reporting script"
    assert token.token_hash == hash_token(raw)
    assert raw not in (token.token_hash, token.hint)
    assert token.hint == raw[:8]
    # never again
    page = client.get(reverse("core:token-list")).content.decode()
    assert raw not in page
    assert "reporting script" in page and token.hint in page


def test_it_answers_htmx_token_creation_with_the_fragment(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:token-list"), {"name": "ci"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert html.lstrip().startswith('<div id="tokens">')
    assert r.context["raw_token"] in html


def test_it_refuses_a_token_without_name(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:token-list"), {"name": "   "})
    assert r.status_code == 400
    assert not ApiToken.objects.exists()


def test_it_lists_only_my_tokens(client, login, owner, manager):
    from cadence.core import services

    services.create_api_token(actor=manager, name="managers token")
    login(client, owner)
    assert "managers token" not in client.get(reverse("core:token-list")).content.decode()


def test_it_revokes_my_token(client, login, owner):
    from cadence.core import services

    token, _ = services.create_api_token(actor=owner, name="old")
    login(client, owner)
    r = client.post(reverse("core:token-revoke", kwargs={"token": token.uuid}))
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(reverse("core:token-list")).content.decode()


def test_it_answers_404_for_someone_elses_token(client, login, owner):
    from cadence.core import services

    other = make_user("someone@else.test")
    token, _ = services.create_api_token(actor=other, name="theirs")
    login(client, owner)
    assert client.post(reverse("core:token-revoke", kwargs={"token": token.uuid})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_refuses_get_on_revoke(client, login, owner):
    from cadence.core import services

    token, _ = services.create_api_token(actor=owner, name="t")
    login(client, owner)
    assert client.get(reverse("core:token-revoke", kwargs={"token": token.uuid})).status_code == 405


def test_it_requires_login_for_tokens(client, owner):
    from cadence.core import services

    token, _ = services.create_api_token(actor=owner, name="t")
    assert client.get(reverse("core:token-list")).status_code == 302
    assert client.post(reverse("core:token-revoke", kwargs={"token": token.uuid})).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_refuses_other_methods_on_token_list(client, login, owner):
    login(client, owner)
    assert client.put(reverse("core:token-list")).status_code == 405
