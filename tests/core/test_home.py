"""Home redirect, new workspace, dashboard, workspace settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from cadence.core.models import AuditEntry, Membership, Role, Workspace
from cadence.engagements.models import TimeEntry

pytestmark = pytest.mark.django_db


def dashboard_url(ws):
    return reverse("core:dashboard", kwargs={"workspace": ws.slug})


# --- home --------------------------------------------------------------------------------------

def test_it_sends_anonymous_users_to_login(client):
    r = client.get(reverse("core:home"))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("account_login"))


def test_it_sends_members_to_their_first_dashboard(client, login, owner, workspace):
    login(client, owner)
    r = client.get(reverse("core:home"))
    assert r.status_code == 302
    assert r["Location"] == dashboard_url(workspace)


def test_it_sends_users_without_workspace_to_create_one(client, login, db):
    from tests.conftest import make_user

    login(client, make_user("new@agency.test"))
    r = client.get(reverse("core:home"))
    assert r["Location"] == reverse("core:workspace-new")


# --- new workspace -----------------------------------------------------------------------------

def test_it_shows_the_new_workspace_form(client, login, owner):
    login(client, owner)
    r = client.get(reverse("core:workspace-new"))
    assert r.status_code == 200
    assert b'name="name"' in r.content


def test_it_requires_login_for_new_workspace(client):
    r = client.get(reverse("core:workspace-new"))
    assert r.status_code == 302
    assert reverse("account_login") in r["Location"]


def test_it_creates_a_workspace_and_makes_me_owner(client, login, owner):
    login(client, owner)
    r = client.post(reverse("core:workspace-new"), {"name": "Second Agency", "slug": ""})
    ws = Workspace.objects.get(name="Second Agency")
    assert r.status_code == 302
    assert r["Location"] == dashboard_url(ws)
    assert Membership.objects.get(workspace=ws, user=owner).role == Role.OWNER


def test_it_refuses_a_taken_address(client, login, owner, workspace):
    login(client, owner)
    r = client.post(reverse("core:workspace-new"), {"name": "Copycat", "slug": workspace.slug})
    assert r.status_code == 200
    assert "That address is already taken." in r.content.decode()
    assert not Workspace.objects.filter(name="Copycat").exists()


def test_it_refuses_an_empty_workspace_name(client, login, owner):
    login(client, owner)
    before = Workspace.objects.count()
    r = client.post(reverse("core:workspace-new"), {"name": "  "})
    assert r.status_code == 200
    assert Workspace.objects.count() == before


# --- dashboard ---------------------------------------------------------------------------------

def test_it_shows_the_dashboard_with_this_months_hours(client, login, owner, workspace, engagement, clock):
    TimeEntry.objects.create(workspace=workspace, engagement=engagement, user=owner,
                             phase=engagement.phases.first(), date=dt.date(2026, 9, 8), hours=Decimal(34))
    login(client, owner)
    clock.set(dt.date(2026, 9, 20))
    r = client.get(dashboard_url(workspace))
    html = r.content.decode()
    assert r.status_code == 200
    assert engagement.name.replace("&", "&amp;") in html
    assert reverse("engagements:engagement-detail", kwargs={"workspace": workspace.slug,
                                                            "engagement": engagement.uuid}) in html
    assert "<meter" in html
    assert "85 %" in html  # 34 of 40 h
    assert "badge-warning" in html
    assert reverse("engagements:engagement-new", kwargs={"workspace": workspace.slug}) in html


def test_it_says_when_an_engagement_has_not_started(client, login, owner, workspace, engagement, clock):
    login(client, owner)
    clock.set(dt.date(2026, 8, 1))
    r = client.get(dashboard_url(workspace))
    assert "Starts on" in r.content.decode()


def test_it_hides_new_engagement_from_specialists(client, login, specialist, workspace, engagement):
    login(client, specialist)
    r = client.get(dashboard_url(workspace))
    assert r.status_code == 200
    assert reverse("engagements:engagement-new", kwargs={"workspace": workspace.slug}) not in r.content.decode()


def test_it_shows_client_users_only_their_clients(client, login, owner, approver, workspace, engagement,
                                                   other_client):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    other = services.create_engagement(
        actor=owner, workspace=workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Secret retainer",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="MD", time_zone="Europe/Chisinau",
        currency="EUR", language="ru",
    )
    login(client, approver)
    html = client.get(dashboard_url(workspace)).content.decode()
    assert "Brutărie Dulce" in html
    assert other_client.name not in html
    assert other.name not in html


def test_it_keeps_dashboard_queries_bounded(client, login, owner, workspace, client_obj, engagement):
    from django.core.cache import cache

    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    login(client, owner)
    client.get(dashboard_url(workspace))  # warm caches (sessions, content types)
    cache.clear()  # every row computed: the bound holds without the cached rows too
    with CaptureQueriesContext(connection) as one:
        client.get(dashboard_url(workspace))
    with CaptureQueriesContext(connection) as cached:
        client.get(dashboard_url(workspace))
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    for i in range(4):
        services.create_engagement(
            actor=owner, workspace=workspace, client=client_obj, template=template, name=f"Extra {i}",
            start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(10), country="RO",
            time_zone="Europe/Bucharest", currency="EUR", language="ro",
        )
    cache.clear()
    with CaptureQueriesContext(connection) as five:
        client.get(dashboard_url(workspace))
    # the logged hours of all engagements come in one query: nothing per engagement, client or template
    assert len(five) == len(one)
    # a cached row needs no figures at all: neither the terms, overrides and closes nor the month summaries
    # (counted by table: with Redis the first request after cache.clear() also reads its session from the
    # database, so the totals differ by backend)
    figures = ("engagements_contractterms", "engagements_hoursoverride", "engagements_monthclose",
               "engagements_monthsummary")

    def reads(captured, table):
        return sum(table in q["sql"] for q in captured.captured_queries)

    assert all(reads(one, table) == 1 for table in figures)
    assert all(reads(cached, table) == 0 for table in figures)
    assert len(cached) <= len(one) - len(figures)


def _dashboard_figures(client, workspace) -> list[str]:
    from tests.engagements.test_one_set_of_figures import figures

    return ["/".join(f) for f in figures(client.get(dashboard_url(workspace)).content.decode())]


def test_a_cached_dashboard_row_follows_every_write(client, login, owner, workspace, engagement, clock):
    """Rows come from the cache under the engagement's revision: an entry logged, an override approved or a
    renamed template shows at once (each is a new key); reading again changes nothing."""
    from cadence.engagements import services

    clock.set(dt.date(2026, 9, 20))
    login(client, owner)
    assert _dashboard_figures(client, workspace) == ["0/40/0/ok"]
    assert _dashboard_figures(client, workspace) == ["0/40/0/ok"]  # from the cache, the same
    membership = owner.memberships.get(workspace=workspace)
    for day, hours in ((8, 12), (9, 12), (10, 10)):
        services.log_time(actor=owner, membership=membership, engagement=engagement,
                          phase=engagement.phases.get(key="research"), date=dt.date(2026, 9, day), hours=Decimal(hours))
    assert _dashboard_figures(client, workspace) == ["34/40/85/warning"]
    services.add_override(actor=owner, engagement=engagement, month=1, extra_hours=Decimal(10),
                          reason="Launch week")
    assert _dashboard_figures(client, workspace) == ["34/50/68/ok"]
    engagement.template.name = "Retainer, renamed"
    engagement.template.save()
    assert "Retainer, renamed" in client.get(dashboard_url(workspace)).content.decode()


def test_a_cached_dashboard_row_is_kept_per_language_and_day(client, login, owner, workspace, engagement, clock):
    from django.utils import translation

    from cadence.engagements.sections import row_key

    clock.set(dt.date(2026, 9, 20))
    login(client, owner)
    english = client.get(dashboard_url(workspace)).content.decode()
    assert "Within hours" in english
    client.cookies["django_language"] = "ro"
    romanian = client.get(dashboard_url(workspace)).content.decode()
    assert "Within hours" not in romanian  # not the English row from the cache
    with translation.override("en"):
        today = row_key(engagement, workspace.slug)
        clock.set(dt.date(2026, 9, 21))
        assert row_key(engagement, workspace.slug) != today  # a new day: the month may have turned or closed
    with translation.override("ro"):
        assert row_key(engagement, workspace.slug) != today


def test_it_hides_the_dashboard_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.get(dashboard_url(workspace)).status_code == 404


def test_it_sends_anonymous_dashboard_visits_to_login(client, workspace):
    r = client.get(dashboard_url(workspace))
    assert r.status_code == 302
    assert reverse("account_login") in r["Location"]


def test_it_answers_404_for_an_unknown_workspace(client, login, owner):
    login(client, owner)
    assert client.get(reverse("core:dashboard", kwargs={"workspace": "nope"})).status_code == 404


# --- settings ----------------------------------------------------------------------------------

def settings_url(ws):
    return reverse("core:workspace-settings", kwargs={"workspace": ws.slug})


def test_it_lets_the_owner_rename_the_workspace(client, login, owner, workspace):
    login(client, owner)
    assert client.get(settings_url(workspace)).status_code == 200
    r = client.post(settings_url(workspace), {"name": "Agency Renamed"})
    assert r.status_code == 302
    workspace.refresh_from_db()
    assert workspace.name == "Agency Renamed"
    assert AuditEntry.objects.filter(workspace=workspace, action="workspace.updated").exists()


def test_it_refuses_an_empty_name_in_settings(client, login, owner, workspace):
    login(client, owner)
    r = client.post(settings_url(workspace), {"name": ""})
    assert r.status_code == 200
    workspace.refresh_from_db()
    assert workspace.name == "Agency One"


def test_it_forbids_settings_to_managers(client, login, manager, workspace):
    login(client, manager)
    assert client.get(settings_url(workspace)).status_code == 403
    assert client.post(settings_url(workspace), {"name": "Hijack"}).status_code == 403
    workspace.refresh_from_db()
    assert workspace.name == "Agency One"


def test_it_hides_settings_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.get(settings_url(workspace)).status_code == 404


def test_it_refuses_other_methods_on_settings(client, login, owner, workspace):
    login(client, owner)
    assert client.delete(settings_url(workspace)).status_code == 405


def test_the_dashboard_speaks_to_a_client_about_their_engagements(client, login, viewer, manager, workspace,
                                                                   engagement):
    login(client, viewer)  # a client user lands on the portal (cadence/portal), made for them
    html = client.get(dashboard_url(workspace)).content.decode()
    assert "Working with" in html and escape(engagement.name) in html and "Your clients" not in html
    login(client, manager)
    assert "Your clients" in client.get(dashboard_url(workspace)).content.decode()
