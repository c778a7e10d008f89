"""The comments' part of ``cadence demo`` (order 900, after the boards, posts, KPIs and plans they talk about).

Every engagement gets conversations as its team and its client would have them, in the engagement's language
(Romanian and Russian in the demo; English for any other), written through the services, so the mentions are
checked and heard (``comment.mentioned``: the notifications turn them into the bell's entries):

* the client's ideas thread (the portal shows it): the client's approver proposes something to the manager,
  the manager answers mentioning the approver, and an internal team note (which the client never sees);
* a card on the board: the specialist asks the manager about it (the card's thread is the team's);
* a post the client reviews: the approver comments, the specialist answers; a draft post: an internal exchange;
* a KPI: the manager asks the specialist, who answers; the thread is then resolved;
* a plan section the client may read (a version submitted or approved): the approver's question and the
  manager's answer; while the plan is only a draft, a team note on it.

Comments are spread over the last days (``created_at`` moved back) so the threads read as they would.
Texts are demo data in the engagement's language, not interface text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from cadence.board import access as board_access
from cadence.board import queries as board_queries
from cadence.comments import access, services
from cadence.comments.models import Comment, Thread
from cadence.content import access as content_access
from cadence.core.demo import DemoWorkspace
from cadence.core.errors import DomainError
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.kpis import queries as kpi_queries
from cadence.plans import access as plan_access
from cadence.plans import queries as plan_queries

# (author key, text with {mention-key} placeholders, internal). Author keys: "manager", "specialist",
# "approver" (the engagement's client's approver).
Line = tuple[str, str, bool]

TEXTS: dict[str, dict[str, list[Line]]] = {
    "ro": {
        "ideas": [
            ("approver", "{manager} ne-ar plăcea o campanie pentru **Ziua Mamei**: reduceri și un concurs cu "
                         "fotografii de la clienți. Ce credeți?", False),
            ("manager", "{approver} idee foarte bună! Pregătim o propunere cu buget și calendar până vineri.", False),
            ("manager", "{specialist} atenție: bugetul lunii e aproape consumat, verifică orele înainte de "
                        "propunere.", True),
        ],
        "task": [
            ("specialist", "{manager} am terminat setările de urmărire; poți verifica evenimentele de conversie "
                           "în GA4 înainte să le activăm?", False),
            ("manager", "{specialist} verificat, arată bine. Mai adaugă evenimentul `add_to_cart`.", False),
        ],
        "post": [
            ("approver", "Textul e bun, dar vă rog să schimbați fotografia cu una din magazinul nou.", False),
            ("specialist", "{approver} sigur, încărcăm fotografia nouă până mâine.", False),
        ],
        "draft": [
            ("specialist", "{manager} ce zici de titlu? Mi se pare prea lung pentru Instagram.", True),
            ("manager", "De acord, scurtează-l la o singură frază.", True),
        ],
        "kpi": [
            ("manager", "{specialist} rata de clic a scăzut luna aceasta; poți testa două variante noi de "
                        "anunț?", False),
            ("specialist", "{manager} am pornit testul A/B, revin cu rezultate săptămâna viitoare.", False),
        ],
        "plan": [
            ("approver", "{manager} la strategie: putem pune accent mai mult pe clienții fideli?", False),
            ("manager", "{approver} da, adăugăm un obiectiv separat pentru clienții care revin.", False),
        ],
        "plan_draft": [
            ("manager", "{specialist} te rog completează analiza concurenților înainte să trimitem planul.", True),
        ],
    },
    "ru": {
        "ideas": [
            ("approver", "{manager} хотим запустить марафон к зимним каникулам: бесплатный пробный урок и "
                         "розыгрыш курса. Что скажете?", False),
            ("manager", "{approver} отличная идея! Подготовим предложение с бюджетом и сроками до пятницы.", False),
            ("manager", "{specialist} внимание: часы за месяц почти израсходованы, проверь перед оценкой.", True),
        ],
        "task": [
            ("specialist", "{manager} настроил отслеживание заявок; проверишь конверсии в GA4, прежде чем "
                           "включать?", False),
            ("manager", "{specialist} проверил, всё верно. Добавь ещё событие `sign_up`.", False),
        ],
        "post": [
            ("approver", "Текст хороший, но замените, пожалуйста, фото на снимок с нашего вебинара.", False),
            ("specialist", "{approver} конечно, загрузим новое фото завтра.", False),
        ],
        "draft": [
            ("specialist", "{manager} как тебе заголовок? По-моему, длинноват для Instagram.", True),
            ("manager", "Согласен, сократи до одной фразы.", True),
        ],
        "kpi": [
            ("manager", "{specialist} стоимость заявки выросла в этом месяце; протестируешь две новые "
                        "аудитории?", False),
            ("specialist", "{manager} запустил тест, результаты будут на следующей неделе.", False),
        ],
        "plan": [
            ("approver", "{manager} по стратегии: можно сделать больше упора на родителей учеников?", False),
            ("manager", "{approver} да, добавим отдельную цель для родителей.", False),
        ],
        "plan_draft": [
            ("manager", "{specialist} допиши, пожалуйста, анализ конкурентов, прежде чем отправим план.", True),
        ],
    },
    "en": {
        "ideas": [
            ("approver", "{manager} we would love a campaign for the spring sale: discounts and a photo contest "
                         "with our customers. What do you think?", False),
            ("manager", "{approver} great idea! We will send a proposal with a budget and dates by Friday.", False),
            ("manager", "{specialist} heads up: this month's hours are nearly used, check them before we "
                        "estimate.", True),
        ],
        "task": [
            ("specialist", "{manager} conversion tracking is set up; can you check the GA4 events before we turn "
                           "them on?", False),
            ("manager", "{specialist} checked, looks right. Please add the `add_to_cart` event too.", False),
        ],
        "post": [
            ("approver", "The copy is good, but please swap the photo for one of the new shop.", False),
            ("specialist", "{approver} of course, the new photo goes up tomorrow.", False),
        ],
        "draft": [
            ("specialist", "{manager} what about the headline? It feels too long for Instagram.", True),
            ("manager", "Agreed, cut it down to one sentence.", True),
        ],
        "kpi": [
            ("manager", "{specialist} the click-through rate dropped this month; can you test two new ads?", False),
            ("specialist", "{manager} the A/B test is running, results next week.", False),
        ],
        "plan": [
            ("approver", "{manager} on the strategy: can we put more weight on returning customers?", False),
            ("manager", "{approver} yes, we will add a separate objective for them.", False),
        ],
        "plan_draft": [
            ("manager", "{specialist} please finish the competitor analysis before we send the plan.", True),
        ],
    },
}


def _people(demo: DemoWorkspace, engagement: Any) -> dict[str, Any]:
    """The engagement's manager and specialist, and its client's approver (None when the client has none)."""
    users = demo.users
    approver = None
    for key, user in users.items():
        m = demo.memberships.get(user.pk)
        if key.endswith("-approver") and m is not None and key.split("-")[0] in demo.clients \
                and demo.clients[key.split("-")[0]].pk == engagement.client_id:
            approver = user
    specialist = users["specialist2"] if engagement.language == "ru" and "specialist2" in users else users["specialist"]
    return {"manager": users["manager"], "specialist": specialist, "approver": approver}


def _conversation(demo: DemoWorkspace, engagement: Any, kind: str, obj: Any, lines: list[Line], start: dt.datetime,
                  *, resolve: bool = False) -> int:
    people = _people(demo, engagement)
    written = 0
    when = start
    for author_key, text, internal in lines:
        author = people.get(author_key)
        if author is None:
            continue
        membership = demo.memberships[author.pk]
        mentions = {k: (f"@[{u.display_name}]({u.uuid})" if u is not None else "") for k, u in people.items()}
        try:
            target = access.target_of(membership, kind, obj)
            comment = services.add_comment(actor=author, membership=membership, target=target,
                                           body=text.format(**mentions).strip(), internal=internal)
        except DomainError:
            continue
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
        when += dt.timedelta(hours=3, minutes=17)
        written += 1
    if resolve and written:
        manager = people["manager"]
        membership = demo.memberships[manager.pk]
        target = access.target_of(membership, kind, obj)
        thread = access.find_thread(target)
        if thread is not None:
            services.set_resolved(actor=manager, membership=membership, thread=thread, target=target, resolved=True)
    return written


def _first_task(demo: DemoWorkspace, engagement: Any) -> Any:
    membership = demo.memberships[demo.users["manager"].pk]
    board = board_queries.board(membership, engagement)
    cards = [c for col in board.columns for c in col.cards]
    preferred = [c for c in cards if c.column in ("in_progress", "review")] or cards
    return board_access.get_task(engagement, preferred[0].uuid) if preferred else None


def _posts(demo: DemoWorkspace, engagement: Any) -> tuple[Any, Any]:
    membership = demo.memberships[demo.users["manager"].pk]
    posts = list(content_access.visible_posts(membership, engagement).order_by("publish_at", "id"))
    shown = next((p for p in posts if p.status in content_access.CLIENT_STATUSES), None)
    draft = next((p for p in posts if p.status not in content_access.CLIENT_STATUSES), None)
    return shown, draft


def build(demo: DemoWorkspace) -> str:
    owner = demo.memberships[demo.users["owner"].pk]
    now = timezone.now()
    counts: Mapping[str, int]
    totals = {"threads": 0, "comments": 0}
    for i, engagement in enumerate(visible_engagements(owner).filter(archived=False).order_by("start_date", "id")):
        texts = TEXTS.get(engagement.language, TEXTS["en"])
        start = now - dt.timedelta(days=6 - min(i, 5), hours=5)
        found: list[tuple[str, Any, list[Line], bool]] = [("engagement", engagement, texts["ideas"], False)]
        task = _first_task(demo, engagement)
        if task is not None:
            found.append(("task", task, texts["task"], False))
        shown, draft = _posts(demo, engagement)
        if shown is not None:
            found.append(("post", shown, texts["post"], False))
        if draft is not None:
            found.append(("post", draft, texts["draft"], False))
        kpis = kpi_queries.kpi_list(engagement)
        if kpis:
            found.append(("kpi", kpis[0], texts["kpi"], True))
        plan = plan_access.find_plan(engagement)
        if plan is not None:
            client_reads = plan_queries.client_version(plan) is not None
            found.append(("plan_section", (engagement, "strategy"),
                          texts["plan"] if client_reads else texts["plan_draft"], False))
        for n, (kind, obj, lines, resolve) in enumerate(found):
            written = _conversation(demo, engagement, kind, obj, lines, start + dt.timedelta(hours=7 * n),
                                    resolve=resolve)
            if written:
                totals["threads"] += 1
                totals["comments"] += written
    counts = totals
    internal = Comment.objects.filter(workspace=demo.workspace, internal=True).count()
    return f"{counts['threads']} comment threads ({counts['comments']} comments, {internal} internal)"


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): its threads with their comments and mentions."""
    Thread.objects.filter(workspace=workspace).delete()
