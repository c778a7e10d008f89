# ruff: noqa: F811 (the fixtures imported from tests.api are the tests' arguments)
"""The links app: services (audited, refused input changes nothing), the library and builder pages with the
htmx preview, edit/delete, the CSV export, the naming rule, the API with the pages' permissions, and the
engagement page's button."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry, Membership
from cadence.links import services
from cadence.links.models import UtmLink, UtmRule
from tests.api import api_fixture, fast_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

DATA = services.LinkData(name="Spring – Instagram bio", base_url="https://shop.example.ro/p?ref=x#top",
                         source="Instagram", medium="social", campaign="Spring Sale")


def m_of(user, workspace):
    return Membership.objects.select_related("workspace").get(user=user, workspace=workspace)


def url(name, engagement, *args):
    return reverse(f"links:{name}", args=[engagement.workspace.slug, engagement.uuid, *args])


# --- services -------------------------------------------------------------------------------------

def test_create_builds_and_audits(specialist, workspace, engagement):
    link = services.create_link(actor=specialist, membership=m_of(specialist, workspace), engagement=engagement,
                                data=DATA)
    assert link.url == ("https://shop.example.ro/p?ref=x&utm_source=Instagram&utm_medium=social"
                        "&utm_campaign=Spring%20Sale#top")
    entry = AuditEntry.objects.get(action="links.link.created")
    assert entry.thread == engagement.uuid and entry.object_id == str(link.uuid)


def test_create_with_the_rule(owner, specialist, workspace, engagement):
    services.set_rule(actor=owner, membership=m_of(owner, workspace), lowercase=True, separator="-",
                      extra_mediums="influencer, Print, print")
    assert UtmRule.objects.get(workspace=workspace).extra_mediums == ["influencer", "print"]
    link = services.create_link(actor=specialist, membership=m_of(specialist, workspace), engagement=engagement,
                                data=DATA, apply_rule=True)
    assert (link.source, link.campaign) == ("instagram", "spring-sale")
    assert link.url.endswith("utm_campaign=spring-sale#top")


@pytest.mark.parametrize(("change", "field"), [
    ({"base_url": "ftp://x.example/"}, "base_url"),
    ({"base_url": "javascript:alert(1)"}, "base_url"),
    ({"base_url": "https://exa_mple/"}, "base_url"),
    ({"source": ""}, "source"),
    ({"campaign": "   "}, "campaign"),
    ({"medium": "a\x00b"}, "medium"),
    ({"content": "x" * 201}, "content"),
    ({"name": "bad\u202ename"}, "name"),
])
def test_bad_input_is_refused_and_changes_nothing(specialist, workspace, engagement, change, field):
    from dataclasses import replace

    with pytest.raises(DomainError) as e:
        services.create_link(actor=specialist, membership=m_of(specialist, workspace), engagement=engagement,
                             data=replace(DATA, **change))
    assert e.value.field == field
    assert not UtmLink.objects.exists() and not AuditEntry.objects.filter(action__startswith="links.").exists()


def test_client_users_and_specialists_are_refused_what_they_may_not_do(approver, specialist, workspace, engagement):
    with pytest.raises(DomainError) as e:
        services.create_link(actor=approver, membership=m_of(approver, workspace), engagement=engagement, data=DATA)
    assert e.value.code == "forbidden"
    with pytest.raises(DomainError):
        services.set_rule(actor=specialist, membership=m_of(specialist, workspace), lowercase=True, separator="_",
                          extra_mediums=[])


def test_update_and_delete(specialist, workspace, engagement):
    from dataclasses import replace

    m = m_of(specialist, workspace)
    link = services.create_link(actor=specialist, membership=m, engagement=engagement, data=DATA)
    link = services.update_link(actor=specialist, membership=m, link=link, data=replace(DATA, medium="bio"))
    assert "utm_medium=bio" in link.url
    entry = AuditEntry.objects.get(action="links.link.updated")
    assert entry.changes["medium"] == ["social", "bio"] and "url" in entry.changes
    services.delete_link(actor=specialist, membership=m, link=link)
    assert not UtmLink.objects.exists() and AuditEntry.objects.filter(action="links.link.deleted").exists()


def test_rule_refuses_bad_values(owner, workspace):
    m = m_of(owner, workspace)
    for kwargs in ({"separator": " "}, {"extra_mediums": ["ok", "bad\x01"]}, {"extra_mediums": [f"m{i}" for i in range(31)]}):
        with pytest.raises(DomainError):
            services.set_rule(actor=owner, membership=m, **{"lowercase": True, "separator": "_", "extra_mediums": [],
                                                            **kwargs})
    assert not UtmRule.objects.exists()


# --- pages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ro", "ru"])
def test_library_renders_and_creates(client, login, specialist, engagement, lang):
    login(client, specialist)
    client.cookies["django_language"] = lang
    page = client.get(url("library", engagement), HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    r = client.post(url("library", engagement), {"base_url": "https://shop.example.ro/", "source": "Facebook",
                                                 "medium": "paid_social", "campaign": "Spring Sale", "apply_rule": "on"})
    assert r.status_code == 302
    link = UtmLink.objects.get()
    assert (link.source, link.campaign) == ("facebook", "spring_sale")
    page = client.get(url("library", engagement))
    assert link.url.replace("&", "&amp;").encode() in page.content and b"Paid Social" in page.content


def test_library_form_shows_errors_and_saves_nothing(client, login, specialist, engagement):
    login(client, specialist)
    r = client.post(url("library", engagement), {"base_url": "ftp://x.example/", "source": "fb", "medium": "cpc",
                                                 "campaign": "c"})
    assert r.status_code == 200 and b"http://" in r.content and not UtmLink.objects.exists()


def test_preview_fragment(client, login, specialist, engagement):
    login(client, specialist)
    r = client.post(url("preview", engagement), {"base_url": "https://shop.example.ro/", "source": "Facebook",
                                                 "medium": "newsletter", "campaign": "Spring Sale"},
                    HTTP_HX_REQUEST="true")
    text = r.content.decode()
    assert r.status_code == 200 and "utm_source=Facebook" in text and "Referral" not in text
    assert "newsletter" in text and "facebook / newsletter / spring_sale" in text  # warning and suggestion
    bad = client.post(url("preview", engagement), {"base_url": "mailto:a@b.c"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and b"https://" in bad.content
    assert not UtmLink.objects.exists()


def test_edit_delete_and_foreign_link(client, login, specialist, workspace, engagement, outsider, other_workspace):
    link = services.create_link(actor=specialist, membership=m_of(specialist, workspace), engagement=engagement,
                                data=DATA)
    login(client, specialist)
    assert client.get(url("link-edit", engagement, link.uuid)).status_code == 200
    r = client.post(url("link-edit", engagement, link.uuid), {"base_url": "https://shop.example.ro/new",
                                                              "source": "instagram", "medium": "social",
                                                              "campaign": "spring"})
    assert r.status_code == 302
    link.refresh_from_db()
    assert link.url == "https://shop.example.ro/new?utm_source=instagram&utm_medium=social&utm_campaign=spring"
    import uuid

    assert client.get(url("link-edit", engagement, uuid.uuid4())).status_code == 404
    assert client.post(url("link-delete", engagement, link.uuid)).status_code == 302
    assert not UtmLink.objects.exists()


def test_export_csv(client, login, specialist, workspace, engagement):
    from dataclasses import replace

    services.create_link(actor=specialist, membership=m_of(specialist, workspace), engagement=engagement,
                         data=replace(DATA, name="=HYPERLINK(\"http://evil\")"))
    login(client, specialist)
    r = client.get(url("export", engagement))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["name", "campaign_url", "landing_page"]
    assert rows[1][0].startswith("'=") and rows[1][9] == "Organic Social"


def test_rule_page(client, login, owner, specialist, workspace):
    login(client, specialist)
    assert client.get(reverse("links:rule", args=[workspace.slug])).status_code == 403
    login(client, owner)
    r = client.post(reverse("links:rule", args=[workspace.slug]),
                    {"lowercase": "on", "separator": ".", "extra_mediums": "qr, print"})
    assert r.status_code == 302
    assert services.rule_of(workspace).separator == "." and UtmRule.objects.get().extra_mediums == ["qr", "print"]


def test_engagement_page_button(client, login, specialist, approver, engagement):
    login(client, specialist)
    detail = reverse("engagements:engagement-detail", args=[engagement.workspace.slug, engagement.uuid])
    assert url("library", engagement).encode() in client.get(detail).content
    login(client, approver)
    assert url("library", engagement).encode() not in client.get(detail).content


def test_library_query_count_is_constant(client, login, specialist, workspace, engagement):
    m = m_of(specialist, workspace)
    login(client, specialist)
    services.create_link(actor=specialist, membership=m, engagement=engagement, data=DATA)
    client.get(url("library", engagement))
    with CaptureQueriesContext(connection) as few:
        client.get(url("library", engagement))
    for _ in range(15):
        services.create_link(actor=specialist, membership=m, engagement=engagement, data=DATA)
    with CaptureQueriesContext(connection) as many:
        client.get(url("library", engagement))
    assert len(many) == len(few)


# --- API ------------------------------------------------------------------------------------------

def api_base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/links"


def test_api_lifecycle(api, specialist, owner, approver, engagement):
    me = api(specialist)
    r = me.post(api_base(engagement), {"base_url": "https://shop.example.ro/", "source": "Facebook",
                                       "medium": "cpc", "campaign": "Spring Sale", "apply_rule": True})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["source"] == "facebook" and body["channel_group"] == "Paid Social"
    one = api_base(engagement) + "/" + body["id"]
    assert me.get(one).json()["url"] == body["url"]
    r = me.patch(one, {"medium": "social"})
    assert r.status_code == 200 and r.json()["channel_group"] == "Organic Social" and r.json()["campaign"] == "spring_sale"
    assert [x["id"] for x in me.get(api_base(engagement)).json()] == [body["id"]]
    p = me.post(api_base(engagement) + "/preview", {"base_url": "https://a.example/", "source": "Google",
                                                    "medium": "organic", "campaign": ""})
    assert p.status_code == 200
    assert p.json()["channel_group"] == "Organic Search"
    assert {w["code"] for w in p.json()["warnings"]} == {"missing_campaign", "mixed_case"}
    assert p.json()["suggestion"]["source"] == "google"
    bad = me.post(api_base(engagement) + "/preview", {"base_url": "ftp://a.example/", "source": "x"})
    assert bad.status_code == 422 and bad.json()["field"] == "base_url"
    assert api(approver).get(api_base(engagement)).status_code == 403
    assert me.request("PUT", f"/workspaces/{engagement.workspace.slug}/links/rule",
                  {"lowercase": True, "separator": "-", "extra_mediums": []}).status_code == 403
    r = api(owner).request("PUT", f"/workspaces/{engagement.workspace.slug}/links/rule",
                       {"lowercase": False, "separator": "-", "extra_mediums": ["qr"]})
    assert r.status_code == 200 and r.json() == {"lowercase": False, "separator": "-", "extra_mediums": ["qr"]}
    assert me.get(f"/workspaces/{engagement.workspace.slug}/links/rule").json()["separator"] == "-"
    assert me.delete(one).status_code == 204 and me.get(one).status_code == 404


def test_api_refuses_bad_bodies_without_writing(api, specialist, engagement):
    me = api(specialist)
    for body in ({"base_url": "javascript:alert(1)", "source": "a", "medium": "b", "campaign": "c"},
                 {"base_url": "https://a.example/", "source": "a\x00", "medium": "b", "campaign": "c"},
                 {"base_url": "https://a.example/", "source": "", "medium": "b", "campaign": "c"},
                 [1, 2]):
        r = me.post(api_base(engagement), body)
        assert r.status_code == 422, (body, r.json())
    assert not UtmLink.objects.exists()


# --- the edit form round-trip (tests/test_form_roundtrip.py's helpers: posted back as rendered, then with one
# field changed, in every language) ---

@pytest.mark.parametrize("language", ["en", "ro", "ru"])
def test_edit_form_saves_as_rendered_and_with_one_change(client, login, specialist, workspace, engagement, language):
    from tests.test_form_roundtrip import errors_in, post_forms, submit

    link = services.create_link(actor=specialist, membership=m_of(specialist, workspace), engagement=engagement,
                                data=DATA)
    login(client, specialist)
    client.cookies["django_language"] = language
    page = url("link-edit", engagement, link.uuid)
    (form,) = [f for f in post_forms(client.get(page).content.decode(), page) if f.action.endswith("/edit/")]
    response, body = submit(client, form, {})
    assert response.status_code == 200 and not errors_in(body)
    link.refresh_from_db()
    assert (link.source, link.campaign) == ("Instagram", "Spring Sale")  # "apply the rule" is off when editing
    (form,) = [f for f in post_forms(client.get(page).content.decode(), page) if f.action.endswith("/edit/")]
    response, body = submit(client, form, {"content": "bio_link"})
    assert response.status_code == 200 and not errors_in(body)
    link.refresh_from_db()
    assert link.content == "bio_link" and link.url.endswith("utm_content=bio_link#top")


def test_api_booleans_are_strict(api, owner, specialist, engagement):
    """0 and "yes" are not booleans (schemathesis found them accepted)."""
    body = {"base_url": "https://a.example/", "source": "a", "medium": "cpc", "campaign": "c", "apply_rule": 0}
    assert api(specialist).post(api_base(engagement), body).status_code == 422
    r = api(owner).request("PUT", f"/workspaces/{engagement.workspace.slug}/links/rule",
                           {"lowercase": 0, "separator": "_", "extra_mediums": []})
    assert r.status_code == 422 and not UtmRule.objects.exists()
