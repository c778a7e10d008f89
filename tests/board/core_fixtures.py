"""Fixtures shared by the board's core tests (services, queries, API, recurring, templates): an engagement
(the conftest's, starting 2026-09-07 in Romania, 40 h a month) and the members' memberships."""

from __future__ import annotations

import datetime as dt

import pytest

from cadence.core.models import Membership

TODAY = dt.date(2026, 10, 14)  # month 2 of the engagement (2026-10-07 .. 2026-11-06)


def membership_of(user, workspace):
    return Membership.objects.select_related("workspace").get(user=user, workspace=workspace)


@pytest.fixture
def today(clock):
    clock.set(TODAY)
    return TODAY


@pytest.fixture
def owner_m(owner, workspace):
    return membership_of(owner, workspace)


@pytest.fixture
def specialist_m(specialist, workspace):
    return membership_of(specialist, workspace)


@pytest.fixture
def phases(engagement):
    return {p.key: p for p in engagement.phases.all()}


@pytest.fixture
def pass_gate(owner, engagement):
    from cadence.engagements import services as es

    def _pass(key, on=dt.date(2026, 9, 20)):
        gate = engagement.gates.get(key=key)
        phase = engagement.phases.get(key=gate.after_phase)
        if not phase.time_entries.exists():  # a gate passes after its phase has started
            es.log_time(actor=owner, membership=membership_of(owner, engagement.workspace), engagement=engagement,
                        phase=phase, date=on, hours=1, note="start")
        return es.record_gate(actor=owner, gate=gate, passed_on=on, approved_by="Ion Popescu, director")

    return _pass
