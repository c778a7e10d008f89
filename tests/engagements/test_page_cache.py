"""The engagement page's body comes from the cache per revision, day, language and rights; its forms carry the
reader's own CSRF token; what is not behind the revision (the client's name, the recent entries) is current."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cadence.core import services as core_services
from cadence.core.models import Membership
from cadence.engagements import queries, services
from cadence.engagements.views import timeline

TODAY = dt.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today():
    with mock.patch.object(queries, "engagement_today", return_value=TODAY):
        yield


def page(engagement, **query):
    url = reverse("engagements:engagement-detail", kwargs={"workspace": engagement.workspace.slug,
                                                           "engagement": engagement.uuid})
    return url + ("?months=all" if query.get("all") else "")


@pytest.fixture
def bodies():
    with mock.patch.object(timeline, "timeline_context", wraps=timeline.timeline_context) as computed:
        yield computed


def test_the_body_is_computed_once_per_revision_and_rights(client, login, manager, specialist, approver, owner,
                                                            engagement, bodies):
    login(client, manager)
    first = client.get(page(engagement)).content.decode()
    assert client.get(page(engagement)).content.decode().count("Hours by month") == 1
    assert bodies.call_count == 1
    login(client, owner)  # an owner has the manager's rights on the page: the same body
    client.get(page(engagement))
    assert bodies.call_count == 1
    login(client, specialist)  # fewer rights: another body (no "Edit" button)
    specialist_page = client.get(page(engagement)).content.decode()
    assert bodies.call_count == 2 and ">Edit<" not in specialist_page and ">Edit<" in first
    login(client, approver)  # the client's view
    client.get(page(engagement))
    assert bodies.call_count == 3
    login(client, manager)
    client.get(page(engagement, all=True))  # every month: another body
    assert bodies.call_count == 4
    services.log_time(actor=manager, membership=Membership.objects.get(user=manager), engagement=engagement,
                      phase=engagement.phases.get(key="research"), date=TODAY, hours=Decimal("2.5"))
    client.get(page(engagement))  # the entry changed the revision: computed again
    assert bodies.call_count == 5


def test_the_forms_carry_the_readers_own_csrf_token(login, manager, engagement):
    browser = Client(enforce_csrf_checks=True)
    login(browser, manager)
    html = browser.get(page(engagement)).content.decode()
    assert timeline.CSRF_PLACEHOLDER not in html
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens
    other = Client(enforce_csrf_checks=True)  # a second reader gets the cached body with its own token
    login(other, manager)
    other_html = other.get(page(engagement)).content.decode()
    other_tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', other_html))
    assert other_tokens and timeline.CSRF_PLACEHOLDER not in other_html
    # the token from the page is accepted by a form's POST (the gate form of the fixture's first gate)
    gate_url = reverse("engagements:gate-record", kwargs={"workspace": engagement.workspace.slug,
                                                          "engagement": engagement.uuid, "gate": "plan_approved"})
    response = other.post(gate_url, {"csrfmiddlewaretoken": other_tokens.pop(), "passed_on": ""})
    assert response.status_code != 403


def test_what_is_not_behind_the_revision_is_current(client, login, manager, owner, specialist, engagement):
    login(client, manager)
    assert "Brutărie Dulce" in client.get(page(engagement)).content.decode()
    core_services.update_client(actor=owner, client=engagement.client, name="Brutăria Dulce Nouă")
    engagement.refresh_from_db()
    assert "Brutăria Dulce Nouă" in client.get(page(engagement)).content.decode()
    services.log_time(actor=specialist, membership=Membership.objects.get(user=specialist), engagement=engagement,
                      phase=engagement.phases.get(key="research"), date=TODAY, hours=Decimal("1"),
                      note="Competitor audit notes")
    assert "Competitor audit notes" in client.get(page(engagement)).content.decode()


def test_warming_renders_what_a_manager_reads_first(client, login, manager, engagement, bodies):
    from django.core.management import call_command

    from cadence.engagements import warm

    assert warm.languages_of(engagement.workspace) == ["en"]
    manager.language = "ro"
    manager.save(update_fields=["language"])
    assert warm.languages_of(engagement.workspace) == ["en", "ro"]  # the owner has none: the default
    call_command("warm-cache", stdout=__import__("io").StringIO())
    assert bodies.call_count == 2  # one body per language
    login(client, manager)
    from cadence.engagements import sections

    with mock.patch.object(timeline, "_export_svg", side_effect=AssertionError("drawn by a reader")), \
            mock.patch.object(sections, "render_rows", side_effect=AssertionError("rendered by a reader")):
        client.get(page(engagement))
        client.get(page(engagement) + "gantt.svg")
        dashboard = client.get(reverse("core:dashboard", kwargs={"workspace": engagement.workspace.slug}))
        assert dashboard.status_code == 200 and escape(engagement.name) in dashboard.content.decode()
    assert bodies.call_count == 2  # read from the cache


def test_the_worker_renders_after_a_write(manager, engagement, bodies):
    from cadence.engagements import tasks

    services.update_engagement(actor=manager, engagement=engagement, name="Renamed retainer")
    tasks.refresh_schedule.call(engagement.pk)  # what the worker runs after the commit
    assert bodies.call_count == 1
    tasks.refresh_schedule.call(engagement.pk)  # nothing new to render
    assert bodies.call_count == 1
