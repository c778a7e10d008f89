"""Client users read the API without the team's internal notes and staff names (issue 6)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cadence.engagements import services as eng_services
from tests.api import api_fixture, fast_fixture  # noqa: F401

E = "/workspaces/agency-one/engagements/{}"
SECRET_NOTE = "Internal: client was slow again"


@pytest.fixture
def recorded_gate(owner, engagement):
    from cadence.core.models import Membership

    # A gate is recorded once the phase before it has started.
    eng_services.log_time(actor=owner, membership=Membership.objects.get(user=owner, workspace=engagement.workspace),
                          engagement=engagement, phase=engagement.phases.get(key="research"),
                          date=dt.date(2026, 11, 2), hours=2)
    gate = engagement.gates.get(key="plan_approved")
    eng_services.record_gate(actor=owner, gate=gate, passed_on=dt.date(2026, 11, 20), note=SECRET_NOTE,
                             approved_by="Ion Popescu, director")
    return gate


@pytest.mark.parametrize("role", ["approver", "viewer"])
def test_client_users_get_gates_without_note_or_recorder(request, api, recorded_gate, engagement, role):
    user = request.getfixturevalue(role)
    response = api(user).get(E.format(engagement.uuid) + "/gates")
    assert response.status_code == 200
    gates = {g["key"]: g for g in response.json()}
    assert gates["plan_approved"]["passed_on"] == "2026-11-20"
    for gate in gates.values():
        assert "note" not in gate and "recorded_by" not in gate
    assert SECRET_NOTE not in response.content.decode()


def test_the_team_still_gets_the_note_and_the_recorder(api, specialist, recorded_gate, engagement):
    gates = {g["key"]: g for g in api(specialist).get(E.format(engagement.uuid) + "/gates").json()}
    assert (gates["plan_approved"]["note"], gates["plan_approved"]["recorded_by"]) == (SECRET_NOTE, "Olga Owner")


@pytest.mark.parametrize("role", ["approver", "viewer"])
def test_no_answer_to_a_client_user_names_staff_or_internal_notes(request, api, recorded_gate, engagement, owner,
                                                                   manager, specialist, role):
    from cadence.core.models import Membership

    membership = Membership.objects.get(user=manager)
    phase = engagement.phases.get(key="research")
    eng_services.log_time(actor=specialist, membership=Membership.objects.get(user=specialist),
                          engagement=engagement, phase=phase, date=dt.date(2026, 11, 9), hours=2,
                          note="Secret research note")
    eng_services.add_override(actor=manager, engagement=engagement, month=3, extra_hours=2, reason="Launch week")
    assert membership.role == "manager"
    a = api(request.getfixturevalue(role))
    seen = []
    for suffix in ("", "/phases", "/gates", "/schedule", "/hours", "/history", "/time-entries"):
        response = a.get(E.format(engagement.uuid) + suffix)
        if response.status_code == 200:
            seen.append(suffix)
            text = json.dumps(response.json(), ensure_ascii=False)
            for secret in (SECRET_NOTE, "Secret research note", "Olga Owner", "Mihai Manager", "Sofia Specialist",
                           "@agency.test"):
                assert secret not in text, (suffix, secret)
        else:
            assert response.status_code in (403, 404), (suffix, response.status_code)
    assert {"", "/phases", "/gates", "/schedule", "/hours"} <= set(seen)
