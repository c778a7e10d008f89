"""Security findings of the account, sign-in and admin area (issue 6), each through the real views:

the admin's sign-in goes through allauth; sign-up does not tell which addresses have accounts; the
sign-in rate limits count the client behind a trusted proxy; a new password revokes API tokens; the
token page offers scope and expiry; account changes are audited; the admin is read-only; signed-in
pages are never stored; ``cadence demo`` refuses a production database.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from cadence.accounts.models import ApiToken, TokenScope, User
from cadence.core import services
from cadence.core.models import AuditEntry, Workspace
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-Pass-2026"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # rate limits live in the cache
    yield
    cache.clear()


def account_actions(user: User) -> list[str]:
    return list(AuditEntry.objects.filter(actor=user, workspace__isnull=True).order_by("id")
                .values_list("action", flat=True))


def sign_in(client, user, password=PASSWORD):
    r = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert r.status_code == 302, r.content.decode()[:500]
    return client


# --- 1. the admin's sign-in ----------------------------------------------------------------------

@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("staff@cadence.test", PASSWORD)


def test_posting_a_password_to_the_admin_login_never_signs_in(client, superuser):
    r = client.post("/admin/login/?next=/admin/", {"username": superuser.email, "password": PASSWORD,
                                                   "next": "/admin/"})
    assert r.status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302  # still not in


def test_the_admin_login_sends_staff_to_allauth_keeping_next(client):
    r = client.get("/admin/login/?next=/admin/core/workspace/")
    assert r.status_code == 302
    assert r["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fcore%2Fworkspace%2F"
    # the admin itself sends anonymous visitors the same way
    r = client.get("/admin/", follow=True)
    assert r.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=%2Fadmin%2F")


def test_the_admin_login_never_redirects_off_site(client):
    r = client.get("/admin/login/?next=https://evil.example/")
    assert r["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_staff_reach_the_admin_after_a_normal_sign_in_with_two_factor(client, superuser):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(superuser, secret)
    r = client.post(reverse("account_login") + "?next=/admin/", {"login": superuser.email, "password": PASSWORD})
    assert r["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    r = client.post(reverse("mfa_authenticate"), {"code": code})
    assert r.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_is_no_way_round_the_sign_in_rate_limit(client, superuser, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip,100/5m/key"}
    for _ in range(2):
        client.post(reverse("account_login"), {"login": superuser.email, "password": "wrong-one"})
    assert SESSION_KEY not in client.session
    # locked out of the sign-in page, the guesser tries the admin's own form with the right password
    client.post("/admin/login/", {"username": superuser.email, "password": PASSWORD, "next": "/admin/"})
    assert SESSION_KEY not in client.session
    r = client.post(reverse("account_login"), {"login": superuser.email, "password": PASSWORD})
    assert SESSION_KEY not in client.session
    assert r.status_code in (200, 429)


def test_a_signed_in_non_staff_user_gets_403_not_a_redirect_loop(client, login, owner):
    login(client, owner)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_signed_in_staff_go_straight_on_and_cannot_switch_user_there(client, login, superuser):
    other = User.objects.create_superuser("other-staff@cadence.test", "Other-pass-2026")
    login(client, superuser)
    r = client.get("/admin/login/?next=/admin/core/")
    assert r.status_code == 302 and r["Location"] == "/admin/core/"
    client.post("/admin/login/", {"username": other.email, "password": "Other-pass-2026"})
    assert client.session[SESSION_KEY] == str(superuser.pk)


# --- 5. sign-up does not tell which addresses have accounts ---------------------------------------

def _page_text(response, email: str) -> str:
    html = response.content.decode()
    html = html.replace(email, "EMAIL")
    html = re.sub(r"[A-Za-z0-9]{64}", "CSRF", html)  # the form's and htmx's CSRF tokens
    return re.sub(r'nonce="[^"]+"', "", html)


def _sign_up(email: str):
    from django.test import Client

    client = Client()
    r = client.post(reverse("account_signup"), {"email": email, "password1": "Another-pass-2026",
                                                "password2": "Another-pass-2026"})
    page = client.get(r["Location"]) if r.status_code == 302 else r
    return client, r, page


def test_sign_up_answers_the_same_for_a_known_and_a_new_address(owner):
    known_client, known, known_page = _sign_up(owner.email)
    new_client, new, new_page = _sign_up("newcomer@agency.test")
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"] == reverse("account_email_verification_sent")
    assert known_page.status_code == new_page.status_code == 200
    assert _page_text(known_page, owner.email) == _page_text(new_page, "newcomer@agency.test")
    # nobody is signed in by signing up; the known account is untouched
    assert SESSION_KEY not in known_client.session and SESSION_KEY not in new_client.session
    assert User.objects.filter(email=owner.email).count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    # each address got its email: a confirmation link for the new one, a note for the known one
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {owner.email, "newcomer@agency.test"}
    assert "/accounts/confirm-email/" in by_recipient["newcomer@agency.test"].body
    assert "/accounts/confirm-email/" not in by_recipient[owner.email].body


def test_a_new_account_signs_in_after_confirming_its_address(client):
    client.post(reverse("account_signup"), {"email": "fresh@agency.test", "password1": "Another-pass-2026",
                                            "password2": "Another-pass-2026"})
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    client.post(link.group(1))
    assert client.session.get(SESSION_KEY) == str(User.objects.get(email="fresh@agency.test").pk)


# --- 3. the client IP behind a proxy, for allauth ------------------------------------------------

def _fail_sign_in(client, user, **extra):
    return client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"}, **extra)


def test_sign_in_limits_count_forwarded_clients_separately_behind_a_trusted_proxy(client, owner, manager,
                                                                                  settings):
    settings.CADENCE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.CADENCE_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip,100/5m/key"}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        _fail_sign_in(client, owner, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.1", **proxy)
    # another person behind the same proxy still signs in
    r = client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD},
                    HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy)
    assert r.status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)
    client.logout()
    # while the first address is still locked out (the spoofed left part of its header changes nothing)
    r = client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD},
                    HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.1", **proxy)
    assert SESSION_KEY not in client.session


def test_a_spoofed_forwarded_header_is_ignored_without_the_setting(client, owner, manager, settings):
    settings.CADENCE_TRUSTED_PROXY_HEADER = ""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip,100/5m/key"}
    for i in range(3):
        _fail_sign_in(client, owner, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    r = client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD},
                    HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert SESSION_KEY not in client.session  # the same REMOTE_ADDR: the forged header did not help
    assert r.status_code in (200, 429)


def test_client_ip_takes_the_address_the_trusted_proxies_saw(rf, settings):
    from cadence.accounts.client_ip import client_ip

    settings.CADENCE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.CADENCE_TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4, 10.0.0.1")
    assert client_ip(request) == "198.51.100.4"
    # too few hops, or garbage: the proxy's own address, never the client's claim
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6")) == "10.0.0.2"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nonsense, x")) == "10.0.0.2"
    settings.CADENCE_TRUSTED_PROXY_HEADER = "X-Real-IP"
    settings.CADENCE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="2001:db8::7")) == "2001:db8::7"
    settings.CADENCE_TRUSTED_PROXY_HEADER = ""
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="2001:db8::7")) == "10.0.0.2"


# --- 2. a new password revokes the API tokens (and says so) ----------------------------------------

def test_changing_the_password_revokes_the_tokens_and_is_audited(client, owner):
    raws = [services.create_api_token(actor=owner, name=n)[1] for n in ("a", "b")]
    sign_in(client, owner)
    r = client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": NEW_PASSWORD,
                                                         "password2": NEW_PASSWORD})
    assert r.status_code == 302, r.content.decode()[:800]
    assert not ApiToken.objects.filter(user=owner, revoked_at__isnull=True).exists()
    for raw in raws:
        assert client.get("/api/v1/workspaces", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    entry = AuditEntry.objects.get(actor=owner, action="account.password_changed")
    assert entry.workspace is None
    assert entry.changes == {"tokens_revoked": 2}


def test_resetting_the_password_revokes_the_tokens_and_is_audited(client, owner):
    services.create_api_token(actor=owner, name="script")
    client.post(reverse("account_reset_password"), {"email": owner.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    client.post(form.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not ApiToken.objects.filter(user=owner, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.get(actor=owner, action="account.password_reset").changes == {"tokens_revoked": 1}


def test_setting_a_password_is_audited(client, db):
    user = make_user("nopass@agency.test")
    user.set_unusable_password()
    user.save()
    services.create_api_token(actor=user, name="script")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    r = client.post(reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 302, r.content.decode()[:800]
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert "account.password_set" in account_actions(user)


def test_the_tokens_page_says_a_new_password_revokes_them(client, login, owner):
    login(client, owner)
    html = client.get(reverse("core:token-list")).content.decode()
    assert "Changing, setting or resetting your password revokes all your tokens" in html


# --- 2. the token page: scope and expiry ------------------------------------------------------------

def test_the_token_form_creates_a_read_only_token_with_an_expiry(client, login, owner):
    login(client, owner)
    html = client.get(reverse("core:token-list")).content.decode()
    assert 'name="scope"' in html and 'name="valid_until"' in html
    r = client.post(reverse("core:token-list"), {"name": "dashboard", "scope": "read",
                                                 "valid_until": "2099-12-31"})
    assert r.status_code == 200
    token = ApiToken.objects.get(user=owner)
    assert (token.scope, str(token.valid_until)) == (TokenScope.READ, "2099-12-31")
    html = r.content.decode()
    raw = re.search(r'id="new-token"[^>]*value="(cad_[^"]+)"', html).group(1)
    assert token.token_hash != raw and raw not in str(ApiToken.objects.values_list())
    assert "Read only" in html
    assert "2099" in html  # the expiry in the list


def test_the_token_form_refuses_a_past_expiry_and_an_unknown_scope(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:token-list"), {"name": "old", "valid_until": "2000-01-01"})
    assert r.status_code == 400
    assert "cannot be in the past" in r.content.decode()
    r = client.post(reverse("core:token-list"), {"name": "x", "scope": "root"})
    assert r.status_code == 400
    assert not ApiToken.objects.filter(user=owner).exists()


def test_the_token_form_refuses_past_the_cap(client, login, owner, settings):
    settings.CADENCE_API_TOKENS_PER_USER = 1
    login(client, owner)
    assert client.post(reverse("core:token-list"), {"name": "one"}).status_code == 200
    r = client.post(reverse("core:token-list"), {"name": "two"})
    assert r.status_code == 400
    assert "You already have 1 active token, the most one person may have." in r.content.decode()
    assert ApiToken.objects.filter(user=owner).count() == 1


def test_the_token_list_shows_expired_tokens_as_expired(client, login, owner):
    import datetime as dt

    token, _ = services.create_api_token(actor=owner, name="old")
    ApiToken.objects.filter(pk=token.pk).update(valid_until=dt.date(2020, 1, 1))
    login(client, owner)
    assert "Expired" in client.get(reverse("core:token-list")).content.decode()


# --- 6. audit of account changes ------------------------------------------------------------------

def test_token_create_and_revoke_are_audited(client, login, owner):
    login(client, owner)
    client.post(reverse("core:token-list"), {"name": "reporting", "scope": "read"})
    token = ApiToken.objects.get(user=owner)
    client.post(reverse("core:token-revoke", kwargs={"token": token.uuid}))
    assert account_actions(owner) == ["token.created", "token.revoked"]
    created = AuditEntry.objects.get(action="token.created")
    assert created.changes == {"name": "reporting", "scope": "read", "valid_until": None}
    assert created.object_id == str(token.uuid)
    # revoking again changes nothing and records nothing
    services.revoke_api_token(actor=owner, token=ApiToken.objects.get(pk=token.pk))
    assert account_actions(owner) == ["token.created", "token.revoked"]


def test_profile_changes_are_audited_and_an_unchanged_save_is_not(client, login, owner):
    login(client, owner)
    client.post(reverse("core:profile"), {"full_name": "Olga O.", "language": "ro"})
    entry = AuditEntry.objects.get(action="account.profile_updated")
    assert entry.changes == {"full_name": ["Olga Owner", "Olga O."], "language": ["", "ro"]}
    assert entry.workspace is None and entry.actor == owner
    client.post(reverse("core:profile"), {"full_name": "Olga O.", "language": "ro"})
    assert AuditEntry.objects.filter(action="account.profile_updated").count() == 1


def test_two_factor_changes_are_audited(client, owner, django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    sign_in(client, owner)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks before 2FA changes
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("mfa_activate_totp"))
        secret = client.session["mfa.totp.secret"]
        code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
        r = client.post(reverse("mfa_activate_totp"), {"code": code})
        assert r.status_code == 302, r.content.decode()[:500]
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("mfa_generate_recovery_codes"))
        assert r.status_code == 302, r.content.decode()[:500]
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("mfa_deactivate_totp"))
        assert r.status_code == 302, r.content.decode()[:500]
    actions = account_actions(owner)
    assert actions[0] == "account.mfa_enabled"
    assert "account.mfa_codes_generated" in actions
    assert "account.mfa_codes_regenerated" in actions
    assert "account.mfa_disabled" in actions
    assert AuditEntry.objects.get(action="account.mfa_enabled").changes == {"kind": "totp"}


def test_every_account_action_has_a_label():
    from cadence.core.audit_display import ACTION_LABELS

    for action in ("token.created", "token.revoked", "account.profile_updated", "account.password_changed",
                   "account.password_set", "account.password_reset", "account.mfa_enabled",
                   "account.mfa_disabled", "account.mfa_reset", "account.mfa_codes_generated",
                   "account.mfa_codes_removed", "account.mfa_codes_regenerated"):
        assert action in ACTION_LABELS, action


def test_saving_a_client_or_workspace_unchanged_records_nothing(owner, workspace, client_obj):
    before = AuditEntry.objects.count()
    services.update_workspace(actor=owner, workspace=workspace, name=workspace.name)
    services.update_client(actor=owner, client=client_obj, name=client_obj.name, country=client_obj.country)
    assert AuditEntry.objects.count() == before
    services.update_client(actor=owner, client=client_obj, name="Renamed")
    assert AuditEntry.objects.filter(action="client.updated").get().changes == {
        "name": ["Brutărie Dulce", "Renamed"]}


def test_changing_a_role_to_the_same_role_records_nothing(owner, manager, workspace):
    from cadence.core.models import Membership

    member = Membership.objects.get(user=manager)
    before = AuditEntry.objects.count()
    services.change_role(actor=owner, member=member, role="manager")
    assert AuditEntry.objects.count() == before


# --- 6. the admin is read-only for audited models -------------------------------------------------

def test_the_admin_cannot_add_change_or_delete_audited_models(client, login, superuser, owner, workspace,
                                                              client_obj):
    from django.contrib import admin

    login(client, superuser)
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in {"accounts", "core", "engagements"}:
            continue  # Django's groups, allauth's own tables
        assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403, meta.label
        assert not model_admin.has_change_permission(type("R", (), {"user": superuser})())
    r = client.post(reverse("admin:core_workspace_change", args=[workspace.pk]),
                    {"name": "Hijacked", "slug": workspace.slug})
    assert r.status_code == 403
    assert client.post(reverse("admin:core_client_delete", args=[client_obj.pk]), {"post": "yes"}).status_code == 403
    r = client.post(reverse("admin:accounts_user_change", args=[owner.pk]), {"email": owner.email,
                                                                             "is_superuser": "on"})
    assert r.status_code == 403
    workspace.refresh_from_db()
    owner.refresh_from_db()
    assert workspace.name == "Agency One" and not owner.is_superuser
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    # the change pages still open, read-only
    assert client.get(reverse("admin:core_workspace_change", args=[workspace.pk])).status_code == 200


# --- 8. no-store for signed-in pages --------------------------------------------------------------

def test_signed_in_pages_are_never_stored(client, login, owner, workspace):
    login(client, owner)
    for url in (reverse("core:home"), reverse("core:dashboard", kwargs={"workspace": workspace.slug}),
                reverse("core:token-list"), reverse("core:profile")):
        r = client.get(url, follow=True)
        assert r.status_code == 200
        assert "no-store" in r["Cache-Control"], url


def test_a_page_that_sets_its_own_cache_policy_keeps_it(rf, owner):
    from django.http import HttpResponse

    from cadence.accounts.middleware import PrivateNoStoreMiddleware

    def view(request):
        response = HttpResponse("svg")
        response["Cache-Control"] = "private, no-cache"
        return response

    request = rf.get("/")
    request.user = owner
    assert PrivateNoStoreMiddleware(view)(request)["Cache-Control"] == "private, no-cache"
    request.user = __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser()
    assert not PrivateNoStoreMiddleware(lambda r: HttpResponse("x"))(request).has_header("Cache-Control")


# --- 8. cadence demo refuses a production database ------------------------------------------------

def test_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")
    assert not Workspace.objects.filter(slug="demo").exists()
    assert not User.objects.filter(email__endswith="@demo.cadence.test").exists()


def test_demo_exits_non_zero_from_the_command_line(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    environ = {k: v for k, v in os.environ.items() if not k.startswith("CADENCE_")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update({"CADENCE_DEBUG": "0", "CADENCE_SECRET_KEY": "s" * 60, "CADENCE_SQLITE_PATH": str(tmp_path / "prod.sqlite3"), "CADENCE_EMAIL_HOST": "smtp.example.com"})
    result = subprocess.run([sys.executable, "manage.py", "demo"], cwd=Path(__file__).resolve().parents[2],
                            env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "--force" in result.stderr


def test_the_profile_page_lists_the_accounts_recent_changes(client, login, owner, manager):
    services.create_api_token(actor=owner, name="nightly export")
    services.update_profile(actor=owner, full_name="Olga O.", language="")
    services.create_api_token(actor=manager, name="someone else's token")
    login(client, owner)
    html = client.get(reverse("core:profile")).content.decode()
    assert "Recent changes to your account" in html
    assert "created an API token" in html and "nightly export" in html
    assert "changed their profile" in html
    assert "someone else" not in html
