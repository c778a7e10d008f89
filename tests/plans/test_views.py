"""The plan's screens: start, answers, records (add, edit with a conflict, invalid input), brief, submit,
the client's review (request changes on a section, approve: the gate passes), versions, diff, exports."""
# ruff: noqa: F811 (the fixtures imported from plan_fixtures are the tests' arguments)

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.plans import queries, services
from cadence.plans.models import Answer, BriefAnswer, ChangeRequest, Channel, Competitor, Plan
from tests.plans.plan_fixtures import m, plan  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.set(dt.date(2026, 10, 20))


def url(name, engagement, *args):
    return reverse(f"plans:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


def test_a_manager_starts_the_plan_from_its_page(client, login, manager, engagement):
    login(client, manager)
    page = client.get(url("plan-overview", engagement))
    assert page.status_code == 200 and "Start the plan" in page.content.decode()
    r = client.post(url("plan-start", engagement))
    assert r.status_code == 302
    plan = Plan.objects.get(engagement=engagement)
    assert [(v.number, v.state) for v in plan.versions.all()] == [(1, "draft")]
    page = client.get(url("plan-overview", engagement)).content.decode()
    assert "Version 1 is a draft" in page and "Submit version 1 for review" in page


def test_the_answers_of_a_section_are_saved_and_rendered_safely(client, login, manager, plan, engagement):
    login(client, manager)
    r = client.post(url("plan-section", engagement, "situation"),
                    {"situation.business": "**Family bakery** <script>alert(1)</script>"})
    assert r.status_code == 302
    assert Answer.objects.get(plan=plan, key="situation.business").text.startswith("**Family bakery**")
    services.submit(actor=manager, membership=m_of(manager, engagement), plan=plan)
    page = client.get(url("plan-section", engagement, "situation")).content.decode()  # read mode now
    assert "<strong>Family bakery</strong>" in page
    assert "<script>alert(1)</script>" not in page


def m_of(user, engagement):
    from cadence.core.models import Membership

    return Membership.objects.get(user=user, workspace=engagement.workspace)


def test_a_stale_answer_is_refused_with_both_versions(client, login, manager, specialist, plan, engagement):
    services.save_answer(actor=manager, membership=m_of(manager, engagement), plan=plan, key="situation.offer",
                         text="Bread", expected_revision=None)
    login(client, specialist)
    form = client.get(url("plan-section", engagement, "situation")).content.decode()
    assert 'name="rev-situation.offer"' in form
    revision = Answer.objects.get(plan=plan, key="situation.offer").revision
    services.save_answer(actor=manager, membership=m_of(manager, engagement), plan=plan, key="situation.offer",
                         text="Bread and cakes", expected_revision=revision)
    r = client.post(url("plan-section", engagement, "situation"),
                    {"situation.offer": "Bread and pastries", "rev-situation.offer": str(revision)})
    body = r.content.decode()
    assert r.status_code == 200
    assert "Someone else saved this in the meantime" in body
    assert "Bread and cakes" in body and "Bread and pastries" in body
    assert Answer.objects.get(plan=plan, key="situation.offer").text == "Bread and cakes"


def test_a_record_is_added_edited_and_deleted(client, login, specialist, plan, engagement):
    login(client, specialist)
    page = client.get(url("record-new", engagement, "competitor"))
    assert page.status_code == 200
    r = client.post(url("record-new", engagement, "competitor"), {"name": "Paul", "summary": "Chain",
                                                                  "location": "Cluj", "website": ""})
    assert r.status_code == 302
    rival = Competitor.objects.get(plan=plan)
    section = client.get(url("plan-section", engagement, "situation")).content.decode()
    assert "Paul" in section and url("record-edit", engagement, "competitor", rival.uuid) in section
    r = client.post(url("record-edit", engagement, "competitor", rival.uuid),
                    {"name": "Paul Bakery", "summary": "Chain", "location": "Cluj", "website": "",
                     "revision": str(rival.revision)})
    assert r.status_code == 302
    rival.refresh_from_db()
    assert rival.name == "Paul Bakery"
    r = client.post(url("record-delete", engagement, "competitor", rival.uuid), {"revision": str(rival.revision)})
    assert r.status_code == 302 and not Competitor.objects.filter(plan=plan).exists()


def test_a_stale_record_edit_shows_both_versions_and_changes_nothing(client, login, manager, specialist, plan,
                                                                     engagement):
    rival = services.create_record(actor=manager, membership=m_of(manager, engagement), plan=plan,
                                   kind="competitor", data={"name": "Paul"})
    login(client, specialist)
    loaded = rival.revision
    services.update_record(actor=manager, membership=m_of(manager, engagement), plan=plan, kind="competitor",
                           uid=rival.uuid, data={"name": "Paul (chain)"}, expected_revision=loaded)
    r = client.post(url("record-edit", engagement, "competitor", rival.uuid),
                    {"name": "Paul SRL", "summary": "", "location": "", "website": "", "revision": str(loaded)})
    body = r.content.decode()
    assert r.status_code == 200 and "Someone else saved this in the meantime" in body
    assert "Paul (chain)" in body and "Paul SRL" in body
    rival.refresh_from_db()
    assert rival.name == "Paul (chain)"


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Enter a number."), ("ro", "Introduceți un număr."), ("ru", "Введите число."),
])
def test_invalid_input_is_shown_next_to_the_field_in_the_readers_language(client, login, manager, plan, engagement,
                                                                           language, message):
    login(client, manager)
    client.cookies["django_language"] = language
    r = client.post(url("record-new", engagement, "channel"),
                    {"name": "Instagram", "purpose": "main_sales", "content_types": "", "budget_share": "lots"})
    body = r.content.decode()
    assert r.status_code == 200 and message in body
    assert body.index('for="id_budget_share"') < body.index(message) < body.index('name="budget_share"')  # at its field
    assert not Channel.objects.filter(plan=plan).exists()


