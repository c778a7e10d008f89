"""The meetings' part of ``cadence demo`` (order 445: after the KPIs, whose statuses the agenda links to, and
before the monthly reports, which list the month's meetings and decisions).

Each of the three client engagements (the bakery and the furniture shop in Romanian, the school's student
acquisition in Russian) gets what its account manager and the client would have by now:

* past meetings, closed, with an agenda (free text and a link to a plan section), minutes in Markdown,
  decisions and action items; the first action item of each became a card on the board, the rest wait for the
  manager's "make cards";
* an upcoming series "every second Tuesday" (six meetings, 10:00 on the engagement's clock) with the
  manager, the specialist and the client's approver, and (the furniture shop) an upcoming one-off meeting.

Texts are demo data in the engagement's language, not interface text. Everything goes through the services,
as the team would do it; no email is sent (the demo has no real inboxes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cadence.core.demo import DemoWorkspace
from cadence.core.models import Workspace
from cadence.engagements.access import visible_engagements
from cadence.engagements.queries import engagement_today
from cadence.meetings import services
from cadence.meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingSeries


@dataclass(frozen=True)
class Past:
    days_ago: int
    title: str
    agenda: tuple[str, ...]
    minutes: str
    decisions: tuple[str, ...]
    actions: tuple[tuple[str, str, int], ...]  # text, person key, due in days from the meeting


TEXTS: dict[str, dict[str, Any]] = {
    "ro": {
        "series": "Ședință de lucru (o dată la două săptămâni)",
        "one_off": "Revizuirea raportului lunar",
        "place": "Google Meet",
        "past": (
            Past(9, "Ședința de lansare", ("Obiectivele primei luni", "Accesul la conturi și materiale"),
                 "## Pe scurt\n\n- Clientul a prezentat produsele de sezon.\n- Am stabilit tonul comunicării: "
                 "**cald și local**.\n- Accesul la Meta Business și Google Analytics se acordă până vineri.",
                 ("Publicăm de trei ori pe săptămână pe Instagram și Facebook.",
                  "Bugetul de publicitate pentru prima lună rămâne cel din contract."),
                 (("Trimiterea fotografiilor cu produsele de sezon", "manager", 5),
                  ("Configurarea pixelului Meta pe site", "specialist", 7),
                  ("Calendarul de postări pentru primele două săptămâni", "specialist", 10))),
            Past(30, "Discuția despre planul de marketing", ("Analiza concurenților", "Bugetul pe canale"),
                 "## Concluzii\n\n1. Concurenții investesc mai ales în Google Ads.\n2. Clientul vrea mai multe "
                 "vânzări online, nu doar vizite în magazin.\n\nUrmătorul pas: versiunea finală a planului.",
                 ("Împărțim bugetul 60 % Meta Ads și 40 % Google Ads.",),
                 (("Actualizarea secțiunii de strategie din plan", "manager", 4),
                  ("Pregătirea a trei variante de reclame", "specialist", 9))),
        ),
    },
    "ru": {
        "series": "Рабочая встреча (раз в две недели)",
        "one_off": "Обсуждение ежемесячного отчёта",
        "place": "Zoom",
        "past": (
            Past(12, "Обзор кампаний за месяц", ("Результаты кампаний", "Набор на зимние курсы"),
                 "## Итоги\n\n- Стоимость заявки снизилась на 12 %.\n- Кампания в TikTok даёт много охвата, но "
                 "мало заявок.\n- Школа готовит **новый курс** к зимним каникулам.",
                 ("Перераспределяем 20 % бюджета из TikTok в Google Ads.",
                  "Запускаем лендинг зимнего курса до 15 числа."),
                 (("Подготовить лендинг зимнего курса", "specialist2", 6),
                  ("Обновить аудитории ремаркетинга", "specialist2", 8),
                  ("Согласовать тексты объявлений со школой", "manager", 4))),
            Past(40, "Квартальная встреча со школой", ("План на следующий квартал", "Отзывы студентов"),
                 "## Обсудили\n\n1. План на квартал одобрен.\n2. Школа пришлёт отзывы студентов для "
                 "публикаций.",
                 ("Публикуем один отзыв студента в неделю.",),
                 (("Собрать отзывы студентов", "manager", 7),
                  ("Шаблон поста с отзывом", "specialist", 10))),
        ),
    },
    "en": {
        "series": "Working session (every second week)",
        "one_off": "Monthly report review",
        "place": "Google Meet",
        "past": (
            Past(10, "Kick-off meeting", ("Goals of the first month", "Access to accounts and materials"),
                 "## In short\n\n- The client presented the season's products.\n- Tone of voice: **warm and "
                 "local**.\n- Access to Meta Business and Google Analytics by Friday.",
                 ("We post three times a week on Instagram and Facebook.",),
                 (("Send the photos of the season's products", "manager", 5),
                  ("Set up the Meta pixel on the website", "specialist", 7))),
        ),
    },
}

# (client key, engagement name, the person keys of the team who attend)
ENGAGEMENTS = (
    ("bakery", "Social media & local ads", ("manager", "specialist")),
    ("furniture", "Online shop growth", ("manager", "specialist")),
    ("school", "Student acquisition", ("manager", "specialist2")),
)


def delete(workspace: Workspace) -> None:
    """Before the demo workspace is deleted (``--reset``): the meetings with their items (the cards their
    action items became go with the boards)."""
    ActionItem.objects.filter(workspace=workspace).delete()
    Decision.objects.filter(workspace=workspace).delete()
    AgendaItem.objects.filter(workspace=workspace).delete()
    Meeting.objects.filter(workspace=workspace).delete()
    MeetingSeries.objects.filter(workspace=workspace).delete()


def _next_tuesday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(1 - day.weekday()) % 7 or 7)


def _past(spec: Past, engagement: Any, users: Mapping[str, Any], people: list[int], actor: Any, membership: Any,
          today: dt.date, start_date: dt.date) -> int:
    day = max(today - dt.timedelta(days=spec.days_ago), start_date)
    if day >= today:
        return 0
    meeting = services.create_meeting(actor=actor, membership=membership, engagement=engagement, title=spec.title,
                                      day=day, time="10:00", duration_minutes=60, place="", participants=people,
                                      video_url="https://meet.google.com/abc-defg-hij", invite=False)
    for i, text in enumerate(spec.agenda):
        services.add_agenda_item(actor=actor, membership=membership, meeting=meeting, text=text,
                                 ref="plan_section:objectives" if i == 0 else "")
    for text in spec.decisions:
        services.add_decision(actor=actor, membership=membership, meeting=meeting, text=text)
    items = [services.add_action_item(actor=actor, membership=membership, meeting=meeting, text=text,
                                      owner=users[who].pk, due=day + dt.timedelta(days=days))
             for text, who, days in spec.actions]
    services.actions_to_tasks(actor=actor, membership=membership, meeting=meeting, items=items[:1])
    services.close_meeting(actor=actor, membership=membership, meeting=meeting, minutes=spec.minutes, notify=False)
    return 1


def build(demo: DemoWorkspace) -> str:
    users: Mapping[str, Any] = demo.users
    actor = users["manager"]
    membership = demo.memberships[actor.pk]
    past = upcoming = 0
    for client_key, name, team in ENGAGEMENTS:
        client = demo.clients.get(client_key)
        if client is None:
            continue
        engagement = (visible_engagements(membership).filter(client=client, name=name, archived=False)
                      .select_related("workspace", "client").first())
        if engagement is None or Meeting.objects.filter(engagement=engagement).exists():
            continue
        texts = TEXTS.get(engagement.language, TEXTS["en"])
        approver = next((u for key, u in users.items() if key == f"{client_key}-approver"), None)
        people = [users[k].pk for k in team] + ([approver.pk] if approver is not None else [])
        today = engagement_today(engagement)
        for spec in texts["past"]:
            past += _past(spec, engagement, users, people, actor, membership, today, engagement.start_date)
        first = services.create_meeting(
            actor=actor, membership=membership, engagement=engagement, title=texts["series"],
            day=_next_tuesday(today), time="10:00", duration_minutes=45, place=texts["place"],
            video_url="https://meet.google.com/abc-defg-hij", participants=people, frequency="weekly", interval=2,
            weekday=1, count=6, invite=False)
        upcoming += Meeting.objects.filter(series=first.series).count()
        if client_key == "furniture":
            services.create_meeting(actor=actor, membership=membership, engagement=engagement,
                                    title=texts["one_off"], day=today + dt.timedelta(days=5), time="15:00",
                                    duration_minutes=30, place=texts["place"], participants=people, invite=False)
            upcoming += 1
    return f"{past} past meetings with minutes, {upcoming} upcoming (a series every second Tuesday per engagement)"
