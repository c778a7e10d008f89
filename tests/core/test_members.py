"""Team page, invitations (send, revoke), role changes and removals."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from cadence.core.models import ClientRole, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def url(name, ws, **kw):
    return reverse(f"core:{name}", kwargs={"workspace": ws.slug, **kw})


def membership(ws, user):
    return Membership.objects.get(workspace=ws, user=user)


# --- list --------------------------------------------------------------------------------------

def test_it_lists_members_roles_client_access_and_invitations(client, login, owner, manager, approver,
                                                              workspace, client_obj):
    from cadence.core import services

    services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.SPECIALIST)
    login(client, owner)
    r = client.get(url("member-list", workspace))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Mihai Manager" in html and "manager@agency.test" in html
    assert "Client approver · Brutărie Dulce" in html
    assert "new@agency.test" in html
    assert url("member-invite", workspace) in html


def test_it_shows_the_team_read_only_to_specialists(client, login, specialist, owner, workspace):
    login(client, specialist)
    r = client.get(url("member-list", workspace))
    assert r.status_code == 200
    assert url("member-remove", workspace, member=membership(workspace, owner).uuid) not in r.content.decode()


def test_it_forbids_the_team_page_to_client_users(client, login, viewer, workspace):
    login(client, viewer)
    assert client.get(url("member-list", workspace)).status_code == 403


def test_it_hides_the_team_page_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.get(url("member-list", workspace)).status_code == 404


# --- invite ------------------------------------------------------------------------------------

def test_it_invites_a_specialist_by_email_and_shows_the_link_once(client, login, owner, workspace,
                                                                  django_capture_on_commit_callbacks):
    login(client, owner)
    assert client.get(url("member-invite", workspace)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("member-invite", workspace), {"email": "New@Agency.test", "role": "specialist"})
    assert r.status_code == 200
    invitation = Invitation.objects.get(workspace=workspace, email="new@agency.test")
    assert invitation.role == Role.SPECIALIST
    link = r.context["link"]
    assert "/invite/" in link and link in r.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@agency.test"]
    assert link in mail.outbox[0].body
    assert "Agency One" in mail.outbox[0].subject
    # the token is not stored in clear and the team page does not show the link again
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    assert token not in client.get(url("member-list", workspace)).content.decode()


def test_it_writes_the_invitation_in_the_inviters_language(client, login, owner, workspace, settings,
                                                           monkeypatch, django_capture_on_commit_callbacks):
    from django.utils import translation

    from cadence.core import tasks

    seen = []
    real = tasks.render_to_string

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "render_to_string", spy)
    login(client, owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("member-invite", workspace), {"email": "new@agency.test", "role": "manager"})
    assert seen == ["ro", "ro"]
    assert len(mail.outbox) == 1


def test_it_invites_a_client_approver_for_a_client(client, login, manager, owner, workspace, client_obj):
    login(client, owner)
    r = client.post(url("member-invite", workspace), {
        "email": "boss@bakery.test", "role": "client", "client": str(client_obj.uuid), "client_role": "approver"})
    assert r.status_code == 200
    invitation = Invitation.objects.get(email="boss@bakery.test")
    assert (invitation.client, invitation.client_role) == (client_obj, ClientRole.APPROVER)


def test_it_requires_a_client_for_client_roles(client, login, owner, workspace, client_obj):
    login(client, owner)
    r = client.post(url("member-invite", workspace), {"email": "boss@bakery.test", "role": "client"})
    assert r.status_code == 200
    assert r.context["form"].errors.keys() >= {"client", "client_role"}
    assert not Invitation.objects.filter(email="boss@bakery.test").exists()
    assert mail.outbox == []


def test_it_refuses_a_client_of_another_workspace(client, login, owner, workspace, outsider, other_workspace):
    from cadence.core import services

    foreign = services.create_client(actor=outsider, workspace=other_workspace, name="Foreign")
    login(client, owner)
    r = client.post(url("member-invite", workspace), {
        "email": "boss@bakery.test", "role": "client", "client": str(foreign.uuid), "client_role": "viewer"})
    assert r.status_code == 200
    assert not Invitation.objects.filter(email="boss@bakery.test").exists()


def test_it_refuses_to_invite_an_existing_member(client, login, owner, manager, workspace):
    login(client, owner)
    r = client.post(url("member-invite", workspace), {"email": manager.email, "role": "specialist"})
    assert r.status_code == 200
    assert "already a member" in r.content.decode()
    assert not Invitation.objects.exists()


def test_it_refuses_a_bad_email(client, login, owner, workspace):
    login(client, owner)
    r = client.post(url("member-invite", workspace), {"email": "not-an-email", "role": "specialist"})
    assert r.status_code == 200
    assert not Invitation.objects.exists()


def test_it_forbids_managers_to_invite(client, login, manager, workspace):
    login(client, manager)
    assert client.get(url("member-invite", workspace)).status_code == 403
    r = client.post(url("member-invite", workspace), {"email": "x@agency.test", "role": "owner"})
    assert r.status_code == 403
    assert not Invitation.objects.exists()


def test_it_hides_invite_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.post(url("member-invite", workspace), {"email": "x@a.test", "role": "owner"}).status_code == 404
    assert not Invitation.objects.exists()


def test_it_refuses_other_methods_on_invite(client, login, owner, workspace):
    login(client, owner)
    assert client.put(url("member-invite", workspace)).status_code == 405


def test_it_still_shows_the_link_when_the_email_fails(client, login, owner, workspace, settings, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    import smtplib

    def broken(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("cadence.core.tasks.send_mail", broken)
    login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url("member-invite", workspace), {"email": "new@agency.test", "role": "specialist"})
    assert r.status_code == 200
    assert r.context["link"] in r.content.decode()
    assert Invitation.objects.get(email="new@agency.test").email_error == "SMTPException: down"


# --- role --------------------------------------------------------------------------------------

def test_it_changes_a_role(client, login, owner, specialist, workspace):
    login(client, owner)
    target = membership(workspace, specialist)
    r = client.post(url("member-role", workspace, member=target.uuid), {"role": "manager"})
    assert r.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.MANAGER


def test_it_answers_htmx_role_changes_with_the_team_fragment(client, login, owner, specialist, workspace):
    login(client, owner)
    target = membership(workspace, specialist)
    r = client.post(url("member-role", workspace, member=target.uuid), {"role": "manager"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.lstrip().startswith('<div id="team">')
    assert "<html" not in html


def test_it_refuses_an_unknown_role(client, login, owner, specialist, workspace):
    login(client, owner)
    target = membership(workspace, specialist)
    client.post(url("member-role", workspace, member=target.uuid), {"role": "emperor"})
    target.refresh_from_db()
    assert target.role == Role.SPECIALIST


def test_it_refuses_to_make_staff_a_client_by_role_change(client, login, owner, specialist, workspace):
    login(client, owner)
    target = membership(workspace, specialist)
    r = client.post(url("member-role", workspace, member=target.uuid), {"role": "client"}, follow=True)
    target.refresh_from_db()
    assert target.role == Role.SPECIALIST
    assert "invitation" in r.content.decode()


def test_it_keeps_the_last_owner(client, login, owner, workspace):
    login(client, owner)
    me = membership(workspace, owner)
    r = client.post(url("member-role", workspace, member=me.uuid), {"role": "manager"}, follow=True)
    me.refresh_from_db()
    assert me.role == Role.OWNER
    assert "A workspace needs at least one owner." in r.content.decode()


def test_it_forbids_managers_to_change_roles(client, login, manager, specialist, workspace):
    login(client, manager)
    target = membership(workspace, specialist)
    assert client.post(url("member-role", workspace, member=target.uuid), {"role": "owner"}).status_code == 403
    target.refresh_from_db()
    assert target.role == Role.SPECIALIST


def test_it_hides_role_changes_from_outsiders(client, login, outsider, specialist, workspace):
    login(client, outsider)
    target = membership(workspace, specialist)
    assert client.post(url("member-role", workspace, member=target.uuid), {"role": "owner"}).status_code == 404


def test_it_answers_404_for_a_member_of_another_workspace(client, login, owner, outsider, workspace,
                                                           other_workspace):
    login(client, owner)
    foreign = membership(other_workspace, outsider)
    assert client.post(url("member-role", workspace, member=foreign.uuid), {"role": "manager"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.OWNER


def test_it_refuses_get_on_role_change(client, login, owner, specialist, workspace):
    login(client, owner)
    assert client.get(url("member-role", workspace, member=membership(workspace, specialist).uuid)).status_code == 405


# --- remove ------------------------------------------------------------------------------------

def test_it_removes_a_member(client, login, owner, viewer, workspace):
    login(client, owner)
    target = membership(workspace, viewer)
    r = client.post(url("member-remove", workspace, member=target.uuid))
    assert r.status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_it_does_not_remove_the_last_owner(client, login, owner, workspace):
    login(client, owner)
    me = membership(workspace, owner)
    client.post(url("member-remove", workspace, member=me.uuid))
    assert Membership.objects.filter(pk=me.pk).exists()


def test_it_lets_an_owner_leave_when_another_owner_remains(client, login, owner, manager, workspace):
    Membership.objects.filter(workspace=workspace, user=manager).update(role=Role.OWNER)
    login(client, owner)
    me = membership(workspace, owner)
    r = client.post(url("member-remove", workspace, member=me.uuid))
    assert r["Location"] == reverse("core:home")
    assert not Membership.objects.filter(pk=me.pk).exists()


def test_it_forbids_specialists_to_remove_members(client, login, specialist, manager, workspace):
    login(client, specialist)
    target = membership(workspace, manager)
    assert client.post(url("member-remove", workspace, member=target.uuid)).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_it_hides_removal_from_outsiders(client, login, outsider, manager, workspace):
    login(client, outsider)
    target = membership(workspace, manager)
    assert client.post(url("member-remove", workspace, member=target.uuid)).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


def test_it_refuses_get_on_remove(client, login, owner, manager, workspace):
    login(client, owner)
    assert client.get(url("member-remove", workspace, member=membership(workspace, manager).uuid)).status_code == 405


# --- revoke invitation -------------------------------------------------------------------------

@pytest.fixture
def invitation(owner, workspace):
    from cadence.core import services

    return services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.SPECIALIST)


def test_it_revokes_an_invitation(client, login, owner, workspace, invitation):
    inv, raw = invitation
    login(client, owner)
    r = client.post(url("invitation-revoke", workspace, invitation=inv.uuid))
    assert r.status_code == 302
    inv.refresh_from_db()
    assert inv.revoked_at is not None
    from cadence.core import services

    assert services.find_invitation(raw) is None


def test_it_answers_404_for_an_already_revoked_invitation(client, login, owner, workspace, invitation):
    inv, _ = invitation
    login(client, owner)
    client.post(url("invitation-revoke", workspace, invitation=inv.uuid))
    assert client.post(url("invitation-revoke", workspace, invitation=inv.uuid)).status_code == 404


def test_it_forbids_managers_to_revoke(client, login, manager, workspace, invitation):
    inv, _ = invitation
    login(client, manager)
    assert client.post(url("invitation-revoke", workspace, invitation=inv.uuid)).status_code == 403
    inv.refresh_from_db()
    assert inv.revoked_at is None


def test_it_hides_revoke_from_outsiders(client, login, outsider, workspace, other_workspace, invitation):
    inv, _ = invitation
    login(client, outsider)
    assert client.post(url("invitation-revoke", workspace, invitation=inv.uuid)).status_code == 404
    # and an owner of another workspace cannot reach it through their own workspace either
    assert client.post(url("invitation-revoke", other_workspace, invitation=inv.uuid)).status_code == 404
    inv.refresh_from_db()
    assert inv.revoked_at is None


def test_it_refuses_get_on_revoke(client, login, owner, workspace, invitation):
    inv, _ = invitation
    login(client, owner)
    assert client.get(url("invitation-revoke", workspace, invitation=inv.uuid)).status_code == 405
