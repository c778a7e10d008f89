"""The roadmap pages: the Gantt and table for the team and (read-only, no budget) for the client, in every
language; new and edit round-tripped as rendered; the shift warning and its button; dependencies; import;
delete; the SVG download; 404 for another engagement's initiative; bad input changes nothing."""
# ruff: noqa: F811 (the fixtures imported from roadmap_fixtures are the tests' arguments)

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.board import initiative_services as services
from cadence.board.models import Initiative, InitiativeDependency
from cadence.core.models import AuditEntry
from tests.board.roadmap_fixtures import D, chain, m, make  # noqa: F401
from tests.test_form_roundtrip import errors_in, post_forms, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(D(2026, 10, 20))


def url(name, engagement, *args):
    return reverse(f"board:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


def _forms(html, page, action):
    return [f for f in post_forms(html, page) if f.action.split("?")[0] == action]


@pytest.mark.parametrize("language", ["en", "ro", "ru"])
@pytest.mark.parametrize("who", ["owner", "manager", "specialist", "approver", "viewer"])
def test_the_page_renders_for_everyone_who_may_see_it(client, login, engagement, chain, who, language, request,
                                                       m, manager):
    services.update_initiative(actor=manager, membership=m["manager"], initiative=chain[0], budget=Decimal("4321.5"))
    login(client, request.getfixturevalue(who))
    client.cookies["django_language"] = language
    r = client.get(url("roadmap", engagement))
    assert r.status_code == 200
    html = r.content.decode()
    budget_cell = '<td class="num">4321' + ("." if language == "en" else ",") + "50<"
    for i in chain:
        assert f'data-row="{i.uuid}"' in html and i.title in html
    assert 'class="gantt-chart"' in html and 'class="dependency"' in html
    editing = [f for f in post_forms(html, "/") if "/roadmap/" in f.action]
    if who in ("owner", "manager"):
        assert editing and budget_cell in html and url("initiative-new", engagement) in html
    else:
        assert editing == [] and url("initiative-new", engagement) not in html
        # the budget is the team's (the cell, not the bare digits: a token or a uuid may hold "4321")
        assert (budget_cell in html) is (who == "specialist")


def test_a_late_initiative_is_marked_and_progress_comes_from_tasks(client, login, engagement, chain, manager, clock):
    from cadence.board.models import Task

    Task.objects.create(engagement=engagement, title="Logo", initiative=chain[1], column="done")
    Task.objects.create(engagement=engagement, title="Fonts", initiative=chain[1], column="todo")
    clock.set(D(2026, 10, 25))  # Brand book's deadline (20 October) has passed
    login(client, manager)
    html = client.get(url("roadmap", engagement)).content.decode()
    assert "50 % <span class=\"small muted\">(1 of 2 tasks)</span>" in html
    assert f'data-row="{chain[1].uuid}" data-status="planned" data-late="true"' in html
    assert 'class="late"' in html


def test_another_engagements_initiative_is_a_404(client, login, engagement, owner, workspace, client_obj, manager, m,
                                                  chain):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    other = eng.create_engagement(actor=owner, workspace=workspace, client=client_obj,
                                  template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"),
                                  name="Second", start_date=D(2026, 9, 7), monthly_hours=Decimal(10), country="RO",
                                  time_zone="Europe/Bucharest", currency="EUR", language="ro")
    theirs = make(manager, m["manager"], other, "Elsewhere", D(2026, 9, 7), D(2026, 9, 8))
    login(client, manager)
    assert client.get(url("initiative-edit", engagement, theirs.uuid)).status_code == 404
    assert client.post(url("initiative-delete", engagement, theirs.uuid)).status_code == 404
    assert client.post(url("roadmap", engagement).replace("/roadmap/", "/roadmap/not-a-uuid/shift/")).status_code == 404
    # a dependency naming another engagement's initiative is refused, nothing changes
    count = InitiativeDependency.objects.count()
    r = client.post(url("dependency-add", engagement), {"predecessor": theirs.uuid, "successor": chain[0].uuid},
                    follow=True)
    assert r.status_code == 200 and InitiativeDependency.objects.count() == count
    assert Initiative.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("language", ["en", "ro", "ru"])
def test_new_and_edit_save_as_rendered_and_with_one_change(client, login, engagement, manager, language, chain):
    """The form-round-trip rule (tests/test_form_roundtrip.py), with its helpers, for the roadmap's forms."""
    login(client, manager)
    client.cookies["django_language"] = language
    page = url("initiative-new", engagement)
    (form,) = _forms(client.get(page).content.decode(), page, page)
    response, body = submit(client, form, {"title": "Shop photos"})
    assert response.status_code == 200 and not errors_in(body), errors_in(body)
    created = Initiative.objects.get(title="Shop photos")
    assert (created.start, created.deadline, created.status) == (D(2026, 10, 20), D(2026, 10, 20), "planned")
    created.delete()
    (form,) = _forms(client.get(page).content.decode(), page, page)
    response, body = submit(client, form, {"title": "Shop photos", "budget": "1500.5"})
    assert not errors_in(body) and Initiative.objects.get(title="Shop photos").budget == Decimal("1500.5")

    row = chain[2]
    services.update_initiative(actor=manager, membership=_m(manager, engagement),
                               initiative=row, budget=Decimal("2500.75"), owner=manager, description="Ads\nand posts")
    page = url("initiative-edit", engagement, row.uuid)
    before = AuditEntry.objects.count()
    (form,) = _forms(client.get(page).content.decode(), page, page)
    response, body = submit(client, form, {})
    assert response.status_code == 200 and not errors_in(body), errors_in(body)
    assert AuditEntry.objects.count() == before  # unchanged: nothing to record
    row.refresh_from_db()
    assert (row.budget, row.owner, row.description) == (Decimal("2500.75"), manager, "Ads\nand posts")
    (form,) = _forms(client.get(page).content.decode(), page, page)
    response, body = submit(client, form, {"status": "active"})
    assert not errors_in(body)
    row.refresh_from_db()
    assert (row.status, row.budget) == ("active", Decimal("2500.75"))


def _m(user, engagement):
    from cadence.core.models import Membership

    return Membership.objects.get(user=user, workspace=engagement.workspace)


@pytest.mark.parametrize(("change", "message"), [
    ({"title": "Bad\u202etitle"}, "control characters"),
    ({"deadline": "2026-01-01"}, "deadline cannot be before"),
    ({"budget": "99999999999999999"}, "digits"),
    ({"budget": "-5"}, "greater than or equal"),
    ({"start": "2026-13-45"}, "valid date"),
    ({"start": "1990-01-01"}, "2000-01-01"),
    ({"owner": "not-a-member"}, "valid choice"),
    ({"objective_uid": "8b0b4e64-3e59-4a25-9d8e-1f6a2f0b9c11"}, "valid choice"),
])
def test_bad_input_is_a_form_error_and_changes_nothing(client, login, engagement, manager, chain, change, message):
    login(client, manager)
    row = chain[0]
    data = {"title": row.title, "start": "2026-09-07", "deadline": "2026-09-30", "status": "planned", **change}
    before = list(Initiative.objects.order_by("id").values())
    r = client.post(url("initiative-edit", engagement, row.uuid), data)
    assert r.status_code == 200 and message in r.content.decode()
    assert list(Initiative.objects.order_by("id").values()) == before


def test_an_edit_that_pushes_successors_warns_and_the_button_shifts_them(client, login, engagement, manager, chain):
    a, b, c = chain
    login(client, manager)
    page = url("initiative-edit", engagement, a.uuid)
    r = client.post(page, {"title": "Audit", "start": "2026-09-07", "deadline": "2026-10-05", "status": "active"})
    assert r.status_code == 302 and r["Location"].endswith(f"?shift={a.uuid}#shift")
    html = client.get(r["Location"]).content.decode()
    assert "2 initiatives now start before “Audit” ends." in html
    (form,) = _forms(html, r["Location"], url("initiative-shift", engagement, a.uuid))
    r = client.post(form.action, form.data(), follow=True)
    assert "2 initiatives now start after “Audit” ends." in r.content.decode()
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.start, c.start) == (D(2026, 10, 6), D(2026, 10, 26))
    assert "now start before" not in client.get(url("roadmap", engagement) + f"?shift={a.uuid}").content.decode()


