"""A workspace never loses its last owner, even when two owners demote or remove each other at once.

``change_role`` and ``remove_member`` lock the workspace row and its owners' memberships and re-read
the member inside the transaction, so they decide on the owners as they are, not as the caller last
saw them. SQLite runs one write transaction at a time, so there the sequential tests below (with the
stale objects a concurrent request would hold) prove the rule; the threaded test needs PostgreSQL
(row locks) and runs only there.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cadence.core import services
from cadence.core.errors import DomainError
from cadence.core.models import Membership, Role
from tests.conftest import make_user


def _owners(workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=Role.OWNER).count()


@pytest.fixture
def co_owner(workspace):
    user = make_user("co-owner@agency.test", "Cora Co-owner")
    Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
    return user


def test_a_stale_member_cannot_remove_the_last_owner(owner, manager, workspace):
    # A request loaded the manager's membership; meanwhile the manager became the only owner.
    stale = Membership.objects.get(user=manager)
    services.change_role(actor=owner, member=Membership.objects.get(user=manager), role=Role.OWNER)
    services.change_role(actor=manager, member=Membership.objects.get(user=owner), role=Role.MANAGER)
    assert stale.role == Role.MANAGER  # what the first request still believes
    with pytest.raises(DomainError) as exc:
        services.remove_member(actor=owner, member=stale)
    assert exc.value.code == "last_owner"
    assert _owners(workspace) == 1
    assert Membership.objects.filter(user=manager, role=Role.OWNER).exists()


def test_a_stale_member_cannot_demote_the_last_owner(owner, manager, workspace):
    stale = Membership.objects.get(user=manager)
    services.change_role(actor=owner, member=Membership.objects.get(user=manager), role=Role.OWNER)
    services.change_role(actor=manager, member=Membership.objects.get(user=owner), role=Role.MANAGER)
    with pytest.raises(DomainError) as exc:
        services.change_role(actor=owner, member=stale, role=Role.SPECIALIST)
    assert exc.value.code == "last_owner"
    assert _owners(workspace) == 1


def test_two_owners_demoting_each_other_leave_one_owner(owner, co_owner, workspace):
    # Both requests loaded both memberships while there were two owners.
    mine, theirs = Membership.objects.get(user=owner), Membership.objects.get(user=co_owner)
    services.change_role(actor=owner, member=theirs, role=Role.MANAGER)
    with pytest.raises(DomainError):
        services.change_role(actor=co_owner, member=mine, role=Role.MANAGER)
    assert _owners(workspace) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_demotions_leave_an_owner_on_postgresql(owner, co_owner, workspace):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite serialises writes anyway")
    members = {owner.pk: Membership.objects.get(user=owner), co_owner.pk: Membership.objects.get(user=co_owner)}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor, target):
        try:
            barrier.wait(timeout=10)
            services.change_role(actor=actor, member=target, role=Role.MANAGER)
            outcomes.append("ok")
        except DomainError as e:
            outcomes.append(e.code)
        except Exception as e:  # noqa: BLE001 - shown in the assertion below
            outcomes.append(repr(e))
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(owner, members[co_owner.pk])),
               threading.Thread(target=demote, args=(co_owner, members[owner.pk]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["last_owner", "ok"]
    assert _owners(workspace) == 1