def test_a_share_over_100_is_refused_by_the_service_next_to_the_field(client, login, manager, plan, engagement):
    login(client, manager)
    r = client.post(url("record-new", engagement, "channel"),
                    {"name": "Instagram", "purpose": "main_sales", "content_types": "", "budget_share": "150"})
    body = r.content.decode()
    assert r.status_code == 200 and 'class="errorlist' in body
    assert not Channel.objects.filter(plan=plan).exists()


def test_the_approver_fills_the_brief_and_the_team_sees_it_in_situation(client, login, approver, manager, plan,
                                                                        engagement):
    login(client, approver)
    r = client.post(url("plan-brief", engagement), {"brief.products": "Sourdough bread", "brief.budget": "500 EUR"})
    assert r.status_code == 302
    assert BriefAnswer.objects.get(plan=plan, key="brief.products").text == "Sourdough bread"
    login(client, manager)
    page = client.get(url("plan-section", engagement, "situation")).content.decode()
    assert "From the client&#x27;s brief" in page or "From the client's brief" in page
    assert "Sourdough bread" in page and "Not answered in the brief yet" in page


def test_client_users_never_read_a_draft(client, login, viewer, manager, plan, engagement):
    services.save_answer(actor=manager, membership=m_of(manager, engagement), plan=plan, key="situation.offer",
                         text="Secret draft text", expected_revision=None)
    login(client, viewer)
    page = client.get(url("plan-overview", engagement)).content.decode()
    assert "Secret draft text" not in page and "still writing the plan" in page
    assert "Secret draft text" not in client.get(url("plan-section", engagement, "situation")).content.decode()
    assert client.get(url("version-detail", engagement, 1)).status_code == 404
    services.submit(actor=manager, membership=m_of(manager, engagement), plan=plan)
    assert "Secret draft text" in client.get(url("version-detail", engagement, 1)).content.decode()


