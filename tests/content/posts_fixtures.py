"""Fixtures of the posts helper's tests (services, API, demo): members by role, a post factory, the engagement's
time zone (Europe/Bucharest) and a day in its second month."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cadence.content import services
from cadence.core.models import AuditEntry, Membership

TODAY = dt.date(2026, 10, 14)
TZ = ZoneInfo("Europe/Bucharest")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def membership_of(user, workspace) -> Membership:
    return Membership.objects.select_related("workspace").get(user=user, workspace=workspace)


@pytest.fixture
def today(clock):
    clock.set(TODAY)
    return TODAY


@pytest.fixture
def m(workspace, owner, manager, specialist, approver, viewer) -> dict[str, Membership]:
    users = {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}
    return {name: membership_of(user, workspace) for name, user in users.items()}


@pytest.fixture
def users(owner, manager, specialist, approver, viewer):
    return {"owner": owner, "manager": manager, "specialist": specialist, "approver": approver, "viewer": viewer}


def data(**kw) -> services.PostData:
    base = {"channel": "instagram", "format": "image", "title": "Pâinea cu maia",
            "caption": "Pâinea noastră cu maia, caldă în fiecare dimineață.", "hashtags": ["paine", "cluj"],
            "publish_at": at(dt.date(2026, 10, 20))}
    base.update(kw)
    return services.PostData(**base)


@pytest.fixture
def make_post(users, m, engagement):
    def _make(who="specialist", **kw):
        return services.create_post(actor=users[who], membership=m[who], engagement=engagement, data=data(**kw))

    return _make


@pytest.fixture
def in_review(make_post, users, m):
    def _in_review(**kw):
        post = make_post(**kw)
        return services.set_status(actor=users["specialist"], membership=m["specialist"], post=post,
                                   status="in_review")

    return _in_review


@pytest.fixture
def approved(in_review, users, m):
    def _approved(**kw):
        return services.approve(actor=users["approver"], membership=m["approver"], post=in_review(**kw))

    return _approved


def actions(engagement) -> list[str]:
    return list(AuditEntry.objects.filter(thread=engagement.uuid)
                .filter(action__regex=r"^(post|content)\.").order_by("id").values_list("action", flat=True))


@pytest.fixture
def pass_gate(owner, engagement):
    from cadence.engagements import services as es

    def _pass(key, on=dt.date(2026, 9, 20)):
        gate = engagement.gates.get(key=key)
        phase = engagement.phases.get(key=gate.after_phase)
        if not phase.time_entries.exists():  # a gate passes after its phase has started
            es.log_time(actor=owner, membership=membership_of(owner, engagement.workspace), engagement=engagement,
                        phase=phase, date=on, hours=1, note="start")
        return es.record_gate(actor=owner, gate=gate, passed_on=on, approved_by="Ion Popescu, director")

    return _pass


@pytest.fixture
def image(engagement, owner):
    """A file row of the engagement (the posts only reference files; their bytes are the files app's)."""
    from cadence.files.models import EngagementFile

    def _image(name="foto.jpg", of=None):
        target = of or engagement
        return EngagementFile.objects.create(workspace_id=target.workspace_id, engagement=target, name=name,
                                             kind="image", content_type="image/jpeg", extension=".jpg", size=1000,
                                             sha256="0" * 64, blob=f"test/{name}", uploaded_by=owner)

    return _image
