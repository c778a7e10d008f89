"""403 and 404 pages: the site's layout, translated, with a way back (DEBUG off, as in production)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def _layout(body):
    return 'class="topbar"' in body and 'class="footer"' in body and "cadence.css" in body


def test_a_404_uses_the_layout_and_offers_the_sign_in(client):
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    body = r.content.decode()
    assert _layout(body) and "Page not found" in body
    assert f'href="{reverse("account_login")}"' in body


def test_a_404_inside_a_workspace_leads_back_to_its_dashboard(client, login, manager, workspace):
    login(client, manager)
    r = client.get(reverse("engagements:engagement-detail",
                           kwargs={"workspace": workspace.slug, "engagement": uuid.uuid4()}))
    assert r.status_code == 404
    body = r.content.decode()
    assert _layout(body) and "Page not found" in body
    assert f'href="{reverse("core:dashboard", kwargs={"workspace": workspace.slug})}"' in body


def test_a_404_for_another_workspace_shows_nothing_of_it(client, login, outsider, workspace):
    login(client, outsider)
    r = client.get(reverse("core:dashboard", kwargs={"workspace": workspace.slug}))
    assert r.status_code == 404
    body = r.content.decode()
    assert _layout(body) and workspace.name not in body
    assert f'href="{reverse("core:home")}"' in body


def test_a_403_uses_the_layout_and_leads_back(client, login, specialist, workspace):
    login(client, specialist)
    r = client.get(reverse("core:client-new", kwargs={"workspace": workspace.slug}))
    assert r.status_code == 403
    body = r.content.decode()
    assert _layout(body) and "Not allowed" in body
    assert f'href="{reverse("core:dashboard", kwargs={"workspace": workspace.slug})}"' in body


@pytest.mark.parametrize("language", ["ro", "ru"])
def test_error_pages_are_rendered_in_the_visitors_language(client, language):
    r = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert r.status_code == 404
    assert f'<html lang="{language}">' in r.content.decode()
