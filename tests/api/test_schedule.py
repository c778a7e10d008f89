"""The computed schedule, the hours table and the history, as JSON."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from cadence.core.models import Membership
from cadence.engagements import queries, reasons
from cadence.engagements import services as eng_services
from tests.api import TODAY, api_fixture, fast_fixture  # noqa: F401

PHASE_FIELDS = {"key", "name", "kind", "category", "start", "end", "end_min", "end_max", "hours", "logged_hours",
                "planned_hours", "status", "ongoing", "waiting_for", "baseline_start", "baseline_end", "reasons",
                "start_shift", "end_shift", "awaiting_confirmation", "unused_hours"}


def url(engagement, suffix):
    return f"/workspaces/agency-one/engagements/{engagement.uuid}/{suffix}"


def test_it_returns_the_same_schedule_the_engine_computes(api, specialist, engagement):
    body = api(specialist).get(url(engagement, "schedule")).json()
    schedule = queries.schedule_for(engagement, TODAY)
    assert body["today"] == TODAY.isoformat()
    assert [p["key"] for p in body["phases"]] == [p.key for p in schedule.phases]
    for got, want in zip(body["phases"], schedule.phases, strict=True):
        assert set(got) == PHASE_FIELDS
        assert got["start"] == (want.start.isoformat() if want.start else None)
        assert got["end"] == (want.end.isoformat() if want.end else None)
        assert Decimal(str(got["hours"])) == want.hours
    assert [(g["key"], g["status"]) for g in body["gates"]] == [(g.key, g.status) for g in schedule.gates]
    first = body["months"][0]
    assert (first["index"], first["start"], first["end"]) == (1, "2026-09-07", "2026-10-06")
    assert first["contracted_hours"] == 40
    assert {"working_days", "planned_hours", "logged_hours"} <= set(first)


def test_it_explains_why_dates_moved_in_the_callers_language(api, specialist, viewer, engagement):
    # nothing was logged in months 1-3: research is behind its plan and says so
    body = api(specialist).get(url(engagement, "schedule"), HTTP_ACCEPT_LANGUAGE="ro").json()
    research = body["phases"][0]
    assert research["reasons"], research
    schedule = queries.schedule_for(engagement, TODAY)

    def names_in(lang):
        with translation.override(lang):
            return ({p.key: queries.tr(p.name) for p in schedule.phases},
                    {g.key: queries.tr(g.name) for g in schedule.gates})

    first = research["reasons"][0]
    names, gates = names_in("ro")
    with translation.override("ro"):
        expected = reasons.explain(schedule.phases[0].reasons[0], phase_names=names, gate_names=gates)
    assert first["message"] == expected
    assert first["code"] == schedule.phases[0].reasons[0].code
    assert first["params"]["phase"] == "research"
    # a client user gets the plain-language sentence meant for clients
    client_body = api(viewer).get(url(engagement, "schedule")).json()
    names, gates = names_in("en")
    with translation.override("en"):
        plain = reasons.explain(schedule.phases[0].reasons[0], phase_names=names, gate_names=gates, audience="client")
    assert client_body["phases"][0]["reasons"][0]["message"] == plain


def test_it_returns_the_hours_table(api, approver, specialist, workspace, engagement):
    membership = Membership.objects.get(workspace=workspace, user=specialist)
    for day, hours in ((9, 20), (10, 13)):
        eng_services.log_time(actor=specialist, membership=membership, engagement=engagement,
                              phase=engagement.phases.get(key="research"), date=dt.date(2026, 11, day),
                              hours=Decimal(hours))
    rows = api(approver).get(url(engagement, "hours")).json()
    current = [r for r in rows if r["is_current"]]
    assert [r["index"] for r in current] == [3]
    assert (current[0]["logged"], current[0]["available"], current[0]["level"]) == (33, 40, "warning")
    assert current[0]["usage_percent"] == 82
    assert rows[0]["start"] == "2026-09-07" and rows[0]["end"] == "2026-10-06"


def test_it_returns_the_history_newest_first(api, manager, engagement):
    a = api(manager)
    a.patch(f"/workspaces/agency-one/engagements/{engagement.uuid}", {"name": "Renamed"})
    body = a.get(url(engagement, "history")).json()
    assert [e["action"] for e in body["items"]] == ["engagement.updated", "engagement.created"]
    assert body["items"][0]["changes"]["name"] == ["Social & ads retainer", "Renamed"]
    assert body["items"][0]["actor"] == "Mihai Manager"