def test_review_round_trip_request_changes_then_approve_passes_the_gate(client, login, approver, manager, plan,
                                                                         engagement):
    services.submit(actor=manager, membership=m_of(manager, engagement), plan=plan)
    login(client, approver)
    page = client.get(url("plan-overview", engagement)).content.decode()
    assert "Approve version 1" in page and "Request changes" in page
    # a request without its comment is refused next to the field, and nothing changes
    r = client.post(url("plan-review", engagement), {"number": "1", "decision": "changes", "section": "strategy",
                                                    "comment": ""})
    assert r.status_code == 400 and "Say what should change." in r.content.decode()
    assert not ChangeRequest.objects.exists()
    r = client.post(url("plan-review", engagement), {"number": "1", "decision": "changes", "section": "strategy",
                                                    "comment": "Add the cafés as a persona"})
    assert r.status_code == 302
    login(client, manager)
    section = client.get(url("plan-section", engagement, "strategy")).content.decode()
    assert "The client asked for changes here" in section and "Add the cafés as a persona" in section
    client.post(url("plan-submit", engagement))
    login(client, approver)
    r = client.post(url("plan-review", engagement), {"number": "1", "decision": "approve", "note": "Good"})
    assert r.status_code == 302
    gate = engagement.gates.get(key="plan_approved")
    assert gate.passed_on == dt.date(2026, 10, 20)
    assert queries.versions_of(plan)[0].state == "approved"


def test_versions_compare_record_by_record(client, login, manager, approver, plan, engagement):
    mm = m_of(manager, engagement)
    services.create_record(actor=manager, membership=mm, plan=plan, kind="competitor", data={"name": "Paul"})
    services.submit(actor=manager, membership=mm, plan=plan)
    services.approve(actor=approver, membership=m_of(approver, engagement), plan=plan, number=1)
    services.start_draft(actor=manager, membership=mm, plan=plan)
    services.create_record(actor=manager, membership=mm, plan=plan, kind="channel",
                           data={"name": "TikTok", "purpose": "news", "budget_share": Decimal(10)})
    services.submit(actor=manager, membership=mm, plan=plan)
    login(client, manager)
    page = client.get(url("version-compare", engagement) + "?a=1&b=2").content.decode()
    assert "From version 1 to version 2" in page and "TikTok" in page and "added" in page
    listing = client.get(url("version-list", engagement)).content.decode()
    assert url("version-export-pdf", engagement, 2) in listing


def test_the_goal_tree_names_the_missing_smart_letters(client, login, manager, plan, engagement):
    mm = m_of(manager, engagement)
    objective = services.create_record(actor=manager, membership=mm, plan=plan, kind="objective", data={
        "title": "More orders", "department": "sales", "smm_goal": "Reach", "horizon_start": dt.date(2026, 10, 1),
        "horizon_end": dt.date(2027, 3, 1), "acceptable": Decimal(1), "optimal": Decimal(2), "best": Decimal(3)})
    services.create_record(actor=manager, membership=mm, plan=plan, kind="smm_task", data={
        "objective": str(objective.uuid), "title": "Grow Instagram", "metric_key": "instagram.followers",
        "baseline": Decimal(100), "target": Decimal(50), "due": dt.date(2027, 1, 1)})
    login(client, manager)
    page = client.get(url("plan-goals", engagement)).content.decode()
    assert "Grow Instagram" in page
    assert "shorter than a year" in page  # T: the horizon
    assert "is not above the baseline" in page  # M: the target
    assert "serves none of the department" in page  # R
    assert "<svg" in page


def test_a_submitted_version_exports_as_pdf_docx_and_markdown(client, login, manager, viewer, plan, engagement):
    mm = m_of(manager, engagement)
    services.create_record(actor=manager, membership=mm, plan=plan, kind="competitor", data={"name": "Paul"})
    login(client, viewer)
    assert client.get(url("version-export-md", engagement, 1)).status_code == 404  # a draft: never for clients
    services.submit(actor=manager, membership=mm, plan=plan)
    pdf = client.get(url("version-export-pdf", engagement, 1))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(url("version-export-docx", engagement, 1))
    assert docx.status_code == 200 and docx.content.startswith(b"PK") and "attachment" in docx["Content-Disposition"]
    md = client.get(url("version-export-md", engagement, 1))
    assert md.status_code == 200 and "Paul" in md.content.decode()


@pytest.mark.parametrize("who", ["manager", "approver", "viewer"])
def test_the_engagement_page_links_to_its_plan(client, login, who, request, engagement):
    login(client, request.getfixturevalue(who))
    page = client.get(reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid]))
    assert page.status_code == 200
    assert f'href="{url("plan-overview", engagement)}"' in page.content.decode()


