# ruff: noqa: F811 (fixtures imported from exchange_fixtures and tests.api are the tests' arguments)
"""The scheduler CSV export and the CSV import through the services, the pages and the API: only approved and
scheduled posts of the range, the schedulers' limits refused with the post named, the dry run listing every
bad line, nothing imported until every line is valid, and one transaction through ``create_post``."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadence.content import exchange
from cadence.content.models import Post
from cadence.core.errors import DomainError
from cadence.core.models import AuditEntry
from cadence.links import services as link_services
from tests.api import api_fixture, fast_fixture  # noqa: F401
from tests.content.exchange_fixtures import at, m, post_in, today, users  # noqa: F401

pytestmark = pytest.mark.django_db

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
GOOD = ("channel,format,publish_date,publish_time,title,caption,hashtags,link\n"
        "instagram,image,2026-11-10,10:00,Cozonac,Cozonac cu nucă,#cozonac #craciun,\n"
        "facebook,,2026-11-11,18:30,,\"Comenzi pentru Crăciun\npână pe 20\",,\n")


def rows(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_export_takes_approved_and_scheduled_posts_of_the_range(m, engagement, post_in):
    a = post_in("approved", title="A", publish_at=at(dt.date(2026, 11, 2), 9, 0))
    s = post_in("scheduled", title="S", publish_at=at(dt.date(2026, 11, 30), 23, 55))
    post_in("in_review", title="R", publish_at=at(dt.date(2026, 11, 5)))
    post_in("published", title="P", publish_at=at(dt.date(2026, 11, 6)))
    post_in("scheduled", title="Dec", publish_at=at(dt.date(2026, 12, 1), 0, 0))
    post_in("draft", title="D")
    out = exchange.export_posts(membership=m["specialist"], engagement=engagement, fmt="generic", start=NOV[0],
                                end=NOV[1])
    got = rows(out.text)
    assert [r[-1] for r in got[1:]] == [str(a.uuid), str(s.uuid)] and out.count == 2
    assert got[2][2:4] == ["2026-11-30", "23:55"]
    hoot = exchange.export_posts(membership=m["specialist"], engagement=engagement, fmt="hootsuite", start=NOV[0],
                                 end=NOV[1])
    assert rows(hoot.text)[0][0] == "02/11/2026 09:00" and hoot.filename.endswith("-hootsuite-2026-11-01-2026-11-30.csv")


def test_export_refusals(m, engagement, post_in):
    post_in("scheduled", title="Odd minute", publish_at=at(dt.date(2026, 11, 2), 9, 3))
    with pytest.raises(exchange.RowsRefused) as e:
        exchange.export_posts(membership=m["manager"], engagement=engagement, fmt="hootsuite", start=NOV[0], end=NOV[1])
    assert e.value.refusals[0]["title"] == "Odd minute" and "multiple of 5" in e.value.refusals[0]["detail"]
    for kwargs in ({"fmt": "myspace"}, {"start": NOV[1], "end": NOV[0]},
                   {"start": dt.date(2026, 1, 1), "end": dt.date(2027, 6, 1)}):
        with pytest.raises(DomainError):
            exchange.export_posts(**{"membership": m["manager"], "engagement": engagement, "fmt": "generic",
                                     "start": NOV[0], "end": NOV[1], **kwargs})
    with pytest.raises(DomainError) as forbidden:
        exchange.export_posts(membership=m["approver"], engagement=engagement, fmt="generic", start=NOV[0], end=NOV[1])
    assert forbidden.value.code == "forbidden"


def test_dry_run_and_import(users, m, engagement, today):
    check = exchange.check_import(membership=m["manager"], engagement=engagement, data=GOOD.encode(), fmt="generic")
    assert check.valid and [r.line for r in check.rows] == [2, 3] and not Post.objects.exists()
    created = exchange.import_posts(actor=users["manager"], membership=m["manager"], engagement=engagement,
                                    data=GOOD.encode(), fmt="generic")
    assert [(p.channel, p.status, p.hashtags) for p in created] == [("instagram", "draft", ["cozonac", "craciun"]),
                                                                    ("facebook", "draft", [])]
    assert created[1].publish_at == dt.datetime(2026, 11, 11, 16, 30, tzinfo=dt.UTC)
    assert AuditEntry.objects.filter(action="content.imported", thread=engagement.uuid).exists()


def test_import_checks_networks_hashtags_and_links_and_imports_nothing(users, m, engagement, today):
    link = link_services.create_link(actor=users["manager"], membership=m["manager"], engagement=engagement,
                                     data=link_services.LinkData(base_url="https://shop.example.ro/",
                                                                 source="instagram", medium="social", campaign="c"))
    text = ("channel,format,publish_date,publish_time,caption,hashtags,link\n"
            f"instagram,image,2026-11-10,10:00,fine,,{link.url}\n"
            f"x,image,2026-11-10,10:00,{'x' * 300},,\n"
            "youtube,image,2026-11-10,10:00,wrong format,,\n"
            "instagram,image,2026-11-10,10:00,bad tags,#ok #not-a-tag,\n"
            "instagram,image,2026-11-10,10:00,foreign link,,https://elsewhere.example/\n"
            "bogus,image,2026-11-10,10:00,unknown,,\n")
    check = exchange.check_import(membership=m["manager"], engagement=engagement, data=text.encode(), fmt="generic")
    assert not check.valid and [r.line for r in check.rows] == [2]
    assert [(e.line, e.field) for e in check.errors] == [(3, "caption"), (4, "format"), (5, "hashtags"), (6, "link"),
                                                         (7, "channel")]
    with pytest.raises(exchange.RowsRefused) as e:
        exchange.import_posts(actor=users["manager"], membership=m["manager"], engagement=engagement,
                              data=text.encode(), fmt="generic")
    assert [r["line"] for r in e.value.refusals] == [3, 4, 5, 6, 7]
    assert not Post.objects.exists()
    ok = text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n"
    (post,) = exchange.import_posts(actor=users["manager"], membership=m["manager"], engagement=engagement,
                                    data=ok.encode(), fmt="generic")
    assert post.link_id == link.pk


def test_import_is_for_managers(users, m, engagement, today):
    for who in ("specialist", "approver"):
        with pytest.raises(DomainError) as e:
            exchange.check_import(membership=m[who], engagement=engagement, data=GOOD.encode(), fmt="generic")
        assert e.value.code == "forbidden"


# --- pages ----------------------------------------------------------------------------------------

def page(name, engagement):
    return reverse(f"content:{name}", args=[engagement.workspace.slug, engagement.uuid])


@pytest.mark.parametrize("lang", ["en", "ro", "ru"])
def test_export_page(client, login, specialist, approver, engagement, post_in, lang):
    post_in("scheduled", publish_at=at(dt.date(2026, 11, 2), 9, 0))
    login(client, specialist)
    client.cookies["django_language"] = lang
    assert client.get(page("export", engagement)).status_code == 200
    r = client.get(page("export", engagement), {"format": "sprout", "start": "2026-11-01", "end": "2026-11-30"})
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert rows(r.content.decode())[1][:2] == ["02/11/2026", "09:00"]
    bad = client.get(page("export", engagement), {"format": "sprout", "start": "2026-11-30", "end": "2026-11-01"})
    assert bad.status_code == 200 and "attachment" not in bad.get("Content-Disposition", "")
    login(client, approver)
    assert client.get(page("export", engagement)).status_code == 403


def test_export_page_lists_refused_posts(client, login, specialist, engagement, post_in):
    post_in("scheduled", title="Odd minute", publish_at=at(dt.date(2026, 11, 2), 9, 3))
    login(client, specialist)
    r = client.get(page("export", engagement), {"format": "hootsuite", "start": "2026-11-01", "end": "2026-11-30"})
    assert r.status_code == 200 and "Odd minute" in r.content.decode()


def test_import_page_dry_run_then_import(client, login, manager, specialist, engagement, today):
    login(client, specialist)
    assert client.get(page("import", engagement)).status_code == 403
    login(client, manager)
    assert client.get(page("import", engagement)).status_code == 200
    r = client.post(page("import", engagement), {"format": "generic", "action": "check",
                                                 "file": SimpleUploadedFile("p.csv", GOOD.encode("cp1250"))})
    assert r.status_code == 200 and not Post.objects.exists()
    upload = r.context["upload"]
    assert upload and r.context["check"].valid
    r = client.post(page("import", engagement), {"format": "generic", "action": "import", "upload": upload})
    assert r.status_code == 302 and Post.objects.filter(status="draft").count() == 2


def test_import_page_lists_bad_lines(client, login, manager, engagement, today):
    login(client, manager)
    bad = GOOD + "instagram,image,2026-13-01,10:00,,bad,,\n"
    r = client.post(page("import", engagement), {"format": "generic", "action": "import",
                                                 "file": SimpleUploadedFile("p.csv", bad.encode())})
    assert r.status_code == 200 and not Post.objects.exists()
    assert [x["line"] for x in r.context["refusals"]] == [5]  # line 3 holds a two-line caption
    r = client.post(page("import", engagement), {"format": "generic", "action": "check",
                                                 "file": SimpleUploadedFile("p.csv", b"\x00\x01garbage")})
    assert r.status_code == 200 and r.context["form"].errors
    r = client.post(page("import", engagement), {"format": "generic", "action": "import", "upload": "expired"})
    assert r.status_code == 200 and r.context["form"].errors and not Post.objects.exists()


# --- API ------------------------------------------------------------------------------------------

def api_base(engagement):
    return f"/workspaces/{engagement.workspace.slug}/engagements/{engagement.uuid}/calendar"


def test_export_api(api, specialist, approver, engagement, post_in):
    post_in("scheduled", publish_at=at(dt.date(2026, 11, 2), 9, 0))
    r = api(specialist).get(api_base(engagement) + "/export", {"format": "hootsuite", "start": "2026-11-01",
                                                                "end": "2026-11-30"})
    assert r.status_code == 200 and rows(r.content.decode())[0][0] == "02/11/2026 09:00"
    assert api(approver).get(api_base(engagement) + "/export").status_code == 403
    bad = api(specialist).get(api_base(engagement) + "/export", {"format": "myspace"})
    assert bad.status_code == 422


def test_import_api(api, manager, engagement, today):
    me = api(manager)
    url = "/api/v1" + api_base(engagement) + "/import"
    r = me.client.post(url, {"file": SimpleUploadedFile("p.csv", GOOD.encode()), "format": "generic"}, **me.headers)
    assert r.status_code == 200 and r.json()["valid"] and len(r.json()["rows"]) == 2 and not Post.objects.exists()
    bad = GOOD + "myspace,image,2026-11-10,10:00,x,,\n"
    r = me.client.post(url, {"file": SimpleUploadedFile("p.csv", bad.encode()), "commit": "true"}, **me.headers)
    assert r.status_code == 400 and r.json()["code"] == "import_refused" and r.json()["refusals"][0]["line"] == 5
    assert not Post.objects.exists()
    r = me.client.post(url, {"file": SimpleUploadedFile("p.csv", GOOD.encode()), "commit": "true"}, **me.headers)
    assert r.status_code == 201 and r.json()["created"] == 2 and Post.objects.count() == 2
    assert me.client.post(url, {}, **me.headers).status_code == 400
    r = me.client.post(url, {"file": SimpleUploadedFile("p.csv", GOOD.encode()), "commit": "yes"}, **me.headers)
    assert r.status_code == 422 and r.json()["field"] == "commit" and Post.objects.count() == 2