def test_dependencies_are_added_and_removed_and_a_loop_is_refused(client, login, engagement, manager, chain):
    a, b, c = chain
    login(client, manager)
    r = client.post(url("dependency-add", engagement), {"predecessor": c.uuid, "successor": a.uuid}, follow=True)
    assert "This dependency would make a loop: Campaigns → Audit → Brand book → Campaigns." in r.content.decode()
    assert InitiativeDependency.objects.count() == 2
    html = client.get(url("roadmap", engagement)).content.decode()
    removes = _forms(html, "/", url("dependency-remove", engagement))
    assert len(removes) == 2
    client.post(removes[0].action, removes[0].data())
    assert InitiativeDependency.objects.count() == 1
    r = client.post(url("dependency-add", engagement), {"predecessor": a.uuid, "successor": c.uuid})
    assert r.status_code == 302 and InitiativeDependency.objects.count() == 2
    r = client.post(url("dependency-add", engagement), {"predecessor": "x", "successor": a.uuid}, follow=True)
    assert "Choose two initiatives of this roadmap." in r.content.decode()


def test_import_without_an_approved_plan_and_delete(client, login, engagement, manager, chain):
    login(client, manager)
    html = client.get(url("roadmap", engagement)).content.decode()
    (form,) = _forms(html, "/", url("roadmap-import", engagement))
    r = client.post(form.action, form.data(), follow=True)
    assert "no approved version yet" in r.content.decode()
    assert Initiative.objects.count() == 3
    r = client.post(url("initiative-delete", engagement, chain[1].uuid), follow=True)
    assert "“Brand book” is deleted from the roadmap." in r.content.decode()
    assert Initiative.objects.count() == 2 and InitiativeDependency.objects.count() == 0


@pytest.mark.parametrize("who", ["manager", "viewer"])
def test_the_svg_download(client, login, engagement, chain, who, request):
    login(client, request.getfixturevalue(who))
    r = client.get(url("roadmap-svg", engagement))
    assert r.status_code == 200 and r["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in r["Content-Disposition"] and "roadmap-2026-10-20.svg" in r["Content-Disposition"]
    root = ET.fromstring(r.content.decode().split("\n", 1)[1])
    assert len([e for e in root.iter() if e.get("data-row")]) == 3


def test_the_engagement_page_links_to_the_roadmap(client, login, engagement, viewer, manager):
    for user in (manager, viewer):
        login(client, user)
        html = client.get(reverse("engagements:engagement-detail",
                                  args=[engagement.workspace.slug, engagement.uuid])).content.decode()
        assert url("roadmap", engagement) in html


def test_the_page_takes_constant_queries(client, login, engagement, manager, m, chain, django_assert_max_num_queries):
    login(client, manager)
    client.get(url("roadmap", engagement))
    for k in range(20):
        make(manager, m["manager"], engagement, f"More {k}", dt.date(2026, 11, 1), dt.date(2026, 11, 2))
    with django_assert_max_num_queries(30):
        assert client.get(url("roadmap", engagement)).status_code == 200
