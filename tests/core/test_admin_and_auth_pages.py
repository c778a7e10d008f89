"""Django admin for staff, and allauth's pages drawn in Cadence's layout."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from cadence.accounts.models import User
from cadence.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("staff@cadence.test", "pw-Cadence-2026")


def test_it_registers_every_model_in_the_admin():
    from django.apps import apps

    for label in ("accounts", "core", "engagements"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__ in {"EngagementPhase", "EngagementGate", "TemplatePhase", "TemplateGate",
                                  "ClientAccess"}:
                continue  # edited inline with their parent
            assert admin.site.is_registered(model), model


def test_it_opens_every_admin_changelist_and_change_page(client, login, staff, engagement):
    login(client, staff)
    for model in list(admin.site._registry):
        meta = model._meta
        r = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert r.status_code == 200, meta.label
        obj = model._default_manager.first()
        if obj is not None:
            r = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
            assert r.status_code == 200, meta.label


def test_it_keeps_the_audit_trail_read_only_in_the_admin(client, login, staff, workspace):
    login(client, staff)
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    r = client.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"action": "forged"})
    assert r.status_code == 403
    assert client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "workspace.created"


def test_it_forbids_the_admin_to_non_staff(client, login, owner):
    login(client, owner)
    r = client.get(reverse("admin:index"))
    assert r.status_code == 302


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_it_draws_allauth_pages_in_our_layout(client, name):
    r = client.get(reverse(name))
    html = r.content.decode()
    assert r.status_code == 200
    assert 'class="topbar"' in html  # our base.html
    assert 'class="auth-title auth-entrance"' in html
    assert 'class="btn' in html
    assert "cadence.css" in html
    assert " · Cadence</title>" in html


def test_it_draws_the_two_factor_page_in_our_layout(client, login, owner):
    login(client, owner)
    r = client.get(reverse("mfa_index"))
    html = r.content.decode()
    assert r.status_code == 200
    assert 'class="auth-title auth-manage"' in html
    assert 'class="auth-panel"' in html
