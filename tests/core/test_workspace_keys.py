"""Every row's denormalised ``workspace`` equals its parents' (``cadence/core/workspace_keys.py``).

The pairs are found by introspection, so a new app's models are checked without being listed here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadence.core import services as core_services
from cadence.core.models import AuditEntry, ClientAccess, Membership
from cadence.core.workspace_keys import WorkspaceMismatch, mismatches, workspace_pairs
from cadence.engagements import services as eng_services
from cadence.engagements.models import EngagementPhase, ProcessTemplate, TimeEntry


def _pair_names():
    return {f"{model.__name__}.{field.name}" for model, field in workspace_pairs()}


def test_the_pairs_are_found_by_introspection():
    assert {
        "ClientAccess.membership", "ClientAccess.client", "Invitation.client", "Engagement.client",
        "Engagement.template", "TemplatePhase.template", "TemplateGate.template", "EngagementPhase.engagement",
        "EngagementGate.engagement", "ContractTerms.engagement", "MonthClose.engagement",
        "HoursOverride.engagement", "MonthSummary.engagement", "TimeEntry.engagement", "TimeEntry.phase",
    } <= _pair_names()
    # An audit entry names its thread (an engagement's history) by public id, not by a key: no pair.
    assert not {name for name in _pair_names() if name.startswith("AuditEntry.")}
    # keys to rows without a workspace (users) are not pairs
    assert "TimeEntry.user" not in _pair_names()


@pytest.fixture
def many_rows(demo_build, owner, workspace, engagement, client_obj, approver, outsider, other_workspace, clock):
    """The demo workspace, and rows of every kind in two more workspaces."""
    clock.set(dt.date(2026, 9, 15))
    membership = Membership.objects.get(workspace=workspace, user=owner)
    phase = engagement.phases.order_by("order").first()
    eng_services.log_time(actor=owner, membership=membership, engagement=engagement, phase=phase,
                          date=dt.date(2026, 9, 8), hours=Decimal(2), note="kick-off")
    other_client = core_services.create_client(actor=outsider, workspace=other_workspace, name="Theirs",
                                               country="RO", language="ro")
    eng_services.create_engagement(
        actor=outsider, workspace=other_workspace, client=other_client,
        template=ProcessTemplate.objects.get(workspace=other_workspace, key="retainer"), name="Theirs",
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(30), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")
    return engagement


def test_no_row_has_another_workspace_than_its_parent(many_rows):
    checked = 0
    for model, field in workspace_pairs():
        assert mismatches(model, field) == 0, f"{model.__name__}.{field.name}"
        checked += model._base_manager.filter(**{f"{field.name}__isnull": False}).exists()
    assert checked >= 14  # the demo fills nearly every pair: the check is not vacuous


def test_the_check_finds_a_row_written_around_save(engagement, other_workspace):
    phase = engagement.phases.first()
    EngagementPhase.objects.filter(pk=phase.pk).update(workspace=other_workspace)
    assert mismatches(EngagementPhase, EngagementPhase._meta.get_field("engagement")) == 1


def test_save_refuses_a_workspace_other_than_the_parents(engagement, owner, other_workspace):
    phase = engagement.phases.first()
    entry = TimeEntry(workspace=other_workspace, engagement=engagement, phase=phase, user=owner,
                      date=dt.date(2026, 9, 8), hours=Decimal(1))
    with pytest.raises(WorkspaceMismatch):
        entry.save()
    phase.workspace = other_workspace
    with pytest.raises(WorkspaceMismatch):
        phase.save()
    assert not TimeEntry.all_objects.filter(engagement=engagement).exists()


def test_save_refuses_a_child_of_two_workspaces(workspace, client_obj, outsider, other_workspace):
    theirs = Membership.objects.get(user=outsider, workspace=other_workspace)
    with pytest.raises(WorkspaceMismatch):
        ClientAccess.objects.create(workspace=workspace, membership=theirs, client=client_obj, role="viewer")


def test_save_fills_an_empty_workspace_from_the_parent(engagement, owner):
    phase = engagement.phases.first()
    entry = TimeEntry(engagement=engagement, phase=phase, user=owner, date=dt.date(2026, 9, 8), hours=Decimal(1))
    entry.save()
    assert entry.workspace_id == engagement.workspace_id
    account = AuditEntry.objects.create(workspace=None, actor=owner, action="account.test")
    assert account.workspace_id is None  # an account entry stays outside every workspace


def test_a_parent_loaded_by_id_is_checked_too(engagement, owner, other_workspace):
    phase_id = engagement.phases.first().pk
    with pytest.raises(WorkspaceMismatch):
        TimeEntry(workspace=other_workspace, engagement_id=engagement.pk, phase_id=phase_id, user=owner,
                  date=dt.date(2026, 9, 8), hours=Decimal(1)).save()
