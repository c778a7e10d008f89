"""Two-factor (TOTP) sign-in and the failed-login rate limit, through the real allauth views."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the rate limits live in the cache
    yield
    cache.clear()


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_it_asks_for_the_authenticator_code_after_the_password(client, owner, workspace):
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    r = client.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    assert r.status_code == 302
    assert r["Location"] == reverse("mfa_authenticate")
    # not signed in yet: the dashboard still sends us to the login page
    assert client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug})).status_code == 302
    bad = client.post(reverse("mfa_authenticate"), {"code": "000000" if _current_code(secret) != "000000" else "111111"})
    assert bad.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    ok = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug})).status_code == 200


def test_it_signs_in_without_a_second_step_when_no_authenticator_is_set_up(client, owner):
    r = client.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_it_stops_password_guessing_after_repeated_failures(client, owner, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    for _ in range(3):
        r = client.post(reverse("account_login"), {"login": owner.email, "password": "wrong-password"})
        assert r.status_code == 200
        assert "_auth_user_id" not in client.session
    # Even the right password is refused while the limit holds.
    r = client.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    assert r.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert b"too many" in r.content.lower() or r.status_code == 429


def test_it_resets_a_forgotten_password_by_email(client, owner):
    import re

    from django.core import mail

    r = client.post(reverse("account_reset_password"), {"email": owner.email})
    assert r.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)  # allauth moves the key into the session, then shows the form
    assert form.status_code == 200
    new = "another-Strong-pass-77"
    done = client.post(form.request["PATH_INFO"], {"password1": new, "password2": new})
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(new)
    assert not owner.check_password(PASSWORD)


def test_it_does_not_tell_whether_an_address_has_an_account(client, db):
    r = client.post(reverse("account_reset_password"), {"email": "nobody@nowhere.test"})
    assert r.status_code == 302  # the same answer as for a real account, not a form error
