"""The portal's test world: an engagement with a plan version in review, posts in review (and a draft the
client must not see), a report sent; helpers to read a page's links and forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from cadence.core.models import Membership

TZ = ZoneInfo("Europe/Bucharest")
TODAY = dt.date(2026, 10, 14)


def membership_of(user: Any, workspace: Any) -> Membership:
    return Membership.objects.select_related("workspace").get(user=user, workspace=workspace)


def make_engagement(workspace: Any, client: Any, owner: Any, name: str) -> Any:
    from cadence.engagements import services
    from cadence.engagements.models import ProcessTemplate

    template = ProcessTemplate.objects.get(workspace=workspace, key="retainer")
    return services.create_engagement(
        actor=owner, workspace=workspace, client=client, template=template, name=name,
        start_date=dt.date(2026, 9, 7), monthly_hours=Decimal(40), country="RO", time_zone="Europe/Bucharest",
        currency="EUR", language="ro", close_after_days=60)


def submit_plan(engagement: Any, owner: Any) -> Any:
    from cadence.plans import services as plans

    m = membership_of(owner, engagement.workspace)
    plan = plans.ensure_plan(actor=owner, engagement=engagement)
    plans.save_brief(actor=owner, membership=m, plan=plan, answers={"brief.products": "Pâine cu maia"},
                     revisions={"brief.products": None})
    plans.create_record(actor=owner, membership=m, plan=plan, kind="competitor", data={"name": "Rival bakery"})
    plans.submit(actor=owner, membership=m, plan=plan)
    return plan


def post(engagement: Any, specialist: Any, title: str, *, review: bool = True, day: int = 20) -> Any:
    from cadence.content import services as content

    m = membership_of(specialist, engagement.workspace)
    row = content.create_post(actor=specialist, membership=m, engagement=engagement, data=content.PostData(
        channel="instagram", format="image", title=title, caption=f"{title}: caldă în fiecare dimineață.",
        hashtags=["paine"], publish_at=dt.datetime(2026, 10, day, 10, 0, tzinfo=TZ)))
    if review:
        row = content.set_status(actor=specialist, membership=m, post=row, status="in_review")
    return row


def meeting(engagement: Any, owner: Any, title: str = "Întâlnire lunară", days: int = 10) -> Any:
    from cadence.core import clock
    from cadence.meetings import services as meetings

    day = clock.now().date() + dt.timedelta(days=days)
    return meetings.create_meeting(actor=owner, membership=membership_of(owner, engagement.workspace),
                                   engagement=engagement, day=day, time=dt.time(10, 0), title=title,
                                   invite=False)


def idea(engagement: Any, user: Any, body: str, *, internal: bool = False) -> Any:
    """A comment on the engagement's ideas thread (kind "engagement")."""
    from cadence.comments import access as comment_access
    from cadence.comments import services as comments

    m = membership_of(user, engagement.workspace)
    target = comment_access.target_of(m, "engagement", engagement)
    return comments.add_comment(actor=user, membership=m, target=target, body=body, internal=internal)


def send_report(engagement: Any, owner: Any) -> Any:
    from cadence.reports.models import MonthlyReport, ReportDelivery

    report = MonthlyReport.objects.create(workspace=engagement.workspace, engagement=engagement,
                                          month=dt.date(2026, 9, 1), status="sent", narrative="September")
    row = ReportDelivery(workspace=engagement.workspace, report=report, language="ro", subject="Raport",
                         recipients=[], pdf_sha256="0" * 64)
    row.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 portal"), save=False)
    row.save()
    return row


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def world(clock, media, workspace, owner, specialist, approver, viewer, engagement, other_client):
    clock.set(TODAY)
    plan = submit_plan(engagement, owner)
    clock.set(TODAY + dt.timedelta(days=1))
    first = post(engagement, specialist, "Pâinea cu maia")
    second = post(engagement, specialist, "Cornulețe", day=21)
    draft = post(engagement, specialist, "Ciornă internă", review=False)
    delivery = send_report(engagement, owner)
    next_meeting = meeting(engagement, owner)
    idea(engagement, owner, "Nota internă a echipei", internal=True)
    idea(engagement, approver, "Idee: o ofertă pentru Crăciun")
    hidden = make_engagement(workspace, other_client, owner, "Mango hidden retainer")
    post(hidden, specialist, "Mango post")
    clock.set(TODAY + dt.timedelta(days=4))
    return {"plan": plan, "first": first, "second": second, "draft": draft, "delivery": delivery,
            "hidden": hidden, "meeting": next_meeting}


class Page(HTMLParser):
    """A page's links (``href``) and forms (action, method, fields, first submit button, file inputs)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {},
                          "button": None, "files": []}
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            if a.get("type") == "file":
                self._form["files"].append(a["name"])
            elif a.get("type") == "submit":
                self._form["button"] = self._form["button"] or (a["name"], a.get("value", ""))
            elif a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self._form["fields"][a["name"]] = a.get("value", "")
        elif self._form is not None and tag == "button" and a.get("name"):
            self._form["button"] = self._form["button"] or (a["name"], a.get("value", ""))
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._form["fields"][a["name"]] = ""
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
        elif self._form is not None and tag == "option" and self._select is not None:
            self._form["fields"].setdefault(self._select, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
