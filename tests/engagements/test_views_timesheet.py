"""My week: the grid page, saving it (all or nothing), adding and copying rows, a manager's view of a teammate."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.core.models import Membership
from cadence.engagements import services
from cadence.engagements.models import ProcessTemplate, TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 (2026-11-07 .. 2026-12-06) of the fixture engagement
WEEK = "2026-W47"  # 16-22 November 2026
MON = dt.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


@pytest.fixture
def second(workspace, other_client, owner):
    return services.create_engagement(
        actor=owner, workspace=workspace, client=other_client, template=ProcessTemplate.objects.get(
            workspace=workspace, key="retainer"), name="Second", start_date=dt.date(2026, 10, 5),
        monthly_hours=Decimal(20), country="MD", time_zone="Europe/Chisinau", currency="MDL", language="ru")


def week_url(workspace, **params):
    url = reverse("engagements:time-week", kwargs={"workspace": workspace.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def add(engagement, user, day, hours, phase="research"):
    return TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=user,
                                    phase=engagement.phases.get(key=phase), date=day, hours=Decimal(hours))


def row(engagement, phase="research"):
    return f"{engagement.uuid}:{phase}"


def grid(*rows, week=WEEK, action="save", **extra):
    """rows: (row value, {day index: text})"""
    data = {"week": week, "action": action, **extra}
    for i, (value, cells) in enumerate(rows):
        data[f"r{i}"] = value
        for j in range(7):
            data[f"r{i}d{j}"] = cells.get(j, "")
    return data


def mine(user):
    return sorted((e.engagement.name, e.phase.key, e.date, e.hours) for e in TimeEntry.objects.filter(user=user))


def test_it_shows_the_week_with_totals_and_the_months_remaining_hours(client, login, specialist, engagement, second):
    add(engagement, specialist, MON, "2")
    add(engagement, specialist, MON + dt.timedelta(days=1), "1.5")
    add(second, specialist, MON, "3")
    add(engagement, specialist, MON - dt.timedelta(days=1), "7")  # the week before: not shown
    login(client, specialist)
    r = client.get(week_url(engagement.workspace, week=WEEK))
    assert r.status_code == 200
    body = r.content.decode()
    assert "My week" in body and "Social &amp; ads retainer" in body and "Second" in body
    assert 'name="r0d0"' in body and 'value="2"' in body and 'value="1.5"' in body
    assert "<td class=\"num\"><strong>6.5 h</strong></td>" in body  # the week's total
    assert "<td class=\"num\">5 h</td>" in body  # Monday: 2 + 3
    assert "36.5 h left of 40 h in month 3" not in body  # the week before counts too:
    assert "29.5 h left of 40 h in month 3" in body  # 40 - 2 - 1.5 - 7
    assert "17 h left of 20 h in month 2" in body  # the second engagement started in October
    assert 'class="num weekend"' in body


def test_the_navigation_links_to_my_week(client, login, specialist, viewer, engagement):
    login(client, specialist)
    body = client.get(reverse("core:dashboard", kwargs={"workspace": engagement.workspace.slug})).content.decode()
    assert week_url(engagement.workspace) in body
    login(client, viewer)
    body = client.get(reverse("core:dashboard", kwargs={"workspace": engagement.workspace.slug})).content.decode()
    assert week_url(engagement.workspace) not in body


def test_previous_and_next_week(client, login, specialist, engagement):
    login(client, specialist)
    body = client.get(week_url(engagement.workspace, week="2026-W01")).content.decode()
    assert "week=2025-W52" in body and "week=2026-W02" in body


def test_a_bad_week_shows_this_week_with_a_message(client, login, specialist, engagement):
    login(client, specialist)
    r = client.get(week_url(engagement.workspace, week="2026-W60"))
    assert r.status_code == 200
    assert "is not a week" in r.content.decode()
    r = client.post(week_url(engagement.workspace), grid((row(engagement), {0: "2"}), week="garbage"))
    assert r.status_code == 302
    assert mine(specialist) == []


def test_saving_writes_every_changed_cell(client, login, specialist, engagement, second):
    add(engagement, specialist, MON, "2")
    add(engagement, specialist, MON + dt.timedelta(days=1), "4")
    login(client, specialist)
    r = client.post(week_url(engagement.workspace), grid(
        (row(engagement), {0: "3", 1: "", 2: "1,5"}), (row(second), {4: "2"})), follow=True)
    assert r.status_code == 200
    assert "The week is saved: 4 changes." in r.content.decode()
    assert mine(specialist) == [
        ("Second", "research", MON + dt.timedelta(days=4), Decimal(2)),
        ("Social & ads retainer", "research", MON, Decimal(3)),
        ("Social & ads retainer", "research", MON + dt.timedelta(days=2), Decimal("1.5")),
    ]


def test_posting_the_grid_back_unchanged_changes_nothing(client, login, specialist, engagement):
    add(engagement, specialist, MON, "2.5")
    login(client, specialist)
    body = client.get(week_url(engagement.workspace, week=WEEK)).content.decode()
    data = {"action": "save"}
    for name, value in re.findall(r'<input type="(?:hidden|text)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body):
        data[name] = value
    for name in re.findall(r'<input type="text"[^>]*name="(r\d+d\d)"', body):
        data.setdefault(name, "")
    r = client.post(week_url(engagement.workspace), data, follow=True)
    assert "Nothing changed." in r.content.decode()
    assert mine(specialist) == [("Social & ads retainer", "research", MON, Decimal("2.5"))]


def test_one_bad_cell_saves_nothing_and_names_the_reason(client, login, specialist, engagement, second):
    add(engagement, specialist, MON, "2")
    login(client, specialist)
    r = client.post(week_url(engagement.workspace), grid(
        (row(engagement), {0: "5", 1: "3"}), (row(second), {0: "2"}),
        (row(engagement, "campaigns"), {3: "2"})))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Nothing was saved." in body
    assert "Social &amp; ads retainer: Campaign launch, Thu 19 Nov:" in body
    assert "cannot start before the gate" in body
    assert 'aria-invalid="true"' in body
    assert 'value="5"' in body and 'value="3"' in body  # what was typed stays on the page
    assert mine(specialist) == [("Social & ads retainer", "research", MON, Decimal(2))]


def test_the_same_warnings_as_single_entries(client, login, specialist, engagement):
    login(client, specialist)
    r = client.post(week_url(engagement.workspace), grid((row(engagement), {0: "8", 1: "8", 2: "8", 3: "8"})),
                    follow=True)
    assert "80 % of month 3’s hours are used" in r.content.decode()


def test_add_row_and_copy_last_weeks_rows_save_nothing(client, login, specialist, engagement, second):
    add(second, specialist, MON - dt.timedelta(days=7), "3", phase="research")
    login(client, specialist)
    r = client.post(week_url(engagement.workspace), grid(action="add", add=row(engagement)))
    body = r.content.decode()
    assert f'name="r0" value="{row(engagement)}"' in body
    r = client.post(week_url(engagement.workspace), grid((row(engagement), {0: "1,5"}), action="copy"))
    body = r.content.decode()
    assert row(second) in body and 'value="1,5"' in body  # the row copied, the typed hours kept
    assert 'value="3"' not in body  # rows, not hours
    assert mine(specialist) == [("Second", "research", MON - dt.timedelta(days=7), Decimal(3))]


def test_the_add_row_select_offers_only_what_one_can_log_to(client, login, specialist, engagement, workspace, owner,
                                                           client_obj):
    other = services.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, template=ProcessTemplate.objects.get(
            workspace=workspace, key="retainer"), name="Not started", start_date=dt.date(2027, 3, 1),
        monthly_hours=Decimal(20), country="RO", time_zone="Europe/Bucharest", currency="RON", language="ro")
    login(client, specialist)
    body = client.get(week_url(engagement.workspace, week=WEEK)).content.decode()
    assert row(engagement) in body and str(other.uuid) not in body


def test_a_manager_views_and_saves_a_teammates_week(client, login, manager, specialist, engagement):
    add(engagement, specialist, MON, "2")
    who = Membership.objects.get(user=specialist).uuid
    login(client, manager)
    body = client.get(week_url(engagement.workspace, week=WEEK, person=who)).content.decode()
    assert "Sofia Specialist’s week" in body and 'value="2"' in body
    r = client.post(week_url(engagement.workspace), grid((row(engagement), {0: "3"}), person=who))
    assert r.status_code == 302 and f"person={who}" in r["Location"]
    assert mine(specialist) == [("Social & ads retainer", "research", MON, Decimal(3))]
    assert mine(manager) == []


def test_a_specialist_sees_only_their_own_week(client, login, manager, specialist, viewer, outsider, engagement):
    add(engagement, manager, MON, "2")
    manager_member = Membership.objects.get(user=manager).uuid
    login(client, specialist)
    assert client.get(week_url(engagement.workspace, person=manager_member)).status_code == 403
    assert client.post(week_url(engagement.workspace), grid((row(engagement), {0: "3"}),
                                                            person=manager_member)).status_code == 403
    assert mine(manager) == [("Social & ads retainer", "research", MON, Decimal(2))]
    login(client, viewer)
    assert client.get(week_url(engagement.workspace)).status_code == 403
    login(client, outsider)
    assert client.get(week_url(engagement.workspace)).status_code == 404


def test_a_manager_cannot_open_a_client_users_or_a_strangers_week(client, login, manager, viewer, outsider,
                                                                  engagement):
    import uuid

    login(client, manager)
    client_member = Membership.objects.get(user=viewer).uuid
    stranger = Membership.objects.get(user=outsider).uuid
    for who in (client_member, stranger, uuid.uuid4(), "not-a-uuid"):
        assert client.get(week_url(engagement.workspace, person=who)).status_code == 404


def test_a_row_of_a_hidden_or_foreign_engagement_is_a_404(client, login, specialist, engagement, outsider):
    login(client, specialist)
    import uuid

    r = client.post(week_url(engagement.workspace), grid((f"{uuid.uuid4()}:research", {0: "2"})))
    assert r.status_code == 404
    r = client.post(week_url(engagement.workspace), grid((row(engagement, "nope"), {0: "2"})))
    assert r.status_code == 404
    assert mine(specialist) == []


def test_other_methods_are_refused(client, login, specialist, engagement):
    login(client, specialist)
    assert client.put(week_url(engagement.workspace)).status_code == 405


def test_the_week_page_does_not_query_per_cell(client, login, specialist, engagement, second,
                                               django_assert_max_num_queries):
    """11 queries today with two engagements: a query per cell or per row would pass the bound."""
    for day in range(5):
        add(engagement, specialist, MON + dt.timedelta(days=day), "1")
        add(second, specialist, MON + dt.timedelta(days=day), "1", phase="research")
        add(engagement, specialist, MON + dt.timedelta(days=day), "0.5", phase="research")
    login(client, specialist)
    with django_assert_max_num_queries(14):
        assert client.get(week_url(engagement.workspace, week=WEEK)).status_code == 200
