"""The tenancy backstop (django-scopes): workspace-owned rows are read only inside a workspace's scope.

The autouse fixture ``_scopes_disabled`` lets tests build data; ``no_scope`` puts a test back where
production code is, and requests made by the test client always start with no scope.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path
from django_scopes import get_scope

from cadence import tenancy
from cadence.core import services as core_services
from cadence.core.models import AuditEntry, Client, Invitation, Role, Workspace
from cadence.core.scoping import ScopeError, scope, scopes_disabled
from cadence.core.workspace_keys import WORKSPACE
from cadence.engagements import services as eng_services
from cadence.engagements.models import (
    Engagement,
    EngagementPhase,
    ProcessTemplate,
    ScheduleSnapshot,
    TimeEntry,
)
from cadence.urls import urlpatterns as cadence_urlpatterns

ROOTS = {"core.Workspace", "core.Membership"}  # what the tenancy core reads to find the scope


def scoped_models():
    """Every model of Cadence with a ``workspace`` key, except the roots; plus the schedule snapshots."""
    found = [m for m in apps.get_models() if m._meta.app_label in {"core", "engagements", "accounts"}
             and m._meta.label not in ROOTS and any(f.name == WORKSPACE for f in m._meta.fields)]
    return [*found, ScheduleSnapshot]


def test_the_list_of_scoped_models_is_the_one_the_readme_names():
    assert sorted(m.__name__ for m in scoped_models()) == [
        "AuditEntry", "Client", "ClientAccess", "ContractTerms", "Engagement", "EngagementGate", "EngagementPhase",
        "HoursOverride", "Invitation", "MonthClose", "MonthSummary", "ProcessTemplate", "ScheduleSnapshot",
        "TemplateGate", "TemplatePhase", "TimeEntry",
    ]


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m.__name__)
def test_a_query_outside_any_scope_raises(db, no_scope, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()
    with scopes_disabled():  # the explicit escape reads every workspace
        list(model.objects.all())


def test_deleted_time_entries_and_related_managers_are_scoped_too(engagement, no_scope):
    with pytest.raises(ScopeError):
        TimeEntry.all_objects.count()
    with pytest.raises(ScopeError):
        list(engagement.phases.all())
    with pytest.raises(ScopeError):
        engagement.time_entries.count()
    with pytest.raises(ScopeError):
        Engagement.objects.prefetch_related("phases").first()
    # the roots and a row's parent (Django's plain base manager) need no scope
    assert Workspace.objects.filter(pk=engagement.workspace_id).exists()
    assert engagement.client.name


def test_the_roots_are_not_scoped(workspace, no_scope):
    assert Workspace.objects.count() == 1
    assert workspace.memberships.count() == 1


def _engagement_in(workspace, owner, name):
    client = core_services.create_client(actor=owner, workspace=workspace, name=f"{name} client", country="RO",
                                         language="ro")
    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    return eng_services.create_engagement(
        actor=owner, workspace=workspace, client=client, template=template, name=name,
        start_date=dt.date(2026, 9, 7), monthly_hours=40, country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro")


def test_inside_a_scope_only_that_workspaces_rows_come_back_even_without_a_filter(
        workspace, owner, engagement, outsider, other_workspace, no_scope):
    with scopes_disabled():
        theirs = _engagement_in(other_workspace, outsider, "Theirs")
    with scope(workspace=workspace):
        assert list(Engagement.objects.all()) == [engagement]
        assert set(Client.objects.values_list("workspace_id", flat=True)) == {workspace.pk}
        assert not Engagement.objects.filter(pk=theirs.pk).exists()
        assert not EngagementPhase.objects.filter(engagement=theirs).exists()
        assert {e.workspace_id for e in AuditEntry.objects.all()} == {workspace.pk}
    with scope(workspace=other_workspace):
        assert list(Engagement.objects.all()) == [theirs]


# --- requests: each view runs in its own workspace's scope, and a view that forgot it fails --------

def forgot_its_scope(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Engagement.objects.count()))


@tenancy.workspace_view(tenancy.MEMBER)
def counts_engagements(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Engagement.objects.count()))  # no filter: the scope is the backstop


urlpatterns = [
    path("forgot/", tenancy.signed_in(forgot_its_scope)),
    path("w/<slug:workspace>/count/", counts_engagements),
    *cadence_urlpatterns,
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_forgot_its_scope_raises_even_in_tests(client, login, owner, engagement):
    login(client, owner)
    with pytest.raises(ScopeError):
        client.get("/forgot/")
    assert get_scope() == {"_enabled": False}  # the test's own state is back after the request


@override_settings(ROOT_URLCONF=__name__)
def test_a_workspace_view_sees_only_its_workspaces_rows(client, login, owner, engagement, outsider,
                                                         other_workspace):
    _engagement_in(other_workspace, outsider, "Theirs")
    _engagement_in(other_workspace, outsider, "Theirs too")
    login(client, owner)
    assert client.get(f"/w/{engagement.workspace.slug}/count/").content == b"1"
    login(client, outsider)
    assert client.get(f"/w/{other_workspace.slug}/count/").content == b"2"


def test_the_api_keeps_the_scope_until_its_answer_is_written(client, login, owner, engagement):
    login(client, owner)
    # the route returns a queryset (of a related manager) that ninja paginates after the route returned
    response = client.get(f"/api/v1/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/history")
    assert response.status_code == 200, response.content
    assert [e["action"] for e in response.json()["items"]][-1] == "engagement.created"
    assert get_scope() == {"_enabled": False}


# --- the places marked to work across workspaces ----------------------------------------------------

# The demo command runs without a scope: the shared demo build (tests/conftest.py, ``demo_build``) and the reset
# of tests/core/test_demo.py run it as a developer does, with no scope entered.


def test_the_invitation_email_task_runs_in_its_workspaces_scope(owner, workspace, no_scope,
                                                                 django_capture_on_commit_callbacks):
    from cadence.core.tasks import send_invitation_email

    with scope(workspace=workspace):
        with django_capture_on_commit_callbacks(execute=False):
            invitation, raw = core_services.invite_member(actor=owner, workspace=workspace,
                                                          email="new@agency.test", role=Role.MANAGER)
    # the worker has no scope: the task enters the invitation's workspace's
    result = send_invitation_email.enqueue(invitation.pk, core_services.invitation_link(raw), "en")
    assert result.return_value == "sent"
    assert [m.to for m in mail.outbox] == [["new@agency.test"]]
    with scopes_disabled():
        assert Invitation.objects.get(pk=invitation.pk).email_sent_at is not None


def test_creating_a_workspace_needs_no_scope(owner, no_scope):
    workspace = core_services.create_workspace(actor=owner, name="Fresh", slug="fresh")
    with scope(workspace=workspace):
        assert ProcessTemplate.objects.filter(builtin=True).exists()


def test_the_admin_shows_every_workspace(client, owner, engagement, outsider, other_workspace):
    theirs = _engagement_in(other_workspace, outsider, "Theirs")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/admin/engagements/engagement/")
    assert page.status_code == 200
    assert b"Social &amp; ads retainer" in page.content and theirs.name.encode() in page.content
    assert client.get(f"/admin/engagements/engagement/{theirs.pk}/change/").status_code == 200


def test_the_invitation_page_runs_in_the_invitations_workspace(client, login, owner, workspace,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _, raw = core_services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                             role=Role.MANAGER)
    assert client.get(f"/invite/{raw}/").status_code == 200
    assert client.get("/invite/no-such-token/").status_code == 404


def test_account_entries_are_written_and_read_without_a_workspace_scope(owner, workspace, no_scope):
    entry = AuditEntry.objects.create(workspace=None, actor=owner, action="account.password_changed")
    assert list(AuditEntry.account_entries.filter(actor=owner)) == [entry]  # no workspace's entries
    with pytest.raises(ScopeError):
        AuditEntry.objects.filter(actor=owner).count()
