"""Clients through the API: create, read, change; refusals change nothing."""

from __future__ import annotations

from cadence.core.models import AuditEntry, Client
from tests.api import api_fixture, fast_fixture  # noqa: F401

URL = "/workspaces/agency-one/clients"


def test_it_creates_a_client_through_the_service(api, manager, workspace):
    response = api(manager).post(URL, {"name": "Mobila Nord", "country": "MD", "language": "ru",
                                       "website": "https://mobila.example"})
    assert response.status_code == 201, response.content
    body = response.json()
    client = Client.objects.get(uuid=body["id"])
    assert (client.workspace, client.name, client.country, client.language) == (workspace, "Mobila Nord", "MD", "ru")
    assert AuditEntry.objects.filter(action="client.created", object_id=body["id"], actor=manager).exists()


def test_it_refuses_bad_input_and_writes_nothing(api, owner, workspace):
    a = api(owner)
    before = (Client.objects.count(), AuditEntry.objects.count())
    response = a.post(URL, {"name": "Bad Site", "website": "not a url"})
    assert response.status_code == 422
    assert response.json()["field"] == "website"
    assert a.post(URL, {"country": "RO"}).status_code == 422  # no name
    assert a.post(URL, {"name": "X", "language": "xx"}).status_code == 422
    assert (Client.objects.count(), AuditEntry.objects.count()) == before


def test_it_reads_and_pages_the_clients(api, owner, client_obj, other_client):
    a = api(owner)
    page = a.get(URL, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert [c["name"] for c in page["items"]] == ["Other Co"]
    detail = a.get(f"{URL}/{client_obj.uuid}").json()
    assert detail["id"] == str(client_obj.uuid)
    assert detail["name"] == client_obj.name


def test_it_changes_only_the_fields_sent(api, owner, client_obj):
    response = api(owner).patch(f"{URL}/{client_obj.uuid}", {"notes": "Call on Mondays."})
    assert response.status_code == 200
    client_obj.refresh_from_db()
    assert (client_obj.notes, client_obj.name, client_obj.country) == ("Call on Mondays.", "Brutărie Dulce", "RO")


def test_it_refuses_a_bad_change_and_keeps_the_client(api, owner, client_obj):
    response = api(owner).patch(f"{URL}/{client_obj.uuid}", {"name": "Renamed", "website": "nope"})
    assert response.status_code == 422
    client_obj.refresh_from_db()
    assert client_obj.name == "Brutărie Dulce"


def test_it_sets_and_shows_a_currency(api, owner, workspace):
    a = api(owner)
    response = a.post(URL, {"name": "Euro Co", "country": "MD", "currency": "EUR"})
    assert response.status_code == 201, response.content
    assert response.json()["currency"] == "EUR"
    uuid = response.json()["id"]
    assert a.patch(f"{URL}/{uuid}", {"currency": "MDL"}).json()["currency"] == "MDL"


def test_it_refuses_a_bad_currency_and_keeps_the_client(api, owner, client_obj):
    a = api(owner)
    before = Client.objects.count()
    # a bound the schema states: 422, like every input bound (the service refuses the same)
    response = a.post(URL, {"name": "Bad money", "currency": "euro"})
    assert response.status_code == 422 and response.json()["field"] == "currency"
    assert Client.objects.count() == before
    assert a.patch(f"{URL}/{client_obj.uuid}", {"currency": "12"}).status_code == 422
    client_obj.refresh_from_db()
    assert client_obj.currency == ""
