"""The engagement page (team and client views), the Gantt SVG, phase completion and gates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from cadence.engagements import readmodels
from cadence.engagements.models import EngagementGate, EngagementPhase, TimeEntry

TODAY = dt.date(2026, 11, 23)  # month 3 of the fixture engagement (starts 2026-09-07)


@pytest.fixture(autouse=True)
def frozen_today(clock):
    clock.set(TODAY)


def url(name, engagement, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"workspace": engagement.workspace.slug,
                                                  "engagement": engagement.uuid, **kwargs})


def log(engagement, user, phase_key, day, hours):
    phase = engagement.phases.get(key=phase_key)
    return TimeEntry.objects.create(workspace=engagement.workspace, engagement=engagement, user=user, phase=phase,
                                    date=day, hours=Decimal(hours))


# --- engagement page --------------------------------------------------------------------------

def test_it_shows_the_engagement_page_to_a_manager(client, login, manager, engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)  # research has started: its gate can be recorded
    login(client, manager)
    r = client.get(url("engagement-detail", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Social &amp; ads retainer" in body
    assert "<svg" in body and 'role="img"' in body
    for p in engagement.phases.all():
        assert p.name in body
    assert "Marketing plan approved" in body
    assert reverse("engagements:gate-record", kwargs={"workspace": "agency-one", "engagement": engagement.uuid,
                                                      "gate": "plan_approved"}) in body
    assert url("engagement-edit", engagement) in body
    assert "What moved and why" in body
    assert "Hours by month" in body


def test_it_shows_the_client_view_to_a_client_user(client, login, viewer, engagement):
    login(client, viewer)
    r = client.get(url("engagement-detail", engagement))
    assert r.status_code == 200
    body = r.content.decode()
    assert "engagements/engagement_client.html" in [t.name for t in r.templates]
    research = engagement.phases.get(key="research")
    assert research.description[:40] in body  # the plain-language explanation
    assert "<svg" in body
    assert url("engagement-edit", engagement) not in body
    assert "gate-record" not in body and "/gates/" not in body
    assert "Record as passed" not in body
    assert url("engagement-history", engagement) not in body


def test_it_explains_phases_in_the_client_language(client, login, viewer, engagement):
    viewer.language = "ro"
    viewer.save()
    login(client, viewer)
    r = client.get(url("engagement-detail", engagement), HTTP_ACCEPT_LANGUAGE="ro")
    assert r.status_code == 200
    assert 'lang="ro"' in r.content.decode()


def test_it_hides_the_engagement_from_a_client_of_another_client(client, login, workspace, other_client, viewer, owner):
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    other = services.create_engagement(
        actor=owner, workspace=workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=workspace, key="retainer"), name="Other",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(20), country="MD", time_zone="Europe/Chisinau",
        currency="MDL", language="ru")
    login(client, viewer)
    assert client.get(url("engagement-detail", other)).status_code == 404
    assert client.get(url("engagement-gantt", other)).status_code == 404


def test_it_hides_the_engagement_from_outsiders(client, login, outsider, engagement):
    login(client, outsider)
    assert client.get(url("engagement-detail", engagement)).status_code == 404
    assert client.get(url("engagement-gantt", engagement)).status_code == 404


def test_it_sends_anonymous_users_to_sign_in(client, engagement):
    r = client.get(url("engagement-detail", engagement))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_it_refuses_post_on_the_page(client, login, manager, engagement):
    login(client, manager)
    assert client.post(url("engagement-detail", engagement)).status_code == 405


def test_it_says_what_moved_and_why(client, login, manager, specialist, engagement):
    # Research took 40 h instead of 32: everything after it moves.
    for day, hours in [(dt.date(2026, 9, 8), 20), (dt.date(2026, 9, 9), 20)]:
        log(engagement, specialist, "research", day, hours)
    login(client, manager)
    body = client.get(url("engagement-detail", engagement)).content.decode()
    assert "more than its estimate of 32 h" in body
    assert "<del>" in body and "<ins>" in body


def test_it_warns_on_the_page_at_80_percent(client, login, manager, specialist, engagement):
    log(engagement, specialist, "research", dt.date(2026, 11, 9), 20)
    log(engagement, specialist, "research", dt.date(2026, 11, 10), 13)
    login(client, manager)
    body = client.get(url("engagement-detail", engagement)).content.decode()
    assert "82 % of this month&#x27;s hours are used" in body or "82 % of this month's hours are used" in body
    assert "level-warning" in body


def test_its_queries_do_not_grow_with_the_time_logged(client, login, manager, specialist, engagement,
                                                      django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, manager)

    def count(n):
        TimeEntry.objects.filter(engagement=engagement).delete()
        research = engagement.phases.get(key="research")
        day = dt.date(2026, 9, 7)
        rows = []
        for i in range(n):
            d = day + dt.timedelta(days=i % 60)
            rows.append(TimeEntry(workspace=engagement.workspace, engagement=engagement, user=specialist,
                                  phase=research, date=d, hours=Decimal("0.25")))
        TimeEntry.objects.bulk_create(rows)
        readmodels.rebuild(engagement)  # bulk_create bypasses TimeEntry.save: the month summaries and
        readmodels.bump_revision(engagement)  # the revision follow by hand, as a script would do
        with CaptureQueriesContext(connection) as computed:  # a new revision: the schedule is computed
            assert client.get(url("engagement-detail", engagement)).status_code == 200
        with CaptureQueriesContext(connection) as stored:  # the same revision and day: the stored one
            assert client.get(url("engagement-detail", engagement)).status_code == 200
        return len(computed), len(stored)

    count(1)  # the first schedule stored inserts its row; later ones update it
    few, many = count(5), count(50)
    assert few == many
    assert few[1] < few[0]  # the stored schedule spares the reads of the entries
    with django_assert_max_num_queries(25):
        client.get(url("engagement-detail", engagement))


# --- the SVG ---------------------------------------------------------------------------------

def test_it_serves_the_gantt_as_svg(client, login, specialist, engagement):
    engagement.language = "en"  # the downloadable timeline is in the engagement's language
    engagement.save()
    login(client, specialist)
    r = client.get(url("engagement-gantt", engagement))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)
    assert root.tag.endswith("svg")
    assert b"Campaign launch" in r.content


def test_it_serves_the_gantt_to_the_client(client, login, viewer, engagement):
    login(client, viewer)
    assert client.get(url("engagement-gantt", engagement)).status_code == 200


@pytest.mark.parametrize(("fmt", "content_type", "magic"), [
    ("png", "image/png", b"\x89PNG"), ("pdf", "application/pdf", b"%PDF"), ("svg", "image/svg+xml", b"<?xml")])
def test_a_client_user_downloads_the_timeline(client, login, viewer, engagement, fmt, content_type, magic):
    login(client, viewer)
    r = client.get(url(f"engagement-timeline-{fmt}", engagement))
    assert r.status_code == 200
    assert r["Content-Type"].startswith(content_type)
    assert r.content.startswith(magic)
    slug = engagement.name.lower().replace(" & ", "-").replace(" ", "-")
    assert r["Content-Disposition"] == f'attachment; filename="{slug}-timeline-{TODAY.isoformat()}.{fmt}"'


def test_the_svg_download_has_the_engagement_client_date_and_legend(client, login, manager, engagement):
    engagement.language = "en"
    engagement.save()
    login(client, manager)
    root = ET.fromstring(client.get(url("engagement-timeline-svg", engagement)).content)
    texts = [" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == engagement.name
    assert texts[1] == f"Client: {engagement.client.name}"
    assert texts[2] == "Timeline as of Nov. 23, 2026"
    assert "Today, 23 Nov 2026" in texts
    assert "hours logged (done)" in texts and "planned" in texts and "gate expected" in texts


def test_the_download_is_in_the_engagements_language(client, login, manager, engagement):
    engagement.language = "ru"
    engagement.save()
    login(client, manager)
    body = client.get(url("engagement-timeline-svg", engagement)).content.decode()
    assert "ноя 2026" in body  # Django's own Russian month abbreviation, lower case


def test_the_page_links_the_downloads(client, login, viewer, manager, engagement):
    for user in (viewer, manager):
        login(client, user)
        body = client.get(url("engagement-detail", engagement)).content.decode()
        for fmt in ("png", "pdf", "svg"):
            assert url(f"engagement-timeline-{fmt}", engagement) in body
        assert 'class="gantt-names"' in body and 'class="gantt-scroll gantt-m' in body


def test_the_page_timeline_covers_twelve_months_from_the_start(client, login, manager, engagement):
    login(client, manager)
    chart = client.get(url("engagement-detail", engagement)).context["gantt"].chart
    months = [m for m in chart.split('data-month="')[1:]]
    assert months[0].startswith("2026-09-01") and months[-1].startswith("2027-09-01")


def test_it_refuses_post_on_the_gantt(client, login, manager, engagement):
    login(client, manager)
    assert client.post(url("engagement-gantt", engagement)).status_code == 405


# --- phase completion --------------------------------------------------------------------------

def test_it_marks_a_phase_completed_and_reopens_it(client, login, manager, engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    login(client, manager)
    target = url("phase-complete", engagement, phase="research")
    r = client.post(target, {"completed_on": "2026-10-01"})
    assert r.status_code == 302
    assert engagement.phases.get(key="research").completed_on == dt.date(2026, 10, 1)
    client.post(target, {"reopen": "1"})
    assert engagement.phases.get(key="research").completed_on is None


def test_it_refuses_a_completion_date_in_the_future(client, login, manager, engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    login(client, manager)
    r = client.post(url("phase-complete", engagement, phase="research"), {"completed_on": "2026-12-20"}, follow=True)
    assert engagement.phases.get(key="research").completed_on is None
    assert "cannot be completed in the future" in r.content.decode()


def test_it_lets_only_managers_complete_phases(client, login, specialist, viewer, engagement):
    target = url("phase-complete", engagement, phase="research")
    for user in (specialist, viewer):
        login(client, user)
        assert client.post(target, {"completed_on": "2026-10-01"}).status_code == 403
    assert engagement.phases.get(key="research").completed_on is None


def test_it_answers_404_for_an_unknown_phase_and_405_for_get(client, login, manager, engagement):
    login(client, manager)
    assert client.post(url("phase-complete", engagement, phase="nope"), {}).status_code == 404
    assert client.get(url("phase-complete", engagement, phase="research")).status_code == 405


def test_it_hides_phase_completion_from_outsiders(client, login, outsider, engagement):
    login(client, outsider)
    assert client.post(url("phase-complete", engagement, phase="research"), {}).status_code == 404
    assert EngagementPhase.objects.get(engagement=engagement, key="research").completed_on is None


# --- gates --------------------------------------------------------------------------------------

def test_it_records_a_gate_and_reopens_it(client, login, manager, engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    login(client, manager)
    target = url("gate-record", engagement, gate="plan_approved")
    assert client.post(target, {"passed_on": "2026-10-05", "approved_by": "Ion Popescu, director",
                                "note": "Signed PDF"}).status_code == 302
    gate = engagement.gates.get(key="plan_approved")
    assert gate.passed_on == dt.date(2026, 10, 5) and gate.recorded_by == manager
    assert (gate.approved_by, gate.note) == ("Ion Popescu, director", "Signed PDF")
    body = client.get(url("engagement-detail", engagement)).content.decode()
    assert "Reopen" in body and "approved by Ion Popescu, director" in body
    r = client.post(target, {"reopen": "1"}, follow=True)  # no reason: refused
    assert engagement.gates.get(key="plan_approved").passed_on == dt.date(2026, 10, 5)
    assert "Say why the gate is reopened" in r.content.decode()
    client.post(target, {"reopen": "1", "reason": "The client asked for changes to the plan"})
    assert engagement.gates.get(key="plan_approved").passed_on is None


def test_it_refuses_a_gate_date_before_the_start(client, login, manager, engagement):
    login(client, manager)
    r = client.post(url("gate-record", engagement, gate="plan_approved"), {"passed_on": "2026-01-01"}, follow=True)
    assert engagement.gates.get(key="plan_approved").passed_on is None
    assert "before the engagement starts" in r.content.decode()


def test_it_refuses_a_bad_gate_date(client, login, manager, engagement):
    login(client, manager)
    client.post(url("gate-record", engagement, gate="plan_approved"), {"passed_on": "not-a-date"})
    assert engagement.gates.get(key="plan_approved").passed_on is None


def test_it_lets_only_gate_recorders_record_gates(client, login, specialist, approver, outsider, engagement):
    target = url("gate-record", engagement, gate="plan_approved")
    for user, status in ((specialist, 403), (approver, 403), (outsider, 404)):
        login(client, user)
        assert client.post(target, {"passed_on": "2026-10-05"}).status_code == status
    assert EngagementGate.objects.get(engagement=engagement, key="plan_approved").passed_on is None


def test_it_refuses_get_on_gates(client, login, manager, engagement):
    login(client, manager)
    assert client.get(url("gate-record", engagement, gate="plan_approved")).status_code == 405
    assert client.post(url("gate-record", engagement, gate="nope"), {}).status_code == 404


def test_the_client_view_counts_the_hours_with_a_plural_form(client, login, viewer, engagement):
    # the hours filter prints the unit ("40 h"); the sentence around it still agrees with the amount
    login(client, viewer)
    assert "the 40 h a month in your contract set the pace" in client.get(url("engagement-detail", engagement)) \
        .content.decode()
    engagement.contract_terms.update(monthly_hours=Decimal(1))  # the hours a month live in the contract terms
    readmodels.bump_revision(engagement)  # as the services do on every write of the terms
    assert "the 1 h a month in your contract sets the pace" in client.get(url("engagement-detail", engagement)) \
        .content.decode()


@pytest.mark.parametrize(("value", "count"), [(Decimal("40.00"), 40), (Decimal(1), 1), (Decimal("37.5"), 2),
                                              (Decimal("0.5"), 2), ("lots", 0), (Decimal("NaN"), 0), (21, 21)])
def test_plural_count_picks_the_form_of_an_amount(value, count):
    from cadence.engagements.templatetags.cadence_tags import plural_count

    assert plural_count(value) == count


def test_without_cairo_the_png_is_refused_politely(client, login, viewer, engagement, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "cairosvg", None)  # as if the system library were missing
    login(client, viewer)
    r = client.get(url("engagement-timeline-png", engagement))
    assert r.status_code == 503 and b"download the SVG" in r.content
    assert client.get(url("engagement-timeline-svg", engagement)).status_code == 200


def test_a_cyrillic_engagement_name_gives_a_readable_file_name(client, login, viewer, engagement):
    engagement.name = "Привлечение студентов"
    engagement.save()
    login(client, viewer)
    header = client.get(url("engagement-timeline-pdf", engagement))["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    from urllib.parse import quote

    assert header.endswith(quote(f"привлечение-студентов-timeline-{TODAY.isoformat()}.pdf"))


# --- phases that finish below their estimate -----------------------------------------------------

def _research_then_infrastructure(engagement, manager):
    """30.5 of research's 32 h in September, the plan approved, then the team moved on to infrastructure."""
    days = [dt.date(2026, 9, d) for d in (8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 28, 29)]
    for day in days[:15]:
        log(engagement, manager, "research", day, 2)
    log(engagement, manager, "research", days[15], "0.5")
    gate = engagement.gates.get(key="plan_approved")
    gate.passed_on = dt.date(2026, 10, 1)
    gate.save()
    for day in (dt.date(2026, 10, 5), dt.date(2026, 10, 12), dt.date(2026, 11, 2)):
        log(engagement, manager, "infrastructure", day, 4)
    return days[15]  # 29 September, research's last day of work


