"""The notifications' part of ``cadence demo`` (order 900, after every app whose services emit events).

Each demo person finds a few notifications, some already read: the owner and the manager hours at 80 %, a KPI
that worsened, a report sent and a gate passed; the specialists tasks assigned and due tomorrow and a mention;
the clients' approvers a plan version and posts waiting for their approval; the viewers a mention. Titles and
excerpts are the objects' own words, in their engagement's language (Romanian for the bakery and the furniture
maker, Russian for the school); the sentences around them are worded in each reader's language when shown.

The events the other apps' demo builders emitted are heard after the demo's transaction commits: they become
notifications already read and are never emailed (``services.quietly``), so building the demo sends no email.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from cadence.core import clock
from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.notifications import services
from cadence.notifications.domain.kinds import DEFAULTS
from cadence.notifications.models import Digest, DueReminder, Notification


@dataclass(frozen=True)
class Item:
    person: str  # a demo person's key
    client: str  # the client whose first engagement (by start) it is about
    kind: str
    title: str
    page: str  # URL name of the page it links to (workspace slug and engagement uuid as arguments)
    hours_ago: int
    read: bool = False
    actor: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _month(hours_ago: int) -> str:
    return (clock.now() - dt.timedelta(hours=hours_ago)).date().isoformat()[:7]


ITEMS: tuple[Item, ...] = (
    # the owner (English)
    Item("owner", "school", "hours.threshold", "Student acquisition", "engagements:engagement-detail", 5,
         data={"level": 80}),
    Item("owner", "furniture", "report.sent", "Online shop growth", "reports:list", 50, read=True, actor="manager"),
    Item("owner", "bakery", "gate.passed", "Cercetare finalizată", "engagements:engagement-detail", 30, read=True,
         actor="manager"),
    # the account manager
    Item("manager", "furniture", "kpi.status_worsened", "CTR reclame catalog", "kpis:list", 3,
         data={"old": "on_track", "new": "at_risk"}),
    Item("manager", "school", "hours.threshold", "Student acquisition", "engagements:engagement-detail", 5,
         data={"level": 80}),
    Item("manager", "bakery", "plan.changes_requested", "Social media & local ads", "plans:plan-overview", 26,
         read=True, actor="bakery-approver", data={"version": 1, "section": "objectives"}),
    Item("manager", "furniture", "post.approved", "Bucătăria Nordic — fotografii din showroom", "content:calendar-list",
         9, actor="furniture-approver"),
    Item("manager", "school", "comment.mentioned", "Открытый урок по математике", "content:calendar-list", 2,
         actor="specialist2", data={"target": "post", "excerpt": "@Andrei Rusu, согласуйте, пожалуйста, дату урока."}),
    # the specialists
    Item("specialist", "bakery", "task.assigned", "Fotografii cozonac pentru postarea de Crăciun", "board:board", 4,
         actor="manager"),
    Item("specialist", "bakery", "task.due_tomorrow", "Program postări decembrie", "board:board", 1),
    Item("specialist", "furniture", "comment.mentioned", "Reclame catalog Facebook", "kpis:list", 20, read=True,
         actor="manager", data={"target": "kpi", "excerpt": "@Maria Ceban înlocuim randările 3D cu fotografii reale?"}),
    Item("specialist", "furniture", "post.changes_requested", "Mese extensibile din stejar", "content:calendar-list",
         28, read=True, actor="furniture-approver"),
    Item("specialist2", "school", "task.assigned", "Видео-отзывы учеников для Meta", "board:board", 6, actor="manager"),
    Item("specialist2", "school", "import.finished", "meta_ads_noiembrie.csv", "engagements:engagement-detail", 22,
         read=True),
    # the clients' approvers and viewers
    Item("bakery-approver", "bakery", "post.review_requested", "Oferta de Crăciun: cozonac cu nucă",
         "content:calendar-list", 7, actor="specialist"),
    Item("bakery-approver", "bakery", "plan.submitted", "Social media & local ads", "plans:plan-overview", 30,
         read=True, actor="manager", data={"version": 1}),
    Item("bakery-viewer", "bakery", "comment.mentioned", "Brief", "plans:plan-overview", 8, actor="manager",
         data={"target": "engagement", "excerpt": "@Radu Marin ne puteți trimite fotografiile vitrinei?"}),
    Item("furniture-approver", "furniture", "post.review_requested", "Dormitorul Codru: reducere 15 %",
         "content:calendar-list", 2, actor="specialist"),
    Item("school-approver", "school", "post.review_requested", "Открытый урок по математике", "content:calendar-list",
         3, actor="specialist2"),
    Item("school-approver", "school", "plan.submitted", "Marketing plan 2027 (SOSTAC)", "plans:plan-overview", 27,
         read=True, actor="manager", data={"version": 1}),
    Item("school-viewer", "school", "comment.mentioned", "Расписание пробных уроков", "engagements:engagement-detail",
         10, actor="manager", data={"target": "engagement", "excerpt": "@Олег Ким посмотрите, пожалуйста, декабрь."}),
)


def build(demo: DemoWorkspace) -> str:
    workspace = demo.workspace
    services.quietly(workspace)  # the other apps' demo events: history, never emailed
    owner = demo.users["owner"]
    first: dict[int, Any] = {}
    for engagement in visible_engagements(demo.memberships[owner.pk]).order_by("start_date", "id"):
        first.setdefault(engagement.client_id, engagement)
    now = clock.now()
    rows = []
    for item in ITEMS:
        user = demo.users.get(item.person)
        client = demo.clients.get(item.client)
        about = first.get(client.pk) if client is not None else None
        if user is None or about is None or item.kind not in DEFAULTS:
            continue
        actor = demo.users.get(item.actor) if item.actor else None
        at = now - dt.timedelta(hours=item.hours_ago)
        data = dict(item.data)
        if item.kind in ("hours.threshold", "report.sent"):
            data.setdefault("month", _month(item.hours_ago if item.kind == "hours.threshold" else 24 * 20))
        rows.append(Notification(
            workspace=workspace, user=user, event_id=uuid.uuid4(), kind=item.kind, engagement=about,
            actor=actor, title=item.title, url=reverse(item.page, args=[workspace.slug, about.uuid]),
            data=data, channel="email" if DEFAULTS[item.kind].value == "email" else "app", created_at=at,
            read_at=at + dt.timedelta(hours=1) if item.read else None,
            emailed_at=at if DEFAULTS[item.kind].value == "email" else None))
    Notification.objects.bulk_create(rows)
    unread = sum(1 for r in rows if r.read_at is None)
    return f"{len(rows)} notifications ({unread} unread) for every role"


def delete(workspace: Workspace) -> None:
    Notification.objects.filter(workspace=workspace).delete()
    Digest.objects.filter(workspace=workspace).delete()
    DueReminder.objects.filter(workspace=workspace).delete()
