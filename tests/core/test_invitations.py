"""Accepting an invitation, end to end: invite -> email link -> sign in or up -> membership."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cadence.core import services
from cadence.core.models import ClientAccess, ClientRole, Invitation, Membership, Role
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def accept_url(raw):
    return reverse("core:invitation-accept", kwargs={"token": raw})


def link_from_outbox():
    match = re.search(r"https?://\S+/invite/(\S+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_it_takes_a_client_approver_from_invitation_to_their_dashboard(client, login, owner, workspace,
                                                                       client_obj, other_client,
                                                                       django_capture_on_commit_callbacks):
    # the owner invites through the team page; the email goes out once the invitation is committed
    login(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:member-invite", kwargs={"workspace": workspace.slug}), {
            "email": "boss@bakery.test", "role": "client", "client": str(client_obj.uuid),
            "client_role": "approver"})
    raw = link_from_outbox()
    client.logout()

    # the invitee opens the link, anonymous: sees the workspace and is offered sign in / sign up
    r = client.get(accept_url(raw))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Agency One" in html and "Brutărie Dulce" in html
    assert reverse("account_signup") in html and reverse("account_login") in html
    assert client.session["pending_invitation"] == raw

    # signs up; the account adapter brings them back to the invitation
    r = client.post(reverse("account_signup"), {"email": "boss@bakery.test", "password1": PASSWORD,
                                                 "password2": PASSWORD})
    assert r.status_code == 302
    assert r["Location"] == accept_url(raw)

    # accepts
    r = client.post(accept_url(raw))
    assert r.status_code == 302
    assert r["Location"] == reverse("core:dashboard", kwargs={"workspace": workspace.slug})
    member = Membership.objects.get(workspace=workspace, user__email="boss@bakery.test")
    assert member.role == Role.CLIENT
    access = ClientAccess.objects.get(membership=member)
    assert (access.client, access.role, access.workspace) == (client_obj, ClientRole.APPROVER, workspace)
    assert "pending_invitation" not in client.session
    # and lands on the client portal, which shows nothing of another client
    html = client.get(r["Location"]).content.decode()
    assert "Working with" in html and other_client.name not in html
    # the link is used up
    assert client.get(accept_url(raw)).status_code == 404


def test_it_brings_an_existing_user_back_after_login(client, owner, workspace):
    user = make_user("new@agency.test")
    _, raw = services.invite_member(actor=owner, workspace=workspace, email=user.email, role=Role.MANAGER)
    client.get(accept_url(raw))
    r = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert r.status_code == 302
    assert r["Location"] == accept_url(raw)
    client.post(accept_url(raw))
    assert Membership.objects.get(workspace=workspace, user=user).role == Role.MANAGER


def test_it_shows_the_accept_button_to_the_invited_user(client, login, owner, workspace):
    user = make_user("new@agency.test")
    _, raw = services.invite_member(actor=owner, workspace=workspace, email=user.email, role=Role.SPECIALIST)
    login(client, user)
    r = client.get(accept_url(raw))
    assert r.status_code == 200
    assert "Accept the invitation" in r.content.decode()
    assert not Membership.objects.filter(user=user).exists()  # GET changes nothing


def test_it_refuses_the_wrong_email(client, login, owner, workspace, outsider):
    _, raw = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.OWNER)
    session = client.session
    session["pending_invitation"] = raw
    session.save()
    login(client, outsider)
    r = client.get(accept_url(raw))
    assert "another address" in r.content.decode()
    assert "pending_invitation" not in client.session  # not brought back here at every sign-in
    r = client.post(accept_url(raw))
    assert r.status_code == 400
    assert "another email address" in r.content.decode()
    assert not Membership.objects.filter(workspace=workspace, user=outsider).exists()
    assert services.find_invitation(raw) is not None  # still usable by the right person


def test_it_explains_an_unknown_token(client, login, owner):
    login(client, owner)
    r = client.get(accept_url("no-such-token"))
    assert r.status_code == 404
    assert "no longer valid" in r.content.decode()


def test_it_explains_an_expired_invitation_and_forgets_it(client, owner, workspace):
    inv, raw = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test",
                                      role=Role.SPECIALIST)
    client.get(accept_url(raw))
    assert client.session["pending_invitation"] == raw
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    r = client.get(accept_url(raw))
    assert r.status_code == 404
    assert "no longer valid" in r.content.decode()
    assert "pending_invitation" not in client.session


def test_it_refuses_a_revoked_invitation(client, login, owner, workspace):
    user = make_user("new@agency.test")
    inv, raw = services.invite_member(actor=owner, workspace=workspace, email=user.email, role=Role.SPECIALIST)
    services.revoke_invitation(actor=owner, invitation=inv)
    login(client, user)
    assert client.post(accept_url(raw)).status_code == 404
    assert not Membership.objects.filter(user=user).exists()


def test_it_sends_anonymous_posts_to_login(client, owner, workspace):
    _, raw = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.OWNER)
    r = client.post(accept_url(raw))
    assert r.status_code == 302
    assert reverse("account_login") in r["Location"]


def test_it_refuses_other_methods_on_accept(client, owner, workspace):
    _, raw = services.invite_member(actor=owner, workspace=workspace, email="new@agency.test", role=Role.OWNER)
    assert client.put(accept_url(raw)).status_code == 405