def test_it_asks_the_manager_whether_a_phase_left_below_its_estimate_is_finished(client, login, manager, engagement):
    from cadence.core.models import AuditEntry

    last = _research_then_infrastructure(engagement, manager)
    login(client, manager)
    r = client.get(url("engagement-detail", engagement))
    body = r.content.decode()
    assert "Is this phase finished?" in body and "Awaiting confirmation" in body
    assert "has 30.5 h of its 32 h estimate" in body
    research = next(row for row in r.context["phase_rows"] if row.result.key == "research")
    assert research.result.end == last  # not stretched to today (23 November)
    assert [row.result.key for row in r.context["awaiting"]] == ["research"]
    assert url("phase-keep-open", engagement, phase="research") in body
    # "Mark completed on 29 September": it ends on its last day of work, the unused 1.5 h are recorded
    client.post(url("phase-complete", engagement, phase="research"), {"completed_on": last.isoformat()})
    assert engagement.phases.get(key="research").completed_on == last
    entry = AuditEntry.objects.filter(action="phase.completed").latest("id")
    assert entry.changes["unused_hours"] == "1.50" or Decimal(str(entry.changes["unused_hours"])) == Decimal("1.5")
    r = client.get(url("engagement-detail", engagement))
    assert "Is this phase finished?" not in r.content.decode()
    assert "1.5 h of the estimate unused" in r.content.decode()