def test_the_client_page_and_the_navigation_lead_to_the_plans(client, login, manager, plan, engagement):
    login(client, manager)
    page = client.get(reverse("core:client-detail", args=[engagement.workspace.slug, engagement.client.uuid]))
    body = page.content.decode()
    assert url("plan-overview", engagement) in body and "version 1: Draft" in body
    assert reverse("plans:plan-list", args=[engagement.workspace.slug]) in body  # the main navigation
    listing = client.get(reverse("plans:plan-list", args=[engagement.workspace.slug])).content.decode()
    assert "Social &amp; ads retainer" in listing and url("plan-overview", engagement) in listing


def test_a_plan_saved_as_a_template_starts_another_engagements_plan(client, login, manager, owner, plan, engagement,
                                                                    workspace, client_obj):
    from cadence.engagements import services as eng
    from cadence.engagements.models import ProcessTemplate

    services.create_record(actor=manager, membership=m_of(manager, engagement), plan=plan, kind="competitor",
                           data={"name": "Paul"})
    login(client, manager)
    r = client.post(url("template-save", engagement), {"name": "Bakery plan"})
    assert r.status_code == 302
    other = eng.create_engagement(
        actor=owner, workspace=workspace, client=client_obj, template=ProcessTemplate.objects.get(
            workspace=workspace, key="retainer"), name="Second shop", start_date=dt.date(2026, 10, 5),
        monthly_hours=Decimal(20), country="RO", time_zone="Europe/Bucharest", currency="EUR", language="ro")
    client.post(url("plan-start", other))
    page = client.get(url("plan-overview", other)).content.decode()
    assert "Start from this template" in page and "Bakery plan" in page
    from cadence.plans.models import PlanTemplate

    template = PlanTemplate.objects.get(name="Bakery plan")
    r = client.post(url("template-start", other), {"plan_template": str(template.uuid)})
    assert r.status_code == 302
    assert Competitor.objects.filter(plan__engagement=other, name="Paul").exists()


def test_answers_posted_while_the_version_is_in_review_change_nothing(client, login, manager, plan, engagement):
    services.submit(actor=manager, membership=m_of(manager, engagement), plan=plan)
    login(client, manager)
    r = client.post(url("plan-section", engagement, "situation"), {"situation.business": "Late edit"}, follow=True)
    assert "is with the client for review" in r.content.decode()
    assert not Answer.objects.filter(plan=plan, key="situation.business").exists()


def test_a_section_page_makes_the_same_queries_whatever_its_records(client, login, manager, plan, engagement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, manager)
    mm = m_of(manager, engagement)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("plan-section", engagement, "situation")).status_code == 200
        return len(ctx.captured_queries)

    services.create_record(actor=manager, membership=mm, plan=plan, kind="competitor", data={"name": "A"})
    count()  # the first view stores the engagement's schedule (its stage dates); later ones read it
    few = count()
    for n in range(6):
        rival = services.create_record(actor=manager, membership=mm, plan=plan, kind="competitor",
                                       data={"name": f"Rival {n}"})
        services.create_record(actor=manager, membership=mm, plan=plan, kind="swot_item",
                               data={"competitor": str(rival.uuid), "quadrant": "strengths", "text": "Cheap"})
    assert count() == few


def test_a_child_record_is_added_from_its_parents_card(client, login, manager, plan, engagement):
    rival = services.create_record(actor=manager, membership=m_of(manager, engagement), plan=plan,
                                   kind="competitor", data={"name": "Paul"})
    login(client, manager)
    section = client.get(url("plan-section", engagement, "situation")).content.decode()
    link = url("record-new", engagement, "competitor_channel") + f"?parent={rival.uuid}"
    assert link in section
    form = client.get(link).content.decode()
    assert f'<option value="{rival.uuid}" selected>' in form


