"""Client list, create, detail, edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadence.core.models import AuditEntry, Client

pytestmark = pytest.mark.django_db

VALID = {"name": "Mobila Nord", "country": "MD", "language": "ru", "website": "https://mobila.example",
         "notes": "Furniture shop"}


def url(name, ws, **kw):
    return reverse(f"core:{name}", kwargs={"workspace": ws.slug, **kw})


# --- list --------------------------------------------------------------------------------------

def test_it_lists_clients_with_translated_countries(client, login, manager, workspace, client_obj, other_client):
    login(client, manager)
    r = client.get(url("client-list", workspace))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Brutărie Dulce" in html and "Other Co" in html
    assert "Romania" in html and "Moldova" in html


def test_it_keeps_an_unknown_country_editable(client, login, manager, workspace, client_obj):
    Client.objects.filter(pk=client_obj.pk).update(country="JP")  # e.g. set through the admin
    login(client, manager)
    html = client.get(url("client-edit", workspace, client=client_obj.uuid)).content.decode()
    assert '<option value="JP" selected>' in html


def test_it_lists_only_their_clients_to_client_users(client, login, viewer, workspace, client_obj, other_client):
    login(client, viewer)
    html = client.get(url("client-list", workspace)).content.decode()
    assert "Brutărie Dulce" in html
    assert "Other Co" not in html
    assert url("client-new", workspace) not in html


def test_it_hides_client_list_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.get(url("client-list", workspace)).status_code == 404


# --- new ---------------------------------------------------------------------------------------

def test_it_creates_a_client(client, login, manager, workspace):
    login(client, manager)
    assert client.get(url("client-new", workspace)).status_code == 200
    r = client.post(url("client-new", workspace), VALID)
    new = Client.objects.get(workspace=workspace, name="Mobila Nord")
    assert r.status_code == 302
    assert r["Location"] == url("client-detail", workspace, client=new.uuid)
    assert (new.country, new.language, new.website) == ("MD", "ru", "https://mobila.example")
    assert AuditEntry.objects.filter(workspace=workspace, action="client.created", object_id=str(new.uuid)).exists()


def test_it_offers_the_supported_countries(client, login, manager, workspace):
    login(client, manager)
    html = client.get(url("client-new", workspace)).content.decode()
    for code in ("RO", "MD", "RU", "UA", "BY", "KZ", "DE", "FR", "IT", "ES", "GB", "US", "PL", "BG"):
        assert f'value="{code}"' in html


def test_it_refuses_an_unknown_country(client, login, manager, workspace):
    login(client, manager)
    r = client.post(url("client-new", workspace), {**VALID, "country": "XX"})
    assert r.status_code == 200
    assert not Client.objects.filter(name="Mobila Nord").exists()


def test_it_refuses_a_client_without_name(client, login, manager, workspace):
    login(client, manager)
    r = client.post(url("client-new", workspace), {**VALID, "name": ""})
    assert r.status_code == 200
    assert not Client.objects.filter(workspace=workspace, country="MD", website="https://mobila.example").exists()


def test_it_forbids_specialists_to_create_clients(client, login, specialist, workspace):
    login(client, specialist)
    assert client.get(url("client-new", workspace)).status_code == 403
    assert client.post(url("client-new", workspace), VALID).status_code == 403
    assert not Client.objects.filter(name="Mobila Nord").exists()


def test_it_forbids_client_users_to_create_clients(client, login, approver, workspace):
    login(client, approver)
    assert client.post(url("client-new", workspace), VALID).status_code == 403


def test_it_hides_client_new_from_outsiders(client, login, outsider, workspace):
    login(client, outsider)
    assert client.post(url("client-new", workspace), VALID).status_code == 404
    assert not Client.objects.filter(name="Mobila Nord").exists()


def test_it_refuses_other_methods_on_client_new(client, login, manager, workspace):
    login(client, manager)
    assert client.put(url("client-new", workspace)).status_code == 405


# --- detail ------------------------------------------------------------------------------------

def test_it_shows_a_client_and_its_engagements(client, login, specialist, workspace, client_obj, engagement):
    login(client, specialist)
    r = client.get(url("client-detail", workspace, client=client_obj.uuid))
    html = r.content.decode()
    assert r.status_code == 200
    assert client_obj.name in html
    assert reverse("engagements:engagement-detail",
                   kwargs={"workspace": workspace.slug, "engagement": engagement.uuid}) in html


def test_it_shows_client_users_their_client(client, login, approver, workspace, client_obj, engagement):
    login(client, approver)
    assert client.get(url("client-detail", workspace, client=client_obj.uuid)).status_code == 200


def test_it_hides_other_clients_from_client_users(client, login, approver, workspace, other_client):
    login(client, approver)
    assert client.get(url("client-detail", workspace, client=other_client.uuid)).status_code == 404


def test_it_hides_another_workspaces_client(client, login, manager, workspace, outsider, other_workspace):
    from cadence.core import services

    foreign = services.create_client(actor=outsider, workspace=other_workspace, name="Foreign")
    login(client, manager)
    assert client.get(url("client-detail", workspace, client=foreign.uuid)).status_code == 404
    assert client.get(url("client-edit", workspace, client=foreign.uuid)).status_code == 404


def test_it_hides_client_detail_from_outsiders(client, login, outsider, workspace, client_obj):
    login(client, outsider)
    assert client.get(url("client-detail", workspace, client=client_obj.uuid)).status_code == 404


# --- edit --------------------------------------------------------------------------------------

def test_it_edits_a_client(client, login, manager, workspace, client_obj):
    login(client, manager)
    assert client.get(url("client-edit", workspace, client=client_obj.uuid)).status_code == 200
    r = client.post(url("client-edit", workspace, client=client_obj.uuid), {**VALID, "name": "Brutăria Nouă"})
    assert r.status_code == 302
    client_obj.refresh_from_db()
    assert (client_obj.name, client_obj.country) == ("Brutăria Nouă", "MD")
    entry = AuditEntry.objects.get(workspace=workspace, action="client.updated")
    assert entry.changes["name"] == ["Brutărie Dulce", "Brutăria Nouă"]


def test_it_refuses_a_bad_website_on_edit(client, login, manager, workspace, client_obj):
    login(client, manager)
    r = client.post(url("client-edit", workspace, client=client_obj.uuid), {**VALID, "website": "not a url"})
    assert r.status_code == 200
    client_obj.refresh_from_db()
    assert client_obj.name == "Brutărie Dulce"


def test_it_forbids_approvers_to_edit_their_client(client, login, approver, workspace, client_obj):
    login(client, approver)
    r = client.post(url("client-edit", workspace, client=client_obj.uuid), VALID)
    assert r.status_code == 403
    client_obj.refresh_from_db()
    assert client_obj.name == "Brutărie Dulce"


def test_it_hides_client_edit_from_outsiders(client, login, outsider, workspace, client_obj):
    login(client, outsider)
    assert client.post(url("client-edit", workspace, client=client_obj.uuid), VALID).status_code == 404


def test_it_refuses_other_methods_on_client_edit(client, login, manager, workspace, client_obj):
    login(client, manager)
    assert client.delete(url("client-edit", workspace, client=client_obj.uuid)).status_code == 405


# --- currency ----------------------------------------------------------------------------------
def test_a_client_has_a_currency(client, login, manager, workspace):
    login(client, manager)
    assert 'name="currency"' in client.get(url("client-new", workspace)).content.decode()
    client.post(url("client-new", workspace), {**VALID, "currency": "EUR"})
    new = Client.objects.get(workspace=workspace, name="Mobila Nord")
    assert new.currency == "EUR"
    entry = AuditEntry.objects.get(action="client.created", object_id=str(new.uuid))
    assert entry.changes["currency"] == "EUR"


def test_a_clients_currency_may_follow_its_country(client, login, manager, workspace):
    login(client, manager)
    client.post(url("client-new", workspace), {**VALID, "currency": ""})
    assert Client.objects.get(workspace=workspace, name="Mobila Nord").currency == ""


def test_it_edits_and_refuses_a_currency(client, login, manager, workspace, client_obj):
    login(client, manager)
    edit = url("client-edit", workspace, client=client_obj.uuid)
    r = client.post(edit, {**VALID, "currency": "XYZ"})
    assert r.status_code == 200 and "currency" in r.context["form"].errors
    client.post(edit, {**VALID, "currency": "RON"})
    client_obj.refresh_from_db()
    assert client_obj.currency == "RON"
    assert '<option value="RON" selected' in client.get(edit).content.decode()