def test_keeping_the_phase_open_plans_its_hours_from_today_and_is_not_asked_again(client, login, manager,
                                                                                  engagement):
    from cadence.core.models import AuditEntry

    _research_then_infrastructure(engagement, manager)
    login(client, manager)
    assert client.post(url("phase-keep-open", engagement, phase="research")).status_code == 302
    assert engagement.phases.get(key="research").keep_open_since == TODAY
    assert AuditEntry.objects.filter(action="phase.kept_open").count() == 1
    r = client.get(url("engagement-detail", engagement))
    assert "Is this phase finished?" not in r.content.decode()
    research = next(row for row in r.context["phase_rows"] if row.result.key == "research")
    assert research.result.status == "in_progress" and research.result.planned_hours == Decimal("1.50")
    assert research.result.end >= TODAY


def test_only_managers_answer_the_question(client, login, manager, specialist, viewer, outsider, engagement):
    target = url("phase-keep-open", engagement, phase="research")
    for user, status in ((specialist, 403), (viewer, 403), (outsider, 404)):
        login(client, user)
        assert client.post(target).status_code == status
    assert engagement.phases.get(key="research").keep_open_since is None
    login(client, manager)
    assert client.get(target).status_code == 405


def test_mark_completed_is_offered_only_where_it_means_something(client, login, manager, engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    log(engagement, manager, "optimisation", dt.date(2026, 9, 9), 1)  # a continuous phase with hours
    login(client, manager)
    r = client.get(url("engagement-detail", engagement))
    offered = {row.result.key for row in r.context["phase_rows"] if row.can_complete}
    assert offered == {"research"}  # not continuous optimisation, not the phases with no hours
    log(engagement, manager, "research", dt.date(2026, 9, 10), 30)  # 32 h: done by its hours, nothing to mark
    r = client.get(url("engagement-detail", engagement))
    assert not any(row.can_complete for row in r.context["phase_rows"])
    # and the service refuses the others with the reason
    r = client.post(url("phase-complete", engagement, phase="optimisation"), {"completed_on": "2026-10-01"},
                    follow=True)
    assert "cannot be marked completed" in r.content.decode()
    r = client.post(url("phase-complete", engagement, phase="campaigns"), {"completed_on": "2026-10-01"}, follow=True)
    assert "nothing to mark completed" in r.content.decode()
    assert not engagement.phases.exclude(completed_on=None).exists()


# --- gates in order --------------------------------------------------------------------------------

def test_a_gate_cannot_be_recorded_before_its_phase_has_started(client, login, manager, engagement):
    login(client, manager)
    body = client.get(url("engagement-detail", engagement)).content.decode()
    assert "It can be recorded once" in body
    assert url("gate-record", engagement, gate="plan_approved") not in body
    r = client.post(url("gate-record", engagement, gate="plan_approved"),
                    {"passed_on": "2026-10-05", "approved_by": "Ion Popescu, director"}, follow=True)
    assert engagement.gates.get(key="plan_approved").passed_on is None
    assert "which has not started: no hours are logged on it" in r.content.decode()
    # once research has hours, not before its first day of work
    log(engagement, manager, "research", dt.date(2026, 9, 14), 2)
    r = client.post(url("gate-record", engagement, gate="plan_approved"),
                    {"passed_on": "2026-09-10", "approved_by": "Ion Popescu, director"}, follow=True)
    assert engagement.gates.get(key="plan_approved").passed_on is None
    assert "it cannot pass before that" in r.content.decode()


def test_recording_the_plan_approval_asks_who_approved_it_on_the_client_side(client, login, manager, engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    login(client, manager)
    body = client.get(url("engagement-detail", engagement)).content.decode()
    assert 'name="approved_by"' in body and "Approved by (client side)" in body
    r = client.post(url("gate-record", engagement, gate="plan_approved"), {"passed_on": "2026-10-05"}, follow=True)
    assert engagement.gates.get(key="plan_approved").passed_on is None
    assert "Say who approved it on the client" in r.content.decode()


def test_clients_see_that_a_gate_passed_and_when_but_no_notes_or_staff_names(client, login, manager, viewer,
                                                                           engagement):
    from cadence.engagements import services

    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    services.record_gate(actor=manager, gate=engagement.gates.get(key="plan_approved"),
                         passed_on=dt.date(2026, 10, 5), note="Internal: they haggled on the budget",
                         approved_by="Ion Popescu, director")
    login(client, viewer)
    body = client.get(url("engagement-detail", engagement)).content.decode()
    assert "confirmed on" in body
    assert "haggled" not in body and "Mihai Manager" not in body and manager.email not in body


# --- the client's approval (client.approve) ------------------------------------------------------

def test_the_client_approver_confirms_the_plan_and_the_viewer_cannot(client, login, manager, approver, viewer,
                                                                    engagement):
    from cadence.core.models import AuditEntry

    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    target = url("gate-approve", engagement, gate="plan_approved")
    login(client, approver)  # the plan is not written yet: nothing to confirm on the page
    assert target not in client.get(url("engagement-detail", engagement)).content.decode()
    log(engagement, manager, "research", dt.date(2026, 9, 9), 30)  # research done: the plan awaits the client
    login(client, viewer)
    assert target not in client.get(url("engagement-detail", engagement)).content.decode()
    assert client.post(target, {"note": "ok"}).status_code == 403
    assert engagement.gates.get(key="plan_approved").passed_on is None
    login(client, approver)
    assert target in client.get(url("engagement-detail", engagement)).content.decode()
    r = client.post(target, {"note": "Approved in our board meeting"}, follow=True)
    assert r.status_code == 200
    gate = engagement.gates.get(key="plan_approved")
    assert gate.passed_on == TODAY and gate.recorded_by == approver and gate.approved_by == "Ana Approver"
    assert AuditEntry.objects.filter(action="gate.client_approved", actor=approver).count() == 1
    # a checkpoint the agency records is not the client's to confirm
    r = client.post(url("gate-approve", engagement, gate="materials_ready"), follow=True)
    assert engagement.gates.get(key="materials_ready").passed_on is None
    assert "not for the client to confirm" in r.content.decode()


def test_the_agency_staff_cannot_use_the_client_s_approval(client, login, manager, owner, outsider, approver,
                                                            engagement):
    log(engagement, manager, "research", dt.date(2026, 9, 8), 2)
    target = url("gate-approve", engagement, gate="plan_approved")
    for user, status in ((manager, 403), (owner, 403), (outsider, 404)):
        login(client, user)
        assert client.post(target).status_code == status
    assert engagement.gates.get(key="plan_approved").passed_on is None
    # GET approves nothing: 403 for whoever lacks client.approve (checked first), 405 for the approver
    login(client, manager)
    assert client.get(target).status_code == 403
    login(client, approver)
    assert client.get(target).status_code == 405


# --- the Gantt and the contract, the Gantt and a phase awaiting confirmation ------------------------

def test_the_page_timeline_covers_the_contract_and_marks_its_end(client, login, manager, engagement):
    engagement.contract_months = 18
    engagement.save()
    login(client, manager)
    gantt = client.get(url("engagement-detail", engagement)).context["gantt"]
    months = [m[:10] for m in gantt.chart.split('data-month="')[1:]]
    assert months[0] == "2026-09-01" and months[-1] == "2028-03-01"  # 7 Sep 2026 + 18 months - 1 day
    root = ET.fromstring(gantt.chart)
    ends = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "contract-end"]
    assert len(ends) == 1 and "End of the contract" in "".join(ends[0].itertext())
    assert "contract_end" in [kind for kind, _label in gantt.legend]
    # the download covers the same months
    svg = client.get(url("engagement-timeline-svg", engagement)).content.decode()
    assert 'data-month="2028-03-01"' in svg and 'data-month="2028-04-01"' not in svg and 'class="contract-end"' in svg


def test_an_open_ended_contract_gets_twelve_months_and_no_contract_end(client, login, manager, engagement):
    engagement.contract_months = None
    engagement.save()
    login(client, manager)
    gantt = client.get(url("engagement-detail", engagement)).context["gantt"]
    assert gantt.chart.split('data-month="')[-1].startswith("2027-09-01")
    assert 'class="contract-end"' not in gantt.chart
    assert "contract_end" not in [kind for kind, _label in gantt.legend]


def test_the_page_timeline_flags_a_phase_awaiting_confirmation_in_the_chart_and_the_legend(client, login, manager,
                                                                                          viewer, engagement):
    _research_then_infrastructure(engagement, manager)
    for user in (manager, viewer):
        login(client, user)
        r = client.get(url("engagement-detail", engagement))
        gantt = r.context["gantt"]
        research = ET.fromstring(gantt.chart).find(".//svg:g[@data-phase='research']",
                                                   {"svg": "http://www.w3.org/2000/svg"})
        assert research is not None and research.get("data-status") == "awaiting"
        assert any(b.get("stroke-dasharray") == "4 2" for b in research.iter("{http://www.w3.org/2000/svg}rect"))
        assert ("waiting", "awaiting a gate or a confirmation") in gantt.legend
        assert "awaiting a gate or a confirmation" in r.content.decode()