def test_the_strategy_page_lists_the_target_markets_holidays(client, login, manager, plan, engagement):
    services.create_record(actor=manager, membership=m_of(manager, engagement), plan=plan, kind="target_market",
                           data={"countries": ["RO", "MD"]})
    login(client, manager)
    page = client.get(url("plan-section", engagement, "strategy")).content.decode()
    assert "Public holidays in the target market" in page
    assert "National Day" in page and "Moldova" in page  # 1 December in Romania; Moldova's own holidays too
    assert page.index("National Day") > page.index("Public holidays in the target market")
    ro = client.get(url("plan-section", engagement, "strategy"), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    assert "Ziua Națională a României" in ro


def test_the_pdf_is_rendered_once_per_version_and_shows_the_timeline(client, login, manager, plan, engagement):
    from unittest import mock

    from cadence.plans.exports import files

    mm = m_of(manager, engagement)
    services.create_record(actor=manager, membership=mm, plan=plan, kind="competitor", data={"name": "Paul"})
    services.submit(actor=manager, membership=mm, plan=plan)
    login(client, manager)
    with mock.patch.object(files, "render_pdf", wraps=files.render_pdf) as render:
        first = client.get(url("version-export-pdf", engagement, 1)).content
        assert client.get(url("version-export-pdf", engagement, 1)).content == first
    assert render.call_count == 1
    assert "<svg" in render.call_args.kwargs["timeline_svg"]  # the engagement's Gantt, drawn by its one renderer


@pytest.mark.django_db(transaction=True)
def test_submitting_renders_the_files_in_the_background(manager, plan, engagement, django_capture_on_commit_callbacks):
    from unittest import mock

    from django.utils import translation

    from cadence.plans.exports import files

    mm = m_of(manager, engagement)
    with django_capture_on_commit_callbacks(execute=True), \
            mock.patch.object(files, "render_pdf", wraps=files.render_pdf) as render:
        services.submit(actor=manager, membership=mm, plan=plan)
    assert render.call_count == 1  # the immediate task backend ran the task after the commit
    version = plan.versions.get(number=1)
    engagement.refresh_from_db()
    with mock.patch.object(files, "render_pdf", side_effect=AssertionError("rendered again")), \
            translation.override("ru"):  # whoever asks, in whatever language: the plan's own file
        assert files.export_file(engagement, version, "pdf").startswith(b"%PDF")  # from the cache


def test_a_conflict_on_one_answer_saves_none_of_the_sections_answers(client, login, manager, specialist, plan,
                                                                      engagement):
    services.save_answer(actor=specialist, membership=m_of(specialist, engagement), plan=plan,
                         key="situation.offer", text="theirs", expected_revision=None)
    login(client, manager)
    r = client.post(url("plan-section", engagement, "situation"),
                    {"situation.business": "mine", "situation.offer": "mine too"})  # loaded before "theirs"
    assert r.status_code == 200 and "Someone else saved this in the meantime" in r.content.decode()
    assert not Answer.objects.filter(plan=plan, key="situation.business").exists()
    assert Answer.objects.get(plan=plan, key="situation.offer").text == "theirs"


def test_a_version_sent_back_for_changes_has_no_files(client, login, manager, approver, plan, engagement):
    mm = m_of(manager, engagement)
    services.create_record(actor=manager, membership=mm, plan=plan, kind="competitor", data={"name": "Paul"})
    services.submit(actor=manager, membership=mm, plan=plan)
    services.request_changes(actor=approver, membership=m_of(approver, engagement), plan=plan, number=1,
                             section="situation", comment="Add a second competitor")
    login(client, manager)
    assert client.get(url("version-export-md", engagement, 1)).status_code == 404
    assert url("version-export-pdf", engagement, 1) not in client.get(url("version-list", engagement)).content.decode()


def test_the_budget_total_is_not_ok_while_a_channel_has_no_share(client, login, manager, plan, engagement):
    mm = m_of(manager, engagement)
    services.create_record(actor=manager, membership=mm, plan=plan, kind="channel",
                           data={"name": "Instagram", "purpose": "main_sales", "budget_share": "100"})
    services.create_record(actor=manager, membership=mm, plan=plan, kind="channel",
                           data={"name": "TikTok", "purpose": "news"})
    login(client, manager)
    page = client.get(url("plan-section", engagement, "tactics")).content.decode()
    assert 'class="num bad"' in page
